#include "http/reply.h"

#include <errno.h>
#include <event2/buffer.h>
#include <event2/http.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "http/cache.h"
#include "http/router.h"
#include "http/server.h"

int req_fail(struct request *r, int status, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&r->error);
	va_start(ap, fmt);
	buf_vprintf(&r->error, fmt, ap);
	va_end(ap);
	/* Strip the trailing newline that list-style messages end with. */
	while (r->error.len && r->error.data[r->error.len - 1] == '\n')
		r->error.data[--r->error.len] = '\0';
	if (status >= 500)
		fprintf(stderr, "lifelong: [%s] error %d: %s\n", r->id, status,
			buf_cstr(&r->error));
	return status;
}

void req_header(struct request *r, const char *name, const char *value)
{
	evhttp_add_header(evhttp_request_get_output_headers(r->ev), name, value);
}

const char *req_query(struct request *r, const char *name)
{
	return evhttp_find_header(&r->query, name);
}

/* The cookie name as sent: with the __Host- prefix over TLS. */
static void cookie_name(const struct request *r, const char *name, char *out, size_t n)
{
	snprintf(out, n, "%s%s", r->app && r->app->cfg.secure_cookies ? "__Host-" : "", name);
}

void req_set_cookie(struct request *r, const char *name, const char *value, long max_age,
		    int http_only)
{
	char full[64], line[512], age[48] = "";
	r->uncacheable = 1;
	cookie_name(r, name, full, sizeof full);
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	snprintf(line, sizeof line, "%s=%s; Path=/; SameSite=Lax%s%s%s", full, value, age,
		 http_only ? "; HttpOnly" : "",
		 r->app && r->app->cfg.secure_cookies ? "; Secure" : "");
	req_header(r, "Set-Cookie", line);
}

const char *req_field(struct request *r, const char *name)
{
	if (r->method == EVHTTP_REQ_POST || r->method == EVHTTP_REQ_PUT ||
	    r->method == EVHTTP_REQ_DELETE)
		return evhttp_find_header(&r->form, name);
	return evhttp_find_header(&r->query, name);
}

int req_cookie(struct request *r, const char *base, char *out, size_t n)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->ev), "Cookie");
	char name[64];
	cookie_name(r, base, name, sizeof name);
	size_t nl = strlen(name);
	while (h && *h) {
		h += strspn(h, " ;");
		const char *end = h + strcspn(h, ";");
		if (!strncmp(h, name, nl) && h[nl] == '=') {
			size_t vl = (size_t)(end - (h + nl + 1));
			if (vl >= n)
				return -1;
			memcpy(out, h + nl + 1, vl);
			out[vl] = '\0';
			return 0;
		}
		h = end;
	}
	return -1;
}

int req_redirect(struct request *r, const char *path)
{
	if (!path || path[0] != '/' || path[1] == '/' || path[1] == '\\' ||
	    strpbrk(path, "\r\n"))
		path = "/";
	req_header(r, "Location", path);
	r->status = 303;
	buf_reset(&r->out);
	r->content_type = "text/plain; charset=utf-8";
	buf_printf(&r->out, "See %s\n", path);
	return 0;
}

int req_is_get(const struct request *r)
{
	return r->method == EVHTTP_REQ_GET || r->method == EVHTTP_REQ_HEAD;
}

static int dump_cb(const char *p, size_t n, void *arg)
{
	return buf_append(arg, p, n);
}

int reply_json(struct request *r, json_t *j)
{
	if (!j)
		return req_fail(r, 500, "out of memory building JSON");
	int rc = json_dump_callback(j, dump_cb, &r->out, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(j);
	if (rc < 0 || buf_failed(&r->out))
		return req_fail(r, 500, "cannot encode JSON");
	buf_puts(&r->out, "\n");
	r->content_type = "application/json";
	return 0;
}

int static_file(struct request *r)
{
	const struct asset *a = assets_find(&r->app->assets, r->path);
	if (!a || !req_is_get(r))
		return req_fail(r, 404, "no such file");
	buf_append(&r->out, a->file->data, a->file->size);
	r->content_type = a->content_type;
	r->cache_control = "public, max-age=31536000, immutable";
	return 0;
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 303: return "See Other";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return "";
	}
}

static void free_body(const void *data, size_t len, void *arg)
{
	(void)len;
	(void)arg;
	free((void *)data);
}

/* Copies s into out (when out is not NULL) with every private-link token
 * — a run of exactly 32 lowercase hex digits after '/' or '=' and before
 * the end, '/', '?', '&' or '#' — written as "[token]", so that whoever
 * reads the log cannot open someone's registration, case or alert, or a
 * set-password link. Returns how many tokens there were. */
