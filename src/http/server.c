#include "http/server.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <jansson.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "alerts/alerts.h"
#include "core/text.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/cache.h"
#include "http/reply.h"
#include "http/multipart.h"
#include "http/router.h"
#include "http/visits.h"
#include "kpi/report.h"
#include "mail/mail.h"
#include "pages/pages.h"
#include "sync/sync.h"

#define SHUTDOWN_GRACE_S 4
#define VISITS_FLUSH_S 5

/* Bytes of a reply handed to the kernel in one write (a cached search page
 * is about 30 KB; larger replies go out over several loop turns). */
#define REPLY_MAX_SINGLE_WRITE (256 * 1024)
/* Access-log lines are written when this many bytes are pending (below
 * PIPE_BUF, so that a write to a pipe is atomic) or after a second. */
#define LOG_FLUSH_BYTES 3072

struct worker {
	const struct app *app;
	pthread_t thread;
	struct event_base *base;
	struct evhttp *http;
	struct evhttp_bound_socket *bound;
	struct event *stop_ev;
	struct event *drain_ev;
	struct event *flush_ev;
	struct db *db;
	struct visits visits;
	struct page_cache cache;
	int in_flight;		/* replies not yet fully written */
	struct buf log;		/* access-log lines not yet written */
	struct event *log_ev;	/* writes them out every second */
	time_t clock_at;	/* the second the strings below are for */
	char now[17], today[11], log_time[32];
	unsigned char id_prefix[4];	/* random per worker: request ids differ across workers and restarts */
	uint32_t id_seq;		/* then a counter: no system call per request */
	time_t stop_deadline;
};

void server_config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof *c);
	c->host = "127.0.0.1";
	c->port = 8080;
	c->threads = 2;
	c->body_limit = 1 << 20;
	c->upload_limit = 10 << 20;
	c->header_limit = 16 << 10;
	c->timeout_s = 30;
	c->registrations_per_hour = 20;
	c->questions_per_hour = 5;
	c->mail_retry_s = 60;
	c->sync_interval_min = 30;
	c->alerts_per_hour = 10;
	c->alerts_interval_min = ALERTS_INTERVAL_MIN;
}

static void on_complete(struct evhttp_request *ev, void *arg)
{
	(void)ev;
	struct worker *w = arg;
	w->in_flight--;
}

/* The request's submitted fields as a lookup for params_validate(). */
static const char *field_lookup(void *ctx, const char *name)
{
	return req_field(ctx, name);
}

static int is_state_changing(int method)
{
	return method == EVHTTP_REQ_POST || method == EVHTTP_REQ_PUT ||
	       method == EVHTTP_REQ_DELETE;
}

/* Appends key=value to q. Unlike evhttp_add_header() it accepts values
 * with line breaks (a question's text); evhttp_clear_headers() frees it. */
static int kv_append(struct evkeyvalq *q, const char *key, const char *value)
{
	struct evkeyval *kv = calloc(1, sizeof *kv);
	if (!kv || !(kv->key = strdup(key)) || !(kv->value = strdup(value))) {
		if (kv)
			free(kv->key);
		free(kv);
		return -1;
	}
	kv->next.tqe_next = NULL;
	kv->next.tqe_prev = q->tqh_last;
	*q->tqh_last = kv;
	q->tqh_last = &kv->next.tqe_next;
	return 0;
}

/* Copies the top-level scalar members of a JSON object body into r->form,
 * so JSON and form submissions are validated alike. */
static int json_to_form(struct request *r, const char *body, size_t n)
{
	json_error_t e;
	json_t *j = json_loadb(body, n, JSON_REJECT_DUPLICATES, &e), *v;
	const char *key;
	if (!json_is_object(j)) {
		json_decref(j);
		return req_fail(r, 400, "the body is not a JSON object");
	}
	json_object_foreach(j, key, v) {
		char num[64];
		const char *s = NULL;
		if (json_is_string(v))
			s = json_string_value(v);
		else if (json_is_integer(v))
			snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v)), s = num;
		else if (json_is_boolean(v))
			s = json_is_true(v) ? "true" : "false";
		if (s && kv_append(&r->form, key, s) < 0) {
			json_decref(j);
			return req_fail(r, 500, "out of memory");
		}
	}
	json_decref(j);
	return 0;
}

