/* HTTP tests: the interface in five languages. The language switch in
 * every page header and its cookie, Accept-Language as the first guess,
 * <html lang>, translated labels with content kept in its own language
 * (lang="zh-Hant"), translated legal text and dates, and a 400 naming the
 * languages for an unknown one. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
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

static size_t on_data(char *p, size_t size, size_t n, void *userdata)
{
	buf_append(userdata, p, size * n);
	return size * n;
}

/* GET path with the given extra request header lines (NULL-terminated,
 * may be NULL); expects status and checks the page is well-formed. */
static void get_with(const char *path, const char *const *headers, long status,
		     struct reply *out)
{
	char url[1024];
	struct curl_slist *h = NULL;
	memset(out, 0, sizeof *out);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", srv.port, path);
	CURL *c = curl_easy_init();
	assert_non_null(c);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	for (int i = 0; headers && headers[i]; i++)
		h = curl_slist_append(h, headers[i]);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	assert_int_equal(curl_easy_perform(c), CURLE_OK);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_cstr(&out->body);
	buf_cstr(&out->headers);
	if (out->status != status)
		fail_msg("%s: status %ld, want %ld", path, out->status, status);
	if (status == 200 || status >= 400) {
		struct buf err = BUF_INIT;
		if (html_well_formed(out, &err) < 0)
			fail_msg("%s is not well-formed: %s", path, buf_cstr(&err));
		buf_free(&err);
	}
}

/* Fails unless the body contains needle. */
static void has(const struct reply *r, const char *needle)
{
	if (!strstr(r->body.data, needle))
		fail_msg("the page lacks %s", needle);
}

static void language_switch_sets_cookie_and_returns(void **state)
{
	(void)state;
	struct reply r;
	char v[256];
	get_with("/prefs?lang=vi&back=%2Fsitemap", NULL, 303, &r);
	assert_int_equal(reply_header(&r, "Location", v, sizeof v), 0);
	assert_string_equal(v, "/sitemap");
	assert_int_equal(reply_cookie(&r, "ll_lang", v, sizeof v), 0);
	assert_string_equal(v, "vi");
	assert_int_equal(reply_header(&r, "Set-Cookie", v, sizeof v), 0);
	assert_non_null(strstr(v, "Max-Age=31536000"));
	assert_non_null(strstr(v, "SameSite=Lax"));
	assert_non_null(strstr(v, "Path=/"));
	reply_free(&r);
	/* zh-Hant can be chosen back */
	get_with("/prefs?lang=zh-Hant&back=%2F", NULL, 303, &r);
	assert_int_equal(reply_cookie(&r, "ll_lang", v, sizeof v), 0);
	assert_string_equal(v, "zh-Hant");
	reply_free(&r);
}

static void unknown_language_is_400_naming_the_allowed_ones(void **state)
{
	(void)state;
	struct reply r;
	char v[256];
	get_with("/prefs?lang=fr&back=%2F", NULL, 400, &r);
	has(&r, "zh-Hant, en, vi, id, th");
	assert_int_equal(reply_header(&r, "Set-Cookie", v, sizeof v), -1);
	reply_free(&r);
	get_with("/prefs?lang=VI", NULL, 400, &r);
	reply_free(&r);
}

static void accept_language_picks_vietnamese(void **state)
{
	(void)state;
	static const char *const h[] = {"Accept-Language: vi-VN,vi;q=0.9,en;q=0.5", NULL};
	struct reply r;
	char v[256];
	get_with("/", h, 200, &r);
	has(&r, "<html lang=\"vi\"");
	has(&r, ">Trang chủ</a>");
	has(&r, ">Tìm khóa học</a>");
	has(&r, ">Bản đồ học tập</a>");
	has(&r, ">Cơ sở học tập</a>");
	has(&r, "Các quận");
	has(&r, "Chuyển đến nội dung chính");
	assert_null(strstr(r.body.data, "跳到主要內容"));
	assert_null(strstr(r.body.data, "主選單"));
	assert_int_equal(reply_header(&r, "Content-Language", v, sizeof v), 0);
	assert_string_equal(v, "vi");
	assert_int_equal(reply_header(&r, "Vary", v, sizeof v), 0);
	assert_non_null(strstr(v, "Accept-Language"));
	assert_non_null(strstr(v, "Cookie"));
	reply_free(&r);
	/* no header, or one we do not offer: zh-Hant */
	static const char *const fr[] = {"Accept-Language: fr-FR,fr;q=0.9", NULL};
	get_with("/", fr, 200, &r);
	has(&r, "<html lang=\"zh-Hant\"");
	has(&r, ">首頁</a>");
	reply_free(&r);
}

