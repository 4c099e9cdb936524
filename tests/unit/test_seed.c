/* Unit tests: src/db/seed — loading seed/keelung, checking the plan's
 * targets against the shared transcription, removing demo data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/csvfile.h"
#include "db/db.h"
#include "db/seed.h"

#define SEED_DIR "seed/keelung"
#define SHARED_TARGETS "../shared/seed/plan-targets-111-113.csv"

/* ST_SEED_COUNTS columns */
enum { C_DISTRICTS, C_BOUNDARIES, C_TYPES, C_GOALS, C_PROGRAMMES, C_INDICATORS, C_TARGETS,
       C_META, C_PUBLIC_VENUES, C_READING_STATIONS, C__N };
/* ST_DATA_COUNTS columns */
enum { D_INSTITUTIONS, D_COURSES, D_SESSIONS, D_VENUES, D_AUDIENCES, D_FEEDS, D_DEMO_INST, D__N };

static int setup(void **state)
{
	struct db *db;
	if (db_open(&db, ":memory:", DB_OPEN_CREATE | DB_OPEN_MIGRATE) < 0)
		return -1;
	*state = db;
	return 0;
}

static int teardown(void **state)
{
	db_close(*state);
	return 0;
}

/* Reads the n columns of the one-row statement st into out. */
static void row_counts(struct db *db, enum stmt_id st, long long *out, int n)
{
	struct dbq q;
	assert_int_equal(db_query(db, &q, st, ""), 0);
	assert_int_equal(db_next(&q), 1);
	for (int i = 0; i < n; i++)
		out[i] = db_int(&q, i);
	db_done(&q);
}

static void seed_keelung(void **state)
{
	struct db *db = *state;
	long long c[C__N], d[D__N];
	assert_int_equal(seed_load(db, SEED_DIR, 0), 0);
	row_counts(db, ST_SEED_COUNTS, c, C__N);
	assert_int_equal(c[C_DISTRICTS], 7);
	assert_int_equal(c[C_BOUNDARIES], 7);
	assert_int_equal(c[C_TYPES], 10);
	assert_int_equal(c[C_GOALS], 4);
	assert_int_equal(c[C_PROGRAMMES], 12);
	assert_int_equal(c[C_INDICATORS], 30);
	assert_int_equal(c[C_TARGETS], 90);
	assert_int_equal(c[C_META], 7);
	assert_int_equal(c[C_PUBLIC_VENUES], 14);
	assert_int_equal(c[C_READING_STATIONS], 4);
	row_counts(db, ST_DATA_COUNTS, d, D__N);
	assert_int_equal(d[D_INSTITUTIONS], 12);
	assert_int_equal(d[D_DEMO_INST], 0);
	assert_int_equal(d[D_COURSES], 0);
	long long district = 0;
	struct dbq q;
	assert_int_equal(db_query(db, &q, ST_META_GET, "t", "timezone"), 0);
	assert_int_equal(db_next(&q), 1);
	assert_string_equal(db_text(&q, 0), "Asia/Taipei");
	db_done(&q);
	assert_int_equal(db_scalar(db, &district, ST_DISTRICT_BY_NAME, "t", "七堵區"), 1);
}

/* The shared transcription of the plan's indicators, parsed with libcsv;
 * columns are found by their header names. */
#define SH_COLS 16
struct shared {
	int row, col;
	int c_id, c_prog, c_goal, c_year[3];
	char field[SH_COLS][200];
	struct {
		char id[200];
		int programme, goal;
		double target[3];
	} ind[40];
	int n;
};

static void shared_field(void *s, size_t len, void *data)
{
	struct shared *sh = data;
	if (sh->col < SH_COLS)
		snprintf(sh->field[sh->col], sizeof sh->field[0], "%.*s", (int)len, (char *)s);
	sh->col++;
}

/* Returns the column named name in the header row just read. */
static int shared_column(struct shared *sh, const char *name)
{
	for (int c = 0; c < sh->col && c < SH_COLS; c++)
		if (strcmp(sh->field[c], name) == 0)
			return c;
	fail_msg("%s has no column %s", SHARED_TARGETS, name);
	return -1;
}

static void shared_row(int c, void *data)
{
	struct shared *sh = data;
	(void)c;
	if (sh->row++ == 0) {
		sh->c_id = shared_column(sh, "indicator_id");
		sh->c_prog = shared_column(sh, "programme");
		sh->c_goal = shared_column(sh, "goal");
		sh->c_year[0] = shared_column(sh, "target_2022");
		sh->c_year[1] = shared_column(sh, "target_2023");
		sh->c_year[2] = shared_column(sh, "target_2024");
	} else {
		assert_true(sh->n < 40);
		memcpy(sh->ind[sh->n].id, sh->field[sh->c_id], sizeof sh->ind[0].id);
		sh->ind[sh->n].programme = atoi(sh->field[sh->c_prog]);
		sh->ind[sh->n].goal = atoi(sh->field[sh->c_goal]);
		for (int y = 0; y < 3; y++)
			sh->ind[sh->n].target[y] = strtod(sh->field[sh->c_year[y]], NULL);
		sh->n++;
	}
	sh->col = 0;
}

