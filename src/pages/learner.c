/* learner — a citizen's own page, reached by the private link sent by
 * e-mail (no password): their registrations and places in waiting lines
 * (with cancelling), the learning passport (hours attended per year and
 * category, across every institution: the sessions ticked present ×
 * their length; printable on one A4 page), and their personal data, to
 * download (JSON) or delete (個人資料保護法 §3). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/reply.h"
#include "pages/pages.h"
#include "pages/portal.h"
#include "pages/reg.h"

/* The learner of a link, copied out of ST_LEARNER_BY_LINK. */
struct learner {
	long long id;
	char name[256], phone[48], email[256], age_band[16], district[64], consent[24];
	char created[24], lang[16];
};

/* Loads the learner of r->path_token. Returns 0, or 404/500 after
 * req_fail(). Marks the reply private. */
static int learner_load(struct request *r, struct learner *l)
{
	unsigned char h[32];
	struct dbq q;
	memset(l, 0, sizeof *l);
	reg_private_reply(r);
	if (token_hash(r->path_token, h) < 0)
		return req_fail(r, 404, "%s", tr(r, "這個連結無效，請確認網址是否完整。"));
	db_query(r->db, &q, ST_LEARNER_BY_LINK, "b", h, sizeof h);
	int rc = db_next(&q);
	if (rc == 1) {
		l->id = db_int(&q, 0);
#define COPY(dst, col) snprintf(dst, sizeof dst, "%s", db_text(&q, col) ? db_text(&q, col) : "")
		COPY(l->name, 1);
		COPY(l->phone, 2);
		COPY(l->email, 3);
		COPY(l->age_band, 4);
		COPY(l->district, 5);
		COPY(l->consent, 6);
		COPY(l->created, 7);
		COPY(l->lang, 8);
#undef COPY
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "learner query failed");
	if (rc == 0)
		return req_fail(r, 404, "%s", tr(r, "這個連結無效，或這些個人資料已經刪除。"));
	return 0;
}

/* Appends minutes as hours with one decimal ("3.5"). */
static void hours(struct buf *b, long long minutes)
{
	long long tenths = (minutes * 10 + 30) / 60;
	buf_printf(b, "%lld.%lld", tenths / 10, tenths % 10);
}

/* Writes hours for minutes, escaped, with the unit. */
static void html_hours(struct request *r, long long minutes)
{
	struct buf h = BUF_INIT;
	hours(&h, minutes);
	html_trf(r, "%s 小時", buf_cstr(&h));
	buf_free(&h);
}

/* The registrations, live ones first, with a cancel button where it can
 * still be used. Returns 0 or -1. */
static int registrations(struct request *r, long long learner)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	html_fmt(b, "<section class=\"no-print\" aria-labelledby=\"h-regs\">\n<h2 id=\"h-regs\">%s</h2>\n",
		 tr(r, "我的報名"));
	db_query(r->db, &q, ST_LEARNER_REGISTRATIONS, "i", learner);
	while ((rc = db_next(&q)) == 1) {
		const char *status = db_text(&q, 4), *first = db_text(&q, 11), *last = db_text(&q, 12);
		if (n++ == 0)
			html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				 tr(r, "仍有效的報名在前，已取消的在後"), tr(r, "課程"), tr(r, "開課單位"),
				 tr(r, "上課期間"), tr(r, "狀態"), tr(r, "取消"));
		html_fmt(b, "<tr><td><a href=\"/courses/%lld\">%s</a></td><td>%s</td><td>", db_int(&q, 1),
			 db_text(&q, 2), db_text(&q, 3));
		if (first) {
			page_date(r, first, 0);
			if (last && strncmp(first, last, 10)) {
				html_raw_unescaped(b, " – ");
				page_date(r, last, 0);
			}
		} else {
			html_tr(r, "尚未公布");
		}
		html_raw_unescaped(b, "</td><td><strong>");
		reg_status_html(r, status, db_is_null(&q, 5) ? 0 : db_int(&q, 5));
		html_raw_unescaped(b, "</strong></td><td>");
		if (strcmp(status, "cancelled") && !(last && strcmp(last, r->now) <= 0)) {
			html_fmt(b, "<form method=\"post\" action=\"/me/%s/cancel\" class=\"inline\">",
				 r->path_token);
			csrf_field(r);
			html_fmt(b, "<input type=\"hidden\" name=\"registration\" value=\"%lld\"/>"
				 "<button type=\"submit\">%s<span class=\"visually-hidden\">：%s</span>"
				 "</button></form>", db_int(&q, 0), tr(r, "取消報名"), db_text(&q, 2));
		}
		html_raw_unescaped(b, "</td></tr>\n");
	}
	db_done(&q);
	if (n)
		html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	else
		html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "目前沒有報名紀錄。"));
	html_raw_unescaped(b, "</section>\n");
	return rc < 0 ? -1 : 0;
}

