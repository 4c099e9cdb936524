/* course — one course: its page (/courses/{id}: what, who for, cost,
 * format, language, childcare, places, every session, calendar feed, how
 * to sign up) and its JSON (/api/v1/courses/{id}, with the sessions).
 * Draft courses do not exist for the public: 404. */
#include <jansson.h>
#include <string.h>

#include "db/db.h"
#include "http/reply.h"
#include "pages/pages.h"
#include "pages/portal.h"

/* Columns of ST_COURSE_GET. */
enum {
	CG_ID, CG_TITLE, CG_DESCRIPTION, CG_CATEGORY, CG_CATEGORY_NAME, CG_LANGUAGE, CG_FEE,
	CG_FORMAT, CG_CHILDCARE, CG_CAPACITY, CG_URL, CG_INST_ID, CG_INST_NAME, CG_INST_PHONE,
	CG_INST_WEBSITE, CG_INST_ADDRESS, CG_ENROLLED, CG_DEMO, CG_UPDATED, CG_PROGRAMME,
	CG_INST_TYPE, CG_INST_DISTRICT
};

/* Appends the course's audiences, separated by "、". Returns 0 or -1. */
static int audiences(struct request *r, long long id)
{
	struct dbq q;
	int rc, n = 0;
	db_query(r->db, &q, ST_COURSE_AUDIENCE_NAMES, "i", id);
	while ((rc = db_next(&q)) == 1)
		html_fmt(&r->out, "%s<a href=\"/search?audience=%s\">%s</a>", n++ ? "、" : "",
			 db_text(&q, 0), db_text(&q, 1));
	db_done(&q);
	if (!n)
		html_tr(r, "不限對象");
	return rc < 0 ? -1 : 0;
}

/* Appends text as paragraphs, one per line; blank lines dropped. */
static void paragraphs(struct buf *b, const char *text)
{
	while (text && *text) {
		size_t n = strcspn(text, "\n");
		size_t k = n;
		while (k && (text[k - 1] == '\r' || text[k - 1] == ' '))
			k--;
		if (k) {
			html_raw_unescaped(b, "<p>");
			html_textn(b, text, k);
			html_raw_unescaped(b, "</p>\n");
		}
		text += n + (text[n] == '\n');
	}
}

/* The places line: capacity, and the seats left after enrolled sign-ups. */
static void places(struct request *r, struct dbq *q)
{
	if (db_is_null(q, CG_CAPACITY)) {
		html_tr(r, "未提供（請洽開課單位）");
		return;
	}
	long long cap = db_int(q, CG_CAPACITY), left = cap - db_int(q, CG_ENROLLED);
	if (left < 0)
		left = 0;
	html_trf(r, "%lld 人", cap);
	html_raw_unescaped(&r->out, "，");
	if (left == 0)
		html_fmt(&r->out, "<strong>%s</strong>", tr(r, "目前額滿"));
	else
		html_trf(r, "尚餘 %lld 個名額", left);
}

/* The "how to take part" box: the registration form (src/pages/
 * registration.c), how to reach the institution, and for its staff the
 * list of registrations. */
static void call_to_action(struct request *r, struct dbq *q)
{
	struct buf *b = &r->out;
	const char *phone = db_text(q, CG_INST_PHONE), *web = db_text(q, CG_INST_WEBSITE);
	const char *addr = db_text(q, CG_INST_ADDRESS), *url = db_text(q, CG_URL);
	int full = !db_is_null(q, CG_CAPACITY) && db_int(q, CG_ENROLLED) >= db_int(q, CG_CAPACITY);
	html_fmt(b, "<section class=\"cta\" aria-labelledby=\"h-join\">\n<h2 id=\"h-join\">%s</h2>\n"
		 "<p><a class=\"button-link\" href=\"/courses/%lld/register\">%s</a></p>\n"
		 "<p>%s</p>\n<ul class=\"contact-ways\">\n",
		 tr(r, "我想參加"), db_int(q, CG_ID),
		 full ? tr(r, "網路報名（已額滿，可以排候補）") : tr(r, "網路報名"),
		 tr(r, "也可以打電話或親自到開課單位報名、詢問："));
	html_fmt(b, "<li><strong><a href=\"/institutions/%lld\">%s</a></strong></li>\n",
		 db_int(q, CG_INST_ID), db_text(q, CG_INST_NAME));
	if (phone && *phone) {
		html_fmt(b, "<li>%s", tr(r, "打電話："));
		portal_phone_link(b, phone);
		html_raw_unescaped(b, "</li>\n");
	}
	if (url && *url) {
		html_fmt(b, "<li>%s", tr(r, "課程網頁："));
		portal_website_link(r, url);
		html_raw_unescaped(b, "</li>\n");
	}
	if (web && *web && (!url || strcmp(url, web))) {
		html_fmt(b, "<li>%s", tr(r, "機構網站："));
		portal_website_link(r, web);
		html_raw_unescaped(b, "</li>\n");
	}
	if (addr && *addr)
		html_fmt(b, "<li>%s%s</li>\n", tr(r, "親自前往："), addr);
	if (!(phone && *phone) && !(url && *url) && !(web && *web) && !(addr && *addr))
		html_fmt(b, "<li>%s <a href=\"/sitemap\">%s</a></li>\n",
			 tr(r, "這個機構尚未提供聯絡方式，請洽教育處終身學習承辦人。"), tr(r, "網站導覽"));
	html_raw_unescaped(b, "</ul>\n");
	if (r->role == ROLE_ADMIN ||
	    (r->role == ROLE_INSTITUTION && r->staff.institution_id == db_int(q, CG_INST_ID)))
		html_fmt(b, "<p><a href=\"/admin/courses/%lld/registrations\">%s</a></p>\n",
			 db_int(q, CG_ID), tr(r, "工作人員：報名名單與代為報名"));
	html_raw_unescaped(b, "</section>\n");
}

