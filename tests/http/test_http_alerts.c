/* HTTP tests: "tell me when" alerts (issue #6). A citizen saves a search
 * from /alerts/new with an e-mail address; only the confirmation mail
 * arrives (through the test's own SMTP sink) until the alert is confirmed
 * with the button of its private page; then `lifelong alerts` (one pass of
 * the notifier) mails one digest per alert with the courses published
 * since, each once. Unsubscribing (the page's button, or RFC 8058 one-click
 * POST without a form token) deletes the alert. Bad tokens are 404, an
 * empty search and bad input 400 (keeping what was typed), and too many
 * saves from one address 429. Saving again mails at most once a day and
 * does not extend the week to confirm; a busy database is 503 with the
 * form kept. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gmime/gmime.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "regtest.h"
#include "smtpsink.h"

static struct server srv;
static struct smtp_sink sink;
static char origin[64];

/* The keyword of the searches saved here: in no demo course. */
#define KW "獨木舟"
#define KW_URL "%E7%8D%A8%E6%9C%A8%E8%88%9F"

static int start(void **state)
{
	(void)state;
	static const char *const extra[] = {"--alerts-interval", "0", "--alerts-per-hour", "10",
					    NULL};
	g_mime_init();
	if (sink_reserve(&sink) < 0 || sink_start(&sink) < 0 || server_prepare(&srv, 1) < 0)
		return -1;
	if (sink_serve(&sink, &srv, extra) < 0)
		return -1;
	snprintf(origin, sizeof origin, "http://127.0.0.1:%d", srv.port);
	return 0;
}

static int cleanup(void **state)
{
	(void)state;
	sink_finish(&sink, &srv);
	return 0;
}

/* Fetches path with b (or without cookies when b is NULL), checks the
 * status and that the page is well-formed. The reply is the caller's. */
static void page(struct browser *b, const char *path, long status, struct reply *r)
{
	struct buf err = BUF_INIT;
	struct browser none = {""};
	assert_int_equal(browser_get(&srv, b ? b : &none, path, r), 0);
	assert_int_equal(r->status, status);
	if (html_well_formed(r, &err) != 0)
		fail_msg("%s: %s", path, buf_cstr(&err));
	buf_free(&err);
}

/* Posts form f to path with b, checks status and a well-formed page. */
static void post(struct browser *b, const char *path, struct buf *f, long status, struct reply *r)
{
	struct buf err = BUF_INIT;
	assert_int_equal(browser_post(&srv, b, path, buf_cstr(f), r), 0);
	assert_int_equal(r->status, status);
	if (r->status != 429 && html_well_formed(r, &err) != 0)
		fail_msg("%s: %s", path, buf_cstr(&err));
	buf_free(&err);
}

/* The value of the hidden field query of the form in r, &amp; decoded. */
static void hidden_query(struct reply *r, char *out, size_t n)
{
	const char *v = strstr(buf_cstr(&r->body), "name=\"query\" value=\"");
	assert_non_null(v);
	v += 20;
	size_t k = 0;
	while (*v && *v != '"' && k + 1 < n) {
		if (!strncmp(v, "&amp;", 5)) {
			out[k++] = '&';
			v += 5;
		} else {
			out[k++] = *v++;
		}
	}
	out[k] = '\0';
}

/* Saves the search of query string qs for email through the form (b
 * keeps the CSRF cookie); returns the status of the POST. */
static long save(struct browser *b, const char *qs, const char *email, int consent)
{
	struct reply r;
	struct buf f = BUF_INIT;
	char path[512], csrf[96], query[512];
	snprintf(path, sizeof path, "/alerts/new?%s", qs);
	page(b, path, 200, &r);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	hidden_query(&r, query, sizeof query);
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	form_add(&f, "query", query);
	form_add(&f, "email", email);
	if (consent)
		form_add(&f, "consent", "yes");
	assert_int_equal(browser_post(&srv, b, "/alerts", buf_cstr(&f), &r), 0);
	long status = r.status;
	reply_free(&r);
	buf_free(&f);
	return status;
}

/* Runs `lifelong alerts` once on the server's database. */
static void notify(void)
{
	char *argv[] = {(char *)harness_bin(), "alerts", "--db", srv.db, "--base-url", origin, NULL};
	assert_int_equal(harness_exec(srv.log, argv), 0);
}

