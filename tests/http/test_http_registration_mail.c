/* HTTP tests: notification e-mails through the outbox. The server is
 * pointed at an SMTP sink of the test's own (smtpsink.c) that is not
 * listening yet: the confirmation stays queued and is retried with
 * back-off (--mail-retry 1); once the sink listens, it arrives. The
 * message is parsed back with GMime: multipart/mixed, a UTF-8 text part
 * with the private links, and the course's sessions as a base64 .ics
 * attachment. A waiting-line confirmation has no .ics; the mail of a
 * place given on cancel has one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gmime/gmime.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "regtest.h"
#include "smtpsink.h"

static struct server srv;
static struct smtp_sink sink;
static struct api_client api;
static long long course;

#define TITLE "寄信測試：海洋生態導覽"

static int start(void **state)
{
	(void)state;
	static const char *const sessions[] = {"2099-01-05 09:00|2099-01-05 11:00",
					       "2099-01-12 09:00|2099-01-12 11:30", NULL};
	static const char *const extra[] = {"--no-rate-limit", NULL};
	g_mime_init();
	if (sink_reserve(&sink) < 0 || server_prepare(&srv, 1) < 0)
		return -1;
	course = regtest_course(&srv, 1, 1, 0, "local", TITLE, sessions);
	if (course < 0 || sink_serve(&sink, &srv, extra) < 0 || api_client_init(&srv, &api) < 0)
		return -1;
	return 0;
}

static int cleanup(void **state)
{
	(void)state;
	sink_finish(&sink, &srv);
	return 0;
}

/* Registers name with e-mail for course c; returns the token (static). */
static const char *register_mail(long long c, const char *name, const char *email,
				 const char *want_status)
{
	static char token[3][33];
	static int k;
	char path[96], body[256];
	struct reply r;
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", c);
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"email\":\"%s\",\"consent\":true}", name, email);
	assert_int_equal(api_call(&srv, &api, "POST", path, body, 1, &r), 0);
	assert_int_equal(r.status, 201);
	assert_non_null(strstr(buf_cstr(&r.body), want_status));
	assert_non_null(strstr(buf_cstr(&r.body), "\"confirmation_mailed\":true"));
	char *t = strstr(buf_cstr(&r.body), "\"token\":\"");
	assert_non_null(t);
	k = (k + 1) % 3;
	snprintf(token[k], sizeof token[k], "%.32s", t + 9);
	reply_free(&r);
	return token[k];
}

/* Waits up to s seconds for sql to give a non-zero number. */
static long long wait_for(const char *sql, int s)
{
	long long v = 0;
	for (int i = 0; i < s * 10 && v <= 0; i++) {
		v = regtest_int(&srv, "%s", sql);
		struct timespec ts = {0, 100000000};
		if (v <= 0)
			nanosleep(&ts, NULL);
	}
	return v;
}

/* The decoded content of a MIME part as a malloc'd string. */
static char *part_text(GMimePart *p)
{
	GMimeStream *out = g_mime_stream_mem_new();
	g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(p), out);
	GByteArray *ba = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out));
	char *s = strndup((const char *)ba->data, ba->len);
	g_object_unref(out);
	return s;
}

/* Parses raw as a message (caller unrefs). */
static GMimeMessage *parse(const char *raw)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(raw, strlen(raw));
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(st);
	assert_non_null(m);
	return m;
}

/* Every line of raw ends with CRLF. */
static void crlf_only(const char *raw)
{
	for (const char *p = raw; (p = strchr(p, '\n')); p++)
		assert_true(p > raw && p[-1] == '\r');
}