static int redact_tokens(struct buf *out, const char *s)
{
	int found = 0;
	const char *p = s;
	while (*p) {
		size_t n = 0;
		if (p > s && (p[-1] == '/' || p[-1] == '='))
			n = strspn(p, "0123456789abcdef");
		if (n == 32 && strchr("/?&#", p[n])) {
			if (out)
				buf_puts(out, "[token]");
			found++;
			p += n;
			continue;
		}
		if (out)
			buf_append(out, p, n ? n : 1);
		p += n ? n : 1;
	}
	return found;
}

/* Writes one combined-format access-log line, with the request id: into
 * r->log_sink when the worker collects lines, else straight to stderr. */
static void access_log(struct request *r, size_t bytes)
{
	struct evhttp_connection *conn = evhttp_request_get_connection(r->ev);
	struct evkeyvalq *in = evhttp_request_get_input_headers(r->ev);
	const char *ref = evhttp_find_header(in, "Referer");
	const char *ua = evhttp_find_header(in, "User-Agent");
	const char *meth;
	switch (r->method) {
	case EVHTTP_REQ_GET: meth = "GET"; break;
	case EVHTTP_REQ_HEAD: meth = "HEAD"; break;
	case EVHTTP_REQ_POST: meth = "POST"; break;
	case EVHTTP_REQ_PUT: meth = "PUT"; break;
	case EVHTTP_REQ_DELETE: meth = "DELETE"; break;
	default: meth = "OTHER"; break;
	}
	char *host = NULL;
	ev_uint16_t port = 0;
	if (conn)
		evhttp_connection_get_peer(conn, &host, &port);
	char when[40];
	if (r->log_time) {
		snprintf(when, sizeof when, "%s", r->log_time);
	} else {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S %z", &tm);
	}
	struct buf own = BUF_INIT;
	struct buf *line = r->log_sink ? r->log_sink : &own;
	buf_printf(line, "%s - - [%s] \"%s ", host ? host : "-", when, meth);
	redact_tokens(line, r->uri ? r->uri : "-");
	buf_printf(line, " HTTP/1.1\" %d %zu \"", r->status, bytes);
	redact_tokens(line, ref ? ref : "-");
	buf_printf(line, "\" \"%s\" rid=%s\n", ua ? ua : "-", r->id);
	if (!r->log_sink)
		log_write(&own);
	buf_free(&own);
}

int log_write(struct buf *lines)
{
	size_t done = 0;
	int rc = 0;
	while (done < lines->len) {
		ssize_t n = write(STDERR_FILENO, lines->data + done, lines->len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = -1;
			break;
		}
		done += (size_t)n;
	}
	buf_reset(lines);
	return rc;
}

void send_reply(struct request *r)
{
	struct evkeyvalq *h = evhttp_request_get_output_headers(r->ev);
	evhttp_add_header(h, "Content-Type",
			  r->content_type ? r->content_type : "text/html; charset=utf-8");
	evhttp_add_header(h, "Cache-Control", r->cache_control ? r->cache_control : "no-cache");
	/* pages are in the interface language: ll_lang cookie, else Accept-Language */
	if (!r->content_type || !strncmp(r->content_type, "text/html", 9)) {
		evhttp_add_header(h, "Content-Language", i18n_code(r->lang));
		evhttp_add_header(h, "Vary", "Accept-Language, Cookie");
	}
	evhttp_add_header(h, "X-Request-Id", r->id);
	if (r->cache_result)
		evhttp_add_header(h, "X-Cache", r->cache_result);
	evhttp_add_header(h, "X-Content-Type-Options", "nosniff");
	/* a page at a private link sends no Referer at all, not even to this
	 * site: its address is the credential */
	evhttp_add_header(h, "Referrer-Policy",
			  r->uri && redact_tokens(NULL, r->uri) ? "no-referrer"
								: "strict-origin-when-cross-origin");
	evhttp_add_header(h, "Content-Security-Policy",
			  "default-src 'self'; img-src 'self' data:; object-src 'none'; "
			  "base-uri 'none'; frame-ancestors 'none'; form-action 'self'");
	if (buf_failed(&r->out)) {
		buf_free(&r->out);
		r->status = 500;
		buf_puts(&r->out, "out of memory\n");
	}
	size_t len = 0;
	struct evbuffer *ob = evhttp_request_get_output_buffer(r->ev);
	if (r->shared_out) {
		/* a cached page: libevent holds the reference until it is sent */
		struct cache_body *b = r->shared_out;
		r->shared_out = NULL;
		len = b->len;
		if (evbuffer_add_reference(ob, b->data, b->len, cache_body_release, b) < 0)
			cache_body_release(NULL, 0, b);
	} else {
		char *body = buf_detach(&r->out, &len);
		if (body && evbuffer_add_reference(ob, body, len, free_body, NULL) < 0)
			free(body);
	}
	access_log(r, len);
	evhttp_send_reply(r->ev, r->status, reason(r->status), NULL);
}
