/* Unit tests: src/pages/portal.c — how the portal shows fees, phone
 * numbers, languages and session times. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "pages/pages.h"
#include "pages/portal.h"

/* A request in zh-Hant with an empty reply, enough for these helpers. */
static void blank(struct request *r, enum lang l)
{
	memset(r, 0, sizeof *r);
	r->lang = l;
	strcpy(r->now, "2026-12-01 09:00");
	strcpy(r->today, "2026-12-01");
}

static void fees_are_free_or_grouped_dollars(void **state)
{
	(void)state;
	struct request r;
	blank(&r, LANG_ZH_HANT);
	portal_fee(&r, 0);
	assert_string_equal(buf_cstr(&r.out), "免費");
	buf_reset(&r.out);
	portal_fee(&r, 800);
	assert_string_equal(buf_cstr(&r.out), "NT$800");
	buf_reset(&r.out);
	portal_fee(&r, 1500);
	assert_string_equal(buf_cstr(&r.out), "NT$1,500");
	buf_reset(&r.out);
	portal_fee(&r, 1234567);
	assert_string_equal(buf_cstr(&r.out), "NT$1,234,567");
	buf_free(&r.out);
}

static void phone_links_dial_the_digits_before_the_extension(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	portal_phone_link(&b, "(02)2422-5520#12");
	assert_string_equal(buf_cstr(&b), "<a href=\"tel:0224225520\">(02)2422-5520#12</a>");
	buf_reset(&b);
	portal_phone_link(&b, "+886-2-2428 1234 分機 305");
	assert_string_equal(buf_cstr(&b), "<a href=\"tel:+886224281234\">+886-2-2428 1234 分機 305</a>");
	buf_reset(&b);
	/* too few digits to dial: text only, escaped */
	portal_phone_link(&b, "請洽<櫃台>");
	assert_string_equal(buf_cstr(&b), "請洽&lt;櫃台&gt;");
	buf_free(&b);
}

static void languages_are_named_by_icu(void **state)
{
	(void)state;
	struct request r;
	blank(&r, LANG_ZH_HANT);
	portal_language_name(&r, "vi");
	assert_non_null(strstr(buf_cstr(&r.out), "越南文"));
	assert_non_null(strstr(buf_cstr(&r.out), "<span lang=\"vi\">(Tiếng Việt)</span>"));
	buf_free(&r.out);
	blank(&r, LANG_EN);
	portal_language_name(&r, "id");
	assert_non_null(strstr(buf_cstr(&r.out), "Indonesian"));
	assert_non_null(strstr(buf_cstr(&r.out), "Indonesia"));
	buf_free(&r.out);
}

static void time_ranges_show_both_ends(void **state)
{
	(void)state;
	struct request r;
	blank(&r, LANG_ZH_HANT);
	portal_time_range(&r, "2099-03-02 19:00", "2099-03-02 21:00");
	assert_string_equal(buf_cstr(&r.out), "<time datetime=\"2099-03-02T19:00\">19:00</time>–"
					       "<time datetime=\"2099-03-02T21:00\">21:00</time>");
	buf_reset(&r.out);
	/* overnight: the end date is given */
	portal_time_range(&r, "2099-03-02 22:00", "2099-03-03 06:00");
	assert_non_null(strstr(buf_cstr(&r.out), "民國188年3月3日"));
	buf_free(&r.out);
}

static void formats_have_names(void **state)
{
	(void)state;
	struct request r;
	blank(&r, LANG_ZH_HANT);
	assert_string_equal(portal_format_name(&r, "in_person"), "實體課程");
	assert_string_equal(portal_format_name(&r, "online"), "線上課程");
	assert_string_equal(portal_format_name(&r, "unknown"), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fees_are_free_or_grouped_dollars),
		cmocka_unit_test(phone_links_dial_the_digits_before_the_extension),
		cmocka_unit_test(languages_are_named_by_icu),
		cmocka_unit_test(time_ranges_show_both_ends),
		cmocka_unit_test(formats_have_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
