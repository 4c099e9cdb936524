/* HTTP tests: the learner's own page, reached by the private link of the
 * confirmation e-mail: registrations and places in line, the learning
 * passport (hours per year and category across institutions, computed
 * here by hand from the sessions ticked present), cancelling from the
 * page, downloading one's data (JSON) and deleting it (PDPA §3). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "regtest.h"

static struct server srv;
static struct api_client api;
static long long course_a, course_b, course_full;
static char link[33];	/* the learner's page token */

#define EMAIL "mei@example.org"

static int start(void **state)
{
	*state = &srv;
	/* A (institution 1, digital): 120 + 90 minutes in 2024 ticked, one
	 * session in 2099 not; B (institution 2, arts): 165 minutes in 2025
	 * ticked, one in 2099 not ticked. */
	static const char *const a[] = {"2024-03-01 09:00|2024-03-01 11:00",
					"2024-03-08 09:00|2024-03-08 10:30",
					"2099-01-01 09:00|2099-01-01 12:00", NULL};
	static const char *const b[] = {"2025-05-01 14:00|2025-05-01 16:45",
					"2099-02-01 14:00|2099-02-01 16:00", NULL};
	static const char *const extra[] = {"--no-rate-limit", NULL};
	if (server_prepare(&srv, 1) < 0)
		return -1;
	course_a = regtest_course(&srv, 1, 20, 0, "digital", "護照測試：手機入門", a);
	course_b = regtest_course(&srv, 2, 20, 0, "arts", "護照測試：陶藝", b);
	course_full = regtest_course(&srv, 1, 1, 0, "health", "護照測試：額滿的課", NULL);
	if (course_a < 0 || course_b < 0 || course_full < 0 || server_start(&srv, 2, extra) < 0 ||
	    api_client_init(&srv, &api) < 0)
		return -1;
	return 0;
}

static void reg(long long course, const char *name, const char *contact)
{
	char path[96], body[256];
	struct reply r;
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", course);
	snprintf(body, sizeof body, "{\"name\":\"%s\",%s,\"consent\":true}", name, contact);
	assert_int_equal(api_call(&srv, &api, "POST", path, body, 1, &r), 0);
	if (r.status != 201)
		fail_msg("status %ld: %s", r.status, buf_cstr(&r.body));
	reply_free(&r);
}

static void well_formed(const struct reply *r)
{
	struct buf err = BUF_INIT;
	if (html_well_formed(r, &err) < 0)
		fail_msg("not well-formed: %s", buf_cstr(&err));
	buf_free(&err);
}

