/* inquiry_admin — the staff side of the consultation service: the inbox
 * (/admin/inquiries: open, answered, closed or all; "assigned to me"; the
 * age of each case, oldest open first) and a case's page with its history
 * and the forms to note, answer (suggesting courses found by keyword,
 * without JavaScript), assign, hand on and close or reopen.
 *
 * Who sees what: the Education Department's officers (administrators) see
 * every case, and the unrouted ones are theirs; institution staff see
 * their own institution's cases only, and get 404 for any other (the same
 * answer as for a case that does not exist). Every change is one
 * transaction with its audit record; an answer also queues the e-mail to
 * the citizen. */
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
#include "search/tokenize.h"

#define PER_PAGE 50
#define MAX_COURSES 20

static const char *const list_status[] = {"open", "answered", "closed", "all", NULL};
enum { LS_STATUS, LS_MINE, LS_INSTITUTION, LS_PAGE };
const struct param_spec inq_list_params[] = {
	{"status", P_ENUM, 0, 0, list_status, 0},
	{"mine", P_BOOL, 0, 0, NULL, 0},
	{"institution", P_INT, -1, 1000000000000LL, NULL, 0},	/* -1: the Education Department */
	{"page", P_INT_CLAMP, 1, 1000000, NULL, 1},
	{NULL, 0, 0, 0, NULL, 0},
};

