/* inquiry — what the consultation pages share (see inquiry.h): topics and
 * statuses, loading a case, private links, removing personal data, the
 * e-mails to the citizen, a case's history and FAQ lists. */
#include "pages/inquiry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/server.h"
#include "pages/backoffice.h"
#include "pages/reg.h"

const char *const inquiry_topics[] = {"courses", "planning", "records", "support", "other", NULL};
static const char *const topic_names[] = {
	N_("課程內容與報名"), N_("學習規劃與進修管道"), N_("學習時數與證明"),
	N_("無障礙與友善協助"), N_("其他問題"),
};

const char *inquiry_topic_name(const struct request *r, const char *code)
{
	for (int i = 0; code && inquiry_topics[i]; i++)
		if (!strcmp(code, inquiry_topics[i]))
			return tr(r, topic_names[i]);
	return tr(r, "其他問題");
}

const char *inquiry_status_name(const struct request *r, const char *status)
{
	if (status && !strcmp(status, "answered"))
		return tr(r, "已回覆");
	if (status && !strcmp(status, "closed"))
		return tr(r, "已結案");
	return tr(r, "處理中");
}

/* A malloc'd copy of a text column, or NULL for SQL NULL. */
static char *col(struct dbq *q, int c)
{
	const char *s = db_text(q, c);
	return s ? strdup(s) : NULL;
}

int inquiry_load(struct request *r, long long id, const unsigned char *hash, struct inquiry *q)
{
	struct dbq d;
	memset(q, 0, sizeof *q);
	if (hash)
		db_query(r->db, &d, ST_INQ_BY_TOKEN, "b", hash, (size_t)32);
	else
		db_query(r->db, &d, ST_INQ_GET, "i", id);
	int rc = db_next(&d);
	if (rc == 1) {
		q->id = db_int(&d, IQ_ID);
		q->institution_id = db_is_null(&d, IQ_INST_ID) ? 0 : db_int(&d, IQ_INST_ID);
		q->assigned_id = db_is_null(&d, IQ_ASSIGNED_ID) ? 0 : db_int(&d, IQ_ASSIGNED_ID);
		q->age_days = db_int(&d, IQ_AGE_DAYS);
		q->case_no = col(&d, IQ_CASE_NO);
		q->topic = col(&d, IQ_TOPIC);
		q->institution = col(&d, IQ_INST_NAME);
		q->question = col(&d, IQ_QUESTION);
		q->email = col(&d, IQ_EMAIL);
		q->phone = col(&d, IQ_PHONE);
		q->status = col(&d, IQ_STATUS);
		q->created_at = col(&d, IQ_CREATED);
		q->answered_at = col(&d, IQ_ANSWERED);
		q->closed_at = col(&d, IQ_CLOSED);
		q->assigned_email = col(&d, IQ_ASSIGNED_EMAIL);
		q->lang = col(&d, IQ_LANG);
		q->redacted_at = col(&d, IQ_REDACTED);
		if (!q->case_no || !q->topic || !q->question || !q->status || !q->created_at)
			rc = -1;
	}
	db_done(&d);
	if (rc < 0)
		inquiry_free(q);
	return rc;
}

void inquiry_free(struct inquiry *q)
{
	char **s[] = {&q->case_no, &q->topic, &q->institution, &q->question, &q->email,
		      &q->phone, &q->status, &q->created_at, &q->answered_at, &q->closed_at,
		      &q->assigned_email, &q->lang, &q->redacted_at};
	for (size_t i = 0; i < sizeof s / sizeof *s; i++) {
		free(*s[i]);
		*s[i] = NULL;
	}
}

int inquiry_link_new(struct request *r, long long id, char token[TOKEN_HEX])
{
	return token_link_new(r->db, ST_INQ_LINK_INSERT, id, token);
}

int inquiry_redact(struct request *r, long long id)
{
	return inquiry_purge(r->db, id);
}

/* ---- e-mails to the citizen ---- */

/* The e-mails are written in the citizen's language l: each text is
 * i18n_get(l, N_("…")), whose format the compiler checks (format_arg). */

