/* HTTP tests: the institution back office — who may touch which rows,
 * courses (create, edit, publish, copy, delete) seen on the public side,
 * weekly series of sessions, attendance, forms that keep what was typed,
 * and the audit log of every change. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "harbour lights at dusk"
#define INST_A "七堵區百福圖書館"
#define INST_B "中正區圖書館"

static struct server srv;
static struct browser admin, staff_a, staff_b;
static long long inst_a, inst_b;
/* rows of institution B made by its own staff, for the access tests */
static long long b_course, b_session, b_venue, b_announcement;

/* ---- helpers ---- */

/* Queries on the test database (tests/http/harness.h). */
#define db_ll(sql, arg) server_db_int(&srv, (sql), (arg))
#define db_str(sql, arg) server_db_text(&srv, (sql), (arg))

static int db_run(const char *sql)
{
	sqlite3 *h;
	int rc;
	if (sqlite3_open(srv.db, &h) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(h, 5000);
	rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
	sqlite3_close(h);
	return rc == SQLITE_OK ? 0 : -1;
}

/* The browser's form token (any staff page carries it). */
static void csrf_of(struct browser *b, char *out, size_t n)
{
	struct reply r;
	assert_int_equal(browser_get(&srv, b, "/admin", &r), 0);
	assert_int_equal(form_csrf(&r, out, n), 0);
	reply_free(&r);
}

/* POSTs the form f (the token is added) as b; returns the status and,
 * when to is not NULL, the Location header. The reply is freed unless
 * out is given. */
static long post(struct browser *b, const char *path, struct buf *f, char *to, size_t tn,
		 struct reply *out)
{
	char csrf[80];
	struct reply r;
	csrf_of(b, csrf, sizeof csrf);
	form_add(f, "csrf", csrf);
	assert_int_equal(browser_post(&srv, b, path, buf_cstr(f), &r), 0);
	if (to && reply_header(&r, "Location", to, tn) < 0)
		to[0] = '\0';
	long st = r.status;
	if (out)
		*out = r;
	else
		reply_free(&r);
	buf_reset(f);
	return st;
}

static long get_status(struct browser *b, const char *path)
{
	struct reply r;
	long st = -1;
	struct buf err = BUF_INIT;
	if (browser_get(&srv, b, path, &r) == 0) {
		st = r.status;
		if (st == 200 && html_well_formed(&r, &err) < 0)
			fail_msg("%s is not well-formed: %s", path, buf_cstr(&err));
	}
	buf_free(&err);
	reply_free(&r);
	return st;
}

/* The number at the end of a Location's path ("/admin/courses/12?x"). */
static long long id_in(const char *location, const char *prefix)
{
	const char *p = strstr(location, prefix);
	return p ? atoll(p + strlen(prefix)) : 0;
}

/* Fills a course form for institution inst. */
static void course_fields(struct buf *f, long long inst, const char *title)
{
	char n[32];
	snprintf(n, sizeof n, "%lld", inst);
	form_add(f, "institution", n);
	form_add(f, "title", title);
	form_add(f, "description", "給長輩的平板電腦入門課。");
	form_add(f, "category", "digital");
	form_add(f, "audience", "senior");
	form_add(f, "audience", "family");
	form_add(f, "language", "zh-Hant");
	form_add(f, "fee_twd", "300");
	form_add(f, "format", "in_person");
	form_add(f, "programme", "5");
	form_add(f, "capacity", "20");
	form_add(f, "url", "https://example.org/tablet");
}

/* Creates a course as b; returns its id. */
static long long make_course(struct browser *b, long long inst, const char *title)
{
	struct buf f = BUF_INIT;
	char to[256];
	course_fields(&f, inst, title);
	assert_int_equal(post(b, "/admin/courses", &f, to, sizeof to, NULL), 303);
	buf_free(&f);
	long long id = id_in(to, "/admin/courses/");
	assert_true(id > 0);
	return id;
}

/* Sends a multipart form with one file field as b. Returns the status. */
static long upload(struct browser *b, const char *path, const char *const *fields,
		   const char *filename, const char *data, size_t n, char *to, size_t tn)
{
	char csrf[80], url[256], cookie[sizeof b->cookies + 16];
	long status = -1;
	csrf_of(b, csrf, sizeof csrf);
	CURL *c = curl_easy_init();
	curl_mime *m = curl_mime_init(c);
	curl_mimepart *part = curl_mime_addpart(m);
	curl_mime_name(part, "csrf");
	curl_mime_data(part, csrf, CURL_ZERO_TERMINATED);
	for (int i = 0; fields && fields[i]; i += 2) {
		part = curl_mime_addpart(m);
		curl_mime_name(part, fields[i]);
		curl_mime_data(part, fields[i + 1], CURL_ZERO_TERMINATED);
	}
	if (filename) {
		part = curl_mime_addpart(m);
		curl_mime_name(part, "file");
		curl_mime_filename(part, filename);
		curl_mime_type(part, "application/pdf");	/* what a browser might claim */
		curl_mime_data(part, data, n);
	}
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", srv.port, path);
	snprintf(cookie, sizeof cookie, "Cookie: %s", b->cookies);
	struct curl_slist *h = curl_slist_append(NULL, cookie);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, m);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, NULL);
	FILE *sink = fopen("/dev/null", "w");
	curl_easy_setopt(c, CURLOPT_WRITEDATA, sink);
	if (curl_easy_perform(c) == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		char *loc = NULL;
		curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &loc);
		if (to)
			snprintf(to, tn, "%s", loc ? loc : "");
	}
	fclose(sink);
	curl_slist_free_all(h);
	curl_mime_free(m);
	curl_easy_cleanup(c);
	return status;
}

