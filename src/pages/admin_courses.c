/* admin_courses — the back office's courses: the list of an institution's
 * courses, a course's page with its sessions, publish/unpublish, copying
 * last term's course into a new draft, and deleting with confirmation
 * (the form of the fields: admin_course_form.c). Institution staff see
 * and change only their own institution's courses; every change is
 * written with its audit record in one transaction. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "db/db.h"
#include "pages/backoffice.h"
#include "pages/portal.h"

#define TITLE_MAX 200

static const char *const statuses[] = {"draft", "published", NULL};

const struct param_spec bo_list_params[] = {
	{"institution", P_INT, 1, 1LL << 53, NULL, 0},
	{"status", P_ENUM, 0, 0, statuses, -1},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec bo_course_status_params[] = {
	{"status", P_ENUM, 0, 0, statuses, -1},
	{NULL, 0, 0, 0, NULL, 0},
};

enum { CP_TITLE, CP_WEEKS, CP_SESSIONS };
static const char *const copy_modes[] = {"shift", "none", NULL};
const struct param_spec bo_course_copy_params[] = {
	{"title", P_TEXT, 0, TITLE_MAX, NULL, 0},
	{"weeks", P_TEXT, 0, 8, NULL, 0},
	{"sessions", P_ENUM, 0, 0, copy_modes, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec bo_confirm_params[] = {
	{"confirm", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};


int page_bo_courses(struct request *r)
{
	struct buf *b = &r->out;
	long long inst = bo_scope(r, &r->in[0]);
	const char *status = r->in[1].present ? statuses[r->in[1].n] : NULL;
	struct dbq q;
	int rc, n = 0;
	page_begin(r, tr(r, "課程與場次管理"), NULL);
	bo_nav(r, "courses");
	bo_institution_chooser(r, "/admin/courses", inst);
	html_fmt(b, "<p><a class=\"button-link\" href=\"/admin/courses/new%s", "");
	if (inst && r->role == ROLE_ADMIN)
		html_fmt(b, "?institution=%lld", inst);
	html_fmt(b, "\">%s</a></p>\n", tr(r, "＋ 新增課程"));
	/* status filter: all, drafts, published */
	html_fmt(b, "<nav class=\"bo-nav\" aria-label=\"%s\"><ul>\n", tr(r, "依發布狀態篩選"));
	for (int i = -1; i < 2; i++) {
		html_raw_unescaped(b, "<li><a href=\"/admin/courses?");
		if (inst && r->role == ROLE_ADMIN)
			html_fmt(b, "institution=%lld&amp;", inst);
		if (i >= 0)
			html_fmt(b, "status=%s", statuses[i]);
		html_raw_unescaped(b, "\"");
		if ((i < 0 && !status) || (i >= 0 && status && !strcmp(status, statuses[i])))
			html_raw_unescaped(b, " aria-current=\"page\"");
		html_fmt(b, ">%s</a></li>\n", i < 0 ? tr(r, "全部") : i == 0 ? tr(r, "草稿") : tr(r, "已發布"));
	}
	html_raw_unescaped(b, "</ul></nav>\n");
	db_query(r->db, &q, ST_BO_COURSES_LIST, "itt", inst, status, r->now);
	while ((rc = db_next(&q)) == 1) {
		if (!n++) {
			html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
				 "<th scope=\"col\">%s</th>", tr(r, "有下一次上課的課程在前"), tr(r, "課程"));
			if (!inst)
				html_fmt(b, "<th scope=\"col\">%s</th>", tr(r, "機構"));
			html_fmt(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				 tr(r, "狀態"), tr(r, "場次"), tr(r, "下一次上課"), tr(r, "報名"));
		}
		html_fmt(b, "<tr><th scope=\"row\"><a href=\"/admin/courses/%lld\">%s</a></th>",
			 db_int(&q, 0), db_text(&q, 1));
		if (!inst)
			html_fmt(b, "<td>%s</td>", db_text(&q, 2));
		html_fmt(b, "<td>%s</td><td>%lld</td><td>",
			 !strcmp(db_text(&q, 3), "published") ? tr(r, "已發布") : tr(r, "草稿"),
			 db_int(&q, 4));
		if (db_text(&q, 10))
			bo_session_when(r, db_text(&q, 10), NULL);
		else
			html_raw_unescaped(b, "—");
		html_fmt(b, "</td><td>%lld", db_int(&q, 7));
		if (!db_is_null(&q, 8))
			html_fmt(b, " / %lld", db_int(&q, 8));
		html_raw_unescaped(b, "</td></tr>\n");
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "course list failed");
	if (n)
		html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	else
		html_fmt(b, "<p>%s</p>\n", tr(r, "還沒有課程。按「新增課程」開始，或用「匯入 CSV」一次匯入。"));
	page_end(r);
	return 0;
}