/* The year heading of the passport: "民國113年（2024）" or "2024". */
static void year_heading(struct request *r, const char *year)
{
	int y = atoi(year);
	html_raw_unescaped(&r->out, "<h3>");
	if (r->lang == LANG_ZH_HANT && y > 1911)
		html_fmt(&r->out, "民國%d年（%s）", y - 1911, year);
	else
		html_text(&r->out, year);
	html_raw_unescaped(&r->out, "</h3>\n");
}

/* Closes one year's table with its total. */
static void year_total(struct request *r, long long minutes, long long sessions)
{
	html_fmt(&r->out, "</tbody>\n<tfoot><tr><th scope=\"row\">%s</th><td class=\"num\">",
		 tr(r, "合計"));
	html_hours(r, minutes);
	html_fmt(&r->out, "</td><td class=\"num\">%lld</td></tr></tfoot>\n</table>\n", sessions);
}

/* The learning passport: hours per year and category. Returns 0 or -1. */
static int passport(struct request *r, const struct learner *l)
{
	struct buf *b = &r->out;
	struct dbq q;
	char year[8] = "";
	long long y_min = 0, y_n = 0, all_min = 0, all_n = 0;
	int rc;
	html_fmt(b, "<section class=\"passport\" aria-labelledby=\"h-passport\">\n"
		 "<h2 id=\"h-passport\">%s</h2>\n<p class=\"passport-who\">%s<strong>%s</strong>　%s",
		 tr(r, "學習護照"), tr(r, "學習者："), l->name, tr(r, "列印日期："));
	page_date(r, r->today, 0);
	html_fmt(b, "</p>\n<p class=\"hint\">%s</p>\n",
		 tr(r, "時數由各學習機構點名的出席紀錄計算（每堂課的上課時間），跨機構合計，依上課年度與課程類別分列。"));
	db_query(r->db, &q, ST_LEARNER_PASSPORT, "i", l->id);
	while ((rc = db_next(&q)) == 1) {
		const char *y = db_text(&q, 0);
		long long min = db_int(&q, 4), n = db_int(&q, 5);
		if (strcmp(y, year)) {
			if (year[0])
				year_total(r, y_min, y_n);
			snprintf(year, sizeof year, "%s", y);
			y_min = y_n = 0;
			year_heading(r, year);
			html_fmt(b, "<table class=\"passport-year\">\n<caption>%s</caption>\n<thead><tr>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "</tr></thead>\n<tbody>\n",
				 tr(r, "各類課程的學習時數"), tr(r, "課程類別"), tr(r, "學習時數"),
				 tr(r, "出席堂數"));
		}
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">",
			 r->lang == LANG_ZH_HANT ? db_text(&q, 2) : db_text(&q, 3));
		html_hours(r, min);
		html_fmt(b, "</td><td class=\"num\">%lld</td></tr>\n", n);
		y_min += min;
		y_n += n;
		all_min += min;
		all_n += n;
	}
	db_done(&q);
	if (year[0]) {
		year_total(r, y_min, y_n);
		html_raw_unescaped(b, "<p class=\"passport-total\"><strong>");
		html_tr(r, "累計學習時數：");
		html_hours(r, all_min);
		html_raw_unescaped(b, "</strong>");
		html_trf(r, "（共出席 %lld 堂）", all_n);
		html_raw_unescaped(b, "</p>\n");
	} else {
		html_fmt(b, "<p class=\"empty\">%s</p>\n",
			 tr(r, "還沒有出席紀錄。上課時由開課單位點名後，時數就會出現在這裡。"));
	}
	html_fmt(b, "<p class=\"hint no-print\">%s</p>\n</section>\n",
		 tr(r, "要列印學習護照，請用瀏覽器的「列印」功能：只會印出這一段，一張 A4。"));
	return rc < 0 ? -1 : 0;
}

