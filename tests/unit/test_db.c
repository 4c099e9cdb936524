/* Unit tests: src/db — migrations, the statement catalogue, binding. */
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

#include "db/db.h"

struct fixture {
	char path[64];
	struct db *db;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	strcpy(f->path, "/tmp/lifelong-test-db-XXXXXX");
	int fd = mkstemp(f->path);
	if (fd < 0)
		return -1;
	close(fd);
	if (db_open(&f->db, f->path, DB_OPEN_CREATE | DB_OPEN_MIGRATE) < 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char side[80];
	db_close(f->db);
	unlink(f->path);
	snprintf(side, sizeof side, "%s-wal", f->path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", f->path);
	unlink(side);
	free(f);
	return 0;
}

static void every_statement_prepares(void **state)
{
	struct fixture *f = *state;
	for (int id = 0; id < ST__COUNT; id++) {
		struct dbq q;
		assert_non_null(stmt_sql(id));
		int rc = db_query(f->db, &q, id, "");
		if (rc != 0)
			fail_msg("statement %s does not prepare: %s", stmt_name(id),
				 db_errmsg(f->db));
		db_done(&q);
	}
}

static void migrated_schema_has_current_version(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), db_schema_version());
	sqlite3_finalize(st);
	sqlite3_close(h);
}

static void newer_database_is_refused(void **state)
{
	struct fixture *f = *state;
	sqlite3 *h;
	struct db *db = NULL;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", db_schema_version() + 1);
	assert_int_equal(sqlite3_open(f->path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(db_open(&db, f->path, DB_OPEN_MIGRATE), -1);
	assert_null(db);
}

static void values_are_bound_not_interpreted(void **state)
{
	struct fixture *f = *state;
	const char *evil = "x'); DROP TABLE meta; --";
	long long n = -1;
	assert_int_equal(db_exec(f->db, ST_META_SET, "tt", "k", evil), 0);
	struct dbq q;
	assert_int_equal(db_query(f->db, &q, ST_META_GET, "t", "k"), 0);
	assert_int_equal(db_next(&q), 1);
	assert_string_equal(db_text(&q, 0), evil);
	db_done(&q);
	assert_int_equal(db_scalar(f->db, &n, ST_DISTRICTS_COUNT, ""), 1);
	assert_int_equal(n, 0);
}

static void constraint_failure_is_reported(void **state)
{
	struct fixture *f = *state;
	assert_int_equal(db_exec(f->db, ST_DISTRICT_INSERT, "ttnnn", "仁愛區", "Ren'ai"), -1);
	/* postcode is NOT NULL */
	assert_true(db_is_constraint(f->db));
}

static void rollback_discards_writes(void **state)
{
	struct fixture *f = *state;
	long long n = -1;
	assert_int_equal(db_begin(f->db), 0);
	assert_int_equal(db_exec(f->db, ST_DISTRICT_INSERT, "tttnn", "仁愛區", "Ren'ai", "200"), 0);
	db_rollback(f->db);
	assert_int_equal(db_scalar(f->db, &n, ST_DISTRICTS_COUNT, ""), 1);
	assert_int_equal(n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(every_statement_prepares, setup, teardown),
		cmocka_unit_test_setup_teardown(migrated_schema_has_current_version, setup, teardown),
		cmocka_unit_test_setup_teardown(newer_database_is_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(values_are_bound_not_interpreted, setup, teardown),
		cmocka_unit_test_setup_teardown(constraint_failure_is_reported, setup, teardown),
		cmocka_unit_test_setup_teardown(rollback_discards_writes, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