/* Decodes a form-encoded or JSON body into r->form; other bodies are left
 * to the handler. Returns 0 or an HTTP error status. */
static int parse_body(struct request *r)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(r->ev);
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->ev),
					    "Content-Type");
	size_t n = evbuffer_get_length(in);
	int rc = 0;
	if (!n || !ct)
		return 0;
	char *body = (char *)evbuffer_pullup(in, -1);
	if (!text_utf8_valid(body, n) && strncasecmp(ct, "multipart/", 10))
		return req_fail(r, 400, "the submitted text is not valid UTF-8");
	if (!strncasecmp(ct, "application/x-www-form-urlencoded", 33)) {
		char *copy = strndup(body, n);
		if (!copy)
			return req_fail(r, 500, "out of memory");
		if (!text_percent_valid(copy) || evhttp_parse_query_str(copy, &r->form) < 0)
			rc = req_fail(r, 400, "malformed form data");
		free(copy);
		for (struct evkeyval *kv = r->form.tqh_first; !rc && kv; kv = kv->next.tqe_next)
			if (!text_utf8_valid(kv->value, strlen(kv->value)))
				rc = req_fail(r, 400, "the submitted text is not valid UTF-8");
	} else if (!strncasecmp(ct, "application/json", 16)) {
		rc = json_to_form(r, body, n);
	} else if (!strncasecmp(ct, "multipart/form-data", 19)) {
		rc = multipart_parse(r, ct, body, n);
	}
	return rc;
}

/* Decodes and checks the request line: path and query must be well-formed
 * percent-encoding of UTF-8 text. Returns 0 or an HTTP error status. */
static int parse_target(struct request *r)
{
	const struct evhttp_uri *u = evhttp_request_get_evhttp_uri(r->ev);
	const char *path = u ? evhttp_uri_get_path(u) : NULL;
	const char *query = u ? evhttp_uri_get_query(u) : NULL;
	size_t n = 0;
	if (!path || !*path)
		path = "/";
	if (!text_percent_valid(path) || (query && !text_percent_valid(query)))
		return req_fail(r, 400, "malformed percent-encoding in the address");
	r->path = evhttp_uridecode(path, 0, &n);
	if (!r->path)
		return req_fail(r, 500, "out of memory");
	if (strlen(r->path) != n || !text_utf8_valid(r->path, n))
		return req_fail(r, 400, "the address is not valid UTF-8 text");
	if (query && evhttp_parse_query_str(query, &r->query) < 0)
		return req_fail(r, 400, "malformed query string");
	for (struct evkeyval *kv = r->query.tqh_first; kv; kv = kv->next.tqe_next) {
		if (!text_utf8_valid(kv->key, strlen(kv->key)) ||
		    !text_utf8_valid(kv->value, strlen(kv->value)))
			return req_fail(r, 400, "the query is not valid UTF-8 text");
	}
	return 0;
}

/* Reads the display-preference cookies into r. */
static void read_prefs(struct request *r)
{
	char v[16];
	if (req_cookie(r, "ll_size", v, sizeof v) == 0)
		r->text_size = !strcmp(v, "xlarge") ? SIZE_XLARGE
			       : !strcmp(v, "large") ? SIZE_LARGE : SIZE_NORMAL;
	if (req_cookie(r, "ll_contrast", v, sizeof v) == 0)
		r->high_contrast = !strcmp(v, "high");
	if (req_cookie(r, "ll_lang", v, sizeof v) < 0 || i18n_parse(v, &r->lang) < 0)
		r->lang = i18n_negotiate(evhttp_find_header(
			evhttp_request_get_input_headers(r->ev), "Accept-Language"));
}