/* The learner's personal data, with download and delete. */
static void personal_data(struct request *r, const struct learner *l)
{
	struct buf *b = &r->out;
	html_fmt(b, "<section class=\"no-print\" aria-labelledby=\"h-data\">\n<h2 id=\"h-data\">%s</h2>\n"
		 "<dl class=\"facts reg-facts\">\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "我的個人資料"), tr(r, "姓名"),
		 l->name);
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "電話"),
		 l->phone[0] ? l->phone : "—", tr(r, "電子郵件"), l->email[0] ? l->email : "—");
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", tr(r, "年齡層"),
		 l->age_band[0] ? reg_age_band_name(r, l->age_band) : "—", tr(r, "居住的行政區"),
		 l->district[0] ? l->district : "—", tr(r, "同意個人資料告知事項的時間"));
	page_date(r, l->consent, 0);
	html_fmt(b, "</dd>\n</dl>\n<p>%s</p>\n<ul class=\"actions\">\n"
		 "<li><a class=\"button-link\" href=\"/me/%s/export\">%s</a></li>\n"
		 "<li><a class=\"button-link\" href=\"/me/%s/delete\">%s</a></li>\n</ul>\n"
		 "<p class=\"hint\">%s <a href=\"/privacy\">%s</a></p>\n</section>\n",
		 tr(r, "依個人資料保護法第3條，您可以下載自己的全部資料，或要求刪除。資料有誤請洽開課單位更正。"),
		 r->path_token, tr(r, "下載我的資料（JSON 檔）"), r->path_token, tr(r, "刪除我的資料"),
		 tr(r, "這一頁是您專屬的，請不要把網址給別人。"), tr(r, "隱私權及個人資料保護政策"));
}

int page_learner(struct request *r)
{
	struct learner l;
	struct buf *b = &r->out;
	int rc = learner_load(r, &l);
	if (rc)
		return rc;
	page_begin(r, tr(r, "我的學習頁"), NULL);
	html_raw_unescaped(b, "<p class=\"lead no-print\">");
	html_trf(r, "%s 您好，這是您的個人學習頁。", l.name);
	html_raw_unescaped(b, "</p>\n");
	if (r->in[0].present)
		html_fmt(b, "<div class=\"reg-outcome cancelled no-print\" role=\"status\"><p>%s</p></div>\n",
			 tr(r, "已取消這筆報名。"));
	if (registrations(r, l.id) < 0 || passport(r, &l) < 0)
		return req_fail(r, 500, "learner page query failed");
	personal_data(r, &l);
	page_end(r);
	return 0;
}

/* ---- cancelling from the learner's page ---- */

/* Finds registration id among the learner's; 1 and its title when found. */
static int own_registration(struct request *r, long long learner, long long id, char *title,
			    size_t n, int *live)
{
	struct dbq q;
	int rc, found = 0;
	db_query(r->db, &q, ST_LEARNER_REGISTRATIONS, "i", learner);
	while ((rc = db_next(&q)) == 1)
		if (db_int(&q, 0) == id) {
			found = 1;
			snprintf(title, n, "%s", db_text(&q, 2));
			*live = strcmp(db_text(&q, 4), "cancelled") != 0;
			break;
		}
	db_done(&q);
	return rc < 0 ? -1 : found;
}

