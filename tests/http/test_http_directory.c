/* HTTP tests: the institution directory, institution pages and course
 * pages (and the course JSON), on the portal fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "portal_fixture.h"

static void directory_lists_every_institution_grouped_by_type(void **state)
{
	(void)state;
	struct reply r;
	get_page("/institutions", 200, &r);
	assert_hasf(&r, "共 %lld 所機構", id.n_all);
	assert_has(&r, "測試仁愛社區大學");
	assert_has(&r, "測試七堵圖書館");
	assert_has(&r, "測試全市樂齡中心");
	/* one heading per type that has institutions, with its count */
	assert_hasf(&r, "社區大學 <span class=\"count\">（%lld 所）</span></h2>", id.n_cc);
	assert_hasf(&r, "圖書館 <span class=\"count\">（%lld 所）</span></h2>", id.n_library);
	assert_int_equal(body_count(&r, "<h2 id=\"t-"), id.n_types);
	/* each entry: address, dialable phone, district (全市 when none) */
	assert_has(&r, "基隆市仁愛區愛一路1號");
	assert_has(&r, "<a href=\"tel:0224225520\">(02)2422-5520#12</a>");
	assert_has(&r, "全市");
	assert_has(&r, "<label for=\"f-type\">");
	assert_has(&r, "<label for=\"f-district\">");
	reply_free(&r);
}

static void directory_filters_by_type_and_district(void **state)
{
	(void)state;
	struct reply r;
	get_page("/institutions?type=library", 200, &r);
	assert_hasf(&r, "共 %lld 所機構", id.n_library);
	assert_has(&r, "測試七堵圖書館");
	assert_lacks(&r, "測試仁愛社區大學");
	assert_has(&r, "<option value=\"library\" selected=\"selected\">");
	reply_free(&r);

	get_page("/institutions?district=" QIDU, 200, &r);
	assert_hasf(&r, "共 %lld 所機構", id.n_qidu);
	assert_has(&r, "測試七堵圖書館");
	assert_lacks(&r, "測試全市樂齡中心");
	/* the download link keeps the filter */
	assert_has(&r, "/open-data/institutions.csv?district=" QIDU);
	reply_free(&r);

	get_page("/institutions?type=community_college&district=" QIDU, 200, &r);
	assert_has(&r, "共 0 所機構");
	assert_has(&r, "沒有符合條件的機構");
	reply_free(&r);
}

static void directory_rejects_unknown_type_and_district(void **state)
{
	(void)state;
	struct reply r;
	get_page("/institutions?type=castle", 400, &r);
	assert_has(&r, "type: must be one of:");
	assert_has(&r, "community_college");
	assert_has(&r, "library");
	reply_free(&r);
	get_page("/institutions?district=%E5%8C%97%E6%8A%95%E5%8D%80", 400, &r);	/* 北投區 */
	assert_has(&r, "district: must be one of:");
	assert_has(&r, "仁愛區");
	assert_has(&r, "七堵區");
	reply_free(&r);
}

static void institution_page_has_contact_sessions_and_freshness(void **state)
{
	(void)state;
	struct reply r;
	char want[128];
	get_pagef(200, &r, "/institutions/%lld", id.cc);
	assert_has(&r, "<h1>測試仁愛社區大學</h1>");
	assert_has(&r, "社區大學");
	assert_has(&r, "基隆市仁愛區愛一路1號");
	assert_has(&r, "href=\"tel:0224225520\"");
	assert_has(&r, "href=\"https://cc.example.org/\"");
	assert_has(&r, "北緯 25.12800 度，東經 121.74100 度");
	assert_has(&r, "資料更新：12天前");
	/* upcoming sessions only, with ROC dates and the weekday */
	assert_has(&r, "民國188年3月2日（星期一）");
	assert_has(&r, "民國188年3月9日");
	assert_lacks(&r, "民國109年5月4日");
	assert_has(&r, "陶藝教室");
	/* its course, linked, with the title escaped */
	snprintf(want, sizeof want, "<a href=\"/courses/%lld\">", id.pottery);
	assert_has(&r, want);
	assert_lacks(&r, "<script>");
	assert_has(&r, "陶藝&lt;script&gt;alert(1)&lt;/script&gt;入門");
	/* its visible announcements, newest first, with the ROC date */
	assert_has(&r, "民國115年11月20日");
	assert_has(&r, "春季班招生說明會</a>");
	assert_lacks(&r, "已下架的舊公告");
	snprintf(want, sizeof want, "href=\"/institutions/%lld.ics\"", id.cc);
	assert_has(&r, want);
	reply_free(&r);

	/* an institution with past courses only puts them under a disclosure */
	get_pagef(200, &r, "/institutions/%lld", id.library);
	assert_has(&r, "資料更新：今天");
	/* no announcements: a friendly empty state */
	assert_has(&r, "目前沒有最新消息");
	assert_has(&r, "<details class=\"past-courses\">");
	assert_has(&r, "已結束的書法班");
	assert_lacks(&r, "未公開的草稿課");	/* drafts are not public */
	reply_free(&r);
}

