/* alerts pages — saving a search as a "tell me when" alert, confirming,
 * managing and unsubscribing (see pages/alerts.h and alerts/alerts.h). */
#include "pages/alerts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alerts/alerts.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/ratelimit.h"
#include "http/server.h"
#include "pages/pages.h"
#include "pages/reg.h"
#include "search/search.h"

enum alert_field { AF_QUERY, AF_EMAIL, AF_CONSENT };

const struct param_spec alert_params[] = {
	{"query", P_TEXT, 0, ALERTS_QUERY_MAX, NULL, 0},
	{"email", P_TEXT, 0, 254, NULL, 0},
	{"consent", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* What the form came back with: a message per wrong field, or NULL. */
struct alert_form {
	const char *email_err, *consent_err, *err;	/* err: about the whole form */
	const char *busy;	/* nothing wrong, but send it again (or NULL) */
};

/* An alert found by the token of the request's path. */
struct alert_row {
	long long id;
	int confirmed;
	char email[256];
	char query[ALERTS_QUERY_MAX + 1];
};

/* Appends the search of the canonical query string query in words, as a
 * list. Returns 0, or -1 when it is not a valid search (nothing written). */
static int conditions_html(struct request *r, const char *query)
{
	struct search_query q;
	struct buf err = BUF_INIT, words = BUF_INIT;
	int rc = -1;
	if (search_query_parse(r->db, query, &q, &err) < 0 ||
	    alerts_describe(r->db, r->now, r->lang, &q, &words) < 0)
		goto out;
	html_raw_unescaped(&r->out, "<ul class=\"alert-conditions\">\n");
	for (const char *s = buf_cstr(&words); *s;) {
		size_t n = strcspn(s, "\n");
		html_fmt(&r->out, "<li>%.*s</li>\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
	html_raw_unescaped(&r->out, "</ul>\n");
	rc = 0;
out:
	buf_free(&err);
	buf_free(&words);
	return rc;
}

/* The link "see the courses this search finds now". */
static void search_link(struct request *r, const char *query, const char *label)
{
	html_raw_unescaped(&r->out, "<p><a class=\"card-link\" href=\"/search?");
	html_text(&r->out, query);
	html_fmt(&r->out, "\">%s</a></p>\n", label);
}

/* The notice of 個人資料保護法 §8 for an alert: only the e-mail address
 * and the search are collected, until unsubscribed. */
static void pdpa_notice(struct request *r)
{
	struct buf *b = &r->out;
	html_fmt(b, "<section class=\"pdpa\" aria-labelledby=\"h-pdpa\">\n<h2 id=\"h-pdpa\">%s</h2>\n"
		 "<dl>\n<dt>%s</dt><dd>", tr(r, "個人資料保護法第8條告知事項"), tr(r, "蒐集機關"));
	/* TRANSLATORS: %s is the city ("Keelung City"). */
	html_trf(r, "%s政府教育處。", page_city(r));
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "蒐集目的"),
		 tr(r, "寄送符合您訂閱條件的新課程通知（教育或訓練行政）。"));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "個人資料類別"),
		 tr(r, "電子郵件地址，以及您選的搜尋條件。"));
	html_fmt(b, "<dt>%s</dt><dd>", tr(r, "利用期間、地區、對象及方式"));
	html_trf(r, "自您訂閱起到您取消為止（沒有確認的訂閱，%d 天後刪除）；在中華民國境內，"
		    "由本府以電子郵件寄送通知，不提供給其他單位。", ALERTS_CONFIRM_DAYS);
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "您的權利"),
		 tr(r, "依同法第3條，您可以查詢、閱覽、複製、補充或更正、"
		       "請求停止蒐集處理利用或刪除您的個人資料。"));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "不提供的影響"),
		 tr(r, "您可以自由選擇是否提供；不提供電子郵件地址就收不到通知，但隨時都可以上網找課程。"));
	html_fmt(b, "</dl>\n<p>%s <a href=\"/privacy\">%s</a></p>\n</section>\n",
		 tr(r, "每封通知信都有取消連結，按一下就能取消，並刪除您的電子郵件地址。"),
		 tr(r, "隱私權及個人資料保護政策"));
}