/* Mails queued for an address. */
static long long queued(const char *email)
{
	return regtest_int(&srv, "SELECT count(*) FROM outbox WHERE to_addr=%Q", email);
}

/* The decoded text body of a one-part mail (malloc'd). */
static char *body_of(GMimeMessage *m)
{
	GMimeObject *top = g_mime_message_get_mime_part(m);
	assert_true(GMIME_IS_TEXT_PART(top));
	char *s = g_mime_text_part_get_text(GMIME_TEXT_PART(top));
	char *copy = strdup(s);
	g_free(s);
	return copy;
}

/* Waits for mail number i (0-based) at the sink and checks it went to
 * email; returns it parsed (caller unrefs) and its body in *body. */
static GMimeMessage *mail(int i, const char *email, char **body)
{
	assert_int_equal(sink_wait(&sink, i + 1, 30), i + 1);
	assert_string_equal(sink.rcpt[i], email);
	GMimeMessage *m = sink_parsed(&sink, i);
	assert_non_null(m);
	*body = body_of(m);
	return m;
}

/* The token of the first /alerts/ link of a mail body. */
static void link_of(const char *body, char token[33])
{
	assert_int_equal(find_token(body, "/alerts/", token), 0);
}

/* Confirms the alert of token through its page (b: the browser). */
static void confirm(struct browser *b, const char *token)
{
	struct reply r;
	struct buf f = BUF_INIT;
	char path[96], csrf[96];
	snprintf(path, sizeof path, "/alerts/%s", token);
	page(b, path, 200, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "確認訂閱"));
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	snprintf(path, sizeof path, "/alerts/%s/confirm", token);
	post(b, path, &f, 200, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "取消這個通知"));
	reply_free(&r);
	buf_free(&f);
}

static void search_offers_an_alert_and_empty_searches_are_refused(void **state)
{
	(void)state;
	struct reply r;
	struct buf f = BUF_INIT;
	struct browser b = {""};
	page(NULL, "/search?q=" KW_URL "&sort=newest&page=2", 200, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "href=\"/alerts/new?q=" KW_URL "\""));
	reply_free(&r);
	page(NULL, "/search", 200, &r);
	assert_null(strstr(buf_cstr(&r.body), "/alerts/new"));
	reply_free(&r);
	/* the form: the search in words, the e-mail field, the notice, consent */
	page(&b, "/alerts/new?q=" KW_URL "&weekend=yes", 200, &r);
	const char *html = buf_cstr(&r.body);
	assert_non_null(strstr(html, "<li>關鍵字「" KW "」</li>"));
	assert_non_null(strstr(html, "<li>週末（六、日）</li>"));
	assert_non_null(strstr(html, "name=\"email\""));
	assert_non_null(strstr(html, "個人資料保護法第8條告知事項"));
	assert_non_null(strstr(html, "依同法第3條"));
	assert_non_null(strstr(html, "name=\"consent\""));
	assert_non_null(strstr(html, "name=\"query\" value=\"q=" KW_URL "&amp;weekend=yes\""));
	char csrf[96];
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	/* nothing to search for: said kindly, no form */
	page(&b, "/alerts/new", 200, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "請先設定搜尋條件"));
	assert_null(strstr(buf_cstr(&r.body), "name=\"email\""));
	reply_free(&r);
	page(&b, "/alerts/new?sort=newest&page=3", 200, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "請先設定搜尋條件"));
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	form_add(&f, "query", "sort=newest");
	form_add(&f, "email", "empty@example.org");
	form_add(&f, "consent", "yes");
	post(&b, "/alerts", &f, 400, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "請先設定搜尋條件"));
	reply_free(&r);
	/* a search that /search would refuse is refused the same way */
	buf_reset(&f);
	form_add(&f, "csrf", csrf);
	form_add(&f, "query", "district=nowhere");
	form_add(&f, "email", "empty@example.org");
	form_add(&f, "consent", "yes");
	post(&b, "/alerts", &f, 400, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "district: must be one of"));
	reply_free(&r);
	buf_free(&f);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches"), 0);
	assert_int_equal(queued("empty@example.org"), 0);
}