static const char *const answer_actions[] = {"send", "find", NULL};
enum { AN_ANSWER, AN_COURSE_Q, AN_COURSE, AN_ACTION };
const struct param_spec inq_answer_params[] = {
	{"answer", P_TEXT, 0, 4 * INQUIRY_ANSWER_MAX, NULL, 0},
	{"course_q", P_TEXT, 0, 200, NULL, 0},
	{"course", P_INT, 1, 1000000000000LL, NULL, 0},	/* repeatable; each checked */
	{"action", P_ENUM, 0, 0, answer_actions, 0},
	{NULL, 0, 0, 0, NULL, 0},
};
const struct param_spec inq_note_params[] = {
	{"body", P_TEXT, 0, 4 * INQUIRY_ANSWER_MAX, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};
const struct param_spec inq_assign_params[] = {
	{"user", P_INT, 0, 1000000000000LL, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};
const struct param_spec inq_route_params[] = {
	{"institution", P_INT, 0, 1000000000000LL, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};
static const char *const status_choices[] = {"open", "closed", NULL};
const struct param_spec inq_status_params[] = {
	{"status", P_ENUM, 0, 0, status_choices, -1},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Appends s cut to at most n code points, with "…" when cut. */
static void excerpt(struct request *r, const char *s, int n)
{
	const char *p = s;
	for (int k = 0; *p && k < n; k++)
		do
			p++;
		while ((*p & 0xc0) == 0x80);
	html_textn(&r->out, s, (size_t)(p - s));
	if (*p)
		html_raw_unescaped(&r->out, "…");
}

/* ---- the inbox ---- */

/* Appends the inbox's address with status k and the other filters kept
 * ("assigned to me", the institution). */
static void inbox_href(struct request *r, int k)
{
	html_fmt(&r->out, "/admin/inquiries?status=%s", list_status[k]);
	if (r->in[LS_MINE].n)
		html_raw_unescaped(&r->out, "&amp;mine=yes");
	if (r->in[LS_INSTITUTION].present)
		html_fmt(&r->out, "&amp;institution=%lld", r->in[LS_INSTITUTION].n);
}

/* One tab of the inbox, keeping the other filters. */
static void tab(struct request *r, int k, const char *label, long long n, int current)
{
	html_raw_unescaped(&r->out, "<li><a href=\"");
	inbox_href(r, k);
	html_raw_unescaped(&r->out, current ? "\" aria-current=\"page\">" : "\">");
	html_fmt(&r->out, "%s (%lld)</a></li>\n", label, n);
}

/* The filter form: "assigned to me", and for administrators whose cases. */
static void filters(struct request *r, long long scope)
{
	struct buf *b = &r->out;
	html_fmt(b, "<form method=\"get\" action=\"/admin/inquiries\" class=\"filters\">\n"
		 "<input type=\"hidden\" name=\"status\" value=\"%s\"/>\n",
		 list_status[r->in[LS_STATUS].n]);
	if (r->role == ROLE_ADMIN) {
		html_fmt(b, "<p class=\"field\"><label for=\"f-institution\">%s</label>"
			 "<select id=\"f-institution\" name=\"institution\">\n", tr(r, "受理單位"));
		bo_option(r, "", tr(r, "全部"), scope == 0);
		bo_option(r, "-1", tr(r, "教育處（未指定機構）"), scope == -1);
		inquiry_options(r, ST_INQ_INSTITUTIONS, 0, scope);
		html_raw_unescaped(b, "</select></p>\n");
	}
	bo_choice(r, "checkbox", "mine", "f-mine", "yes", tr(r, "只看指派給我的"), r->in[LS_MINE].n != 0);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "顯示"));
}

int page_bo_inquiries(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	static const char *const tab_names[] = {N_("處理中"), N_("已回覆"), N_("已結案"), N_("全部")};
	long long counts[4] = {0}, page = r->in[LS_PAGE].n;
	long long scope = r->role == ROLE_ADMIN ? r->in[LS_INSTITUTION].n : r->staff.institution_id;
	long long mine = r->in[LS_MINE].n ? r->staff.user_id : 0;
	int k = (int)r->in[LS_STATUS].n, rc, n = 0;
	db_query(r->db, &q, ST_INQ_COUNTS, "tii", "", scope, mine);
	if ((rc = db_next(&q)) == 1)
		for (int i = 0; i < 4; i++)
			counts[i] = db_int(&q, i);
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "inquiry count failed");
	page_begin(r, tr(r, "諮詢信箱"), NULL);
	html_fmt(b, "<p><a href=\"/admin\">%s</a>%s<a href=\"/admin/inquiries/stats\">%s</a>",
		 tr(r, "工作人員首頁"), trp(r, "分隔", "　"), tr(r, "回覆時間統計"));
	if (r->role == ROLE_ADMIN)
		html_fmt(b, "%s<a href=\"/admin/faqs\">%s</a>", trp(r, "分隔", "　"), tr(r, "常見問題管理"));
	html_fmt(b, "</p>\n<nav class=\"tabs\" aria-label=\"%s\"><ul>\n", tr(r, "案件狀態"));
	for (int i = 0; i < 4; i++)
		tab(r, i, tr(r, tab_names[i]), counts[i], i == k);
	html_raw_unescaped(b, "</ul></nav>\n");
	filters(r, scope);
	html_fmt(b, "<div class=\"table-scroll\"><table class=\"inq-inbox\">\n<caption>%s</caption>\n<thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "最久未處理的在最上面"), tr(r, "案號"), tr(r, "問題"), tr(r, "受理單位"),
		 tr(r, "承辦人"), tr(r, "送出時間"), tr(r, "已經過"), tr(r, "處理情形"));
	db_query(r->db, &q, ST_INQ_LIST, "tiiii", k == 3 ? "" : list_status[k], scope, mine,
		 (long long)PER_PAGE, (page - 1) * PER_PAGE);
	while ((rc = db_next(&q)) == 1) {
		html_fmt(b, "<tr><th scope=\"row\"><a href=\"/admin/inquiries/%lld\">%s</a></th><td>"
			 "<span class=\"muted\">%s</span><br/>",
			 db_int(&q, 0), db_text(&q, 1), inquiry_topic_name(r, db_text(&q, 2)));
		if (db_text(&q, 10))
			html_tr(r, "（民眾已刪除內容）");
		else
			excerpt(r, db_text(&q, 5), 60);
		html_fmt(b, "</td><td>%s</td><td>%s</td><td>",
			 db_text(&q, 4) ? db_text(&q, 4) : tr(r, "教育處"),
			 db_text(&q, 8) ? db_text(&q, 8) : tr(r, "未指派"));
		page_date(r, db_text(&q, 7), 0);
		html_raw_unescaped(b, "</td><td>");
		html_trnf(r, "%lld 天", "%lld 天", (unsigned long)db_int(&q, 9), db_int(&q, 9));
		html_fmt(b, "</td><td>%s</td></tr>\n", inquiry_status_name(r, db_text(&q, 6)));
		n++;
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "inquiry list failed");
	html_raw_unescaped(b, "</tbody></table></div>\n");
	if (!n)
		html_fmt(b, "<p>%s</p>\n", tr(r, "沒有符合的案件。"));
	if (counts[k] > page * PER_PAGE) {
		html_raw_unescaped(b, "<p><a href=\"");
		inbox_href(r, k);
		html_fmt(b, "&amp;page=%lld\">%s</a></p>\n", page + 1, tr(r, "下一頁"));
	}
	page_end(r);
	return 0;
}

/* ---- one case ---- */

/* Loads the case of the URL ({id}) into q when r's staff member may see
 * it. Returns 0, or 404/500 after req_fail(). */
static int case_access(struct request *r, struct inquiry *q)
{
	int rc = inquiry_load(r, r->path_id, NULL, q);
	if (rc < 0)
		return req_fail(r, 500, "inquiry lookup failed");
	if (rc == 0 || (r->role != ROLE_ADMIN && q->institution_id != r->staff.institution_id)) {
		inquiry_free(q);
		return req_fail(r, 404, "%s", tr(r, "找不到這筆諮詢。"));
	}
	return 0;
}

/* What a case page shows besides the case: errors and text kept from a
 * form that came back, and the courses found for an answer. */
struct case_view {
	struct form_errors fe;
	const char *answer, *note;	/* text kept, or NULL */
	long long ticked[MAX_COURSES];	/* courses ticked for the answer */
	int n_ticked;
};

/* One course checkbox of the answer form. */
static void course_choice(struct request *r, long long id, const char *title, const char *inst,
			  int checked)
{
	char v[24], html_id[40];
	struct buf label = BUF_INIT;
	snprintf(v, sizeof v, "%lld", id);
	snprintf(html_id, sizeof html_id, "f-course-%lld", id);
	buf_printf(&label, "%s（%s）", title, inst);
	bo_choice(r, "checkbox", "course", html_id, v, buf_cstr(&label), checked);
	buf_free(&label);
}

/* The ticked courses, then the published courses matching course_q. */
static void course_picker(struct request *r, const struct case_view *v)
{
	struct buf *b = &r->out, expr = BUF_INIT;
	struct dbq q;
	int shown = 0;
	bo_fieldset_begin(r, &v->fe, "course", tr(r, "建議課程（可不選）"),
			  tr(r, "輸入關鍵字按「找課程」，勾選要建議給民眾的課程；回覆裡會附上課程連結。"));
	for (int i = 0; i < v->n_ticked; i++) {
		db_query(r->db, &q, ST_INQ_COURSE_GET, "i", v->ticked[i]);
		if (db_next(&q) == 1) {
			course_choice(r, v->ticked[i], db_text(&q, 1), db_text(&q, 2), 1);
			shown++;
		}
		db_done(&q);
	}
	const char *kw = r->in[AN_COURSE_Q].present ? r->in[AN_COURSE_Q].s : "";
	if (*kw && tok_fts_query(&expr, kw) > 0) {
		db_query(r->db, &q, ST_INQ_COURSE_FIND, "t", buf_cstr(&expr));
		while (db_next(&q) == 1) {
			int dup = 0;
			for (int i = 0; i < v->n_ticked; i++)
				dup |= v->ticked[i] == db_int(&q, 0);
			if (!dup) {
				course_choice(r, db_int(&q, 0), db_text(&q, 1), db_text(&q, 2), 0);
				shown++;
			}
		}
		db_done(&q);
		if (!shown)
			html_fmt(b, "<p>%s</p>\n", tr(r, "沒有找到符合的已發布課程，請換個關鍵字。"));
	}
	buf_free(&expr);
	html_fmt(b, "<div class=\"field\"><label for=\"f-course_q\">%s</label>"
		 "<input id=\"f-course_q\" name=\"course_q\" type=\"search\" maxlength=\"200\" value=\"%s\"/>"
		 "</div>\n<p><button type=\"submit\" name=\"action\" value=\"find\" class=\"secondary\">%s</button></p>\n",
		 tr(r, "課程關鍵字"), kw, tr(r, "找課程"));
	bo_fieldset_end(r);
}

/* A form posting to /admin/inquiries/{id}/what, with its heading. */
static void form_open(struct request *r, const struct inquiry *q, const char *what,
		      const char *heading)
{
	html_fmt(&r->out, "<section class=\"inq-form\" id=\"%s\"><h2>%s</h2>\n"
		 "<form method=\"post\" action=\"/admin/inquiries/%lld/%s\" novalidate=\"novalidate\">\n",
		 what, heading, q->id, what);
	csrf_field(r);
}

static void form_close(struct request *r, const char *button)
{
	html_fmt(&r->out, "<p><button type=\"submit\">%s</button></p>\n</form>\n</section>\n", button);
}

/* The forms to assign the case and to hand it on. */
static void routing_forms(struct request *r, const struct inquiry *q)
{
	struct buf *b = &r->out;
	form_open(r, q, "assign", tr(r, "指派承辦人"));
	html_fmt(b, "<div class=\"field\"><label for=\"f-user\">%s</label><select id=\"f-user\" name=\"user\">\n",
		 tr(r, "承辦人"));
	bo_option(r, "0", tr(r, "未指派"), q->assigned_id == 0);
	inquiry_options(r, ST_INQ_ASSIGNABLE, q->institution_id, q->assigned_id);
	html_raw_unescaped(b, "</select></div>\n");
	form_close(r, tr(r, "指派"));
	if (r->role == ROLE_ADMIN) {
		form_open(r, q, "route", tr(r, "轉給其他機構"));
		html_fmt(b, "<div class=\"field\"><label for=\"f-route\">%s</label>"
			 "<select id=\"f-route\" name=\"institution\">\n", tr(r, "受理單位"));
		bo_option(r, "0", tr(r, "教育處"), q->institution_id == 0);
		inquiry_options(r, ST_INQ_INSTITUTIONS, 0, q->institution_id);
		html_raw_unescaped(b, "</select></div>\n");
		form_close(r, tr(r, "轉交"));
	} else if (q->institution_id) {
		form_open(r, q, "route", tr(r, "轉回教育處"));
		html_fmt(b, "<p>%s</p>\n<input type=\"hidden\" name=\"institution\" value=\"0\"/>\n",
			 tr(r, "這個問題不屬於本機構，請教育處改派。轉回後，本機構就看不到這筆案件。"));
		form_close(r, tr(r, "轉回教育處"));
	}
}

/* The case page; v holds what a form that came back carries (or zeros). */
static void case_page(struct request *r, const struct inquiry *q, const struct case_view *v)
{
	struct buf *b = &r->out, title = BUF_INIT;
	buf_printf(&title, tr(r, "諮詢案號 %s"), q->case_no);
	page_begin(r, buf_cstr(&title), NULL);
	buf_free(&title);
	r->cache_control = "no-store";
	html_fmt(b, "<p><a href=\"/admin/inquiries\">%s</a></p>\n", tr(r, "回到諮詢信箱"));
	bo_error_summary(r, &v->fe);
	html_fmt(b, "<dl class=\"facts\">\n<dt>%s</dt><dd><strong>%s</strong></dd>\n<dt>%s</dt><dd>%s</dd>\n"
		 "<dt>%s</dt><dd>", tr(r, "處理情形"), inquiry_status_name(r, q->status), tr(r, "類別"),
		 inquiry_topic_name(r, q->topic), tr(r, "送出時間"));
	page_date(r, q->created_at, 0);
	html_raw_unescaped(b, "（");
	html_trnf(r, "已經過 %lld 天", "已經過 %lld 天", (unsigned long)q->age_days, q->age_days);
	html_fmt(b, "）</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
		 tr(r, "受理單位"), q->institution ? q->institution : tr(r, "教育處"), tr(r, "承辦人"),
		 q->assigned_email ? q->assigned_email : tr(r, "未指派"), tr(r, "聯絡方式"));
	if (q->email)
		html_fmt(b, "<a href=\"mailto:%s\">%s</a> ", q->email, q->email);
	if (q->phone)
		html_fmt(b, "%s", q->phone);
	if (!q->email && !q->phone)
		html_tr(r, "（已刪除）");
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n</dl>\n", tr(r, "民眾使用的語言"),
		 q->lang ? q->lang : "zh-Hant");
	html_fmt(b, "<h2>%s</h2>\n<p class=\"pre-wrap question\">%s</p>\n<h2>%s</h2>\n",
		 tr(r, "民眾的問題"), q->redacted_at ? tr(r, "（民眾已刪除內容）") : q->question,
		 tr(r, "處理紀錄"));
	inquiry_history_html(r, q->id, 1);
	if (q->redacted_at) {
		page_end(r);
		return;
	}
	form_open(r, q, "answer", tr(r, "回覆民眾"));
	html_fmt(b, "<p class=\"hint\">%s</p>\n",
		 q->email ? tr(r, "送出後，民眾會收到電子郵件通知，並可在專屬連結頁看到回覆與建議課程。")
			  : tr(r, "民眾沒有留電子郵件，送出後請打電話告知，民眾也可在專屬連結頁看到回覆。"));
	bo_textarea(r, &v->fe, "answer", tr(r, "回覆內容（必填）"), v->answer, INQUIRY_ANSWER_MAX, 8, NULL);
	course_picker(r, v);
	html_fmt(b, "<p><button type=\"submit\" name=\"action\" value=\"send\">%s</button></p>\n</form>\n</section>\n",
		 tr(r, "送出回覆"));
	form_open(r, q, "note", tr(r, "內部備註"));
	bo_textarea(r, &v->fe, "body", tr(r, "備註（民眾看不到）"), v->note, INQUIRY_ANSWER_MAX, 4, NULL);
	form_close(r, tr(r, "新增備註"));
	routing_forms(r, q);
	int closed = !strcmp(q->status, "closed");
	form_open(r, q, "status", closed ? tr(r, "重新開啟") : tr(r, "結案"));
	html_fmt(b, "<input type=\"hidden\" name=\"status\" value=\"%s\"/>\n", closed ? "open" : "closed");
	form_close(r, closed ? tr(r, "重新開啟這筆案件") : tr(r, "結案"));
	page_end(r);
}

