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

static void token_segments_take_exactly_32_lowercase_hex_digits(void **state)
{
	(void)state;
	long long id = -1;
	int allowed;
	char token[ROUTER_TOKEN_LEN + 1] = "x";
	const char *good = "/api/v1/registrations/0123456789abcdef0123456789abcdef";
	const struct route *rt = router_match_token(EVHTTP_REQ_GET, good, &id, token, &allowed);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/api/v1/registrations/{token}");
	assert_string_equal(token, "0123456789abcdef0123456789abcdef");
	/* DELETE is another route on the same pattern */
	rt = router_match_token(EVHTTP_REQ_DELETE, good, &id, token, &allowed);
	assert_non_null(rt);
	assert_int_equal(rt->method, EVHTTP_REQ_DELETE);
	/* a literal suffix after the token */
	rt = router_match_token(EVHTTP_REQ_GET, "/me/0123456789abcdef0123456789abcdef/export", &id,
				token, &allowed);
	assert_non_null(rt);
	assert_string_equal(rt->pattern, "/me/{token}/export");
	/* too short, too long, upper case, not hex, empty */
	assert_null(router_match_token(EVHTTP_REQ_GET, "/api/v1/registrations/0123456789abcdef0123456789abcde",
				       &id, token, &allowed));
	assert_null(router_match_token(EVHTTP_REQ_GET, "/api/v1/registrations/0123456789abcdef0123456789abcdef0",
				       &id, token, &allowed));
	assert_null(router_match_token(EVHTTP_REQ_GET, "/api/v1/registrations/0123456789ABCDEF0123456789abcdef",
				       &id, token, &allowed));
	assert_null(router_match_token(EVHTTP_REQ_GET, "/api/v1/registrations/0123456789abcdeg0123456789abcdef",
				       &id, token, &allowed));
	assert_null(router_match_token(EVHTTP_REQ_GET, "/api/v1/registrations/", &id, token, &allowed));
	/* routes without a token leave it empty; router_match ignores it */
	rt = router_match_token(EVHTTP_REQ_GET, "/api/v1/plan", &id, token, &allowed);
	assert_non_null(rt);
	assert_string_equal(token, "");
	assert_non_null(router_match(EVHTTP_REQ_GET, good, &id, &allowed));
	/* {id} still wants digits next to token routes */
	rt = router_match_token(EVHTTP_REQ_POST, "/api/v1/courses/12/registrations", &id, token, &allowed);
	assert_non_null(rt);
	assert_int_equal(id, 12);
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
		cmocka_unit_test(token_segments_take_exactly_32_lowercase_hex_digits),
		cmocka_unit_test(every_route_is_complete),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