static void confirmation_is_retried_then_delivered_with_ics(void **state)
{
	(void)state;
	const char *token = register_mail(course, "吳雅婷", "yating@example.org", "\"enrolled\"");
	/* the sink is not listening: the mail stays queued, attempts recorded */
	assert_true(wait_for("SELECT count(*) FROM outbox WHERE to_addr='yating@example.org' "
			     "AND sent_at IS NULL AND attempts>=2 AND last_error IS NOT NULL", 20) > 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL"), 0);
	/* back-off: the next attempt is later than the first failure */
	assert_int_equal(regtest_int(&srv, "SELECT next_attempt_at>created_at FROM outbox WHERE "
				     "to_addr='yating@example.org'"), 1);
	char *log = server_log(&srv);
	assert_non_null(strstr(log, "retry in"));
	free(log);

	assert_int_equal(sink_start(&sink), 0);
	assert_int_equal(sink_wait(&sink, 1, 30), 1);
	assert_true(wait_for("SELECT count(*) FROM outbox WHERE to_addr='yating@example.org' "
			     "AND sent_at IS NOT NULL", 10) > 0);
	assert_string_equal(sink.rcpt[0], "yating@example.org");
	char *raw = sink_message(&sink, 0);
	assert_non_null(raw);
	crlf_only(raw);
	GMimeMessage *m = parse(raw);
	/* headers: subject decoded from RFC 2047, addresses, date, id */
	const char *subject = g_mime_message_get_subject(m);
	assert_non_null(subject);
	assert_non_null(strstr(subject, TITLE));
	assert_null(strstr(raw, "Subject: " TITLE));	/* encoded on the wire */
	assert_non_null(strstr(raw, "learning@keelung.example"));
	assert_non_null(g_mime_message_get_message_id(m));
	assert_non_null(g_mime_message_get_date(m));
	/* multipart/mixed: the text, then the calendar */
	GMimeObject *top = g_mime_message_get_mime_part(m);
	assert_true(GMIME_IS_MULTIPART(top));
	char *type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(top));
	assert_string_equal(type, "multipart/mixed");
	g_free(type);
	GMimeMultipart *mp = GMIME_MULTIPART(top);
	assert_int_equal(g_mime_multipart_get_count(mp), 2);
	GMimeObject *text = g_mime_multipart_get_part(mp, 0), *ics = g_mime_multipart_get_part(mp, 1);
	assert_true(GMIME_IS_TEXT_PART(text));
	assert_string_equal(g_mime_object_get_content_type_parameter(text, "charset"), "utf-8");
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(text)),
			 GMIME_CONTENT_ENCODING_BASE64);
	char *body = part_text(GMIME_PART(text));
	char want[64];
	snprintf(want, sizeof want, "/registrations/%s", token);
	assert_non_null(strstr(body, want));
	char link[33];
	assert_int_equal(find_token(body, "/me/", link), 0);
	assert_non_null(strstr(body, "吳雅婷"));
	free(body);
	/* the .ics: base64, an attachment named course.ics, the sessions in the city's zone */
	assert_true(GMIME_IS_PART(ics));
	type = g_mime_content_type_get_mime_type(g_mime_object_get_content_type(ics));
	assert_string_equal(type, "text/calendar");
	g_free(type);
	assert_string_equal(g_mime_part_get_filename(GMIME_PART(ics)), "course.ics");
	assert_string_equal(g_mime_object_get_disposition(ics), "attachment");
	assert_int_equal(g_mime_part_get_content_encoding(GMIME_PART(ics)),
			 GMIME_CONTENT_ENCODING_BASE64);
	char *cal = part_text(GMIME_PART(ics));
	assert_non_null(strstr(cal, "BEGIN:VCALENDAR"));
	assert_non_null(strstr(cal, "METHOD:PUBLISH"));
	assert_int_equal(strstr(cal, "BEGIN:VEVENT") != NULL, 1);
	assert_non_null(strstr(cal, "DTSTART;TZID=Asia/Taipei:20990105T090000"));
	assert_non_null(strstr(cal, "DTEND;TZID=Asia/Taipei:20990112T113000"));
	assert_non_null(strstr(cal, "SUMMARY:" TITLE));
	free(cal);
	g_object_unref(m);
	free(raw);
}