/* The page for a search without any condition: kindly refused. */
static int empty_search(struct request *r)
{
	page_begin(r, tr(r, "請先設定搜尋條件"), "search");
	html_fmt(&r->out, "<p class=\"lead\">%s</p>\n<p><a class=\"button-link\" href=\"/search\">%s</a></p>\n",
		 tr(r, "沒有任何條件的搜尋會符合每一門新課程，通知會太多。請先到「找課程」輸入關鍵字，"
		       "或選擇類別、地區等條件，再按「有新課程符合時，寄信通知我」。"),
		 tr(r, "去找課程"));
	page_end(r);
	return 0;
}

/* The form to save the canonical search query; email: what was typed
 * (or NULL); f: what was wrong (or NULL). */
static void form_page(struct request *r, const char *query, const char *email, int consent,
		      const struct alert_form *f)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "有新課程時通知我"), "search");
	if (f && f->busy)
		html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"form-errors\"><p>%s</p></div>\n",
			 f->busy);
	if (f && (f->email_err || f->consent_err || f->err)) {
		html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"form-errors\">\n<h2>%s</h2>\n<ul>\n",
			 tr(r, "還有欄位需要修正"));
		if (f->err)
			html_fmt(b, "<li>%s</li>\n", f->err);
		if (f->email_err)
			html_fmt(b, "<li><a href=\"#f-email\">%s</a></li>\n", f->email_err);
		if (f->consent_err)
			html_fmt(b, "<li><a href=\"#f-consent\">%s</a></li>\n", f->consent_err);
		html_raw_unescaped(b, "</ul>\n</div>\n");
	}
	html_fmt(b, "<p class=\"lead\">%s</p>\n<h2>%s</h2>\n",
		 tr(r, "有符合下面條件的新課程公開時，我們會寄電子郵件通知您。我們會先寄一封確認信，"
		       "您按信裡的連結確認以後，才會開始通知。"),
		 tr(r, "搜尋條件"));
	conditions_html(r, query);
	search_link(r, query, tr(r, "看現在符合的課程，或修改條件"));
	html_fmt(b, "<form method=\"post\" action=\"/alerts\" class=\"form reg-form alert-form\" "
		 "novalidate=\"novalidate\">\n<input type=\"hidden\" name=\"query\" value=\"%s\"/>\n",
		 query);
	csrf_field(r);
	html_fmt(b, "\n<div class=\"field\"><label for=\"f-email\">%s</label>", tr(r, "電子郵件"));
	if (f && f->email_err)
		html_fmt(b, "<span class=\"field-error\" id=\"f-email-error\">%s</span>", f->email_err);
	html_fmt(b, "<input type=\"email\" id=\"f-email\" name=\"email\" value=\"%s\" "
		 "autocomplete=\"email\" maxlength=\"254\" required=\"required\"", email ? email : "");
	if (f && f->email_err)
		html_raw_unescaped(b, " aria-invalid=\"true\" aria-describedby=\"f-email-error\"");
	html_raw_unescaped(b, "/></div>\n");
	pdpa_notice(r);
	html_raw_unescaped(b, "<div class=\"field consent\">");
	if (f && f->consent_err)
		html_fmt(b, "<span class=\"field-error\" id=\"f-consent-error\">%s</span>", f->consent_err);
	html_raw_unescaped(b, "<label class=\"choice\"><input type=\"checkbox\" id=\"f-consent\" "
			      "name=\"consent\" value=\"yes\"");
	html_raw_unescaped(b, consent ? " checked=\"checked\"" : " required=\"required\"");
	if (f && f->consent_err)
		html_raw_unescaped(b, " aria-invalid=\"true\" aria-describedby=\"f-consent-error\"");
	html_fmt(b, "/> %s</label></div>\n",
		 tr(r, "我已閱讀上面的個人資料告知事項，同意依此蒐集及利用我的電子郵件地址。"));
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "寄確認信給我"));
	page_end(r);
}

