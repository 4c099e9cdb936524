/* Unit tests: the consultation service's numbers — the quantile method
 * of the response-time statistics (kpi/inquiry_stats.h) with known
 * inputs, including empty and one-element sets, the per-institution
 * statistics from a database, and the "any term" FTS expression that
 * finds FAQ answers for a whole question (search/tokenize.h), and the
 * retention rules (inquiry/retention.h) on a database whose dates are in
 * the past: an answered case left idle is closed, one answered again
 * lately or still open is not, and a case closed longer ago than the
 * retention period loses its personal data while a newer one keeps it. */
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
#include "inquiry/retention.h"
#include "kpi/inquiry_stats.h"
#include "search/tokenize.h"

#define NEAR(a, b) assert_true(fabs((a) - (b)) < 1e-9)

/* A new migrated database made from the mkstemp template path, with
 * the statements sql run in it. */
static struct db *temp_db(char *path, const char *sql)
{
	struct db *db;
	sqlite3 *h;
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(db_open(&db, path, DB_OPEN_CREATE | DB_OPEN_MIGRATE), 0);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	return db;
}

static void quantile_of_known_sets(void **state)
{
	(void)state;
	static const double five[] = {1, 2, 3, 4, 10};
	static const double four[] = {1, 2, 3, 4};
	static const double one[] = {7.5};
	assert_true(isnan(stats_quantile(NULL, 0, 0.5)));
	assert_true(isnan(stats_quantile(NULL, 0, 0.9)));
	NEAR(stats_quantile(one, 1, 0.5), 7.5);
	NEAR(stats_quantile(one, 1, 0.9), 7.5);
	NEAR(stats_quantile(five, 5, 0.5), 3);
	NEAR(stats_quantile(five, 5, 0.9), 7.6);	/* h = 3.6: 4 + 0.6 × 6 */
	NEAR(stats_quantile(four, 4, 0.5), 2.5);	/* the mean of the middle two */
	NEAR(stats_quantile(four, 4, 0.9), 3.7);	/* h = 2.7 */
	NEAR(stats_quantile(five, 5, 0), 1);
	NEAR(stats_quantile(five, 5, 1), 10);
}

/* The statistics of a database: the Education Department first, then
 * institutions by name; unanswered cases count as cases and open only. */
static void statistics_group_by_institution(void **state)
{
	(void)state;
	char path[] = "/tmp/lifelong-inqstats-XXXXXX";
	struct db *db = temp_db(path,
		"INSERT INTO institution_types(id,code,name_zh,name_en) VALUES(1,'library','圖書館','Library');"
		"INSERT INTO institutions(id,name_zh,type_id) VALUES(1,'乙館',1),(2,'甲館',1);"
		"INSERT INTO inquiries(case_no,topic,institution_id,question,consent_at,token_hash,"
		"created_at,first_answered_at,status) VALUES"
		"('a','other',1,'q','x',randomblob(32),'2026-03-01T00:00:00Z','2026-03-03T00:00:00Z','answered'),"
		"('b','other',1,'q','x',randomblob(32),'2026-03-01T00:00:00Z','2026-03-05T00:00:00Z','closed'),"
		"('c','other',1,'q','x',randomblob(32),'2026-03-01T00:00:00Z',NULL,'open'),"
		"('d','other',NULL,'q','x',randomblob(32),'2026-03-01T00:00:00Z','2026-03-01T12:00:00Z','answered'),"
		"('e','other',2,'q','x',randomblob(32),'2025-03-01T00:00:00Z',NULL,'open');");
	struct inquiry_stats s;
	assert_int_equal(inquiry_stats_load(db, "2026", &s), 0);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.rows[0].institution_id, 0);	/* the department first */
	assert_int_equal(s.rows[0].cases, 1);
	NEAR(s.rows[0].median_days, 0.5);
	assert_int_equal(s.rows[1].institution_id, 1);
	assert_int_equal(s.rows[1].cases, 3);
	assert_int_equal(s.rows[1].open, 1);
	assert_int_equal(s.rows[1].answered, 2);
	NEAR(s.rows[1].median_days, 3);
	NEAR(s.rows[1].p90_days, 3.8);
	assert_int_equal(s.total.cases, 4);
	assert_int_equal(s.total.answered, 3);
	NEAR(s.total.median_days, 2);
	inquiry_stats_free(&s);
	assert_int_equal(inquiry_stats_load(db, "", &s), 0);	/* every year */
	assert_int_equal(s.n, 3);
	assert_string_equal(s.rows[2].name, "甲館");
	assert_true(isnan(s.rows[2].median_days));
	inquiry_stats_free(&s);
	/* a year with only an unanswered case, and one with none at all */
	assert_int_equal(inquiry_stats_load(db, "2025", &s), 0);
	assert_int_equal(s.n, 1);
	assert_int_equal(s.rows[0].answered, 0);
	assert_true(isnan(s.rows[0].median_days) && isnan(s.total.p90_days));
	inquiry_stats_free(&s);
	assert_int_equal(inquiry_stats_load(db, "1999", &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.total.cases, 0);
	assert_true(isnan(s.total.median_days));
	inquiry_stats_free(&s);
	db_close(db);
	unlink(path);
}

