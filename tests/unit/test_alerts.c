/* alerts: courses.published_at kept by triggers, a saved search's
 * canonical form read back with the search's own checks, the search in
 * words, and the notifier on a seeded database: one digest per alert of
 * the courses published after its confirmation, never twice, nothing for
 * an unconfirmed alert, expired ones purged; an allocation failing while
 * the alerts are loaded stops the pass before any mail, leaking nothing
 * (the ASan build checks). Runs from the repository root
 * (the seed in seed/keelung). */
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

#include "alerts/alerts.h"
#include "core/buf.h"
#include "db/db.h"
#include "db/seed.h"
#include "search/search.h"
#include "search/tokenize.h"

static char path[] = "/tmp/lifelong-alerts-XXXXXX";
static const char *fail_dup;	/* strdup of this string fails, once */

/* strdup for the whole program (the library's calls come here): fails
 * once for fail_dup, to force an allocation failure part way. */
char *strdup(const char *s)
{
	if (fail_dup && !strcmp(s, fail_dup)) {
		fail_dup = NULL;
		return NULL;
	}
	size_t n = strlen(s) + 1;
	char *p = malloc(n);
	return p ? memcpy(p, s, n) : NULL;
}
static struct db *db;
static sqlite3 *raw;	/* a second connection for test SQL */

