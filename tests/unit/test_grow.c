/* grow: the doubling rule, kept contents, and refusals that change nothing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "core/grow.h"

static void grows_from_empty_by_doubling_and_keeps_contents(void **state)
{
	(void)state;
	long long *v = NULL;
	size_t cap = 0, n = 0;
	for (long long i = 0; i < 1000; i++) {
		assert_int_equal(grow(&v, &cap, n, sizeof *v, 16), 0);
		assert_true(n < cap);
		v[n++] = i * 7;
	}
	assert_int_equal(cap, 1024);	/* 16, 32, …, 1024 */
	for (long long i = 0; i < 1000; i++)
		assert_int_equal(v[i], i * 7);
	/* room left: nothing moves */
	long long *before = v;
	assert_int_equal(grow(&v, &cap, 1000, sizeof *v, 16), 0);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 1024);
	free(v);
}

static void an_impossible_size_changes_nothing(void **state)
{
	(void)state;
	char *v = malloc(4);
	size_t cap = 4;
	assert_non_null(v);
	/* 4 × SIZE_MAX/4 bytes cannot be asked for */
	assert_int_equal(grow(&v, &cap, 4, SIZE_MAX / 4, 1), -1);
	assert_int_equal(cap, 4);
	assert_non_null(v);
	v[3] = 'x';	/* still the caller's, still usable */
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_from_empty_by_doubling_and_keeps_contents),
		cmocka_unit_test(an_impossible_size_changes_nothing),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