/* The sessions table of the course page. Returns 0 or -1. */
static int sessions_table(struct request *r, long long course)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	db_query(r->db, &q, ST_BO_SESSIONS_OF_COURSE, "i", course);
	while ((rc = db_next(&q)) == 1) {
		long long id = db_int(&q, 0);
		if (!n++)
			html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				 tr(r, "依上課時間排列"), tr(r, "上課時間"), tr(r, "地點"), tr(r, "狀態"),
				 tr(r, "出席人次"), tr(r, "管理"));
		html_raw_unescaped(b, "<tr><th scope=\"row\">");
		bo_session_when(r, db_text(&q, 1), db_text(&q, 2));
		html_fmt(b, "</th><td>%s%s%s</td><td>%s</td><td>", db_text(&q, 5) ? db_text(&q, 5) : "—",
			 db_text(&q, 6) ? "，" : "", db_text(&q, 6) ? db_text(&q, 6) : "",
			 db_int(&q, 3) ? tr(r, "已取消") : tr(r, "照常"));
		if (db_is_null(&q, 4))
			html_raw_unescaped(b, "—");
		else
			html_fmt(b, "%lld", db_int(&q, 4));
		html_fmt(b, "</td><td><a href=\"/admin/sessions/%lld\">%s</a>　"
			 "<a href=\"/admin/sessions/%lld/attendance\">%s</a></td></tr>\n",
			 id, tr(r, "編輯"), id, tr(r, "點名／出席"));
	}
	db_done(&q);
	if (n)
		html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	else if (rc == 0)
		html_fmt(b, "<p>%s</p>\n", tr(r, "還沒有場次。按「新增場次」加上單次或每週固定的上課時間。"));
	return rc < 0 ? -1 : 0;
}

int page_bo_course(struct request *r)
{
	struct buf *b = &r->out;
	long long inst;
	struct dbq q;
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	db_query(r->db, &q, ST_BO_COURSE_GET, "i", r->path_id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程。"));
	}
	long long id = r->path_id;
	int published = !strcmp(db_text(&q, CG_STATUS), "published");
	page_begin(r, db_text(&q, CG_TITLE), NULL);
	bo_nav(r, "courses");
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<p>%s%s</p>\n", tr(r, "開課機構："), db_text(&q, CG_INST_NAME));
	html_fmt(b, "<section class=\"bo-status\" aria-labelledby=\"h-status\">\n<h2 id=\"h-status\">%s</h2>\n"
		 "<p><strong>%s</strong></p>\n", tr(r, "發布狀態"),
		 published ? tr(r, "已發布：民眾可以在網站上看到這門課程。")
			   : tr(r, "草稿：只有工作人員看得到，民眾看不到。"));
	html_fmt(b, "<form method=\"post\" action=\"/admin/courses/%lld/status\" class=\"inline\">", id);
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"status\" value=\"%s\"/>"
		 "<button type=\"submit\" class=\"big-button%s\">%s</button></form>\n",
		 published ? "draft" : "published", published ? "" : " primary",
		 published ? tr(r, "取消發布（改回草稿）") : tr(r, "發布到網站"));
	if (published)
		html_fmt(b, " <a href=\"/courses/%lld\">%s</a>\n", id, tr(r, "在網站上查看"));
	html_raw_unescaped(b, "</section>\n");
	html_fmt(b, "<h2>%s</h2>\n<dl class=\"facts\">\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>",
		 tr(r, "課程資料"), tr(r, "類別"), db_text(&q, CG_CATEGORY_NAME), tr(r, "費用"));
	portal_fee(r, db_int(&q, CG_FEE));
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>%s</dd>\n<dt>%s</dt><dd>", tr(r, "上課方式"),
		 portal_format_name(r, db_text(&q, CG_FORMAT)), tr(r, "名額與報名"));
	if (db_is_null(&q, CG_CAPACITY))
		html_trf(r, "不限名額；已報名 %lld 人", db_int(&q, CG_ENROLLED));
	else
		html_trf(r, "名額 %lld 人；正取 %lld 人，候補 %lld 人", db_int(&q, CG_CAPACITY),
			 db_int(&q, CG_ENROLLED), db_int(&q, CG_WAITLISTED));
	html_raw_unescaped(b, "</dd>\n</dl>\n");
	db_done(&q);
	html_fmt(b, "<ul class=\"bo-actions\">\n<li><a class=\"button-link\" href=\"/admin/courses/%lld/edit\">%s</a></li>\n"
		 "<li><a class=\"button-link\" href=\"/admin/courses/%lld/sessions/new\">%s</a></li>\n"
		 "<li><a class=\"button-link\" href=\"/admin/courses/%lld/registrations\">%s</a></li>\n"
		 "<li><a class=\"button-link\" href=\"/admin/courses/%lld/copy\">%s</a></li>\n"
		 "<li><a class=\"button-link\" href=\"/admin/courses/%lld/delete\">%s</a></li>\n</ul>\n",
		 id, tr(r, "編輯課程資料"), id, tr(r, "新增場次"), id, tr(r, "報名名單與代為報名"),
		 id, tr(r, "複製成新一期"), id, tr(r, "刪除課程"));
	html_fmt(b, "<h2>%s</h2>\n", tr(r, "場次"));
	if (sessions_table(r, id) < 0)
		return req_fail(r, 500, "session list failed");
	page_end(r);
	return 0;
}

