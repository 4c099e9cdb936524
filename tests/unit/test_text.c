/* Unit tests: src/core/text.c — UTF-8 checks and ICU conversions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

static void utf8_validity(void **state)
{
	(void)state;
	assert_true(text_utf8_valid("基隆 Tiếng Việt", strlen("基隆 Tiếng Việt")));
	assert_false(text_utf8_valid("\xff\xfe", 2));
	assert_false(text_utf8_valid("\xe5\x9f", 2));		/* truncated */
	assert_false(text_utf8_valid("\xc0\xaf", 2));		/* overlong '/' */
	assert_false(text_utf8_valid("\xed\xa0\x80", 3));	/* surrogate */
	assert_false(text_utf8_valid("a\0b", 3));		/* NUL */
}

static void percent_encoding_check(void **state)
{
	(void)state;
	assert_true(text_percent_valid("/a%20b%E5%9F%BA"));
	assert_false(text_percent_valid("/a%2"));
	assert_false(text_percent_valid("/a%zz"));
	assert_false(text_percent_valid("%"));
}

static void big5_converts_to_utf8(void **state)
{
	(void)state;
	/* 基隆 in Big5 is B0F2 B6A9 */
	size_t n = 0;
	char *s = text_to_utf8("windows-950", "\xb0\xf2\xb6\xa9", 4, &n);
	assert_non_null(s);
	assert_string_equal(s, "基隆");
	assert_int_equal(n, strlen("基隆"));
	free(s);
	/* a lone lead byte is not Big5 */
	assert_null(text_to_utf8("windows-950", "\xb0", 1, &n));
}

static void nfc_composes(void **state)
{
	(void)state;
	char *s = text_nfc("Vie\xcc\xa3\xcc\x82t"); /* e + dot below + circumflex */
	assert_non_null(s);
	assert_string_equal(s, "Việt");
	free(s);
	assert_null(text_nfc("\xff"));
}

static void counts_code_points(void **state)
{
	(void)state;
	assert_int_equal(text_length("基隆ab"), 4);
	assert_int_equal(text_length(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(utf8_validity),
		cmocka_unit_test(percent_encoding_check),
		cmocka_unit_test(big5_converts_to_utf8),
		cmocka_unit_test(nfc_composes),
		cmocka_unit_test(counts_code_points),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
