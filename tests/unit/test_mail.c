/* Unit tests: src/mail — messages built with GMime (parsed back with
 * GMime), and the retry back-off. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gmime/gmime.h>
#include <stdlib.h>
#include <string.h>

#include "mail/mail.h"

static int setup(void **state)
{
	(void)state;
	g_mime_init();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	g_mime_shutdown();
	return 0;
}

static GMimeMessage *parse(const struct buf *b)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(b->data, b->len);
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(st);
	assert_non_null(m);
	return m;
}

static char *decoded(GMimeObject *o)
{
	GMimeStream *out = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(o)), out);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	char *s = strndup((const char *)ba->data, ba->len);
	g_object_unref(out);
	return s;
}

static void text_only_message(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(mail_build("portal@keelung.example", "a@example.org", "報名成功：陶藝",
				    "您好：\n第二行\n.以點開頭的一行\n", NULL, &b), 0);
	const char *raw = buf_cstr(&b);
	for (const char *p = raw; (p = strchr(p, '\n')); p++)
		assert_true(p > raw && p[-1] == '\r');
	assert_non_null(strstr(raw, "MIME-Version: 1.0"));
	assert_non_null(strstr(raw, "Message-Id: <"));
	assert_non_null(strstr(raw, "@keelung.example>"));
	assert_null(strstr(raw, "報名成功"));	/* the subject is RFC 2047 encoded */
	GMimeMessage *m = parse(&b);
	assert_string_equal(g_mime_message_get_subject(m), "報名成功：陶藝");
	GMimeObject *top = g_mime_message_get_mime_part(m);
	assert_true(GMIME_IS_TEXT_PART(top));
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(top)), GMIME_CONTENT_ENCODING_BASE64);
	char *text = decoded(top);
	assert_non_null(strstr(text, "第二行"));
	assert_non_null(strstr(text, ".以點開頭的一行"));
	free(text);
	g_object_unref(m);
	buf_free(&b);
}

static void attachment_makes_multipart_mixed(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	static const char ics[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
	struct mail_attachment att = {"course.ics", "text/calendar; charset=utf-8; method=PUBLISH",
				      ics, sizeof ics - 1};
	assert_int_equal(mail_build("portal@keelung.example", "a@example.org", "s", "body", &att, &b), 0);
	GMimeMessage *m = parse(&b);
	GMimeObject *top = g_mime_message_get_mime_part(m);
	assert_true(GMIME_IS_MULTIPART(top));
	assert_string_equal(g_mime_content_type_get_media_subtype(g_mime_object_get_content_type(top)),
			    "mixed");
	GMimeMultipart *mp = GMIME_MULTIPART(top);
	assert_int_equal(g_mime_multipart_get_count(mp), 2);
	GMimeObject *a = g_mime_multipart_get_part(mp, 1);
	assert_string_equal(g_mime_object_get_content_type_parameter(a, "method"), "PUBLISH");
	assert_string_equal(g_mime_object_get_content_type_parameter(a, "charset"), "utf-8");
	assert_string_equal(g_mime_part_get_filename(GMIME_PART(a)), "course.ics");
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(a)), GMIME_CONTENT_ENCODING_BASE64);
	char *text = decoded(a);
	assert_string_equal(text, ics);
	free(text);
	g_object_unref(m);
	buf_free(&b);
}

static void bad_addresses_are_refused(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(mail_build("no-at-sign", "a@example.org", "s", "b", NULL, &b), -1);
	assert_int_equal(mail_build("x@example.org", "nobody", "s", "b", NULL, &b), -1);
	assert_int_equal(b.len, 0);
}

static void backoff_doubles_up_to_an_hour(void **state)
{
	(void)state;
	assert_int_equal(mail_backoff(1, 60), 60);
	assert_int_equal(mail_backoff(2, 60), 120);
	assert_int_equal(mail_backoff(3, 60), 240);
	assert_int_equal(mail_backoff(7, 60), 3600);
	assert_int_equal(mail_backoff(79, 60), 3600);
	assert_int_equal(mail_backoff(1, 1), 1);
	assert_int_equal(mail_backoff(4, 1), 8);
	assert_int_equal(mail_backoff(1, 7200), 7200);	/* a base longer than the cap */
	assert_int_equal(mail_backoff(0, 0), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_only_message),
		cmocka_unit_test(attachment_makes_multipart_mixed),
		cmocka_unit_test(bad_addresses_are_refused),
		cmocka_unit_test(backoff_doubles_up_to_an_hour),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
