/* faq — the consultation service's frequently asked questions: the public
 * page (/faq: published entries by topic, and a search box using the same
 * tokenizer and query building as the course search), and the Education
 * Department's editing of them (/admin/faqs: add, edit, order, publish or
 * withdraw, delete). The FAQ speaks for the city, so only administrators
 * edit it; institutions answer their own cases. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/text.h"
#include "db/db.h"
#include "pages/backoffice.h"
#include "pages/inquiry.h"
#include "pages/reg.h"
#include "search/search.h"
#include "search/tokenize.h"

const struct param_spec faq_params[] = {
	{"q", P_TEXT, 0, SEARCH_Q_MAX_CHARS, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

enum { FE_QUESTION, FE_ANSWER, FE_TOPIC, FE_SORT, FE_PUBLISHED, FE_CONFIRM };
const struct param_spec faq_edit_params[] = {
	{"question", P_TEXT, 0, 4 * FAQ_TEXT_MAX, NULL, 0},
	{"answer", P_TEXT, 0, 4 * FAQ_TEXT_MAX, NULL, 0},
	{"topic", P_ENUM, 0, 0, inquiry_topics, -1},
	{"sort", P_TEXT, 0, 12, NULL, 0},
	{"published", P_BOOL, 0, 0, NULL, 0},
	{"confirm", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

int page_faq(struct request *r)
{
	struct buf *b = &r->out, expr = BUF_INIT;
	const char *q = r->in[0].present ? r->in[0].s : "";
	int n;
	page_begin(r, tr(r, "常見問題"), NULL);
	html_fmt(b, "<p class=\"lead\">%s</p>\n"
		 "<form method=\"get\" action=\"/faq\" role=\"search\">\n"
		 "<p class=\"search-box\"><label for=\"f-q\">%s</label>\n"
		 "<input id=\"f-q\" name=\"q\" type=\"search\" maxlength=\"%d\" value=\"%s\"/>\n"
		 "<button type=\"submit\">%s</button></p>\n</form>\n",
		 tr(r, "大家常問的終身學習問題與解答。點問題可以展開答案。"), tr(r, "搜尋常見問題"),
		 SEARCH_Q_MAX_CHARS, q, tr(r, "搜尋"));
	if (*q) {
		html_fmt(b, "<h2>%s</h2>\n", tr(r, "搜尋結果"));
		n = tok_fts_query(&expr, q) > 0 ? faq_list_html(r, buf_cstr(&expr), 50, 3) : 0;
		if (n == 0)
			html_fmt(b, "<p>%s <a href=\"/faq\">%s</a></p>\n",
				 tr(r, "沒有找到符合的常見問題。"), tr(r, "看全部常見問題"));
	} else {
		n = faq_list_html(r, NULL, 100000, 2);
		if (n == 0)
			html_fmt(b, "<p>%s</p>\n", tr(r, "目前還沒有常見問題。"));
	}
	buf_free(&expr);
	if (n < 0)
		return req_fail(r, 500, "faq query failed");
	html_fmt(b, "<p class=\"ask-link\">%s <a href=\"/ask\">%s</a></p>\n",
		 tr(r, "沒有找到您要的答案？"), tr(r, "我要諮詢"));
	page_end(r);
	return 0;
}

/* ---- staff editing ---- */

/* An entry as read from the form and checked. */
struct faq_form {
	char *question, *answer;	/* trimmed; malloc'd */
	const char *topic;
	long long sort;
	int published;
	struct form_errors fe;
};

static void faq_form_free(struct faq_form *f)
{
	free(f->question);
	free(f->answer);
}

/* Reads and checks r->in. Returns 0 (f->fe may hold errors) or -1. */
static int faq_form_read(struct request *r, struct faq_form *f)
{
	const struct param_value *in = r->in;
	f->question = reg_trimmed(in[FE_QUESTION].present ? in[FE_QUESTION].s : "");
	f->answer = reg_trimmed(in[FE_ANSWER].present ? in[FE_ANSWER].s : "");
	if (!f->question || !f->answer)
		return -1;
	if (!f->question[0] || text_length(f->question) > 300)
		fe_add(&f->fe, "question", "%s", tr(r, "請寫下問題（最多 300 個字）。"));
	if (!f->answer[0] || text_length(f->answer) > FAQ_TEXT_MAX)
		fe_add(&f->fe, "answer", tr(r, "請寫下解答（最多 %d 個字）。"), FAQ_TEXT_MAX);
	if (in[FE_TOPIC].present)
		f->topic = inquiry_topics[in[FE_TOPIC].n];
	else
		fe_add(&f->fe, "topic", "%s", tr(r, "請選擇類別。"));
	f->sort = 0;
	if (in[FE_SORT].present && bo_parse_count(in[FE_SORT].s, 0, 9999, &f->sort) < 0)
		fe_add(&f->fe, "sort", "%s", tr(r, "排序請填 0 到 9999 的整數，數字小的排在前面。"));
	f->published = in[FE_PUBLISHED].present && in[FE_PUBLISHED].n;
	return 0;
}

