/* Unit tests: src/core/series.c — session dates from a repeat rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "core/series.h"

static struct series_session out[SERIES_MAX];

/* Mondays, Tuesdays…: 2026-03-02 is a Monday. */
static void weekly_on_the_first_dates_weekday(void **state)
{
	(void)state;
	struct series_rule r = {.first = "2026-03-03", .interval = 1, .count = 4,
				.time = "19:00", .duration = 120};
	enum series_error e;
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), 4);
	assert_int_equal(e, SERIES_OK);
	assert_string_equal(out[0].starts_at, "2026-03-03 19:00");
	assert_string_equal(out[0].ends_at, "2026-03-03 21:00");
	assert_string_equal(out[1].starts_at, "2026-03-10 19:00");
	assert_string_equal(out[2].starts_at, "2026-03-17 19:00");
	assert_string_equal(out[3].starts_at, "2026-03-24 19:00");
}

static void two_weekdays_until_a_date(void **state)
{
	(void)state;
	/* Tuesdays and Thursdays from Wednesday 2026-03-04 to Tuesday 03-17 */
	struct series_rule r = {.first = "2026-03-04", .weekdays = (1u << 2) | (1u << 4),
				.interval = 1, .until = "2026-03-17", .time = "09:30", .duration = 90};
	assert_int_equal(series_dates(&r, out, SERIES_MAX, NULL), 4);
	assert_string_equal(out[0].starts_at, "2026-03-05 09:30");
	assert_string_equal(out[0].ends_at, "2026-03-05 11:00");
	assert_string_equal(out[1].starts_at, "2026-03-10 09:30");
	assert_string_equal(out[2].starts_at, "2026-03-12 09:30");
	assert_string_equal(out[3].starts_at, "2026-03-17 09:30");
}

static void biweekly_counts_weeks_from_the_first(void **state)
{
	(void)state;
	/* every other week, Monday and Friday, starting Friday 2026-03-06:
	 * that week's Friday, then the Monday and Friday two weeks later */
	struct series_rule r = {.first = "2026-03-06", .weekdays = (1u << 1) | (1u << 5),
				.interval = 2, .count = 5, .time = "14:00", .duration = 60};
	assert_int_equal(series_dates(&r, out, SERIES_MAX, NULL), 5);
	assert_string_equal(out[0].starts_at, "2026-03-06 14:00");
	assert_string_equal(out[1].starts_at, "2026-03-16 14:00");
	assert_string_equal(out[2].starts_at, "2026-03-20 14:00");
	assert_string_equal(out[3].starts_at, "2026-03-30 14:00");
	assert_string_equal(out[4].starts_at, "2026-04-03 14:00");
}

static void count_and_until_whichever_first(void **state)
{
	(void)state;
	struct series_rule r = {.first = "2026-03-02", .interval = 1, .count = 10,
				.until = "2026-03-16", .time = "10:00", .duration = 60};
	assert_int_equal(series_dates(&r, out, SERIES_MAX, NULL), 3);
	r.count = 2;
	assert_int_equal(series_dates(&r, out, SERIES_MAX, NULL), 2);
}

static void crosses_months_leap_days_and_years(void **state)
{
	(void)state;
	struct series_rule r = {.first = "2028-02-22", .interval = 1, .count = 2,
				.time = "08:00", .duration = 30};
	assert_int_equal(series_dates(&r, out, SERIES_MAX, NULL), 2);
	assert_string_equal(out[1].starts_at, "2028-02-29 08:00");
	r.first = "2026-12-29";
	assert_int_equal(series_dates(&r, out, SERIES_MAX, NULL), 2);
	assert_string_equal(out[1].starts_at, "2027-01-05 08:00");
	/* an evening session that ends after midnight */
	r.time = "23:00";
	r.duration = 120;
	r.count = 1;
	assert_int_equal(series_dates(&r, out, SERIES_MAX, NULL), 1);
	assert_string_equal(out[0].ends_at, "2026-12-30 01:00");
}

static void refuses_bad_rules(void **state)
{
	(void)state;
	enum series_error e;
	struct series_rule r = {.first = "2026-02-30", .interval = 1, .count = 3,
				.time = "10:00", .duration = 60};
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_BAD_FIRST);
	r.first = "2026-03-02";
	r.time = "24:00";
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_BAD_TIME);
	r.time = "10:00";
	r.count = 0;
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_NO_END);
	r.until = "2026-03-01";
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_BAD_UNTIL);
	r.until = "2030-01-01";
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_TOO_MANY);
	r.until = NULL;
	r.count = SERIES_MAX + 1;
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_TOO_MANY);
	/* every weekday for 2 years would pass 200 sessions: refused, not cut */
	r.count = 0;
	r.weekdays = 0x3e;
	r.until = "2027-12-31";
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_TOO_MANY);
	r.weekdays = 0;
	r.until = NULL;
	r.count = 2;
	r.duration = 0;
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_BAD_DURATION);
	/* a Sunday-only rule that ends before the first Sunday */
	r.duration = 60;
	r.count = 0;
	r.weekdays = 1u << 0;
	r.until = "2026-03-07";
	assert_int_equal(series_dates(&r, out, SERIES_MAX, &e), -1);
	assert_int_equal(e, SERIES_EMPTY);
}

static void day_arithmetic(void **state)
{
	(void)state;
	long d;
	char s[17];
	assert_int_equal(series_days("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(series_weekday(d), 4);
	assert_int_equal(series_days("2026-03-02", &d), 0);
	assert_int_equal(series_weekday(d), 1);
	assert_int_equal(series_shift("2025-03-04 19:00", 364, s), 0);
	assert_string_equal(s, "2026-03-03 19:00");
	assert_int_equal(series_add_minutes("2026-03-31 23:30", 45, s), 0);
	assert_string_equal(s, "2026-04-01 00:15");
	long m;
	assert_int_equal(series_diff_minutes("2026-03-31 23:30", "2026-04-01 00:15", &m), 0);
	assert_int_equal(m, 45);
	assert_int_equal(series_shift("2026-03-04", 1, s), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weekly_on_the_first_dates_weekday),
		cmocka_unit_test(two_weekdays_until_a_date),
		cmocka_unit_test(biweekly_counts_weeks_from_the_first),
		cmocka_unit_test(count_and_until_whichever_first),
		cmocka_unit_test(crosses_months_leap_days_and_years),
		cmocka_unit_test(refuses_bad_rules),
		cmocka_unit_test(day_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
