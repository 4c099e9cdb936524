/* HTTP tests: the learning guide (/guide, /guide/results) on a database
 * without demo data and with the fixtures tests/data/guide-*.csv (see
 * tests/data/README.md for the courses and when they meet). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

/* Percent-encoded district names for URLs. */
#define QIDU "%E4%B8%83%E5%A0%B5%E5%8D%80"	/* 七堵區 */
#define ANLE "%E5%AE%89%E6%A8%82%E5%8D%80"	/* 安樂區 */

static int import(const char *kind, const char *file)
{
	char *argv[] = {(char *)harness_bin(), "import", (char *)kind, "--db", srv.db,
			(char *)file, NULL};
	return harness_exec(srv.log, argv);
}

static int start(void **state)
{
	*state = &srv;
	if (server_prepare(&srv, 0) < 0 ||
	    import("institutions", "tests/data/guide-institutions.csv") != 0 ||
	    import("sessions", "tests/data/guide-sessions.csv") != 0 ||
	    server_start(&srv, 2, NULL) < 0)
		return -1;
	return 0;
}

static void get_page(const char *path, long status, struct reply *r)
{
	struct buf err = BUF_INIT;
	assert_int_equal(http_get(&srv, path, r), 0);
	if (r->status != status)
		fail_msg("%s: status %ld, want %ld", path, r->status, status);
	if (html_well_formed(r, &err) < 0)
		fail_msg("%s is not well-formed: %s", path, buf_cstr(&err));
	buf_free(&err);
}

/* The href of the "上一步" link, copied into out. */
static void back_link(const struct reply *r, char *out, size_t n)
{
	const char *at = strstr(r->body.data, "rel=\"prev\" href=\"");
	assert_non_null(at);
	at += strlen("rel=\"prev\" href=\"");
	size_t len = strcspn(at, "\"");
	assert_true(len < n);
	memcpy(out, at, len);
	out[len] = '\0';
}

static void step_one_asks_who_with_big_buttons(void **state)
{
	(void)state;
	struct reply r;
	get_page("/guide", 200, &r);
	assert_non_null(strstr(r.body.data, "步驟 1/3"));
	assert_non_null(strstr(r.body.data, "<form method=\"get\" action=\"/guide\""));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"step\" value=\"2\"/>"));
	assert_int_equal(body_count(&r, "<button type=\"submit\" name=\"who\" value=\""), 9);
	assert_non_null(strstr(r.body.data, "name=\"who\" value=\"senior\""));
	assert_non_null(strstr(r.body.data, "name=\"who\" value=\"anyone\""));
	assert_non_null(strstr(r.body.data, "aria-current=\"step\""));
	/* no way back from the first step */
	assert_null(strstr(r.body.data, "rel=\"prev\""));
	reply_free(&r);
}

static void step_two_carries_step_one(void **state)
{
	(void)state;
	struct reply r;
	char back[512];
	get_page("/guide?step=2&who=senior", 200, &r);
	assert_non_null(strstr(r.body.data, "步驟 2/3"));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"who\" value=\"senior\"/>"));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"step\" value=\"3\"/>"));
	assert_non_null(strstr(r.body.data, "name=\"category\" value=\"arts\""));
	back_link(&r, back, sizeof back);
	assert_string_equal(back, "/guide?step=1&amp;who=senior");
	reply_free(&r);
	/* going back shows the answer given */
	get_page("/guide?step=1&who=senior", 200, &r);
	assert_non_null(strstr(r.body.data, "value=\"senior\" class=\"big-choice chosen\""));
	reply_free(&r);
}