int page_course(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q, s;
	long long id = r->path_id;
	if (db_query(r->db, &q, ST_COURSE_GET, "i", id) < 0 || db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程，可能已下架或尚未公開。"));
	}
	page_begin(r, db_text(&q, CG_TITLE), "search");
	if (db_int(&q, CG_DEMO))
		html_fmt(b, "<p class=\"demo-flag\">%s</p>\n",
			 tr(r, "這是示範資料，用來展示網站功能，並非真實課程。"));
	html_fmt(b, "<dl class=\"facts course\">\n<dt>%s</dt><dd><a href=\"/institutions/%lld\">%s</a>"
		 "<br/><span class=\"muted\">%s</span></dd>\n",
		 tr(r, "開課單位"), db_int(&q, CG_INST_ID), db_text(&q, CG_INST_NAME),
		 db_text(&q, CG_INST_TYPE));
	html_fmt(b, "<dt>%s</dt><dd><a href=\"/search?category=%s\">%s</a></dd>\n", tr(r, "類別"),
		 db_text(&q, CG_CATEGORY), db_text(&q, CG_CATEGORY_NAME));
	html_fmt(b, "<dt>%s</dt><dd>", tr(r, "適合對象"));
	if (audiences(r, id) < 0) {
		db_done(&q);
		return req_fail(r, 500, "course query failed");
	}
	html_fmt(b, "</dd>\n<dt>%s</dt><dd class=\"fee\">", tr(r, "費用"));
	portal_fee(r, db_int(&q, CG_FEE));
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "上課方式"),
		 portal_format_name(r, db_text(&q, CG_FORMAT)));
	html_fmt(b, "<dt>%s</dt><dd>", tr(r, "授課語言"));
	portal_language_name(r, db_text(&q, CG_LANGUAGE));
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "托育服務"),
		 db_int(&q, CG_CHILDCARE) ? tr(r, "提供（上課時可托育幼兒，請先告知開課單位）")
					  : tr(r, "不提供"));
	html_fmt(b, "<dt>%s</dt><dd>", tr(r, "名額"));
	places(r, &q);
	html_raw_unescaped(b, "</dd>\n</dl>\n");

	const char *desc = db_text(&q, CG_DESCRIPTION);
	html_fmt(b, "<section aria-labelledby=\"h-about\">\n<h2 id=\"h-about\">%s</h2>\n",
		 tr(r, "課程介紹"));
	if (desc && *desc)
		paragraphs(b, desc);
	else
		html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "開課單位尚未提供課程介紹。"));
	html_raw_unescaped(b, "</section>\n");

	html_fmt(b, "<section aria-labelledby=\"h-when\">\n<h2 id=\"h-when\">%s</h2>\n",
		 tr(r, "上課時間"));
	db_query(r->db, &s, ST_COURSE_SESSIONS, "i", id);
	int n = portal_sessions_table(r, &s, tr(r, "每一堂課的日期、時間與地點"), 0, NULL, NULL);
	db_done(&s);
	if (n < 0) {
		db_done(&q);
		return req_fail(r, 500, "session query failed");
	}
	if (n == 0)
		html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "上課時間尚未公布，請洽開課單位。"));
	else
		html_fmt(b, "<p><a class=\"button-link\" href=\"/courses/%lld.ics\">%s</a> "
			 "<span class=\"muted\">%s</span></p>\n",
			 id, tr(r, "加入我的行事曆（.ics）"),
			 tr(r, "可匯入 Google 日曆、Outlook 或手機行事曆"));
	html_raw_unescaped(b, "</section>\n");
	call_to_action(r, &q);
	db_done(&q);
	page_end(r);
	return 0;
}

