/* HTTP tests: the calendar page, the iCalendar feeds (read back with
 * libical) and the open-data downloads (CSV read with libcsv, compared with
 * the JSON), on the portal fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <jansson.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "portal_fixture.h"

/* GETs an iCalendar feed and parses it; checks the content type. */
static icalcomponent *get_ics(const char *path, long status)
{
	struct reply r;
	char ct[128];
	assert_int_equal(http_get(&srv, path, &r), 0);
	if (r.status != status)
		fail_msg("%s: status %ld, want %ld", path, r.status, status);
	assert_int_equal(reply_header(&r, "Content-Type", ct, sizeof ct), 0);
	assert_string_equal(ct, "text/calendar; charset=utf-8");
	icalcomponent *cal = icalparser_parse_string(r.body.data);
	if (!cal)
		fail_msg("%s: not iCalendar", path);
	reply_free(&r);
	return cal;
}

/* Checks that every VEVENT's DTSTART and DTEND carry TZID=Asia/Taipei and
 * that the calendar has that VTIMEZONE; returns the number of VEVENTs. */
static int events_in_taipei(icalcomponent *cal)
{
	icalcomponent *tz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	assert_non_null(tz);
	assert_string_equal(icalproperty_get_tzid(icalcomponent_get_first_property(tz, ICAL_TZID_PROPERTY)),
			    "Asia/Taipei");
	int n = 0;
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT), n++) {
		icalproperty_kind kinds[] = {ICAL_DTSTART_PROPERTY, ICAL_DTEND_PROPERTY};
		for (int k = 0; k < 2; k++) {
			icalproperty *p = icalcomponent_get_first_property(ev, kinds[k]);
			assert_non_null(p);
			icalparameter *tzid = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER);
			assert_non_null(tzid);
			assert_string_equal(icalparameter_get_tzid(tzid), "Asia/Taipei");
		}
		assert_non_null(icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY));
		assert_non_null(icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY));
		assert_non_null(strstr(icalcomponent_get_uid(ev), "session-"));
	}
	return n;
}

static void course_feed_has_every_session_in_local_time(void **state)
{
	(void)state;
	char path[64], url[64];
	snprintf(path, sizeof path, "/courses/%lld.ics", id.pottery);
	icalcomponent *cal = get_ics(path, 200);
	assert_int_equal(events_in_taipei(cal), 3);
	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_summary(ev), POTTERY);
	struct icaltimetype t = icalproperty_get_dtstart(
		icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY));
	assert_int_equal(t.year, 2020);
	assert_int_equal(t.month, 5);
	assert_int_equal(t.day, 4);
	assert_int_equal(t.hour, 19);
	assert_int_equal(t.minute, 0);
	struct icaltimetype e = icalproperty_get_dtend(
		icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY));
	assert_int_equal(e.hour, 21);
	/* 19:00 in Taipei is 11:00 UTC, through the feed's own VTIMEZONE */
	struct icaltimetype zs = icalcomponent_get_dtstart(ev);
	assert_int_equal((long long)icaltime_as_timet_with_zone(zs, zs.zone), 1588590000LL);
	assert_non_null(strstr(icalcomponent_get_location(ev), "陶藝教室"));
	snprintf(url, sizeof url, "/courses/%lld", id.pottery);
	assert_non_null(strstr(icalproperty_get_url(icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY)),
			       url));
	/* UIDs are per session and stable */
	const char *uid1 = icalcomponent_get_uid(ev);
	char first[128];
	snprintf(first, sizeof first, "%s", uid1);
	ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT);
	assert_string_not_equal(icalcomponent_get_uid(ev), first);
	icalcomponent_free(cal);
	cal = get_ics(path, 200);
	assert_string_equal(icalcomponent_get_uid(icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)),
			    first);
	icalcomponent_free(cal);
}

static void institution_feed_has_upcoming_sessions(void **state)
{
	(void)state;
	char path[64];
	snprintf(path, sizeof path, "/institutions/%lld.ics", id.cc);
	icalcomponent *cal = get_ics(path, 200);
	assert_int_equal(events_in_taipei(cal), 2);	/* not the 2020 one */
	icalcomponent_free(cal);
	snprintf(path, sizeof path, "/institutions/%lld.ics", id.library);
	cal = get_ics(path, 200);
	assert_int_equal(events_in_taipei(cal), 3);	/* Vietnamese only: no past, no draft */
	for (icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT); ev;
	     ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		assert_string_equal(icalcomponent_get_summary(ev), "越南語生活會話");
	icalcomponent_free(cal);
}