static void step_three_carries_both_and_back_keeps_them(void **state)
{
	(void)state;
	struct reply r;
	char back[512];
	get_page("/guide?step=3&who=senior&category=arts&category=health", 200, &r);
	assert_non_null(strstr(r.body.data, "步驟 3/3"));
	assert_non_null(strstr(r.body.data, "action=\"/guide/results\""));
	assert_non_null(strstr(r.body.data, "name=\"who\" value=\"senior\""));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"category\" value=\"arts\"/>"));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"category\" value=\"health\"/>"));
	/* the districts come from the data */
	assert_non_null(strstr(r.body.data, "name=\"district\" value=\"七堵區\""));
	assert_int_equal(body_count(&r, "type=\"radio\" id=\"district-"), 8);
	back_link(&r, back, sizeof back);
	/* in the order of the categories, whatever the order given */
	assert_string_equal(back, "/guide?step=2&amp;who=senior&amp;category=health&amp;category=arts");
	reply_free(&r);
	/* back on step 2, the categories are still ticked */
	get_page("/guide?step=2&who=senior&category=arts&category=health", 200, &r);
	assert_non_null(strstr(r.body.data, "name=\"category\" value=\"arts\" checked=\"checked\""));
	assert_non_null(strstr(r.body.data, "name=\"category\" value=\"health\" checked=\"checked\""));
	assert_null(strstr(r.body.data, "name=\"category\" value=\"digital\" checked"));
	reply_free(&r);
	/* answers of later steps survive a trip back to step 1 */
	get_page("/guide?step=1&who=senior&category=arts&days=weekend&time=morning&district="
		 QIDU "&free=yes", 200, &r);
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"days\" value=\"weekend\"/>"));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"district\" value=\"七堵區\"/>"));
	assert_non_null(strstr(r.body.data, "<input type=\"hidden\" name=\"free\" value=\"yes\"/>"));
	reply_free(&r);
}

static void invalid_answers_name_the_allowed_values(void **state)
{
	(void)state;
	struct reply r;
	get_page("/guide?step=2&who=alien", 400, &r);
	assert_non_null(strstr(r.body.data, "who"));
	assert_non_null(strstr(r.body.data, "senior, new_immigrant, indigenous"));
	reply_free(&r);
	get_page("/guide?step=3&category=arts&category=cooking", 400, &r);
	assert_non_null(strstr(r.body.data, "category: must be one of: basic, language"));
	reply_free(&r);
	get_page("/guide/results?time=morning&time=midnight", 400, &r);
	assert_non_null(strstr(r.body.data, "morning, afternoon, evening"));
	reply_free(&r);
	get_page("/guide/results?district=%E5%8C%97%E6%8A%95%E5%8D%80", 400, &r);	/* 北投區 */
	assert_non_null(strstr(r.body.data, "district: must be one of: any, "));
	assert_non_null(strstr(r.body.data, "七堵區"));
	reply_free(&r);
	get_page("/guide?step=9", 400, &r);
	assert_non_null(strstr(r.body.data, "step"));
	reply_free(&r);
}

/* The <li> of the result list that holds title, or NULL; *end receives
 * where it ends. */
static const char *result_item(const struct reply *r, const char *title, const char **end)
{
	char needle[256];
	snprintf(needle, sizeof needle, ">%s</a></h3>", title);
	const char *at = strstr(r->body.data, needle);
	if (at)
		*end = strstr(at, "</li>");
	return at;
}

static void results_match_and_say_why(void **state)
{
	(void)state;
	struct reply r;
	const char *end = NULL;
	get_page("/guide/results?who=senior&category=arts&days=weekend&time=morning&district=" QIDU,
		 200, &r);
	const char *it = result_item(&r, "七堵樂齡書法", &end);
	assert_non_null(it);
	const char *why = strstr(it, "<p class=\"why\">");
	assert_true(why && why < end);
	assert_non_null(strstr(why, "因為您選了『樂齡長者』、『藝術與手作』、『週末上午』與『七堵區』，"
				    "這門課在週六上午、七堵區開課。</p>"));
	/* nothing else fits every answer */
	assert_null(strstr(r.body.data, "七堵長者健走"));
	assert_null(strstr(r.body.data, "信義晚間攝影"));
	assert_null(strstr(r.body.data, "class=\"notice relaxed\""));
	/* the full search with the same filters */
	assert_non_null(strstr(r.body.data, "href=\"/search?"));
	const char *more = strstr(r.body.data, "<p class=\"more\"><a class=\"big-button\" href=\"/search?");
	assert_non_null(more);
	more = strstr(more, "/search?");
	const char *qend = strstr(more, "\">");
	char qs[1024];
	size_t n = (size_t)(qend - more);
	assert_true(n < sizeof qs);
	memcpy(qs, more, n);
	qs[n] = '\0';
	assert_non_null(strstr(qs, "category=arts"));
	assert_non_null(strstr(qs, "audience=senior"));
	assert_non_null(strstr(qs, "district=" QIDU));
	assert_non_null(strstr(qs, "weekend=yes"));
	assert_non_null(strstr(qs, "time=morning"));
	/* institutions for seniors, nearest first, with a reason */
	const char *inst = strstr(r.body.data, ">測試七堵樂齡中心</a></h3>");
	assert_non_null(inst);
	assert_non_null(strstr(inst, "因為您選了『樂齡長者』，樂齡學習中心專為55歲以上的長者開設課程，"
				     "就在您選的七堵區。"));
	/* the answers are summed up, each with a way to change it */
	assert_non_null(strstr(r.body.data, "<dl class=\"guide-answers\">"));
	assert_non_null(strstr(r.body.data, "href=\"/guide?step=3&amp;who=senior&amp;category=arts&amp;"
					    "days=weekend&amp;time=morning&amp;district=" QIDU "\""));
	reply_free(&r);
}

