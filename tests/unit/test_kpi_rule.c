/* Unit tests: src/kpi/rule — parsing and checking rule filters, and the
 * matching of courses and sessions (programme tags, criteria). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "kpi/rule.h"

static struct kpi_ref ref;

enum { T_SUPP, T_SENIOR, T_LIBRARY };
enum { C_BASIC, C_FAMILY, C_READING, C_CIVIC };
enum { A_ALL, A_FAMILY, A_SENIOR };

static int setup(void **state)
{
	(void)state;
	memset(&ref, 0, sizeof ref);
	ref.ntypes = 3;
	strcpy(ref.type_code[T_SUPP], "supplementary_school");
	strcpy(ref.type_code[T_SENIOR], "senior_centre");
	strcpy(ref.type_code[T_LIBRARY], "library");
	ref.type_id[0] = 11;
	ref.type_id[1] = 12;
	ref.type_id[2] = 13;
	ref.ncats = 4;
	strcpy(ref.cat_code[C_BASIC], "basic");
	strcpy(ref.cat_code[C_FAMILY], "family");
	strcpy(ref.cat_code[C_READING], "reading");
	strcpy(ref.cat_code[C_CIVIC], "civic");
	ref.nauds = 3;
	strcpy(ref.aud_code[A_ALL], "all");
	strcpy(ref.aud_code[A_FAMILY], "family");
	strcpy(ref.aud_code[A_SENIOR], "senior");
	return 0;
}

/* Parses json for kind and programme; expects success. */
static struct kpi_filter parse_ok(enum kpi_kind kind, int prog, const char *json)
{
	struct kpi_filter f;
	struct buf err = BUF_INIT;
	if (kpi_filter_parse(&ref, kind, prog, json, &f, &err) != 0)
		fail_msg("%s: %s", json, buf_cstr(&err));
	buf_free(&err);
	return f;
}

/* Expects json to be refused with a message containing needle. */
static void parse_bad(enum kpi_kind kind, int prog, const char *json, const char *needle)
{
	struct kpi_filter f;
	struct buf err = BUF_INIT;
	assert_int_equal(kpi_filter_parse(&ref, kind, prog, json, &f, &err), -1);
	if (!strstr(buf_cstr(&err), needle))
		fail_msg("%s: message '%s' lacks '%s'", json, buf_cstr(&err), needle);
	buf_free(&err);
}

static struct kpi_subject subject(int type, int cat, uint64_t aud, int prog, int station)
{
	struct kpi_subject s = {type, cat, aud, prog, station};
	return s;
}

static void kinds_round_trip(void **state)
{
	(void)state;
	enum kpi_kind k;
	for (int i = 0; i < KPI__KINDS; i++) {
		assert_int_equal(kpi_kind_parse(kpi_kind_name((enum kpi_kind)i), &k), 0);
		assert_int_equal(k, i);
	}
	assert_int_equal(kpi_kind_parse("count_everything", &k), -1);
	assert_int_equal(kpi_kind_parse(NULL, &k), -1);
	assert_null(kpi_kind_name(KPI__KINDS));
}

static void filter_parses_codes_into_masks(void **state)
{
	(void)state;
	struct kpi_filter f = parse_ok(KPI_COUNT_COURSES, 1,
				       "{\"categories\":[\"basic\"],"
				       "\"exclude_institution_types\":[\"supplementary_school\"]}");
	assert_int_equal(f.categories, 1u << C_BASIC);
	assert_int_equal(f.not_types, 1u << T_SUPP);
	assert_int_equal(f.types, 0);
	f = parse_ok(KPI_SUM_ATTENDANCE, 4, "{\"programme\":4,\"categories\":[\"family\"],"
					    "\"audiences\":[\"family\",\"senior\"]}");
	assert_int_equal(f.programme, 4);
	assert_int_equal(f.audiences, (1u << A_FAMILY) | (1u << A_SENIOR));
	f = parse_ok(KPI_MEETINGS_COUNT, 9, "{\"meeting_kinds\":[\"liaison\",\"workshop\"]}");
	assert_int_equal(f.meeting_kinds, KPI_MEET_LIAISON | KPI_MEET_WORKSHOP);
	f = parse_ok(KPI_PAGE_VIEWS, 12, "{}");
	assert_true(kpi_filter_page_kind(&f, "home"));
	f = parse_ok(KPI_PAGE_VIEWS, 12, "{\"page_kinds\":[\"search\"]}");
	assert_false(kpi_filter_page_kind(&f, "home"));
	assert_true(kpi_filter_page_kind(&f, "search"));
}

