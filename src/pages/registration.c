/* registration — citizens registering for a course: the form
 * (/courses/{id}/register) and what it answers, a registration's own page
 * reached by its private link (/registrations/{token}) with cancelling,
 * and the same in JSON: POST /api/v1/courses/{id}/registrations,
 * GET and DELETE /api/v1/registrations/{token}. The work is in reg.c. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/session.h"
#include "db/db.h"
#include "http/ratelimit.h"
#include "http/reply.h"
#include "http/server.h"
#include "pages/pages.h"
#include "pages/portal.h"
#include "pages/reg.h"

/* A course open for registration, copied out of ST_REG_COURSE. */
struct course {
	long long id, capacity, enrolled, waiting, inst_id;	/* capacity -1: no limit */
	int childcare, over;
	char title[512], institution[256], phone[64];
};

/* Loads published course id into c. Returns 0, or an HTTP status after
 * req_fail() (404, 500). */
static int course_load(struct request *r, long long id, struct course *c)
{
	struct dbq q;
	memset(c, 0, sizeof *c);
	db_query(r->db, &q, ST_REG_COURSE, "ii", id, 0LL);
	int rc = db_next(&q);
	if (rc == 1) {
		const char *end = db_text(&q, RC_LAST_END);
		c->id = id;
		c->capacity = db_is_null(&q, RC_CAPACITY) ? -1 : db_int(&q, RC_CAPACITY);
		c->enrolled = db_int(&q, RC_ENROLLED);
		c->waiting = db_int(&q, RC_WAITING);
		c->inst_id = db_int(&q, RC_INST_ID);
		c->childcare = db_int(&q, RC_CHILDCARE) != 0;
		c->over = end && strcmp(end, r->now) <= 0;
		snprintf(c->title, sizeof c->title, "%s", db_text(&q, RC_TITLE));
		snprintf(c->institution, sizeof c->institution, "%s", db_text(&q, RC_INST_NAME));
		snprintf(c->phone, sizeof c->phone, "%s",
			 db_text(&q, RC_INST_PHONE) ? db_text(&q, RC_INST_PHONE) : "");
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "course query failed");
	if (rc == 0)
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程，可能已下架或尚未公開。"));
	return 0;
}

/* "How to reach the institution" for people who need help. */
static void ask_institution(struct request *r, const struct course *c)
{
	struct buf *b = &r->out;
	html_fmt(b, "<p>%s<a href=\"/institutions/%lld\">%s</a>", tr(r, "需要協助，請洽 "), c->inst_id,
		 c->institution);
	if (c->phone[0]) {
		html_raw_unescaped(b, " ");
		portal_phone_link(b, c->phone);
	}
	html_raw_unescaped(b, "</p>\n");
}

/* The course, its institution and its places, above the form. */
static void course_facts(struct request *r, const struct course *c)
{
	struct buf *b = &r->out;
	html_fmt(b, "<dl class=\"facts reg-facts\">\n<dt>%s</dt><dd><a href=\"/courses/%lld\">%s</a></dd>\n"
		 "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
		 tr(r, "課程"), c->id, c->title, tr(r, "開課單位"), c->institution, tr(r, "名額"));
	if (c->capacity < 0)
		html_tr(r, "不限名額");
	else if (c->enrolled < c->capacity)
		html_trf(r, "尚餘 %lld 個名額", c->capacity - c->enrolled);
	else
		html_trf(r, "已額滿，目前有 %lld 人候補", c->waiting);
	html_raw_unescaped(b, "</dd>\n</dl>\n");
}

/* Writes the registration form page for c; f holds the errors of a form
 * that came back, or NULL. */
static void form_page(struct request *r, const struct course *c, const struct reg_form *f)
{
	struct buf *b = &r->out, title = BUF_INIT;
	buf_printf(&title, tr(r, "報名：%s"), c->title);
	page_begin(r, buf_cstr(&title), "search");
	buf_free(&title);
	reg_form_error_summary(r, f);
	course_facts(r, c);
	if (c->over) {
		html_fmt(b, "<p class=\"notice\">%s</p>\n", tr(r, "這門課程已經結束，不再接受報名。"));
		ask_institution(r, c);
		page_end(r);
		return;
	}
	if (c->capacity >= 0 && c->enrolled >= c->capacity)
		html_fmt(b, "<div class=\"notice\"><p>%s</p></div>\n",
			 tr(r, "名額已滿。現在報名會排入候補名單；有人取消時，依候補順序遞補，並通知您。"));
	html_fmt(b, "<p class=\"lead\">%s</p>\n",
		 tr(r, "填好下面的資料，按「送出報名」就完成了。標示必填的欄位一定要填。"));
	html_fmt(b, "<form method=\"post\" action=\"/courses/%lld/register\" class=\"form reg-form\" "
		 "novalidate=\"novalidate\">\n", c->id);
	csrf_field(r);
	html_raw_unescaped(b, "\n");
	reg_form_fields(r, f, c->childcare, 0);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "送出報名"));
	ask_institution(r, c);
	page_end(r);
}