/* ---- setup ---- */

static int start(void **state)
{
	*state = &srv;
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, NULL) < 0)
		return -1;
	if (staff_create(&srv, &admin, "admin", NULL, "admin@example.org", PW) < 0 ||
	    staff_create(&srv, &staff_a, "institution", INST_A, "a@example.org", PW) < 0 ||
	    staff_create(&srv, &staff_b, "institution", INST_B, "b@example.org", PW) < 0)
		return -1;
	inst_a = db_ll("SELECT id FROM institutions WHERE name_zh=?1", INST_A);
	inst_b = db_ll("SELECT id FROM institutions WHERE name_zh=?1", INST_B);
	return inst_a > 0 && inst_b > 0 ? 0 : -1;
}

/* Institution B's own rows: a course with a session at a new venue, and
 * an announcement. */
static void institution_b_makes_its_rows(void **state)
{
	(void)state;
	struct buf f = BUF_INIT;
	char to[256], path[128];
	b_course = make_course(&staff_b, inst_b, "乙館的課");
	snprintf(path, sizeof path, "/admin/courses/%lld/sessions", b_course);
	form_add(&f, "repeat", "once");
	form_add(&f, "date", "2026-05-05");
	form_add(&f, "start", "10:00");
	form_add(&f, "end", "12:00");
	form_add(&f, "venue", "new");
	form_add(&f, "venue_name", "乙館會議室");
	form_add(&f, "action", "create");
	assert_int_equal(post(&staff_b, path, &f, to, sizeof to, NULL), 303);
	b_session = db_ll("SELECT max(id) FROM sessions WHERE course_id=(SELECT max(id) FROM courses "
			  "WHERE title=?1)", "乙館的課");
	b_venue = db_ll("SELECT id FROM venues WHERE name=?1", "乙館會議室");
	static const char *const ann[] = {"title", "乙館公告", "body", "內容", NULL};
	assert_int_equal(upload(&staff_b, "/admin/announcements", ann, NULL, NULL, 0, to, sizeof to), 303);
	b_announcement = id_in(to, "/admin/announcements/");
	assert_true(b_session > 0 && b_venue > 0 && b_announcement > 0);
	buf_free(&f);
}