int page_alert_new(struct request *r)
{
	struct search_query q;
	struct buf query = BUF_INIT;
	int st = search_query_from_request(r, r->in, &q);
	if (st)
		return st;
	if (alerts_canonical(&q, &query) == 0)
		st = empty_search(r);
	else if (query.len > ALERTS_QUERY_MAX)
		st = req_fail(r, 400, "%s", tr(r, "搜尋條件太多，請減少一些再訂閱。"));
	else
		form_page(r, buf_cstr(&query), NULL, 0, NULL);
	buf_free(&query);
	return st;
}

/* The anonymous rate limit on saving alerts. 0 (go on), -1 on a
 * database failure (nothing replied), or 429 after req_fail(). */
static int rate_limited(struct request *r)
{
	int per_hour = r->app->cfg.alerts_per_hour;
	int rc = ratelimit_hit(r, "alert", per_hour, 3600);
	if (rc <= 0)
		return rc;
	req_header(r, "Retry-After", "3600");
	return req_fail(r, 429, tr(r, "這個網路位址在一小時內已訂閱 %d 次通知，已達上限。請一小時後再試。"),
			per_hour);
}

/* Counts the save against the client's hourly limit, saves (or finds)
 * the alert of email and query and queues its mail unless one was queued
 * for it in the last ALERTS_RESEND_HOURS, in one transaction. Returns 0;
 * 1 when the address has too many alerts; 2 when the database is busy
 * (nothing done, nothing replied); else an HTTP status after req_fail()
 * (429, 500). */
static int save(struct request *r, const char *email, const char *query, const char *words)
{
	struct dbq q;
	struct buf origin = BUF_INIT;
	unsigned char h[32];
	char token[TOKEN_HEX];
	long long id = 0, count = 0;
	int confirmed = 0, mailed = 0, found, rc;
	const char *lang = i18n_code(r->lang);
	if (db_begin(r->db) < 0 || (rc = rate_limited(r)) < 0)
		goto fail;
	if (rc) {
		db_rollback(r->db);
		return rc;
	}
	/* one past its week to confirm is gone: saving it again starts anew */
	if (db_exec(r->db, ST_ALERT_PURGE, "i", (long long)ALERTS_CONFIRM_DAYS) < 0)
		goto fail;
	db_query(r->db, &q, ST_ALERT_FIND, "tti", email, query, (long long)ALERTS_RESEND_HOURS);
	if ((found = db_next(&q)) == 1) {
		id = db_int(&q, 0);
		confirmed = db_int(&q, 1) != 0;
		mailed = db_int(&q, 2) != 0;
	}
	db_done(&q);
	if (found < 0)
		goto fail;
	if (mailed) {	/* no more mail to that inbox today; the same screen */
		if (db_commit(r->db) < 0)
			goto fail;
		return 0;
	}
	if (!found) {
		if (db_scalar(r->db, &count, ST_ALERT_COUNT_EMAIL, "t", email) < 0)
			goto fail;
		if (count >= ALERTS_PER_EMAIL) {
			db_rollback(r->db);
			return 1;
		}
		token_new(token);
		if (token_hash(token, h) < 0 ||
		    db_exec(r->db, ST_ALERT_INSERT, "ttbt", email, query, h, sizeof h, lang) < 0)
			goto fail;
		id = db_last_id(r->db);
		if (db_exec(r->db, ST_ALERT_LINK_ADD, "bi", h, sizeof h, id) < 0)
			goto fail;
	} else if (db_exec(r->db, ST_ALERT_RESEND, "it", id, lang) < 0 ||
		   alerts_link_new(r->db, id, token) < 0) {
		goto fail;
	}
	alerts_origin(r->db, r->app->origin, &origin);
	if (buf_failed(&origin) ||
	    alerts_mail_saved(r->db, buf_cstr(&origin), page_city(r), r->lang, id, email, words,
			      confirmed, token) < 0 ||
	    db_commit(r->db) < 0)
		goto fail;
	buf_free(&origin);
	return 0;
fail:
	buf_free(&origin);
	if (!db_is_busy(r->db))
		return reg_tx_failed(r);
	db_rollback(r->db);
	return 2;
}