static void bad_email_or_no_consent_keeps_what_was_typed(void **state)
{
	(void)state;
	struct reply r;
	struct buf f = BUF_INIT;
	struct browser b = {""};
	char csrf[96];
	page(&b, "/alerts/new?q=" KW_URL, 200, &r);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	form_add(&f, "query", "q=" KW_URL);
	form_add(&f, "email", "not-an-address");
	form_add(&f, "consent", "yes");
	post(&b, "/alerts", &f, 400, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "value=\"not-an-address\""));
	assert_non_null(strstr(buf_cstr(&r.body), "aria-invalid=\"true\" aria-describedby=\"f-email-error\""));
	assert_non_null(strstr(buf_cstr(&r.body), "checked=\"checked\""));
	assert_non_null(strstr(buf_cstr(&r.body), "name=\"query\" value=\"q=" KW_URL "\""));
	reply_free(&r);
	buf_reset(&f);
	form_add(&f, "csrf", csrf);
	form_add(&f, "query", "q=" KW_URL);
	form_add(&f, "email", "typed@example.org");
	post(&b, "/alerts", &f, 400, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "value=\"typed@example.org\""));
	assert_non_null(strstr(buf_cstr(&r.body), "f-consent-error"));
	reply_free(&r);
	/* without the form token: refused before anything */
	buf_reset(&f);
	form_add(&f, "query", "q=" KW_URL);
	form_add(&f, "email", "typed@example.org");
	form_add(&f, "consent", "yes");
	post(&b, "/alerts", &f, 403, &r);
	reply_free(&r);
	buf_free(&f);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches"), 0);
	assert_int_equal(queued("typed@example.org"), 0);
}

static void confirmed_alert_mails_one_digest_of_new_matches(void **state)
{
	(void)state;
	struct browser b = {""};
	char *body, token[33];
	static const char *const weekend[] = {"2099-03-07 09:00|2099-03-07 11:00", NULL};
	static const char *const weekday[] = {"2099-03-09 09:00|2099-03-09 11:00", NULL};
	assert_int_equal(save(&b, "q=" KW_URL "&weekend=yes", "Ann@Example.org", 1), 200);
	/* only the confirmation, with its private link and one-click headers */
	GMimeMessage *m = mail(0, "ann@example.org", &body);
	assert_non_null(strstr(g_mime_message_get_subject(m), "確認"));
	assert_non_null(strstr(body, "關鍵字「" KW "」"));
	link_of(body, token);
	char want[160];
	snprintf(want, sizeof want, "<%s/alerts/%s/unsubscribe>", origin, token);
	assert_string_equal(g_mime_object_get_header(GMIME_OBJECT(m), "List-Unsubscribe"), want);
	assert_string_equal(g_mime_object_get_header(GMIME_OBJECT(m), "List-Unsubscribe-Post"),
			    "List-Unsubscribe=One-Click");
	free(body);
	g_object_unref(m);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='ann@example.org' AND confirmed_at IS NULL"), 1);
	/* before confirming: a matching course is published, nothing is sent */
	long long early = regtest_course(&srv, 1, -1, 0, "health", "週末" KW "（確認前）", weekend);
	assert_true(early > 0);
	notify();
	assert_int_equal(queued("ann@example.org"), 1);
	/* the page of the link does not confirm by itself (mail scanners) */
	struct reply r;
	char path[96];
	snprintf(path, sizeof path, "/alerts/%s", token);
	page(&b, path, 200, &r);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "confirmed_at IS NOT NULL"), 0);
	confirm(&b, token);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "confirmed_at IS NOT NULL"), 1);
	/* published before the confirmation: never announced */
	notify();
	assert_int_equal(queued("ann@example.org"), 1);
	/* new: one match, one on a weekday (no match), one draft */
	long long hit = regtest_course(&srv, 2, -1, 0, "health", "週末" KW "體驗營", weekend);
	long long miss = regtest_course(&srv, 2, -1, 0, "health", "平日" KW "課", weekday);
	long long draft = regtest_course(&srv, 1, -1, 0, "health", "週末" KW "草稿", weekend);
	assert_true(hit > 0 && miss > 0 && draft > 0);
	assert_int_equal(regtest_sql(&srv, "UPDATE courses SET status='draft' WHERE id=%lld", draft), 0);
	notify();
	assert_int_equal(queued("ann@example.org"), 2);
	m = mail(1, "ann@example.org", &body);
	assert_non_null(strstr(g_mime_message_get_subject(m), KW));
	assert_non_null(strstr(body, "週末" KW "體驗營"));
	snprintf(want, sizeof want, "%s/courses/%lld\n", origin, hit);
	assert_non_null(strstr(body, want));
	assert_non_null(strstr(body, "民國188年3月7日"));	/* the first session, ROC */
	assert_null(strstr(body, "平日" KW "課"));
	assert_null(strstr(body, "草稿"));
	assert_null(strstr(body, "確認前"));
	assert_non_null(g_mime_object_get_header(GMIME_OBJECT(m), "List-Unsubscribe"));
	free(body);
	g_object_unref(m);
	/* a second pass: nothing new, nothing sent */
	notify();
	assert_int_equal(queued("ann@example.org"), 2);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_search_hits"), 1);
	/* the draft is published: announced, alone */
	assert_int_equal(regtest_sql(&srv, "UPDATE courses SET status='published' WHERE id=%lld",
				     draft), 0);
	notify();
	assert_int_equal(queued("ann@example.org"), 3);
	m = mail(2, "ann@example.org", &body);
	assert_non_null(strstr(body, "週末" KW "草稿"));
	assert_null(strstr(body, "體驗營"));
	free(body);
	g_object_unref(m);
}

