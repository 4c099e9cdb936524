/* HTTP tests: the consultation service — routing a question to the
 * institution chosen (else the Education Department), handing it on,
 * who may see a case, the status flow (open → answered → closed →
 * reopened) with first_answered_at set once, the answer e-mail through a
 * local SMTP sink, the citizen's page (answers and suggested courses,
 * never internal notes), closing and deleting by the citizen, the
 * response-time statistics with known data (counted in the city's year),
 * the FAQ and its CJK search, HTML in a question shown escaped to staff,
 * nothing added to a deleted case, the inbox's next page keeping its
 * filters, step 2 in Thai and Vietnamese whole, and a busy database
 * giving the form back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gmime/gmime.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "inqtest.h"
#include "regtest.h"
#include "smtpsink.h"

#define PW "harbour lights at dusk"
#define INST_A "七堵區百福圖書館"
#define INST_B "中正區圖書館"
#define INST_STATS "基隆市長青學苑"

static struct server srv;
static struct smtp_sink sink;
static struct browser admin, staff_a, staff_b, viewer;
static long long inst_a, inst_b;

static int start(void **state)
{
	(void)state;
	static const char *const extra[] = {"--no-rate-limit", NULL};
	g_mime_init();
	if (sink_reserve(&sink) < 0 || sink_start(&sink) < 0 || server_prepare(&srv, 1) < 0)
		return -1;
	if (sink_serve(&sink, &srv, extra) < 0 ||
	    staff_create(&srv, &admin, "admin", NULL, "officer@example.org", PW) < 0 ||
	    staff_create(&srv, &staff_a, "institution", INST_A, "a@example.org", PW) < 0 ||
	    staff_create(&srv, &staff_b, "institution", INST_B, "b@example.org", PW) < 0 ||
	    staff_create(&srv, &viewer, "viewer", NULL, "viewer@example.org", PW) < 0)
		return -1;
	inst_a = regtest_int(&srv, "SELECT id FROM institutions WHERE name_zh=%Q", INST_A);
	inst_b = regtest_int(&srv, "SELECT id FROM institutions WHERE name_zh=%Q", INST_B);
	return inst_a > 0 && inst_b > 0 ? 0 : -1;
}

static int cleanup(void **state)
{
	(void)state;
	sink_finish(&sink, &srv);
	return 0;
}

/* GETs path as b; returns the status; a 200 page must be well-formed.
 * The reply is kept in out when given. */
static long get(struct browser *b, const char *path, struct reply *out)
{
	struct reply r;
	assert_int_equal(browser_get(&srv, b, path, &r), 0);
	long st = r.status;
	if (st == 200 && strstr(buf_cstr(&r.headers), "text/html"))
		inq_well_formed(&r, path);
	if (out)
		*out = r;
	else
		reply_free(&r);
	return st;
}

/* True if b's page at path contains needle. */
static int page_has(struct browser *b, const char *path, const char *needle)
{
	struct reply r;
	assert_int_equal(get(b, path, &r), 200);
	int found = strstr(buf_cstr(&r.body), needle) != NULL;
	reply_free(&r);
	return found;
}

/* POSTs one field (plus the token) to /admin/inquiries/{id}/what as b. */
static long act(struct browser *b, long long id, const char *what, const char *k, const char *v)
{
	struct buf f = BUF_INIT;
	char path[96];
	snprintf(path, sizeof path, "/admin/inquiries/%lld/%s", id, what);
	form_add(&f, k, v);
	long st = inq_post(&srv, b, path, &f, NULL);
	buf_free(&f);
	return st;
}

static void case_path(char *out, size_t n, long long id)
{
	snprintf(out, n, "/admin/inquiries/%lld", id);
}