/* The courses suggested in answer note_id, one line each with its link. */
static int mail_courses(struct request *r, enum lang l, long long id, long long note_id,
			struct buf *b)
{
	struct dbq q;
	struct buf url = BUF_INIT;
	int rc, n = 0;
	reg_mail_origin(r, &url);
	db_query(r->db, &q, ST_INQ_NOTE_COURSES, "i", id);
	while ((rc = db_next(&q)) == 1) {
		if (db_int(&q, 0) != note_id)
			continue;
		if (!n++)
			buf_printf(b, i18n_get(l, N_("建議您參考的課程：\n")));
		buf_printf(b, "- %s（%s）\n  %s/courses/%lld\n", db_text(&q, 2), db_text(&q, 3),
			   buf_cstr(&url), db_int(&q, 1));
	}
	db_done(&q);
	if (n)
		buf_puts(b, "\n");
	buf_free(&url);
	return rc < 0 ? -1 : 0;
}

/* The text of answer note_id (malloc'd), or NULL. */
static char *answer_text(struct request *r, long long id, long long note_id)
{
	struct dbq q;
	char *s = NULL;
	db_query(r->db, &q, ST_INQ_NOTES, "ii", id, 1LL);
	while (db_next(&q) == 1)
		if (db_int(&q, 0) == note_id)
			s = col(&q, 2);
	db_done(&q);
	return s;
}

int inquiry_mail(struct request *r, long long id, long long note_id, const char *token)
{
	struct inquiry q;
	struct buf subject = BUF_INIT, body = BUF_INIT, url = BUF_INIT;
	char fresh[TOKEN_HEX];
	char *answer = NULL;
	enum lang l = r->lang;
	int rc = inquiry_load(r, id, NULL, &q);
	if (rc <= 0 || !q.email) {
		rc = rc < 0 ? -1 : 0;
		goto out;
	}
	rc = -1;
	if (!token) {
		if (inquiry_link_new(r, id, fresh) < 0)
			goto out;
		token = fresh;
	}
	if (q.lang && i18n_parse(q.lang, &l) < 0)
		l = r->lang;
	buf_printf(&body, i18n_get(l, N_("您好：\n\n")));
	if (note_id) {
		if (!(answer = answer_text(r, id, note_id)))
			goto out;
		buf_printf(&subject, i18n_get(l, N_("您的諮詢已有回覆（案號 %s）")), q.case_no);
		buf_printf(&body, i18n_get(l, N_("您的終身學習諮詢（案號 %s）已有回覆：\n\n")), q.case_no);
		buf_printf(&body, "%s\n\n", answer);
		if (mail_courses(r, l, id, note_id, &body) < 0)
			goto out;
	} else {
		buf_printf(&subject, i18n_get(l, N_("已收到您的諮詢（案號 %s）")), q.case_no);
		buf_printf(&body, i18n_get(l, N_("我們已收到您的終身學習諮詢，案號 %s。回覆後會再寫信通知您。\n\n")),
		    q.case_no);
		buf_printf(&body, i18n_get(l, N_("您的問題：\n")));
		buf_printf(&body, "%s\n\n", q.question);
	}
	reg_mail_origin(r, &url);
	buf_printf(&url, "/inquiries/%s", token);
	buf_printf(&body, i18n_get(l, N_("查看處理情形與回覆、結案或刪除這筆諮詢：\n%s\n")), buf_cstr(&url));
	buf_printf(&body, i18n_get(l, N_("這個連結是您專屬的，請不要轉寄給別人。\n")));
	buf_puts(&body, "\n-- \n");
	buf_printf(&body, i18n_get(l, N_("%s政府教育處 終身學習網\n")),
	    l == LANG_ZH_HANT ? r->app->city_zh : r->app->city_en);
	buf_printf(&body, i18n_get(l, N_("這封信由系統自動寄出，請不要直接回覆。\n")));
	if (buf_failed(&subject) || buf_failed(&body))
		goto out;
	rc = db_exec(r->db, ST_INQ_OUTBOX_INSERT, "ittt", id, q.email, buf_cstr(&subject),
		     buf_cstr(&body)) < 0 ? -1 : 1;
out:
	free(answer);
	inquiry_free(&q);
	buf_free(&subject);
	buf_free(&body);
	buf_free(&url);
	return rc;
}