int page_register(struct request *r)
{
	struct course c;
	int rc = course_load(r, r->path_id, &c);
	if (rc)
		return rc;
	form_page(r, &c, NULL);
	return 0;
}

/* The anonymous rate limit on registrations. Returns 0 (go on), or 429 /
 * 500 after req_fail(). Staff are not limited. */
static int rate_limited(struct request *r)
{
	if (r->staff.user_id)
		return 0;
	int rc = ratelimit_hit(r, "registration", r->app->cfg.registrations_per_hour, 3600);
	if (rc < 0)
		return req_fail(r, 500, "rate limit lookup failed");
	if (rc == 0)
		return 0;
	req_header(r, "Retry-After", "3600");
	return req_fail(r, 429, tr(r, "這個網路位址在一小時內已送出 %d 次報名，已達上限。"
				      "請一小時後再試，或直接打電話給開課單位報名。"),
			r->app->cfg.registrations_per_hour);
}

/* The page after registering: the outcome, the private link to keep, and
 * what comes next. */
static void result_page(struct request *r, const struct course *c, const struct reg_form *f,
			const struct reg_result *res)
{
	struct buf *b = &r->out, url = BUF_INIT;
	reg_private_reply(r);
	page_begin(r, res->enrolled ? tr(r, "報名完成，您已錄取") : tr(r, "已排入候補名單"), "search");
	html_fmt(b, "<div class=\"reg-outcome %s\" role=\"status\"><p>",
		 res->enrolled ? "enrolled" : "waitlisted");
	if (res->enrolled)
		html_trf(r, "您已錄取「%s」。", c->title);
	else
		html_trf(r, "「%s」目前額滿，您是候補第 %lld 位。有人取消時，依序遞補並通知您。",
			 c->title, res->position);
	html_raw_unescaped(b, "</p></div>\n");
	reg_url(r, &url, "/registrations/", res->token);
	html_fmt(b, "<h2>%s</h2>\n<p>%s</p>\n<p class=\"private-link\"><a href=\"/registrations/%s\">%s</a></p>\n",
		 tr(r, "請保存這筆報名的專屬連結"),
		 tr(r, "用這個連結可以查看錄取或候補順位，也可以取消報名。請加入書籤、抄下來或拍照保存，不要給別人。"),
		 res->token, buf_cstr(&url));
	if (res->mailed)
		html_fmt(b, "<p>%s</p>\n",
			 tr(r, "我們已寄一封確認信到您的電子郵件，信裡有這個連結、上課時間的行事曆檔，"
			       "以及您的個人學習頁連結（所有報名與學習時數都在那裡）。"));
	if (res->learner_token[0]) {
		buf_reset(&url);
		reg_url(r, &url, "/me/", res->learner_token);
		html_fmt(b, "<h2>%s</h2>\n<p>%s</p>\n<p class=\"private-link\"><a href=\"/me/%s\">%s</a></p>\n",
			 tr(r, "您的個人學習頁"),
			 tr(r, "所有報名、候補順位和學習時數（學習護照）都在這一頁；也可以在那裡下載或刪除您的資料。"
			       "請一併保存這個連結。"),
			 res->learner_token, buf_cstr(&url));
	} else if (!f->email) {
		html_fmt(b, "<p>%s</p>\n",
			 tr(r, "這筆報名已加入您先前的學習紀錄，請用先前取得的個人學習頁連結查看；找不到連結，請洽開課單位。"));
	}
	ask_institution(r, c);
	html_fmt(b, "<p><a href=\"/courses/%lld\">%s</a>%s<a href=\"/search\">%s</a></p>\n", c->id,
		 tr(r, "回到課程介紹"), trp(r, "分隔", "　"), tr(r, "找其他課程"));
	buf_free(&url);
	page_end(r);
}

int page_register_post(struct request *r)
{
	struct course c;
	struct reg_form f;
	struct reg_result res;
	int rc = course_load(r, r->path_id, &c);
	if (rc)
		return rc;
	rc = reg_form_read(r, &f, 0);
	if (rc < 0) {
		rc = req_fail(r, 500, "cannot read the form");
	} else if (rc == 1) {
		r->status = 400;
		form_page(r, &c, &f);
		rc = 0;
	} else if ((rc = rate_limited(r)) == 0 && (rc = reg_create(r, c.id, &f, 0, &res)) == 0) {
		r->status = 201;
		result_page(r, &c, &f, &res);
	}
	reg_form_free(&f);
	return rc;
}

/* ---- a registration's own page ---- */

