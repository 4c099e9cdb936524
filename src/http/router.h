/* router — the one route table (method, path pattern, handler, required
 * role, accepted fields), kept in routes.c, and the matcher over it.
 *
 * Pattern segments are literal, or "{id}" (a positive whole number, which
 * may be followed by a literal suffix such as "{id}.ics"), or "{token}"
 * (exactly ROUTER_TOKEN_LEN lowercase hex digits: a private link's token,
 * as auth/session.h token_new() makes them). */
#ifndef LIFELONG_HTTP_ROUTER_H
#define LIFELONG_HTTP_ROUTER_H

#include "http/request.h"

/* A handler builds its reply in r->out and returns 0, or returns an HTTP
 * error status (usually through req_fail). It runs only after the
 * dispatcher has checked r->role against the route and validated r->in. */
typedef int (*handler_fn)(struct request *r);

enum route_flags {
	ROUTE_API = 1,		/* errors as JSON {"error": …} */
	ROUTE_CACHE = 2,	/* a public page that the worker may cache whole */
	ROUTE_UPLOAD = 4,	/* accepts file forms: bodies up to the upload limit */
	ROUTE_NO_CSRF = 8,	/* a POST that needs no form token: only for one-click
				 * unsubscribe (RFC 8058), where mail programs post
				 * without a page and the {token} in the path (a
				 * private link) is the credential */
};

struct route {
	int method;			/* EVHTTP_REQ_GET etc.; GET also answers HEAD */
	const char *pattern;
	handler_fn handler;
	enum role role;			/* least role allowed */
	int flags;
	const struct param_spec *params;	/* NULL-name terminated, or NULL */
	const char *page_kind;		/* label for visit counting, or NULL */
};

#define ROUTER_TOKEN_LEN 32

/* The table, terminated by an entry with a NULL pattern. */
extern const struct route routes[];

/* Finds the route for method and decoded path. Returns it and sets *id for
 * an {id} segment; NULL if no pattern matches. *method_allowed is set to 0
 * when the path matched some route but not with this method (→ 405). */
const struct route *router_match(int method, const char *path, long long *id,
				 int *method_allowed);
/* As router_match(), also copying a {token} segment into token (size
 * ROUTER_TOKEN_LEN + 1; "" when the pattern has none). */
const struct route *router_match_token(int method, const char *path, long long *id,
				       char *token, int *method_allowed);

#endif
