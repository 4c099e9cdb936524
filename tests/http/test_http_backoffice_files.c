/* HTTP tests: the back office's files — announcement attachments (type
 * sniffed from the bytes, stored outside the web root, served with the
 * right headers), the upload size limits, and the CSV import's preview
 * and commit. */
#include <dirent.h>
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
static struct browser admin, staff_a;
static long long inst_a;

/* ---- helpers ---- */

/* Queries on the test database (tests/http/harness.h). */
#define db_ll(sql, arg) server_db_int(&srv, (sql), (arg))
#define db_str(sql, arg) server_db_text(&srv, (sql), (arg))


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





static size_t collect(char *p, size_t size, size_t n, void *arg)
{
	return buf_append(arg, p, size * n) == 0 ? size * n : 0;
}

/* Sends a multipart form as b: text fields (name, value pairs), and a
 * file (when filename is not NULL) claimed by the browser to be ctype.
 * The reply (body and headers) goes to out. Returns 0 or -1. */
static int upload_r(struct browser *b, const char *path, const char *const *fields,
		    const char *filename, const char *ctype, const void *data, size_t n,
		    struct reply *out)
{
	char csrf[80], url[256], cookie[sizeof b->cookies + 16];
	memset(out, 0, sizeof *out);
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
		curl_mime_type(part, ctype);
		curl_mime_data(part, data, n);
	}
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", srv.port, path);
	snprintf(cookie, sizeof cookie, "Cookie: %s", b->cookies);
	struct curl_slist *h = curl_slist_append(NULL, cookie);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, m);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(h);
	curl_mime_free(m);
	curl_easy_cleanup(c);
	buf_cstr(&out->body);
	buf_cstr(&out->headers);
	return rc == CURLE_OK ? 0 : -1;
}

/* A small but real PDF, an .exe's first bytes, a PNG. */
static const char pdf[] = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
			  "2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
			  "trailer<</Root 1 0 R>>\n%%EOF\n";
static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
};

static void make_exe(unsigned char *exe, size_t n)
{
	memset(exe, 0, n);
	exe[0] = 'M';
	exe[1] = 'Z';
	exe[0x3c] = 0x80;
	memcpy(exe + 0x80, "PE\0\0\x4c\x01", 6);
}

/* Files in the data folder's attachments/ whose name is 32 hex digits;
 * -1 if there is another kind of file. */
static int stored_files(void)
{
	char dir[200];
	snprintf(dir, sizeof dir, "%s/test-files/attachments", srv.dir);
	DIR *d = opendir(dir);
	int n = 0;
	struct dirent *e;
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (strlen(e->d_name) != 32 || strspn(e->d_name, "0123456789abcdef") != 32)
			n = -1000;
		n++;
	}
	closedir(d);
	return n;
}

/* ---- setup ---- */

static int start(void **state)
{
	*state = &srv;
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, NULL) < 0)
		return -1;
	if (staff_create(&srv, &admin, "admin", NULL, "admin@example.org", PW) < 0 ||
	    staff_create(&srv, &staff_a, "institution", INST_A, "a@example.org", PW) < 0)
		return -1;
	inst_a = db_ll("SELECT id FROM institutions WHERE name_zh=?1", INST_A);
	return inst_a > 0 ? 0 : -1;
}

static void a_renamed_program_is_refused(void **state)
{
	(void)state;
	struct reply r;
	unsigned char exe[512];
	struct buf err = BUF_INIT;
	make_exe(exe, sizeof exe);
	static const char *const f[] = {"title", "招生簡章", "body", "請看附件。", NULL};
	assert_int_equal(upload_r(&staff_a, "/admin/announcements", f, "簡章.pdf", "application/pdf",
				  exe, sizeof exe, &r), 0);
	assert_int_equal(r.status, 400);
	if (html_well_formed(&r, &err) < 0)
		fail_msg("form page: %s", buf_cstr(&err));
	assert_non_null(strstr(r.body.data, "id=\"f-file-error\""));
	assert_non_null(strstr(r.body.data, "簡章.pdf"));
	/* what was typed stays */
	assert_non_null(strstr(r.body.data, "value=\"招生簡章\""));
	assert_non_null(strstr(r.body.data, "請看附件。</textarea>"));
	reply_free(&r);
	/* nothing stored */
	assert_int_equal(db_ll("SELECT count(*) FROM announcements WHERE title=?1", "招生簡章"), 0);
	assert_int_equal(db_ll("SELECT count(*) FROM attachments", NULL), 0);
	assert_true(stored_files() <= 0);
	/* neither HTML nor SVG dressed as images */
	static const char html[] = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>";
	static const char svg[] = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";
	assert_int_equal(upload_r(&staff_a, "/admin/announcements", f, "photo.png", "image/png",
				  html, sizeof html - 1, &r), 0);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	assert_int_equal(upload_r(&staff_a, "/admin/announcements", f, "logo.png", "image/svg+xml",
				  svg, sizeof svg - 1, &r), 0);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	assert_int_equal(db_ll("SELECT count(*) FROM attachments", NULL), 0);
	buf_free(&err);
}

