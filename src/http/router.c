#include "http/router.h"

#include <event2/http.h>
#include <stdlib.h>
#include <string.h>

/* Matches one pattern against path; on success stores the {id} value. */
static int pattern_match(const char *pat, const char *path, long long *id)
{
	while (*pat && *path) {
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
	int want = method == EVHTTP_REQ_HEAD ? EVHTTP_REQ_GET : method;
	*method_allowed = 1;
	int path_seen = 0;
	for (const struct route *rt = routes; rt->pattern; rt++) {
		long long v = 0;
		if (!pattern_match(rt->pattern, path, &v))
			continue;
		path_seen = 1;
		if (rt->method == want) {
			*id = v;
			return rt;
		}
	}
	if (path_seen)
		*method_allowed = 0;
	return NULL;
}
