/* Unit tests: src/http/params.c — validation at the edge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/params.h"

static const char *const formats[] = {"in_person", "online", "blended", NULL};
static const struct param_spec specs[] = {
	{"page", P_INT_CLAMP, 1, 100, NULL, 1},
	{"year", P_INT, 2000, 2100, NULL, 0},
	{"format", P_ENUM, 0, 0, formats, -1},
	{"q", P_TEXT, 0, 5, NULL, 0},
	{"free", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* A lookup over a NULL-terminated array of name, value pairs. */
static const char *lookup(void *ctx, const char *name)
{
	const char *const *kv = ctx;
	for (; kv[0]; kv += 2)
		if (!strcmp(kv[0], name))
			return kv[1];
	return NULL;
}

static void absent_fields_take_defaults(void **state)
{
	(void)state;
	const char *kv[] = {NULL};
	struct param_value v[PARAMS_MAX];
	struct buf err = BUF_INIT;
	assert_int_equal(params_validate(specs, lookup, kv, v, &err), 0);
	assert_false(v[0].present);
	assert_int_equal(v[0].n, 1);
	assert_int_equal(v[2].n, -1);
	buf_free(&err);
}

static void good_values_are_parsed(void **state)
{
	(void)state;
	const char *kv[] = {"page", "0", "year", "2023", "format", "online", "q", "書法入門",
			    "free", "yes", NULL};
	struct param_value v[PARAMS_MAX];
	struct buf err = BUF_INIT;
	assert_int_equal(params_validate(specs, lookup, kv, v, &err), 0);
	assert_int_equal(v[0].n, 1); /* clamped up */
	assert_int_equal(v[1].n, 2023);
	assert_int_equal(v[2].n, 1);
	assert_string_equal(v[3].s, "書法入門");
	assert_int_equal(v[4].n, 1);
	buf_free(&err);
}

static void clamps_above_range(void **state)
{
	(void)state;
	const char *kv[] = {"page", "5000", NULL};
	struct param_value v[PARAMS_MAX];
	struct buf err = BUF_INIT;
	assert_int_equal(params_validate(specs, lookup, kv, v, &err), 0);
	assert_int_equal(v[0].n, 100);
	buf_free(&err);
}

static void every_bad_field_is_named(void **state)
{
	(void)state;
	const char *kv[] = {"page", "x1", "year", "1999", "format", "paper", "q", "123456",
			    "free", "maybe", NULL};
	struct param_value v[PARAMS_MAX];
	struct buf err = BUF_INIT;
	assert_int_equal(params_validate(specs, lookup, kv, v, &err), -1);
	const char *e = buf_cstr(&err);
	assert_non_null(strstr(e, "page: must be a whole number"));
	assert_non_null(strstr(e, "year: must be between 2000 and 2100"));
	assert_non_null(strstr(e, "format: must be one of: in_person, online, blended"));
	assert_non_null(strstr(e, "q: at most 5 characters"));
	assert_non_null(strstr(e, "free: must be yes or no"));
	buf_free(&err);
}

static void overflowing_number_is_rejected(void **state)
{
	(void)state;
	const char *kv[] = {"year", "99999999999999999999999", NULL};
	struct param_value v[PARAMS_MAX];
	struct buf err = BUF_INIT;
	assert_int_equal(params_validate(specs, lookup, kv, v, &err), -1);
	buf_free(&err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(absent_fields_take_defaults),
		cmocka_unit_test(good_values_are_parsed),
		cmocka_unit_test(clamps_above_range),
		cmocka_unit_test(every_bad_field_is_named),
		cmocka_unit_test(overflowing_number_is_rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