static void the_emailed_link_opens_the_learner_page(void **state)
{
	(void)state;
	reg(course_full, "別人", "\"phone\":\"0912999999\"");
	reg(course_a, "林美華", "\"email\":\"" EMAIL "\"");
	reg(course_b, "林美華", "\"email\":\"MEI@example.org\",\"phone\":\"0912111222\"");
	reg(course_full, "林美華", "\"email\":\"" EMAIL "\"");
	/* one person, three registrations, three mails in the outbox */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM learners WHERE email='" EMAIL "'"), 1);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox WHERE to_addr='" EMAIL "'"), 3);
	char *body = regtest_text(&srv, "SELECT body FROM outbox WHERE to_addr='" EMAIL "' ORDER BY id DESC");
	assert_non_null(body);
	assert_int_equal(find_token(body, "/me/", link), 0);
	free(body);
	/* the attendance the institutions ticked */
	assert_int_equal(regtest_sql(&srv,
		"INSERT INTO session_attendance(session_id,registration_id) "
		"SELECT s.id,g.id FROM sessions s JOIN registrations g ON g.course_id=s.course_id "
		"JOIN learners l ON l.id=g.learner_id WHERE l.email='" EMAIL "' AND s.starts_at<'2099'"), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM session_attendance"), 3);

	char path[64];
	struct reply r;
	snprintf(path, sizeof path, "/me/%s", link);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	char v[64];
	assert_int_equal(reply_header(&r, "Cache-Control", v, sizeof v), 0);
	assert_string_equal(v, "no-store");
	assert_int_equal(reply_header(&r, "X-Robots-Tag", v, sizeof v), 0);
	assert_true(body_count(&r, "林美華") >= 1);
	assert_true(body_count(&r, "護照測試：手機入門") >= 1);
	assert_true(body_count(&r, "護照測試：陶藝") >= 1);
	assert_true(body_count(&r, "候補第 1 位") >= 1);
	/* the passport by hand: 2024 digital 120+90 min = 3.5 h in 2 sessions;
	 * 2025 arts 165 min = 2.75 h, shown 2.8; in all 375 min = 6.25 h → 6.3 */
	assert_true(body_count(&r, "民國113年（2024）") >= 1);
	assert_true(body_count(&r, "民國114年（2025）") >= 1);
	assert_true(body_count(&r, "3.5 小時") >= 2);	/* the category and the year's total */
	assert_true(body_count(&r, "2.8 小時") >= 2);
	assert_true(body_count(&r, "6.3 小時") >= 1);
	assert_true(body_count(&r, "數位學習") >= 1);
	assert_true(body_count(&r, "藝術與手作") >= 1);
	assert_true(body_count(&r, "共出席 3 堂") >= 1);
	assert_true(body_count(&r, "class=\"passport\"") == 1);
	reply_free(&r);
	/* a link that is not anyone's */
	assert_int_equal(http_get(&srv, "/me/0123456789abcdef0123456789abcdef", &r), 0);
	assert_int_equal(r.status, 404);
	well_formed(&r);
	reply_free(&r);
	/* the page prints on one A4 sheet: the stylesheet says so */
	assert_int_equal(http_get(&srv, path, &r), 0);
	const char *css = strstr(buf_cstr(&r.body), "/static/style");
	assert_non_null(css);
	char cssurl[128];
	snprintf(cssurl, sizeof cssurl, "%.*s", (int)strcspn(css, "\""), css);
	reply_free(&r);
	assert_int_equal(http_get(&srv, cssurl, &r), 0);
	assert_non_null(strstr(buf_cstr(&r.body), "size: A4"));
	reply_free(&r);
}

static void export_gives_all_of_the_learners_data(void **state)
{
	(void)state;
	char path[80];
	struct reply r;
	json_error_t e;
	snprintf(path, sizeof path, "/me/%s/export", link);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 200);
	char v[128];
	assert_int_equal(reply_header(&r, "Content-Disposition", v, sizeof v), 0);
	assert_non_null(strstr(v, "attachment"));
	assert_int_equal(reply_header(&r, "Content-Type", v, sizeof v), 0);
	assert_non_null(strstr(v, "application/json"));
	json_t *j = json_loads(buf_cstr(&r.body), 0, &e);
	reply_free(&r);
	assert_non_null(j);
	json_t *l = json_object_get(j, "learner");
	assert_string_equal(json_string_value(json_object_get(l, "name")), "林美華");
	assert_string_equal(json_string_value(json_object_get(l, "email")), EMAIL);
	assert_int_equal(json_array_size(json_object_get(j, "registrations")), 3);
	json_t *att = json_object_get(j, "attendance");
	assert_int_equal(json_array_size(att), 3);
	long long sum = 0;
	for (size_t i = 0; i < json_array_size(att); i++)
		sum += json_integer_value(json_object_get(json_array_get(att, i), "minutes"));
	assert_int_equal(sum, 120 + 90 + 165);
	assert_int_equal(json_array_size(json_object_get(j, "passport")), 2);
	assert_int_equal(json_array_size(json_object_get(j, "emails")), 3);
	/* nobody else's data */
	char *dump = json_dumps(j, 0);
	assert_null(strstr(dump, "別人"));
	free(dump);
	json_decref(j);
}

