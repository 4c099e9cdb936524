/* portal_fixture — the data the portal tests (test_http_directory.c,
 * test_http_calendar.c) run on: a database without demo data, with
 * tests/data/portal-*.csv imported through `lifelong import`, one course
 * made a draft and one institution's data dated 12 days back; then the
 * server started. Included once by each test program. */
#ifndef LIFELONG_TESTS_PORTAL_FIXTURE_H
#define LIFELONG_TESTS_PORTAL_FIXTURE_H

#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

static struct server srv;

/* Row ids of the fixture, read from the database. */
static struct {
	long long cc, library, seniors;			/* institutions */
	long long pottery, vietnamese, calligraphy, draft, walking;	/* courses */
	/* institutions in all (the city's seed has real ones too): of type
	 * library, of type community_college, in 七堵區; types that have any */
	long long n_all, n_library, n_cc, n_qidu, n_types;
} id;

#define POTTERY "陶藝<script>alert(1)</script>入門"
#define QIDU "%E4%B8%83%E5%A0%B5%E5%8D%80"	/* 七堵區 */

static int fixture_import(const char *kind, const char *file)
{
	char *argv[] = {(char *)harness_bin(), "import", (char *)kind, "--db", srv.db,
			(char *)file, NULL};
	return harness_exec(srv.log, argv);
}

/* The id of the row whose name column equals name, or 0. */
static long long fixture_id(sqlite3 *db, const char *sql, const char *name)
{
	sqlite3_stmt *st = NULL;
	long long v = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The single number a query returns, or -1. */
static long long fixture_count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int fixture_start(void **state)
{
	(void)state;
	sqlite3 *db = NULL;
	static const char *const inst = "SELECT id FROM institutions WHERE name_zh=?1";
	static const char *const course = "SELECT id FROM courses WHERE title=?1";
	if (server_prepare(&srv, 0) < 0 ||
	    fixture_import("institutions", "tests/data/portal-institutions.csv") != 0 ||
	    fixture_import("sessions", "tests/data/portal-sessions.csv") != 0 ||
	    sqlite3_open(srv.db, &db) != SQLITE_OK)
		return -1;
	int rc = sqlite3_exec(db,
		"UPDATE courses SET status='draft' WHERE title='未公開的草稿課';"
		"UPDATE institutions SET updated_at=strftime('%Y-%m-%dT%H:%M:%SZ','now','-12 days') "
		"WHERE name_zh='測試仁愛社區大學';"
		"INSERT INTO announcements(institution_id,title,published_at) SELECT id,"
		"'春季班招生說明會','2026-11-20T02:00:00Z' FROM institutions WHERE name_zh='測試仁愛社區大學';"
		"INSERT INTO announcements(institution_id,title,published_at,visible_until) SELECT id,"
		"'已下架的舊公告','2020-01-01T00:00:00Z','2020-02-01T00:00:00Z' FROM institutions "
		"WHERE name_zh='測試仁愛社區大學';",
		NULL, NULL, NULL);
	id.cc = fixture_id(db, inst, "測試仁愛社區大學");
	id.library = fixture_id(db, inst, "測試七堵圖書館");
	id.seniors = fixture_id(db, inst, "測試全市樂齡中心");
	id.pottery = fixture_id(db, course, POTTERY);
	id.vietnamese = fixture_id(db, course, "越南語生活會話");
	id.calligraphy = fixture_id(db, course, "已結束的書法班");
	id.draft = fixture_id(db, course, "未公開的草稿課");
	id.walking = fixture_id(db, course, "樂齡健走");
	id.n_all = fixture_count(db, "SELECT count(*) FROM institutions");
	id.n_library = fixture_count(db, "SELECT count(*) FROM institutions i JOIN "
				     "institution_types t ON t.id=i.type_id WHERE t.code='library'");
	id.n_cc = fixture_count(db, "SELECT count(*) FROM institutions i JOIN "
				"institution_types t ON t.id=i.type_id WHERE t.code='community_college'");
	id.n_qidu = fixture_count(db, "SELECT count(*) FROM institutions i JOIN districts d "
				  "ON d.id=i.district_id WHERE d.name_zh='七堵區'");
	id.n_types = fixture_count(db, "SELECT count(DISTINCT type_id) FROM institutions");
	sqlite3_close(db);
	if (rc != SQLITE_OK || !id.cc || !id.library || !id.seniors || !id.pottery ||
	    !id.vietnamese || !id.calligraphy || !id.draft || !id.walking)
		return -1;
	return server_start(&srv, 2, NULL);
}

static int fixture_stop(void **state)
{
	(void)state;
	if (srv.pid)
		server_stop(&srv, 10);
	server_cleanup(&srv);
	return 0;
}

/* GETs path, expects status; HTML bodies must be well-formed. */
static void get_page(const char *path, long status, struct reply *r)
{
	struct buf err = BUF_INIT;
	assert_int_equal(http_get(&srv, path, r), 0);
	if (r->status != status)
		fail_msg("%s: status %ld, want %ld: %.300s", path, r->status, status,
			 r->body.data ? r->body.data : "");
	if (html_well_formed(r, &err) < 0)
		fail_msg("%s is not well-formed: %s", path, buf_cstr(&err));
	buf_free(&err);
}

/* As get_page, with the path made from a format. */
static void get_pagef(long status, struct reply *r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4), unused));
static void get_pagef(long status, struct reply *r, const char *fmt, ...)
{
	char path[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(path, sizeof path, fmt, ap);
	va_end(ap);
	get_page(path, status, r);
}

/* Fails unless the body contains the text made from a format. */
#define assert_hasf(r, ...)                                                      \
	do {                                                                     \
		char want_[256];                                                 \
		snprintf(want_, sizeof want_, __VA_ARGS__);                      \
		assert_has(r, want_);                                            \
	} while (0)

/* Fails unless the body contains needle. */
#define assert_has(r, needle)                                                    \
	do {                                                                     \
		if (!strstr((r)->body.data ? (r)->body.data : "", (needle)))     \
			fail_msg("body lacks \"%s\"", (needle));                 \
	} while (0)
#define assert_lacks(r, needle)                                                  \
	do {                                                                     \
		if (strstr((r)->body.data ? (r)->body.data : "", (needle)))      \
			fail_msg("body has \"%s\"", (needle));                   \
	} while (0)

/* The last test of each program: the server stops cleanly. */
static void server_stops_cleanly(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, 10), 0);
}

#endif