int page_learner_cancel_post(struct request *r)
{
	struct learner l;
	struct buf *b = &r->out, to = BUF_INIT;
	char title[512];
	int live = 0, rc = learner_load(r, &l);
	long long id = r->in[0].n;
	if (rc)
		return rc;
	rc = r->in[0].present ? own_registration(r, l.id, id, title, sizeof title, &live) : 0;
	if (rc < 0)
		return req_fail(r, 500, "registration query failed");
	if (rc == 0)
		return req_fail(r, 404, "%s", tr(r, "找不到這筆報名。"));
	if (!r->in[1].present || !r->in[1].n) {
		/* the confirmation step */
		page_begin(r, tr(r, "取消報名"), NULL);
		html_raw_unescaped(b, "<p class=\"lead\">");
		html_trf(r, "確定要取消「%s」的報名嗎？", title);
		html_fmt(b, "</p>\n<p>%s</p>\n<form method=\"post\" action=\"/me/%s/cancel\">\n",
			 tr(r, "取消後，名額會讓給候補的人，無法復原；想再參加要重新報名。"), r->path_token);
		csrf_field(r);
		html_fmt(b, "\n<input type=\"hidden\" name=\"registration\" value=\"%lld\"/>"
			 "<input type=\"hidden\" name=\"confirm\" value=\"yes\"/>\n"
			 "<p><button type=\"submit\">%s</button></p>\n</form>\n"
			 "<p><a href=\"/me/%s\">%s</a></p>\n",
			 id, tr(r, "確定取消報名"), r->path_token, tr(r, "不要取消，回到我的學習頁"));
		page_end(r);
		return 0;
	}
	if (live && (rc = reg_cancel(r, id)) != 0)
		return rc;
	buf_printf(&to, "/me/%s?cancelled=%lld", r->path_token, id);
	rc = req_redirect(r, buf_cstr(&to));
	buf_free(&to);
	return rc;
}

/* ---- download and delete ---- */

/* A text column as a JSON string, or null. */
static json_t *jtext(struct dbq *q, int col)
{
	const char *s = db_text(q, col);
	return s ? json_string(s) : json_null();
}

/* Appends to a the rows of statement id for the learner, each made an
 * object by row(). Returns 0 or -1. */
static int add_rows(struct request *r, json_t *a, enum stmt_id id, long long learner,
		    json_t *(*row)(struct dbq *q))
{
	struct dbq q;
	int rc;
	db_query(r->db, &q, id, "i", learner);
	while ((rc = db_next(&q)) == 1)
		json_array_append_new(a, row(&q));
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Rows of the export, one per statement (columns as in the catalogue):
 * a registration, a session attended, a passport line, an e-mail. */
static json_t *registration_row(struct dbq *q)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o}", "course_id",
			 (json_int_t)db_int(q, 1), "course", jtext(q, 2), "institution", jtext(q, 3),
			 "status", jtext(q, 4), "position",
			 db_is_null(q, 5) ? json_null() : json_integer(db_int(q, 5)), "channel",
			 jtext(q, 6), "childcare_requested", (int)db_int(q, 7), "created_at",
			 jtext(q, 8), "updated_at", jtext(q, 9), "promoted_at", jtext(q, 10));
}

static json_t *attendance_row(struct dbq *q)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:I}", "starts_at", jtext(q, 0), "ends_at",
			 jtext(q, 1), "course", jtext(q, 2), "institution", jtext(q, 3), "category",
			 jtext(q, 4), "minutes", (json_int_t)db_int(q, 5));
}

static json_t *passport_row(struct dbq *q)
{
	return json_pack("{s:o, s:o, s:o, s:I, s:I}", "year", jtext(q, 0), "category", jtext(q, 1),
			 "category_name", jtext(q, 2), "minutes", (json_int_t)db_int(q, 4),
			 "sessions", (json_int_t)db_int(q, 5));
}

static json_t *mail_row(struct dbq *q)
{
	return json_pack("{s:o, s:o, s:o}", "subject", jtext(q, 0), "created_at", jtext(q, 1),
			 "sent_at", jtext(q, 2));
}

/* s as a JSON string, or null when empty. */
static json_t *text_or_null(const char *s)
{
	return s[0] ? json_string(s) : json_null();
}

int learner_export(struct request *r)
{
	struct learner l;
	int rc = learner_load(r, &l);
	if (rc)
		return rc;
	json_t *regs = json_array(), *att = json_array(), *pass = json_array(), *mails = json_array();
	json_t *j = json_pack("{s:s, s:{s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:o}, s:o, s:o, s:o, s:o}",
			      "exported_at", r->now, "learner", "name", l.name, "phone", text_or_null(l.phone), "email",
			      text_or_null(l.email), "age_band", text_or_null(l.age_band), "district",
			      text_or_null(l.district), "consent_at", l.consent, "created_at", l.created,
			      "language", text_or_null(l.lang), "registrations", regs, "attendance", att,
			      "passport", pass, "emails", mails);
	if (!j || add_rows(r, regs, ST_LEARNER_REGISTRATIONS, l.id, registration_row) < 0 ||
	    add_rows(r, att, ST_LEARNER_ATTENDANCE, l.id, attendance_row) < 0 ||
	    add_rows(r, pass, ST_LEARNER_PASSPORT, l.id, passport_row) < 0 ||
	    add_rows(r, mails, ST_LEARNER_MAILS, l.id, mail_row) < 0) {
		json_decref(j);
		return req_fail(r, 500, "export failed");
	}
	rc = reply_json(r, j);
	portal_download(r, "application/json; charset=utf-8", "my-learning-data.json");
	reg_private_reply(r);
	return rc;
}