int inquiry_options(struct request *r, enum stmt_id st, long long arg, long long sel)
{
	struct dbq q;
	char v[24];
	int rc;
	db_query(r->db, &q, st, st == ST_INQ_ASSIGNABLE ? "i" : "", arg);
	while ((rc = db_next(&q)) == 1) {
		snprintf(v, sizeof v, "%lld", db_int(&q, 0));
		bo_option(r, v, db_text(&q, 1), db_int(&q, 0) == sel);
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* ---- a case's history ---- */

/* Writes the suggested courses of note_id as links (nothing when none). */
static int note_courses(struct request *r, long long id, long long note_id)
{
	struct dbq q;
	int rc, n = 0;
	db_query(r->db, &q, ST_INQ_NOTE_COURSES, "i", id);
	while ((rc = db_next(&q)) == 1) {
		if (db_int(&q, 0) != note_id)
			continue;
		if (!n++)
			html_fmt(&r->out, "<p>%s</p>\n<ul class=\"inq-courses\">\n",
				 tr(r, "建議您參考的課程："));
		html_fmt(&r->out, "<li><a href=\"/courses/%lld\">%s</a>（%s）</li>\n", db_int(&q, 1),
			 db_text(&q, 2), db_text(&q, 3));
	}
	db_done(&q);
	if (n)
		html_raw_unescaped(&r->out, "</ul>\n");
	return rc < 0 ? -1 : 0;
}

int inquiry_history_html(struct request *r, long long id, int staff)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	db_query(r->db, &q, ST_INQ_NOTES, "ii", id, staff ? 0LL : 1LL);
	while ((rc = db_next(&q)) == 1) {
		long long nid = db_int(&q, 0);
		const char *at = db_text(&q, 3);
		int answer = !strcmp(db_text(&q, 1), "answer");
		if (!n++)
			html_raw_unescaped(b, "<ol class=\"inq-history\">\n");
		html_fmt(b, "<li class=\"%s\" id=\"note-%lld\">\n<p class=\"inq-meta\"><strong>%s</strong> ",
			 answer ? "inq-answer" : "inq-note", nid,
			 answer ? tr(r, "回覆") : tr(r, "內部備註（民眾看不到）"));
		page_date(r, at, 0);
		if (strlen(at) >= 16)
			html_fmt(b, " %.5s", at + 11);
		/* staff see who wrote it; the citizen sees the institution */
		if (staff && db_text(&q, 4))
			html_fmt(b, "　%s", db_text(&q, 4));
		else if (db_text(&q, 5))
			html_fmt(b, "　%s", db_text(&q, 5));
		html_fmt(b, "</p>\n<p class=\"pre-wrap\">%s</p>\n", db_text(&q, 2));
		if (answer && note_courses(r, id, nid) < 0)
			rc = -1;
		html_raw_unescaped(b, "</li>\n");
		if (rc < 0)
			break;
	}
	db_done(&q);
	if (n)
		html_raw_unescaped(b, "</ol>\n");
	else if (rc == 0)
		html_fmt(b, "<p class=\"muted\">%s</p>\n",
			 staff ? tr(r, "還沒有回覆或備註。") : tr(r, "還沒有回覆。承辦人回覆後，會顯示在這裡。"));
	return rc < 0 ? -1 : 0;
}

/* ---- the FAQ ---- */

int faq_list_html(struct request *r, const char *expr, int limit, int heading_level)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	if (expr)
		db_query(r->db, &q, ST_FAQ_SEARCH, "ti", expr, (long long)limit);
	else
		db_query(r->db, &q, ST_FAQ_PUBLISHED, "");
	const char *topic = NULL;
	char last[32] = "";
	while ((rc = db_next(&q)) == 1 && n < limit) {
		topic = db_text(&q, 3) ? db_text(&q, 3) : "other";
		if (!expr && strcmp(last, topic)) {
			if (n)
				html_raw_unescaped(b, "</div>\n");
			snprintf(last, sizeof last, "%s", topic);
			html_fmt(b, "<h%d>%s</h%d>\n<div class=\"faq-list\">\n", heading_level,
				 inquiry_topic_name(r, topic), heading_level);
		} else if (!n) {
			html_raw_unescaped(b, "<div class=\"faq-list\">\n");
		}
		html_fmt(b, "<details class=\"faq\" id=\"faq-%lld\"><summary>%s</summary>\n"
			 "<p class=\"pre-wrap\">%s</p></details>\n",
			 db_int(&q, 0), db_text(&q, 1), db_text(&q, 2));
		n++;
	}
	db_done(&q);
	if (n)
		html_raw_unescaped(b, "</div>\n");
	return rc < 0 ? -1 : n;
}