/* The fields of the entry form; values from the form when it came back
 * (or from id's row: question, answer, topic, sort, published). */
static void faq_fields(struct request *r, const struct form_errors *fe, const char *question,
		       const char *answer, const char *topic, const char *sort, int published)
{
	const char *opts[2 * 6 + 1];
	int k = 0;
	for (int i = 0; inquiry_topics[i]; i++) {
		opts[k++] = inquiry_topics[i];
		opts[k++] = inquiry_topic_name(r, inquiry_topics[i]);
	}
	opts[k] = NULL;
	bo_select(r, fe, "topic", tr(r, "類別"), opts, topic, NULL);
	bo_input(r, fe, "question", tr(r, "問題"), "text", question, 300, NULL, 1);
	bo_textarea(r, fe, "answer", tr(r, "解答"), answer, FAQ_TEXT_MAX, 8,
		    tr(r, "用簡單、完整的句子回答；可以寫電話或網址。"));
	bo_input(r, fe, "sort", tr(r, "排序"), "number", sort, 4,
		 tr(r, "同一類別中，數字小的排在前面。"), 0);
	bo_fieldset_begin(r, fe, "published", tr(r, "公開"), NULL);
	bo_choice(r, "checkbox", "published", "f-published-yes", "yes",
		  tr(r, "公開在常見問題頁與諮詢表單"), published);
	bo_fieldset_end(r);
}

/* The list and the form to add one; fe and the form's values when the
 * add came back with errors, else NULL. */
static int faqs_page(struct request *r, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc;
	page_begin(r, tr(r, "常見問題管理"), NULL);
	html_fmt(b, "<p><a href=\"/admin/inquiries\">%s</a>%s<a href=\"/faq\">%s</a></p>\n",
		 tr(r, "諮詢信箱"), trp(r, "分隔", "　"), tr(r, "看公開的常見問題頁"));
	bo_error_summary(r, fe);
	html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "依類別與排序"), tr(r, "問題"), tr(r, "類別"), tr(r, "排序"), tr(r, "公開"));
	db_query(r->db, &q, ST_FAQ_ALL, "");
	while ((rc = db_next(&q)) == 1)
		html_fmt(b, "<tr><th scope=\"row\"><a href=\"/admin/faqs/%lld\">%s</a></th><td>%s</td>"
			 "<td>%lld</td><td>%s</td></tr>\n", db_int(&q, 0), db_text(&q, 1),
			 inquiry_topic_name(r, db_text(&q, 3)), db_int(&q, 4),
			 db_int(&q, 5) ? tr(r, "已公開") : tr(r, "未公開"));
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "faq list failed");
	html_fmt(b, "</tbody></table></div>\n<h2 id=\"new\">%s</h2>\n"
		 "<form method=\"post\" action=\"/admin/faqs\" novalidate=\"novalidate\">\n",
		 tr(r, "新增一則常見問題"));
	csrf_field(r);
	faq_fields(r, fe, fe ? bo_val(r, "question") : "", fe ? bo_val(r, "answer") : "",
		   fe ? bo_val(r, "topic") : "courses", fe ? bo_val(r, "sort") : "0",
		   fe ? r->in[FE_PUBLISHED].present && r->in[FE_PUBLISHED].n : 1);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "新增"));
	page_end(r);
	return 0;
}

int page_bo_faqs(struct request *r)
{
	return faqs_page(r, NULL);
}

/* The audit value of an entry. */
static json_t *faq_json(const struct faq_form *f)
{
	return json_pack("{s:s,s:s,s:s,s:I,s:b}", "question", f->question, "answer", f->answer,
			 "topic", f->topic, "sort", (json_int_t)f->sort, "published", f->published);
}

int page_bo_faq_create(struct request *r)
{
	struct faq_form f = {0};
	int rc = 0;
	if (faq_form_read(r, &f) < 0) {
		rc = req_fail(r, 500, "out of memory");
	} else if (f.fe.n) {
		r->status = 400;
		rc = faqs_page(r, &f.fe);
	} else {
		int ok = db_begin(r->db) == 0 &&
			 db_exec(r->db, ST_FAQ_INSERT, "tttiii", f.question, f.answer, f.topic, f.sort,
				 (long long)f.published, 0LL) == 0;
		if (bo_audit(r, ok, "create", "faq", db_last_id(r->db), NULL, faq_json(&f)) < 0 ||
		    db_commit(r->db) < 0)
			rc = reg_tx_failed(r);
		else
			rc = req_redirect(r, "/admin/faqs");
	}
	faq_form_free(&f);
	return rc;
}