static void results_open_to_all_say_so(void **state)
{
	(void)state;
	struct reply r;
	const char *end = NULL;
	/* a worker free on weekday evenings: the evening photography course
	 * is open to all; the Sunday phone class is for workers but on a
	 * Sunday afternoon */
	get_page("/guide/results?who=worker&days=weekday&time=evening", 200, &r);
	const char *it = result_item(&r, "信義晚間攝影", &end);
	assert_non_null(it);
	const char *why = strstr(it, "<p class=\"why\">");
	assert_true(why && why < end);
	assert_non_null(strstr(why, "因為您選了『平日晚上』，這門課在週三晚上、信義區開課，"
				    "而且不限對象，人人都能參加。</p>"));
	assert_null(strstr(r.body.data, "信義週末手機班"));
	reply_free(&r);
}

static void results_relax_time_first(void **state)
{
	(void)state;
	struct reply r;
	/* seniors' health course meets on Tuesdays, not at weekends */
	get_page("/guide/results?who=senior&category=health&days=weekend&district=" QIDU, 200, &r);
	const char *note = strstr(r.body.data, "<p class=\"notice relaxed\">");
	assert_non_null(note);
	assert_non_null(strstr(note, "放寬了時間"));
	assert_null(strstr(note, "放寬了地點"));
	const char *end = NULL;
	const char *it = result_item(&r, "七堵長者健走", &end);
	assert_non_null(it);
	/* the reason no longer claims the time */
	const char *why = strstr(it, "<p class=\"why\">");
	assert_non_null(strstr(why, "因為您選了『樂齡長者』、『健康與運動』與『七堵區』，"
				    "這門課在週二上午、七堵區開課。"));
	reply_free(&r);
}

static void results_relax_place_after_time(void **state)
{
	(void)state;
	struct reply r;
	const char *end = NULL;
	/* the Vietnamese course is in 中山區 on a Thursday afternoon */
	get_page("/guide/results?who=new_immigrant&category=language&days=weekend&district=" ANLE,
		 200, &r);
	const char *note = strstr(r.body.data, "<p class=\"notice relaxed\">");
	assert_non_null(note);
	assert_non_null(strstr(note, "放寬了時間，也放寬了地點"));
	assert_non_null(result_item(&r, "中山越南語", &end));
	reply_free(&r);
	/* the place alone, when the time was never the problem */
	get_page("/guide/results?who=new_immigrant&category=language&district=" ANLE, 200, &r);
	note = strstr(r.body.data, "<p class=\"notice relaxed\">");
	assert_non_null(note);
	assert_non_null(strstr(note, "放寬了地點"));
	assert_null(strstr(note, "放寬了時間"));
	assert_non_null(result_item(&r, "中山越南語", &end));
	reply_free(&r);
}

static void results_say_so_when_nothing_fits(void **state)
{
	(void)state;
	struct reply r;
	get_page("/guide/results?who=indigenous&category=volunteer&days=weekend&district=" QIDU,
		 200, &r);
	assert_non_null(strstr(r.body.data, "<p class=\"notice none\">"));
	assert_non_null(strstr(r.body.data, "目前沒有符合的課程"));
	assert_null(strstr(r.body.data, "<ol class=\"guide-results\">"));
	/* still a way on: back (with answers), start again */
	char back[512];
	back_link(&r, back, sizeof back);
	assert_non_null(strstr(back, "step=3&amp;who=indigenous&amp;category=volunteer"));
	assert_non_null(strstr(r.body.data, "href=\"/guide\""));
	reply_free(&r);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(step_one_asks_who_with_big_buttons),
		cmocka_unit_test(step_two_carries_step_one),
		cmocka_unit_test(step_three_carries_both_and_back_keeps_them),
		cmocka_unit_test(invalid_answers_name_the_allowed_values),
		cmocka_unit_test(results_match_and_say_why),
		cmocka_unit_test(results_open_to_all_say_so),
		cmocka_unit_test(results_relax_time_first),
		cmocka_unit_test(results_relax_place_after_time),
		cmocka_unit_test(results_say_so_when_nothing_fits),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