static void question_goes_to_the_institution_chosen(void **state)
{
	(void)state;
	char token[33], path[64];
	long long id = inq_new_case(&srv, "請問七堵的親子共讀活動怎麼報名？", inst_a, "mom@example.org", token);
	assert_true(id > 0);
	assert_int_equal(regtest_int(&srv, "SELECT institution_id FROM inquiries WHERE id=%lld", id), inst_a);
	/* a readable case number: ROC date, a dash, a sequence */
	char *no = regtest_text(&srv, "SELECT case_no FROM inquiries WHERE id=%lld", id);
	assert_non_null(no);
	assert_int_equal(strlen(no), 11);
	assert_int_equal(no[7], '-');
	free(no);
	assert_int_equal(regtest_int(&srv, "SELECT length(token_hash) FROM inquiries WHERE id=%lld", id), 32);
	case_path(path, sizeof path, id);
	assert_true(page_has(&staff_a, "/admin/inquiries", "親子共讀"));
	assert_false(page_has(&staff_b, "/admin/inquiries", "親子共讀"));
	assert_true(page_has(&admin, "/admin/inquiries", "親子共讀"));
	assert_int_equal(get(&staff_a, path, NULL), 200);
	assert_int_equal(get(&staff_b, path, NULL), 404);	/* not theirs: as if absent */
	assert_int_equal(get(&admin, path, NULL), 200);
	assert_int_equal(act(&staff_b, id, "note", "body", "看看"), 404);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM inquiry_notes WHERE inquiry_id=%lld", id), 0);
}

static void unrouted_question_goes_to_the_department(void **state)
{
	(void)state;
	char token[33], path[64];
	long long id = inq_new_case(&srv, "不知道該找哪個單位：想考取電腦證照", 0, NULL, token);
	assert_true(id > 0);
	assert_int_equal(regtest_int(&srv, "SELECT institution_id IS NULL FROM inquiries WHERE id=%lld", id), 1);
	assert_false(page_has(&staff_a, "/admin/inquiries", "電腦證照"));
	assert_true(page_has(&admin, "/admin/inquiries?institution=-1", "電腦證照"));
	assert_false(page_has(&admin, "/admin/inquiries?institution=-1", "親子共讀"));
	case_path(path, sizeof path, id);
	assert_int_equal(get(&staff_a, path, NULL), 404);
	/* the department hands it to B; B hands it back; A may not route it */
	char v[32];
	snprintf(v, sizeof v, "%lld", inst_b);
	assert_int_equal(act(&admin, id, "route", "institution", v), 303);
	assert_int_equal(regtest_int(&srv, "SELECT institution_id FROM inquiries WHERE id=%lld", id), inst_b);
	assert_true(page_has(&staff_b, "/admin/inquiries", "電腦證照"));
	assert_int_equal(act(&staff_b, id, "route", "institution", "0"), 303);
	assert_int_equal(regtest_int(&srv, "SELECT institution_id IS NULL FROM inquiries WHERE id=%lld", id), 1);
	assert_int_equal(get(&staff_b, path, NULL), 404);
	assert_int_equal(act(&admin, id, "route", "institution", v), 303);
	snprintf(v, sizeof v, "%lld", inst_a);
	assert_int_equal(act(&staff_b, id, "route", "institution", v), 403);
	assert_int_equal(regtest_int(&srv, "SELECT institution_id FROM inquiries WHERE id=%lld", id), inst_b);
	assert_true(regtest_int(&srv, "SELECT count(*) FROM audit_log WHERE entity='inquiry' AND "
				"action='route' AND entity_id=%lld", id) >= 3);
}

static void viewers_and_citizens_stay_out(void **state)
{
	(void)state;
	struct browser anon = {""};
	assert_int_equal(get(&viewer, "/admin/inquiries", NULL), 403);
	assert_int_equal(get(&viewer, "/admin/faqs", NULL), 403);
	assert_int_equal(get(&staff_a, "/admin/faqs", NULL), 403);
	assert_int_equal(get(&viewer, "/admin/inquiries/stats", NULL), 200);
	struct reply r;
	assert_int_equal(browser_get(&srv, &anon, "/admin/inquiries", &r), 0);
	assert_true(r.status == 303 || r.status == 403);
	reply_free(&r);
}

static void assigning_needs_staff_of_the_institution(void **state)
{
	(void)state;
	char token[33], v[32];
	long long id = inq_new_case(&srv, "樂齡電腦班有沒有晚上的？", inst_a, NULL, token);
	long long a_user = regtest_int(&srv, "SELECT id FROM users WHERE email='a@example.org'");
	long long b_user = regtest_int(&srv, "SELECT id FROM users WHERE email='b@example.org'");
	snprintf(v, sizeof v, "%lld", b_user);
	assert_int_equal(act(&staff_a, id, "assign", "user", v), 400);
	snprintf(v, sizeof v, "%lld", a_user);
	assert_int_equal(act(&staff_a, id, "assign", "user", v), 303);
	assert_int_equal(regtest_int(&srv, "SELECT assigned_user_id FROM inquiries WHERE id=%lld", id), a_user);
	assert_true(page_has(&staff_a, "/admin/inquiries?mine=yes", "樂齡電腦班"));
	assert_false(page_has(&admin, "/admin/inquiries?mine=yes", "樂齡電腦班"));
}