/* The worker's wall clock, formatted once a second rather than for every
 * request: r->now, r->today and the access log's time. */
static void set_clock(struct worker *w, struct request *r)
{
	time_t now = time(NULL);
	if (now != w->clock_at) {
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(w->now, sizeof w->now, "%Y-%m-%d %H:%M", &tm);
		strftime(w->today, sizeof w->today, "%Y-%m-%d", &tm);
		strftime(w->log_time, sizeof w->log_time, "%d/%b/%Y:%H:%M:%S %z", &tm);
		w->clock_at = now;
	}
	memcpy(r->now, w->now, sizeof r->now);
	memcpy(r->today, w->today, sizeof r->today);
	r->log_time = w->log_time;
}

/* Checks the request's fields against the route's table into r->in.
 * Returns 0, or 400 with the reason set. */
static int validate_fields(struct request *r)
{
	struct buf err = BUF_INIT;
	int rc = params_validate(r->route->params, field_lookup, r, r->in, &err);
	if (rc < 0)
		rc = req_fail(r, 400, "%s", buf_cstr(&err));
	buf_free(&err);
	return rc < 0 ? 400 : rc;
}

/* Validates the fields and runs the route's handler, or answers from the
 * worker's page cache when the page is cacheable and nothing changed
 * since it was made. A hit skips validation: only a 200 reply is stored,
 * so the same address passed it before. */
static int run_handler(struct request *r, struct page_cache *cache)
{
	long long version = 0;
	struct buf key = BUF_INIT;
	int rc;
	if (!(r->route->flags & ROUTE_CACHE) || !req_is_get(r) || r->staff.user_id ||
	    db_scalar(r->db, &version, ST_DATA_VERSION, "") != 1) {
		rc = validate_fields(r);
		return rc ? rc : r->route->handler(r);
	}
	version += cache->own_writes << 32;
	cache_key(r, &key);
	if (cache_get(cache, r, buf_cstr(&key), version)) {
		r->cache_result = "hit";
		buf_free(&key);
		return 0;
	}
	r->cache_result = "miss";
	rc = validate_fields(r);
	if (rc == 0)
		rc = r->route->handler(r);
	if (rc == 0 && !r->uncacheable)
		cache_put(cache, r, buf_cstr(&key), version);
	buf_free(&key);
	return rc;
}

/* Finds the route, checks role and fields, runs the handler. Returns 0
 * when r->out holds the reply, else an error status. */
static int route_request(struct request *r, struct page_cache *cache)
{
	int rc = parse_target(r);
	if (rc)
		return rc;
	int allowed;
	r->route = router_match_token(r->method, r->path, &r->path_id, r->path_token, &allowed);
	/* evhttp reads bodies up to the larger upload limit; only the routes
	 * of file forms may use it, the others keep the general limit */
	if (!(r->route && (r->route->flags & ROUTE_UPLOAD)) &&
	    evbuffer_get_length(evhttp_request_get_input_buffer(r->ev)) > r->app->cfg.body_limit)
		return req_fail(r, 413, "%s", tr(r, "送出的資料太大。"));
	if (!r->route) {
		r->route = NULL;
		if (!allowed)
			return req_fail(r, 405, "method not allowed");
		if (!strncmp(r->path, "/static/", 8))
			return static_file(r);
		return req_fail(r, 404, "no such page: %s", r->path);
	}
	if (session_load(r) < 0)
		return req_fail(r, 500, "session lookup failed");
	if (r->role < r->route->role) {
		if (!r->staff.user_id && !(r->route->flags & ROUTE_API) && req_is_get(r)) {
			struct buf to = BUF_INIT;
			buf_puts(&to, "/login?back=");
			html_url_param(&to, r->uri);
			rc = req_redirect(r, buf_cstr(&to));
			buf_free(&to);
			return rc;
		}
		/* a form posted after the session ran out keeps what was typed */
		if (!r->staff.user_id && !(r->route->flags & ROUTE_API) &&
		    r->method == EVHTTP_REQ_POST) {
			rc = parse_body(r);
			return rc ? rc : page_login_resume(r);
		}
		return req_fail(r, 403, "%s", tr(r, "您沒有權限使用這個頁面。"));
	}
	if (is_state_changing(r->method)) {
		if ((rc = parse_body(r)) != 0)
			return rc;
		if (!(r->route->flags & ROUTE_NO_CSRF) && csrf_check(r) < 0)
			return req_fail(r, 403, "%s",
					tr(r, "表單已過期或來源不明，請重新整理頁面後再送出。"));
	}
	rc = run_handler(r, cache);
	if (is_state_changing(r->method))
		cache->own_writes++;	/* whatever it changed, pages may differ */
	return rc;
}

