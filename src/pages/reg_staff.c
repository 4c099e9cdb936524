/* reg_staff — the staff page of one course's registrations
 * (/admin/courses/{id}/registrations): who is enrolled, the waiting line
 * in order, who cancelled; registering someone at the counter or by
 * phone (assisted registration, for seniors above all), marking
 * childcare requests (programme 1) and cancelling on someone's behalf.
 * Institution staff see only their own institution's courses; admins
 * see all; viewers none (the lists hold personal data). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "db/db.h"
#include "pages/pages.h"
#include "pages/portal.h"
#include "pages/reg.h"

struct scourse {
	long long id, capacity, enrolled, waiting;	/* capacity -1: no limit */
	int childcare;		/* childcare can be asked for: the course offers it or is programme 1 */
	int published;
	char title[512], institution[256];
};

/* Loads course id (drafts too) and checks that r's staff member may see
 * its registrations. Returns 0, or 403/404/500 after req_fail(). */
static int staff_course(struct request *r, long long id, struct scourse *c)
{
	struct dbq q;
	long long inst = 0;
	memset(c, 0, sizeof *c);
	db_query(r->db, &q, ST_REG_COURSE, "ii", id, 1LL);
	int rc = db_next(&q);
	if (rc == 1) {
		c->id = id;
		c->capacity = db_is_null(&q, RC_CAPACITY) ? -1 : db_int(&q, RC_CAPACITY);
		c->enrolled = db_int(&q, RC_ENROLLED);
		c->waiting = db_int(&q, RC_WAITING);
		c->childcare = db_int(&q, RC_CHILDCARE) != 0 ||
			       (!db_is_null(&q, RC_PROGRAMME) && db_int(&q, RC_PROGRAMME) == 1);
		c->published = !strcmp(db_text(&q, RC_STATUS), "published");
		inst = db_int(&q, RC_INST_ID);
		snprintf(c->title, sizeof c->title, "%s", db_text(&q, RC_TITLE));
		snprintf(c->institution, sizeof c->institution, "%s", db_text(&q, RC_INST_NAME));
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "course query failed");
	if (rc == 0)
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程。"));
	if (r->role < ROLE_ADMIN && (r->role != ROLE_INSTITUTION || inst != r->staff.institution_id))
		return req_fail(r, 403, "%s", tr(r, "您只能管理自己機構的課程。"));
	r->cache_control = "no-store";
	return 0;
}

/* One registration row's action forms: childcare on/off, cancel. */
static void row_actions(struct request *r, const struct scourse *c, long long id, int childcare,
			int live, const char *name)
{
	struct buf *b = &r->out;
	if (c->childcare || childcare) {
		html_fmt(b, "<form method=\"post\" action=\"/admin/courses/%lld/registrations/childcare\" "
			 "class=\"inline\">", c->id);
		csrf_field(r);
		html_fmt(b, "<input type=\"hidden\" name=\"registration\" value=\"%lld\"/>"
			 "<input type=\"hidden\" name=\"childcare\" value=\"%s\"/>"
			 "<button type=\"submit\">%s<span class=\"visually-hidden\">：%s</span></button>"
			 "</form> ", id, childcare ? "no" : "yes",
			 childcare ? tr(r, "取消托育") : tr(r, "需要托育"), name);
	}
	if (!live)
		return;
	html_fmt(b, "<form method=\"post\" action=\"/admin/courses/%lld/registrations/cancel\" "
		 "class=\"inline\">", c->id);
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"registration\" value=\"%lld\"/>"
		 "<button type=\"submit\">%s<span class=\"visually-hidden\">：%s</span></button></form>",
		 id, tr(r, "取消報名"), name);
}

/* The tables of registrations: enrolled, waiting, cancelled. Returns 0
 * or -1. */
