/* request — the per-request state that travels through a handler, and the
 * calls a handler uses to answer. One struct request lives for one HTTP
 * request on one worker thread; nothing in it is shared. */
#ifndef LIFELONG_HTTP_REQUEST_H
#define LIFELONG_HTTP_REQUEST_H

#include <event2/keyvalq_struct.h>

#include "core/buf.h"
#include "core/i18n.h"
#include "http/params.h"

struct evhttp_request;
struct db;
struct app;
struct route;
struct upload;

enum role { ROLE_PUBLIC = 0, ROLE_VIEWER, ROLE_INSTITUTION, ROLE_ADMIN };

enum text_size { SIZE_NORMAL = 0, SIZE_LARGE, SIZE_XLARGE };

/* The signed-in staff member (user_id 0: nobody is signed in). */
struct staff {
	long long user_id;
	long long institution_id;	/* 0 unless role is institution */
	char email[256];
	char expires_at[24];		/* idle expiry, UTC "YYYY-MM-DDTHH:MM:SSZ" */
};

struct cache_body;

struct request {
	struct evhttp_request *ev;
	const struct app *app;		/* read-only configuration */
	struct db *db;			/* this worker thread's connection */
	char id[17];			/* random request id, in logs and replies */
	int method;			/* EVHTTP_REQ_* */
	const char *uri;		/* as received */
	char *path;			/* percent-decoded path */
	struct evkeyvalq query;		/* decoded query fields */
	const struct route *route;
	long long path_id;		/* the {id} of the route pattern */
	char path_token[33];		/* the {token} of the route pattern (hex) */
	struct param_value in[PARAMS_MAX];	/* validated fields of route->params */
	enum role role;
	struct staff staff;
	char session_token[33];		/* the ll_session cookie, if any (hex) */
	char csrf_secret[33];		/* the ll_csrf cookie, if any (hex) */
	char csrf[65];			/* this request's form token, once made */
	struct evkeyvalq form;		/* decoded POST fields (form or JSON) */
	struct upload *uploads;		/* files of a multipart/form-data POST (http/multipart.h) */
	enum lang lang;			/* interface language: cookie, else Accept-Language */
	/* display preferences from cookies */
	enum text_size text_size;
	int high_contrast;
	char now[17];			/* local wall clock "YYYY-MM-DD HH:MM" */
	char today[11];			/* local date "YYYY-MM-DD" */
	/* the reply */
	struct buf out;
	int status;
	const char *content_type;
	const char *cache_control;
	struct buf error;		/* message for an error reply */
	int uncacheable;		/* the reply set a cookie or holds a form token */
	const char *cache_result;	/* "hit" or "miss" for cacheable pages */
	struct cache_body *shared_out;	/* a cached page to send instead of out
					 * (one reference, see http/cache.h) */
	const char *log_time;		/* local time for the access log, or NULL */
	struct buf *log_sink;		/* the worker's pending access-log lines;
					 * NULL: the line is written at once */
};

/* Sets the reply to an error: status (4xx/5xx) and a message for the user
 * (printf-style). Returns status, so a handler can `return req_fail(…)`. */
int req_fail(struct request *r, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Adds a response header (name and value are copied). */
void req_header(struct request *r, const char *name, const char *value);
/* A raw (decoded) query field, or NULL. Handlers should prefer r->in[]. */
const char *req_query(struct request *r, const char *name);
/* A raw submitted field: from the body for POST/PUT/DELETE, else from the
 * query. Handlers should prefer r->in[]. */
const char *req_field(struct request *r, const char *name);
/* Adds a Set-Cookie header: name=value with Path=/, SameSite=Lax and
 * HttpOnly; Secure (and the __Host- prefix) when served over TLS.
 * max_age < 0 makes a session cookie; 0 deletes it. */
void req_set_cookie(struct request *r, const char *name, const char *value, long max_age,
		    int http_only);
/* A cookie's value copied into out (size n); returns 0, or -1 if absent. */
int req_cookie(struct request *r, const char *name, char *out, size_t n);
/* Sends a 303 redirect to a local path (must start with a single '/'). */
int req_redirect(struct request *r, const char *path);
/* True if the request's method is HEAD or GET. */
int req_is_get(const struct request *r);

#endif