/* Answers case id as b with text and the courses (ids, 0-terminated). */
static long answer(struct browser *b, long long id, const char *text, const long long *courses)
{
	struct buf f = BUF_INIT;
	char path[96], v[32];
	snprintf(path, sizeof path, "/admin/inquiries/%lld/answer", id);
	form_add(&f, "answer", text);
	for (int i = 0; courses && courses[i]; i++) {
		snprintf(v, sizeof v, "%lld", courses[i]);
		form_add(&f, "course", v);
	}
	form_add(&f, "action", "send");
	long st = inq_post(&srv, b, path, &f, NULL);
	buf_free(&f);
	return st;
}

/* The text/plain body of a message, decoded (malloc'd). */
static char *mail_text(const char *raw, char **subject)
{
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(raw, strlen(raw));
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	assert_non_null(m);
	GMimeObject *body = g_mime_message_get_body(m);
	assert_true(GMIME_IS_TEXT_PART(body));
	char *text = g_mime_text_part_get_text(GMIME_TEXT_PART(body));
	char *out = strdup(text);
	*subject = strdup(g_mime_message_get_subject(m));
	g_free(text);
	g_object_unref(m);
	g_object_unref(p);
	g_object_unref(st);
	return out;
}

/* Waits for a mail to `to` whose subject holds `want`; its body (malloc'd). */
static char *wait_mail(const char *to, const char *want)
{
	for (int tries = 0; tries < 200; tries++) {
		int n = sink_wait(&sink, 1, 1);
		for (int i = n - 1; i >= 0; i--) {
			char *subject = NULL, *raw = sink_message(&sink, i);
			if (!raw || strcmp(sink.rcpt[i], to)) {
				free(raw);
				continue;
			}
			char *text = mail_text(raw, &subject);
			free(raw);
			int ok = strstr(subject, want) != NULL;
			free(subject);
			if (ok)
				return text;
			free(text);
		}
		struct timespec ts = {0, 100000000};
		nanosleep(&ts, NULL);
	}
	fail_msg("no mail to %s about %s", to, want);
	return NULL;
}

static void status_flow_answer_mail_and_first_answer_once(void **state)
{
	(void)state;
	char token[33], path[96];
	static const char *const none[] = {NULL};
	long long course = regtest_course(&srv, 1, 20, 0, "arts", "書法入門：楷書基本筆畫", none);
	assert_true(course > 0);
	long long id = inq_new_case(&srv, "想學書法，週末有課嗎？", inst_a, "writer@example.org", token);
	assert_true(id > 0);
	/* the confirmation: case number and private link */
	char *text = wait_mail("writer@example.org", "已收到");
	snprintf(path, sizeof path, "/inquiries/%s", token);
	assert_non_null(strstr(text, path));
	free(text);
	assert_int_equal(act(&staff_a, id, "note", "body", "內部備註：請洽書法老師排課XYZ"), 303);
	const long long courses[] = {course, 0};
	assert_int_equal(answer(&staff_a, id, "週六上午有書法入門班，歡迎報名。", courses), 303);
	assert_int_equal(regtest_int(&srv, "SELECT status='answered' AND first_answered_at IS NOT NULL "
				     "FROM inquiries WHERE id=%lld", id), 1);
	char *first = regtest_text(&srv, "SELECT first_answered_at FROM inquiries WHERE id=%lld", id);
	/* the answer e-mail: text, course link, a working private link */
	text = wait_mail("writer@example.org", "已有回覆");
	assert_non_null(strstr(text, "週六上午有書法入門班"));
	char want[64], mailed[33];
	snprintf(want, sizeof want, "/courses/%lld", course);
	assert_non_null(strstr(text, want));
	assert_null(strstr(text, "XYZ"));
	assert_int_equal(find_token(text, "/inquiries/", mailed), 0);
	free(text);
	struct browser citizen = {""};
	snprintf(path, sizeof path, "/inquiries/%s", mailed);
	assert_true(page_has(&citizen, path, "週六上午有書法入門班"));
	/* the citizen's page: answer and course link, never the internal note */
	struct reply r;
	snprintf(path, sizeof path, "/inquiries/%s", token);
	assert_int_equal(get(&citizen, path, &r), 200);
	assert_non_null(strstr(buf_cstr(&r.body), "週六上午有書法入門班"));
	snprintf(want, sizeof want, "href=\"/courses/%lld\"", course);
	assert_non_null(strstr(buf_cstr(&r.body), want));
	assert_null(strstr(buf_cstr(&r.body), "XYZ"));
	assert_non_null(strstr(buf_cstr(&r.body), "已回覆"));
	reply_free(&r);
	/* staff see both */
	case_path(path, sizeof path, id);
	assert_true(page_has(&staff_a, path, "XYZ"));
	/* close, reopen, answer again: first_answered_at stays */
	assert_int_equal(act(&staff_a, id, "status", "status", "closed"), 303);
	assert_int_equal(regtest_int(&srv, "SELECT status='closed' AND closed_at IS NOT NULL FROM "
				     "inquiries WHERE id=%lld", id), 1);
	assert_int_equal(act(&staff_a, id, "status", "status", "open"), 303);
	assert_int_equal(regtest_int(&srv, "SELECT status='open' AND closed_at IS NULL FROM "
				     "inquiries WHERE id=%lld", id), 1);
	struct timespec ts = {1, 100000000};
	nanosleep(&ts, NULL);
	assert_int_equal(answer(&staff_a, id, "補充：週日也有一班。", NULL), 303);
	char *again = regtest_text(&srv, "SELECT first_answered_at FROM inquiries WHERE id=%lld", id);
	assert_string_equal(first, again);
	free(first);
	free(again);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM audit_log WHERE entity='inquiry' AND "
				     "entity_id=%lld AND action IN ('answer','close','reopen','note')", id), 5);
}

