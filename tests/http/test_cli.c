/* Tests of the command line: init, import (all or nothing, Big5), demo
 * removal, schema upgrades in place, and misuse. Runs the real binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "db/schema.h"
#include "harness.h"

static struct server srv;

static int fresh(void **state)
{
	(void)state;
	return server_prepare(&srv, 0);
}

static int cleanup(void **state)
{
	(void)state;
	server_cleanup(&srv);
	return 0;
}

/* Runs the binary with args (NULL-terminated) and returns its exit code;
 * its output is appended to the server log file. */
static int cli(const char *a1, const char *a2, const char *a3, const char *a4,
	       const char *a5, const char *a6)
{
	char *argv[] = {(char *)harness_bin(), (char *)a1, (char *)a2, (char *)a3,
			(char *)a4, (char *)a5, (char *)a6, NULL};
	return harness_exec(srv.log, argv);
}

static long long count(const char *sql)
{
	return server_db_int(&srv, sql, NULL);
}

static void init_refuses_a_database_that_has_a_city(void **state)
{
	(void)state;
	assert_int_equal(cli("init", "--db", srv.db, NULL, NULL, NULL), 1);
	assert_int_equal(count("SELECT count(*) FROM districts"), 7);
}

static void import_good_files_utf8_and_big5(void **state)
{
	(void)state;
	assert_int_equal(cli("import", "institutions", "--db", srv.db,
			     "tests/data/import-institutions.csv", NULL), 0);
	assert_int_equal(cli("import", "sessions", "--db", srv.db,
			     "tests/data/import-sessions.csv", NULL), 0);
	long long courses = count("SELECT count(*) FROM courses");
	long long sessions = count("SELECT count(*) FROM sessions");
	assert_true(courses > 0 && sessions > 0);
	/* the same data in Big5 changes nothing: same rows, now re-imported */
	assert_int_equal(cli("import", "institutions", "--db", srv.db,
			     "tests/data/import-institutions-big5.csv", NULL), 0);
	assert_int_equal(cli("import", "sessions", "--db", srv.db,
			     "tests/data/import-sessions-big5.csv", NULL), 0);
	assert_int_equal(count("SELECT count(*) FROM courses"), courses);
	assert_int_equal(count("SELECT count(*) FROM sessions"), sessions);
	assert_int_equal(count("SELECT count(*) FROM institutions WHERE name_zh='測試社區大學'"), 1);
}

static void import_with_one_bad_row_writes_nothing(void **state)
{
	(void)state;
	char path[160];
	snprintf(path, sizeof path, "%s/bad.csv", srv.dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("name,type,district,address,lat,lon,phone,website,feed_url\n"
	      "甲機構,library,中正區,,,,,,\n"
	      "乙機構,castle,中正區,,,,,,\n"
	      "丙機構,library,中正區,,,,,,\n", f);
	fclose(f);
	long long before = count("SELECT count(*) FROM institutions");
	assert_int_equal(cli("import", "institutions", "--db", srv.db, path, NULL), 2);
	assert_int_equal(count("SELECT count(*) FROM institutions"), before);
	char *log = server_log(&srv);
	assert_non_null(strstr(log, "line 3: type:"));
	assert_null(strstr(log, "line 2:"));
	free(log);
}

static void demo_remove_leaves_real_data(void **state)
{
	(void)state;
	struct server demo;
	assert_int_equal(server_prepare(&demo, 1), 0);
	long long real = 0;
	char *argv[] = {(char *)harness_bin(), "demo", "--remove", "--db", demo.db, NULL};
	assert_int_equal(harness_exec(demo.log, argv), 0);
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(demo.db, &h), SQLITE_OK);
	sqlite3_prepare_v2(h, "SELECT (SELECT count(*) FROM courses), "
			   "(SELECT count(*) FROM institutions WHERE is_demo=0), "
			   "(SELECT count(*) FROM faqs)", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	assert_int_equal(sqlite3_column_int(st, 2), 0);	/* the demo FAQ went too */
	real = sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	sqlite3_close(h);
	assert_true(real >= 10);
	server_cleanup(&demo);
}

/* A database made by an older version (schema 1 only) is upgraded in place
 * by any command that opens it, keeping its rows. */
static void old_schema_is_upgraded_in_place(void **state)
{
	(void)state;
	char path[160];
	sqlite3 *h;
	snprintf(path, sizeof path, "%s/old.db", srv.dir);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, schema_migration(1), NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "PRAGMA user_version=1; INSERT INTO districts"
				      "(name_zh,name_en,postcode) VALUES('中正區','Zhongzheng','202');"
				      "INSERT INTO institution_types(code,name_zh,name_en) "
				      "VALUES('library','圖書館','Library');", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(cli("import", "institutions", "--db", path,
			     "tests/data/import-institutions.csv", NULL), 2); /* 信義區 unknown here */
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	sqlite3_stmt *st;
	sqlite3_prepare_v2(h, "SELECT (SELECT user_version FROM pragma_user_version), "
			   "(SELECT count(*) FROM districts)", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), schema_migration_count());
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void newer_schema_is_refused_by_serve(void **state)
{
	(void)state;
	sqlite3 *h;
	char sql[64];
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", schema_migration_count() + 1);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(cli("serve", "--db", srv.db, "--listen", "127.0.0.1:0", NULL), 1);
	char *log = server_log(&srv);
	assert_non_null(strstr(log, "newer than this program"));
	free(log);
}

/* An init that fails (here: no seed folder) leaves no half-made database,
 * so that `make run`, which inits only when the file is missing, retries. */
static void failed_init_leaves_no_database(void **state)
{
	(void)state;
	char path[160];
	snprintf(path, sizeof path, "%s/new.db", srv.dir);
	assert_int_equal(cli("init", "--db", path, "--seed", "/nonexistent/seed", NULL), 1);
	assert_int_not_equal(access(path, F_OK), 0);
}

static void misuse_exits_2(void **state)
{
	(void)state;
	assert_int_equal(cli("frobnicate", NULL, NULL, NULL, NULL, NULL), 2);
	assert_int_equal(cli("serve", NULL, NULL, NULL, NULL, NULL), 2);
	assert_int_equal(cli("serve", "--db", srv.db, "--listen", "nonsense", NULL), 2);
	assert_int_equal(cli("import", "courses", "--db", srv.db, "x.csv", NULL), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(init_refuses_a_database_that_has_a_city, fresh, cleanup),
		cmocka_unit_test_setup_teardown(import_good_files_utf8_and_big5, fresh, cleanup),
		cmocka_unit_test_setup_teardown(import_with_one_bad_row_writes_nothing, fresh, cleanup),
		cmocka_unit_test_setup_teardown(demo_remove_leaves_real_data, fresh, cleanup),
		cmocka_unit_test_setup_teardown(old_schema_is_upgraded_in_place, fresh, cleanup),
		cmocka_unit_test_setup_teardown(newer_schema_is_refused_by_serve, fresh, cleanup),
		cmocka_unit_test_setup_teardown(failed_init_leaves_no_database, fresh, cleanup),
		cmocka_unit_test_setup_teardown(misuse_exits_2, fresh, cleanup),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