static void cancelling_from_the_page_asks_first(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char path[80], csrf[96], body[256];
	long long id = regtest_int(&srv, "SELECT g.id FROM registrations g JOIN learners l ON "
				   "l.id=g.learner_id WHERE l.email='" EMAIL "' AND g.course_id=%lld", course_b);
	snprintf(path, sizeof path, "/me/%s", link);
	assert_int_equal(browser_get(&srv, &b, path, &r), 0);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	snprintf(path, sizeof path, "/me/%s/cancel", link);
	snprintf(body, sizeof body, "csrf=%s&registration=%lld", csrf, id);
	assert_int_equal(browser_post(&srv, &b, path, body, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	assert_true(body_count(&r, "確定") >= 1);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE id=%lld AND "
				     "status='enrolled'", id), 1);
	/* someone else's registration through this link: not found */
	long long other = regtest_int(&srv, "SELECT g.id FROM registrations g JOIN learners l ON "
				      "l.id=g.learner_id WHERE l.name='別人'");
	snprintf(body, sizeof body, "csrf=%s&registration=%lld&confirm=yes", csrf, other);
	assert_int_equal(browser_post(&srv, &b, path, body, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	snprintf(body, sizeof body, "csrf=%s&registration=%lld&confirm=yes", csrf, id);
	assert_int_equal(browser_post(&srv, &b, path, body, &r), 0);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE id=%lld AND "
				     "status='cancelled'", id), 1);
	/* the passport keeps the hours attended */
	snprintf(path, sizeof path, "/me/%s?cancelled=%lld", link, id);
	assert_int_equal(browser_get(&srv, &b, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	assert_true(body_count(&r, "已取消") >= 1);
	assert_true(body_count(&r, "6.3 小時") >= 1);
	reply_free(&r);
}

static void deleting_removes_the_learner_and_frees_the_place(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char path[80], csrf[96], body[160];
	/* someone waits behind the learner's seat in course A */
	regtest_sql(&srv, "UPDATE courses SET capacity=1 WHERE id=%lld", course_a);
	reg(course_a, "候補的人", "\"phone\":\"0912777888\"");
	reg(course_a, "再候補的人", "\"phone\":\"0912777999\"");
	assert_int_equal(regtest_int(&srv, "SELECT position FROM registrations g JOIN learners l ON "
				     "l.id=g.learner_id WHERE l.name='再候補的人'"), 2);
	long long lid = regtest_int(&srv, "SELECT id FROM learners WHERE email='" EMAIL "'");

	snprintf(path, sizeof path, "/me/%s/delete", link);
	assert_int_equal(browser_get(&srv, &b, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	assert_true(body_count(&r, "無法復原") >= 1);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	/* without ticking the box: nothing happens */
	snprintf(body, sizeof body, "csrf=%s", csrf);
	assert_int_equal(browser_post(&srv, &b, path, body, &r), 0);
	assert_int_equal(r.status, 400);
	well_formed(&r);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM learners WHERE id=%lld", lid), 1);

	snprintf(body, sizeof body, "csrf=%s&confirm=yes", csrf);
	assert_int_equal(browser_post(&srv, &b, path, body, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM learners WHERE id=%lld", lid), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE learner_id=%lld", lid), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM session_attendance"), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox WHERE to_addr='" EMAIL "'"), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM learner_links WHERE learner_id=%lld", lid), 0);
	/* the seat went to the first in line, the next moved up */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations g JOIN learners l ON "
				     "l.id=g.learner_id WHERE l.name='候補的人' AND g.status='enrolled'"), 1);
	assert_int_equal(regtest_int(&srv, "SELECT position FROM registrations g JOIN learners l ON "
				     "l.id=g.learner_id WHERE l.name='再候補的人'"), 1);
	/* the audit log says a learner was deleted, and nothing about them */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM audit_log WHERE action='delete' AND "
				     "entity='learner' AND entity_id=%lld", lid), 1);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM audit_log WHERE "
				     "ifnull(old_value,'')||ifnull(new_value,'') LIKE '%%林美華%%'"), 0);
	/* the link is dead */
	snprintf(path, sizeof path, "/me/%s", link);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_emailed_link_opens_the_learner_page),
		cmocka_unit_test(export_gives_all_of_the_learners_data),
		cmocka_unit_test(cancelling_from_the_page_asks_first),
		cmocka_unit_test(deleting_removes_the_learner_and_frees_the_place),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
