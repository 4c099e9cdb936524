/* admin_attendance — who came to a session: either a head count (人次)
 * typed in, or a tick list of the course's enrolled learners whose ticks,
 * plus any walk-ins, make the count. The count is what the plan's
 * indicators add up; the ticks also feed each learner's passport. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "db/db.h"
#include "pages/backoffice.h"

#define MAX_ENROLLED 2000

static const char *const modes[] = {"count", "list", NULL};
enum { AT_MODE, AT_COUNT, AT_WALK_INS };
const struct param_spec bo_attendance_params[] = {
	{"mode", P_ENUM, 0, 0, modes, 0},
	{"count", P_TEXT, 0, 12, NULL, 0},
	{"walk_ins", P_TEXT, 0, 12, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Columns of ST_BO_SESSION_GET (admin_sessions.c). */
enum { SG_ID, SG_COURSE, SG_INST, SG_TITLE, SG_STARTS, SG_ENDS, SG_VENUE, SG_DISTRICT,
       SG_CANCELLED, SG_ATTENDANCE };

/* Was registration id ticked in the submitted form? */
static int ticked(struct request *r, long long id)
{
	char v[24];
	snprintf(v, sizeof v, "%lld", id);
	for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
		if (!strcmp(kv->key, "present") && !strcmp(kv->value, v))
			return 1;
	return 0;
}

/* A learner's contact, shortened to tell namesakes apart: the last three
 * digits of the phone, else the e-mail's first letter and domain. */
static void contact_hint(struct buf *b, const char *phone, const char *email)
{
	if (phone && strlen(phone) >= 3) {
		html_fmt(b, "（…%s）", phone + strlen(phone) - 3);
	} else if (email && *email) {
		const char *at = strchr(email, '@');
		html_fmt(b, "（%.1s…%s）", email, at ? at : "");
	}
}

static void attendance_page(struct request *r, struct dbq *s, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	struct dbq q;
	long long id = db_int(s, SG_ID), course = db_int(s, SG_COURSE);
	int n = 0, typed = fe != NULL;
	int list_mode = typed && r->in[AT_MODE].n == 1;
	char num[32] = "";
	page_begin(r, tr(r, "點名與出席人次"), NULL);
	bo_nav(r, "courses");
	bo_error_summary(r, fe);
	html_fmt(b, "<p>%s<a href=\"/admin/courses/%lld\">%s</a></p>\n<p>%s", tr(r, "課程："), course,
		 db_text(s, SG_TITLE), tr(r, "場次："));
	bo_session_when(r, db_text(s, SG_STARTS), db_text(s, SG_ENDS));
	if (db_int(s, SG_CANCELLED))
		html_fmt(b, " <strong>%s</strong>", tr(r, "（已取消）"));
	html_raw_unescaped(b, "</p>\n<p>");
	if (req_query(r, "saved"))
		html_fmt(b, "<span class=\"notice\" role=\"status\">%s</span> ", tr(r, "已儲存。"));
	if (db_is_null(s, SG_ATTENDANCE))
		html_tr(r, "這個場次還沒有登錄出席人次。");
	else
		html_trf(r, "目前登錄的出席人次：%lld", db_int(s, SG_ATTENDANCE));
	html_raw_unescaped(b, "</p>\n");

	/* the tick list */
	html_fmt(b, "<section aria-labelledby=\"h-list\">\n<h2 id=\"h-list\">%s</h2>\n", tr(r, "依報名名單點名"));
	db_query(r->db, &q, ST_BO_ENROLLED_OF_COURSE, "ii", course, id);
	while (db_next(&q) == 1) {
		long long reg = db_int(&q, 0);
		char cid[32], val[24];
		if (!n++) {
			html_fmt(b, "<form method=\"post\" action=\"/admin/sessions/%lld/attendance\" class=\"form bo-form\">\n", id);
			csrf_field(r);
			html_fmt(b, "<input type=\"hidden\" name=\"mode\" value=\"list\"/>\n");
			bo_fieldset_begin(r, fe, "present", tr(r, "勾選今天有來的學員"),
					  tr(r, "勾選的人數加上現場參加的人數，就是這個場次的出席人次。"));
			html_raw_unescaped(b, "<ul class=\"ticks\">\n");
		}
		snprintf(cid, sizeof cid, "f-present-%lld", reg);
		snprintf(val, sizeof val, "%lld", reg);
		html_fmt(b, "<li><input type=\"checkbox\" id=\"%s\" name=\"present\" value=\"%s\"",
			 cid, val);
		if (list_mode ? ticked(r, reg) : db_int(&q, 4))
			html_raw_unescaped(b, " checked=\"checked\"");
		html_fmt(b, "/> <label for=\"%s\">%s", cid, db_text(&q, 1));
		contact_hint(b, db_text(&q, 2), db_text(&q, 3));
		html_raw_unescaped(b, "</label></li>\n");
	}
	db_done(&q);
	if (n) {
		html_raw_unescaped(b, "</ul>\n");
		bo_fieldset_end(r);
		bo_input(r, fe, "walk_ins", tr(r, "另外有幾位沒有報名、在現場參加的人？"), "number",
			 list_mode ? bo_val(r, "walk_ins") : "0", 6, NULL, 0);
		html_fmt(b, "<p><button type=\"submit\" class=\"big-button primary\">%s</button></p>\n</form>\n",
			 tr(r, "儲存點名結果"));
	} else {
		html_fmt(b, "<p>%s</p>\n", tr(r, "這門課沒有在網站上正取報名的學員，請在下方直接登錄人次。"));
	}
	html_raw_unescaped(b, "</section>\n");

	/* the head count */
	if (!typed && !db_is_null(s, SG_ATTENDANCE))
		snprintf(num, sizeof num, "%lld", db_int(s, SG_ATTENDANCE));
	html_fmt(b, "<section aria-labelledby=\"h-count\">\n<h2 id=\"h-count\">%s</h2>\n"
		 "<form method=\"post\" action=\"/admin/sessions/%lld/attendance\" class=\"form bo-form\" "
		 "novalidate=\"novalidate\">\n", tr(r, "只登錄人次"), id);
	csrf_field(r);
	html_raw_unescaped(b, "<input type=\"hidden\" name=\"mode\" value=\"count\"/>\n");
	bo_input(r, fe, "count", tr(r, "出席人次"), "number",
		 typed && !list_mode ? bo_val(r, "count") : num, 8,
		 tr(r, "這個場次有多少人參加；留空表示還不知道。"), 0);
	html_fmt(b, "<p><button type=\"submit\" class=\"big-button\">%s</button></p>\n</form>\n</section>\n",
		 tr(r, "儲存人次"));
	page_end(r);
}