int page_bo_inquiry(struct request *r)
{
	struct inquiry q;
	struct case_view v = {0};
	int rc = case_access(r, &q);
	if (rc)
		return rc;
	case_page(r, &q, &v);
	inquiry_free(&q);
	return 0;
}

/* Refuses a change to a case the citizen deleted (its personal data is
 * gone and nothing may be added back); in_tx: roll the caller's
 * transaction back first. Returns 409 after req_fail(). */
static int case_deleted(struct request *r, int in_tx)
{
	if (in_tx)
		db_rollback(r->db);
	return req_fail(r, 409, "%s", tr(r, "民眾已刪除這筆諮詢，不能再新增備註或變更。"));
}

/* Back to the case page after a change. */
static int to_case(struct request *r, long long id, const char *anchor)
{
	char path[80];
	snprintf(path, sizeof path, "/admin/inquiries/%lld%s", id, anchor);
	return req_redirect(r, path);
}

/* Reads the ticked courses (every "course" value) into v; each must be a
 * published course. Returns 0, or 1 when one is not (error recorded). */
static int read_ticked(struct request *r, struct case_view *v)
{
	for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next) {
		long long id;
		if (strcmp(kv->key, "course") || !kv->value || !*kv->value)
			continue;
		if (bo_parse_count(kv->value, 1, 1000000000000LL, &id) < 0 ||
		    db_scalar(r->db, &id, ST_INQ_COURSE_GET, "i", id) != 1) {
			fe_add(&v->fe, "course", "%s", tr(r, "勾選的課程不存在或已下架，請重新選擇。"));
			return 1;
		}
		if (v->n_ticked < MAX_COURSES)
			v->ticked[v->n_ticked++] = id;
	}
	return 0;
}