static int lists(struct request *r, const struct scourse *c)
{
	static const char *const statuses[] = {"enrolled", "waitlisted", "cancelled"};
	struct buf *b = &r->out;
	struct dbq q;
	int rc = 0;
	for (int s = 0; s < 3; s++) {
		int n = 0;
		const char *heading = s == 0 ? tr(r, "錄取名單") : s == 1 ? tr(r, "候補名單")
					     : tr(r, "已取消");
		html_fmt(b, "<section aria-labelledby=\"h-%s\">\n<h2 id=\"h-%s\">%s</h2>\n", statuses[s],
			 statuses[s], heading);
		db_query(r->db, &q, ST_REG_COURSE_LIST, "i", c->id);
		while ((rc = db_next(&q)) == 1) {
			if (strcmp(db_text(&q, 1), statuses[s]))
				continue;
			long long id = db_int(&q, 0);
			int childcare = db_int(&q, 4) != 0;
			const char *email = db_text(&q, 9), *phone = db_text(&q, 8);
			if (n++ == 0)
				html_fmt(b, "<div class=\"table-scroll\"><table class=\"reg-list\">\n"
					 "<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
					 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
					 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
					 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
					 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
					 heading, s == 1 ? tr(r, "順位") : tr(r, "序"), tr(r, "姓名"),
					 tr(r, "聯絡方式"), tr(r, "年齡層／行政區"), tr(r, "報名方式"),
					 tr(r, "托育"), tr(r, "報名時間"), tr(r, "備註"), tr(r, "操作"));
			html_fmt(b, "<tr id=\"r-%lld\"><td class=\"num\">%lld</td><th scope=\"row\">%s</th><td>",
				 id, s == 1 ? db_int(&q, 2) : (long long)n, db_text(&q, 7));
			if (phone)
				portal_phone_link(b, phone);
			if (phone && email)
				html_raw_unescaped(b, "<br/>");
			if (email)
				html_fmt(b, "<a href=\"mailto:%s\">%s</a>", email, email);
			html_fmt(b, "</td><td>%s%s%s</td><td>%s</td><td>%s</td><td>",
				 reg_age_band_name(r, db_text(&q, 10)),
				 db_text(&q, 10) && db_text(&q, 11) ? "／" : "",
				 db_text(&q, 11) ? db_text(&q, 11) : "", reg_channel_name(r, db_text(&q, 3)),
				 childcare ? tr(r, "需要") : "—");
			page_date(r, db_text(&q, 5), 0);
			html_raw_unescaped(b, "</td><td>");
			if (db_text(&q, 6) && s == 0)
				html_fmt(b, "%s%s", tr(r, "由候補遞補"),
					 email ? "" : tr(r, "（沒有電子郵件，請電話通知）"));
			html_raw_unescaped(b, "</td><td>");
			row_actions(r, c, id, childcare, s < 2, db_text(&q, 7));
			html_raw_unescaped(b, "</td></tr>\n");
		}
		db_done(&q);
		if (rc < 0)
			return -1;
		if (n)
			html_raw_unescaped(b, "</tbody>\n</table></div>\n");
		else
			html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "沒有。"));
		html_raw_unescaped(b, "</section>\n");
	}
	return 0;
}

/* Writes the whole page: the outcome of an assisted registration (res),
 * the lists, and the form (with f's errors). */
static int staff_page(struct request *r, const struct scourse *c, const struct reg_form *f,
		      const struct reg_result *res)
{
	struct buf *b = &r->out, title = BUF_INIT, url = BUF_INIT;
	buf_printf(&title, tr(r, "報名名單：%s"), c->title);
	page_begin(r, buf_cstr(&title), NULL);
	buf_free(&title);
	reg_form_error_summary(r, f);
	if (res) {
		html_fmt(b, "<div class=\"reg-outcome %s\" role=\"status\">\n<p>",
			 res->enrolled ? "enrolled" : "waitlisted");
		if (res->enrolled)
			html_tr(r, "已完成報名：錄取。");
		else
			html_trf(r, "已完成報名：候補第 %lld 位。", res->position);
		html_fmt(b, "</p>\n<p>%s</p>\n<ul>\n", tr(r, "請把下面的連結抄給或印給報名者，"
							    "用來查看狀態、取消報名和學習時數："));
		reg_url(r, &url, "/registrations/", res->token);
		html_fmt(b, "<li>%s<span class=\"private-link\">%s</span></li>\n", tr(r, "這筆報名："),
			 buf_cstr(&url));
		buf_reset(&url);
		reg_url(r, &url, "/me/", res->learner_token);
		html_fmt(b, "<li>%s<span class=\"private-link\">%s</span></li>\n</ul>\n", tr(r, "個人學習頁："),
			 buf_cstr(&url));
		if (res->mailed)
			html_fmt(b, "<p>%s</p>\n", tr(r, "確認信已寄到報名者的電子郵件。"));
		html_raw_unescaped(b, "</div>\n");
		buf_free(&url);
	}
	html_fmt(b, "<dl class=\"facts reg-facts\">\n<dt>%s</dt><dd><a href=\"/courses/%lld\">%s</a>%s</dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
		 tr(r, "課程"), c->id, c->title, c->published ? "" : tr(r, "（未公開）"),
		 tr(r, "開課單位"), c->institution, tr(r, "名額"));
	if (c->capacity < 0)
		html_tr(r, "不限名額");
	else
		html_trf(r, "%lld 人", c->capacity);
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%lld</dd>\n<dt>%s</dt><dd>%lld</dd>\n</dl>\n",
		 tr(r, "已錄取"), c->enrolled, tr(r, "候補"), c->waiting);
	if (lists(r, c) < 0)
		return req_fail(r, 500, "registration list failed");
	html_fmt(b, "<section aria-labelledby=\"h-assist\">\n<h2 id=\"h-assist\">%s</h2>\n<p>%s</p>\n",
		 tr(r, "代為報名（臨櫃或電話）"),
		 tr(r, "替到場或來電的民眾（例如長輩）報名。請先念給對方聽下面的個人資料告知事項，對方同意後再送出。"));
	if (!c->published)
		html_fmt(b, "<p class=\"notice\">%s</p>\n", tr(r, "這門課程尚未公開，公開後才能報名。"));
	else {
		html_fmt(b, "<form method=\"post\" action=\"/admin/courses/%lld/registrations\" "
			 "class=\"form reg-form\" novalidate=\"novalidate\">\n", c->id);
		csrf_field(r);
		html_raw_unescaped(b, "\n");
		reg_form_fields(r, f, c->childcare, 1);
		html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "登記報名"));
	}
	html_fmt(b, "</section>\n<p><a href=\"/admin\">%s</a></p>\n", tr(r, "回到工作人員首頁"));
	page_end(r);
	return 0;
}