static void waiting_confirmation_has_no_ics_and_promotion_has_one(void **state)
{
	(void)state;
	int before = sink_wait(&sink, 0, 0);
	const char *first = register_mail(course, "第一候補", "wait1@example.org", "\"waitlisted\"");
	(void)first;
	assert_int_equal(sink_wait(&sink, before + 1, 30), before + 1);
	char *raw = sink_message(&sink, before);
	GMimeMessage *m = parse(raw);
	assert_non_null(strstr(g_mime_message_get_subject(m), "候補第 1 位"));
	assert_true(GMIME_IS_TEXT_PART(g_mime_message_get_mime_part(m)));	/* one part */
	g_object_unref(m);
	free(raw);
	/* the enrolled one cancels: the waiting one gets the seat and a mail with the .ics */
	long long enrolled = regtest_int(&srv, "SELECT g.id FROM registrations g JOIN learners l ON "
					 "l.id=g.learner_id WHERE l.email='yating@example.org'");
	assert_true(enrolled > 0);
	/* cancel through the learner's page link from the first mail */
	char *first_raw = sink_message(&sink, 0);
	GMimeMessage *fm = parse(first_raw);
	char *body = part_text(GMIME_PART(g_mime_multipart_get_part(
		GMIME_MULTIPART(g_mime_message_get_mime_part(fm)), 0)));
	char regtok[33];
	assert_int_equal(find_token(body, "/registrations/", regtok), 0);
	free(body);
	g_object_unref(fm);
	free(first_raw);
	char path[96];
	struct reply r;
	snprintf(path, sizeof path, "/api/v1/registrations/%s", regtok);
	assert_int_equal(api_call(&srv, &api, "DELETE", path, NULL, 1, &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(sink_wait(&sink, before + 2, 30), before + 2);
	raw = sink_message(&sink, before + 1);
	assert_string_equal(sink.rcpt[before + 1], "wait1@example.org");
	m = parse(raw);
	assert_non_null(strstr(g_mime_message_get_subject(m), "錄取"));
	GMimeObject *top = g_mime_message_get_mime_part(m);
	assert_true(GMIME_IS_MULTIPART(top));
	GMimeObject *ics = g_mime_multipart_get_part(GMIME_MULTIPART(top), 1);
	char *cal = part_text(GMIME_PART(ics));
	assert_non_null(strstr(cal, "SUMMARY:" TITLE));
	free(cal);
	g_object_unref(m);
	free(raw);
}

/* A forged Host header does not make the mailed links point elsewhere. */
static void mailed_links_ignore_the_host_header(void **state)
{
	(void)state;
	struct api_client forged = api;
	snprintf(forged.extra, sizeof forged.extra, "Host: evil.example");
	long long c = regtest_course(&srv, 1, 5, 0, "local", "寄信測試：Host", NULL);
	char path[96];
	struct reply r;
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", c);
	assert_int_equal(api_call(&srv, &forged, "POST", path,
				  "{\"name\":\"被冒用的人\",\"email\":\"victim@example.org\",\"consent\":true}",
				  1, &r), 0);
	assert_int_equal(r.status, 201);
	reply_free(&r);
	char *body = regtest_text(&srv, "SELECT body FROM outbox WHERE to_addr='victim@example.org'");
	assert_non_null(body);
	assert_null(strstr(body, "evil.example"));
	char want[64];
	snprintf(want, sizeof want, "http://127.0.0.1:%d/me/", srv.port);
	assert_non_null(strstr(body, want));
	free(body);
	assert_true(wait_for("SELECT count(*) FROM outbox WHERE to_addr='victim@example.org' "
			     "AND sent_at IS NOT NULL", 20) > 0);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
	/* nothing left unsent */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox WHERE sent_at IS NULL"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(confirmation_is_retried_then_delivered_with_ics),
		cmocka_unit_test(waiting_confirmation_has_no_ics_and_promotion_has_one),
		cmocka_unit_test(mailed_links_ignore_the_host_header),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, cleanup);
}
