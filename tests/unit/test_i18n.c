/* Unit tests: src/core/i18n.c — language codes and negotiation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/i18n.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_codes),
		cmocka_unit_test(negotiates_accept_language),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