static void targets_match_shared_plan(void **state)
{
	struct db *db = *state;
	struct shared *sh = calloc(1, sizeof *sh);
	struct csv_parser p;
	struct dbq q;
	char *data = NULL;
	size_t n = 0;
	long long plan = 0;
	int seen[40] = {0}, rows = 0;

	assert_non_null(sh);
	assert_int_equal(seed_load(db, SEED_DIR, 0), 0);
	if (csvfile_slurp(SHARED_TARGETS, &data, &n) < 0)
		fail_msg("cannot read %s (run the tests from the repository root)", SHARED_TARGETS);
	assert_int_equal(csv_init(&p, CSV_STRICT | CSV_APPEND_NULL), 0);
	assert_int_equal(csv_parse(&p, data, n, shared_field, shared_row, sh), n);
	assert_int_equal(csv_fini(&p, shared_field, shared_row, sh), 0);
	csv_free(&p);
	free(data);
	assert_int_equal(sh->n, 30);

	assert_int_equal(db_query(db, &q, ST_PLAN_CURRENT, "i", 2023LL), 0);
	assert_int_equal(db_next(&q), 1);
	plan = db_int(&q, 0);
	assert_string_equal(db_text(&q, 1), "111-113");
	assert_int_equal(db_int(&q, 4), 2022);
	assert_int_equal(db_int(&q, 5), 2024);
	db_done(&q);

	/* programme -> goal as in the shared file */
	assert_int_equal(db_query(db, &q, ST_PLAN_PROGRAMMES, "i", plan), 0);
	while (db_next(&q) == 1)
		for (int i = 0; i < sh->n; i++)
			if (sh->ind[i].programme == db_int(&q, 1))
				assert_int_equal(sh->ind[i].goal, db_int(&q, 2));
	db_done(&q);

	/* one row per indicator and year: every target equal, none missing */
	assert_int_equal(db_query(db, &q, ST_PLAN_INDICATORS, "i", plan), 0);
	while (db_next(&q) == 1) {
		int i = 0;
		while (i < sh->n && strcmp(sh->ind[i].id, db_text(&q, 1)) != 0)
			i++;
		if (i == sh->n)
			fail_msg("indicator %s is not in %s", db_text(&q, 1), SHARED_TARGETS);
		long long year = db_int(&q, 6);
		assert_in_range(year, 2022, 2024);
		assert_int_equal(db_int(&q, 2), sh->ind[i].programme);
		if (db_real(&q, 7) != sh->ind[i].target[year - 2022])
			fail_msg("%s %lld: target %g, the plan says %g", sh->ind[i].id, year,
				 db_real(&q, 7), sh->ind[i].target[year - 2022]);
		seen[i] |= 1 << (year - 2022);
		rows++;
	}
	db_done(&q);
	assert_int_equal(rows, 90);
	for (int i = 0; i < sh->n; i++)
		if (seen[i] != 7)
			fail_msg("indicator %s lacks a year's target", sh->ind[i].id);
	free(sh);
}

static void demo_load_and_remove(void **state)
{
	struct db *db = *state;
	long long c[C__N], d[D__N], demo = -1;
	assert_int_equal(seed_load(db, SEED_DIR, 1), 0);
	row_counts(db, ST_DATA_COUNTS, d, D__N);
	assert_true(d[D_COURSES] > 0);
	assert_int_equal(d[D_COURSES], 67);	/* as seed/keelung/README.md says */
	assert_int_equal(d[D_SESSIONS], 496);
	assert_int_equal(d[D_INSTITUTIONS], 25);
	assert_int_equal(d[D_DEMO_INST], 13);
	assert_int_equal(db_scalar(db, &demo, ST_DEMO_COUNT, ""), 1);
	assert_true(demo > 0);

	int removed = seed_remove_demo(db);
	assert_int_equal(removed, demo);
	row_counts(db, ST_DATA_COUNTS, d, D__N);
	assert_int_equal(d[D_COURSES], 0);
	assert_int_equal(d[D_SESSIONS], 0);
	assert_int_equal(d[D_INSTITUTIONS], 12);	/* the real ones stay */
	assert_int_equal(d[D_DEMO_INST], 0);
	assert_int_equal(d[D_VENUES], 14);		/* the public venues stay */
	row_counts(db, ST_SEED_COUNTS, c, C__N);
	assert_int_equal(c[C_PUBLIC_VENUES], 14);
	assert_int_equal(c[C_INDICATORS], 30);
	assert_int_equal(seed_remove_demo(db), 0);	/* nothing left to remove */
}

static void missing_seed_writes_nothing(void **state)
{
	struct db *db = *state;
	long long c[C__N];
	assert_int_equal(seed_load(db, "/nonexistent/seed", 0), -1);
	row_counts(db, ST_SEED_COUNTS, c, C__N);
	assert_int_equal(c[C_META], 0);
}

/* A seed whose districts.csv has a bad row: -1, and the city.csv rows read
 * before it are rolled back. */
static void bad_seed_rolls_back(void **state)
{
	struct db *db = *state;
	char dir[] = "/tmp/lifelong-test-seed-XXXXXX", path[80];
	long long c[C__N];
	FILE *fp;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/city.csv", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("key,value\ncode,test\n", fp);
	fclose(fp);
	snprintf(path, sizeof path, "%s/districts.csv", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs("name_zh,name_en,postcode,population,population_year\n甲區,A,100,many,\n", fp);
	fclose(fp);
	assert_int_equal(seed_load(db, dir, 0), -1);
	row_counts(db, ST_SEED_COUNTS, c, C__N);
	assert_int_equal(c[C_META], 0);
	assert_int_equal(c[C_DISTRICTS], 0);
	unlink(path);
	snprintf(path, sizeof path, "%s/city.csv", dir);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(seed_keelung, setup, teardown),
		cmocka_unit_test_setup_teardown(targets_match_shared_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(demo_load_and_remove, setup, teardown),
		cmocka_unit_test_setup_teardown(missing_seed_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(bad_seed_rolls_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
