#include "http/server.h"

#include <errno.h>
#include <stddef.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <event2/util.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/text.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/router.h"
#include "http/visits.h"
#include "pages/pages.h"

#define SHUTDOWN_GRACE_S 4
#define VISITS_FLUSH_S 5

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
	int in_flight;		/* replies not yet fully written */
	time_t stop_deadline;
};

void server_config_defaults(struct server_config *c)
{
	memset(c, 0, sizeof *c);
	c->host = "127.0.0.1";
	c->port = 8080;
	c->threads = 2;
	c->body_limit = 1 << 20;
	c->header_limit = 16 << 10;
	c->timeout_s = 30;
}

static void on_complete(struct evhttp_request *ev, void *arg)
{
	(void)ev;
	struct worker *w = arg;
	w->in_flight--;
}

/* The request's query string as a lookup for params_validate(). */
static const char *query_lookup(void *ctx, const char *name)
{
	return req_query(ctx, name);
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

static void set_clock(struct request *r)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(r->now, sizeof r->now, "%Y-%m-%d %H:%M", &tm);
	strftime(r->today, sizeof r->today, "%Y-%m-%d", &tm);
}

/* Finds the route, checks role and fields, runs the handler. Returns 0
 * when r->out holds the reply, else an error status. */
static int route_request(struct request *r)
{
	int rc = parse_target(r);
	if (rc)
		return rc;
	int allowed;
	r->route = router_match(r->method, r->path, &r->path_id, &allowed);
	if (!r->route) {
		r->route = NULL;
		if (!allowed)
			return req_fail(r, 405, "method not allowed");
		if (!strncmp(r->path, "/static/", 8))
			return static_file(r);
		return req_fail(r, 404, "no such page: %s", r->path);
	}
	if (r->role < r->route->role)
		return req_fail(r, 403, "you are not allowed to see this page");
	struct buf err = BUF_INIT;
	rc = params_validate(r->route->params, query_lookup, r, r->in, &err);
	if (rc < 0) {
		rc = req_fail(r, 400, "%s", buf_cstr(&err));
		buf_free(&err);
		return rc;
	}
	buf_free(&err);
	return r->route->handler(r);
}

static void dispatch(struct evhttp_request *ev, void *arg)
{
	struct worker *w = arg;
	struct request r;
	memset(&r, 0, sizeof r);
	r.query.tqh_first = NULL;
	r.query.tqh_last = &r.query.tqh_first;
	r.ev = ev;
	r.app = w->app;
	r.db = w->db;
	r.method = evhttp_request_get_command(ev);
	r.uri = evhttp_request_get_uri(ev);
	r.status = 200;
	unsigned char rid[8];
	randombytes_buf(rid, sizeof rid);
	sodium_bin2hex(r.id, sizeof r.id, rid, sizeof rid);
	set_clock(&r);
	read_prefs(&r);

	w->in_flight++;
	evhttp_request_set_on_complete_cb(ev, on_complete, w);
	int rc = route_request(&r);
	if (rc)
		render_error(&r, rc);
	send_reply(&r);
	visits_count(&w->visits, w->db, &r);

	free(r.path);
	evhttp_clear_headers(&r.query);
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

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	event_base_dispatch(w->base);
	if (visits_flush(&w->visits, w->db) < 0)
		fprintf(stderr, "lifelong: could not save the last page-view counts\n");
	return NULL;
}

/* Creates, binds and listens on host:port; returns the socket or -1. */
static evutil_socket_t open_listener(const char *host, int port, int *bound_port)
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
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) < 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 512) < 0 ||
	    evutil_make_socket_nonblocking(fd) < 0) {
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

/* Sets up one worker: its loop, evhttp and DB connection. */
static int worker_init(struct worker *w, const struct app *app, evutil_socket_t fd, int first)
{
	const struct server_config *c = &app->cfg;
	w->app = app;
	if (db_open(&w->db, c->db_path, first ? DB_OPEN_MIGRATE : 0) < 0)
		return -1;
	w->base = event_base_new();
	w->http = w->base ? evhttp_new(w->base) : NULL;
	if (!w->http)
		return -1;
	evhttp_set_max_body_size(w->http, (ev_ssize_t)c->body_limit);
	evhttp_set_max_headers_size(w->http, (ev_ssize_t)c->header_limit);
	evhttp_set_timeout(w->http, c->timeout_s);
	evhttp_set_allowed_methods(w->http, EVHTTP_REQ_GET | EVHTTP_REQ_HEAD |
				   EVHTTP_REQ_POST | EVHTTP_REQ_DELETE | EVHTTP_REQ_PUT);
	evhttp_set_default_content_type(w->http, "text/html; charset=utf-8");
	evhttp_set_gencb(w->http, dispatch, w);
	w->bound = evhttp_accept_socket_with_handle(w->http, fd);
	w->stop_ev = event_new(w->base, -1, 0, stop_worker, w);
	w->flush_ev = event_new(w->base, -1, EV_PERSIST, flush_visits, w);
	struct timeval every = {VISITS_FLUSH_S, 0};
	if (!w->bound || !w->stop_ev || !w->flush_ev || visits_init(&w->visits) < 0)
		return -1;
	return event_add(w->flush_ev, &every);
}

static void worker_free(struct worker *w)
{
	if (w->drain_ev)
		event_free(w->drain_ev);
	if (w->stop_ev)
		event_free(w->stop_ev);
	if (w->flush_ev)
		event_free(w->flush_ev);
	visits_free(&w->visits);
	if (w->http)
		evhttp_free(w->http);
	if (w->base)
		event_base_free(w->base);
	db_close(w->db);
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
	int nthreads = c->threads < 1 ? 1 : c->threads > 64 ? 64 : c->threads;
	int rc = -1, started = 0, port = 0;
	evutil_socket_t fd = -1;
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

	fd = open_listener(c->host, c->port, &port);
	ws = calloc((size_t)nthreads, sizeof *ws);
	if (fd < 0 || !ws)
		goto out;
	for (int i = 0; i < nthreads; i++)
		if (worker_init(&ws[i], &app, fd, i == 0) < 0)
			goto out;
	load_city(&app, ws[0].db);
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
	for (int i = 0; ws && i < nthreads; i++)
		worker_free(&ws[i]);
	free(ws);
	if (fd >= 0)
		close(fd);
	assets_free(&app.assets);
	libevent_global_shutdown();
	if (rc == 0)
		fprintf(stderr, "lifelong: stopped\n");
	return rc;
}