int page_bo_inquiry_answer(struct request *r)
{
	struct inquiry q;
	struct case_view v = {0};
	char *text = NULL;
	long long note;
	int rc = case_access(r, &q);
	if (rc)
		return rc;
	v.answer = r->in[AN_ANSWER].present ? r->in[AN_ANSWER].s : "";
	if (q.redacted_at) {
		rc = req_fail(r, 409, "%s", tr(r, "民眾已刪除這筆諮詢，不能再回覆。"));
		goto out;
	}
	if (!(text = reg_trimmed(v.answer))) {
		rc = req_fail(r, 500, "out of memory");
		goto out;
	}
	read_ticked(r, &v);
	if (r->in[AN_ACTION].n == 1) {	/* find courses: show the page again */
		v.fe.n = 0;
		case_page(r, &q, &v);
		goto out;
	}
	if (!text[0])
		fe_add(&v.fe, "answer", "%s", tr(r, "請寫下回覆內容。"));
	else if (text_length(text) > INQUIRY_ANSWER_MAX)
		fe_add(&v.fe, "answer", tr(r, "回覆最多 %d 個字。"), INQUIRY_ANSWER_MAX);
	if (v.fe.n) {
		r->status = 400;
		case_page(r, &q, &v);
		goto out;
	}
	json_t *courses = json_array();
	int ok = db_begin(r->db) == 0 &&
		 db_exec(r->db, ST_INQ_NOTE_INSERT, "iitt", q.id, r->staff.user_id, "answer", text) == 0;
	/* deleted since it was loaded: nothing added (the transaction now
	 * keeps it so for ST_INQ_ANSWERED) */
	if (ok && db_changes(r->db) != 1) {
		json_decref(courses);
		rc = case_deleted(r, 1);
		goto out;
	}
	note = db_last_id(r->db);
	for (int i = 0; ok && i < v.n_ticked; i++) {
		ok = db_exec(r->db, ST_INQ_NOTE_COURSE_ADD, "ii", note, v.ticked[i]) == 0;
		json_array_append_new(courses, json_integer(v.ticked[i]));
	}
	ok = ok && db_exec(r->db, ST_INQ_ANSWERED, "i", q.id) == 0 &&
	     inquiry_mail(r, q.id, note, NULL) >= 0;
	if (bo_audit(r, ok, "answer", "inquiry", q.id, json_pack("{s:s}", "status", q.status),
		     json_pack("{s:s,s:I,s:o}", "status", "answered", "note_id", (json_int_t)note,
			       "courses", courses)) < 0 ||
	    inquiry_redact(r, 0) < 0 || db_commit(r->db) < 0) {
		rc = reg_tx_failed(r);
		goto out;
	}
	/* the anchor names the new answer */
	char anchor[40];
	snprintf(anchor, sizeof anchor, "#note-%lld", note);
	rc = to_case(r, q.id, anchor);
out:
	free(text);
	inquiry_free(&q);
	return rc;
}