/* Sets the time the last mail of email's alert was queued hours ago. */
static void mailed_ago(const char *email, int hours)
{
	assert_int_equal(regtest_sql(&srv, "UPDATE saved_searches SET mailed_at=strftime("
				     "'%%Y-%%m-%%dT%%H:%%M:%%SZ','now','-%d hours') WHERE email=%Q",
				     hours, email), 0);
}

static void saving_again_makes_no_duplicate(void **state)
{
	(void)state;
	struct browser b = {""};
	char *body, token[33];
	int n = sink_wait(&sink, 0, 0);
	/* the confirmed alert of the test before, saved again the same day:
	 * the same screen, no mail */
	long long before = queued("ann@example.org");
	assert_int_equal(save(&b, "weekend=yes&q=" KW_URL, "ann@example.org", 1), 200);
	assert_int_equal(queued("ann@example.org"), before);
	/* a day later: "already subscribed" */
	mailed_ago("ann@example.org", 25);
	assert_int_equal(save(&b, "weekend=yes&q=" KW_URL, "ann@example.org", 1), 200);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='ann@example.org'"), 1);
	assert_int_equal(queued("ann@example.org"), before + 1);
	GMimeMessage *m = mail(n, "ann@example.org", &body);
	assert_non_null(strstr(g_mime_message_get_subject(m), "已訂閱"));
	link_of(body, token);
	free(body);
	g_object_unref(m);
	/* an unconfirmed one saved twice within a day: one confirmation,
	 * still one row */
	assert_int_equal(save(&b, "category=arts", "twice@example.org", 1), 200);
	assert_int_equal(save(&b, "category=arts", "twice@example.org", 1), 200);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='twice@example.org'"), 1);
	assert_int_equal(queued("twice@example.org"), 1);
	m = mail(n + 1, "twice@example.org", &body);
	assert_non_null(strstr(g_mime_message_get_subject(m), "確認"));
	free(body);
	g_object_unref(m);
	/* three days on: the confirmation again, the week to confirm unchanged */
	assert_int_equal(regtest_sql(&srv, "UPDATE saved_searches SET created_at="
				     "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now','-3 days') "
				     "WHERE email='twice@example.org'"), 0);
	mailed_ago("twice@example.org", 3 * 24);
	char *created = regtest_text(&srv, "SELECT created_at FROM saved_searches WHERE "
				     "email='twice@example.org'");
	assert_non_null(created);
	assert_int_equal(save(&b, "category=arts", "twice@example.org", 1), 200);
	assert_int_equal(queued("twice@example.org"), 2);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='twice@example.org' AND created_at=%Q", created), 1);
	free(created);
	m = mail(n + 2, "twice@example.org", &body);
	assert_non_null(strstr(g_mime_message_get_subject(m), "確認"));
	free(body);
	g_object_unref(m);
}