static void empty_answer_keeps_the_page_and_changes_nothing(void **state)
{
	(void)state;
	char token[33], path[96];
	long long id = inq_new_case(&srv, "空白回覆測試", inst_a, NULL, token);
	struct buf f = BUF_INIT;
	struct reply r;
	snprintf(path, sizeof path, "/admin/inquiries/%lld/answer", id);
	form_add(&f, "answer", "   ");
	form_add(&f, "course_q", "書法");
	form_add(&f, "action", "send");
	assert_int_equal(inq_post(&srv, &staff_a, path, &f, &r), 400);
	inq_well_formed(&r, "answer with errors");
	assert_non_null(strstr(buf_cstr(&r.body), "aria-invalid=\"true\""));
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT status='open' FROM inquiries WHERE id=%lld", id), 1);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM inquiry_notes WHERE inquiry_id=%lld", id), 0);
	/* finding courses lists published ones to tick, keeping the text */
	form_add(&f, "answer", "草稿：可以參考");
	form_add(&f, "course_q", "書法");
	form_add(&f, "action", "find");
	assert_int_equal(inq_post(&srv, &staff_a, path, &f, &r), 200);
	inq_well_formed(&r, "course finder");
	assert_non_null(strstr(buf_cstr(&r.body), "書法入門：楷書基本筆畫"));
	assert_non_null(strstr(buf_cstr(&r.body), "草稿：可以參考"));
	assert_non_null(strstr(buf_cstr(&r.body), "name=\"course\""));
	reply_free(&r);
	buf_free(&f);
}

static void html_in_a_question_is_escaped_for_staff(void **state)
{
	(void)state;
	char token[33], path[64];
	long long id = inq_new_case(&srv, "<script>alert('x')</script><b>粗體</b>", inst_a, NULL, token);
	struct reply r;
	assert_int_equal(get(&staff_a, "/admin/inquiries", &r), 200);
	assert_null(strstr(buf_cstr(&r.body), "<script>alert"));
	assert_non_null(strstr(buf_cstr(&r.body), "&lt;script&gt;"));
	reply_free(&r);
	case_path(path, sizeof path, id);
	assert_int_equal(get(&staff_a, path, &r), 200);
	assert_null(strstr(buf_cstr(&r.body), "<b>粗體"));
	assert_non_null(strstr(buf_cstr(&r.body), "&lt;b&gt;粗體"));
	reply_free(&r);
}