int page_bo_inquiry_note(struct request *r)
{
	struct inquiry q;
	struct case_view v = {0};
	char *text = NULL;
	int rc = case_access(r, &q);
	if (rc)
		return rc;
	v.note = r->in[0].present ? r->in[0].s : "";
	if (q.redacted_at) {
		rc = case_deleted(r, 0);
		goto out;
	}
	if (!(text = reg_trimmed(v.note))) {
		rc = req_fail(r, 500, "out of memory");
		goto out;
	}
	if (!text[0] || text_length(text) > INQUIRY_ANSWER_MAX) {
		fe_add(&v.fe, "body", tr(r, "請寫下備註內容（最多 %d 個字）。"), INQUIRY_ANSWER_MAX);
		r->status = 400;
		case_page(r, &q, &v);
		goto out;
	}
	int ok = db_begin(r->db) == 0 &&
		 db_exec(r->db, ST_INQ_NOTE_INSERT, "iitt", q.id, r->staff.user_id, "note", text) == 0;
	if (ok && db_changes(r->db) != 1) {	/* deleted since it was loaded */
		rc = case_deleted(r, 1);
		goto out;
	}
	if (bo_audit(r, ok, "note", "inquiry", q.id, NULL,
		     json_pack("{s:I}", "note_id", (json_int_t)db_last_id(r->db))) < 0 ||
	    db_commit(r->db) < 0) {
		rc = reg_tx_failed(r);
		goto out;
	}
	rc = to_case(r, q.id, "");
out:
	free(text);
	inquiry_free(&q);
	return rc;
}