/* The session of the URL on *q (the caller calls db_done); 0 or 404/403. */
static int session_of_url(struct request *r, struct dbq *q)
{
	db_query(r->db, q, ST_BO_SESSION_GET, "i", r->path_id);
	if (db_next(q) != 1) {
		db_done(q);
		return req_fail(r, 404, "%s", tr(r, "找不到這個場次。"));
	}
	int rc = bo_may(r, db_int(q, SG_INST));
	if (rc)
		db_done(q);
	return rc;
}

int page_bo_attendance(struct request *r)
{
	struct dbq q;
	int rc = session_of_url(r, &q);
	if (rc)
		return rc;
	attendance_page(r, &q, NULL);
	db_done(&q);
	return 0;
}

/* The ticked registration ids of a session, as a JSON array. */
static json_t *ticks_json(struct request *r, long long session)
{
	struct dbq q;
	json_t *a = json_array();
	db_query(r->db, &q, ST_BO_ATTENDANCE_OF, "i", session);
	while (db_next(&q) == 1)
		json_array_append_new(a, json_integer(db_int(&q, 0)));
	db_done(&q);
	return a;
}

int page_bo_attendance_post(struct request *r)
{
	struct form_errors fe = {0};
	struct dbq q;
	long long count = DB_NULL_INT, walk_ins = 0, course;
	long long *ids = NULL;
	int n = 0, listed = 0, rc = session_of_url(r, &q);
	int list_mode = r->in[AT_MODE].n == 1;
	char to[80];
	if (rc)
		return rc;
	course = db_int(&q, SG_COURSE);
	if (list_mode) {
		struct dbq e;
		ids = calloc(MAX_ENROLLED, sizeof *ids);
		if (!ids) {
			db_done(&q);
			return req_fail(r, 500, "out of memory");
		}
		db_query(r->db, &e, ST_BO_ENROLLED_OF_COURSE, "ii", course, r->path_id);
		while (db_next(&e) == 1 && listed < MAX_ENROLLED) {
			long long reg = db_int(&e, 0);
			listed++;
			if (ticked(r, reg))
				ids[n++] = reg;
		}
		db_done(&e);
		int sent = 0;
		for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
			sent += !strcmp(kv->key, "present");
		if (sent != n)
			fe_add(&fe, "present", "%s",
			       tr(r, "報名名單在您打開這一頁之後有變動，請看過名單再勾選一次。"));
		if (r->in[AT_WALK_INS].present &&
		    bo_parse_count(r->in[AT_WALK_INS].s, 0, 100000, &walk_ins) < 0)
			fe_add(&fe, "walk_ins", "%s", tr(r, "現場參加的人數請填 0 以上的整數。"));
		count = n + walk_ins;
	} else if (r->in[AT_COUNT].present &&
		   bo_parse_count(r->in[AT_COUNT].s, 0, 100000, &count) < 0) {
		fe_add(&fe, "count", "%s", tr(r, "出席人次請填 0 以上的整數；還不知道請留空。"));
	}
	if (fe.n) {
		r->status = 400;
		attendance_page(r, &q, &fe);
		db_done(&q);
		free(ids);
		return 0;
	}
	json_t *old = json_pack("{s:o,s:o}", "attendance",
				db_is_null(&q, SG_ATTENDANCE) ? json_null()
							      : json_integer(db_int(&q, SG_ATTENDANCE)),
				"present", ticks_json(r, r->path_id));
	db_done(&q);
	json_t *present = json_array();
	int ok = db_begin(r->db) == 0;
	if (list_mode) {
		ok = ok && db_exec(r->db, ST_BO_ATTENDANCE_CLEAR, "i", r->path_id) == 0;
		for (int i = 0; ok && i < n; i++) {
			ok = db_exec(r->db, ST_BO_ATTENDANCE_ADD, "iii", r->path_id, ids[i], course) == 0;
			json_array_append_new(present, json_integer(ids[i]));
		}
	}
	ok = ok && db_exec(r->db, ST_BO_SESSION_SET_ATTENDANCE, "iI", r->path_id, count) == 0;
	ok = bo_audit(r, ok, "attendance", "session", r->path_id, old,
		      json_pack("{s:o,s:o,s:I}", "attendance",
				count == DB_NULL_INT ? json_null() : json_integer(count),
				"present", list_mode ? present : (json_decref(present), json_null()),
				"walk_ins", (json_int_t)walk_ins)) == 0;
	free(ids);
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the attendance: %s", db_errmsg(r->db));
	}
	snprintf(to, sizeof to, "/admin/sessions/%lld/attendance?saved=1", r->path_id);
	return req_redirect(r, to);
}