static void cookie_wins_thai_labels_chinese_content(void **state)
{
	(void)state;
	static const char *const h[] = {"Cookie: ll_lang=th", "Accept-Language: vi", NULL};
	static const char *const districts[] = {"仁愛區", "信義區", "中正區", "中山區",
						"安樂區", "暖暖區", "七堵區"};
	struct reply r;
	get_with("/", h, 200, &r);
	has(&r, "<html lang=\"th\"");
	has(&r, ">หน้าแรก</a>");
	has(&r, ">ค้นหาหลักสูตร</a>");
	has(&r, "เขตต่าง ๆ");
	assert_null(strstr(r.body.data, "Trang chủ"));
	/* the district names are data: still Chinese, marked as such */
	for (size_t i = 0; i < sizeof districts / sizeof *districts; i++) {
		char want[64];
		snprintf(want, sizeof want, "<strong lang=\"zh-Hant\">%s</strong>", districts[i]);
		has(&r, want);
	}
	/* institution-type names too, with the data's English name beside */
	has(&r, "<strong lang=\"zh-Hant\">樂齡學習中心</strong>");
	has(&r, "lang=\"en\">senior (active ageing) learning centre</span>");
	/* counts in Thai word order, the number still marked up */
	has(&r, "สถาบันการเรียนรู้ <span class=\"num\">");
	reply_free(&r);
	/* in zh-Hant the same content carries no lang (it is the page's) */
	get_with("/", NULL, 200, &r);
	has(&r, "<strong>仁愛區</strong>");
	assert_null(strstr(r.body.data, "<strong lang=\"zh-Hant\">仁愛區"));
	has(&r, "<span class=\"muted\" lang=\"en\">Sinyi District</span>");
	reply_free(&r);
}

/* Every page carries the switch: one link per language, named in that
 * language, marked with lang and hreflang, the current one aria-current,
 * and <html lang> following the interface language. */
static void every_page_has_the_language_switch(void **state)
{
	(void)state;
	static const char *const codes[] = {"zh-Hant", "en", "vi", "id", "th"};
	static const char *const names[] = {"中文", "English", "Tiếng Việt", "Bahasa Indonesia",
					    "ภาษาไทย"};
	static const struct {
		const char *path;
		long status;
	} pages[] = {{"/", 200}, {"/sitemap", 200}, {"/privacy", 200}, {"/security", 200},
		     {"/no-such-page", 404}};
	for (size_t l = 0; l < 5; l++) {
		char cookie[64];
		snprintf(cookie, sizeof cookie, "Cookie: ll_lang=%s", codes[l]);
		const char *const h[] = {cookie, NULL};
		for (size_t p = 0; p < sizeof pages / sizeof *pages; p++) {
			struct reply r;
			char want[256];
			get_with(pages[p].path, h, pages[p].status, &r);
			snprintf(want, sizeof want, "<html lang=\"%s\"", codes[l]);
			has(&r, want);
			for (size_t k = 0; k < 5; k++) {
				snprintf(want, sizeof want,
					 "<a href=\"/prefs?lang=%s&amp;back=", codes[k]);
				has(&r, want);
				snprintf(want, sizeof want, "lang=\"%s\" hreflang=\"%s\"%s>%s</a>",
					 codes[k], codes[k],
					 k == l ? " aria-current=\"true\"" : "", names[k]);
				has(&r, want);
			}
			/* it returns to this page */
			snprintf(want, sizeof want, "back=%s\"",
				 !strcmp(pages[p].path, "/") ? "%2F"
				 : !strcmp(pages[p].path, "/sitemap") ? "%2Fsitemap"
				 : !strcmp(pages[p].path, "/privacy") ? "%2Fprivacy"
				 : !strcmp(pages[p].path, "/security") ? "%2Fsecurity"
				 : "%2Fno-such-page");
			has(&r, want);
			/* no interface text of the frame left in Chinese */
			if (l != 0) {
				assert_null(strstr(r.body.data, "跳到主要內容"));
				assert_null(strstr(r.body.data, "網站導覽"));
				assert_null(strstr(r.body.data, "終身學習網"));
			}
			reply_free(&r);
		}
	}
}