static void unsubscribe_from_the_manage_page(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	struct buf f = BUF_INIT;
	char *body, token[33], path[96], csrf[96];
	int n = sink_wait(&sink, 0, 0);
	assert_int_equal(save(&b, "q=" KW_URL "&district=%E4%BB%81%E6%84%9B%E5%8D%80", "bo@example.org", 1),
			 200);
	GMimeMessage *m = mail(n, "bo@example.org", &body);
	link_of(body, token);
	free(body);
	g_object_unref(m);
	confirm(&b, token);
	snprintf(path, sizeof path, "/alerts/%s", token);
	page(&b, path, 200, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "bo@example.org"));
	assert_non_null(strstr(buf_cstr(&r.body), "<li>上課地區：仁愛區</li>"));
	assert_non_null(strstr(buf_cstr(&r.body), "href=\"/search?q=" KW_URL));
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	snprintf(path, sizeof path, "/alerts/%s/unsubscribe", token);
	post(&b, path, &f, 200, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "已取消通知"));
	reply_free(&r);
	buf_free(&f);
	/* nothing of it is kept */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='bo@example.org'"), 0);
	assert_int_equal(queued("bo@example.org"), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_search_links l WHERE NOT "
				     "EXISTS(SELECT 1 FROM saved_searches s WHERE s.id=l.saved_search_id)"), 0);
	/* a match published now is not mailed; the link is gone */
	assert_true(regtest_course(&srv, 3, -1, 0, "health", KW "仁愛班", NULL) > 0);
	notify();
	assert_int_equal(queued("bo@example.org"), 0);
	snprintf(path, sizeof path, "/alerts/%s", token);
	page(&b, path, 404, &r);
	reply_free(&r);
}