/* A registration as its page shows it, copied out of ST_REG_BY_TOKEN. */
struct regview {
	long long id, course_id, position, inst_id;
	int childcare;
	char status[16], channel[16], created[24], promoted[24];
	char title[512], institution[256], phone[64], last_end[17];
};

/* Loads the registration of r->path_token. Returns 0, or 404/500 after
 * req_fail(). */
static int regview_load(struct request *r, struct regview *v)
{
	unsigned char h[32];
	struct dbq q;
	memset(v, 0, sizeof *v);
	if (!r->cache_control)
		reg_private_reply(r);
	if (token_hash(r->path_token, h) < 0)
		return req_fail(r, 404, "%s", tr(r, "這個報名連結無效，請確認網址是否完整。"));
	db_query(r->db, &q, ST_REG_BY_TOKEN, "b", h, sizeof h);
	int rc = db_next(&q);
	if (rc == 1) {
		v->id = db_int(&q, REG_ID);
		v->course_id = db_int(&q, REG_COURSE_ID);
		v->position = db_is_null(&q, REG_POSITION) ? 0 : db_int(&q, REG_POSITION);
		v->inst_id = db_int(&q, REG_INST_ID);
		v->childcare = db_int(&q, REG_CHILDCARE) != 0;
#define COPY(dst, col) snprintf(dst, sizeof dst, "%s", db_text(&q, col) ? db_text(&q, col) : "")
		COPY(v->status, REG_STATUS);
		COPY(v->channel, REG_CHANNEL);
		COPY(v->created, REG_CREATED);
		COPY(v->promoted, REG_PROMOTED);
		COPY(v->title, REG_TITLE);
		COPY(v->institution, REG_INST_NAME);
		COPY(v->phone, REG_INST_PHONE);
		COPY(v->last_end, REG_LAST_END);
#undef COPY
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "registration query failed");
	if (rc == 0)
		return req_fail(r, 404, "%s", tr(r, "這個報名連結無效，或這筆報名的資料已經刪除。"));
	return 0;
}

/* The course, institution, status and date of a registration. */
static void regview_facts(struct request *r, const struct regview *v)
{
	struct buf *b = &r->out;
	html_fmt(b, "<dl class=\"facts reg-facts\">\n<dt>%s</dt><dd><a href=\"/courses/%lld\">%s</a></dd>\n"
		 "<dt>%s</dt><dd><a href=\"/institutions/%lld\">%s</a>", tr(r, "課程"), v->course_id,
		 v->title, tr(r, "開課單位"), v->inst_id, v->institution);
	if (v->phone[0]) {
		html_raw_unescaped(b, " ");
		portal_phone_link(b, v->phone);
	}
	html_fmt(b, "</dd>\n<dt>%s</dt><dd class=\"reg-state\"><strong>", tr(r, "狀態"));
	reg_status_html(r, v->status, v->position);
	html_fmt(b, "</strong></dd>\n<dt>%s</dt><dd>", tr(r, "報名日期"));
	page_date(r, v->created, 0);
	html_raw_unescaped(b, "</dd>\n");
	if (v->childcare)
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "托育服務"), tr(r, "已申請"));
	html_raw_unescaped(b, "</dl>\n");
}

int page_registration(struct request *r)
{
	struct regview v;
	struct buf *b = &r->out;
	int rc = regview_load(r, &v);
	if (rc)
		return rc;
	page_begin(r, tr(r, "我的報名"), NULL);
	regview_facts(r, &v);
	if (!strcmp(v.status, "waitlisted"))
		html_fmt(b, "<p>%s</p>\n",
			 tr(r, "有人取消時，候補名單依序遞補。輪到您時，會寄電子郵件通知（有留電子郵件的話），開課單位也可能打電話給您。"));
	if (strcmp(v.status, "cancelled") && !(v.last_end[0] && strcmp(v.last_end, r->now) <= 0))
		html_fmt(b, "<p><a class=\"button-link\" href=\"/registrations/%s/cancel\">%s</a></p>\n",
			 r->path_token, tr(r, "取消這筆報名"));
	html_fmt(b, "<p class=\"hint\">%s</p>\n",
		 tr(r, "這是您的專屬連結，請不要給別人。所有報名和學習時數，請看確認信裡的個人學習頁連結。"));
	page_end(r);
	return 0;
}

