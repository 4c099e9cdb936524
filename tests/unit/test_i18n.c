/* Unit tests: src/core/i18n.c — language codes, negotiation, and the
 * catalogues compiled from po/LANG.po (lookup, fallback, context, plurals). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/i18n_catalogue.h"
#include "core/text.h"

static void parses_codes(void **state)
{
	(void)state;
	enum lang l;
	assert_int_equal(i18n_parse("vi", &l), 0);
	assert_int_equal(l, LANG_VI);
	assert_int_equal(i18n_parse("ZH-hant", &l), 0);
	assert_int_equal(l, LANG_ZH_HANT);
	assert_int_equal(i18n_parse("fr", &l), -1);
	assert_string_equal(i18n_code(LANG_TH), "th");
}

static void negotiates_accept_language(void **state)
{
	(void)state;
	assert_int_equal(i18n_negotiate(NULL), LANG_ZH_HANT);
	assert_int_equal(i18n_negotiate("fr-FR,fr;q=0.9"), LANG_ZH_HANT);
	assert_int_equal(i18n_negotiate("vi-VN,vi;q=0.9,en;q=0.8"), LANG_VI);
	assert_int_equal(i18n_negotiate("en;q=0.5, id;q=0.8"), LANG_ID);
	assert_int_equal(i18n_negotiate("zh-TW,zh;q=0.9,en-US;q=0.8"), LANG_ZH_HANT);
	assert_int_equal(i18n_negotiate("th"), LANG_TH);
	assert_int_equal(i18n_negotiate("en;q=0"), LANG_ZH_HANT);
}

static void translates_into_each_language(void **state)
{
	(void)state;
	static const char *const home[LANG__COUNT] = {"首頁", "Home", "Trang chủ", "Beranda",
						      "หน้าแรก"};
	for (int l = 0; l < LANG__COUNT; l++)
		assert_string_equal(i18n_get((enum lang)l, "首頁"), home[l]);
	/* zh-Hant is the source: the msgid itself comes back */
	const char *id = "各行政區";
	assert_ptr_equal(i18n_get(LANG_ZH_HANT, id), id);
	assert_string_equal(i18n_get(LANG_TH, "各行政區"), "เขตต่าง ๆ");
	/* out-of-range language: the msgid */
	assert_ptr_equal(i18n_get((enum lang)99, id), id);
}

static void falls_back_to_zh_hant(void **state)
{
	(void)state;
	const char *missing = "這句話不在任何目錄裡";
	for (int l = 0; l < LANG__COUNT; l++)
		assert_ptr_equal(i18n_get((enum lang)l, missing), missing);
	assert_null(i18n_get(LANG_EN, NULL));
	/* a message translated only with a context is not found without it */
	assert_string_equal(i18n_get(LANG_EN, "大"), "大");
	assert_string_equal(i18n_pget(LANG_EN, "字級", "大"), "Large");
	assert_string_equal(i18n_pget(LANG_VI, "字級", "大"), "Lớn");
	assert_string_equal(i18n_pget(LANG_EN, "沒有這個語境", "大"), "大");
	assert_string_equal(i18n_pget(LANG_ZH_HANT, "字級", "大"), "大");
}

static void picks_plural_forms(void **state)
{
	(void)state;
	const char *one = "%lld 所學習機構", *many = "%lld 所學習機構";
	assert_string_equal(i18n_nget(LANG_EN, one, many, 1), "%lld learning institution");
	assert_string_equal(i18n_nget(LANG_EN, one, many, 0), "%lld learning institutions");
	assert_string_equal(i18n_nget(LANG_EN, one, many, 7), "%lld learning institutions");
	/* Vietnamese, Indonesian and Thai have one form */
	assert_string_equal(i18n_nget(LANG_VI, one, many, 1), "%lld cơ sở học tập");
	assert_string_equal(i18n_nget(LANG_VI, one, many, 9), "%lld cơ sở học tập");
	assert_string_equal(i18n_nget(LANG_ID, one, many, 2), "%lld lembaga belajar");
	assert_string_equal(i18n_nget(LANG_TH, one, many, 3), "สถาบันการเรียนรู้ %lld แห่ง");
	/* no translation: ngettext's rule on the source texts */
	const char *s = "%lld 件東西", *p = "%lld 件東西們";
	assert_ptr_equal(i18n_nget(LANG_ZH_HANT, one, many, 1), one);
	assert_ptr_equal(i18n_nget(LANG_ZH_HANT, one, many, 2), many);
	assert_ptr_equal(i18n_nget(LANG_EN, s, p, 1), s);
	assert_ptr_equal(i18n_nget(LANG_EN, s, p, 3), p);
	/* a message without plural asked for with one: its only form */
	assert_string_equal(i18n_nget(LANG_EN, "首頁", "首頁", 5), "Home");
}

/* The compiled tables: sorted strictly (binary search needs it), every
 * translation non-empty, NFC, and keeping the msgid's printf conversions. */
static void catalogues_are_sorted_and_clean(void **state)
{
	(void)state;
	const struct i18n_catalogue *cats[] = {&i18n_cat_en, &i18n_cat_vi, &i18n_cat_id,
					       &i18n_cat_th};
	for (size_t c = 0; c < 4; c++) {
		const struct i18n_catalogue *cat = cats[c];
		assert_string_equal(cat->code, i18n_code((enum lang)(c + 1)));
		assert_true(cat->count > 50);
		assert_int_equal(cat->nplurals, c == 0 ? 2 : 1);
		for (size_t i = 0; i < cat->count; i++) {
			const struct i18n_msg *m = &cat->msgs[i];
			if (i > 0 && strcmp(cat->msgs[i - 1].key, m->key) >= 0)
				fail_msg("%s: not sorted at \"%s\"", cat->code, m->key);
			assert_true(m->str[0] != '\0');
			char *nfc = text_nfc(m->str);
			assert_non_null(nfc);
			if (strcmp(nfc, m->str))
				fail_msg("%s: \"%s\" is not NFC", cat->code, m->str);
			free(nfc);
			/* the lookup finds every entry */
			const char *sep = strchr(m->key, '\004');
			if (!sep && !m->forms)
				assert_ptr_equal(i18n_get((enum lang)(c + 1), m->key), m->str);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_codes),
		cmocka_unit_test(negotiates_accept_language),
		cmocka_unit_test(translates_into_each_language),
		cmocka_unit_test(falls_back_to_zh_hant),
		cmocka_unit_test(picks_plural_forms),
		cmocka_unit_test(catalogues_are_sorted_and_clean),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