/* Runs one UPDATE of the case (statement st with types and two values)
 * with its audit record, then back to the case (or to the inbox when
 * the staff member can no longer see it); 409 for a deleted case. Takes
 * old_v and new_v. */
static int change(struct request *r, const struct inquiry *q, enum stmt_id st, const char *types,
		  long long n, const char *s, const char *action, json_t *old_v, json_t *new_v,
		  int to_inbox)
{
	int ok = !q->redacted_at && db_begin(r->db) == 0 &&
		 (types[1] == 'i' ? db_exec(r->db, st, "ii", q->id, n)
				  : db_exec(r->db, st, "it", q->id, s)) == 0;
	if (q->redacted_at || (ok && db_changes(r->db) != 1)) {	/* deleted, maybe meanwhile */
		json_decref(old_v);
		json_decref(new_v);
		return case_deleted(r, !q->redacted_at);
	}
	if (bo_audit(r, ok, action, "inquiry", q->id, old_v, new_v) < 0 || db_commit(r->db) < 0)
		return reg_tx_failed(r);
	return to_inbox ? req_redirect(r, "/admin/inquiries") : to_case(r, q->id, "");
}

int page_bo_inquiry_assign(struct request *r)
{
	struct inquiry q;
	struct dbq d;
	long long user = r->in[0].present ? r->in[0].n : 0;
	int found = user == 0, rc = case_access(r, &q);
	if (rc)
		return rc;
	db_query(r->db, &d, ST_INQ_ASSIGNABLE, "i", q.institution_id);
	while (!found && db_next(&d) == 1)
		found = db_int(&d, 0) == user;
	db_done(&d);
	if (!found)
		rc = req_fail(r, 400, "%s", tr(r, "只能指派給受理單位的工作人員。"));
	else
		rc = change(r, &q, ST_INQ_ASSIGN, "ii", user, NULL, "assign",
			    json_pack("{s:I}", "assigned_user_id", (json_int_t)q.assigned_id),
			    json_pack("{s:I}", "assigned_user_id", (json_int_t)user), 0);
	inquiry_free(&q);
	return rc;
}

