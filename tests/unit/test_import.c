/* Unit tests: src/db/import — CSV import of institutions and sessions:
 * encodings, validation with line numbers, all-or-nothing writes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/text.h"
#include "db/csvfile.h"
#include "db/db.h"
#include "db/import.h"

#define DATA "tests/data/"
#define SESS_HEADER "institution,course,category,audience,district,venue,start,end,capacity," \
		    "fee_twd,format,language,childcare,programme,attendance,description,url\n"
#define INST_HEADER "name,type,district,address,lat,lon,phone,website,feed_url\n"

/* What the fixtures store, as course_summary() writes it. */
#define POTTERY "arts|1500|in_person|zh-Hant|1|3|20|從捏塑到拉坯，\n每週一次。|" \
	"https://example.org/pottery|0|all;senior|2|" \
	"2026-03-02 19:00 2026-03-02 21:00 信義區 陶藝教室 18|" \
	"2026-03-09 19:00 2026-03-09 21:00 信義區 陶藝教室 -"
#define PICTURE_BOOKS "reading|0|in_person|zh-Hant|0|6|NULL|親子共讀繪本。|NULL|0|family|2|" \
	"2026-04-11 10:00 2026-04-11 11:30 仁愛區 兒童室 -|" \
	"2026-04-18 10:00 2026-04-18 11:30 中正區 兒童室 -"
#define VIETNAMESE "language|0|blended|vi|0|NULL|15|以越南語談日常生活。|NULL|0|" \
	"new_immigrant;senior|1|2026-05-06 14:00 2026-05-06 16:00 中山區 - -"

/* Row counts: institutions, courses, sessions, venues, course audiences,
 * feeds, demo institutions (ST_DATA_COUNTS). */
struct counts {
	long long v[7];
};