static void other_institutions_rows_are_403_by_url(void **state)
{
	(void)state;
	char p[160];
	struct buf f = BUF_INIT;
	const struct {
		const char *fmt;
		long long id;
	} reads[] = {
		{"/admin/courses/%lld", b_course}, {"/admin/courses/%lld/edit", b_course},
		{"/admin/courses/%lld/copy", b_course}, {"/admin/courses/%lld/delete", b_course},
		{"/admin/courses/%lld/sessions/new", b_course}, {"/admin/sessions/%lld", b_session},
		{"/admin/sessions/%lld/attendance", b_session},
		{"/admin/announcements/%lld", b_announcement}, {"/admin/institutions/%lld", inst_b},
	};
	for (size_t i = 0; i < sizeof reads / sizeof *reads; i++) {
		snprintf(p, sizeof p, reads[i].fmt, reads[i].id);
		if (get_status(&staff_a, p) != 403)
			fail_msg("GET %s by another institution is not 403", p);
		if (get_status(&staff_b, p) != 200)
			fail_msg("GET %s by its own institution is not 200", p);
		if (get_status(&admin, p) != 200)
			fail_msg("GET %s by an administrator is not 200", p);
	}
	/* writes */
	snprintf(p, sizeof p, "/admin/courses/%lld", b_course);
	course_fields(&f, inst_b, "被改掉的名稱");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/courses/%lld/status", b_course);
	form_add(&f, "status", "published");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/courses/%lld/copy", b_course);
	form_add(&f, "title", "偷來的課");
	form_add(&f, "sessions", "none");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/courses/%lld/delete", b_course);
	form_add(&f, "confirm", "yes");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/courses/%lld/sessions", b_course);
	form_add(&f, "repeat", "once");
	form_add(&f, "date", "2026-06-01");
	form_add(&f, "start", "10:00");
	form_add(&f, "end", "11:00");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/sessions/%lld", b_session);
	form_add(&f, "date", "2026-05-06");
	form_add(&f, "start", "10:00");
	form_add(&f, "end", "12:00");
	form_add(&f, "cancelled", "yes");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/sessions/%lld/attendance", b_session);
	form_add(&f, "mode", "count");
	form_add(&f, "count", "99");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/sessions/%lld/delete", b_session);
	form_add(&f, "confirm", "yes");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/announcements/%lld/delete", b_announcement);
	form_add(&f, "confirm", "yes");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	static const char *const ann[] = {"title", "改掉", "body", "x", NULL};
	snprintf(p, sizeof p, "/admin/announcements/%lld", b_announcement);
	assert_int_equal(upload(&staff_a, p, ann, NULL, NULL, 0, NULL, 0), 403);
	snprintf(p, sizeof p, "/admin/institutions/%lld", inst_b);
	form_add(&f, "name", "被改名的圖書館");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	buf_free(&f);
	/* nothing of B's changed */
	assert_int_equal(db_ll("SELECT count(*) FROM courses WHERE title=?1", "乙館的課"), 1);
	assert_int_equal(db_ll("SELECT count(*) FROM courses WHERE title=?1", "偷來的課"), 0);
	assert_int_equal(db_ll("SELECT status='draft' FROM courses WHERE title=?1", "乙館的課"), 1);
	assert_int_equal(db_ll("SELECT count(*) FROM sessions WHERE cancelled=0 AND attendance IS NULL "
			       "AND starts_at='2026-05-05 10:00' AND course_id=(SELECT id FROM courses "
			       "WHERE title=?1)", "乙館的課"), 1);
	assert_int_equal(db_ll("SELECT count(*) FROM announcements WHERE title=?1", "乙館公告"), 1);
	assert_int_equal(db_ll("SELECT count(*) FROM institutions WHERE name_zh=?1", INST_B), 1);
}

static void other_institutions_ids_in_forms_are_403(void **state)
{
	(void)state;
	struct buf f = BUF_INIT;
	char p[160], n[32];
	long long before = db_ll("SELECT count(*) FROM courses", NULL);
	/* a new course "for" institution B */
	course_fields(&f, inst_b, "冒名的課");
	assert_int_equal(post(&staff_a, "/admin/courses", &f, NULL, 0, NULL), 403);
	assert_int_equal(db_ll("SELECT count(*) FROM courses", NULL), before);
	/* an announcement "for" institution B */
	snprintf(n, sizeof n, "%lld", inst_b);
	const char *ann[] = {"institution", n, "title", "冒名公告", "body", "x", NULL};
	assert_int_equal(upload(&staff_a, "/admin/announcements", ann, NULL, NULL, 0, NULL, 0), 403);
	assert_int_equal(db_ll("SELECT count(*) FROM announcements WHERE title=?1", "冒名公告"), 0);
	/* A's own course, but B's venue */
	long long own = make_course(&staff_a, inst_a, "甲館借場地");
	snprintf(p, sizeof p, "/admin/courses/%lld/sessions", own);
	snprintf(n, sizeof n, "%lld", b_venue);
	form_add(&f, "repeat", "once");
	form_add(&f, "date", "2026-06-01");
	form_add(&f, "start", "10:00");
	form_add(&f, "end", "11:00");
	form_add(&f, "venue", n);
	form_add(&f, "action", "create");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	snprintf(p, sizeof p, "/admin/courses/%lld", own);
	assert_int_equal(db_ll("SELECT count(*) FROM sessions WHERE course_id=(SELECT id FROM courses "
			       "WHERE title=?1)", "甲館借場地"), 0);
	/* the lists show only A's own rows, whatever is asked */
	snprintf(p, sizeof p, "/admin/courses?institution=%lld", inst_b);
	struct reply r;
	assert_int_equal(browser_get(&srv, &staff_a, p, &r), 0);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body.data, "乙館的課"));
	assert_non_null(strstr(r.body.data, "甲館借場地"));
	reply_free(&r);
	assert_int_equal(browser_get(&srv, &staff_a, "/admin/announcements", &r), 0);
	assert_null(strstr(r.body.data, "乙館公告"));
	reply_free(&r);
	buf_free(&f);
}