int page_bo_inquiry_route(struct request *r)
{
	struct inquiry q;
	long long inst = r->in[0].present ? r->in[0].n : 0, exists = 0;
	int rc = case_access(r, &q);
	if (rc)
		return rc;
	if (r->role != ROLE_ADMIN && inst != 0)
		rc = req_fail(r, 403, "%s", tr(r, "機構工作人員只能把案件轉回教育處，由教育處改派。"));
	else if (inst && db_scalar(r->db, &exists, ST_INQ_INSTITUTION_NAME, "i", inst) != 1)
		rc = req_fail(r, 400, "%s", tr(r, "請從清單中選擇機構。"));
	else
		rc = change(r, &q, ST_INQ_ROUTE, "ii", inst, NULL, "route",
			    json_pack("{s:I}", "institution_id", (json_int_t)q.institution_id),
			    json_pack("{s:I}", "institution_id", (json_int_t)inst),
			    r->role != ROLE_ADMIN);
	inquiry_free(&q);
	return rc;
}

int page_bo_inquiry_status(struct request *r)
{
	struct inquiry q;
	int rc = case_access(r, &q);
	if (rc)
		return rc;
	if (!r->in[0].present)
		rc = req_fail(r, 400, "status: open or closed");
	else
		rc = change(r, &q, ST_INQ_SET_STATUS, "it", 0, status_choices[r->in[0].n],
			    r->in[0].n ? "close" : "reopen", json_pack("{s:s}", "status", q.status),
			    json_pack("{s:s}", "status", status_choices[r->in[0].n]), 0);
	inquiry_free(&q);
	return rc;
}