static void search_feed_takes_the_search_filters(void **state)
{
	(void)state;
	icalcomponent *cal = get_ics("/calendar.ics", 200);
	assert_int_equal(events_in_taipei(cal), 7);	/* 2 + 3 + 2 upcoming */
	icalcomponent_free(cal);
	cal = get_ics("/calendar.ics?district=" QIDU, 200);
	assert_int_equal(events_in_taipei(cal), 3);
	icalcomponent_free(cal);
	cal = get_ics("/calendar.ics?category=health", 200);
	assert_int_equal(events_in_taipei(cal), 2);
	assert_string_equal(icalcomponent_get_summary(
		icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT)), "樂齡健走");
	icalcomponent_free(cal);
	struct reply r;
	assert_int_equal(http_get(&srv, "/calendar.ics?district=%E5%8C%97%E6%8A%95%E5%8D%80", &r), 0);
	assert_int_equal(r.status, 400);
	reply_free(&r);
}

static void month_view_lists_sessions_in_a_grid_and_a_list(void **state)
{
	(void)state;
	struct reply r;
	char want[128];
	get_page("/calendar?month=2099-03", 200, &r);
	assert_has(&r, "<h1>民國188年3月 課程行事曆</h1>");
	assert_has(&r, "<table class=\"month\">");
	assert_int_equal(body_count(&r, "<th scope=\"col\">"), 7);
	/* March 2099 starts on a Sunday: no blank cells before the 1st */
	assert_has(&r, "<tbody>\n<tr><td><span class=\"day-num\">1</span>");
	/* 2 pottery + 3 Vietnamese + 1 walk in March; each in the grid and the list */
	assert_has(&r, "共 6 堂課");
	snprintf(want, sizeof want, "href=\"/courses/%lld\"", id.pottery);
	assert_int_equal(body_count(&r, want), 4);
	snprintf(want, sizeof want, "href=\"/courses/%lld\"", id.vietnamese);
	assert_int_equal(body_count(&r, want), 6);
	assert_has(&r, "<span class=\"time\">19:00</span> <span>陶藝&lt;script&gt;");
	assert_lacks(&r, "<script>");
	assert_has(&r, "民國188年3月4日（星期三）");
	assert_lacks(&r, "未公開的草稿課");
	/* navigation to the neighbouring months */
	assert_has(&r, "month=2099-02\"");
	assert_has(&r, "month=2099-04\"");
	assert_has(&r, "href=\"#h-list\"");
	reply_free(&r);

	/* the same filters as search: only 七堵區 */
	get_page("/calendar?month=2099-03&district=" QIDU, 200, &r);
	assert_has(&r, "共 3 堂課");
	assert_lacks(&r, "陶藝&lt;script&gt;");
	assert_has(&r, "越南語生活會話");
	assert_has(&r, "district=" QIDU);	/* kept in the navigation */
	reply_free(&r);
}

static void other_languages_get_their_month_names_and_marked_content(void **state)
{
	(void)state;
	struct reply r;
	struct buf err = BUF_INIT;
	assert_int_equal(http_fetch_h(&srv, "GET", "/calendar?month=2099-03", NULL, NULL,
				      "Accept-Language: en", &r), 0);
	assert_int_equal(r.status, 200);
	if (html_well_formed(&r, &err) < 0)
		fail_msg("not well-formed: %s", buf_cstr(&err));
	buf_free(&err);
	assert_has(&r, "March 2099");
	assert_lacks(&r, "民國188年3月");
	/* content keeps its language, and says so */
	assert_has(&r, "<span lang=\"zh-Hant\">陶藝&lt;script&gt;");
	reply_free(&r);
}