static void a_real_pdf_is_stored_and_served_with_the_right_headers(void **state)
{
	(void)state;
	struct reply r;
	char to[256], h[512], p[64];
	static const char *const f[] = {"title", "春季班招生", "body",
					"**報名**：見附件\n\n- 第一點\n<script>alert(1)</script>", NULL};
	assert_int_equal(upload_r(&staff_a, "/admin/announcements", f, "報名簡章.pdf", "application/octet-stream",
				  pdf, sizeof pdf - 1, &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(reply_header(&r, "Location", to, sizeof to), 0);
	reply_free(&r);
	long long att = db_ll("SELECT id FROM attachments WHERE file_name=?1", "報名簡章.pdf");
	assert_true(att > 0);
	char *type = db_str("SELECT content_type FROM attachments WHERE file_name=?1", "報名簡章.pdf");
	assert_string_equal(type, "application/pdf");
	free(type);
	/* stored outside the web root under a server-chosen name */
	assert_int_equal(stored_files(), 1);
	char *storage = db_str("SELECT storage_name FROM attachments WHERE file_name=?1", "報名簡章.pdf");
	assert_null(strstr(storage, "pdf"));
	free(storage);
	/* served as a download with the sniffed type */
	snprintf(p, sizeof p, "/attachments/%lld", att);
	assert_int_equal(http_get(&srv, p, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, sizeof pdf - 1);
	assert_memory_equal(r.body.data, pdf, sizeof pdf - 1);
	assert_int_equal(reply_header(&r, "Content-Type", h, sizeof h), 0);
	assert_string_equal(h, "application/pdf");
	assert_int_equal(reply_header(&r, "X-Content-Type-Options", h, sizeof h), 0);
	assert_string_equal(h, "nosniff");
	assert_int_equal(reply_header(&r, "Content-Disposition", h, sizeof h), 0);
	assert_non_null(strstr(h, "attachment; filename=\"attachment.pdf\""));
	assert_non_null(strstr(h, "filename*=UTF-8''%E5%A0%B1%E5%90%8D%E7%B0%A1%E7%AB%A0.pdf"));
	assert_int_equal(reply_header(&r, "Content-Security-Policy", h, sizeof h), 0);
	assert_non_null(strstr(h, "sandbox"));
	reply_free(&r);
	/* the public page renders the markup and nothing typed as HTML */
	long long ann = db_ll("SELECT id FROM announcements WHERE title=?1", "春季班招生");
	snprintf(p, sizeof p, "/announcements/%lld", ann);
	assert_int_equal(http_get(&srv, p, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "<strong>報名</strong>"));
	assert_non_null(strstr(r.body.data, "<li>第一點</li>"));
	assert_non_null(strstr(r.body.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	assert_null(strstr(r.body.data, "<script>"));
	assert_non_null(strstr(r.body.data, "/attachments/"));
	reply_free(&r);
	/* and the institution's page links to it */
	snprintf(p, sizeof p, "/institutions/%lld", inst_a);
	assert_int_equal(http_get(&srv, p, &r), 0);
	assert_non_null(strstr(r.body.data, "春季班招生"));
	reply_free(&r);
}

static void images_are_accepted_and_hidden_items_stay_private(void **state)
{
	(void)state;
	struct reply r;
	char p[64];
	static const char *const f[] = {"title", "下個月的活動", "body", "敬請期待", "visible_from",
					"2099-01-01", NULL};
	assert_int_equal(upload_r(&staff_a, "/admin/announcements", f, "poster.jpg", "image/jpeg",
				  png, sizeof png, &r), 0);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* sniffed as PNG whatever its name, and named so */
	char *s = db_str("SELECT content_type||' '||file_name FROM attachments WHERE announcement_id=(SELECT "
			 "id FROM announcements WHERE title=?1)", "下個月的活動");
	assert_string_equal(s, "image/png poster.jpg.png");
	free(s);
	long long ann = db_ll("SELECT id FROM announcements WHERE title=?1", "下個月的活動");
	long long att = db_ll("SELECT id FROM attachments WHERE file_name=?1", "poster.jpg.png");
	/* not shown yet: 404 for the public, there for its staff */
	snprintf(p, sizeof p, "/announcements/%lld", ann);
	assert_int_equal(http_get(&srv, p, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	snprintf(p, sizeof p, "/attachments/%lld", att);
	assert_int_equal(http_get(&srv, p, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	assert_int_equal(browser_get(&srv, &staff_a, p, &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	/* removing the attachment removes the file */
	int before = stored_files();
	struct buf form = BUF_INIT;
	snprintf(p, sizeof p, "/admin/attachments/%lld/delete", att);
	assert_int_equal(post(&staff_a, p, &form, NULL, 0, NULL), 303);
	assert_int_equal(stored_files(), before - 1);
	assert_int_equal(db_ll("SELECT count(*) FROM audit_log WHERE action='detach'", NULL), 1);
	buf_free(&form);
}

static void size_limits(void **state)
{
	(void)state;
	struct reply r;
	size_t big = (5u << 20) + 1000;
	char *data = malloc(big);
	memset(data, ' ', big);
	memcpy(data, "%PDF-1.4\n", 9);
	static const char *const f[] = {"title", "太大的檔案", "body", "x", NULL};
	assert_int_equal(upload_r(&staff_a, "/admin/announcements", f, "big.pdf", "application/pdf",
				  data, big, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body.data, "id=\"f-file-error\""));
	reply_free(&r);
	assert_int_equal(db_ll("SELECT count(*) FROM announcements WHERE title=?1", "太大的檔案"), 0);
	/* forms without files keep the general 1 MiB limit */
	char *form = malloc(2u << 20);
	memset(form, 'a', (2u << 20) - 1);
	memcpy(form, "title=", 6);
	form[(2u << 20) - 1] = '\0';
	assert_int_equal(browser_post(&srv, &staff_a, "/admin/courses", form, &r), 0);
	assert_int_equal(r.status, 413);
	reply_free(&r);
	free(form);
	free(data);
}

static const char good_csv[] =
	"institution,course,category,audience,district,venue,start,end,capacity,fee_twd,format,"
	"language,childcare,programme,attendance,description,url\n"
	INST_A ",繪本共讀,reading,family,七堵區,兒童室,2026-04-01 10:00,2026-04-01 11:00,20,0,"
	"in_person,zh-Hant,no,6,,親子共讀,\n"
	INST_A ",繪本共讀,reading,family,七堵區,兒童室,2026-04-08 10:00,2026-04-08 11:00,20,0,"
	"in_person,zh-Hant,no,6,,親子共讀,\n";

static const char bad_csv[] =
	"institution,course,category,audience,district,venue,start,end,capacity,fee_twd,format,"
	"language,childcare,programme,attendance,description,url\n"
	INST_A ",好的一列,reading,family,,,2026-04-01 10:00,2026-04-01 11:00,,,in_person,,,,,,\n"
	INST_A ",壞類別,cooking,family,,,2026-04-01 10:00,2026-04-01 11:00,,,in_person,,,,,,\n"
	INST_A ",倒著的時間,reading,family,,,2026-04-01 10:00,2026-04-01 09:00,,,in_person,,,,,,\n"
	INST_B ",別館的課,reading,family,,,2026-04-01 10:00,2026-04-01 11:00,,,in_person,,,,,,\n";

static void import_preview_lists_bad_rows_and_writes_nothing(void **state)
{
	(void)state;
	struct reply r;
	struct buf err = BUF_INIT;
	long long courses = db_ll("SELECT count(*) FROM courses", NULL);
	static const char *const f[] = {"kind", "sessions", NULL};
	assert_int_equal(upload_r(&staff_a, "/admin/import", f, "courses.csv", "text/csv", bad_csv,
				  sizeof bad_csv - 1, &r), 0);
	assert_int_equal(r.status, 400);
	if (html_well_formed(&r, &err) < 0)
		fail_msg("preview: %s", buf_cstr(&err));
	const char *h = r.body.data;
	assert_non_null(strstr(h, "第 3 行："));
	assert_non_null(strstr(h, "category: &#39;cooking&#39; is not a category code"));
	assert_non_null(strstr(h, "第 4 行："));
	assert_non_null(strstr(h, "第 5 行："));
	assert_non_null(strstr(h, "is not your institution"));
	assert_null(strstr(h, "第 2 行："));
	assert_null(strstr(h, "/commit"));
	/* the first rows are shown as read */
	assert_non_null(strstr(h, "<td>好的一列</td>"));
	reply_free(&r);
	assert_int_equal(db_ll("SELECT count(*) FROM courses", NULL), courses);
	assert_int_equal(db_ll("SELECT count(*) FROM pending_imports", NULL), 0);

	/* a good file: counts and a commit button, still nothing written */
	assert_int_equal(upload_r(&staff_a, "/admin/import", f, "courses.csv", "text/csv", good_csv,
				  sizeof good_csv - 1, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "課程：1"));
	assert_non_null(strstr(r.body.data, "場次：2"));
	const char *at = strstr(r.body.data, "action=\"/admin/import/");
	assert_non_null(at);
	char commit[64];
	snprintf(commit, sizeof commit, "/admin/import/%lld/commit", atoll(at + 22));
	reply_free(&r);
	assert_int_equal(db_ll("SELECT count(*) FROM courses WHERE title=?1", "繪本共讀"), 0);

	/* commit: written, audited; a second commit finds nothing */
	struct buf form = BUF_INIT;
	char to[256];
	assert_int_equal(post(&staff_a, commit, &form, to, sizeof to, NULL), 303);
	assert_non_null(strstr(to, "done=sessions"));
	assert_int_equal(db_ll("SELECT count(*) FROM sessions WHERE course_id=(SELECT id FROM courses "
			       "WHERE title=?1)", "繪本共讀"), 2);
	assert_int_equal(db_ll("SELECT count(*) FROM audit_log WHERE action='import' AND new_value LIKE "
			       "'%\"sessions\":2%'", NULL), 1);
	assert_int_equal(post(&staff_a, commit, &form, NULL, 0, NULL), 404);
	/* another staff member cannot commit someone's upload */
	assert_int_equal(upload_r(&staff_a, "/admin/import", f, "again.csv", "text/csv", good_csv,
				  sizeof good_csv - 1, &r), 0);
	at = strstr(r.body.data, "action=\"/admin/import/");
	snprintf(commit, sizeof commit, "/admin/import/%lld/commit", atoll(at + 22));
	reply_free(&r);
	assert_int_equal(post(&admin, commit, &form, NULL, 0, NULL), 404);
	buf_free(&form);
	buf_free(&err);
}

static void institution_staff_import_only_their_own_institution(void **state)
{
	(void)state;
	struct reply r;
	static const char *const f[] = {"kind", "institutions", NULL};
	static const char other[] = "name,type,district,address,lat,lon,phone,website,feed_url\n"
				    INST_B ",library,中正區,,,,,,\n";
	static const char retype[] = "name,type,district,address,lat,lon,phone,website,feed_url\n"
				     INST_A ",community_college,七堵區,,,,,,\n";
	static const char own[] = "name,type,district,address,lat,lon,phone,website,feed_url\n"
				  INST_A ",library,七堵區,基隆市七堵區新地址,,,(02)2456-1234,,\n";
	assert_int_equal(upload_r(&staff_a, "/admin/import", f, "i.csv", "text/csv", other,
				  sizeof other - 1, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body.data, "is not your institution"));
	reply_free(&r);
	assert_int_equal(upload_r(&staff_a, "/admin/import", f, "i.csv", "text/csv", retype,
				  sizeof retype - 1, &r), 0);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body.data, "only administrators"));
	reply_free(&r);
	assert_int_equal(upload_r(&staff_a, "/admin/import", f, "i.csv", "text/csv", own,
				  sizeof own - 1, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "機構：1"));
	reply_free(&r);
	/* an administrator may import any institution */
	assert_int_equal(upload_r(&admin, "/admin/import", f, "i.csv", "text/csv", other,
				  sizeof other - 1, &r), 0);
	assert_int_equal(r.status, 200);
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
		cmocka_unit_test(a_renamed_program_is_refused),
		cmocka_unit_test(a_real_pdf_is_stored_and_served_with_the_right_headers),
		cmocka_unit_test(images_are_accepted_and_hidden_items_stay_private),
		cmocka_unit_test(size_limits),
		cmocka_unit_test(import_preview_lists_bad_rows_and_writes_nothing),
		cmocka_unit_test(institution_staff_import_only_their_own_institution),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