static int setup(void **state)
{
	(void)state;
	int fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	if (db_open(&db, path, DB_OPEN_MIGRATE) < 0 || seed_load(db, "seed/keelung", 1) < 0)
		return -1;
	if (sqlite3_open(path, &raw) != SQLITE_OK || tok_register(raw) != 0)
		return -1;
	sqlite3_busy_timeout(raw, 5000);
	sqlite3_exec(raw, "PRAGMA foreign_keys=ON", NULL, NULL, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char side[64];
	sqlite3_close(raw);
	db_close(db);
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	return 0;
}

/* Runs SQL (sqlite3_mprintf format) on the test connection. */
static void sql(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	char *err = NULL;
	if (sqlite3_exec(raw, s, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", s, err);
	sqlite3_free(s);
}

/* The first column of the first row as text (static), "" when NULL/none. */
static const char *text(const char *fmt, ...)
{
	static char out[4096];
	va_list ap;
	va_start(ap, fmt);
	char *s = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	sqlite3_stmt *st;
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(raw, s, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		snprintf(out, sizeof out, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_free(s);
	return out;
}

static long long num(const char *fmt, const char *arg)
{
	return atoll(text(fmt, arg));
}

/* A published course titled title with one Saturday session in 2099;
 * returns its id. */
static long long course(const char *title, const char *status)
{
	sql("INSERT INTO courses(institution_id,title,category,status) "
	    "VALUES((SELECT min(id) FROM institutions),%Q,'health',%Q)", title, status);
	long long id = sqlite3_last_insert_rowid(raw);
	sql("INSERT INTO sessions(course_id,starts_at,ends_at) VALUES(%lld,'2099-03-07 09:00',"
	    "'2099-03-07 11:00')", id);
	return id;
}

static void published_at_is_kept_by_triggers(void **state)
{
	(void)state;
	/* the seeded demo courses count from their creation */
	assert_int_equal(num("SELECT count(*) FROM courses WHERE status='published' AND "
			     "published_at IS NULL%s", ""), 0);
	long long d = course("草稿課程", "draft");
	assert_string_equal(text("SELECT coalesce(published_at,'none') FROM courses WHERE id=%lld", d),
			    "none");
	sql("UPDATE courses SET status='published' WHERE id=%lld", d);
	assert_int_equal(strlen(text("SELECT published_at FROM courses WHERE id=%lld", d)), 24);
	long long p = course("已公開課程", "published");
	const char *at = text("SELECT published_at FROM courses WHERE id=%lld", p);
	assert_int_equal(strlen(at), 24);	/* 2026-12-01T01:02:03.456Z */
	assert_int_equal(at[19], '.');
	/* an edit that keeps it published does not move it */
	char before[32];
	snprintf(before, sizeof before, "%s", at);
	sql("UPDATE courses SET title='已公開課程（改）' WHERE id=%lld", p);
	assert_string_equal(text("SELECT published_at FROM courses WHERE id=%lld", p), before);
	sql("DELETE FROM courses WHERE id IN (%lld,%lld)", d, p);
}

static void canonical_query_reads_back_with_the_search_checks(void **state)
{
	(void)state;
	struct search_query q;
	struct buf err = BUF_INIT, b = BUF_INIT;
	assert_int_equal(search_query_parse(db, "weekend=yes&q=%E8%8C%B6&sort=newest&page=2&"
					    "district=%E4%BB%81%E6%84%9B%E5%8D%80", &q, &err), 0);
	assert_int_equal(alerts_canonical(&q, &b), 3);
	assert_string_equal(buf_cstr(&b), "q=%E8%8C%B6&district=%E4%BB%81%E6%84%9B%E5%8D%80&weekend=yes");
	/* what /search refuses is refused, naming the field */
	assert_int_equal(search_query_parse(db, "district=nowhere", &q, &err), -1);
	assert_non_null(strstr(buf_cstr(&err), "district: must be one of"));
	buf_reset(&err);
	assert_int_equal(search_query_parse(db, "fee_max=-5", &q, &err), -1);
	buf_reset(&err);
	/* sort and paging alone are no search */
	buf_reset(&b);
	assert_int_equal(search_query_parse(db, "sort=newest&per_page=50", &q, &err), 0);
	assert_int_equal(alerts_canonical(&q, &b), 0);
	buf_free(&err);
	buf_free(&b);
}

static void the_search_is_described_in_the_reader_s_language(void **state)
{
	(void)state;
	struct search_query q;
	struct buf err = BUF_INIT, zh = BUF_INIT, en = BUF_INIT;
	assert_int_equal(search_query_parse(db, "q=%E8%8C%B6&weekend=yes&weekday=1&weekday=3", &q,
					    &err), 0);
	assert_int_equal(alerts_describe(db, "2026-12-01 10:00", LANG_ZH_HANT, &q, &zh), 0);
	assert_non_null(strstr(buf_cstr(&zh), "關鍵字「茶」\n"));
	assert_non_null(strstr(buf_cstr(&zh), "週末（六、日）\n"));
	assert_non_null(strstr(buf_cstr(&zh), "星期：星期一、星期三\n"));
	assert_int_equal(alerts_describe(db, "2026-12-01 10:00", LANG_EN, &q, &en), 0);
	assert_non_null(strstr(buf_cstr(&en), "Keyword “茶”\n"));
	assert_null(strstr(buf_cstr(&en), "星期"));
	buf_free(&err);
	buf_free(&zh);
	buf_free(&en);
}

static void notifier_mails_each_new_match_once(void **state)
{
	(void)state;
	struct alerts_report rep;
	long long before = course("潛水體驗（早）", "published");
	/* the alert, in English, confirmed now; another one never confirmed */
	sql("INSERT INTO saved_searches(email,query,token_hash,lang,confirmed_at) VALUES("
	    "'dive@example.org','q=%%E6%%BD%%9B%%E6%%B0%%B4',randomblob(32),'en',"
	    "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ','now'))");
	long long alert = sqlite3_last_insert_rowid(raw);
	sql("INSERT INTO saved_searches(email,query,token_hash) VALUES("
	    "'later@example.org','q=%%E6%%BD%%9B%%E6%%B0%%B4',randomblob(32))");
	sql("UPDATE courses SET published_at='2000-01-01T00:00:00.000Z' WHERE id=%lld", before);
	long long hit = course("潛水體驗營", "published");
	course("陶藝課", "published");
	course("潛水草稿", "draft");
	assert_int_equal(alerts_run(db, "https://learn.example", NULL, &rep), 0);
	assert_int_equal(rep.alerts, 1);
	assert_int_equal(rep.mailed, 1);
	assert_int_equal(rep.courses, 1);
	assert_int_equal(num("SELECT count(*) FROM outbox WHERE to_addr=%Q", "dive@example.org"), 1);
	assert_int_equal(num("SELECT count(*) FROM outbox WHERE to_addr=%Q", "later@example.org"), 0);
	const char *body = text("SELECT subject||'|'||body FROM outbox WHERE saved_search_id=%lld",
				alert);
	assert_non_null(strstr(body, "New courses: Keyword “潛水”|"));
	assert_non_null(strstr(body, "潛水體驗營"));
	char want[96];
	snprintf(want, sizeof want, "https://learn.example/courses/%lld\n", hit);
	assert_non_null(strstr(body, want));
	assert_non_null(strstr(body, "7 March 2099"));
	assert_null(strstr(body, "（早）"));
	assert_null(strstr(body, "陶藝"));
	assert_null(strstr(body, "草稿"));
	const char *unsub = text("SELECT list_unsubscribe FROM outbox WHERE saved_search_id=%lld",
				 alert);
	assert_int_equal(strncmp(unsub, "https://learn.example/alerts/", 29), 0);
	assert_string_equal(unsub + 29 + 32, "/unsubscribe");
	assert_int_equal(num("SELECT count(*) FROM saved_search_links WHERE saved_search_id=%s",
			     text("SELECT %lld", alert)), 1);
	/* again: nothing new */
	assert_int_equal(alerts_run(db, "https://learn.example", NULL, &rep), 0);
	assert_int_equal(rep.mailed, 0);
	assert_int_equal(num("SELECT count(*) FROM outbox WHERE to_addr=%Q", "dive@example.org"), 1);
	/* the draft published: the second mail has it alone */
	sql("UPDATE courses SET status='published' WHERE title='潛水草稿'");
	assert_int_equal(alerts_run(db, "https://learn.example", NULL, &rep), 0);
	assert_int_equal(rep.mailed, 1);
	body = text("SELECT body FROM outbox WHERE saved_search_id=%lld ORDER BY id DESC", alert);
	assert_non_null(strstr(body, "潛水草稿"));
	assert_null(strstr(body, "體驗營"));
	/* the unconfirmed one, past its week, is purged; the stop flag ends a pass */
	sql("UPDATE saved_searches SET created_at='2000-01-01T00:00:00Z' WHERE email='later@example.org'");
	atomic_int stop = 1;
	assert_int_equal(alerts_run(db, "https://learn.example", &stop, &rep), 0);
	assert_int_equal(rep.purged, 1);
	assert_int_equal(num("SELECT count(*) FROM saved_searches WHERE email=%Q", "later@example.org"), 0);
	/* deleting the alert takes its hits, links and queued mails */
	sql("DELETE FROM saved_searches WHERE id=%lld", alert);
	assert_int_equal(num("SELECT count(*) FROM outbox WHERE to_addr=%Q", "dive@example.org"), 0);
	assert_int_equal(num("SELECT count(*) FROM saved_search_hits%s", ""), 0);
	assert_int_equal(num("SELECT count(*) FROM saved_search_links%s", ""), 0);
}

static void a_failed_allocation_stops_the_pass_before_any_mail(void **state)
{
	(void)state;
	struct alerts_report rep;
	const char *const who[] = {"first@oom.example", "second@oom.example"};
	for (int i = 0; i < 2; i++)
		sql("INSERT INTO saved_searches(email,query,token_hash,confirmed_at) VALUES("
		    "%Q,'q=%%E6%%BD%%9B%%E6%%B0%%B4',randomblob(32),"
		    "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ','now'))", who[i]);
	course("潛水夜遊", "published");
	fail_dup = who[1];
	assert_int_equal(alerts_run(db, "https://learn.example", NULL, &rep), -1);
	assert_null(fail_dup);
	assert_int_equal(num("SELECT count(*) FROM outbox WHERE to_addr LIKE %Q", "%@oom.example"), 0);
	assert_int_equal(num("SELECT count(*) FROM outbox WHERE to_addr IS NULL%s", ""), 0);
	/* the next pass mails both */
	assert_int_equal(alerts_run(db, "https://learn.example", NULL, &rep), 0);
	assert_int_equal(rep.mailed, 2);
	sql("DELETE FROM saved_searches WHERE email LIKE '%%@oom.example'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(published_at_is_kept_by_triggers),
		cmocka_unit_test(canonical_query_reads_back_with_the_search_checks),
		cmocka_unit_test(the_search_is_described_in_the_reader_s_language),
		cmocka_unit_test(notifier_mails_each_new_match_once),
		cmocka_unit_test(a_failed_allocation_stops_the_pass_before_any_mail),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
