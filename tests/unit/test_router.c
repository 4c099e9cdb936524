/* Unit tests: src/http/router.c against the real route table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <event2/http.h>
#include <string.h>

#include "http/router.h"

static void matches_literal_paths(void **state)
{
	(void)state;
	long long id = -1;
	int allowed;
	const struct route *rt = router_match(EVHTTP_REQ_GET, "/api/v1/plan", &id, &allowed);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/api/v1/plan");
	assert_true(rt->flags & ROUTE_API);
	assert_null(router_match(EVHTTP_REQ_GET, "/api/v1/plan/", &id, &allowed));
	assert_null(router_match(EVHTTP_REQ_GET, "/api/v1/pla", &id, &allowed));
	assert_true(allowed);
}

static void head_uses_get_routes(void **state)
{
	(void)state;
	long long id;
	int allowed;
	assert_non_null(router_match(EVHTTP_REQ_HEAD, "/", &id, &allowed));
}

static void wrong_method_is_flagged(void **state)
{
	(void)state;
	long long id;
	int allowed = 1;
	assert_null(router_match(EVHTTP_REQ_POST, "/api/v1/plan", &id, &allowed));
	assert_false(allowed);
}

static void every_route_is_complete(void **state)
{
	(void)state;
	int n = 0;
	for (const struct route *rt = routes; rt->pattern; rt++, n++) {
		assert_non_null(rt->handler);
		assert_true(rt->pattern[0] == '/');
		/* no two routes share method and pattern */
		for (const struct route *o = rt + 1; o->pattern; o++)
			assert_false(o->method == rt->method && !strcmp(o->pattern, rt->pattern));
	}
	assert_true(n > 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(matches_literal_paths),
		cmocka_unit_test(head_uses_get_routes),
		cmocka_unit_test(wrong_method_is_flagged),
		cmocka_unit_test(every_route_is_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