static void viewers_have_no_back_office(void **state)
{
	(void)state;
	struct browser v = {""};
	assert_int_equal(staff_create(&srv, &v, "viewer", NULL, "viewer@example.org", PW), 0);
	assert_int_equal(get_status(&v, "/admin/courses"), 403);
	assert_int_equal(get_status(&v, "/admin/import"), 403);
	assert_int_equal(get_status(&v, "/admin/announcements"), 403);
}

static void course_is_made_edited_published_and_seen_by_the_public(void **state)
{
	(void)state;
	struct buf f = BUF_INIT;
	struct reply r;
	char p[128], pub[64], api[64];
	long long id = make_course(&staff_a, inst_a, "長者平板入門（115年）");
	snprintf(pub, sizeof pub, "/courses/%lld", id);
	snprintf(api, sizeof api, "/api/v1/courses/%lld", id);
	/* a new course is a draft: not on the public side */
	struct browser citizen = {""};
	assert_int_equal(get_status(&citizen, pub), 404);
	assert_int_equal(http_get(&srv, api, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	/* edit every field */
	snprintf(p, sizeof p, "/admin/courses/%lld", id);
	form_add(&f, "title", "長者平板入門（115年春季）");
	form_add(&f, "description", "新的介紹");
	form_add(&f, "category", "digital");
	form_add(&f, "audience", "senior");
	form_add(&f, "language", "nan");
	form_add(&f, "fee_twd", "0");
	form_add(&f, "format", "blended");
	form_add(&f, "childcare", "yes");
	form_add(&f, "programme", "5");
	form_add(&f, "capacity", "");
	form_add(&f, "url", "");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	char *t = db_str("SELECT title||'|'||fee_twd||'|'||format||'|'||childcare||'|'||language||'|'||"
			 "coalesce(capacity,'none')||'|'||coalesce(url,'none')||'|'||(SELECT group_concat(audience) "
			 "FROM course_audiences WHERE course_id=courses.id) FROM courses WHERE title LIKE ?1",
			 "長者平板入門（115年春季）");
	assert_non_null(t);
	assert_string_equal(t, "長者平板入門（115年春季）|0|blended|1|nan|none|none|senior");
	free(t);
	/* publish: on the course page and in the API */
	snprintf(p, sizeof p, "/admin/courses/%lld/status", id);
	form_add(&f, "status", "published");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	assert_int_equal(http_get(&srv, pub, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "長者平板入門（115年春季）"));
	assert_non_null(strstr(r.body.data, "新的介紹"));
	reply_free(&r);
	assert_int_equal(http_get(&srv, api, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "長者平板入門（115年春季）"));
	reply_free(&r);
	/* unpublish: gone again */
	form_add(&f, "status", "draft");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	assert_int_equal(http_get(&srv, pub, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	buf_free(&f);
}

/* The sessions of the course titled title, "start>end" joined by ",". */
static char *sessions_of(const char *title)
{
	return db_str("SELECT group_concat(starts_at||'>'||substr(ends_at,12),',') FROM (SELECT "
		      "starts_at,ends_at FROM sessions WHERE course_id=(SELECT id FROM courses "
		      "WHERE title=?1) ORDER BY starts_at)", title);
}

static void weekly_series_makes_the_right_dates(void **state)
{
	(void)state;
	struct buf f = BUF_INIT;
	struct reply r;
	char p[128];
	long long id = make_course(&staff_a, inst_a, "每週兩次的課");
	snprintf(p, sizeof p, "/admin/courses/%lld/sessions", id);
	/* Tuesdays and Thursdays from ROC 115/3/3 (Tuesday), five times */
	form_add(&f, "repeat", "weekly");
	form_add(&f, "date", "115/3/3");
	form_add(&f, "start", "19:00");
	form_add(&f, "end", "21:00");
	form_add(&f, "weekday", "2");
	form_add(&f, "weekday", "4");
	form_add(&f, "count", "5");
	form_add(&f, "venue", "new");
	form_add(&f, "venue_name", "三樓電腦教室");
	form_add(&f, "action", "preview");
	/* the preview lists the dates in ROC form and writes nothing */
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, &r), 200);
	assert_non_null(strstr(r.body.data, "民國115年3月3日"));
	assert_non_null(strstr(r.body.data, "民國115年3月17日"));
	assert_int_equal(body_count(&r, "<li><time"), 5);
	reply_free(&r);
	char *s = sessions_of("每週兩次的課");
	assert_null(s);
	form_add(&f, "repeat", "weekly");
	form_add(&f, "date", "115/3/3");
	form_add(&f, "start", "19:00");
	form_add(&f, "end", "21:00");
	form_add(&f, "weekday", "2");
	form_add(&f, "weekday", "4");
	form_add(&f, "count", "5");
	form_add(&f, "venue", "new");
	form_add(&f, "venue_name", "三樓電腦教室");
	form_add(&f, "action", "create");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	s = sessions_of("每週兩次的課");
	assert_non_null(s);
	assert_string_equal(s, "2026-03-03 19:00>21:00,2026-03-05 19:00>21:00,2026-03-10 19:00>21:00,"
			       "2026-03-12 19:00>21:00,2026-03-17 19:00>21:00");
	free(s);
	assert_int_equal(db_ll("SELECT count(DISTINCT venue_id) FROM sessions WHERE course_id=(SELECT id "
			       "FROM courses WHERE title=?1) AND venue_id=(SELECT id FROM venues WHERE "
			       "name='三樓電腦教室')", "每週兩次的課"), 1);
	/* every other Monday until 2026-05-04 */
	long long id2 = make_course(&staff_a, inst_a, "隔週的課");
	snprintf(p, sizeof p, "/admin/courses/%lld/sessions", id2);
	form_add(&f, "repeat", "biweekly");
	form_add(&f, "date", "2026-04-06");
	form_add(&f, "start", "9:30");
	form_add(&f, "end", "11:00");
	form_add(&f, "until", "2026-05-04");
	form_add(&f, "action", "create");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	s = sessions_of("隔週的課");
	assert_string_equal(s, "2026-04-06 09:30>11:00,2026-04-20 09:30>11:00,2026-05-04 09:30>11:00");
	free(s);
	/* the same start again is refused, nothing added */
	form_add(&f, "repeat", "once");
	form_add(&f, "date", "2026-04-20");
	form_add(&f, "start", "09:30");
	form_add(&f, "end", "10:00");
	form_add(&f, "action", "create");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, &r), 400);
	assert_non_null(strstr(r.body.data, "2026-04-20 09:30"));
	reply_free(&r);
	assert_int_equal(db_ll("SELECT count(*) FROM sessions WHERE course_id=(SELECT id FROM courses "
			       "WHERE title=?1)", "隔週的課"), 3);
	/* one session moved and cancelled on its own */
	long long sid = db_ll("SELECT id FROM sessions WHERE starts_at='2026-04-20 09:30' AND "
			      "course_id=(SELECT id FROM courses WHERE title=?1)", "隔週的課");
	snprintf(p, sizeof p, "/admin/sessions/%lld", sid);
	form_add(&f, "date", "115/4/21");
	form_add(&f, "start", "14:00");
	form_add(&f, "end", "15:30");
	form_add(&f, "cancelled", "yes");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	s = db_str("SELECT starts_at||'|'||ends_at||'|'||cancelled FROM sessions WHERE id=(SELECT max(id) "
		   "FROM sessions WHERE starts_at LIKE ?1)", "2026-04-21%");
	assert_string_equal(s, "2026-04-21 14:00|2026-04-21 15:30|1");
	free(s);
	buf_free(&f);
}