int page_registration_cancel(struct request *r)
{
	struct regview v;
	struct buf *b = &r->out;
	int rc = regview_load(r, &v);
	if (rc)
		return rc;
	page_begin(r, tr(r, "取消報名"), NULL);
	regview_facts(r, &v);
	if (!strcmp(v.status, "cancelled")) {
		html_fmt(b, "<p>%s</p>\n", tr(r, "這筆報名已經取消了。"));
	} else {
		html_fmt(b, "<p class=\"lead\">%s</p>\n<p>%s</p>\n",
			 tr(r, "確定要取消這筆報名嗎？"),
			 !strcmp(v.status, "enrolled")
			 ? tr(r, "取消後，您的名額會讓給候補的第一位，無法復原；想再參加要重新報名。")
			 : tr(r, "取消後，您會離開候補名單，無法復原。"));
		html_fmt(b, "<form method=\"post\" action=\"/registrations/%s/cancel\">\n", r->path_token);
		csrf_field(r);
		html_fmt(b, "\n<p><button type=\"submit\">%s</button></p>\n</form>\n",
			 tr(r, "確定取消報名"));
	}
	html_fmt(b, "<p><a href=\"/registrations/%s\">%s</a></p>\n", r->path_token,
		 tr(r, "不要取消，回到我的報名"));
	page_end(r);
	return 0;
}

int page_registration_cancel_post(struct request *r)
{
	struct regview v;
	struct buf *b = &r->out;
	int rc = regview_load(r, &v);
	if (!rc)
		rc = reg_cancel(r, v.id);
	if (rc)
		return rc;
	page_begin(r, tr(r, "已取消報名"), NULL);
	html_fmt(b, "<div class=\"reg-outcome cancelled\" role=\"status\"><p>");
	html_trf(r, "您已取消「%s」的報名。", v.title);
	html_fmt(b, "</p></div>\n<p><a href=\"/courses/%lld\">%s</a>%s<a href=\"/search\">%s</a></p>\n",
		 v.course_id, tr(r, "回到課程介紹"), trp(r, "分隔", "　"), tr(r, "找其他課程"));
	page_end(r);
	return 0;
}

/* ---- JSON ---- */

/* {"error": …, "fields": {name: message…}} with status 400. */
static int api_form_errors(struct request *r, const struct reg_form *f)
{
	static const char *const names[RF__COUNT] = {
		"name", "phone", "email", "age_band", "district", "childcare", "consent", "channel",
	};
	struct buf all = BUF_INIT;
	json_t *fields = json_object();
	for (int k = 0; k < RF__COUNT; k++) {
		if (!f->err[k])
			continue;
		json_object_set_new(fields, names[k], json_string(f->err[k]));
		buf_printf(&all, "%s%s: %s", all.len ? "; " : "", names[k], f->err[k]);
	}
	json_t *j = json_pack("{s:s, s:o}", "error", buf_cstr(&all), "fields", fields);
	buf_free(&all);
	r->status = 400;
	return reply_json(r, j);
}

int api_register(struct request *r)
{
	struct course c;
	struct reg_form f;
	struct reg_result res;
	int rc = course_load(r, r->path_id, &c);
	if (rc)
		return rc;
	rc = reg_form_read(r, &f, 0);
	if (rc < 0) {
		rc = req_fail(r, 500, "cannot read the registration");
	} else if (rc == 1) {
		rc = api_form_errors(r, &f);
	} else if ((rc = rate_limited(r)) == 0 && (rc = reg_create(r, c.id, &f, 0, &res)) == 0) {
		struct buf url = BUF_INIT;
		reg_url(r, &url, "/registrations/", res.token);
		json_t *j = json_pack("{s:s, s:o, s:s, s:I, s:s, s:b}", "status",
				      res.enrolled ? "enrolled" : "waitlisted", "position",
				      res.enrolled ? json_null() : json_integer(res.position), "token",
				      res.token, "course_id", (json_int_t)c.id, "url", buf_cstr(&url),
				      "confirmation_mailed", res.mailed);
		if (j && res.learner_token[0])
			json_object_set_new(j, "learner_token", json_string(res.learner_token));
		buf_free(&url);
		r->status = 201;
		reg_private_reply(r);
		rc = reply_json(r, j);
	}
	reg_form_free(&f);
	return rc;
}

/* The JSON of a registration. */
static int api_regview(struct request *r, const struct regview *v)
{
	json_t *j = json_pack("{s:s, s:o, s:{s:I, s:s, s:s}, s:s, s:b, s:s}", "status", v->status,
			      "position", v->position ? json_integer(v->position) : json_null(),
			      "course", "id", (json_int_t)v->course_id, "title", v->title,
			      "institution", v->institution, "channel", v->channel,
			      "childcare_requested", v->childcare, "created_at", v->created);
	return reply_json(r, j);
}

int api_registration(struct request *r)
{
	struct regview v;
	int rc = regview_load(r, &v);
	return rc ? rc : api_regview(r, &v);
}

int api_registration_delete(struct request *r)
{
	struct regview v;
	int rc = regview_load(r, &v);
	if (!rc)
		rc = reg_cancel(r, v.id);
	if (!rc)
		rc = regview_load(r, &v);
	return rc ? rc : api_regview(r, &v);
}
