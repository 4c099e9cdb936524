/* Unit tests: src/core/ical.c — iCalendar feeds, read back with libical's
 * parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libical/ical.h>
#include <string.h>

#include "core/ical.h"

#define TITLE "陶藝入門, 進階; \"捏塑\" <b>\\ 班"

/* Builds a feed of two sessions (the second cancelled) and parses it. */
static icalcomponent *two_sessions(struct buf *text)
{
	struct ical_feed f;
	struct ical_event e = {
		.session_id = 41, .starts_at = "2026-03-02 19:00", .ends_at = "2026-03-02 21:00",
		.summary = TITLE, .location = "陶藝教室, 基隆市仁愛區愛一路1號",
		.description = "從捏塑到拉坯，\n每週一次。", .url = "https://learn.example/courses/7",
	};
	assert_int_equal(ical_feed_begin(&f, "Asia/Taipei", "keelung.lifelong.invalid",
					 "基隆市：陶藝"), 0);
	assert_int_equal(ical_feed_add(&f, &e), 0);
	e.session_id = 42;
	e.starts_at = "2026-03-09 19:00";
	e.ends_at = "2026-03-09 21:30";
	e.cancelled = 1;
	assert_int_equal(ical_feed_add(&f, &e), 0);
	assert_int_equal(ical_feed_finish(&f, text), 0);
	icalcomponent *cal = icalparser_parse_string(buf_cstr(text));
	assert_non_null(cal);
	return cal;
}

static void events_read_back_with_zone_and_text(void **state)
{
	(void)state;
	struct buf text = BUF_INIT;
	icalcomponent *cal = two_sessions(&text);
	assert_int_equal(icalcomponent_isa(cal), ICAL_VCALENDAR_COMPONENT);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT), 2);
	assert_int_equal(icalcomponent_count_components(cal, ICAL_VTIMEZONE_COMPONENT), 1);
	icalcomponent *tz = icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT);
	assert_string_equal(icalproperty_get_tzid(
		icalcomponent_get_first_property(tz, ICAL_TZID_PROPERTY)), "Asia/Taipei");

	icalcomponent *ev = icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_summary(ev), TITLE);
	assert_string_equal(icalcomponent_get_uid(ev), "session-41@keelung.lifelong.invalid");
	assert_string_equal(icalcomponent_get_location(ev), "陶藝教室, 基隆市仁愛區愛一路1號");
	assert_string_equal(icalcomponent_get_description(ev), "從捏塑到拉坯，\n每週一次。");
	icalproperty *start = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	icalparameter *tzid = icalproperty_get_first_parameter(start, ICAL_TZID_PARAMETER);
	assert_non_null(tzid);
	assert_string_equal(icalparameter_get_tzid(tzid), "Asia/Taipei");
	struct icaltimetype t = icalproperty_get_dtstart(start);
	assert_int_equal(t.year, 2026);
	assert_int_equal(t.month, 3);
	assert_int_equal(t.day, 2);
	assert_int_equal(t.hour, 19);
	assert_int_equal(t.minute, 0);
	/* resolved through the feed's own VTIMEZONE: 19:00 in Taipei is 11:00 UTC */
	struct icaltimetype zs = icalcomponent_get_dtstart(ev);
	assert_non_null(zs.zone);
	assert_int_equal((long long)icaltime_as_timet_with_zone(zs, zs.zone), 1772449200LL);
	assert_non_null(icalcomponent_get_first_property(ev, ICAL_DTSTAMP_PROPERTY));
	icalproperty *url = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
	assert_string_equal(icalproperty_get_url(url), "https://learn.example/courses/7");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CONFIRMED);

	ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT);
	assert_string_equal(icalcomponent_get_uid(ev), "session-42@keelung.lifelong.invalid");
	assert_int_equal(icalcomponent_get_status(ev), ICAL_STATUS_CANCELLED);
	struct icaltimetype end = icalproperty_get_dtend(
		icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY));
	assert_int_equal(end.hour, 21);
	assert_int_equal(end.minute, 30);
	icalcomponent_free(cal);
	buf_free(&text);
}

static void text_is_folded_with_crlf(void **state)
{
	(void)state;
	struct buf text = BUF_INIT;
	icalcomponent *cal = two_sessions(&text);
	icalcomponent_free(cal);
	const char *s = buf_cstr(&text);
	assert_true(!strncmp(s, "BEGIN:VCALENDAR\r\n", 17));
	/* every line ends in CRLF and holds at most 75 octets */
	for (const char *line = s; *line;) {
		const char *nl = strchr(line, '\n');
		assert_non_null(nl);
		assert_true(nl > line && nl[-1] == '\r');
		assert_true(nl - 1 - line <= 75);
		line = nl + 1;
	}
	/* the separators in the title were escaped by libical */
	assert_non_null(strstr(s, "陶藝入門\\, 進階\\;"));
	assert_non_null(strstr(s, "DTSTART;TZID=Asia/Taipei:20260302T190000"));
	buf_free(&text);
}

static void unknown_zone_and_bad_times_are_refused(void **state)
{
	(void)state;
	struct ical_feed f;
	struct buf text = BUF_INIT;
	assert_int_equal(ical_feed_begin(&f, "Mars/Olympus_Mons", "x.invalid", NULL), -1);
	assert_int_equal(ical_feed_begin(&f, "Asia/Taipei", "x.invalid", NULL), 0);
	struct ical_event e = {.session_id = 1, .starts_at = "2026-02-30 10:00",
			       .ends_at = "2026-02-30 11:00", .summary = "x"};
	assert_int_equal(ical_feed_add(&f, &e), -1);
	e.starts_at = "2026-02-03 25:00";
	assert_int_equal(ical_feed_add(&f, &e), -1);
	assert_int_equal(ical_feed_finish(&f, &text), 0);
	assert_null(strstr(buf_cstr(&text), "BEGIN:VEVENT"));
	buf_free(&text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(events_read_back_with_zone_and_text),
		cmocka_unit_test(text_is_folded_with_crlf),
		cmocka_unit_test(unknown_zone_and_bad_times_are_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
