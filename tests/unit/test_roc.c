/* Unit tests: src/core/roc.c — Minguo calendar dates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

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

/* Formats iso in l with flags and returns a malloc'd copy of the text. */
static char *fmt_lang(enum lang l, const char *iso, unsigned flags)
{
	struct buf b = BUF_INIT;
	assert_int_equal(date_format_lang(&b, l, iso, flags), 0);
	char *s = strdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

static void dates_in_each_language(void **state)
{
	(void)state;
	static const struct {
		enum lang l;
		unsigned flags;
		const char *want;
	} cases[] = {
		{LANG_ZH_HANT, 0, "民國112年3月15日"},
		{LANG_ZH_HANT, DATE_WEEKDAY, "民國112年3月15日（星期三）"},
		{LANG_EN, 0, "15 March 2023"},
		{LANG_EN, DATE_WEEKDAY, "Wednesday, 15 March 2023"},
		{LANG_VI, 0, "15 tháng 3, 2023"},
		{LANG_ID, 0, "15 Maret 2023"},
		{LANG_ID, DATE_WEEKDAY, "Rabu, 15 Maret 2023"},
		/* Gregorian 2023, not the Buddhist era's 2566 */
		{LANG_TH, 0, "15 มีนาคม 2023"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *got = fmt_lang(cases[i].l, "2023-03-15 19:30", cases[i].flags);
		if (strcmp(got, cases[i].want))
			fail_msg("%s: got \"%s\", want \"%s\"", i18n_code(cases[i].l), got,
				 cases[i].want);
		free(got);
	}
	/* Vietnamese weekday names carry diacritics; just check it is there */
	char *vi = fmt_lang(LANG_VI, "2023-03-15", DATE_WEEKDAY);
	assert_non_null(strstr(vi, "Thứ"));
	free(vi);
	/* leap day and year boundaries come through ICU unchanged */
	char *en = fmt_lang(LANG_EN, "2024-02-29", 0);
	assert_string_equal(en, "29 February 2024");
	free(en);
	en = fmt_lang(LANG_EN, "1999-12-31", 0);
	assert_string_equal(en, "31 December 1999");
	free(en);
}

static void html_date_lang_wraps_time(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	/* zh-Hant without flags is exactly roc_html_date */
	assert_int_equal(date_html_lang(&b, LANG_ZH_HANT, "2024-02-29T10:00:00Z", 0), 0);
	struct buf r = BUF_INIT;
	roc_html_date(&r, "2024-02-29T10:00:00Z");
	assert_string_equal(buf_cstr(&b), buf_cstr(&r));
	buf_reset(&b);
	assert_int_equal(date_html_lang(&b, LANG_EN, "2024-02-29", 0), 0);
	assert_string_equal(buf_cstr(&b), "<time datetime=\"2024-02-29\" title=\"2024-02-29\">"
					  "29 February 2024</time>");
	/* a bad date appends nothing */
	buf_reset(&b);
	buf_puts(&b, "x");
	assert_int_equal(date_html_lang(&b, LANG_TH, "2023-02-30", 0), -1);
	assert_int_equal(date_format_lang(&b, LANG_TH, "nonsense", 0), -1);
	assert_string_equal(buf_cstr(&b), "x");
	buf_free(&b);
	buf_free(&r);
}

/* Formats in many threads at once: each has its own ICU formatters. */
static void *format_many(void *arg)
{
	enum lang l = (enum lang)(long)arg;
	static const char *const want[LANG__COUNT] = {"民國112年3月15日", "15 March 2023",
		"15 tháng 3, 2023", "15 Maret 2023", "15 มีนาคม 2023"};
	for (int i = 0; i < 200; i++) {
		struct buf b = BUF_INIT;
		if (date_format_lang(&b, l, "2023-03-15", 0) < 0 ||
		    strcmp(buf_cstr(&b), want[l])) {
			buf_free(&b);
			return (void *)1;
		}
		buf_free(&b);
	}
	return NULL;
}

static void dates_are_thread_safe(void **state)
{
	(void)state;
	pthread_t t[8];
	for (long i = 0; i < 8; i++)
		assert_int_equal(pthread_create(&t[i], NULL, format_many,
						(void *)(i % LANG__COUNT)), 0);
	for (int i = 0; i < 8; i++) {
		void *rc;
		pthread_join(t[i], &rc);
		assert_null(rc);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(formats_roc_year),
		cmocka_unit_test(html_date_keeps_gregorian),
		cmocka_unit_test(rejects_impossible_dates),
		cmocka_unit_test(weekday_is_right),
		cmocka_unit_test(dates_in_each_language),
		cmocka_unit_test(html_date_lang_wraps_time),
		cmocka_unit_test(dates_are_thread_safe),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