static void citizen_closes_and_deletes(void **state)
{
	(void)state;
	char token[33], path[96];
	struct browser citizen = {""};
	struct buf f = BUF_INIT;
	struct reply r;
	long long id = inq_new_case(&srv, "刪除測試：我的電話是 0988-000-111", inst_a, "del@example.org", token);
	snprintf(path, sizeof path, "/inquiries/%s/close", token);
	assert_int_equal(inq_post(&srv, &citizen, path, &f, NULL), 303);
	assert_int_equal(regtest_int(&srv, "SELECT status='closed' FROM inquiries WHERE id=%lld", id), 1);
	/* without the confirmation nothing is deleted */
	snprintf(path, sizeof path, "/inquiries/%s/delete", token);
	assert_int_equal(inq_post(&srv, &citizen, path, &f, &r), 400);
	inq_well_formed(&r, "delete without confirm");
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT contact_email IS NOT NULL FROM inquiries WHERE id=%lld", id), 1);
	form_add(&f, "confirm", "yes");
	assert_int_equal(inq_post(&srv, &citizen, path, &f, NULL), 200);
	assert_int_equal(regtest_int(&srv, "SELECT question='' AND contact_email IS NULL AND "
				     "contact_phone IS NULL AND redacted_at IS NOT NULL FROM inquiries "
				     "WHERE id=%lld", id), 1);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox WHERE inquiry_id=%lld OR "
				     "to_addr='del@example.org' AND sent_at IS NULL", id), 0);
	snprintf(path, sizeof path, "/inquiries/%s", token);
	assert_int_equal(get(&citizen, path, NULL), 404);
	buf_free(&f);
}

/* Adds a case of institution inst created on 2026-01-01 and answered
 * whole days later (0: not answered). */
static void stat_case(long long inst, int n, int days)
{
	char answered[40] = "NULL";
	if (days)
		snprintf(answered, sizeof answered, "'2026-01-%02dT00:00:00Z'", 1 + days);
	assert_int_equal(regtest_sql(&srv, "INSERT INTO inquiries(case_no,topic,institution_id,question,"
				     "consent_at,token_hash,created_at,first_answered_at,status) VALUES("
				     "'S-%d','other',%lld,'q','2026-01-01T00:00:00Z',randomblob(32),"
				     "'2026-01-01T00:00:00Z',%s,%Q)", n, inst, answered,
				     days ? "answered" : "open"), 0);
}

static void statistics_median_and_p90_with_known_data(void **state)
{
	(void)state;
	long long inst = regtest_int(&srv, "SELECT id FROM institutions WHERE name_zh=%Q", INST_STATS);
	static const int days[] = {1, 2, 3, 4, 10, 0};
	for (int i = 0; i < 6; i++)
		stat_case(inst, i, days[i]);
	struct reply r;
	assert_int_equal(get(&viewer, "/admin/inquiries/stats?year=2026", &r), 200);
	const char *p = strstr(buf_cstr(&r.body), INST_STATS "</th>");
	assert_non_null(p);
	/* cases, open, answered, median, p90 */
	assert_non_null(strstr(p, "<td class=\"num\">6</td><td class=\"num\">1</td>"
			       "<td class=\"num\">5</td><td class=\"num\">3.0</td>"
			       "<td class=\"num\">7.6</td>"));
	reply_free(&r);
	assert_int_equal(get(&viewer, "/admin/inquiries/stats.csv?year=115", &r), 200);
	assert_non_null(strstr(buf_cstr(&r.body), "\"" INST_STATS "\",\"6\",\"1\",\"5\",\"3.0\",\"7.6\""));
	reply_free(&r);
	/* the plan dashboard of a year shows that year's row, and links to the
	 * page (the plan runs 2022-2024: the same cases, two years earlier) */
	assert_int_equal(regtest_sql(&srv, "UPDATE inquiries SET created_at=replace(created_at,"
				     "'2026-','2024-'),first_answered_at=replace(first_answered_at,"
				     "'2026-','2024-') WHERE case_no LIKE 'S-%%'"), 0);
	assert_int_equal(get(&viewer, "/admin/kpi?year=2024", &r), 200);
	p = strstr(buf_cstr(&r.body), "id=\"inquiry-times\"");
	assert_non_null(p);
	p = strstr(p, INST_STATS "</th>");
	assert_non_null(p);
	assert_non_null(strstr(p, "<td class=\"num\">3.0</td><td class=\"num\">7.6</td>"));
	assert_non_null(strstr(buf_cstr(&r.body), "/admin/inquiries/stats?year=2024"));
	reply_free(&r);
}

/* Creates an FAQ entry as the administrator. */
static long faq_add(const char *q, const char *a, int published)
{
	struct buf f = BUF_INIT;
	form_add(&f, "topic", "courses");
	form_add(&f, "question", q);
	form_add(&f, "answer", a);
	form_add(&f, "sort", "1");
	if (published)
		form_add(&f, "published", "yes");
	long st = inq_post(&srv, &admin, "/admin/faqs", &f, NULL);
	buf_free(&f);
	return st;
}