static void dispatch(struct evhttp_request *ev, void *arg)
{
	struct worker *w = arg;
	struct request r;
	memset(&r, 0, sizeof r);
	r.query.tqh_first = NULL;
	r.query.tqh_last = &r.query.tqh_first;
	r.form.tqh_first = NULL;
	r.form.tqh_last = &r.form.tqh_first;
	r.ev = ev;
	r.app = w->app;
	r.db = w->db;
	r.method = evhttp_request_get_command(ev);
	r.uri = evhttp_request_get_uri(ev);
	r.status = 200;
	r.log_sink = &w->log;
	unsigned char rid[8];
	uint32_t seq = ++w->id_seq;
	memcpy(rid, w->id_prefix, 4);
	for (int i = 0; i < 4; i++)
		rid[4 + i] = (unsigned char)(seq >> (24 - 8 * i));
	sodium_bin2hex(r.id, sizeof r.id, rid, sizeof rid);
	set_clock(w, &r);
	read_prefs(&r);

	w->in_flight++;
	evhttp_request_set_on_complete_cb(ev, on_complete, w);
	int rc = route_request(&r, &w->cache);
	if (rc)
		render_error(&r, rc);
	/* libevent writes at most 16 KiB per turn by default: a 30 KB page
	 * would take two writes and two loop turns */
	struct evhttp_connection *conn = evhttp_request_get_connection(ev);
	struct bufferevent *bev = conn ? evhttp_connection_get_bufferevent(conn) : NULL;
	if (bev)
		bufferevent_set_max_single_write(bev, REPLY_MAX_SINGLE_WRITE);
	send_reply(&r);
	if (w->log.len >= LOG_FLUSH_BYTES)
		log_write(&w->log);
	visits_count(&w->visits, w->db, &r);

	free(r.path);
	evhttp_clear_headers(&r.query);
	evhttp_clear_headers(&r.form);
	multipart_free(r.uploads);
	buf_free(&r.out);
	buf_free(&r.error);
}

static void drain_check(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct worker *w = arg;
	if (w->in_flight <= 0 || time(NULL) >= w->stop_deadline)
		event_base_loopbreak(w->base);
}

/* Runs on the worker's own loop when the main thread asks it to stop. */
static void stop_worker(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct worker *w = arg;
	if (w->bound) {
		evhttp_del_accept_socket(w->http, w->bound);
		w->bound = NULL;
	}
	w->stop_deadline = time(NULL) + SHUTDOWN_GRACE_S;
	struct timeval tick = {0, 20000};
	w->drain_ev = event_new(w->base, -1, EV_PERSIST, drain_check, w);
	if (!w->drain_ev)
		event_base_loopbreak(w->base);
	else
		event_add(w->drain_ev, &tick);
}

static void flush_visits(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct worker *w = arg;
	visits_flush(&w->visits, w->db);
}

static void flush_log(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct worker *w = arg;
	if (w->log.len)
		log_write(&w->log);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	event_base_dispatch(w->base);
	flush_log(-1, 0, w);
	if (visits_flush(&w->visits, w->db) < 0)
		fprintf(stderr, "lifelong: could not save the last page-view counts\n");
	return NULL;
}