/* The delete confirmation page; error when the box was not ticked. */
static void delete_form(struct request *r, const char *error)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "刪除我的個人資料"), NULL);
	if (error)
		html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"delete-error\"><p>%s</p></div>\n",
			 error);
	html_fmt(b, "<p class=\"lead\">%s</p>\n<ul>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n"
		 "<p>%s</p>\n",
		 tr(r, "刪除後，下列資料會全部移除，無法復原："),
		 tr(r, "您的姓名、電話、電子郵件、年齡層與行政區"),
		 tr(r, "您所有的報名與候補（仍有效的會先取消，名額讓給候補的人）"),
		 tr(r, "您的出席紀錄與學習護照時數，以及寄給您的通知信"),
		 tr(r, "各課程的出席人數統計不含個人資料，會保留。建議先下載您的資料留存。"));
	html_fmt(b, "<p><a href=\"/me/%s/export\">%s</a></p>\n"
		 "<form method=\"post\" action=\"/me/%s/delete\">\n", r->path_token,
		 tr(r, "下載我的資料（JSON 檔）"), r->path_token);
	csrf_field(r);
	html_raw_unescaped(b, "\n<div class=\"field\"><label class=\"choice\"><input "
			      "type=\"checkbox\" name=\"confirm\" value=\"yes\" required=\"required\"");
	if (error)
		html_raw_unescaped(b, " aria-invalid=\"true\" aria-describedby=\"delete-error\"");
	html_fmt(b, "/> %s</label></div>\n<p><button type=\"submit\">%s</button></p>\n</form>\n"
		 "<p><a href=\"/me/%s\">%s</a></p>\n",
		 tr(r, "我了解刪除後無法復原，確定要刪除我的個人資料。"), tr(r, "永久刪除"),
		 r->path_token, tr(r, "不要刪除，回到我的學習頁"));
	page_end(r);
}

int page_learner_delete(struct request *r)
{
	struct learner l;
	int rc = learner_load(r, &l);
	if (rc)
		return rc;
	delete_form(r, NULL);
	return 0;
}

int page_learner_delete_post(struct request *r)
{
	struct learner l;
	struct dbq q;
	long long ids[256];
	int n = 0, rc = learner_load(r, &l);
	if (rc)
		return rc;
	if (!r->in[0].present || !r->in[0].n) {
		r->status = 400;
		delete_form(r, tr(r, "請勾選確認方塊，才能刪除。"));
		return 0;
	}
	if (db_begin(r->db) < 0)
		return reg_tx_failed(r);
	/* live registrations first: their places go to the waiting lines */
	do {
		n = 0;
		db_query(r->db, &q, ST_LEARNER_LIVE_REGS, "i", l.id);
		while (n < (int)(sizeof ids / sizeof *ids) && (rc = db_next(&q)) == 1)
			ids[n++] = db_int(&q, 0);
		db_done(&q);
		if (rc < 0)
			return reg_tx_failed(r);
		for (int i = 0; i < n; i++)
			if (reg_cancel_tx(r, ids[i]) < 0)
				return reg_tx_failed(r);
	} while (n == (int)(sizeof ids / sizeof *ids));
	if (db_exec(r->db, ST_LEARNER_DELETE, "i", l.id) < 0 ||
	    audit_record(r, "delete", "learner", l.id, NULL, NULL) < 0 || db_commit(r->db) < 0)
		return reg_tx_failed(r);
	page_begin(r, tr(r, "您的個人資料已刪除"), NULL);
	html_fmt(&r->out, "<div class=\"reg-outcome cancelled\" role=\"status\"><p>%s</p></div>\n"
		 "<p><a href=\"/\">%s</a></p>\n",
		 tr(r, "您的個人資料、報名與學習紀錄都已刪除，這個連結也不能再使用了。"), tr(r, "回首頁"));
	page_end(r);
	return 0;
}