static void attendance_ticks_fill_the_count(void **state)
{
	(void)state;
	struct buf f = BUF_INIT;
	struct reply r;
	char p[128], sql[1024], v[32];
	long long course = make_course(&staff_a, inst_a, "點名的課");
	snprintf(p, sizeof p, "/admin/courses/%lld/sessions", course);
	form_add(&f, "repeat", "once");
	form_add(&f, "date", "2026-03-10");
	form_add(&f, "start", "10:00");
	form_add(&f, "end", "12:00");
	form_add(&f, "action", "create");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	long long session = db_ll("SELECT id FROM sessions WHERE course_id=(SELECT id FROM courses WHERE "
				  "title=?1)", "點名的課");
	/* three enrolled learners and one on the waiting list */
	snprintf(sql, sizeof sql,
		 "INSERT INTO learners(name,phone,consent_at) VALUES('王小明','0912345678','2026-01-01'),"
		 "('李阿花','0922333444','2026-01-01'),('陳大同','0933111222','2026-01-01'),"
		 "('林候補','0944000111','2026-01-01');"
		 "INSERT INTO registrations(course_id,learner_id,status,position,token_hash) "
		 "SELECT %lld,id,CASE WHEN name='林候補' THEN 'waitlisted' ELSE 'enrolled' END,"
		 "CASE WHEN name='林候補' THEN 1 END,randomblob(32) FROM learners "
		 "WHERE name IN ('王小明','李阿花','陳大同','林候補');", course);
	assert_int_equal(db_run(sql), 0);
	snprintf(p, sizeof p, "/admin/sessions/%lld/attendance", session);
	assert_int_equal(browser_get(&srv, &staff_a, p, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "王小明"));
	assert_non_null(strstr(r.body.data, "陳大同"));
	assert_null(strstr(r.body.data, "林候補"));
	assert_int_equal(body_count(&r, "name=\"present\""), 3);
	reply_free(&r);
	/* tick two of them, plus one walk-in: 3 */
	form_add(&f, "mode", "list");
	snprintf(v, sizeof v, "%lld", db_ll("SELECT g.id FROM registrations g JOIN learners l ON "
					    "l.id=g.learner_id WHERE l.name=?1", "王小明"));
	form_add(&f, "present", v);
	snprintf(v, sizeof v, "%lld", db_ll("SELECT g.id FROM registrations g JOIN learners l ON "
					    "l.id=g.learner_id WHERE l.name=?1", "陳大同"));
	form_add(&f, "present", v);
	form_add(&f, "walk_ins", "1");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	snprintf(sql, sizeof sql, "SELECT attendance FROM sessions WHERE id=%lld", session);
	assert_int_equal(db_ll(sql, NULL), 3);
	snprintf(sql, sizeof sql, "SELECT count(*) FROM session_attendance WHERE session_id=%lld", session);
	assert_int_equal(db_ll(sql, NULL), 2);
	/* the page shows the ticks it saved */
	assert_int_equal(browser_get(&srv, &staff_a, p, &r), 0);
	assert_int_equal(body_count(&r, "checked=\"checked\""), 2);
	reply_free(&r);
	/* a waitlisted learner cannot be ticked: refused, nothing changed */
	form_add(&f, "mode", "list");
	snprintf(v, sizeof v, "%lld", db_ll("SELECT g.id FROM registrations g JOIN learners l ON "
					    "l.id=g.learner_id WHERE l.name=?1", "林候補"));
	form_add(&f, "present", v);
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 400);
	snprintf(sql, sizeof sql, "SELECT attendance FROM sessions WHERE id=%lld", session);
	assert_int_equal(db_ll(sql, NULL), 3);
	/* or just a head count */
	form_add(&f, "mode", "count");
	form_add(&f, "count", "17");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	assert_int_equal(db_ll(sql, NULL), 17);
	buf_free(&f);
}