/* Creates and binds a TCP socket to host:port (0: any free port), with
 * SO_REUSEPORT when shared is set; listens when listening is set. Returns
 * the socket, with the port bound in *bound_port, or -1 after printing why. */
static evutil_socket_t bind_socket(const char *host, int port, int shared, int listening,
				   int *bound_port)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE | AI_NUMERICSERV};
	struct addrinfo *res = NULL;
	char portstr[16];
	snprintf(portstr, sizeof portstr, "%d", port);
	int gai = getaddrinfo(host, portstr, &hints, &res);
	if (gai) {
		fprintf(stderr, "lifelong: %s: %s\n", host, gai_strerror(gai));
		return -1;
	}
	evutil_socket_t fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC, 0);
	int one = 1;
	/* TCP_NODELAY (inherited by accepted sockets on Linux): a reply's last
	 * small segment must not wait for the client's delayed ACK (~40 ms) */
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    (shared && setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one) < 0) ||
	    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one) < 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) < 0 ||
	    (listening && (listen(fd, 512) < 0 || evutil_make_socket_nonblocking(fd) < 0))) {
		fprintf(stderr, "lifelong: cannot listen on %s:%d: %s\n", host, port,
			strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	freeaddrinfo(res);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	*bound_port = port;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		char serv[16];
		if (getnameinfo((struct sockaddr *)&ss, sl, NULL, 0, serv, sizeof serv,
				NI_NUMERICSERV) == 0)
			*bound_port = atoi(serv);
	}
	return fd;
}

/* Opens one listening socket per worker on host:port (0: a free port,
 * written to *bound_port), all on the same port with SO_REUSEPORT, so
 * that the kernel spreads new connections over the workers instead of
 * the first worker to wake taking them all. A plain bind first makes sure
 * no other program (another lifelong included) has the port: sharing it
 * with them would be silent. Returns 0, or -1 with every socket closed. */
static int open_listeners(const char *host, int port, evutil_socket_t *fds, int n,
			  int *bound_port)
{
	evutil_socket_t probe = bind_socket(host, port, 0, 0, bound_port);
	if (probe < 0)
		return -1;
	close(probe);
	for (int i = 0; i < n; i++) {
		int p = 0;
		fds[i] = bind_socket(host, *bound_port, 1, 1, &p);
		if (fds[i] < 0) {
			while (i-- > 0)
				close(fds[i]);
			return -1;
		}
	}
	return 0;
}

/* Sets up one worker: its loop, evhttp and DB connection. */
static int worker_init(struct worker *w, const struct app *app, evutil_socket_t fd, int first)
{
	const struct server_config *c = &app->cfg;
	w->app = app;
	randombytes_buf(w->id_prefix, sizeof w->id_prefix);
	if (db_open(&w->db, c->db_path, first ? DB_OPEN_MIGRATE : 0) < 0)
		return -1;
	/* The epoll change list folds the add/modify/delete of a connection's
	 * events within one loop turn into one epoll_ctl; it is unsafe only
	 * with dup()ed descriptors, which the server never makes. */
	struct event_config *ec = event_config_new();
	if (!ec || event_config_set_flag(ec, EVENT_BASE_FLAG_EPOLL_USE_CHANGELIST) < 0) {
		if (ec)
			event_config_free(ec);
		return -1;
	}
	w->base = event_base_new_with_config(ec);
	event_config_free(ec);
	w->http = w->base ? evhttp_new(w->base) : NULL;
	if (!w->http)
		return -1;
	evhttp_set_max_body_size(w->http, (ev_ssize_t)(c->upload_limit > c->body_limit
						       ? c->upload_limit : c->body_limit));
	evhttp_set_max_headers_size(w->http, (ev_ssize_t)c->header_limit);
	evhttp_set_timeout(w->http, c->timeout_s);
	evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD |
				   EVHTTP_REQ_POST | EVHTTP_REQ_DELETE | EVHTTP_REQ_PUT);
	evhttp_set_default_content_type(w->http, "text/html; charset=utf-8");
	evhttp_set_gencb(w->http, dispatch, w);
	w->bound = evhttp_accept_socket_with_handle(w->http, fd);
	w->stop_ev = event_new(w->base, -1, 0, stop_worker, w);
	w->flush_ev = event_new(w->base, -1, EV_PERSIST, flush_visits, w);
	w->log_ev = event_new(w->base, -1, EV_PERSIST, flush_log, w);
	struct timeval every = {VISITS_FLUSH_S, 0}, second = {1, 0};
	if (!w->bound || !w->stop_ev || !w->flush_ev || !w->log_ev ||
	    visits_init(&w->visits) < 0)
		return -1;
	return event_add(w->flush_ev, &every) < 0 || event_add(w->log_ev, &second) < 0 ? -1 : 0;
}