static void faq_search_finds_cjk_and_helps_before_sending(void **state)
{
	(void)state;
	struct browser citizen = {""};
	struct reply r;
	assert_int_equal(faq_add("篆刻與書法入門要準備什麼？", "毛筆與墨汁，教室提供紙張。", 1), 303);
	assert_int_equal(faq_add("書法草稿（未公開）", "還沒寫好。", 0), 303);
	assert_int_equal(faq_add("", "沒有問題的解答", 1), 400);
	assert_int_equal(get(&citizen, "/faq?q=%E6%9B%B8%E6%B3%95", &r), 200);	/* 書法 */
	assert_non_null(strstr(buf_cstr(&r.body), "篆刻與書法入門要準備什麼？"));
	assert_null(strstr(buf_cstr(&r.body), "書法草稿"));
	reply_free(&r);
	assert_true(page_has(&citizen, "/faq", "篆刻與書法入門要準備什麼？"));
	/* step 1 → step 2 shows the matching answers before anything is sent */
	long long before = regtest_int(&srv, "SELECT count(*) FROM inquiries");
	assert_int_equal(inq_ask(&srv, &citizen, "courses", "請問書法課要帶什麼", 0, NULL, NULL, 0,
				 NULL, "next", &r), 200);
	inq_well_formed(&r, "ask step 2");
	const char *help = strstr(buf_cstr(&r.body), "這些解答也許能幫上忙");
	assert_non_null(help);
	assert_non_null(strstr(help, "篆刻與書法入門要準備什麼？"));
	assert_non_null(strstr(buf_cstr(&r.body), "個人資料保護法第8條告知事項"));
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM inquiries"), before);
	/* unpublishing takes it off */
	long long id = regtest_int(&srv, "SELECT id FROM faqs WHERE question LIKE '篆刻%%'");
	char path[64];
	struct buf f = BUF_INIT;
	snprintf(path, sizeof path, "/admin/faqs/%lld", id);
	assert_int_equal(get(&admin, path, NULL), 200);
	form_add(&f, "topic", "courses");
	form_add(&f, "question", "篆刻與書法入門要準備什麼？");
	form_add(&f, "answer", "毛筆與墨汁。");
	form_add(&f, "sort", "2");
	assert_int_equal(inq_post(&srv, &admin, path, &f, NULL), 303);
	assert_false(page_has(&citizen, "/faq?q=%E6%9B%B8%E6%B3%95", "篆刻與書法"));
	snprintf(path, sizeof path, "/admin/faqs/%lld/delete", id);
	form_add(&f, "confirm", "yes");
	assert_int_equal(inq_post(&srv, &admin, path, &f, NULL), 303);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM faqs WHERE id=%lld", id), 0);
	buf_free(&f);
}

static void pages_link_to_the_service(void **state)
{
	(void)state;
	struct browser citizen = {""};
	char path[64];
	assert_true(page_has(&citizen, "/", "href=\"/ask\""));
	snprintf(path, sizeof path, "/institutions/%lld", inst_b);
	char want[64];
	snprintf(want, sizeof want, "href=\"/ask?institution=%lld\"", inst_b);
	assert_true(page_has(&citizen, path, want));
	snprintf(path, sizeof path, "/ask?institution=%lld", inst_b);
	assert_true(page_has(&citizen, path, INST_B));
	assert_int_equal(get(&citizen, "/ask?institution=999999", NULL), 400);
	assert_true(page_has(&citizen, "/sitemap", "href=\"/faq\""));
	assert_true(page_has(&admin, "/admin", "/admin/inquiries"));
	assert_int_equal(get(&admin, "/admin/faqs", NULL), 200);
	assert_int_equal(get(&admin, "/admin/inquiries?status=all", NULL), 200);
	assert_int_equal(get(&admin, "/admin/inquiries?status=closed", NULL), 200);
}

/* After the citizen deleted a case, no note, assignment, hand-on or
 * status change reaches it. */