static void a_form_with_errors_keeps_what_was_typed(void **state)
{
	(void)state;
	struct buf f = BUF_INIT, err = BUF_INIT;
	struct reply r;
	char n[32];
	long long before = db_ll("SELECT count(*) FROM courses", NULL);
	snprintf(n, sizeof n, "%lld", inst_a);
	form_add(&f, "institution", n);
	form_add(&f, "title", "");
	form_add(&f, "description", "我的<說明>\n第二行");
	form_add(&f, "category", "digital");
	form_add(&f, "audience", "new_immigrant");
	form_add(&f, "language", "vi");
	form_add(&f, "fee_twd", "一百元");
	form_add(&f, "format", "online");
	form_add(&f, "capacity", "12");
	form_add(&f, "url", "javascript:alert(1)");
	assert_int_equal(post(&staff_a, "/admin/courses", &f, NULL, 0, &r), 400);
	if (html_well_formed(&r, &err) < 0)
		fail_msg("form page: %s", buf_cstr(&err));
	const char *h = r.body.data;
	assert_non_null(strstr(h, "我的&lt;說明&gt;\n第二行</textarea>"));
	assert_non_null(strstr(h, "value=\"一百元\""));
	assert_non_null(strstr(h, "value=\"12\""));
	assert_non_null(strstr(h, "value=\"javascript:alert(1)\""));
	assert_non_null(strstr(h, "value=\"new_immigrant\" checked=\"checked\""));
	assert_non_null(strstr(h, "value=\"online\" checked=\"checked\""));
	assert_non_null(strstr(h, "<option value=\"vi\" selected=\"selected\">"));
	/* messages next to their fields, tied to them */
	assert_non_null(strstr(h, "id=\"f-title-error\""));
	assert_non_null(strstr(h, "id=\"f-fee_twd-error\""));
	assert_non_null(strstr(h, "id=\"f-url-error\""));
	assert_non_null(strstr(h, "aria-describedby=\"f-title-hint f-title-error\" aria-invalid=\"true\""));
	assert_non_null(strstr(h, "href=\"#f-fee_twd\""));
	reply_free(&r);
	assert_int_equal(db_ll("SELECT count(*) FROM courses", NULL), before);
	/* a session with an impossible date keeps the rest */
	char p[128];
	long long course = db_ll("SELECT id FROM courses WHERE title=?1", "點名的課");
	snprintf(p, sizeof p, "/admin/courses/%lld/sessions", course);
	form_add(&f, "repeat", "weekly");
	form_add(&f, "date", "2026-02-30");
	form_add(&f, "start", "18:30");
	form_add(&f, "end", "20:00");
	form_add(&f, "weekday", "3");
	form_add(&f, "count", "8");
	form_add(&f, "venue_name", "禮堂");
	form_add(&f, "action", "create");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, &r), 400);
	h = r.body.data;
	assert_non_null(strstr(h, "value=\"2026-02-30\""));
	assert_non_null(strstr(h, "value=\"18:30\""));
	assert_non_null(strstr(h, "value=\"8\""));
	assert_non_null(strstr(h, "value=\"禮堂\""));
	assert_non_null(strstr(h, "value=\"weekly\" checked=\"checked\""));
	assert_non_null(strstr(h, "value=\"3\" checked=\"checked\""));
	assert_non_null(strstr(h, "id=\"f-date-error\""));
	reply_free(&r);
	buf_free(&f);
	buf_free(&err);
}

