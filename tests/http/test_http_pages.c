/* HTTP tests: the public pages, served by the real binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

static int start(void **state)
{
	*state = &srv;
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, NULL) < 0)
		return -1;
	return 0;
}

/* Fetches path, expects status, and checks the body is well-formed. */
static void get_page(const char *path, long status, struct reply *r)
{
	struct buf err = BUF_INIT;
	assert_int_equal(http_get(&srv, path, r), 0);
	assert_int_equal(r->status, status);
	if (html_well_formed(r, &err) < 0)
		fail_msg("%s is not well-formed: %s", path, buf_cstr(&err));
	buf_free(&err);
}

static void home_lists_all_seven_districts(void **state)
{
	(void)state;
	static const char *const districts[] = {"仁愛區", "信義區", "中正區", "中山區",
						"安樂區", "暖暖區", "七堵區"};
	struct reply r;
	get_page("/", 200, &r);
	for (int i = 0; i < 7; i++)
		if (!strstr(r.body.data, districts[i]))
			fail_msg("home page lacks %s", districts[i]);
	assert_non_null(strstr(r.body.data, "<html lang=\"zh-Hant\""));
	assert_non_null(strstr(r.body.data, "基隆市終身學習網"));
	assert_non_null(strstr(r.body.data, "樂齡學習中心"));
	reply_free(&r);
}

static void every_page_has_accesskeys_and_skip_link(void **state)
{
	(void)state;
	static const char *const pages[] = {"/", "/sitemap", "/privacy", "/security"};
	for (int i = 0; i < 4; i++) {
		struct reply r;
		get_page(pages[i], 200, &r);
		assert_int_equal(body_count(&r, "accesskey=\"U\""), 1);
		assert_int_equal(body_count(&r, "accesskey=\"C\""), 1);
		assert_int_equal(body_count(&r, "accesskey=\"Z\""), 1);
		assert_non_null(strstr(r.body.data, "href=\"#content\""));
		assert_non_null(strstr(r.body.data, "<main id=\"content\""));
		reply_free(&r);
	}
}

static void sitemap_explains_accesskeys(void **state)
{
	(void)state;
	struct reply r;
	get_page("/sitemap", 200, &r);
	assert_non_null(strstr(r.body.data, "Alt+U"));
	assert_non_null(strstr(r.body.data, "Alt+C"));
	assert_non_null(strstr(r.body.data, "Alt+Z"));
	reply_free(&r);
}

static void privacy_page_gives_pdpa_notice(void **state)
{
	(void)state;
	struct reply r;
	get_page("/privacy", 200, &r);
	assert_non_null(strstr(r.body.data, "個人資料保護法第8條"));
	assert_non_null(strstr(r.body.data, "蒐集目的"));
	reply_free(&r);
}