static void any_term_query_is_safe_and_finds_cjk(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(tok_fts_query_any(&b, "學書法", 10), 2);
	assert_string_equal(buf_cstr(&b), "\"學書\" OR \"書法\"");
	buf_reset(&b);
	assert_int_equal(tok_fts_query_any(&b, "NEAR(\"a\" OR *)", 10), 3);
	assert_string_equal(buf_cstr(&b), "\"NEAR\" OR \"a\" OR \"OR\"");
	buf_reset(&b);
	assert_int_equal(tok_fts_query_any(&b, "一二三四五六", 2), 2);	/* at most max terms */
	buf_reset(&b);
	assert_int_equal(tok_fts_query_any(&b, "？！ ...", 10), 0);
	assert_int_equal(b.len, 0);
	/* in SQLite: a whole question finds the entry about 書法入門 */
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(":memory:", &h), SQLITE_OK);
	assert_int_equal(tok_register(h), 0);
	assert_int_equal(sqlite3_exec(h, "CREATE VIRTUAL TABLE f USING fts5(q, tokenize='lifelong');"
				      "INSERT INTO f(rowid,q) VALUES(1,'書法入門要準備什麼？'),(2,'停車場在哪裡');",
				      NULL, NULL, NULL), SQLITE_OK);
	buf_reset(&b);
	assert_true(tok_fts_query_any(&b, "請問想學書法，週末有課嗎？", 64) > 0);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT rowid FROM f WHERE f MATCH ?1 ORDER BY rank",
					    -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, buf_cstr(&b), -1, SQLITE_TRANSIENT);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 1);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	buf_free(&b);
}

/* One integer from the database at path. */
static long long one(const char *path, const char *sql)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	long long v = -1;
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

#define AGO(d) "strftime('%Y-%m-%dT%H:%M:%SZ','now','-" #d " days')"

static void idle_cases_close_and_expired_ones_lose_their_data(void **state)
{
	(void)state;
	char path[] = "/tmp/lifelong-inqret-XXXXXX";
	struct db *db = temp_db(path,
		"INSERT INTO inquiries(id,case_no,topic,question,contact_email,consent_at,token_hash,"
		"created_at,first_answered_at,status,closed_at) VALUES"
		/* answered 40 days ago, nothing since: closed */
		"(1,'idle','other','q','a@example.org','x',randomblob(32)," AGO(45) "," AGO(40) ",'answered',NULL),"
		/* first answered 40 days ago, answered again 5 days ago: stays */
		"(2,'busy','other','q','b@example.org','x',randomblob(32)," AGO(45) "," AGO(40) ",'answered',NULL),"
		/* open for 100 days (not answered yet): stays open */
		"(3,'open','other','q','c@example.org','x',randomblob(32)," AGO(100) ",NULL,'open',NULL),"
		/* closed 400 days ago: its personal data goes */
		"(4,'old','other','q','d@example.org','x',randomblob(32)," AGO(420) "," AGO(410) ",'closed'," AGO(400) "),"
		/* closed 100 days ago: kept */
		"(5,'recent','other','q','e@example.org','x',randomblob(32)," AGO(120) "," AGO(110) ",'closed'," AGO(100) ");"
		"INSERT INTO inquiry_notes(inquiry_id,kind,body,created_at) VALUES"
		"(1,'answer','a'," AGO(40) "),(2,'answer','a'," AGO(40) "),(2,'answer','again'," AGO(5) "),"
		"(4,'answer','old answer'," AGO(410) ");");
	assert_int_equal(inquiry_retention_run(db), 1);
	assert_int_equal(one(path, "SELECT status='closed' AND closed_at>" AGO(1) " AND redacted_at IS NULL "
			     "AND contact_email IS NOT NULL FROM inquiries WHERE id=1"), 1);
	assert_int_equal(one(path, "SELECT count(*) FROM inquiries WHERE id=2 AND status='answered'"), 1);
	assert_int_equal(one(path, "SELECT count(*) FROM inquiries WHERE id=3 AND status='open'"), 1);
	assert_int_equal(one(path, "SELECT question='' AND contact_email IS NULL AND redacted_at IS NOT NULL "
			     "FROM inquiries WHERE id=4"), 1);
	assert_int_equal(one(path, "SELECT count(*) FROM inquiry_notes WHERE inquiry_id=4"), 0);
	assert_int_equal(one(path, "SELECT redacted_at IS NULL AND contact_email IS NOT NULL "
			     "FROM inquiries WHERE id=5"), 1);
	/* a second run finds nothing more to close */
	assert_int_equal(inquiry_retention_run(db), 0);
	db_close(db);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quantile_of_known_sets),
		cmocka_unit_test(statistics_group_by_institution),
		cmocka_unit_test(any_term_query_is_safe_and_finds_cjk),
		cmocka_unit_test(idle_cases_close_and_expired_ones_lose_their_data),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