static void last_terms_course_is_copied_and_deleted_with_confirmation(void **state)
{
	(void)state;
	struct buf f = BUF_INIT;
	struct reply r;
	char p[128], to[256];
	long long id = db_ll("SELECT id FROM courses WHERE title=?1", "每週兩次的課");
	snprintf(p, sizeof p, "/admin/courses/%lld/copy", id);
	assert_int_equal(get_status(&staff_a, p), 200);
	form_add(&f, "title", "每週兩次的課（下一期）");
	form_add(&f, "sessions", "shift");
	form_add(&f, "weeks", "52");
	assert_int_equal(post(&staff_a, p, &f, to, sizeof to, NULL), 303);
	char *s = sessions_of("每週兩次的課（下一期）");
	assert_string_equal(s, "2027-03-02 19:00>21:00,2027-03-04 19:00>21:00,2027-03-09 19:00>21:00,"
			       "2027-03-11 19:00>21:00,2027-03-16 19:00>21:00");
	free(s);
	assert_int_equal(db_ll("SELECT status='draft' AND category='digital' AND fee_twd=300 AND "
			       "(SELECT count(*) FROM course_audiences WHERE course_id=courses.id)=2 "
			       "FROM courses WHERE title=?1", "每週兩次的課（下一期）"), 1);
	/* the same title again is refused, and the typed title kept */
	form_add(&f, "title", "每週兩次的課（下一期）");
	form_add(&f, "sessions", "none");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, &r), 400);
	assert_non_null(strstr(r.body.data, "value=\"每週兩次的課（下一期）\""));
	reply_free(&r);
	/* delete: the confirmation page, then the POST */
	long long copy = id_in(to, "/admin/courses/");
	snprintf(p, sizeof p, "/admin/courses/%lld/delete", copy);
	assert_int_equal(get_status(&staff_a, p), 200);
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 400);	/* no confirm */
	assert_int_equal(db_ll("SELECT count(*) FROM courses WHERE title=?1", "每週兩次的課（下一期）"), 1);
	form_add(&f, "confirm", "yes");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	assert_int_equal(db_ll("SELECT count(*) FROM courses WHERE title=?1", "每週兩次的課（下一期）"), 0);
	assert_null(sessions_of("每週兩次的課（下一期）"));
	buf_free(&f);
}