static void a_deleted_case_takes_no_note_or_change(void **state)
{
	(void)state;
	char token[33], path[96];
	struct browser citizen = {""};
	struct buf f = BUF_INIT;
	long long id = inq_new_case(&srv, "刪除後備註測試", inst_a, NULL, token);
	snprintf(path, sizeof path, "/inquiries/%s/delete", token);
	form_add(&f, "confirm", "yes");
	assert_int_equal(inq_post(&srv, &citizen, path, &f, NULL), 200);
	buf_free(&f);
	assert_int_equal(act(&staff_a, id, "note", "body", "民眾的電話 0988-000-222"), 409);
	assert_int_equal(act(&staff_a, id, "answer", "answer", "回覆"), 409);
	assert_int_equal(act(&staff_a, id, "assign", "user", "0"), 409);
	assert_int_equal(act(&staff_a, id, "route", "institution", "0"), 409);
	assert_int_equal(act(&admin, id, "status", "status", "open"), 409);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM inquiry_notes WHERE inquiry_id=%lld", id), 0);
	assert_int_equal(regtest_int(&srv, "SELECT status='closed' AND institution_id=%lld FROM inquiries "
				     "WHERE id=%lld", inst_a, id), 1);
}

/* An institution no other test uses; its name goes to name. */
static long long spare_institution(char *name, size_t n)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long id = -1;
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT id,name_zh FROM institutions WHERE id NOT IN (?1,?2) "
					    "AND name_zh<>?3 ORDER BY id DESC LIMIT 1", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, inst_a);
	sqlite3_bind_int64(st, 2, inst_b);
	sqlite3_bind_text(st, 3, INST_STATS, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(name, n, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_true(id > 0);
	return id;
}

static void inbox_next_page_keeps_the_filters(void **state)
{
	(void)state;
	char name[256], path[128], want[160];
	long long inst = spare_institution(name, sizeof name);
	long long me = regtest_int(&srv, "SELECT id FROM users WHERE email='officer@example.org'");
	assert_int_equal(regtest_sql(&srv, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
				     "WHERE i<51) INSERT INTO inquiries(case_no,topic,institution_id,question,"
				     "consent_at,token_hash,assigned_user_id) SELECT 'P-'||i,'other',%lld,'q',"
				     "'2026-01-01T00:00:00Z',randomblob(32),%lld FROM n", inst, me), 0);
	snprintf(path, sizeof path, "/admin/inquiries?status=open&mine=yes&institution=%lld", inst);
	snprintf(want, sizeof want, "href=\"/admin/inquiries?status=open&amp;mine=yes&amp;institution=%lld"
		 "&amp;page=2\"", inst);
	assert_true(page_has(&admin, path, want));
	assert_int_equal(regtest_sql(&srv, "DELETE FROM inquiries WHERE case_no LIKE 'P-%%'"), 0);
}

/* A case sent at 01:00 on 1 January in Taipei (17:00 UTC the day before)
 * counts in the new year. */
static void statistics_count_the_city_year(void **state)
{
	(void)state;
	char name[256], cell[512];
	long long inst = spare_institution(name, sizeof name);
	assert_int_equal(regtest_sql(&srv, "INSERT INTO inquiries(case_no,topic,institution_id,question,"
				     "consent_at,token_hash,created_at) VALUES('Y-1','other',%lld,'q',"
				     "'2025-12-31T17:00:00Z',randomblob(32),'2025-12-31T17:00:00Z')", inst), 0);
	struct reply r;
	snprintf(cell, sizeof cell, "%s</th><td class=\"num\">1</td>", name);
	assert_int_equal(get(&viewer, "/admin/inquiries/stats?year=2026", &r), 200);
	assert_non_null(strstr(buf_cstr(&r.body), cell));
	reply_free(&r);
	assert_int_equal(get(&viewer, "/admin/inquiries/stats?year=2025", &r), 200);
	assert_null(strstr(buf_cstr(&r.body), name));
	reply_free(&r);
	assert_int_equal(regtest_sql(&srv, "DELETE FROM inquiries WHERE case_no='Y-1'"), 0);
}

/* Step 2 in language lang contains want whole, as valid UTF-8. */
static void step2_whole(const char *lang, const char *want)
{
	struct browser b = {""};
	struct reply r;
	snprintf(b.cookies, sizeof b.cookies, "ll_lang=%s", lang);
	assert_int_equal(inq_ask(&srv, &b, "courses", "晚上有課嗎？", 0, NULL, NULL, 0, NULL, "next", &r),
			 200);
	inq_well_formed(&r, "step 2");
	assert_true(g_utf8_validate(buf_cstr(&r.body), (gssize)r.body.len, NULL));
	assert_non_null(strstr(buf_cstr(&r.body), want));
	/* the contact hint describes both fields: their fieldset names it */
	const char *fs = strstr(buf_cstr(&r.body), "<fieldset id=\"f-contact\"");
	assert_non_null(fs);
	assert_true(!strncmp(fs, "<fieldset id=\"f-contact\" class=\"field\" aria-describedby=\"f-contact-hint\">",
			     strlen("<fieldset id=\"f-contact\" class=\"field\" aria-describedby=\"f-contact-hint\">")));
	const char *end = strstr(fs, "</fieldset>");
	const char *email = strstr(fs, "id=\"f-email\""), *phone = strstr(fs, "id=\"f-phone\"");
	assert_true(email && phone && end && email < end && phone < end);
	assert_non_null(strstr(fs, "id=\"f-contact-hint\""));
	reply_free(&r);
}

static void step2_in_thai_and_vietnamese_is_whole(void **state)
{
	(void)state;
	step2_whole("th", "เก็บไว้ 365 วันหลังปิดคำถาม จากนั้นลบเนื้อหาคำถามและข้อมูลติดต่อ "
		    "เหลือเพียงสถิติที่ไม่มีข้อมูลส่วนบุคคล ใช้ในรูปแบบอิเล็กทรอนิกส์ในไต้หวัน"
		    "โดยรัฐบาลเมืองและสถาบันที่รับเรื่อง คำปรึกษาที่ตอบแล้วจะปิดโดยอัตโนมัติ"
		    "หากไม่มีการตอบใหม่ภายใน 30 วัน");
	step2_whole("vi", "Giữ 365 ngày sau khi kết thúc câu hỏi; sau đó xóa nội dung câu hỏi và thông tin "
		    "liên lạc, chỉ giữ số liệu thống kê không có dữ liệu cá nhân. Được chính quyền thành phố "
		    "và cơ sở tiếp nhận sử dụng bằng phương tiện điện tử tại Đài Loan. Câu hỏi đã được trả lời "
		    "sẽ tự động kết thúc nếu không có trả lời mới trong 30 ngày.");
}

/* With the database locked the question comes back: 503, Retry-After,
 * everything typed kept; once free, the same form goes through. */
static void a_busy_database_gives_the_form_back(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char ra[16];
	long long before = regtest_int(&srv, "SELECT count(*) FROM inquiries");
	sqlite3 *h;
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	/* the server\'s own threads may be writing for a moment: wait for them */
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	long st = inq_ask(&srv, &b, "other", "忙碌測試：假日有開嗎？", 0, NULL, "0912-345-678", 1, NULL,
			  "send", &r);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	assert_int_equal(st, 503);
	inq_well_formed(&r, "busy page");
	assert_int_equal(reply_header(&r, "Retry-After", ra, sizeof ra), 0);
	assert_non_null(strstr(buf_cstr(&r.body), "忙碌測試：假日有開嗎？"));
	assert_non_null(strstr(buf_cstr(&r.body), "value=\"0912-345-678\""));
	assert_non_null(strstr(buf_cstr(&r.body), "系統忙碌中，這次還沒有送出。"));
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM inquiries"), before);
	assert_int_equal(inq_ask(&srv, &b, "other", "忙碌測試：假日有開嗎？", 0, NULL, "0912-345-678", 1,
				 NULL, "send", NULL), 200);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM inquiries"), before + 1);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(question_goes_to_the_institution_chosen),
		cmocka_unit_test(unrouted_question_goes_to_the_department),
		cmocka_unit_test(viewers_and_citizens_stay_out),
		cmocka_unit_test(assigning_needs_staff_of_the_institution),
		cmocka_unit_test(status_flow_answer_mail_and_first_answer_once),
		cmocka_unit_test(empty_answer_keeps_the_page_and_changes_nothing),
		cmocka_unit_test(html_in_a_question_is_escaped_for_staff),
		cmocka_unit_test(citizen_closes_and_deletes),
		cmocka_unit_test(statistics_median_and_p90_with_known_data),
		cmocka_unit_test(faq_search_finds_cjk_and_helps_before_sending),
		cmocka_unit_test(pages_link_to_the_service),
		cmocka_unit_test(a_deleted_case_takes_no_note_or_change),
		cmocka_unit_test(inbox_next_page_keeps_the_filters),
		cmocka_unit_test(statistics_count_the_city_year),
		cmocka_unit_test(step2_in_thai_and_vietnamese_is_whole),
		cmocka_unit_test(a_busy_database_gives_the_form_back),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, cleanup);
}