static void default_month_is_this_month(void **state)
{
	(void)state;
	struct reply r;
	char want[64];
	time_t t = time(NULL) + 8 * 3600;	/* Asia/Taipei, no DST */
	struct tm tm;
	gmtime_r(&t, &tm);
	snprintf(want, sizeof want, "<h1>民國%d年%d月 課程行事曆</h1>", tm.tm_year + 1900 - 1911,
		 tm.tm_mon + 1);
	get_page("/calendar", 200, &r);
	assert_has(&r, want);
	assert_has(&r, "aria-current=\"date\"");	/* today is marked */
	reply_free(&r);
}

static void week_view_shows_seven_days(void **state)
{
	(void)state;
	struct reply r;
	get_page("/calendar?view=week&week=2099-03-04", 200, &r);
	/* Sunday 1 March to Saturday 7 March 2099 */
	assert_int_equal(body_count(&r, "<h3 id=\"d-2099-03-0"), 7);
	assert_has(&r, "<h3 id=\"d-2099-03-01\">");
	assert_has(&r, "<h3 id=\"d-2099-03-07\">");
	assert_has(&r, "共 3 堂課");	/* pottery 2nd, Vietnamese 4th, walk 7th */
	assert_has(&r, "越南語生活會話");
	assert_has(&r, "樂齡健走");
	assert_lacks(&r, "2099-03-09T19:00");
	assert_lacks(&r, "<table class=\"month\">");
	assert_has(&r, "week=2099-02-22\"");
	assert_has(&r, "week=2099-03-08\"");
	assert_has(&r, "沒有課程");	/* the empty days say so */
	reply_free(&r);
}

static void calendar_rejects_bad_months(void **state)
{
	(void)state;
	struct reply r;
	get_page("/calendar?month=2099-13", 400, &r);
	assert_has(&r, "month");
	reply_free(&r);
	get_page("/calendar?view=year", 400, &r);
	reply_free(&r);
	get_page("/calendar?view=week&week=2099-02-30", 400, &r);
	reply_free(&r);
}

/* CSV rows gathered by libcsv. */
struct rows {
	int n, field;
	char header[32][32];
	int nheader;
};

static void on_field(void *s, size_t len, void *arg)
{
	struct rows *c = arg;
	if (c->n == 0 && c->nheader < 32 && len < 32) {
		memcpy(c->header[c->nheader], s, len);
		c->header[c->nheader++][len] = '\0';
	}
	c->field++;
}

static void on_row(int ch, void *arg)
{
	(void)ch;
	struct rows *c = arg;
	c->n++;
	c->field = 0;
}

/* Downloads path (CSV) and its JSON twin; checks the headers, parses the
 * CSV with libcsv and returns its data rows, which must equal the JSON's
 * total and items. Fills first with the header's first column name. */