static void worker_free(struct worker *w)
{
	if (w->drain_ev)
		event_free(w->drain_ev);
	if (w->stop_ev)
		event_free(w->stop_ev);
	if (w->flush_ev)
		event_free(w->flush_ev);
	if (w->log_ev)
		event_free(w->log_ev);
	buf_free(&w->log);
	cache_free(&w->cache);
	visits_free(&w->visits);
	if (w->http)
		evhttp_free(w->http);
	if (w->base)
		event_base_free(w->base);
	db_close(w->db);
}

/* Loads the database's secret key (made on first use); it keys the hashes
 * of client addresses. Returns 0 or -1. */
static int load_secret(struct app *app, struct db *db)
{
	struct dbq q;
	char hex[65] = "";
	size_t n = 0;
	if (db_query(db, &q, ST_META_GET, "t", "secret") == 0 && db_next(&q) == 1)
		snprintf(hex, sizeof hex, "%s", db_text(&q, 0));
	db_done(&q);
	if (strlen(hex) != 64) {
		randombytes_buf(app->secret, sizeof app->secret);
		sodium_bin2hex(hex, sizeof hex, app->secret, sizeof app->secret);
		return db_exec(db, ST_META_SET, "tt", "secret", hex);
	}
	return sodium_hex2bin(app->secret, sizeof app->secret, hex, 64, NULL, &n, NULL) == 0 &&
	       n == sizeof app->secret ? 0 : -1;
}

/* Sets app->data_dir (the --data folder, else "<database minus .db>-files"
 * beside the database) and makes it and its attachments/ folder, private
 * to the server's user. Returns 0 or -1 (message on stderr). */