static void text_size_switch_sets_cookie_and_returns(void **state)
{
	(void)state;
	struct reply r;
	char v[256];
	assert_int_equal(http_get(&srv, "/prefs?size=xlarge&back=%2Fsitemap", &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(reply_header(&r, "Location", v, sizeof v), 0);
	assert_string_equal(v, "/sitemap");
	assert_int_equal(reply_header(&r, "Set-Cookie", v, sizeof v), 0);
	assert_non_null(strstr(v, "ll_size=xlarge"));
	reply_free(&r);
}

static void prefs_never_redirects_off_site(void **state)
{
	(void)state;
	struct reply r;
	char v[256];
	assert_int_equal(http_get(&srv, "/prefs?contrast=high&back=%2F%2Fevil.example", &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(reply_header(&r, "Location", v, sizeof v), 0);
	assert_string_equal(v, "/");
	reply_free(&r);
}

static void prefs_rejects_unknown_size(void **state)
{
	(void)state;
	struct reply r;
	get_page("/prefs?size=huge", 400, &r);
	assert_non_null(strstr(r.body.data, "normal, large, xlarge"));
	reply_free(&r);
}

static void stylesheet_is_versioned_and_immutable(void **state)
{
	(void)state;
	struct reply r, css;
	char v[256];
	get_page("/", 200, &r);
	const char *at = strstr(r.body.data, "href=\"/static/style.");
	assert_non_null(at);
	at += strlen("href=\"");
	size_t n = strcspn(at, "\"");
	char path[128];
	assert_true(n < sizeof path);
	memcpy(path, at, n);
	path[n] = '\0';
	assert_int_equal(http_get(&srv, path, &css), 0);
	assert_int_equal(css.status, 200);
	assert_int_equal(reply_header(&css, "Cache-Control", v, sizeof v), 0);
	assert_non_null(strstr(v, "immutable"));
	assert_int_equal(reply_header(&css, "Content-Type", v, sizeof v), 0);
	assert_non_null(strstr(v, "text/css"));
	assert_non_null(strstr(css.body.data, "contrast-high"));
	reply_free(&css);
	/* a stale hash is not served */
	assert_int_equal(http_get(&srv, "/static/style.0000000000000000.css", &css), 0);
	assert_int_equal(css.status, 404);
	reply_free(&css);
	reply_free(&r);
}

static void unknown_path_gives_404_page(void **state)
{
	(void)state;
	struct reply r;
	get_page("/no/such/page", 404, &r);
	assert_non_null(strstr(r.body.data, "找不到這個網頁"));
	reply_free(&r);
}

static void html_in_path_is_escaped_on_404(void **state)
{
	(void)state;
	struct reply r;
	get_page("/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404, &r);
	assert_null(strstr(r.body.data, "<script>"));
	assert_non_null(strstr(r.body.data, "&lt;script&gt;"));
	reply_free(&r);
}

static void malformed_percent_encoding_is_400(void **state)
{
	(void)state;
	struct reply r;
	get_page("/sitemap%zz", 400, &r);
	reply_free(&r);
	get_page("/?q=%E5%9F", 400, &r); /* truncated UTF-8 */
	reply_free(&r);
	get_page("/%FF", 400, &r);
	reply_free(&r);
}

static void wrong_method_is_405(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(http_fetch(&srv, "POST", "/sitemap", "a=b",
				    "application/x-www-form-urlencoded", &r), 0);
	assert_int_equal(r.status, 405);
	reply_free(&r);
}

static void security_headers_on_every_reply(void **state)
{
	(void)state;
	static const char *const paths[] = {"/", "/nope", "/api/v1/plan"};
	for (int i = 0; i < 3; i++) {
		struct reply r;
		char v[512];
		assert_int_equal(http_get(&srv, paths[i], &r), 0);
		assert_int_equal(reply_header(&r, "X-Content-Type-Options", v, sizeof v), 0);
		assert_string_equal(v, "nosniff");
		assert_int_equal(reply_header(&r, "Content-Security-Policy", v, sizeof v), 0);
		assert_non_null(strstr(v, "object-src 'none'"));
		assert_non_null(strstr(v, "frame-ancestors 'none'"));
		assert_non_null(strstr(v, "base-uri 'none'"));
		assert_int_equal(reply_header(&r, "Referrer-Policy", v, sizeof v), 0);
		assert_int_equal(reply_header(&r, "X-Request-Id", v, sizeof v), 0);
		assert_int_equal(strlen(v), 16);
		reply_free(&r);
	}
}

static void request_id_appears_in_access_log(void **state)
{
	(void)state;
	struct reply r;
	char id[64], needle[96];
	assert_int_equal(http_get(&srv, "/privacy", &r), 0);
	assert_int_equal(reply_header(&r, "X-Request-Id", id, sizeof id), 0);
	snprintf(needle, sizeof needle, "rid=%s", id);
	char *log = server_log_wait(&srv, needle, 5);
	assert_non_null(log);
	assert_non_null(strstr(log, "\"GET /privacy HTTP/1.1\" 200 "));
	free(log);
	reply_free(&r);
}

/* A private link's token never reaches the access log, neither in the
 * address nor in the Referer: whoever reads the log must not be able to
 * open someone's registration. The page at such a link sends no Referer. */
static void private_link_token_not_logged(void **state)
{
	(void)state;
	struct reply r;
	const char *token = "0123456789abcdef0123456789abcdef";
	const char *other = "fedcba9876543210fedcba9876543210";
	char path[96], ref[160], v[64];
	snprintf(path, sizeof path, "/registrations/%s?from=mail", token);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 404);
	assert_int_equal(reply_header(&r, "Referrer-Policy", v, sizeof v), 0);
	assert_string_equal(v, "no-referrer");
	reply_free(&r);
	snprintf(path, sizeof path, "/password/set?token=%s", other);
	assert_int_equal(http_get(&srv, path, &r), 0);
	reply_free(&r);
	snprintf(ref, sizeof ref, "Referer: http://127.0.0.1/inquiries/%s", other);
	assert_int_equal(http_fetch_h(&srv, "GET", "/privacy?set=1", NULL, NULL, ref, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(reply_header(&r, "Referrer-Policy", v, sizeof v), 0);
	assert_string_equal(v, "strict-origin-when-cross-origin");
	reply_free(&r);
	char *log = server_log_wait(&srv, "\"GET /privacy?set=1 HTTP/1.1\" 200 ", 5);
	assert_non_null(log);
	assert_non_null(strstr(log, "\"GET /registrations/[token]?from=mail HTTP/1.1\" 404 "));
	assert_non_null(strstr(log, "\"http://127.0.0.1/inquiries/[token]\""));
	assert_non_null(strstr(log, "\"GET /password/set?token=[token] HTTP/1.1\""));
	assert_null(strstr(log, token));
	assert_null(strstr(log, other));
	free(log);
}

/* Each worker listens on its own socket of the same port (SO_REUSEPORT),
 * but a second server must still be refused the port rather than
 * silently sharing it. */
static void second_server_on_the_same_port_is_refused(void **state)
{
	(void)state;
	char listen[32], log[192];
	snprintf(listen, sizeof listen, "127.0.0.1:%d", srv.port);
	snprintf(log, sizeof log, "%s/second.log", srv.dir);
	char *argv[] = {(char *)harness_bin(), "serve", "--db", srv.db, "--listen", listen, NULL};
	assert_int_equal(harness_exec(log, argv), 1);
	FILE *f = fopen(log, "r");
	char text[512] = "";
	assert_non_null(f);
	size_t n = fread(text, 1, sizeof text - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_non_null(strstr(text, "Address already in use"));
	struct reply r;
	assert_int_equal(http_get(&srv, "/", &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void head_returns_headers_only(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(http_fetch(&srv, "HEAD", "/", NULL, NULL, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body.len, 0);
	reply_free(&r);
}

static void high_contrast_cookie_changes_page_class(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(http_get(&srv, "/", &r), 0);
	assert_null(strstr(r.body.data, "contrast-high"));
	assert_non_null(strstr(r.body.data, "class=\"size-normal\""));
	reply_free(&r);
	assert_int_equal(http_fetch_h(&srv, "GET", "/", NULL, NULL,
				      "Cookie: a=b; ll_contrast=high; ll_size=large", &r), 0);
	assert_non_null(strstr(r.body.data, "class=\"size-large contrast-high\""));
	reply_free(&r);
}

/* Public pages are cached per worker; a change committed by another
 * connection (here the import command) must show at once. */
static void cached_pages_follow_data_changes(void **state)
{
	(void)state;
	struct reply a, b, c;
	char x[16];
	/* one worker thread would make hits certain; with two, ask until both
	 * workers have the page */
	for (int i = 0; i < 4; i++) {
		assert_int_equal(http_get(&srv, "/", &a), 0);
		reply_free(&a);
	}
	assert_int_equal(http_get(&srv, "/", &a), 0);
	assert_int_equal(reply_header(&a, "X-Cache", x, sizeof x), 0);
	assert_string_equal(x, "hit");
	char csv[160];
	snprintf(csv, sizeof csv, "%s/one.csv", srv.dir);
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fputs("name,type,district,address,lat,lon,phone,website,feed_url\n"
	      "快取測試婦女學苑,women_academy,七堵區,,,,,,\n", f);
	fclose(f);
	char *argv[] = {(char *)harness_bin(), "import", "institutions", "--db", srv.db, csv, NULL};
	assert_int_equal(harness_exec(srv.log, argv), 0);
	assert_int_equal(http_get(&srv, "/", &b), 0);
	assert_int_equal(reply_header(&b, "X-Cache", x, sizeof x), 0);
	assert_string_equal(x, "miss");
	assert_string_not_equal(a.body.data, b.body.data);
	/* a signed-out visitor's page never carries someone else's form token */
	assert_int_equal(http_get(&srv, "/sitemap", &c), 0);
	assert_null(strstr(c.body.data, "name=\"csrf\""));
	reply_free(&a);
	reply_free(&b);
	reply_free(&c);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(home_lists_all_seven_districts),
		cmocka_unit_test(every_page_has_accesskeys_and_skip_link),
		cmocka_unit_test(sitemap_explains_accesskeys),
		cmocka_unit_test(privacy_page_gives_pdpa_notice),
		cmocka_unit_test(text_size_switch_sets_cookie_and_returns),
		cmocka_unit_test(prefs_never_redirects_off_site),
		cmocka_unit_test(prefs_rejects_unknown_size),
		cmocka_unit_test(stylesheet_is_versioned_and_immutable),
		cmocka_unit_test(unknown_path_gives_404_page),
		cmocka_unit_test(html_in_path_is_escaped_on_404),
		cmocka_unit_test(malformed_percent_encoding_is_400),
		cmocka_unit_test(wrong_method_is_405),
		cmocka_unit_test(security_headers_on_every_reply),
		cmocka_unit_test(request_id_appears_in_access_log),
		cmocka_unit_test(private_link_token_not_logged),
		cmocka_unit_test(second_server_on_the_same_port_is_refused),
		cmocka_unit_test(head_returns_headers_only),
		cmocka_unit_test(high_contrast_cookie_changes_page_class),
		cmocka_unit_test(cached_pages_follow_data_changes),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