static void error_pages_are_translated(void **state)
{
	(void)state;
	static const char *const h[] = {"Cookie: ll_lang=id", NULL};
	struct reply r;
	get_with("/no-such-page", h, 404, &r);
	has(&r, "<h1>Halaman tidak ditemukan</h1>");
	has(&r, ">Kembali ke beranda</a>");
	reply_free(&r);
}

static void privacy_notice_is_translated(void **state)
{
	(void)state;
	static const struct {
		const char *lang;
		const char *heading, *item, *note;
	} cases[] = {
		{"en", "Notice under Article 8 of the Personal Data Protection Act",
		 "Purposes of collection", "for reference only"},
		{"vi", "Thông báo theo Điều 8 Luật Bảo vệ dữ liệu cá nhân", "Mục đích thu thập",
		 "chỉ để tham khảo"},
		{"id", "Pemberitahuan berdasarkan Pasal 8 Undang-Undang Perlindungan Data Pribadi",
		 "Tujuan pengumpulan", "hanya sebagai rujukan"},
		{"th", "ประกาศตามมาตรา 8 แห่งพระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล",
		 "วัตถุประสงค์ของการเก็บรวบรวม", "เพื่ออ้างอิงเท่านั้น"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char cookie[64];
		snprintf(cookie, sizeof cookie, "Cookie: ll_lang=%s", cases[i].lang);
		const char *const h[] = {cookie, NULL};
		struct reply r;
		get_with("/privacy", h, 200, &r);
		has(&r, cases[i].heading);
		has(&r, cases[i].item);
		has(&r, cases[i].note);
		assert_null(strstr(r.body.data, "個人資料保護法第8條"));
		assert_null(strstr(r.body.data, "蒐集目的"));
		/* the city's name follows the interface language too */
		has(&r, "Keelung City");
		reply_free(&r);
	}
	/* the Chinese page has no "translation for reference" note */
	struct reply r;
	get_with("/privacy", NULL, 200, &r);
	has(&r, "個人資料保護法第8條告知事項");
	assert_null(strstr(r.body.data, "本頁譯文僅供參考"));
	reply_free(&r);
}

/* The upcoming courses on the home page show their dates as the interface
 * language writes them (the demo data's sessions run into the future; if
 * none is left, the "none" sentence is checked instead). */
static void dates_follow_the_language(void **state)
{
	(void)state;
	static const char *const en[] = {"Cookie: ll_lang=en", NULL};
	static const char *const months[] = {"January", "February", "March", "April", "May",
					     "June", "July", "August", "September", "October",
					     "November", "December"};
	struct reply r;
	get_with("/", en, 200, &r);
	const char *t = strstr(r.body.data, "<time datetime=\"");
	if (!t) {
		has(&r, "No courses are starting soon.");
		reply_free(&r);
		return;
	}
	const char *text = strchr(t, '>') + 1;
	const char *end = strstr(text, "</time>");
	assert_non_null(end);
	int found = 0;
	for (int i = 0; i < 12; i++) {
		const char *m = strstr(text, months[i]);
		found |= m && m < end;
	}
	if (!found || strstr(text, "民國") == text)
		fail_msg("English date expected, got %.*s", (int)(end - text), text);
	/* course titles are content: marked as Chinese */
	has(&r, "<strong lang=\"zh-Hant\">");
	reply_free(&r);
	/* zh-Hant keeps the ROC date */
	get_with("/", NULL, 200, &r);
	t = strstr(r.body.data, "<time datetime=\"");
	assert_non_null(t);
	assert_non_null(strstr(t, "\">民國"));
	reply_free(&r);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, 10), 0);
	srv.pid = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(language_switch_sets_cookie_and_returns),
		cmocka_unit_test(unknown_language_is_400_naming_the_allowed_ones),
		cmocka_unit_test(accept_language_picks_vietnamese),
		cmocka_unit_test(cookie_wins_thai_labels_chinese_content),
		cmocka_unit_test(every_page_has_the_language_switch),
		cmocka_unit_test(error_pages_are_translated),
		cmocka_unit_test(privacy_notice_is_translated),
		cmocka_unit_test(dates_follow_the_language),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