int page_bo_course_status(struct request *r)
{
	long long inst;
	char to[64];
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	if (!r->in[0].present)
		return req_fail(r, 400, "status: must be one of: draft, published");
	const char *status = statuses[r->in[0].n];
	json_t *old = bo_course_json(r, r->path_id);
	int ok = db_begin(r->db) == 0;
	ok = ok && db_exec(r->db, ST_BO_COURSE_SET_STATUS, "it", r->path_id, status) == 0;
	ok = bo_audit(r, ok, !strcmp(status, "published") ? "publish" : "unpublish", "course",
		      r->path_id, old, json_pack("{s:s}", "status", status)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot change the status");
	}
	snprintf(to, sizeof to, "/admin/courses/%lld?saved=1", r->path_id);
	return req_redirect(r, to);
}

/* A title for next term's copy: the first ROC year (3 digits before 學年
 * or 年) one higher, else the title with "（新一期）". */
static void next_title(const char *title, char *out, size_t n)
{
	for (const char *p = title; *p; p++) {
		if (p[0] >= '1' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
		    p[2] <= '9' && (p == title || p[-1] < '0' || p[-1] > '9') &&
		    (!strncmp(p + 3, "學年", 6) || !strncmp(p + 3, "年", 3))) {
			int y = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
			snprintf(out, n, "%.*s%d%s", (int)(p - title), title, y + 1, p + 3);
			return;
		}
	}
	snprintf(out, n, "%s（新一期）", title);
}

static void copy_form(struct request *r, const char *title, const struct form_errors *fe,
		      const char *weeks, const char *mode)
{
	struct buf *b = &r->out;
	html_fmt(b, "<form method=\"post\" action=\"/admin/courses/%lld/copy\" class=\"form bo-form\" "
		 "novalidate=\"novalidate\">\n", r->path_id);
	csrf_field(r);
	bo_input(r, fe, "title", tr(r, "新一期的課程名稱"), "text", title, TITLE_MAX,
		 tr(r, "要和原本的名稱不同，例如把「112學年」改成「113學年」。"), 1);
	bo_fieldset_begin(r, fe, "sessions", tr(r, "場次要怎麼複製？"), NULL);
	bo_choice(r, "radio", "sessions", "f-sessions-shift", "shift",
		  tr(r, "複製場次，日期往後移（下面填週數）"), strcmp(mode, "none") != 0);
	bo_choice(r, "radio", "sessions", "f-sessions-none", "none",
		  tr(r, "不複製場次，之後再新增"), !strcmp(mode, "none"));
	bo_fieldset_end(r);
	bo_input(r, fe, "weeks", tr(r, "往後移幾週"), "number", weeks, 4,
		 tr(r, "52 週是明年的同一個星期幾；26 週約是下學期。取消的場次不會複製，出席紀錄也不會。"), 0);
	html_fmt(b, "<p><button type=\"submit\" class=\"big-button primary\">%s</button></p>\n</form>\n",
		 tr(r, "建立新一期（草稿）"));
}

int page_bo_course_copy_form(struct request *r)
{
	long long inst;
	struct dbq q;
	char title[TITLE_MAX * 4 + 64] = "";
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	db_query(r->db, &q, ST_BO_COURSE_GET, "i", r->path_id);
	if (db_next(&q) == 1)
		next_title(db_text(&q, CG_TITLE), title, sizeof title);
	page_begin(r, tr(r, "複製成新一期"), NULL);
	bo_nav(r, "courses");
	html_fmt(&r->out, "<p>%s<a href=\"/admin/courses/%lld\">%s</a></p>\n", tr(r, "從這門課程複製："),
		 r->path_id, db_text(&q, CG_TITLE) ? db_text(&q, CG_TITLE) : "");
	db_done(&q);
	html_fmt(&r->out, "<p>%s</p>\n", tr(r, "新的一期會是草稿：課程資料和對象都會複製；檢查後再發布。"));
	copy_form(r, title, NULL, "52", "shift");
	page_end(r);
	return 0;
}