/* A JSON string, or null for SQL NULL. */
static json_t *jtext(struct dbq *q, int col)
{
	const char *s = db_text(q, col);
	return s ? json_string(s) : json_null();
}

/* The course's sessions as a JSON array, or NULL on a database error. */
static json_t *sessions_json(struct request *r, long long id)
{
	struct dbq q;
	int rc;
	json_t *list = json_array();
	db_query(r->db, &q, ST_COURSE_SESSIONS, "i", id);
	while ((rc = db_next(&q)) == 1)
		json_array_append_new(list, json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:b}",
				      "id", (json_int_t)db_int(&q, SC_ID), "starts_at",
				      jtext(&q, SC_STARTS), "ends_at", jtext(&q, SC_ENDS),
				      "venue", jtext(&q, SC_VENUE), "venue_address",
				      jtext(&q, SC_VENUE_ADDRESS), "district", jtext(&q, SC_DISTRICT),
				      "cancelled", (int)db_int(&q, SC_CANCELLED)));
	db_done(&q);
	if (rc < 0) {
		json_decref(list);
		return NULL;
	}
	return list;
}

int api_course(struct request *r)
{
	struct dbq q;
	long long id = r->path_id;
	if (db_query(r->db, &q, ST_COURSE_GET, "i", id) < 0 || db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "no such course");
	}
	struct buf url = BUF_INIT;
	portal_origin(r, &url);
	buf_printf(&url, "/courses/%lld", id);
	json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:b, s:o, s:o, s:o, s:b, s:o}",
			      "id", (json_int_t)id, "title", jtext(&q, CG_TITLE),
			      "description", jtext(&q, CG_DESCRIPTION), "category",
			      jtext(&q, CG_CATEGORY), "category_name", jtext(&q, CG_CATEGORY_NAME),
			      "language", jtext(&q, CG_LANGUAGE), "fee_twd",
			      (json_int_t)db_int(&q, CG_FEE), "format", jtext(&q, CG_FORMAT),
			      "childcare", (int)db_int(&q, CG_CHILDCARE), "url", jtext(&q, CG_URL),
			      "page", json_string(buf_cstr(&url)), "updated_at",
			      jtext(&q, CG_UPDATED), "demo", (int)db_int(&q, CG_DEMO),
			      "institution", json_pack("{s:I, s:o, s:o, s:o}", "id",
						       (json_int_t)db_int(&q, CG_INST_ID), "name",
						       jtext(&q, CG_INST_NAME), "phone",
						       jtext(&q, CG_INST_PHONE), "website",
						       jtext(&q, CG_INST_WEBSITE)));
	buf_free(&url);
	if (o) {
		if (db_is_null(&q, CG_CAPACITY)) {
			json_object_set_new(o, "capacity", json_null());
			json_object_set_new(o, "seats_left", json_null());
		} else {
			long long cap = db_int(&q, CG_CAPACITY), left = cap - db_int(&q, CG_ENROLLED);
			json_object_set_new(o, "capacity", json_integer(cap));
			json_object_set_new(o, "seats_left", json_integer(left < 0 ? 0 : left));
		}
		json_object_set_new(o, "programme", db_is_null(&q, CG_PROGRAMME) ? json_null()
						    : json_integer(db_int(&q, CG_PROGRAMME)));
	}
	db_done(&q);
	/* audiences as codes */
	json_t *aud = json_array();
	int rc;
	db_query(r->db, &q, ST_COURSE_AUDIENCE_NAMES, "i", id);
	while ((rc = db_next(&q)) == 1)
		json_array_append_new(aud, json_string(db_text(&q, 0)));
	db_done(&q);
	json_t *sessions = rc < 0 ? NULL : sessions_json(r, id);
	if (!o || !sessions) {
		json_decref(o);
		json_decref(aud);
		json_decref(sessions);
		return req_fail(r, 500, "course query failed");
	}
	json_object_set_new(o, "audiences", aud);
	json_object_set_new(o, "sessions", sessions);
	return reply_json(r, o);
}