static void institution_profile_is_edited_but_not_its_type(void **state)
{
	(void)state;
	struct buf f = BUF_INIT;
	struct reply r;
	char p[128], d[32];
	snprintf(p, sizeof p, "/admin/institutions/%lld", inst_a);
	form_add(&f, "name", INST_A);
	form_add(&f, "name_en", "Baifu Library");
	form_add(&f, "address", "基隆市七堵區百福路 1 號");
	form_add(&f, "phone", "(02)2456-0000");
	form_add(&f, "website", "https://library.example.org/");
	form_add(&f, "feeds", "https://library.example.org/news.rss\nhttps://library.example.org/b.atom");
	form_add(&f, "lat", "25.09");
	form_add(&f, "lon", "121.71");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 303);
	char *s = db_str("SELECT name_en||'|'||address||'|'||lat||'|'||(SELECT count(*) FROM feeds WHERE "
			 "institution_id=institutions.id) FROM institutions WHERE name_zh=?1", INST_A);
	assert_string_equal(s, "Baifu Library|基隆市七堵區百福路 1 號|25.09|2");
	free(s);
	/* the public page shows it */
	char pub[64];
	snprintf(pub, sizeof pub, "/institutions/%lld", inst_a);
	assert_int_equal(http_get(&srv, pub, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "百福路 1 號"));
	reply_free(&r);
	/* the type is the administrators' to set */
	form_add(&f, "name", INST_A);
	form_add(&f, "type", "community_college");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, NULL), 403);
	assert_int_equal(db_ll("SELECT t.code='library' FROM institutions i JOIN institution_types t ON "
			       "t.id=i.type_id WHERE i.name_zh=?1", INST_A), 1);
	/* a bad position keeps the form */
	form_add(&f, "name", INST_A);
	form_add(&f, "lat", "95");
	form_add(&f, "lon", "121.7");
	assert_int_equal(post(&staff_a, p, &f, NULL, 0, &r), 400);
	assert_non_null(strstr(r.body.data, "value=\"95\""));
	assert_non_null(strstr(r.body.data, "id=\"f-lat-error\""));
	reply_free(&r);
	/* an administrator may change type and district */
	snprintf(d, sizeof d, "%lld", db_ll("SELECT id FROM districts WHERE name_zh=?1", "七堵區"));
	form_add(&f, "name", INST_A);
	form_add(&f, "type", "library");
	form_add(&f, "district", d);
	assert_int_equal(post(&admin, p, &f, NULL, 0, NULL), 303);
	buf_free(&f);
}

static void every_change_is_in_the_audit_log(void **state)
{
	(void)state;
	static const struct {
		const char *action, *entity;
	} want[] = {
		{"create", "course"}, {"update", "course"}, {"publish", "course"},
		{"unpublish", "course"}, {"copy", "course"}, {"delete", "course"},
		{"create_sessions", "course"}, {"update", "session"}, {"attendance", "session"},
		{"create", "announcement"}, {"update", "institution"},
	};
	char sql[256];
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		snprintf(sql, sizeof sql, "SELECT count(*) FROM audit_log WHERE action='%s' AND entity='%s' "
			 "AND user_id IS NOT NULL", want[i].action, want[i].entity);
		if (db_ll(sql, NULL) < 1)
			fail_msg("no audit record of %s %s", want[i].action, want[i].entity);
	}
	/* old and new values of an edit */
	char *s = db_str("SELECT old_value||' -> '||new_value FROM audit_log WHERE action='update' AND "
			 "entity='course' ORDER BY id LIMIT 1", NULL);
	assert_non_null(s);
	assert_non_null(strstr(s, "\"fee_twd\":300"));
	assert_non_null(strstr(s, "\"fee_twd\":0"));
	free(s);
	/* and the refused attempts left no record */
	assert_int_equal(db_ll("SELECT count(*) FROM audit_log WHERE new_value LIKE ?1", "%冒名%"), 0);
	struct reply r;
	assert_int_equal(browser_get(&srv, &admin, "/admin/audit", &r), 0);
	assert_non_null(strstr(r.body.data, "create_sessions"));
	reply_free(&r);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(institution_b_makes_its_rows),
		cmocka_unit_test(other_institutions_rows_are_403_by_url),
		cmocka_unit_test(other_institutions_ids_in_forms_are_403),
		cmocka_unit_test(viewers_have_no_back_office),
		cmocka_unit_test(course_is_made_edited_published_and_seen_by_the_public),
		cmocka_unit_test(weekly_series_makes_the_right_dates),
		cmocka_unit_test(attendance_ticks_fill_the_count),
		cmocka_unit_test(a_form_with_errors_keeps_what_was_typed),
		cmocka_unit_test(last_terms_course_is_copied_and_deleted_with_confirmation),
		cmocka_unit_test(institution_profile_is_edited_but_not_its_type),
		cmocka_unit_test(every_change_is_in_the_audit_log),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
