/* Unit tests: src/pages/lang.c and the language helpers of layout.c —
 * translated text written escaped, formats with plural forms and
 * positional arguments, counts with their number marked up, content
 * carrying its own lang attribute, dates in the interface language. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "http/server.h"
#include "pages/pages.h"

static struct app app;

/* A request in language l with an empty reply. */
static void req_init(struct request *r, enum lang l)
{
	memset(r, 0, sizeof *r);
	r->lang = l;
	r->app = &app;
}

static void translations_are_escaped_text(void **state)
{
	(void)state;
	struct request r;
	req_init(&r, LANG_EN);
	html_tr(&r, "首頁");
	assert_string_equal(buf_cstr(&r.out), "Home");
	buf_reset(&r.out);
	/* arguments and translation are both text: markup is escaped */
	html_trf(&r, "郵遞區號 %s", "<b>&</b>");
	assert_string_equal(buf_cstr(&r.out), "Postal code &lt;b&gt;&amp;&lt;/b&gt;");
	buf_reset(&r.out);
	/* untranslated msgid: the zh-Hant text, formatted */
	html_trf(&r, "這句%s不在目錄裡", "話");
	assert_string_equal(buf_cstr(&r.out), "這句話不在目錄裡");
	buf_free(&r.out);
}

static void counts_follow_plural_forms_and_word_order(void **state)
{
	(void)state;
	struct request r;
	req_init(&r, LANG_EN);
	html_count(&r, "%lld 所學習機構", "%lld 所學習機構", 1);
	assert_string_equal(buf_cstr(&r.out), "<span class=\"num\">1</span> learning institution");
	buf_reset(&r.out);
	html_count(&r, "%lld 所學習機構", "%lld 所學習機構", 12);
	assert_string_equal(buf_cstr(&r.out),
			    "<span class=\"num\">12</span> learning institutions");
	buf_free(&r.out);
	/* Thai puts the number after the noun */
	req_init(&r, LANG_TH);
	html_count(&r, "%lld 所學習機構", "%lld 所學習機構", 3);
	assert_string_equal(buf_cstr(&r.out),
			    "สถาบันการเรียนรู้ <span class=\"num\">3</span> แห่ง");
	buf_free(&r.out);
	req_init(&r, LANG_ZH_HANT);
	html_count(&r, "%lld 所學習機構", "%lld 所學習機構", 0);
	assert_string_equal(buf_cstr(&r.out), "<span class=\"num\">0</span> 所學習機構");
	buf_free(&r.out);
}

static void positional_arguments_reorder(void **state)
{
	(void)state;
	struct request r;
	/* "民國%d年（%d年）" is "%2$d (ROC year %1$d)" in English */
	req_init(&r, LANG_EN);
	html_trf(&r, "民國%d年（%d年）", 112, 2023);
	assert_string_equal(buf_cstr(&r.out), "2023 (ROC year 112)");
	buf_free(&r.out);
	req_init(&r, LANG_ZH_HANT);
	html_trf(&r, "民國%d年（%d年）", 112, 2023);
	assert_string_equal(buf_cstr(&r.out), "民國112年（2023年）");
	buf_free(&r.out);
}

static void content_keeps_its_language(void **state)
{
	(void)state;
	struct request r;
	req_init(&r, LANG_EN);
	page_content(&r, "strong", "仁愛區", NULL);
	assert_string_equal(buf_cstr(&r.out), "<strong lang=\"zh-Hant\">仁愛區</strong>");
	buf_reset(&r.out);
	page_lang_attr(&r, "en");	/* same as the interface: nothing */
	page_lang_attr(&r, "vi");
	page_lang_attr(&r, "ami");	/* Amis, not an interface language */
	assert_string_equal(buf_cstr(&r.out), " lang=\"vi\" lang=\"ami\"");
	buf_free(&r.out);
	req_init(&r, LANG_ZH_HANT);
	page_content(&r, "span", "<仁愛區>", "zh-Hant");
	assert_string_equal(buf_cstr(&r.out), "<span>&lt;仁愛區&gt;</span>");
	buf_free(&r.out);
}

static void city_and_dates_follow_the_interface(void **state)
{
	(void)state;
	struct request r;
	strcpy(app.city_zh, "基隆市");
	strcpy(app.city_en, "Keelung City");
	req_init(&r, LANG_ZH_HANT);
	assert_string_equal(page_city(&r), "基隆市");
	page_date(&r, "2023-03-15 09:00", 0);
	assert_non_null(strstr(buf_cstr(&r.out), ">民國112年3月15日</time>"));
	buf_free(&r.out);
	req_init(&r, LANG_ID);
	assert_string_equal(page_city(&r), "Keelung City");
	page_date(&r, "2023-03-15", DATE_WEEKDAY);
	assert_string_equal(buf_cstr(&r.out), "<time datetime=\"2023-03-15\" title=\"2023-03-15\">"
					      "Rabu, 15 Maret 2023</time>");
	buf_free(&r.out);
	/* no English name in the data: the Chinese one */
	app.city_en[0] = '\0';
	req_init(&r, LANG_VI);
	assert_string_equal(page_city(&r), "基隆市");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(translations_are_escaped_text),
		cmocka_unit_test(counts_follow_plural_forms_and_word_order),
		cmocka_unit_test(positional_arguments_reorder),
		cmocka_unit_test(content_keeps_its_language),
		cmocka_unit_test(city_and_dates_follow_the_interface),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