static void one_click_unsubscribe_needs_no_form_token(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char *body, token[33], path[96];
	int n = sink_wait(&sink, 0, 0);
	assert_int_equal(save(&b, "q=" KW_URL "&category=health", "cy@example.org", 1), 200);
	GMimeMessage *m = mail(n, "cy@example.org", &body);
	link_of(body, token);
	free(body);
	g_object_unref(m);
	/* other POSTs still need the form token */
	snprintf(path, sizeof path, "/alerts/%s/confirm", token);
	assert_int_equal(http_fetch(&srv, "POST", path, "", "application/x-www-form-urlencoded", &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='cy@example.org' AND confirmed_at IS NULL"), 1);
	confirm(&b, token);
	/* what a mail program sends (RFC 8058): no cookie, no token */
	snprintf(path, sizeof path, "/alerts/%s/unsubscribe", token);
	assert_int_equal(http_fetch(&srv, "POST", path, "List-Unsubscribe=One-Click",
				    "application/x-www-form-urlencoded", &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='cy@example.org'"), 0);
	assert_int_equal(queued("cy@example.org"), 0);
	/* a second time: it is gone */
	assert_int_equal(http_fetch(&srv, "POST", path, "List-Unsubscribe=One-Click",
				    "application/x-www-form-urlencoded", &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
}

static void bad_tokens_are_not_found(void **state)
{
	(void)state;
	struct reply r;
	page(NULL, "/alerts/0123456789abcdef0123456789abcdef", 404, &r);
	assert_non_null(strstr(buf_cstr(&r.body), "找不到這個通知"));
	reply_free(&r);
	page(NULL, "/alerts/0123456789abcdef0123456789abcdef/unsubscribe", 404, &r);
	reply_free(&r);
	assert_int_equal(http_fetch(&srv, "POST", "/alerts/0123456789abcdef0123456789abcdef/unsubscribe",
				    "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded",
				    &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	page(NULL, "/alerts/not-a-token", 404, &r);
	reply_free(&r);
	/* an unconfirmed alert past its week is gone, and purged by a pass */
	struct browser b = {""};
	char *body, token[33], path[96];
	int n = sink_wait(&sink, 0, 0);
	assert_int_equal(save(&b, "category=reading", "late@example.org", 1), 200);
	GMimeMessage *m = mail(n, "late@example.org", &body);
	link_of(body, token);
	free(body);
	g_object_unref(m);
	assert_int_equal(regtest_sql(&srv, "UPDATE saved_searches SET created_at="
				     "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ','now','-8 days') "
				     "WHERE email='late@example.org'"), 0);
	snprintf(path, sizeof path, "/alerts/%s", token);
	page(&b, path, 404, &r);
	reply_free(&r);
	notify();
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='late@example.org'"), 0);
}

static void too_many_saves_from_one_address(void **state)
{
	(void)state;
	struct browser b = {""};
	long status = 0;
	int i;
	for (i = 0; i < 12 && status != 429; i++) {
		char email[64];
		snprintf(email, sizeof email, "many%d@example.org", i);
		status = save(&b, "category=digital", email, 1);
		assert_true(status == 200 || status == 429);
	}
	assert_int_equal(status, 429);
	assert_true(i <= 11);	/* 10 an hour, some used by the tests before */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='many%d@example.org'", i - 1), 0);
}

/* Another program holding the write lock past the busy timeout: 503
 * with Retry-After and the form again with what was typed; nothing is
 * saved or counted. */
static void busy_database_keeps_what_was_typed(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	struct buf f = BUF_INIT, err = BUF_INIT;
	char csrf[96], ra[16];
	page(&b, "/alerts/new?q=" KW_URL "&category=arts", 200, &r);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	form_add(&f, "query", "q=" KW_URL "&category=arts");
	form_add(&f, "email", "busy@example.org");
	form_add(&f, "consent", "yes");
	sqlite3 *h;
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	/* the server\'s own threads may be writing for a moment: wait for them */
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(browser_post(&srv, &b, "/alerts", buf_cstr(&f), &r), 0);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	assert_int_equal(r.status, 503);
	assert_int_equal(reply_header(&r, "Retry-After", ra, sizeof ra), 0);
	if (html_well_formed(&r, &err) != 0)
		fail_msg("%s", buf_cstr(&err));
	const char *html = buf_cstr(&r.body);
	assert_non_null(strstr(html, "系統忙碌中，請稍候幾秒再送出一次。"));
	assert_non_null(strstr(html, "value=\"busy@example.org\""));
	assert_non_null(strstr(html, "checked=\"checked\""));
	assert_non_null(strstr(html, "name=\"query\" value=\"q=" KW_URL "&amp;category=arts\""));
	reply_free(&r);
	buf_free(&f);
	buf_free(&err);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM saved_searches WHERE "
				     "email='busy@example.org'"), 0);
	assert_int_equal(queued("busy@example.org"), 0);
}

/* serve's own thread: a pass at start, with the server's address in links. */
static void serve_runs_the_notifier_in_its_thread(void **state)
{
	(void)state;
	char *body;
	const char *problem = server_stop_problem(&srv);
	srv.pid = 0;
	if (problem)
		fail_msg("%s", problem);
	int n = sink_wait(&sink, 0, 0);
	assert_int_equal(regtest_sql(&srv, "INSERT INTO saved_searches(email,query,token_hash,lang,"
				     "confirmed_at) VALUES('thread@example.org',%Q,randomblob(32),'vi',"
				     "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ','now'))",
				     "q=" KW_URL "&category=arts"), 0);
	long long c = regtest_course(&srv, 1, -1, 0, "arts", KW "彩繪", NULL);
	assert_true(c > 0);
	static const char *const extra[] = {"--alerts-interval", "60", NULL};
	assert_int_equal(sink_serve(&sink, &srv, extra), 0);
	snprintf(origin, sizeof origin, "http://127.0.0.1:%d", srv.port);
	/* mails queued before the restart may go first */
	int i = n;
	for (; sink_wait(&sink, i + 1, 30) == i + 1 && strcmp(sink.rcpt[i], "thread@example.org"); i++)
		;
	GMimeMessage *m = mail(i, "thread@example.org", &body);
	assert_non_null(strstr(g_mime_message_get_subject(m), "Khóa học mới"));
	assert_non_null(strstr(body, KW "彩繪"));
	char want[96];
	snprintf(want, sizeof want, "%s/courses/%lld\n", origin, c);
	assert_non_null(strstr(body, want));
	free(body);
	g_object_unref(m);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	const char *problem = server_stop_problem(&srv);
	srv.pid = 0;
	if (problem)
		fail_msg("%s", problem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(search_offers_an_alert_and_empty_searches_are_refused),
		cmocka_unit_test(bad_email_or_no_consent_keeps_what_was_typed),
		cmocka_unit_test(confirmed_alert_mails_one_digest_of_new_matches),
		cmocka_unit_test(saving_again_makes_no_duplicate),
		cmocka_unit_test(unsubscribe_from_the_manage_page),
		cmocka_unit_test(one_click_unsubscribe_needs_no_form_token),
		cmocka_unit_test(bad_tokens_are_not_found),
		cmocka_unit_test(too_many_saves_from_one_address),
		cmocka_unit_test(busy_database_keeps_what_was_typed),
		cmocka_unit_test(serve_runs_the_notifier_in_its_thread),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, cleanup);
}
