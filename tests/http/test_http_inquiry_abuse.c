/* HTTP tests: the consultation form's checks and defences — a question of
 * 2,001 characters or without consent comes back with 400 and everything
 * typed kept and announced; going back keeps it too; the form needs its
 * CSRF token; a filled honeypot gets a normal-looking reply and nothing
 * is stored or mailed; the fourth question of an hour from one address
 * (--questions-per-hour 3) is a 429 with Retry-After, the form kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "inqtest.h"
#include "regtest.h"

static struct server srv;

static int start(void **state)
{
	*state = &srv;
	const char *extra[] = {"--questions-per-hour", "3", NULL};
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, extra) < 0)
		return -1;
	return 0;
}

static long long cases(void)
{
	return regtest_int(&srv, "SELECT count(*) FROM inquiries");
}

/* A question of n CJK characters (malloc'd). */
static char *long_question(int n)
{
	char *s = malloc((size_t)n * 3 + 1), *p = s;
	for (int i = 0; i < n; i++, p += 3)
		memcpy(p, i % 2 ? "學" : "習", 3);
	*p = '\0';
	return s;
}

static void question_of_2001_characters_is_refused_and_kept(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char *q = long_question(2001);
	assert_int_equal(inq_ask(&srv, &b, "courses", q, 0, NULL, NULL, 0, NULL, "next", &r), 400);
	inq_well_formed(&r, "step 1 with a long question");
	assert_non_null(strstr(buf_cstr(&r.body), q));	/* in the textarea, every character */
	assert_non_null(strstr(buf_cstr(&r.body), "2001"));
	assert_non_null(strstr(buf_cstr(&r.body), "aria-describedby=\"f-question-hint f-question-error\""));
	assert_non_null(strstr(buf_cstr(&r.body), "role=\"alert\""));
	reply_free(&r);
	/* sending it directly is refused the same way */
	assert_int_equal(inq_ask(&srv, &b, "courses", q, 0, "x@example.org", NULL, 1, NULL, "send", &r), 400);
	reply_free(&r);
	q[2000 * 3] = '\0';	/* 2,000 is allowed */
	assert_int_equal(inq_ask(&srv, &b, "courses", q, 0, NULL, NULL, 0, NULL, "next", &r), 200);
	inq_well_formed(&r, "step 2");
	reply_free(&r);
	free(q);
	assert_int_equal(cases(), 0);
}

static void missing_topic_or_text_is_named(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	assert_int_equal(inq_ask(&srv, &b, NULL, "   ", 0, NULL, NULL, 0, NULL, "next", &r), 400);
	assert_non_null(strstr(buf_cstr(&r.body), "href=\"#f-topic\""));
	assert_non_null(strstr(buf_cstr(&r.body), "href=\"#f-question\""));
	reply_free(&r);
}

static void missing_consent_or_contact_keeps_what_was_typed(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	assert_int_equal(inq_ask(&srv, &b, "planning", "想進修英文，有什麼管道？", 0, "kim@example.org",
				 NULL, 0, NULL, "send", &r), 400);
	inq_well_formed(&r, "step 2 without consent");
	const char *body = buf_cstr(&r.body);
	assert_non_null(strstr(body, "value=\"想進修英文，有什麼管道？\""));
	assert_non_null(strstr(body, "value=\"kim@example.org\""));
	assert_non_null(strstr(body, "f-consent-error"));
	assert_non_null(strstr(body, "個人資料保護法第8條告知事項"));
	reply_free(&r);
	assert_int_equal(inq_ask(&srv, &b, "planning", "想進修英文，有什麼管道？", 0, NULL, NULL, 1, NULL,
				 "send", &r), 400);
	assert_non_null(strstr(buf_cstr(&r.body), "f-email-error"));
	reply_free(&r);
	assert_int_equal(inq_ask(&srv, &b, "planning", "想進修英文，有什麼管道？", 0, "not-an-address",
				 "12", 1, NULL, "send", &r), 400);
	assert_non_null(strstr(buf_cstr(&r.body), "f-email-error"));
	assert_non_null(strstr(buf_cstr(&r.body), "f-phone-error"));
	reply_free(&r);
	assert_int_equal(cases(), 0);
}