static int setup(void **state)
{
	static const char *const districts[][3] = {
		{"仁愛區", "Ren'ai District", "200"}, {"信義區", "Sinyi District", "201"},
		{"中正區", "Zhongzheng District", "202"}, {"中山區", "Zhongshan District", "203"},
	};
	static const char *const types[][3] = {
		{"community_college", "社區大學", "community college"},
		{"library", "圖書館", "public library"},
		{"senior_centre", "樂齡學習中心", "senior learning centre"},
	};
	struct db *db;
	if (db_open(&db, ":memory:", DB_OPEN_CREATE | DB_OPEN_MIGRATE) < 0)
		return -1;
	for (size_t i = 0; i < 4; i++)
		if (db_exec(db, ST_DISTRICT_INSERT, "tttit", districts[i][0], districts[i][1],
			    districts[i][2], -1LL, NULL) < 0)
			return -1;
	for (size_t i = 0; i < 3; i++)
		if (db_exec(db, ST_TYPE_INSERT, "tttit", types[i][0], types[i][1], types[i][2],
			    1LL, NULL) < 0)
			return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

/* Reads a fixture; the caller frees. */
static char *fixture(const char *path, size_t *n)
{
	char *data = NULL;
	if (csvfile_slurp(path, &data, n) < 0)
		fail_msg("cannot read %s (run the tests from the repository root)", path);
	return data;
}

/* Imports the fixture at path; returns import_csv()'s result code. */
static int import_file(struct db *db, enum import_kind kind, const char *path, int demo,
		       struct import_result *r)
{
	size_t n;
	char *data = fixture(path, &n);
	int rc = import_csv(db, kind, data, n, demo, r);
	free(data);
	return rc;
}

/* Imports text (not demo) and returns the code; errors stay in *r. */
static int import_text(struct db *db, enum import_kind kind, const char *text,
		       struct import_result *r)
{
	return import_csv(db, kind, text, strlen(text), 0, r);
}

/* Imports both good UTF-8 fixtures, asserting success. */
static void load_fixtures(struct db *db)
{
	struct import_result r;
	assert_int_equal(import_file(db, IMPORT_INSTITUTIONS, DATA "import-institutions.csv", 0, &r), 0);
	import_result_free(&r);
	assert_int_equal(import_file(db, IMPORT_SESSIONS, DATA "import-sessions.csv", 0, &r), 0);
	import_result_free(&r);
}

static struct counts get_counts(struct db *db)
{
	struct counts c = {{0}};
	struct dbq q;
	assert_int_equal(db_query(db, &q, ST_DATA_COUNTS, ""), 0);
	assert_int_equal(db_next(&q), 1);
	for (int i = 0; i < 7; i++)
		c.v[i] = db_int(&q, i);
	db_done(&q);
	return c;
}

static void assert_counts(struct counts c, long long inst, long long courses, long long sess,
			  long long venues, long long aud, long long feeds, long long demo)
{
	long long want[7] = {inst, courses, sess, venues, aud, feeds, demo};
	for (int i = 0; i < 7; i++)
		if (c.v[i] != want[i])
			fail_msg("count %d is %lld, expected %lld", i, c.v[i], want[i]);
}

/* The stored course as "field|field|…" (NULL for SQL NULL); caller frees.
 * Returns NULL when there is no such course. */
static char *course_summary(struct db *db, const char *inst, const char *title)
{
	struct buf b = BUF_INIT;
	struct dbq q;
	char *out = NULL;
	assert_int_equal(db_query(db, &q, ST_COURSE_SUMMARY, "tt", inst, title), 0);
	if (db_next(&q) == 1) {
		for (int i = 0; i < 13; i++)
			buf_printf(&b, "%s%s", i ? "|" : "", db_is_null(&q, i) ? "NULL" : db_text(&q, i));
		out = buf_detach(&b, NULL);
	}
	db_done(&q);
	buf_free(&b);
	return out;
}

static void assert_course(struct db *db, const char *inst, const char *title, const char *want)
{
	char *got = course_summary(db, inst, title);
	if (!got)
		fail_msg("no course %s / %s", inst, title);
	assert_string_equal(got, want);
	free(got);
}

/* The three fixture courses are stored as the fixture says. */
static void assert_fixture_courses(struct db *db)
{
	assert_course(db, "測試社區大學", "陶藝入門", POTTERY);
	assert_course(db, "測試圖書館", "繪本共讀", PICTURE_BOOKS);
	assert_course(db, "測試樂齡學習中心", "越南語生活會話", VIETNAMESE);
	assert_counts(get_counts(db), 3, 3, 5, 2, 5, 3, 0);
}

/* Asserts that errors holds exactly n lines, each containing one of want. */
static void assert_errors(const char *errors, const char *const *want, int n)
{
	int lines = 0;
	for (const char *p = errors; *p; p++)
		lines += *p == '\n';
	for (int i = 0; i < n; i++)
		if (!strstr(errors, want[i]))
			fail_msg("missing error \"%s\" in:\n%s", want[i], errors);
	if (lines != n)
		fail_msg("expected %d errors, got %d:\n%s", n, lines, errors);
}

static void good_utf8_files(void **state)
{
	struct db *db = *state;
	struct import_result r;
	struct dbq q;
	int found = 0;
	assert_int_equal(import_file(db, IMPORT_INSTITUTIONS, DATA "import-institutions.csv", 0, &r), 0);
	assert_string_equal(buf_cstr(&r.errors), "");
	assert_int_equal(r.rows, 3);
	assert_int_equal(r.institutions, 3);
	import_result_free(&r);
	assert_int_equal(import_file(db, IMPORT_SESSIONS, DATA "import-sessions.csv", 0, &r), 0);
	assert_string_equal(buf_cstr(&r.errors), "");
	assert_int_equal(r.rows, 5);
	assert_int_equal(r.courses, 3);
	assert_int_equal(r.sessions, 5);
	import_result_free(&r);
	assert_fixture_courses(db);
	/* quoted comma kept, surrounding spaces trimmed, coordinates stored */
	assert_int_equal(db_query(db, &q, ST_INSTITUTIONS_LIST, ""), 0);
	while (db_next(&q) == 1) {
		const char *name = db_text(&q, 1);
		if (strcmp(name, "測試社區大學") == 0) {
			found++;
			assert_string_equal(db_text(&q, 5), "基隆市信義區東信路1號, 2樓");
			assert_true(db_real(&q, 6) > 25.126 && db_real(&q, 6) < 25.127);
			assert_true(db_real(&q, 7) > 121.765 && db_real(&q, 7) < 121.766);
			assert_string_equal(db_text(&q, 8), "02-2420-0000");
		} else if (strcmp(name, "測試樂齡學習中心") == 0) {
			found++;
			assert_true(db_is_null(&q, 4)); /* no district */
			assert_true(db_is_null(&q, 6));
		}
	}
	db_done(&q);
	assert_int_equal(found, 2);
}

static void utf8_bom_files(void **state)
{
	struct db *db = *state;
	static const char *const files[] = {DATA "import-institutions.csv", DATA "import-sessions.csv"};
	for (int i = 0; i < 2; i++) {
		struct import_result r;
		size_t n;
		char *data = fixture(files[i], &n), *bom = malloc(n + 3);
		assert_non_null(bom);
		memcpy(bom, "\xEF\xBB\xBF", 3);
		memcpy(bom + 3, data, n);
		assert_int_equal(import_csv(db, i ? IMPORT_SESSIONS : IMPORT_INSTITUTIONS, bom, n + 3,
					    0, &r), 0);
		assert_string_equal(buf_cstr(&r.errors), "");
		import_result_free(&r);
		free(bom);
		free(data);
	}
	assert_fixture_courses(db); /* the BOM did not end up in the first column's name */
}

static void big5_files(void **state)
{
	struct db *db = *state;
	struct import_result r;
	size_t n;
	char *data = fixture(DATA "import-sessions-big5.csv", &n);
	assert_false(text_utf8_valid(data, n)); /* the fixture really is Big5 */
	free(data);
	assert_int_equal(import_file(db, IMPORT_INSTITUTIONS, DATA "import-institutions-big5.csv", 0,
				     &r), 0);
	import_result_free(&r);
	assert_int_equal(import_file(db, IMPORT_SESSIONS, DATA "import-sessions-big5.csv", 0, &r), 0);
	assert_string_equal(buf_cstr(&r.errors), "");
	import_result_free(&r);
	assert_fixture_courses(db);
}

static void neither_utf8_nor_big5(void **state)
{
	struct import_result r;
	/* Latin-1: an é (0xE9) followed by a space is no Big5 character either */
	static const char bad[] = INST_HEADER "Caf\xE9 Library,library,,,,,,,\n";
	assert_int_equal(import_csv(*state, IMPORT_INSTITUTIONS, bad, sizeof bad - 1, 0, &r), 1);
	assert_string_equal(buf_cstr(&r.errors), "the file is neither UTF-8 nor Big5\n");
	import_result_free(&r);
	assert_counts(get_counts(*state), 0, 0, 0, 0, 0, 0, 0);
}

static void one_bad_row_writes_nothing(void **state)
{
	struct db *db = *state;
	struct import_result r;
	load_fixtures(db);
	struct counts before = get_counts(db);
	assert_int_equal(import_text(db, IMPORT_SESSIONS, SESS_HEADER
		"測試圖書館,說故事時間,reading,family,,兒童室,2026-06-01 10:00,2026-06-01 11:00,,0,"
		"in_person,zh-Hant,no,6,,說故事。,\n"
		"測試圖書館,說故事時間,reading,family,,兒童室,2026-06-08 10:00,2026-06-08 09:00,,0,"
		"in_person,zh-Hant,no,6,,說故事。,\n"
		"測試社區大學,陶藝入門,arts,all;senior,,陶藝教室,2026-03-09 19:00,2026-03-09 21:00,20,"
		"999,in_person,zh-Hant,yes,3,7,\"從捏塑到拉坯，\n每週一次。\",https://example.org/pottery\n",
		&r), 1);
	assert_string_equal(buf_cstr(&r.errors),
			    "line 3: end: '2026-06-08 09:00' is not after the start '2026-06-08 10:00'\n");
	assert_int_equal(r.courses, 0);
	import_result_free(&r);
	struct counts after = get_counts(db);
	assert_memory_equal(&before, &after, sizeof before);
	assert_course(db, "測試社區大學", "陶藝入門", POTTERY); /* fee and attendance unchanged */
}

/* Three bad rows (lines 3, 8 and 10), one after a three-line quoted field
 * and a blank line; the same with CRLF line ends. */
static void three_bad_rows_listed(void **state)
{
	static const char text[] = SESS_HEADER
		"測試圖書館,故事媽媽培訓,volunteer,women,,,2026-07-01 09:00,2026-07-01 12:00,,0,"
		"in_person,zh-Hant,no,8,,培訓。,\n"						/* 2 */
		"測試圖書館,烹飪,cooking,all,,,2026-07-02 09:00,2026-07-02 12:00,,0,"
		"in_person,zh-Hant,no,,,做菜。,\n"						/* 3 */
		"測試圖書館,說故事,reading,family,,,2026-07-03 09:00,2026-07-03 10:00,,0,"
		"in_person,zh-Hant,no,6,,\"第一行\n第二行，\"\"引號\"\"\n第三行\",\n"		/* 4-6 */
		"\n"										/* 7 */
		"測試圖書館,故事媽媽培訓,volunteer,women;aliens,,,2026-07-08 09:00,2026-07-08 12:00,"
		",0,in_person,zh-Hant,no,8,,培訓。,\n"						/* 8 */
		"測試圖書館,故事媽媽培訓,volunteer,women,,,2026-07-15 09:00,2026-07-15 12:00,,0,"
		"in_person,zh-Hant,no,8,,培訓。,\n"						/* 9 */
		"測試圖書館,故事媽媽培訓,volunteer,women,,,2023-02-30 09:00,2023-03-01 12:00,,0,"
		"in_person,zh-Hant,no,8,,培訓。,\n";						/* 10 */
	static const char want[] =
		"line 3: category: 'cooking' is not a category code\n"
		"line 8: audience: 'aliens' is not an audience code\n"
		"line 10: start: '2023-02-30 09:00' is not a real date and time YYYY-MM-DD HH:MM\n";
	struct db *db = *state;
	struct import_result r;
	struct buf crlf = BUF_INIT;
	load_fixtures(db);
	struct counts before = get_counts(db);
	assert_int_equal(import_text(db, IMPORT_SESSIONS, text, &r), 1);
	assert_string_equal(buf_cstr(&r.errors), want);
	import_result_free(&r);
	for (const char *p = text; *p; p++)
		buf_puts(&crlf, *p == '\n' ? "\r\n" : (char[]){*p, 0});
	assert_int_equal(import_text(db, IMPORT_SESSIONS, buf_cstr(&crlf), &r), 1);
	assert_string_equal(buf_cstr(&r.errors), want);
	import_result_free(&r);
	buf_free(&crlf);
	struct counts after = get_counts(db);
	assert_memory_equal(&before, &after, sizeof before);
}

static void header_problems(void **state)
{
	struct db *db = *state;
	struct import_result r;
	assert_int_equal(import_text(db, IMPORT_INSTITUTIONS,
		"name,kind,district,address,lat,lon,phone,website,feed_url\n甲,library,,,,,,,\n", &r), 1);
	assert_string_equal(buf_cstr(&r.errors), "line 1: header: unknown column 'kind'\n"
			    "line 1: header: missing column 'type'\n");
	import_result_free(&r);
	assert_int_equal(import_text(db, IMPORT_SESSIONS,
		"institution,course,category,audience,district,venue,start,capacity,fee_twd,format,"
		"language,childcare,programme,attendance,description,url,url\n", &r), 1);
	assert_string_equal(buf_cstr(&r.errors), "line 1: header: column 'url' appears twice\n"
			    "line 1: header: missing column 'end'\n");
	import_result_free(&r);
	assert_int_equal(import_text(db, IMPORT_SESSIONS, "\n\n", &r), 1);
	assert_string_equal(buf_cstr(&r.errors),
			    "line 1: header: the file is empty (a header line is needed)\n");
	import_result_free(&r);
	assert_counts(get_counts(db), 0, 0, 0, 0, 0, 0, 0);
}

static void institution_rules(void **state)
{
	static const char *const want[] = {
		"line 2: type: 'school' is not an institution type code",
		"line 3: district: '北投區' is not a district of the city",
		"line 4: lon: is needed when lat is given",
		"line 5: lat: '91' is not a latitude (-90 to 90)",
		"line 6: website: 'ftp://example.org' is not an http:// or https:// URL",
		"line 6: feed_url: 'javascript:alert(1)' is not an http:// or https:// URL",
		"line 7: name: is required",
		"line 8: name: '甲' is already on line 2",
		"line 9: row: has 10 fields, but the header has 9",
		"line 10: row: has 3 fields, but the header has 9",
	};
	struct import_result r;
	assert_int_equal(import_text(*state, IMPORT_INSTITUTIONS, INST_HEADER
		"甲,school,,,,,,,\n"
		"乙,library,北投區,,,,,,\n"
		"丙,library,,,25.1,,,,\n"
		"丁,library,,,91,121,,,\n"
		"戊,library,,,,,,ftp://example.org,https://ok.example.org/a;javascript:alert(1)\n"
		",library,,,,,,,\n"
		"甲,library,,,,,,,\n"
		"己,library,,,,,,,,extra\n"
		"庚,library,\n"
		"辛,library,,,,,,,,,,\n", &r), 1);
	assert_errors(buf_cstr(&r.errors), want, 10);
	import_result_free(&r);
	assert_counts(get_counts(*state), 0, 0, 0, 0, 0, 0, 0);
}

static void session_rules(void **state)
{
	static const char *const want[] = {
		"line 2: institution: there is no institution named '不存在的學校'",
		"line 3: category: 'cooking' is not a category code",
		"line 3: audience: 'aliens' is not an audience code",
		"line 3: district: '北投區' is not a district of the city",
		"line 4: audience: at least one audience code is required",
		"line 4: capacity: '-1' is not a whole number from 0 to 1000000",
		"line 4: fee_twd: 'free' is not a whole number from 0 to 100000000",
		"line 4: programme: '13' is not a whole number from 1 to 12",
		"line 4: attendance: '1.5' is not a whole number from 0 to 1000000",
		"line 4: format: 'hybrid' is not in_person, online or blended",
		"line 4: language: 'english!' is not a BCP 47 language tag",
		"line 4: childcare: 'maybe' is not yes or no",
		"line 4: url: 'www.example.org' is not an http:// or https:// URL",
		"line 5: course: is required",
		"line 6: language: 'e' is not a BCP 47 language tag",
	};
	struct db *db = *state;
	struct import_result r;
	load_fixtures(db);
	assert_int_equal(import_text(db, IMPORT_SESSIONS, SESS_HEADER
		"不存在的學校,課,arts,all,,,2026-07-01 09:00,2026-07-01 10:00,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課一,cooking,all;aliens,北投區,,2026-07-01 09:00,2026-07-01 10:00,,0,"
		"in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課二,arts, ; ,,,2026-07-01 09:00,2026-07-01 10:00,-1,free,hybrid,english!,"
		"maybe,13,1.5,,www.example.org\n"
		"測試圖書館,,arts,all,,,2026-07-01 09:00,2026-07-01 10:00,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課三,arts,all,,,2026-07-01 09:00,2026-07-01 10:00,,0,online,e,no,,,,\n"
		/* accepted: ICU-valid tags, empty language (zh-Hant), 2024 leap day */
		"測試圖書館,課四,arts,all,,,2024-02-29 09:00,2024-02-29 10:00,,0,online,ami,no,,,,\n"
		"測試圖書館,課五,arts,all,,,2026-07-01 09:00,2026-07-01 10:00,,0,online,zh-Hant-TW,no,,,,\n"
		"測試圖書館,課六,arts,all,,,2026-07-01 09:00,2026-07-01 10:00,,0,online,,no,,,,\n",
		&r), 1);
	assert_errors(buf_cstr(&r.errors), want, 15);
	import_result_free(&r);
	assert_fixture_courses(db);
}

static void bad_dates(void **state)
{
	static const char *const want[] = {
		"line 2: start: '2023-02-30 10:00' is not a real date and time",
		"line 3: end: '2026-07-01 08:59' is not after the start '2026-07-01 09:00'",
		"line 4: start: '2023-2-3 9:00' is not a real date and time",
		"line 5: end: '2024-02-29 24:00' is not a real date and time",
		"line 6: start: '2023-02-29 10:00' is not a real date and time",
		"line 7: end: '2026-07-01 09:00' is not after the start '2026-07-01 09:00'",
		"line 8: end: is required",
	};
	struct db *db = *state;
	struct import_result r;
	load_fixtures(db);
	assert_int_equal(import_text(db, IMPORT_SESSIONS,
		"institution,course,start,end,category,audience,district,venue,capacity,fee_twd,"
		"format,language,childcare,programme,attendance,description,url\n"
		"測試圖書館,課,2023-02-30 10:00,2023-03-01 11:00,arts,all,,,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課,2026-07-01 09:00,2026-07-01 08:59,arts,all,,,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課,2023-2-3 9:00,2026-07-01 08:59,arts,all,,,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課,2024-02-29 10:00,2024-02-29 24:00,arts,all,,,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課,2023-02-29 10:00,2023-03-01 11:00,arts,all,,,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課,2026-07-01 09:00,2026-07-01 09:00,arts,all,,,,0,in_person,zh-Hant,no,,,,\n"
		"測試圖書館,課,2026-07-02 09:00,,arts,all,,,,0,in_person,zh-Hant,no,,,,\n", &r), 1);
	/* line 7 also repeats the start of line 3 (a valid start) */
	const char *dup = "line 7: start: the course already has a session starting at "
			  "2026-07-01 09:00 (line 3)";
	const char *const all[] = {want[0], want[1], want[2], want[3], want[4], want[5], want[6], dup};
	assert_errors(buf_cstr(&r.errors), all, 8);
	import_result_free(&r);
	assert_fixture_courses(db);
}

static void inconsistent_course_fields(void **state)
{
	static const char *const want[] = {
		"line 3: fee_twd: '200' differs from '100' on line 2, where the course was first defined",
		"line 4: format: 'online' differs from 'in_person' on line 2, where the course was "
		"first defined",
		"line 4: description: 'B' differs from 'A' on line 2, where the course was first defined",
		"line 5: audience: 'senior' differs from 'all;senior' on line 2, where the course was "
		"first defined",
		"line 6: start: the course already has a session starting at 2026-07-01 09:00 (line 2)",
	};
	struct db *db = *state;
	struct import_result r;
	load_fixtures(db);
	assert_int_equal(import_text(db, IMPORT_SESSIONS, SESS_HEADER
		"測試圖書館,課,arts,all;senior,,,2026-07-01 09:00,2026-07-01 10:00,10,100,in_person,zh-Hant,no,,,A,\n"
		"測試圖書館,課,arts,all;senior,,,2026-07-08 09:00,2026-07-08 10:00,10,200,in_person,zh-Hant,no,,,A,\n"
		"測試圖書館,課,arts,senior;all,,,2026-07-15 09:00,2026-07-15 10:00,10,100,online,zh-Hant,,,,B,\n"
		"測試圖書館,課,arts,senior,,,2026-07-22 09:00,2026-07-22 10:00,10,100,in_person,ZH-hant,no,,,A,\n"
		"測試圖書館,課,arts,all;senior,,,2026-07-01 09:00,2026-07-01 11:00,10,100,in_person,zh-Hant,no,,,A,\n"
		/* another course may use the same start */
		"測試圖書館,另一課,arts,all,,,2026-07-01 09:00,2026-07-01 10:00,,0,in_person,zh-Hant,no,,,,\n",
		&r), 1);
	assert_errors(buf_cstr(&r.errors), want, 5);
	import_result_free(&r);
}

static void malformed_csv(void **state)
{
	struct import_result r;
	assert_int_equal(import_text(*state, IMPORT_INSTITUTIONS,
		INST_HEADER "甲,library,,,,,,,\n乙,library,,a\"b,,,,,\n", &r), 1);
	assert_non_null(strstr(buf_cstr(&r.errors), "line 3: the CSV quoting is malformed"));
	import_result_free(&r);
	assert_int_equal(import_text(*state, IMPORT_INSTITUTIONS,
		INST_HEADER "甲,library,,,,,,,\n乙,library,,\"open\n\nfield,,,,,\n", &r), 1);
	assert_string_equal(buf_cstr(&r.errors),
			    "line 3: a quoted field is not closed (a '\"' is missing)\n");
	import_result_free(&r);
	assert_counts(get_counts(*state), 0, 0, 0, 0, 0, 0, 0);
}

static void reimport_is_idempotent(void **state)
{
	struct db *db = *state;
	load_fixtures(db);
	struct counts first = get_counts(db);
	load_fixtures(db);
	struct counts second = get_counts(db);
	assert_memory_equal(&first, &second, sizeof first);
	assert_fixture_courses(db);
}

static void demo_marks(void **state)
{
	struct db *db = *state;
	struct import_result r;
	long long demo = -1;
	assert_int_equal(import_file(db, IMPORT_INSTITUTIONS, DATA "import-institutions.csv", 1, &r), 0);
	import_result_free(&r);
	assert_int_equal(import_file(db, IMPORT_SESSIONS, DATA "import-sessions.csv", 1, &r), 0);
	import_result_free(&r);
	assert_counts(get_counts(db), 3, 3, 5, 2, 5, 3, 3);
	assert_int_equal(db_scalar(db, &demo, ST_DEMO_COUNT, ""), 1);
	assert_int_equal(demo, 3 + 3 + 2);
	/* a real import of the same rows makes them real */
	load_fixtures(db);
	assert_int_equal(db_scalar(db, &demo, ST_DEMO_COUNT, ""), 1);
	assert_int_equal(demo, 0);
	assert_fixture_courses(db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(good_utf8_files, setup, teardown),
		cmocka_unit_test_setup_teardown(utf8_bom_files, setup, teardown),
		cmocka_unit_test_setup_teardown(big5_files, setup, teardown),
		cmocka_unit_test_setup_teardown(neither_utf8_nor_big5, setup, teardown),
		cmocka_unit_test_setup_teardown(one_bad_row_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(three_bad_rows_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(header_problems, setup, teardown),
		cmocka_unit_test_setup_teardown(institution_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(session_rules, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(inconsistent_course_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(malformed_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(reimport_is_idempotent, setup, teardown),
		cmocka_unit_test_setup_teardown(demo_marks, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