int page_staff_registrations(struct request *r)
{
	struct scourse c;
	int rc = staff_course(r, r->path_id, &c);
	return rc ? rc : staff_page(r, &c, NULL, NULL);
}

int page_staff_register_post(struct request *r)
{
	struct scourse c;
	struct reg_form f;
	struct reg_result res;
	int rc = staff_course(r, r->path_id, &c);
	if (rc)
		return rc;
	rc = reg_form_read(r, &f, 1);
	if (rc < 0) {
		rc = req_fail(r, 500, "cannot read the form");
	} else if (rc == 1) {
		r->status = 400;
		rc = staff_page(r, &c, &f, NULL);
	} else if ((rc = reg_create(r, c.id, &f, 1, &res)) == 0) {
		/* show the lists as they are now, and an empty form */
		struct scourse now;
		r->status = 201;
		memset(r->in, 0, sizeof r->in);
		rc = staff_course(r, c.id, &now);
		if (!rc)
			rc = staff_page(r, &now, NULL, &res);
	}
	reg_form_free(&f);
	return rc;
}

/* Checks that registration id belongs to course c. 0, or 404/500. */
static int own_registration(struct request *r, const struct scourse *c, long long id,
			    int *childcare, char *name, size_t n)
{
	struct dbq q;
	db_query(r->db, &q, ST_REG_BY_ID, "i", id);
	int rc = db_next(&q);
	int ok = rc == 1 && db_int(&q, REG_COURSE_ID) == c->id;
	if (ok) {
		*childcare = db_int(&q, REG_CHILDCARE) != 0;
		snprintf(name, n, "%s", db_text(&q, REG_NAME));
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "registration query failed");
	return ok ? 0 : req_fail(r, 404, "%s", tr(r, "這門課程沒有這筆報名。"));
}

/* Back to the list, at the row of registration id. */
static int back_to_list(struct request *r, long long course, long long id)
{
	struct buf to = BUF_INIT;
	buf_printf(&to, "/admin/courses/%lld/registrations#r-%lld", course, id);
	int rc = req_redirect(r, buf_cstr(&to));
	buf_free(&to);
	return rc;
}

int page_staff_childcare_post(struct request *r)
{
	struct scourse c;
	char name[256];
	int before = 0, rc = staff_course(r, r->path_id, &c);
	long long id = r->in[0].n;
	int want = r->in[2].present && r->in[2].n;
	if (!rc && !r->in[0].present)
		rc = req_fail(r, 400, "registration: required");
	if (!rc)
		rc = own_registration(r, &c, id, &before, name, sizeof name);
	if (rc)
		return rc;
	if (before != want) {
		if (db_begin(r->db) < 0)
			return reg_tx_failed(r);
		if (db_exec(r->db, ST_REG_SET_CHILDCARE, "ii", id, (long long)want) < 0 ||
		    audit_record(r, "update", "registration", id,
				 json_pack("{s:b}", "childcare_requested", before),
				 json_pack("{s:b}", "childcare_requested", want)) < 0 ||
		    db_commit(r->db) < 0)
			return reg_tx_failed(r);
	}
	return back_to_list(r, c.id, id);
}

int page_staff_cancel_post(struct request *r)
{
	struct scourse c;
	struct buf *b = &r->out;
	char name[256];
	int childcare = 0, rc = staff_course(r, r->path_id, &c);
	long long id = r->in[0].n;
	if (!rc && !r->in[0].present)
		rc = req_fail(r, 400, "registration: required");
	if (!rc)
		rc = own_registration(r, &c, id, &childcare, name, sizeof name);
	if (rc)
		return rc;
	if (!r->in[1].present || !r->in[1].n) {
		page_begin(r, tr(r, "取消報名"), NULL);
		html_raw_unescaped(b, "<p class=\"lead\">");
		html_trf(r, "確定要取消 %s 在「%s」的報名嗎？", name, c.title);
		html_fmt(b, "</p>\n<p>%s</p>\n<form method=\"post\" "
			 "action=\"/admin/courses/%lld/registrations/cancel\">\n",
			 tr(r, "錄取者取消後，名額會自動給候補第一位，並寄信通知對方；無法復原。"), c.id);
		csrf_field(r);
		html_fmt(b, "\n<input type=\"hidden\" name=\"registration\" value=\"%lld\"/>"
			 "<input type=\"hidden\" name=\"confirm\" value=\"yes\"/>\n"
			 "<p><button type=\"submit\">%s</button></p>\n</form>\n"
			 "<p><a href=\"/admin/courses/%lld/registrations\">%s</a></p>\n",
			 id, tr(r, "確定取消報名"), c.id, tr(r, "不要取消，回到報名名單"));
		page_end(r);
		return 0;
	}
	if ((rc = reg_cancel(r, id)) != 0)
		return rc;
	return back_to_list(r, c.id, id);
}