static void back_keeps_the_question_and_contact(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	assert_int_equal(inq_ask(&srv, &b, "records", "學習時數怎麼查？", 0, "lee@example.org",
				 "02-2422-5520", 1, NULL, "back", &r), 200);
	inq_well_formed(&r, "back to step 1");
	const char *body = buf_cstr(&r.body);
	assert_non_null(strstr(body, ">學習時數怎麼查？</textarea>"));
	assert_non_null(strstr(body, "value=\"lee@example.org\""));
	assert_non_null(strstr(body, "value=\"02-2422-5520\""));
	assert_non_null(strstr(body, "value=\"records\" checked=\"checked\""));
	reply_free(&r);
}

static void the_form_needs_its_token(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(http_fetch(&srv, "POST", "/ask",
				    "topic=courses&question=x&email=a%40example.org&consent=yes&action=send",
				    "application/x-www-form-urlencoded", &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_int_equal(cases(), 0);
}

static void a_filled_honeypot_stores_nothing(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	assert_int_equal(inq_ask(&srv, &b, "courses", "便宜好康請點連結", 0, "bot@example.org", NULL, 1,
				 "http://spam.example/", "send", &r), 200);
	inq_well_formed(&r, "honeypot reply");
	assert_non_null(strstr(buf_cstr(&r.body), "已收到您的諮詢"));
	assert_null(strstr(buf_cstr(&r.body), "/inquiries/"));
	reply_free(&r);
	assert_int_equal(cases(), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox"), 0);
	/* the honeypot is out of sight and out of the keyboard order */
	assert_int_equal(inq_ask(&srv, &b, "courses", "x", 0, NULL, NULL, 0, NULL, "next", &r), 200);
	assert_non_null(strstr(buf_cstr(&r.body), "aria-hidden=\"true\"><label for=\"f-url\""));
	assert_non_null(strstr(buf_cstr(&r.body), "tabindex=\"-1\""));
	reply_free(&r);
}

static void the_fourth_question_in_an_hour_is_429(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char q[64], hdr[32];
	for (int i = 1; i <= 3; i++) {
		snprintf(q, sizeof q, "第 %d 個問題：圖書館幾點開門？", i);
		assert_int_equal(inq_ask(&srv, &b, "other", q, 0, NULL, "0912-345-678", 1, NULL, "send",
					 &r), 200);
		assert_non_null(strstr(buf_cstr(&r.body), "/inquiries/"));
		reply_free(&r);
	}
	assert_int_equal(inq_ask(&srv, &b, "other", "第 4 個問題：週末也開嗎？", 0, NULL, "0912-345-678",
				 1, NULL, "send", &r), 429);
	inq_well_formed(&r, "429 page");
	assert_int_equal(reply_header(&r, "Retry-After", hdr, sizeof hdr), 0);
	assert_string_equal(hdr, "3600");
	assert_non_null(strstr(buf_cstr(&r.body), "第 4 個問題：週末也開嗎？"));
	assert_non_null(strstr(buf_cstr(&r.body), "value=\"0912-345-678\""));
	reply_free(&r);
	assert_int_equal(cases(), 3);
	/* each case got its own number */
	assert_int_equal(regtest_int(&srv, "SELECT count(DISTINCT case_no) FROM inquiries"), 3);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(question_of_2001_characters_is_refused_and_kept),
		cmocka_unit_test(missing_topic_or_text_is_named),
		cmocka_unit_test(missing_consent_or_contact_keeps_what_was_typed),
		cmocka_unit_test(back_keeps_the_question_and_contact),
		cmocka_unit_test(the_form_needs_its_token),
		cmocka_unit_test(a_filled_honeypot_stores_nothing),
		cmocka_unit_test(the_fourth_question_in_an_hour_is_429),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