static int prepare_data_dir(struct app *app, const struct server_config *c)
{
	char sub[4200];
	if (c->data_dir && *c->data_dir) {
		snprintf(app->data_dir, sizeof app->data_dir, "%s", c->data_dir);
	} else {
		size_t n = strlen(c->db_path);
		if (n > 3 && !strcmp(c->db_path + n - 3, ".db"))
			n -= 3;
		snprintf(app->data_dir, sizeof app->data_dir, "%.*s-files", (int)n, c->db_path);
	}
	snprintf(sub, sizeof sub, "%s/attachments", app->data_dir);
	if ((mkdir(app->data_dir, 0700) < 0 && errno != EEXIST) ||
	    (mkdir(sub, 0700) < 0 && errno != EEXIST)) {
		fprintf(stderr, "lifelong: cannot make the data folder %s: %s\n", sub,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* Loads what every page shows of the city from the database. */
static void load_city(struct app *app, struct db *db)
{
	static const struct {
		const char *key;
		size_t off;
	} keys[] = {{"name_zh", offsetof(struct app, city_zh)},
		    {"name_en", offsetof(struct app, city_en)},
		    {"timezone", offsetof(struct app, timezone)}};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		struct dbq q;
		char *dst = (char *)app + keys[i].off;
		if (db_query(db, &q, ST_META_GET, "t", keys[i].key) == 0 && db_next(&q) == 1)
			snprintf(dst, sizeof app->city_zh, "%s", db_text(&q, 0));
		db_done(&q);
	}
	/* Session times are the city's wall clock; set it before any thread
	 * starts, so localtime_r() needs no further locking. */
	if (app->timezone[0]) {
		setenv("TZ", app->timezone, 1);
		tzset();
	}
}

int server_run(const struct server_config *c)
{
	struct app app;
	struct worker *ws = NULL;
	struct mailer *mailer = NULL;
	struct syncer *syncer = NULL;
	struct notifier *notifier = NULL;
	int nthreads = c->threads < 1 ? 1 : c->threads > 64 ? 64 : c->threads;
	int rc = -1, started = 0, port = 0, nfds = 0;
	evutil_socket_t *fds = NULL;	/* listening sockets not yet given to a worker */
	sigset_t sigs;

	memset(&app, 0, sizeof app);
	app.cfg = *c;
	if (sodium_init() < 0 || evthread_use_pthreads() < 0 || assets_load(&app.assets) < 0)
		return -1;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (prepare_data_dir(&app, c) < 0)
		goto out;
	multipart_init();
	ws = calloc((size_t)nthreads, sizeof *ws);
	fds = calloc((size_t)nthreads, sizeof *fds);
	if (!ws || !fds || open_listeners(c->host, c->port, fds, nthreads, &port) < 0)
		goto out;
	nfds = nthreads;
	snprintf(app.origin, sizeof app.origin, strchr(c->host, ':') ? "http://[%s]:%d" : "http://%s:%d",
		 c->host, port);
	for (int i = 0; i < nthreads; i++) {
		rc = worker_init(&ws[i], &app, fds[i], i == 0);
		if (ws[i].bound)
			fds[i] = -1;	/* the worker's evhttp owns it now */
		if (rc < 0)
			goto out;
	}
	rc = -1;
	load_city(&app, ws[0].db);
	if (load_secret(&app, ws[0].db) < 0)
		goto out;
	if (mailer_start(&mailer, c) < 0) {
		fprintf(stderr, "lifelong: cannot start the mail sender\n");
		goto out;
	}
	if (syncer_start(&syncer, c->db_path, c->sync_interval_min, c->feed_timeout_s) < 0) {
		fprintf(stderr, "lifelong: cannot start the feed sync\n");
		goto out;
	}
	if (notifier_start(&notifier, c->db_path, app.origin, c->alerts_interval_min) < 0) {
		fprintf(stderr, "lifelong: cannot start the alerts notifier\n");
		goto out;
	}
	for (; started < nthreads; started++)
		if (pthread_create(&ws[started].thread, NULL, worker_main, &ws[started]))
			break;
	printf("lifelong: listening on http://%s:%d/ (%d threads)\n", c->host, port, started);
	fflush(stdout);
	if (started == nthreads) {
		int sig = 0;
		sigwait(&sigs, &sig);
		fprintf(stderr, "lifelong: signal %d, finishing requests\n", sig);
		rc = 0;
	}
	for (int i = 0; i < started; i++)
		event_active(ws[i].stop_ev, 0, 0);
	for (int i = 0; i < started; i++)
		pthread_join(ws[i].thread, NULL);
out:
	notifier_stop(notifier);	/* after the pass in progress, if any */
	syncer_stop(syncer);	/* a transfer in progress is abandoned within a second */
	mailer_stop(mailer);
	for (int i = 0; ws && i < nthreads; i++)
		worker_free(&ws[i]);
	free(ws);
	for (int i = 0; i < nfds; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	free(fds);
	assets_free(&app.assets);
	libevent_global_shutdown();
	multipart_shutdown();
	report_pdf_cleanup();	/* cairo's and fontconfig's caches (kpi/report.h) */
	if (rc == 0)
		fprintf(stderr, "lifelong: stopped\n");
	return rc;
}