static int csv_and_json_agree(const char *csv_path, const char *json_path, const char *file,
			      const char *const *header)
{
	struct reply r;
	struct rows rows;
	struct csv_parser cp;
	char v[256];
	assert_int_equal(http_get(&srv, csv_path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(reply_header(&r, "Content-Type", v, sizeof v), 0);
	assert_string_equal(v, "text/csv; charset=utf-8");
	assert_int_equal(reply_header(&r, "Content-Disposition", v, sizeof v), 0);
	assert_non_null(strstr(v, "attachment; filename=\""));
	assert_non_null(strstr(v, file));
	assert_true(r.body.len > 3);
	assert_memory_equal(r.body.data, "\xEF\xBB\xBF", 3);
	memset(&rows, 0, sizeof rows);
	assert_int_equal(csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI), 0);
	assert_int_equal(csv_parse(&cp, r.body.data + 3, r.body.len - 3, on_field, on_row, &rows),
			 r.body.len - 3);
	assert_int_equal(csv_fini(&cp, on_field, on_row, &rows), 0);
	csv_free(&cp);
	reply_free(&r);
	for (int i = 0; header[i]; i++)
		assert_string_equal(rows.header[i], header[i]);

	json_error_t e;
	assert_int_equal(http_get(&srv, json_path, &r), 0);
	assert_int_equal(r.status, 200);
	json_t *j = json_loadb(r.body.data, r.body.len, 0, &e);
	assert_non_null(j);
	json_t *lic = json_object_get(j, "license");
	assert_string_equal(json_string_value(json_object_get(lic, "name")), "政府資料開放授權條款－第1版");
	assert_string_equal(json_string_value(json_object_get(lic, "url")), "https://data.gov.tw/license");
	int total = (int)json_integer_value(json_object_get(j, "total"));
	assert_int_equal((int)json_array_size(json_object_get(j, "items")), total);
	assert_int_equal(rows.n - 1, total);
	json_decref(j);
	reply_free(&r);
	return total;
}

static void downloads_agree_between_csv_and_json(void **state)
{
	(void)state;
	static const char *const inst[] = {"id", "name", "name_en", "type", "type_name", "district",
					   "address", "lat", "lon", "phone", "website", NULL};
	static const char *const course[] = {"id", "title", "institution_id", "institution",
					     "category", NULL};
	static const char *const sess[] = {"id", "course_id", "course", "institution_id",
					   "institution", "starts_at", "ends_at", NULL};
	assert_int_equal(csv_and_json_agree("/open-data/institutions.csv", "/open-data/institutions.json",
					    "institutions", inst), id.n_all);
	assert_int_equal(csv_and_json_agree("/open-data/institutions.csv?type=library",
					    "/open-data/institutions.json?type=library", "institutions",
					    inst), id.n_library);
	/* without a time filter: every published course, past ones too */
	assert_int_equal(csv_and_json_agree("/open-data/courses.csv", "/open-data/courses.json",
					    "courses", course), 4);
	assert_int_equal(csv_and_json_agree("/open-data/sessions.csv", "/open-data/sessions.json",
					    "sessions", sess), 9);
	/* the search filters: 七堵區, all time (Vietnamese 3 + calligraphy 1) */
	assert_int_equal(csv_and_json_agree("/open-data/sessions.csv?district=" QIDU,
					    "/open-data/sessions.json?district=" QIDU, "sessions", sess),
			 4);
	assert_int_equal(csv_and_json_agree("/open-data/courses.csv?from=2099-01-01",
					    "/open-data/courses.json?from=2099-01-01", "courses", course),
			 3);
	struct reply r;
	assert_int_equal(http_get(&srv, "/open-data/institutions.csv?type=castle", &r), 0);
	assert_int_equal(r.status, 400);
	reply_free(&r);
}

static void ods_download_is_a_spreadsheet(void **state)
{
	(void)state;
	struct reply r;
	char v[256];
	static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
	assert_int_equal(http_get(&srv, "/open-data/courses.ods", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(reply_header(&r, "Content-Type", v, sizeof v), 0);
	assert_string_equal(v, mime);
	assert_int_equal(reply_header(&r, "Content-Disposition", v, sizeof v), 0);
	assert_non_null(strstr(v, ".ods\""));
	assert_true(r.body.len > 38 + sizeof mime);
	assert_memory_equal(r.body.data, "PK\x03\x04", 4);
	assert_memory_equal(r.body.data + 30, "mimetype", 8);
	assert_memory_equal(r.body.data + 38, mime, sizeof mime - 1);
	reply_free(&r);
}

static void open_data_page_states_the_licence(void **state)
{
	(void)state;
	struct reply r;
	get_page("/open-data", 200, &r);
	assert_has(&r, "href=\"https://data.gov.tw/license\"");
	assert_has(&r, "政府資料開放授權條款－第1版");
	assert_has(&r, "href=\"/open-data/courses.csv\"");
	assert_has(&r, "href=\"/open-data/sessions.json\"");
	assert_has(&r, "href=\"/open-data/institutions.ods\"");
	assert_has(&r, "<th scope=\"col\">");
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(course_feed_has_every_session_in_local_time),
		cmocka_unit_test(institution_feed_has_upcoming_sessions),
		cmocka_unit_test(search_feed_takes_the_search_filters),
		cmocka_unit_test(month_view_lists_sessions_in_a_grid_and_a_list),
		cmocka_unit_test(other_languages_get_their_month_names_and_marked_content),
		cmocka_unit_test(default_month_is_this_month),
		cmocka_unit_test(week_view_shows_seven_days),
		cmocka_unit_test(calendar_rejects_bad_months),
		cmocka_unit_test(downloads_agree_between_csv_and_json),
		cmocka_unit_test(ods_download_is_a_spreadsheet),
		cmocka_unit_test(open_data_page_states_the_licence),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, fixture_start, fixture_stop);
}
