#include "http/router.h"

#include <event2/http.h>
#include <stdlib.h>
#include <string.h>

/* Matches one pattern against path; on success stores the {id} value and
 * the {token} text (when token is not NULL). */
static int pattern_match(const char *pat, const char *path, long long *id, char *token)
{
	while (*pat && *path) {
		if (!strncmp(pat, "{token}", 7)) {
			size_t n = strspn(path, "0123456789abcdef");
			if (n != ROUTER_TOKEN_LEN)
				return 0;
			if (token) {
				memcpy(token, path, n);
				token[n] = '\0';
			}
			path += n;
			pat += 7;
			continue;
		}
		if (!strncmp(pat, "{id}", 4)) {
			if (*path < '1' || *path > '9')
				return 0;
			long long v = 0;
			while (*path >= '0' && *path <= '9') {
				if (v > (1LL << 53))
					return 0;
				v = v * 10 + (*path++ - '0');
			}
			*id = v;
			pat += 4;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	return *pat == '\0' && *path == '\0';
}

const struct route *router_match(int method, const char *path, long long *id,
				 int *method_allowed)
{
	return router_match_token(method, path, id, NULL, method_allowed);
}

const struct route *router_match_token(int method, const char *path, long long *id,
				       char *token, int *method_allowed)
{
	int want = method == EVHTTP_REQ_HEAD ? EVHTTP_REQ_GET : method;
	*method_allowed = 1;
	int path_seen = 0;
	for (const struct route *rt = routes; rt->pattern; rt++) {
		long long v = 0;
		char t[ROUTER_TOKEN_LEN + 1] = "";
		if (!pattern_match(rt->pattern, path, &v, t))
			continue;
		path_seen = 1;
		if (rt->method == want) {
			*id = v;
			if (token)
				memcpy(token, t, sizeof t);
			return rt;
		}
	}
	if (path_seen)
		*method_allowed = 0;
	return NULL;
}
