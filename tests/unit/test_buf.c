/* Unit tests: src/core/buf.c — growth, raw output and escaping by default. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"

static void grows_past_initial_capacity(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	for (int i = 0; i < 10000; i++)
		buf_puts(&b, "0123456789");
	assert_int_equal(b.len, 100000);
	assert_false(buf_failed(&b));
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data + 99990, "0123456789", 10);
	buf_free(&b);
}

static void printf_formats_long_output(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	char big[1000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	buf_printf(&b, "[%s]%d", big, 42);
	assert_int_equal(b.len, 1 + 999 + 1 + 2);
	assert_string_equal(b.data + 1000, "]42");
	buf_free(&b);
}

static void html_text_escapes_all_five(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_text(&b, "<a href=\"x\" title='y'>&</a>");
	assert_string_equal(buf_cstr(&b),
			    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
	buf_free(&b);
}

static void html_fmt_escapes_string_arguments_only(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_fmt(&b, "<p class=\"%s\">%s %d %05.1f %lld %zu%%</p>", "a\"b", "<script>", -7,
		 3.14159, 1234567890123LL, (size_t)9);
	assert_string_equal(buf_cstr(&b),
			    "<p class=\"a&quot;b\">&lt;script&gt; -7 003.1 1234567890123 9%</p>");
	buf_free(&b);
}

static void html_fmt_precision_star_limits_string(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_fmt(&b, "[%.*s]", 3, "<<<<<<");
	assert_string_equal(buf_cstr(&b), "[&lt;&lt;&lt;]");
	buf_free(&b);
}

static void url_param_encodes_reserved_and_utf8(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	html_url_param(&b, "書法 a&b=c/~");
	assert_string_equal(buf_cstr(&b), "%E6%9B%B8%E6%B3%95%20a%26b%3Dc%2F~");
	buf_free(&b);
}

static void detach_hands_over_memory(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	size_t n = 0;
	buf_puts(&b, "hello");
	char *p = buf_detach(&b, &n);
	assert_string_equal(p, "hello");
	assert_int_equal(n, 5);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_past_initial_capacity),
		cmocka_unit_test(printf_formats_long_output),
		cmocka_unit_test(html_text_escapes_all_five),
		cmocka_unit_test(html_fmt_escapes_string_arguments_only),
		cmocka_unit_test(html_fmt_precision_star_limits_string),
		cmocka_unit_test(url_param_encodes_reserved_and_utf8),
		cmocka_unit_test(detach_hands_over_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