static void unknown_institution_is_404(void **state)
{
	(void)state;
	struct reply r;
	get_page("/institutions/999999", 404, &r);
	reply_free(&r);
	get_page("/institutions/999999.ics", 404, &r);
	reply_free(&r);
}

static void course_page_shows_facts_and_every_session(void **state)
{
	(void)state;
	struct reply r;
	char want[128];
	get_pagef(200, &r, "/courses/%lld", id.pottery);
	/* the title is text, never markup */
	assert_lacks(&r, "<script>");
	assert_has(&r, "<h1>陶藝&lt;script&gt;alert(1)&lt;/script&gt;入門</h1>");
	snprintf(want, sizeof want, "<a href=\"/institutions/%lld\">測試仁愛社區大學</a>", id.cc);
	assert_has(&r, want);
	assert_has(&r, "藝術與手作");
	assert_has(&r, "樂齡長者（55歲以上）");
	assert_has(&r, "不限對象");
	assert_has(&r, "NT$1,500");
	assert_has(&r, "實體課程");
	assert_has(&r, "20 人");
	assert_has(&r, "尚餘 20 個名額");
	assert_has(&r, "提供（");
	assert_has(&r, "<p>從捏塑到拉坯，</p>");
	/* past and upcoming sessions, ROC dates, weekday, times, venue, district */
	assert_has(&r, "民國109年5月4日（星期一）");
	assert_has(&r, "（已結束）");
	assert_has(&r, "民國188年3月2日（星期一）");
	assert_has(&r, "民國188年3月9日（星期一）");
	assert_int_equal(body_count(&r, "<th scope=\"row\">"), 3);
	assert_has(&r, ">19:00</time>–<time datetime=\"2099-03-02T21:00\">21:00</time>");
	assert_has(&r, "陶藝教室");
	assert_has(&r, "仁愛區");
	snprintf(want, sizeof want, "href=\"/courses/%lld.ics\"", id.pottery);
	assert_has(&r, want);
	/* how to join: the institution's phone */
	assert_has(&r, "<section class=\"cta\"");
	assert_has(&r, "href=\"tel:0224225520\"");
	reply_free(&r);

	get_pagef(200, &r, "/courses/%lld", id.vietnamese);
	assert_has(&r, "免費");
	assert_has(&r, "未提供（請洽開課單位）");
	assert_has(&r, "越南文");
	assert_has(&r, "Tiếng Việt");
	assert_has(&r, "混成（實體＋線上）");
	assert_has(&r, "新住民");
	reply_free(&r);
}

static void draft_and_unknown_courses_are_404(void **state)
{
	(void)state;
	struct reply r;
	get_pagef(404, &r, "/courses/%lld", id.draft);
	reply_free(&r);
	get_page("/courses/999999", 404, &r);
	reply_free(&r);
	char path[64];
	snprintf(path, sizeof path, "/courses/%lld.ics", id.draft);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/courses/%lld", id.draft);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 404);
	assert_has(&r, "\"error\"");
	reply_free(&r);
}

static void course_json_has_sessions(void **state)
{
	(void)state;
	struct reply r;
	char path[64], ct[128];
	json_error_t e;
	snprintf(path, sizeof path, "/api/v1/courses/%lld", id.pottery);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(reply_header(&r, "Content-Type", ct, sizeof ct), 0);
	assert_string_equal(ct, "application/json");
	json_t *j = json_loadb(r.body.data, r.body.len, 0, &e);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "title")), POTTERY);
	assert_int_equal(json_integer_value(json_object_get(j, "fee_twd")), 1500);
	assert_int_equal(json_integer_value(json_object_get(j, "seats_left")), 20);
	assert_int_equal(json_array_size(json_object_get(j, "audiences")), 2);
	json_t *s = json_object_get(j, "sessions");
	assert_int_equal(json_array_size(s), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(s, 1), "starts_at")),
			    "2099-03-02 19:00");
	assert_string_equal(json_string_value(json_object_get(json_array_get(s, 1), "district")),
			    "仁愛區");
	assert_int_equal(json_integer_value(json_object_get(json_object_get(j, "institution"), "id")),
			 id.cc);
	json_decref(j);
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(directory_lists_every_institution_grouped_by_type),
		cmocka_unit_test(directory_filters_by_type_and_district),
		cmocka_unit_test(directory_rejects_unknown_type_and_district),
		cmocka_unit_test(institution_page_has_contact_sessions_and_freshness),
		cmocka_unit_test(unknown_institution_is_404),
		cmocka_unit_test(course_page_shows_facts_and_every_session),
		cmocka_unit_test(draft_and_unknown_courses_are_404),
		cmocka_unit_test(course_json_has_sessions),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, fixture_start, fixture_stop);
}