/* The edit page of the URL's entry; fe when the form came back. */
static int faq_page(struct request *r, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	struct dbq q;
	char sort[24];
	db_query(r->db, &q, ST_FAQ_GET, "i", r->path_id);
	int rc = db_next(&q);
	if (rc != 1) {
		db_done(&q);
		return rc < 0 ? req_fail(r, 500, "faq lookup failed")
			      : req_fail(r, 404, "%s", tr(r, "找不到這則常見問題。"));
	}
	page_begin(r, tr(r, "編輯常見問題"), NULL);
	html_fmt(b, "<p><a href=\"/admin/faqs\">%s</a></p>\n", tr(r, "回到常見問題管理"));
	bo_error_summary(r, fe);
	html_fmt(b, "<form method=\"post\" action=\"/admin/faqs/%lld\" novalidate=\"novalidate\">\n",
		 r->path_id);
	csrf_field(r);
	snprintf(sort, sizeof sort, "%lld", db_int(&q, 4));
	if (fe)
		faq_fields(r, fe, bo_val(r, "question"), bo_val(r, "answer"), bo_val(r, "topic"),
			   bo_val(r, "sort"), r->in[FE_PUBLISHED].present && r->in[FE_PUBLISHED].n);
	else
		faq_fields(r, NULL, db_text(&q, 1), db_text(&q, 2), db_text(&q, 3), sort,
			   (int)db_int(&q, 5));
	db_done(&q);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n"
		 "<h2>%s</h2>\n<form method=\"post\" action=\"/admin/faqs/%lld/delete\">\n",
		 tr(r, "儲存"), tr(r, "刪除這則常見問題"), r->path_id);
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"confirm\" value=\"yes\"/>\n<p>%s</p>\n"
		 "<p><button type=\"submit\" class=\"danger\">%s</button></p>\n</form>\n",
		 tr(r, "只想暫時不顯示，請取消勾選「公開」就好；刪除後無法復原。"), tr(r, "刪除"));
	page_end(r);
	return 0;
}

int page_bo_faq(struct request *r)
{
	return faq_page(r, NULL);
}

/* The entry of the URL as stored (audit), or NULL when there is none. */
static json_t *stored(struct request *r)
{
	struct dbq q;
	json_t *j = NULL;
	db_query(r->db, &q, ST_FAQ_GET, "i", r->path_id);
	if (db_next(&q) == 1)
		j = json_pack("{s:s,s:s,s:s?,s:I,s:b}", "question", db_text(&q, 1), "answer",
			      db_text(&q, 2), "topic", db_text(&q, 3), "sort", (json_int_t)db_int(&q, 4),
			      "published", (int)db_int(&q, 5));
	db_done(&q);
	return j;
}

int page_bo_faq_update(struct request *r)
{
	struct faq_form f = {0};
	int rc;
	json_t *old = stored(r);
	if (!old)
		return req_fail(r, 404, "%s", tr(r, "找不到這則常見問題。"));
	if (faq_form_read(r, &f) < 0) {
		rc = req_fail(r, 500, "out of memory");
	} else if (f.fe.n) {
		r->status = 400;
		rc = faq_page(r, &f.fe);
	} else {
		int ok = db_begin(r->db) == 0 &&
			 db_exec(r->db, ST_FAQ_UPDATE, "itttii", r->path_id, f.question, f.answer,
				 f.topic, f.sort, (long long)f.published) == 0;
		rc = bo_audit(r, ok, "update", "faq", r->path_id, old, faq_json(&f)) < 0 ||
		     db_commit(r->db) < 0 ? reg_tx_failed(r) : req_redirect(r, "/admin/faqs");
		old = NULL;
	}
	json_decref(old);
	faq_form_free(&f);
	return rc;
}

int page_bo_faq_delete(struct request *r)
{
	json_t *old = stored(r);
	if (!old)
		return req_fail(r, 404, "%s", tr(r, "找不到這則常見問題。"));
	if (!(r->in[FE_CONFIRM].present && r->in[FE_CONFIRM].n)) {
		json_decref(old);
		return req_fail(r, 400, "confirm: yes is needed to delete");
	}
	int ok = db_begin(r->db) == 0 && db_exec(r->db, ST_FAQ_DELETE, "i", r->path_id) == 0;
	if (bo_audit(r, ok, "delete", "faq", r->path_id, old, NULL) < 0 || db_commit(r->db) < 0)
		return reg_tx_failed(r);
	return req_redirect(r, "/admin/faqs");
}