int page_alert_post(struct request *r)
{
	struct search_query q;
	struct buf err = BUF_INIT, query = BUF_INIT, words = BUF_INIT;
	struct alert_form f = {NULL, NULL, NULL, NULL};
	const char *raw = r->in[AF_QUERY].present ? r->in[AF_QUERY].s : "";
	char email[256] = "";
	int consent = r->in[AF_CONSENT].present && r->in[AF_CONSENT].n, st = 0;
	if (r->in[AF_EMAIL].present)
		snprintf(email, sizeof email, "%s", r->in[AF_EMAIL].s);
	st = search_query_parse(r->db, raw, &q, &err);
	if (st < 0) {
		st = st == -1 ? req_fail(r, 400, "%s", buf_cstr(&err)) : req_fail(r, 500, "search failed");
		goto out;
	}
	if (alerts_canonical(&q, &query) == 0) {
		r->status = 400;
		st = empty_search(r);
		goto out;
	}
	/* the address as typed, without the spaces around it */
	char *e = email + strspn(email, " \t");
	memmove(email, e, strlen(e) + 1);
	for (size_t n = strlen(email); n && (email[n - 1] == ' ' || email[n - 1] == '\t');)
		email[--n] = '\0';
	char checked[256];
	snprintf(checked, sizeof checked, "%s", email);
	if (!email[0])
		f.email_err = tr(r, "請填寫電子郵件地址，通知會寄到這裡。");
	else if (reg_email_norm(checked) < 0)
		f.email_err = tr(r, "電子郵件地址看起來不正確，例如 name@example.com。");
	if (!consent)
		f.consent_err = tr(r, "請勾選同意個人資料告知事項，才能訂閱通知。");
	if (query.len > ALERTS_QUERY_MAX)
		f.err = tr(r, "搜尋條件太多，請減少一些再訂閱。");
	if (f.email_err || f.consent_err || f.err) {
		r->status = 400;
		form_page(r, buf_cstr(&query), email, consent, &f);
		goto out;
	}
	if (alerts_describe(r->db, r->now, r->lang, &q, &words) < 0) {
		st = req_fail(r, 500, "search failed");
		goto out;
	}
	st = save(r, checked, buf_cstr(&query), buf_cstr(&words));
	if (st == 1 || st == 2) {	/* the form again, with what was typed */
		if (st == 1) {
			f.err = tr(r, "這個電子郵件地址的新課程通知已達上限，請先用通知信裡的連結取消不需要的，再訂閱新的。");
			r->status = 400;
		} else {
			f.busy = tr(r, "系統忙碌中，請稍候幾秒再送出一次。");
			req_header(r, "Retry-After", "2");
			r->status = 503;
		}
		form_page(r, buf_cstr(&query), email, consent, &f);
		st = 0;
		goto out;
	}
	if (st)
		goto out;
	reg_private_reply(r);
	page_begin(r, tr(r, "請到信箱確認"), "search");
	html_fmt(&r->out, "<div class=\"reg-outcome\" role=\"status\"><p>");
	html_trf(r, "我們已寄一封確認信到 %s。請打開信裡的連結，按「確認訂閱」，通知才會開始。", checked);
	html_raw_unescaped(&r->out, "</p></div>\n<p>");
	html_trf(r, "沒收到信嗎？請看看垃圾郵件匣。沒有確認的訂閱，%d 天後會自動刪除。",
		 ALERTS_CONFIRM_DAYS);
	html_raw_unescaped(&r->out, "</p>\n");
	search_link(r, buf_cstr(&query), tr(r, "回到搜尋結果"));
	page_end(r);
out:
	buf_free(&err);
	buf_free(&query);
	buf_free(&words);
	return st;
}

/* Loads the alert of the path's token into a. Returns 0, or 404 / 500
 * after req_fail(). */
