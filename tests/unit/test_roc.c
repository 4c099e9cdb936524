/* Unit tests: src/core/roc.c — Minguo calendar dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/roc.h"

static void formats_roc_year(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(roc_format_date(&b, "2023-03-15"), 0);
	assert_string_equal(buf_cstr(&b), "民國112年3月15日");
	buf_reset(&b);
	roc_format_date(&b, "1912-01-01 08:00");
	assert_string_equal(buf_cstr(&b), "民國1年1月1日");
	buf_reset(&b);
	roc_format_date(&b, "1911-12-31");
	assert_string_equal(buf_cstr(&b), "民國前1年12月31日");
	buf_free(&b);
}

static void html_date_keeps_gregorian(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	roc_html_date(&b, "2024-02-29T10:00:00Z");
	assert_string_equal(buf_cstr(&b), "<time datetime=\"2024-02-29\" title=\"2024-02-29\">"
					  "民國113年2月29日</time>");
	buf_free(&b);
}

static void rejects_impossible_dates(void **state)
{
	(void)state;
	int y, m, d;
	struct buf b = BUF_INIT;
	assert_int_equal(roc_parse_date("2023-02-29", &y, &m, &d), -1);
	assert_int_equal(roc_parse_date("2023-13-01", &y, &m, &d), -1);
	assert_int_equal(roc_parse_date("2023-1-01", &y, &m, &d), -1);
	assert_int_equal(roc_parse_date("2023-01-01x", &y, &m, &d), -1);
	assert_int_equal(roc_parse_date(NULL, &y, &m, &d), -1);
	assert_int_equal(roc_format_date(&b, "garbage"), -1);
	assert_int_equal(b.len, 0);
	assert_int_equal(roc_parse_date("2000-02-29", &y, &m, &d), 0);
	buf_free(&b);
}

static void weekday_is_right(void **state)
{
	(void)state;
	assert_int_equal(roc_weekday(2026, 11, 30), 1); /* Monday */
	assert_int_equal(roc_weekday(2024, 2, 29), 4);  /* Thursday */
	assert_int_equal(roc_weekday(2000, 1, 1), 6);   /* Saturday */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_roc_year),
		cmocka_unit_test(html_date_keeps_gregorian),
		cmocka_unit_test(rejects_impossible_dates),
		cmocka_unit_test(weekday_is_right),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