static void filter_refuses_what_it_cannot_use(void **state)
{
	(void)state;
	parse_bad(KPI_COUNT_SESSIONS, 1, "[1]", "JSON object");
	parse_bad(KPI_COUNT_SESSIONS, 1, "{", "JSON object");
	parse_bad(KPI_COUNT_SESSIONS, 1, "{\"colour\":1}", "colour: not a filter key");
	parse_bad(KPI_COUNT_SESSIONS, 1, "{\"categories\":[\"cooking\"]}",
		  "'cooking' is not a code; use one of basic, family, reading, civic");
	parse_bad(KPI_COUNT_SESSIONS, 1, "{\"categories\":[]}", "one or more");
	parse_bad(KPI_COUNT_SESSIONS, 4, "{\"programme\":5}", "own programme number (4)");
	parse_bad(KPI_GRANTS_COUNT, 10, "{\"categories\":[\"basic\"]}",
		  "does not apply to the kind grants_count");
	parse_bad(KPI_COUNT_COURSES, 1, "{\"volunteer_trainings\":true}", "does not apply");
	parse_bad(KPI_MEETINGS_COUNT, 9, "{\"meeting_kinds\":[\"party\"]}", "liaison");
	parse_bad(KPI_COUNT_SESSIONS, 6, "{\"reading_station\":\"yes\"}", "true or false");
	parse_bad(KPI_COUNT_SESSIONS, 1, "{\"categories\":[\"basic\"],\"categories\":[\"civic\"]}",
		  "JSON object");
}

static void criteria_must_all_hold(void **state)
{
	(void)state;
	struct kpi_filter f = parse_ok(KPI_COUNT_COURSES, 1,
				       "{\"categories\":[\"basic\"],"
				       "\"exclude_institution_types\":[\"supplementary_school\"]}");
	struct kpi_subject s = subject(T_SENIOR, C_BASIC, 0, 0, 0);
	assert_true(kpi_filter_match(&f, 1, &s));
	s = subject(T_SUPP, C_BASIC, 0, 0, 0);		/* excluded type */
	assert_false(kpi_filter_match(&f, 1, &s));
	s = subject(T_SENIOR, C_CIVIC, 0, 0, 0);		/* other category */
	assert_false(kpi_filter_match(&f, 1, &s));
	s = subject(-1, C_BASIC, 0, 0, 0);		/* unknown type is not excluded */
	assert_true(kpi_filter_match(&f, 1, &s));
	f = parse_ok(KPI_COUNT_SESSIONS, 6, "{\"categories\":[\"reading\"],\"reading_station\":true}");
	s = subject(T_LIBRARY, C_READING, 0, 0, 1);
	assert_true(kpi_filter_match(&f, 6, &s));
	s.reading_station = 0;
	assert_false(kpi_filter_match(&f, 6, &s));
	assert_true(kpi_filter_uses_place(&f));
}

static void programme_tag_rules(void **state)
{
	(void)state;
	/* P4: programme 4, or family category with a family audience */
	struct kpi_filter f = parse_ok(KPI_COUNT_SESSIONS, 4, "{\"programme\":4,"
				       "\"categories\":[\"family\"],\"audiences\":[\"family\"]}");
	struct kpi_subject s = subject(T_SENIOR, C_CIVIC, 1u << A_ALL, 4, 0);
	assert_true(kpi_filter_match(&f, 4, &s));		/* tagged 4 */
	s = subject(T_SENIOR, C_FAMILY, 1u << A_FAMILY, 0, 0);
	assert_true(kpi_filter_match(&f, 4, &s));		/* untagged, criteria hold */
	s = subject(T_SENIOR, C_FAMILY, 1u << A_SENIOR, 0, 0);
	assert_false(kpi_filter_match(&f, 4, &s));		/* audience differs */
	s = subject(T_SENIOR, C_FAMILY, 1u << A_FAMILY, 3, 0);
	assert_false(kpi_filter_match(&f, 4, &s));		/* tagged with programme 3 */

	/* a tagged course counts only for its own programme's indicators */
	f = parse_ok(KPI_COUNT_SESSIONS, 3, "{\"institution_types\":[\"senior_centre\"]}");
	s = subject(T_SENIOR, C_CIVIC, 0, 5, 0);
	assert_false(kpi_filter_match(&f, 3, &s));
	s.programme = 3;
	assert_true(kpi_filter_match(&f, 3, &s));
	s.programme = 0;
	assert_true(kpi_filter_match(&f, 3, &s));

	/* programme only: tagged courses only */
	f = parse_ok(KPI_SUM_ATTENDANCE, 11, "{\"programme\":11}");
	s = subject(T_SENIOR, C_CIVIC, 0, 0, 0);
	assert_false(kpi_filter_match(&f, 11, &s));
	s.programme = 11;
	assert_true(kpi_filter_match(&f, 11, &s));

	/* the empty filter takes every untagged course, and the programme's own */
	f = parse_ok(KPI_COUNT_SESSIONS, 2, "{}");
	s = subject(-1, -1, 0, 0, 0);
	assert_true(kpi_filter_match(&f, 2, &s));
	s.programme = 2;
	assert_true(kpi_filter_match(&f, 2, &s));
	s.programme = 7;
	assert_false(kpi_filter_match(&f, 2, &s));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_round_trip),
		cmocka_unit_test(filter_parses_codes_into_masks),
		cmocka_unit_test(filter_refuses_what_it_cannot_use),
		cmocka_unit_test(criteria_must_all_hold),
		cmocka_unit_test(programme_tag_rules),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