static int load(struct request *r, struct alert_row *a)
{
	struct dbq q;
	unsigned char h[32];
	int rc;
	memset(a, 0, sizeof *a);
	reg_private_reply(r);
	if (token_hash(r->path_token, h) < 0)
		rc = 0;
	else {
		db_query(r->db, &q, ST_ALERT_BY_TOKEN, "bi", h, sizeof h, (long long)ALERTS_CONFIRM_DAYS);
		if ((rc = db_next(&q)) == 1) {
			a->id = db_int(&q, 0);
			snprintf(a->email, sizeof a->email, "%s", db_text(&q, 1));
			snprintf(a->query, sizeof a->query, "%s", db_text(&q, 2));
			a->confirmed = !db_is_null(&q, 3);
		}
		db_done(&q);
	}
	if (rc < 0)
		return req_fail(r, 500, "alert lookup failed");
	if (rc == 0)
		return req_fail(r, 404, tr(r, "找不到這個通知。它可能已經取消，或超過 %d 天沒有確認而自動刪除。"),
				ALERTS_CONFIRM_DAYS);
	return 0;
}

/* The unsubscribe button: a form to /alerts/TOKEN/unsubscribe. */
static void unsubscribe_form(struct request *r, const char *label)
{
	html_fmt(&r->out, "<form method=\"post\" action=\"/alerts/%s/unsubscribe\" class=\"form\">\n",
		 r->path_token);
	csrf_field(r);
	html_fmt(&r->out, "\n<p><button type=\"submit\">%s</button></p>\n</form>\n",
		 label);
}

/* The alert's own page: confirm it, or manage it. notice: a message to
 * show on top (after confirming), or NULL. */
static void alert_page(struct request *r, const struct alert_row *a, const char *notice)
{
	struct buf *b = &r->out;
	page_begin(r, a->confirmed ? tr(r, "您的新課程通知") : tr(r, "確認新課程通知"), "search");
	if (notice)
		html_fmt(b, "<div class=\"reg-outcome\" role=\"status\"><p>%s</p></div>\n", notice);
	html_fmt(b, "<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", tr(r, "寄到"),
		 a->email, tr(r, "搜尋條件"));
	conditions_html(r, a->query);
	html_raw_unescaped(b, "</dd>\n</dl>\n");
	search_link(r, a->query, tr(r, "看現在符合的課程"));
	if (!a->confirmed) {
		html_fmt(b, "<p class=\"lead\">%s</p>\n<form method=\"post\" action=\"/alerts/%s/confirm\" "
			 "class=\"form\">\n", tr(r, "按下面的按鈕確認，有符合的新課程公開時，我們才會寄信給您。"),
			 r->path_token);
		csrf_field(r);
		html_fmt(b, "\n<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "確認訂閱"));
		html_fmt(b, "<h2>%s</h2>\n", tr(r, "不是您訂閱的？"));
		unsubscribe_form(r, tr(r, "刪除這個通知"));
	} else {
		html_fmt(b, "<h2>%s</h2>\n<p>%s</p>\n", tr(r, "取消通知"),
			 tr(r, "取消以後，我們會刪除這個通知和您的電子郵件地址，不會再寄信給您。"));
		unsubscribe_form(r, tr(r, "取消這個通知"));
	}
	page_end(r);
}

int page_alert(struct request *r)
{
	struct alert_row a;
	int rc = load(r, &a);
	if (rc)
		return rc;
	alert_page(r, &a, NULL);
	return 0;
}

int page_alert_confirm_post(struct request *r)
{
	struct alert_row a;
	int rc = load(r, &a);
	if (rc)
		return rc;
	if (!a.confirmed && db_exec(r->db, ST_ALERT_CONFIRM, "i", a.id) < 0)
		return req_fail(r, 500, "cannot confirm the alert");
	a.confirmed = 1;
	alert_page(r, &a, tr(r, "已確認。有符合的新課程公開時，我們會寄信給您。"));
	return 0;
}

int page_alert_unsubscribe_post(struct request *r)
{
	struct alert_row a;
	int rc = load(r, &a);
	if (rc)
		return rc;
	if (db_exec(r->db, ST_ALERT_DELETE, "i", a.id) < 0)
		return req_fail(r, 500, "cannot delete the alert");
	page_begin(r, tr(r, "已取消通知"), "search");
	html_fmt(&r->out, "<div class=\"reg-outcome\" role=\"status\"><p>%s</p></div>\n"
		 "<p><a href=\"/search\">%s</a></p>\n",
		 tr(r, "我們已刪除這個通知和您的電子郵件地址，不會再寄信給您。"), tr(r, "去找課程"));
	page_end(r);
	return 0;
}
