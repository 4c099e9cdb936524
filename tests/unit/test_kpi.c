/* Unit tests: src/kpi — every default rule of the seeded plan against a
 * small hand-made dataset whose expected figures are worked out by hand
 * below; edits and deletions of sessions changing the figures (the
 * summary tables kept by triggers); "no data"; statuses; splits; the
 * records behind a figure; and the migration that fills the rules and the
 * summary for databases seeded before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/db.h"
#include "db/schema.h"
#include "db/seed.h"
#include "kpi/kpi.h"
#include "search/tokenize.h"

#define SEED_DIR "seed/keelung"
/* 2023 is over at this time, so every 2023 figure is final */
#define AFTER_2023 "2024-02-01 09:00"

struct fixture {
	char path[64];
	struct db *db;
	sqlite3 *raw;		/* the same file, for the hand-made data and edits */
};

static void sql(struct fixture *f, const char *text)
{
	char *msg = NULL;
	if (sqlite3_exec(f->raw, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("SQL failed: %s\n%s", msg, text);
}

/* The dataset. T(code) and D(name) look up seeded ids. */
#define T(code) "(SELECT id FROM institution_types WHERE code='" code "')"
#define D(name) "(SELECT id FROM districts WHERE name_zh='" name "')"

static const char dataset[] =
	"INSERT INTO institutions(id,name_zh,type_id,district_id) VALUES\n"
	" (101,'測試補校'," T("supplementary_school") "," D("中正區") "),\n"
	" (102,'測試新住民中心'," T("new_immigrant_centre") "," D("安樂區") "),\n"
	" (103,'測試部落大學'," T("tribal_college") ",NULL),\n"
	" (104,'測試樂齡中心'," T("senior_centre") "," D("七堵區") "),\n"
	" (105,'測試長青學苑'," T("evergreen_academy") "," D("信義區") "),\n"
	" (106,'測試圖書館'," T("library") "," D("暖暖區") "),\n"
	" (107,'測試社大'," T("community_college") "," D("仁愛區") "),\n"
	" (108,'測試家庭中心'," T("family_centre") "," D("中山區") ");\n"
	"INSERT INTO venues(id,institution_id,name,district_id,is_reading_station) VALUES\n"
	" (201,104,'樂齡據點甲'," D("七堵區") ",0),(202,104,'樂齡據點乙'," D("七堵區") ",0),\n"
	" (203,NULL,'測試共讀站'," D("安樂區") ",1),(204,106,'圖書館閱覽室'," D("暖暖區") ",0);\n"
	"INSERT INTO courses(id,institution_id,title,category,programme) VALUES\n"
	" (301,101,'補校甲班','basic',NULL),(302,101,'補校乙班','basic',1),\n"
	" (303,102,'新住民識字班','basic',NULL),(304,107,'社大識字班','basic',NULL),\n"
	" (305,102,'新住民華語','language',NULL),(306,102,'新住民藝術','arts',3),\n"
	" (307,103,'族語課','language',NULL),(308,104,'樂齡健康','health',NULL),\n"
	" (309,104,'樂齡數位','digital',5),(310,105,'長青書法','arts',NULL),\n"
	" (311,108,'親子共讀','family',NULL),(312,108,'銀髮家庭','family',NULL),\n"
	" (313,107,'祖孫藝術','arts',4),(314,106,'圖書館說故事','reading',NULL),\n"
	" (315,107,'共讀站讀書會','reading',NULL),(316,107,'公民講座','civic',NULL),\n"
	" (317,107,'在地藝術','arts',7),(318,107,'志工基礎','volunteer',NULL),\n"
	" (319,107,'城市走讀','local',11),(320,107,'永續城市','civic',11),\n"
	" (321,101,'補校丙班','basic',NULL),(322,107,'手機入門','digital',NULL);\n"
	"INSERT INTO course_audiences(course_id,audience) VALUES\n"
	" (311,'family'),(312,'senior'),(313,'all'),(314,'family'),(303,'new_immigrant');\n"
	"INSERT INTO sessions(course_id,venue_id,district_id,starts_at,ends_at,attendance,cancelled)"
	" VALUES\n"
	" (301,NULL,NULL,'2023-02-07 19:00','2023-02-07 21:00',10,0),\n"
	" (301,NULL,NULL,'2023-02-14 19:00','2023-02-14 21:00',12,0),\n"
	" (301,NULL,NULL,'2023-03-01 19:00','2023-03-01 21:00',NULL,0),\n"
	" (302,NULL,NULL,'2023-09-05 19:00','2023-09-05 21:00',8,0),\n"
	" (302,NULL,NULL,'2023-09-12 19:00','2023-09-12 21:00',9,0),\n"
	" (303,NULL,NULL,'2023-03-03 09:00','2023-03-03 11:00',6,0),\n"
	" (303,NULL,NULL,'2023-03-10 09:00','2023-03-10 11:00',7,0),\n"
	" (304,NULL,NULL,'2023-05-02 19:00','2023-05-02 21:00',11,0),\n"
	" (305,NULL," D("中正區") ",'2023-01-10 09:00','2023-01-10 11:00',20,0),\n"
	" (305,NULL," D("中正區") ",'2023-01-17 09:00','2023-01-17 11:00',18,0),\n"
	" (305,NULL," D("中正區") ",'2023-01-24 09:00','2023-01-24 11:00',NULL,1),\n"
	" (305,NULL," D("中正區") ",'2024-01-09 09:00','2024-01-09 11:00',15,0),\n"
	" (306,NULL,NULL,'2023-04-04 09:00','2023-04-04 11:00',9,0),\n"
	" (307,NULL,NULL,'2023-06-01 14:00','2023-06-01 16:00',12,0),\n"
	" (307,NULL,NULL,'2023-06-08 14:00','2023-06-08 16:00',14,0),\n"
	" (308,201,NULL,'2023-02-02 09:00','2023-02-02 11:00',25,0),\n"
	" (308,202,NULL,'2023-02-09 09:00','2023-02-09 11:00',22,0),\n"
	" (308,NULL,NULL,'2023-02-16 09:00','2023-02-16 11:00',30,0),\n"
	" (309,201,NULL,'2023-07-01 09:00','2023-07-01 11:00',15,0),\n"
	" (310,NULL,NULL,'2023-03-06 09:00','2023-03-06 11:00',40,0),\n"
	" (310,NULL,NULL,'2023-03-13 09:00','2023-03-13 11:00',38,0),\n"
	" (311,NULL,NULL,'2023-04-15 10:00','2023-04-15 12:00',16,0),\n"
	" (311,NULL,NULL,'2023-04-22 10:00','2023-04-22 12:00',18,0),\n"
	" (312,NULL,NULL,'2023-05-06 10:00','2023-05-06 12:00',10,0),\n"
	" (313,NULL,NULL,'2023-08-05 10:00','2023-08-05 12:00',20,0),\n"
	" (314,204,NULL,'2023-07-08 10:00','2023-07-08 12:00',30,0),\n"
	" (314,203,NULL,'2023-07-15 10:00','2023-07-15 12:00',12,0),\n"
	" (315,203,NULL,'2023-10-07 10:00','2023-10-07 12:00',9,0),\n"
	" (316,NULL,NULL,'2023-11-01 19:00','2023-11-01 21:00',35,0),\n"
	" (317,NULL,NULL,'2023-11-08 19:00','2023-11-08 21:00',25,0),\n"
	" (318,NULL,NULL,'2023-06-10 09:00','2023-06-10 12:00',28,0),\n"
	" (319,NULL,NULL,'2023-10-21 09:00','2023-10-21 12:00',100,0),\n"
	" (320,NULL,NULL,'2023-10-28 09:00','2023-10-28 12:00',60,0),\n"
	" (321,NULL,NULL,'2022-12-06 19:00','2022-12-06 21:00',5,0),\n"
	" (321,NULL,NULL,'2023-01-10 19:00','2023-01-10 21:00',6,0),\n"
	" (322,NULL,NULL,'2023-03-20 19:00','2023-03-20 21:00',14,0);\n"
	"INSERT INTO learners(id,name,email,consent_at) VALUES\n"
	" (1,'甲','a@example.org','2023-01-01'),(2,'乙','b@example.org','2023-01-01'),\n"
	" (3,'丙','c@example.org','2023-01-01'),(4,'丁','d@example.org','2023-01-01'),\n"
	" (5,'戊','e@example.org','2023-01-01');\n"
	"INSERT INTO registrations(course_id,learner_id,status,token_hash) VALUES\n"
	" (301,1,'enrolled',x'01'),(301,2,'enrolled',x'02'),(301,3,'enrolled',x'03'),\n"
	" (301,4,'waitlisted',x'04'),(301,5,'cancelled',x'05'),\n"
	" (303,1,'enrolled',x'06'),(303,2,'enrolled',x'07'),\n"
	" (310,1,'enrolled',x'08'),(310,2,'enrolled',x'09'),(310,3,'enrolled',x'0a'),\n"
	" (310,4,'enrolled',x'0b');\n"
	"INSERT INTO volunteer_groups(id,institution_id,name,members) VALUES (1,107,'社大志工隊',40);\n"
	"INSERT INTO volunteer_trainings(group_id,title,held_on,hours,participants) VALUES\n"
	" (1,'志工基礎訓練','2023-05-20',3,30),(1,'志工特殊訓練','2023-09-09',6,25),\n"
	" (1,'去年的訓練','2022-11-11',3,40);\n"
	"INSERT INTO meetings(kind,title,held_on,attendees) VALUES\n"
	" ('liaison','第一次聯繫會議','2023-03-15',20),('workshop','專業人員研習','2023-08-20',35),\n"
	" ('committee','推展委員會','2023-06-01',12),('liaison','去年的會議','2022-12-01',18);\n"
	"INSERT INTO grants(year,scheme,title,institution_id,amount_applied_twd,amount_approved_twd,"
	"status,submitted_on) VALUES\n"
	" (2023,'學習型城市','甲案',107,2000000,1500000,'approved','2023-02-10'),\n"
	" (2023,'樂齡學習','乙案',104,800000,NULL,'rejected','2023-03-01'),\n"
	" (2023,'家庭教育','丙案',108,500000,NULL,'draft',NULL),\n"
	" (2023,'社區教育','丁案',NULL,300000,NULL,'submitted','2023-11-30'),\n"
	" (2022,'學習型城市','去年案',107,1000000,900000,'approved','2022-03-01');\n"
	"INSERT INTO page_views(day,page_kind,views) VALUES\n"
	" ('2023-01-05','home',100),('2023-06-30','search',50),('2022-12-31','home',999),\n"
	" ('2024-01-01','home',7);\n";

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	strcpy(f->path, "/tmp/lifelong-test-kpi-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	if (db_open(&f->db, f->path, DB_OPEN_CREATE | DB_OPEN_MIGRATE) < 0 ||
	    seed_load(f->db, SEED_DIR, 0) < 0 || sqlite3_open(f->path, &f->raw) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(f->raw, 5000);
	if (tok_register(f->raw) < 0)	/* the course search index's triggers need it */
		return -1;
	sql(f, "PRAGMA foreign_keys=ON");
	sql(f, dataset);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[96];
	sqlite3_close(f->raw);
	db_close(f->db);
	unlink(f->path);
	snprintf(side, sizeof side, "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

/* Loads year as of asof; fails the test when it cannot. */
static void load(struct fixture *f, int year, const char *asof, struct kpi_year *y)
{
	assert_int_equal(kpi_load(f->db, year, asof, y), 0);
}

/* The indicator with code (fails when absent). */
static const struct kpi_indicator *ind(const struct kpi_year *y, const char *code)
{
	int i = kpi_find(y, code);
	if (i < 0)
		fail_msg("no indicator %s", code);
	if (y->ind[i].rule_error)
		fail_msg("%s: rule error %s", code, y->ind[i].rule_error);
	return &y->ind[i];
}

static void expect(const struct kpi_year *y, const char *code, double want)
{
	const struct kpi_indicator *d = ind(y, code);
	if (!d->has_actual)
		fail_msg("%s: no data, expected %g", code, want);
	if (fabs(d->actual - want) > 1e-9)
		fail_msg("%s: actual %g, expected %g", code, d->actual, want);
}

/* One test per default rule: the hand count for 2023 is in the comment. */
#define RULE_TEST(name, code, want)                                   \
	static void name(void **state)                                \
	{                                                             \
		struct kpi_year y;                                    \
		load(*state, 2023, AFTER_2023, &y);                   \
		expect(&y, code, want);                               \
		kpi_free(&y);                                         \
	}

/* basic courses opened in 2023, not at the supplementary school: 303, 304
 * (301, 302, 321 are the school's; 321 opened in 2022) */
RULE_TEST(p1_abe_classes, "P1-ABE-CLASSES", 2)
/* 303: 2 enrolled; 304: no registrations, first session 11 → 13 */
RULE_TEST(p1_abe_learners, "P1-ABE-LEARNERS", 13)
/* the school's courses opened in 2023: 301 (Feb), 302 (Sep); not 321 */
RULE_TEST(p1_supp_classes, "P1-SUPP-CLASSES", 2)
/* 301: 3 enrolled (waitlisted and cancelled not); 302: first session 8 */
RULE_TEST(p1_supp_learners, "P1-SUPP-LEARNERS", 11)
/* new-immigrant centre: 303 ×2, 305 ×2 (one cancelled, one in 2024);
 * 306 is tagged programme 3 */
RULE_TEST(p2_nimm_sessions, "P2-NIMM-SESSIONS", 4)
/* 6 + 7 + 20 + 18 */
RULE_TEST(p2_nimm_attend, "P2-NIMM-ATTEND", 51)
RULE_TEST(p2_tribal_courses, "P2-TRIBAL-COURSES", 1)
/* 12 + 14 */
RULE_TEST(p2_tribal_attend, "P2-TRIBAL-ATTEND", 26)
/* 308 at venue 201, venue 202 and the centre itself; 309 is tagged 5 */
RULE_TEST(p3_senior_points, "P3-SENIOR-POINTS", 3)
RULE_TEST(p3_senior_sessions, "P3-SENIOR-SESSIONS", 3)
/* 25 + 22 + 30 */
RULE_TEST(p3_senior_attend, "P3-SENIOR-ATTEND", 77)
RULE_TEST(p3_evergreen_classes, "P3-EVERGREEN-CLASSES", 1)
/* 310: 4 enrolled */
RULE_TEST(p3_evergreen_enrol, "P3-EVERGREEN-ENROL", 4)
/* 40 + 38 */
RULE_TEST(p3_evergreen_service, "P3-EVERGREEN-SERVICE", 78)
/* 311 (family, family audience) ×2, 313 (tagged 4) ×1; not 312 (senior) */
RULE_TEST(p4_intergen_sessions, "P4-INTERGEN-SESSIONS", 3)
/* 16 + 18 + 20 */
RULE_TEST(p4_intergen_attend, "P4-INTERGEN-ATTEND", 54)
/* 309 (tagged 5) and 322 */
RULE_TEST(p5_digital_courses, "P5-DIGITAL-COURSES", 2)
/* reading sessions at the reading station 203: 314 once, 315 once */
RULE_TEST(p6_station_sessions, "P6-STATION-SESSIONS", 2)
/* 12 + 9 */
RULE_TEST(p6_station_attend, "P6-STATION-ATTEND", 21)
/* the library's reading course 314, wherever held */
RULE_TEST(p6_library_sessions, "P6-LIBRARY-SESSIONS", 2)
/* 30 + 12 */
RULE_TEST(p6_library_attend, "P6-LIBRARY-ATTEND", 42)
/* 316 (civic), 317 (tagged 7); 320 is civic but tagged 11 */
RULE_TEST(p7_civic_sessions, "P7-CIVIC-SESSIONS", 2)
/* 35 + 25 */
RULE_TEST(p7_civic_attend, "P7-CIVIC-ATTEND", 60)
/* 318 once, plus the two 2023 trainings of the back office */
RULE_TEST(p8_volunteer_sessions, "P8-VOLUNTEER-SESSIONS", 3)
/* 28 + 30 + 25 */
RULE_TEST(p8_volunteer_attend, "P8-VOLUNTEER-ATTEND", 83)
/* a liaison meeting and a workshop; not the committee, not 2022 */
RULE_TEST(p9_network_meetings, "P9-NETWORK-MEETINGS", 2)
/* approved, rejected, submitted; not the draft, not 2022 */
RULE_TEST(p10_grant_cases, "P10-GRANT-CASES", 3)
/* NT$1,500,000 approved = 150 萬元 */
RULE_TEST(p10_grant_funds, "P10-GRANT-FUNDS", 150)
/* 319 and 320, both tagged 11: 100 + 60 */
RULE_TEST(p11_city_attend, "P11-CITY-ATTEND", 160)
/* 100 + 50 (not 2022-12-31, not 2024-01-01) */
RULE_TEST(p12_portal_visits, "P12-PORTAL-VISITS", 150)

static void every_indicator_has_a_usable_rule(void **state)
{
	struct kpi_year y;
	load(*state, 2023, AFTER_2023, &y);
	assert_int_equal(y.n, 30);
	for (size_t i = 0; i < y.n; i++) {
		if (y.ind[i].rule_error)
			fail_msg("%s: %s", y.ind[i].code, y.ind[i].rule_error);
		assert_int_not_equal(y.ind[i].kind, KPI_MANUAL);
		assert_true(strlen(y.ind[i].rule_text) > 10);
	}
	assert_string_equal(y.plan_code, "111-113");
	kpi_free(&y);
}

static void statuses_and_percent(void **state)
{
	struct kpi_year y;
	const struct kpi_indicator *d;
	load(*state, 2023, AFTER_2023, &y);
	assert_true(y.elapsed == 1);
	d = ind(&y, "P10-GRANT-CASES");		/* 3 of 1 */
	assert_int_equal(d->status, KPI_REACHED);
	assert_true(fabs(d->percent - 300) < 1e-9);
	assert_false(d->has_pace);
	d = ind(&y, "P1-ABE-CLASSES");		/* 2 of 4, the year is over */
	assert_int_equal(d->status, KPI_BEHIND);
	assert_true(fabs(d->percent - 50) < 1e-9);
	assert_string_equal(kpi_status_code(d->status), "behind");
	kpi_free(&y);

	/* 2024 as of 1 February: 32 days of 366 gone */
	sql(*state, "INSERT INTO grants(year,scheme,title,status,submitted_on) "
		    "VALUES(2024,'學習型城市','新案','submitted','2024-01-20')");
	load(*state, 2024, AFTER_2023, &y);
	assert_true(fabs(y.elapsed - 32.0 / 366) < 1e-9);
	d = ind(&y, "P10-GRANT-CASES");		/* 1 of 2, pace so far 0.17 */
	assert_int_equal(d->status, KPI_ON_TRACK);
	assert_true(d->has_pace);
	assert_true(fabs(d->pace - 1 / ((366.0 - 32) / 30.5)) < 1e-9);
	d = ind(&y, "P2-NIMM-SESSIONS");	/* 1 of 50: 4.4 expected by now */
	assert_true(fabs(d->actual - 1) < 1e-9);
	assert_int_equal(d->status, KPI_BEHIND);
	kpi_free(&y);
	sql(*state, "DELETE FROM grants WHERE year=2024");
}

static void no_data_is_not_zero(void **state)
{
	struct kpi_year y;
	const struct kpi_indicator *d;
	load(*state, 2024, AFTER_2023, &y);
	d = ind(&y, "P3-SENIOR-ATTEND");
	assert_false(d->has_actual);
	assert_false(d->has_percent);
	assert_int_equal(d->status, KPI_NO_DATA);
	assert_string_equal(kpi_status_code(d->status), "no_data");
	assert_true(d->has_pace);		/* the whole target is still to do */
	d = ind(&y, "P1-SUPP-CLASSES");
	assert_int_equal(d->status, KPI_NO_DATA);
	expect(&y, "P2-NIMM-ATTEND", 15);	/* the one 2024 session */
	expect(&y, "P12-PORTAL-VISITS", 7);
	kpi_free(&y);

	/* sessions without head counts: counted, but attendance has no data */
	sql(*state, "UPDATE sessions SET attendance=NULL WHERE course_id=307");
	load(*state, 2023, AFTER_2023, &y);
	expect(&y, "P2-TRIBAL-COURSES", 1);
	d = ind(&y, "P2-TRIBAL-ATTEND");
	assert_false(d->has_actual);
	assert_int_equal(d->status, KPI_NO_DATA);
	kpi_free(&y);
	sql(*state, "UPDATE sessions SET attendance=12 WHERE course_id=307 AND starts_at LIKE '2023-06-01%';"
		    "UPDATE sessions SET attendance=14 WHERE course_id=307 AND starts_at LIKE '2023-06-08%'");

	/* no plan for 2030 */
	assert_int_equal(kpi_load(((struct fixture *)*state)->db, 2030, AFTER_2023, &y), 1);
}

static void manual_values_and_rule_errors(void **state)
{
	struct fixture *f = *state;
	struct kpi_year y;
	const struct kpi_indicator *d;
	sql(f, "UPDATE plan_indicators SET rule_kind='manual',rule_filter='{}' "
	       "WHERE code='P9-NETWORK-MEETINGS';"
	       "UPDATE plan_indicators SET rule_filter='{\"categories\":[\"cooking\"]}' "
	       "WHERE code='P5-DIGITAL-COURSES'");
	load(f, 2023, AFTER_2023, &y);
	d = &y.ind[kpi_find(&y, "P9-NETWORK-MEETINGS")];
	assert_int_equal(d->kind, KPI_MANUAL);
	assert_int_equal(d->status, KPI_NO_DATA);
	d = &y.ind[kpi_find(&y, "P5-DIGITAL-COURSES")];
	assert_non_null(d->rule_error);
	assert_non_null(strstr(d->rule_error, "cooking"));
	assert_false(d->has_actual);
	kpi_free(&y);
	sql(f, "INSERT INTO indicator_values(indicator_id,year,value,note) "
	       "SELECT id,2023,9,'由承辦人填報' FROM plan_indicators WHERE code='P9-NETWORK-MEETINGS'");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P9-NETWORK-MEETINGS", 9);
	assert_string_equal(ind(&y, "P9-NETWORK-MEETINGS")->note, "由承辦人填報");
	assert_int_equal(ind(&y, "P9-NETWORK-MEETINGS")->status, KPI_REACHED);	/* target 8 */
	kpi_free(&y);
	sql(f, "DELETE FROM indicator_values;"
	       "UPDATE plan_indicators SET rule_kind='meetings_count',"
	       "rule_filter='{\"meeting_kinds\":[\"liaison\",\"workshop\"]}' "
	       "WHERE code='P9-NETWORK-MEETINGS';"
	       "UPDATE plan_indicators SET rule_filter='{\"categories\":[\"digital\"]}' "
	       "WHERE code='P5-DIGITAL-COURSES'");
}

/* Fails when kpi_session_months or kpi_course_firsts differ from what the
 * sessions give when computed from scratch. */
static void summary_is_exact(struct fixture *f)
{
	static const char *const checks[] = {
		"SELECT count(*) FROM (SELECT substr(starts_at,1,7),course_id,ifnull(venue_id,0),"
		"ifnull(district_id,0),count(*),sum(attendance),count(attendance) FROM sessions "
		"WHERE cancelled=0 GROUP BY 1,2,3,4 EXCEPT SELECT month,course_id,venue_id,district_id,"
		"sessions,attendance,attendance_n FROM kpi_session_months)",
		"SELECT count(*) FROM (SELECT month,course_id,venue_id,district_id,sessions,attendance,"
		"attendance_n FROM kpi_session_months EXCEPT SELECT substr(starts_at,1,7),course_id,"
		"ifnull(venue_id,0),ifnull(district_id,0),count(*),sum(attendance),count(attendance) "
		"FROM sessions WHERE cancelled=0 GROUP BY 1,2,3,4)",
		"SELECT count(*) FROM kpi_course_firsts k WHERE first_start IS NOT (SELECT min(starts_at) "
		"FROM sessions WHERE course_id=k.course_id AND cancelled=0)",
		"SELECT count(DISTINCT course_id) - (SELECT count(*) FROM kpi_course_firsts) FROM sessions "
		"WHERE cancelled=0",
	};
	for (size_t i = 0; i < sizeof checks / sizeof *checks; i++) {
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(f->raw, checks[i], -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (sqlite3_column_int(st, 0) != 0)
			fail_msg("summary differs from the sessions (%d rows): %s",
				 sqlite3_column_int(st, 0), checks[i]);
		sqlite3_finalize(st);
	}
}

static void edited_sessions_change_the_figures(void **state)
{
	struct fixture *f = *state;
	struct kpi_year y;
	summary_is_exact(f);

	/* a head count corrected after the fact: 25 → 50 */
	sql(f, "UPDATE sessions SET attendance=50 WHERE course_id=308 AND venue_id=201");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P3-SENIOR-ATTEND", 102);
	kpi_free(&y);

	/* the session at the centre itself deleted: one session, one place less */
	sql(f, "DELETE FROM sessions WHERE course_id=308 AND venue_id IS NULL");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P3-SENIOR-SESSIONS", 2);
	expect(&y, "P3-SENIOR-POINTS", 2);
	expect(&y, "P3-SENIOR-ATTEND", 72);
	kpi_free(&y);

	/* moved to the other venue: still 2 sessions, 1 place */
	sql(f, "UPDATE sessions SET venue_id=201 WHERE course_id=308 AND venue_id=202");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P3-SENIOR-SESSIONS", 2);
	expect(&y, "P3-SENIOR-POINTS", 1);
	kpi_free(&y);

	/* cancelled, then moved into 2024 */
	sql(f, "UPDATE sessions SET cancelled=1 WHERE course_id=316");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P7-CIVIC-SESSIONS", 1);
	expect(&y, "P7-CIVIC-ATTEND", 25);
	kpi_free(&y);
	sql(f, "UPDATE sessions SET starts_at='2024-01-05 19:00',ends_at='2024-01-05 21:00' "
	       "WHERE course_id=317");
	load(f, 2023, AFTER_2023, &y);
	assert_int_equal(ind(&y, "P7-CIVIC-SESSIONS")->status, KPI_NO_DATA);
	kpi_free(&y);
	load(f, 2024, AFTER_2023, &y);
	expect(&y, "P7-CIVIC-SESSIONS", 1);
	kpi_free(&y);

	/* a course's first session deleted: the course's learners now come
	 * from the next session's head count (9 instead of 8) */
	sql(f, "DELETE FROM sessions WHERE course_id=302 AND starts_at LIKE '2023-09-05%'");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P1-SUPP-LEARNERS", 12);
	kpi_free(&y);

	/* a course's own fields are read live: 322 is no longer digital */
	sql(f, "UPDATE courses SET category='career' WHERE id=322");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P5-DIGITAL-COURSES", 1);
	kpi_free(&y);

	/* a course deleted with its sessions (ON DELETE CASCADE) */
	sql(f, "DELETE FROM courses WHERE id=310");
	load(f, 2023, AFTER_2023, &y);
	assert_int_equal(ind(&y, "P3-EVERGREEN-SERVICE")->status, KPI_NO_DATA);
	assert_int_equal(ind(&y, "P3-EVERGREEN-CLASSES")->status, KPI_NO_DATA);
	kpi_free(&y);

	/* an upsert that changes a session (the import's ON CONFLICT path) */
	sql(f, "INSERT INTO sessions(course_id,starts_at,ends_at,attendance) "
	       "VALUES(307,'2023-06-01 14:00','2023-06-01 16:00',100) "
	       "ON CONFLICT(course_id,starts_at) DO UPDATE SET attendance=excluded.attendance");
	load(f, 2023, AFTER_2023, &y);
	expect(&y, "P2-TRIBAL-ATTEND", 114);
	kpi_free(&y);
	summary_is_exact(f);
}

static void figures_stand_as_of_a_time(void **state)
{
	struct fixture *f = *state;
	struct kpi_year y;
	/* 10 February 2023, noon: January from the summary, February from the
	 * sessions themselves up to that time */
	load(f, 2023, "2023-02-10 12:00", &y);
	expect(&y, "P3-SENIOR-SESSIONS", 2);	/* 2 and 9 February; not the 16th */
	expect(&y, "P3-SENIOR-ATTEND", 47);
	expect(&y, "P2-NIMM-SESSIONS", 2);	/* January's two */
	expect(&y, "P1-SUPP-CLASSES", 1);	/* 301 opened on the 7th */
	assert_int_equal(ind(&y, "P2-TRIBAL-COURSES")->status, KPI_NO_DATA);	/* June */
	assert_true(y.elapsed > 0.1 && y.elapsed < 0.12);
	kpi_free(&y);
	/* before the year: nothing yet */
	load(f, 2023, "2022-12-31 23:59", &y);
	assert_int_equal(ind(&y, "P3-SENIOR-SESSIONS")->status, KPI_NO_DATA);
	assert_true(y.elapsed == 0);
	kpi_free(&y);
}

static double split_total(const struct kpi_split *s)
{
	double t = 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->g[i].has_value)
			t += s->g[i].value;
	return t;
}

static const struct kpi_group *group(const struct kpi_split *s, const char *label)
{
	for (size_t i = 0; i < s->n; i++)
		if (label ? s->g[i].label && !strcmp(s->g[i].label, label) : !s->g[i].label)
			return &s->g[i];
	fail_msg("no group %s", label ? label : "(not recorded)");
	return NULL;
}

static void splits_add_up(void **state)
{
	struct fixture *f = *state;
	struct kpi_year y;
	struct kpi_split s[KPI__BY];
	load(f, 2023, AFTER_2023, &y);
	assert_int_equal(kpi_breakdown(f->db, &y, kpi_find(&y, "P2-NIMM-ATTEND"), s), 0);
	for (int b = 0; b < KPI__BY; b++) {
		assert_true(s[b].applicable && s[b].additive);
		assert_true(fabs(split_total(&s[b]) - 51) < 1e-9);
	}
	/* 305's sessions were held in 中正區; 303's have none, so the centre's */
	assert_true(fabs(group(&s[KPI_BY_DISTRICT], "中正區")->value - 38) < 1e-9);
	assert_true(fabs(group(&s[KPI_BY_DISTRICT], "安樂區")->value - 13) < 1e-9);
	assert_false(group(&s[KPI_BY_DISTRICT], "七堵區")->has_value);
	assert_int_equal(group(&s[KPI_BY_DISTRICT], "安樂區")->population, 80440);
	assert_int_equal(group(&s[KPI_BY_DISTRICT], "仁愛區")->population, -1);
	assert_non_null(group(&s[KPI_BY_DISTRICT], "安樂區")->boundary);
	assert_int_equal(s[KPI_BY_MONTH].n, 12);
	assert_true(fabs(group(&s[KPI_BY_MONTH], "2023-01")->value - 38) < 1e-9);
	assert_true(fabs(s[KPI_BY_MONTH].cum[2] - 38) < 1e-9);
	assert_true(fabs(s[KPI_BY_MONTH].cum[3] - 51) < 1e-9);
	assert_true(fabs(s[KPI_BY_MONTH].cum[12] - 51) < 1e-9);
	assert_false(s[KPI_BY_MONTH].has_cum[0]);
	for (int b = 0; b < KPI__BY; b++)
		kpi_split_free(&s[b]);

	/* no district anywhere: "not recorded" */
	assert_int_equal(kpi_breakdown(f->db, &y, kpi_find(&y, "P2-TRIBAL-ATTEND"), s), 0);
	assert_true(fabs(group(&s[KPI_BY_DISTRICT], NULL)->value - 26) < 1e-9);
	assert_true(fabs(group(&s[KPI_BY_INSTITUTION], "測試部落大學")->value - 26) < 1e-9);
	for (int b = 0; b < KPI__BY; b++)
		kpi_split_free(&s[b]);

	/* distinct places: groups count their own places */
	assert_int_equal(kpi_breakdown(f->db, &y, kpi_find(&y, "P3-SENIOR-POINTS"), s), 0);
	assert_false(s[KPI_BY_MONTH].additive);
	assert_true(fabs(group(&s[KPI_BY_MONTH], "2023-02")->value - 3) < 1e-9);
	assert_true(fabs(s[KPI_BY_MONTH].cum[12] - 3) < 1e-9);
	assert_true(fabs(s[KPI_BY_MONTH].cum[1]) < 1e-9);
	for (int b = 0; b < KPI__BY; b++)
		kpi_split_free(&s[b]);

	/* page views split by month only */
	assert_int_equal(kpi_breakdown(f->db, &y, kpi_find(&y, "P12-PORTAL-VISITS"), s), 0);
	assert_false(s[KPI_BY_INSTITUTION].applicable);
	assert_false(s[KPI_BY_DISTRICT].applicable);
	assert_true(fabs(group(&s[KPI_BY_MONTH], "2023-06")->value - 50) < 1e-9);
	for (int b = 0; b < KPI__BY; b++)
		kpi_split_free(&s[b]);
	kpi_free(&y);
}

struct seen {
	size_t n;
	double sum;
	int kinds;
};

static int count_record(void *ctx, const struct kpi_record *rec)
{
	struct seen *s = ctx;
	s->n++;
	if (rec->has_value)
		s->sum += rec->value;
	s->kinds |= 1 << rec->kind;
	return 0;
}

/* Lists the records of code within sel; checks total and the sum. */
static void records_of(struct fixture *f, struct kpi_year *y, const char *code,
		       const struct kpi_selection *sel, size_t n, double sum, int kinds)
{
	struct seen s = {0};
	size_t total;
	assert_int_equal(kpi_records(f->db, y, kpi_find(y, code), sel, 0, 0, count_record, &s,
				     &total), 0);
	if (total != n || s.n != n || fabs(s.sum - sum) > 1e-9 || s.kinds != kinds)
		fail_msg("%s: %zu records (total %zu) summing %g of kinds %x; expected %zu, %g, %x",
			 code, s.n, total, s.sum, s.kinds, n, sum, kinds);
}

/* The id of the district called name. */
static long long group_district(struct fixture *f, const char *name)
{
	sqlite3_stmt *st;
	long long id = 0;
	sqlite3_prepare_v2(f->raw, "SELECT id FROM districts WHERE name_zh=?1", -1, &st, NULL);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(id > 0);
	return id;
}

static void records_behind_each_figure(void **state)
{
	struct fixture *f = *state;
	struct kpi_year y;
	struct kpi_selection all = {0}, anle = {0}, feb = {.month = 2}, none = {.district = -1};
	struct seen s = {0};
	size_t total;
	load(f, 2023, AFTER_2023, &y);
	records_of(f, &y, "P2-NIMM-SESSIONS", &all, 4, 4, 1 << KPI_REC_SESSION);
	records_of(f, &y, "P2-NIMM-ATTEND", &all, 4, 51, 1 << KPI_REC_SESSION);
	anle.district = group_district(f, "安樂區");
	records_of(f, &y, "P2-NIMM-ATTEND", &anle, 2, 13, 1 << KPI_REC_SESSION);
	records_of(f, &y, "P2-TRIBAL-ATTEND", &none, 2, 26, 1 << KPI_REC_SESSION);
	records_of(f, &y, "P3-SENIOR-SESSIONS", &feb, 3, 3, 1 << KPI_REC_SESSION);
	records_of(f, &y, "P1-ABE-LEARNERS", &all, 2, 13, 1 << KPI_REC_COURSE);
	records_of(f, &y, "P8-VOLUNTEER-ATTEND", &all, 3, 83,
		   1 << KPI_REC_SESSION | 1 << KPI_REC_TRAINING);
	records_of(f, &y, "P9-NETWORK-MEETINGS", &all, 2, 2, 1 << KPI_REC_MEETING);
	records_of(f, &y, "P10-GRANT-FUNDS", &all, 1, 150, 1 << KPI_REC_GRANT);
	records_of(f, &y, "P10-GRANT-CASES", &all, 3, 3, 1 << KPI_REC_GRANT);
	records_of(f, &y, "P12-PORTAL-VISITS", &all, 2, 150, 1 << KPI_REC_PAGES);
	/* paging: the second and third of four */
	assert_int_equal(kpi_records(f->db, &y, kpi_find(&y, "P2-NIMM-SESSIONS"), &all, 1, 2,
				     count_record, &s, &total), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(total, 4);
	kpi_free(&y);
}

/* A database seeded before migration 4: no rules, no summary. Running
 * the migration fills both, exactly as the seed and the triggers do. */
static void migration_fills_rules_and_summary(void **state)
{
	struct fixture *f = *state;
	const char *mig = NULL;
	struct kpi_year y;
	for (int v = 1; v <= schema_migration_count(); v++)
		if (strstr(schema_migration(v), "CREATE TABLE kpi_session_months"))
			mig = schema_migration(v);
	assert_non_null(mig);
	sql(f, "CREATE TEMP TABLE seeded AS SELECT code,rule_kind,rule_filter,rule_text "
	       "FROM plan_indicators;"
	       "DROP TRIGGER sessions_kpi_ai; DROP TRIGGER sessions_kpi_ad;"
	       "DROP TRIGGER sessions_kpi_au;"
	       "DROP TABLE kpi_session_months; DROP TABLE kpi_course_firsts;"
	       "DROP INDEX meetings_held; DROP INDEX grants_year; DROP INDEX volunteer_trainings_held;"
	       "UPDATE plan_indicators SET rule_kind='manual',rule_filter='{}',rule_text='';"
	       "UPDATE plan_indicators SET rule_kind='manual',rule_text='由承辦人填報' "
	       "WHERE code='P12-PORTAL-VISITS';");
	sql(f, mig);
	summary_is_exact(f);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(f->raw,
		"SELECT s.code FROM seeded s JOIN plan_indicators i ON i.code=s.code "
		"WHERE s.code<>'P12-PORTAL-VISITS' AND (s.rule_kind IS NOT i.rule_kind "
		"OR s.rule_filter IS NOT i.rule_filter OR s.rule_text IS NOT i.rule_text)",
		-1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		fail_msg("migration and seed/keelung/plan-rules.csv differ for %s",
			 sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	/* a rule someone set is kept */
	load(f, 2023, AFTER_2023, &y);
	assert_int_equal(ind(&y, "P12-PORTAL-VISITS")->kind, KPI_MANUAL);
	expect(&y, "P2-NIMM-ATTEND", 51);
	kpi_free(&y);
}

static void default_year(void **state)
{
	struct fixture *f = *state;
	int year = 0;
	assert_int_equal(kpi_default_year(f->db, 2023, &year), 0);
	assert_int_equal(year, 2023);
	assert_int_equal(kpi_default_year(f->db, 2026, &year), 0);
	assert_int_equal(year, 2024);	/* the latest plan year that has begun */
	assert_int_equal(kpi_default_year(f->db, 2010, &year), 0);
	assert_int_equal(year, 2022);
	assert_int_equal(kpi_gregorian(112), 2023);
	assert_int_equal(kpi_gregorian(2023), 2023);
}

#define T_(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T_(p1_abe_classes), T_(p1_abe_learners), T_(p1_supp_classes),
		T_(p1_supp_learners), T_(p2_nimm_sessions), T_(p2_nimm_attend),
		T_(p2_tribal_courses), T_(p2_tribal_attend), T_(p3_senior_points),
		T_(p3_senior_sessions), T_(p3_senior_attend), T_(p3_evergreen_classes),
		T_(p3_evergreen_enrol), T_(p3_evergreen_service), T_(p4_intergen_sessions),
		T_(p4_intergen_attend), T_(p5_digital_courses), T_(p6_station_sessions),
		T_(p6_station_attend), T_(p6_library_sessions), T_(p6_library_attend),
		T_(p7_civic_sessions), T_(p7_civic_attend), T_(p8_volunteer_sessions),
		T_(p8_volunteer_attend), T_(p9_network_meetings), T_(p10_grant_cases),
		T_(p10_grant_funds), T_(p11_city_attend), T_(p12_portal_visits),
		T_(every_indicator_has_a_usable_rule), T_(statuses_and_percent),
		T_(no_data_is_not_zero), T_(manual_values_and_rule_errors),
		T_(edited_sessions_change_the_figures), T_(figures_stand_as_of_a_time),
		T_(splits_add_up), T_(records_behind_each_figure),
		T_(migration_fills_rules_and_summary), T_(default_year),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