int page_bo_course_copy(struct request *r)
{
	long long inst, weeks = 0, id = 0, taken;
	struct form_errors fe = {0};
	struct dbq q;
	char shift[32], to[64];
	const char *title = r->in[CP_TITLE].present ? r->in[CP_TITLE].s : "";
	int no_sessions = r->in[CP_SESSIONS].present && r->in[CP_SESSIONS].n == 1;
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	if (!*title)
		fe_add(&fe, "title", "%s", tr(r, "請填寫新一期的課程名稱。"));
	else if (db_scalar(r->db, &taken, ST_BO_COURSE_TITLE_TAKEN, "iti", inst, title, 0LL) == 1)
		fe_add(&fe, "title", "%s", tr(r, "這個名稱已經有課程使用了，請換一個（例如改期別）。"));
	if (!no_sessions && bo_parse_count(bo_val(r, "weeks"), 0, 520, &weeks) < 0)
		fe_add(&fe, "weeks", "%s", tr(r, "週數請填 0 到 520 的整數。"));
	if (fe.n) {
		r->status = 400;
		page_begin(r, tr(r, "複製成新一期"), NULL);
		bo_nav(r, "courses");
		bo_error_summary(r, &fe);
		copy_form(r, title, &fe, bo_val(r, "weeks"), no_sessions ? "none" : "shift");
		page_end(r);
		return 0;
	}
	snprintf(shift, sizeof shift, "+%lld days", weeks * 7);
	if (db_begin(r->db) < 0)
		return req_fail(r, 500, "cannot start a transaction");
	if (db_query(r->db, &q, ST_BO_COURSE_COPY, "it", r->path_id, title) == 0 && db_next(&q) == 1)
		id = db_int(&q, 0);
	db_done(&q);
	if (!id || db_exec(r->db, ST_BO_AUDIENCES_COPY, "ii", r->path_id, id) < 0 ||
	    (!no_sessions && db_exec(r->db, ST_BO_SESSIONS_COPY, "iit", r->path_id, id, shift) < 0) ||
	    audit_record(r, "copy", "course", id,
			 json_pack("{s:I}", "copied_from", (json_int_t)r->path_id),
			 json_pack("{s:o,s:I}", "course", bo_course_json(r, id),
				   "weeks", (json_int_t)(no_sessions ? -1 : weeks))) < 0 ||
	    db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot copy the course: %s", db_errmsg(r->db));
	}
	snprintf(to, sizeof to, "/admin/courses/%lld?saved=1", id);
	return req_redirect(r, to);
}

int page_bo_course_delete_form(struct request *r)
{
	struct buf *b = &r->out;
	long long inst;
	struct dbq q;
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	long long enrolled = 0, waiting = 0, sessions = 0, attended = 0;
	db_query(r->db, &q, ST_BO_COURSE_REG_COUNTS, "i", r->path_id);
	if (db_next(&q) == 1) {
		enrolled = db_int(&q, 0);
		waiting = db_int(&q, 1);
		sessions = db_int(&q, 2);
		attended = db_int(&q, 3);
	}
	db_done(&q);
	db_query(r->db, &q, ST_BO_COURSE_GET, "i", r->path_id);
	db_next(&q);
	page_begin(r, tr(r, "刪除課程"), NULL);
	bo_nav(r, "courses");
	html_fmt(b, "<div class=\"error-box\">\n<p>%s<strong>%s</strong></p>\n<p>",
		 tr(r, "確定要刪除這門課程嗎？"), db_text(&q, CG_TITLE) ? db_text(&q, CG_TITLE) : "");
	db_done(&q);
	html_trf(r, "一起刪除的有：%lld 個場次（其中 %lld 個有出席紀錄）、%lld 位正取和 %lld 位候補的報名。刪除後不能復原。",
		 sessions, attended, enrolled, waiting);
	html_fmt(b, "</p>\n<p>%s</p>\n</div>\n",
		 tr(r, "只是暫時不想讓民眾看到的話，請改用「取消發布」。"));
	html_fmt(b, "<form method=\"post\" action=\"/admin/courses/%lld/delete\">\n", r->path_id);
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"confirm\" value=\"yes\"/>\n"
		 "<p><button type=\"submit\" class=\"big-button\">%s</button> "
		 "<a href=\"/admin/courses/%lld\">%s</a></p>\n</form>\n",
		 tr(r, "確定刪除"), r->path_id, tr(r, "不刪除，回到課程"));
	page_end(r);
	return 0;
}

int page_bo_course_delete(struct request *r)
{
	long long inst;
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	if (!r->in[0].n)
		return req_fail(r, 400, "%s", tr(r, "請在確認頁按「確定刪除」。"));
	json_t *old = bo_course_json(r, r->path_id);
	int ok = db_begin(r->db) == 0;
	ok = ok && db_exec(r->db, ST_BO_COURSE_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "delete", "course", r->path_id, old, NULL) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot delete the course: %s", db_errmsg(r->db));
	}
	return req_redirect(r, "/admin/courses");
}
