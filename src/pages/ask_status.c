/* ask_status — the citizen's page of a case, reached by its private link
 * (/inquiries/{token}): the question, its status, the answers with the
 * suggested courses (never the internal notes), and two actions: close
 * the case, or delete its content and the contact data (PDPA). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "db/db.h"
#include "pages/backoffice.h"
#include "pages/inquiry.h"
#include "pages/reg.h"

/* Loads the case of the URL's token. Returns 0, or 404/500 after req_fail(). */
static int load_case(struct request *r, struct inquiry *q)
{
	unsigned char h[32];
	memset(q, 0, sizeof *q);	/* inquiry_free() is safe when the token is bad */
	int rc = token_hash(r->path_token, h) < 0 ? 0 : inquiry_load(r, 0, h, q);
	if (rc < 0)
		return req_fail(r, 500, "inquiry lookup failed");
	if (rc == 0 || q->redacted_at)
		return req_fail(r, 404, "%s", tr(r, "找不到這筆諮詢。連結可能抄錯了，或這筆諮詢已經刪除。"));
	return 0;
}

/* The status page; err: a message for the delete form, or NULL. */
static int status_page(struct request *r, struct inquiry *q, const char *err)
{
	struct buf *b = &r->out, title = BUF_INIT;
	reg_private_reply(r);
	buf_printf(&title, tr(r, "諮詢案號 %s"), q->case_no);
	page_begin(r, buf_cstr(&title), NULL);
	buf_free(&title);
	html_fmt(b, "<dl class=\"facts\">\n<dt>%s</dt><dd><strong>%s</strong></dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
		 tr(r, "處理情形"), inquiry_status_name(r, q->status), tr(r, "類別"),
		 inquiry_topic_name(r, q->topic), tr(r, "送出時間"));
	page_date(r, q->created_at, 0);
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n", tr(r, "受理單位"),
		 q->institution ? q->institution : tr(r, "教育處"));
	html_fmt(b, "<h2>%s</h2>\n<p class=\"pre-wrap question\">%s</p>\n<h2>%s</h2>\n",
		 tr(r, "您的問題"), q->question, tr(r, "回覆"));
	if (inquiry_history_html(r, q->id, 0) < 0)
		return req_fail(r, 500, "history query failed");
	if (strcmp(q->status, "closed")) {
		html_fmt(b, "<h2>%s</h2>\n", tr(r, "問題已經解決了嗎？"));
		if (!strcmp(q->status, "answered")) {
			html_raw_unescaped(b, "<p>");
			html_trf(r, "已回覆的諮詢，%d 天內沒有新的回覆就會自動結案。", INQUIRY_IDLE_CLOSE_DAYS);
			html_raw_unescaped(b, "</p>\n");
		}
		html_fmt(b, "<form method=\"post\" action=\"/inquiries/%s/close\">\n", r->path_token);
		csrf_field(r);
		html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n",
			 tr(r, "已解決，結案"));
	} else {
		html_fmt(b, "<p>%s <a href=\"/ask\">%s</a></p>\n",
			 tr(r, "這筆諮詢已經結案。還有其他問題，歡迎再提問。"), tr(r, "我要諮詢"));
	}
	html_fmt(b, "<section aria-labelledby=\"h-delete\">\n<h2 id=\"h-delete\">%s</h2>\n<p>%s</p>\n"
		 "<form method=\"post\" action=\"/inquiries/%s/delete\" novalidate=\"novalidate\">\n",
		 tr(r, "刪除這筆諮詢"),
		 tr(r, "刪除後，您的問題、回覆與聯絡資料都會清除，這個連結也會失效，無法復原。"),
		 r->path_token);
	csrf_field(r);
	struct form_errors fe = {0};
	if (err)
		fe_add(&fe, "confirm", "%s", err);
	bo_fieldset_begin(r, &fe, "confirm", tr(r, "確認刪除"), NULL);
	bo_choice(r, "checkbox", "confirm", "f-confirm-yes", "yes",
		  tr(r, "我確定要刪除這筆諮詢與我的聯絡資料"), 0);
	bo_fieldset_end(r);
	html_fmt(b, "<p><button type=\"submit\" class=\"danger\">%s</button></p>\n</form>\n</section>\n",
		 tr(r, "刪除"));
	page_end(r);
	return 0;
}

int page_inquiry(struct request *r)
{
	struct inquiry q;
	int rc = load_case(r, &q);
	if (rc == 0)
		rc = status_page(r, &q, NULL);
	inquiry_free(&q);
	return rc;
}

int page_inquiry_close_post(struct request *r)
{
	struct inquiry q;
	char path[64];
	int rc = load_case(r, &q);
	if (rc)
		goto out;
	if (strcmp(q.status, "closed")) {
		if (db_begin(r->db) < 0 ||
		    db_exec(r->db, ST_INQ_SET_STATUS, "it", q.id, "closed") < 0 ||
		    audit_record(r, "close", "inquiry", q.id, json_pack("{s:s}", "status", q.status),
				 json_pack("{s:s,s:s}", "status", "closed", "by", "citizen")) < 0 ||
		    db_commit(r->db) < 0) {
			rc = reg_tx_failed(r);
			goto out;
		}
	}
	snprintf(path, sizeof path, "/inquiries/%s", r->path_token);
	rc = req_redirect(r, path);
out:
	inquiry_free(&q);
	return rc;
}

int page_inquiry_delete_post(struct request *r)
{
	struct inquiry q;
	int rc = load_case(r, &q);
	if (rc)
		goto out;
	if (!(r->in[0].present && r->in[0].n)) {
		r->status = 400;
		rc = status_page(r, &q, tr(r, "要刪除，請先勾選「我確定要刪除」。"));
		goto out;
	}
	if (db_begin(r->db) < 0 || inquiry_redact(r, q.id) < 0 ||
	    audit_record(r, "redact", "inquiry", q.id, NULL,
			 json_pack("{s:s}", "by", "citizen")) < 0 ||
	    db_commit(r->db) < 0) {
		rc = reg_tx_failed(r);
		goto out;
	}
	reg_private_reply(r);
	page_begin(r, tr(r, "已刪除這筆諮詢"), NULL);
	html_fmt(&r->out, "<p role=\"status\">%s</p>\n<p><a href=\"/\">%s</a></p>\n",
		 tr(r, "您的問題、回覆與聯絡資料已經清除，專屬連結也已失效。"), tr(r, "回到首頁"));
	page_end(r);
out:
	inquiry_free(&q);
	return rc;
}
