/* kpi_volunteers — volunteer teams and their trainings (programme 8 of
 * the plan; administrators): /admin/volunteers lists the teams with
 * members, trainings and hours, and the totals per year; a team's page
 * edits it and records its trainings (title, date, hours, participants),
 * which the volunteer-training indicators count with the courses. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "db/db.h"
#include "pages/backoffice.h"
#include "pages/kpi_pages.h"

enum { VG_NAME, VG_INSTITUTION, VG_MEMBERS };
enum { VT_TITLE, VT_HELD, VT_HOURS, VT_PARTICIPANTS };

const struct param_spec kpi_vgroup_params[] = {
	{"name", P_TEXT, 0, 200, NULL, 0},
	{"institution", P_TEXT, 0, 20, NULL, 0},
	{"members", P_TEXT, 0, 20, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec kpi_vtraining_params[] = {
	{"title", P_TEXT, 0, 300, NULL, 0},
	{"held_on", P_TEXT, 0, 20, NULL, 0},
	{"hours", P_TEXT, 0, 20, NULL, 0},
	{"participants", P_TEXT, 0, 20, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

struct group_form {
	char name[256], institution[24], members[24];
};

struct training_form {
	char title[512], held[16], hours[24], participants[24];
};

static const char *in_text(struct request *r, int i)
{
	return r->in[i].present ? r->in[i].s : "";
}

static json_t *group_json(const struct group_form *g)
{
	return json_pack("{s:s,s:s,s:s}", "name", g->name, "institution", g->institution, "members",
			 g->members);
}

static json_t *training_json(const struct training_form *t)
{
	return json_pack("{s:s,s:s,s:s,s:s}", "title", t->title, "held_on", t->held, "hours",
			 t->hours, "participants", t->participants);
}

/* Hours: a number from 0 to 1000 with at most one decimal ("1.5"). */
static int parse_hours(const char *s, double *out)
{
	char *end;
	double v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (!*s || *end || !(v >= 0 && v <= 1000))
		return -1;
	*out = v;
	return 0;
}

/* The group form (id 0: new), for the list page or the group's page. */
static void group_form(struct request *r, long long id, const struct group_form *g,
		       const struct form_errors *fe, char **insts)
{
	struct buf *b = &r->out;
	char action[64];
	if (id)
		snprintf(action, sizeof action, "/admin/volunteers/%lld", id);
	else
		snprintf(action, sizeof action, "/admin/volunteers");
	html_fmt(b, "<form method=\"post\" action=\"%s\" class=\"bo-form\" novalidate=\"novalidate\">\n",
		 action);
	csrf_field(r);
	bo_input(r, fe, "name", tr(r, "志工團隊名稱"), "text", g->name, 200, NULL, 1);
	bo_select(r, fe, "institution", tr(r, "所屬機構"), (const char *const *)insts,
		  g->institution, NULL);
	bo_input(r, fe, "members", tr(r, "目前志工人數"), "text", g->members, 20, NULL, 1);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n",
		 id ? tr(r, "儲存") : tr(r, "新增志工團隊"));
}

static int list_page(struct request *r, const struct group_form *g, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	char **insts = kpi_institution_options(r, tr(r, "（不指定）"));
	char num[64];
	if (!insts)
		return req_fail(r, 500, "out of memory");
	page_begin(r, tr(r, "志工團隊與培訓"), NULL);
	kpi_admin_nav(r, "volunteers");
	bo_error_summary(r, fe);
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<p>%s</p>\n",
		 tr(r, "方案八「志工培訓」的場次與人次，除了課程中的志工培訓場次，也加上這裡登錄的培訓"
		       "（參加人數計入人次）。已經登錄成課程場次的培訓，請不要在這裡重複登錄。"));
	html_fmt(b, "<h2>%s</h2>\n<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "各年度培訓"), tr(r, "依後台登錄的培訓計算"), tr(r, "年度"), tr(r, "培訓場次"),
		 tr(r, "培訓時數"), tr(r, "參加人次"), tr(r, "志工培訓總時數（人×時）"));
	db_query(r->db, &q, ST_VOLUNTEER_YEARS, "");
	while ((rc = db_next(&q)) == 1) {
		html_fmt(b, "<tr><th scope=\"row\">");
		kpi_html_year(r, (int)db_int(&q, 0));
		html_fmt(b, "</th><td class=\"num\">%lld</td>", db_int(&q, 1));
		kpi_num(num, sizeof num, db_real(&q, 2));
		html_fmt(b, "<td class=\"num\">%s</td>", num);
		kpi_num(num, sizeof num, db_real(&q, 3));
		html_fmt(b, "<td class=\"num\">%s</td>", num);
		kpi_num(num, sizeof num, db_real(&q, 4));
		html_fmt(b, "<td class=\"num\">%s</td></tr>\n", num);
		n++;
	}
	db_done(&q);
	if (!n)
		html_fmt(b, "<tr><td colspan=\"5\">%s</td></tr>\n", tr(r, "還沒有登錄培訓。"));
	html_fmt(b, "</tbody>\n</table></div>\n<h2>%s</h2>\n<div class=\"table-scroll\"><table>\n"
		 "<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "志工團隊"), tr(r, "按團隊名稱登錄培訓"), tr(r, "團隊"), tr(r, "所屬機構"),
		 tr(r, "志工人數"), tr(r, "培訓場次"), tr(r, "培訓時數"), tr(r, "最近一次培訓"));
	n = 0;
	db_query(r->db, &q, ST_VGROUPS_LIST, "");
	while ((rc = db_next(&q)) == 1) {
		kpi_num(num, sizeof num, db_real(&q, 5));
		html_fmt(b, "<tr><th scope=\"row\"><a href=\"/admin/volunteers/%lld\">%s</a></th>"
			 "<td>%s</td><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
			 "<td class=\"num\">%s</td><td>%s</td></tr>\n",
			 db_int(&q, 0), db_text(&q, 1), db_text(&q, 2) ? db_text(&q, 2) : "—",
			 db_int(&q, 3), db_int(&q, 4), num, db_text(&q, 6) ? db_text(&q, 6) : "—");
		n++;
	}
	db_done(&q);
	if (rc < 0) {
		kpi_options_free(insts);
		return req_fail(r, 500, "volunteer query failed");
	}
	if (!n)
		html_fmt(b, "<tr><td colspan=\"6\">%s</td></tr>\n", tr(r, "還沒有登錄志工團隊。"));
	html_fmt(b, "</tbody>\n</table></div>\n<h2 id=\"new-group\">%s</h2>\n", tr(r, "新增志工團隊"));
	group_form(r, 0, g, fe, insts);
	page_end(r);
	kpi_options_free(insts);
	return 0;
}

int page_admin_volunteers(struct request *r)
{
	struct group_form g;
	memset(&g, 0, sizeof g);
	strcpy(g.members, "0");
	return list_page(r, &g, NULL);
}

/* Reads group id into g (and *db_inst). Returns 0 or 404. */
static int group_get(struct request *r, long long id, struct group_form *g)
{
	struct dbq q;
	memset(g, 0, sizeof *g);
	db_query(r->db, &q, ST_VGROUP_GET, "i", id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "沒有這個志工團隊。"));
	}
	snprintf(g->name, sizeof g->name, "%s", db_text(&q, 1) ? db_text(&q, 1) : "");
	if (db_int(&q, 2))
		snprintf(g->institution, sizeof g->institution, "%lld", db_int(&q, 2));
	snprintf(g->members, sizeof g->members, "%lld", db_int(&q, 3));
	db_done(&q);
	return 0;
}

/* The group's page: its form, its trainings, a form for a new one. */
static int group_page(struct request *r, long long id, const struct group_form *g,
		      const struct training_form *t, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	char **insts = kpi_institution_options(r, tr(r, "（不指定）"));
	char num[64], action[80];
	if (!insts)
		return req_fail(r, 500, "out of memory");
	page_begin(r, g->name, NULL);
	kpi_admin_nav(r, "volunteers");
	bo_error_summary(r, fe);
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<h2>%s</h2>\n<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "培訓紀錄"), tr(r, "新的在前"), tr(r, "日期"), tr(r, "培訓名稱"),
		 tr(r, "時數"), tr(r, "參加人數"));
	db_query(r->db, &q, ST_VTRAININGS_OF_GROUP, "i", id);
	while ((rc = db_next(&q)) == 1) {
		kpi_num(num, sizeof num, db_real(&q, 3));
		html_fmt(b, "<tr id=\"training-%lld\"><td>%s</td><th scope=\"row\">"
			 "<a href=\"/admin/trainings/%lld\">%s</a></th><td class=\"num\">%s</td>"
			 "<td class=\"num\">%lld</td></tr>\n", db_int(&q, 0), db_text(&q, 2),
			 db_int(&q, 0), db_text(&q, 1), num, db_int(&q, 4));
		n++;
	}
	db_done(&q);
	if (!n)
		html_fmt(b, "<tr><td colspan=\"4\">%s</td></tr>\n", tr(r, "還沒有培訓紀錄。"));
	html_fmt(b, "</tbody>\n</table></div>\n<h2 id=\"new-training\">%s</h2>\n", tr(r, "登錄一次培訓"));
	snprintf(action, sizeof action, "/admin/volunteers/%lld/trainings", id);
	html_fmt(b, "<form method=\"post\" action=\"%s\" class=\"bo-form\" novalidate=\"novalidate\">\n",
		 action);
	csrf_field(r);
	bo_input(r, fe, "title", tr(r, "培訓名稱"), "text", t->title, 300, NULL, 1);
	bo_input(r, fe, "held_on", tr(r, "日期"), "text", t->held, 20,
		 tr(r, "例如 2023-05-20 或 112/5/20"), 1);
	bo_input(r, fe, "hours", tr(r, "時數"), "text", t->hours, 20, tr(r, "例如 3 或 1.5"), 1);
	bo_input(r, fe, "participants", tr(r, "參加人數"), "text", t->participants, 20, NULL, 1);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "登錄培訓"));
	html_fmt(b, "<h2>%s</h2>\n", tr(r, "團隊資料"));
	group_form(r, id, g, fe, insts);
	html_fmt(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/admin/volunteers/%lld/delete\" "
		 "class=\"bo-form\">\n", tr(r, "刪除志工團隊"), id);
	csrf_field(r);
	bo_choice(r, "checkbox", "confirm", "f-confirm", "1",
		  tr(r, "我確定要刪除這個團隊和它的所有培訓紀錄"), 0);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n<p><a href=\"/admin/volunteers\">%s</a></p>\n",
		 tr(r, "刪除"), tr(r, "回到志工團隊列表"));
	page_end(r);
	kpi_options_free(insts);
	return 0;
}

int page_admin_volunteer(struct request *r)
{
	struct group_form g;
	struct training_form t;
	int rc = group_get(r, r->path_id, &g);
	if (rc)
		return rc;
	memset(&t, 0, sizeof t);
	return group_page(r, r->path_id, &g, &t, NULL);
}

/* Checks the typed group. */
static void group_check(struct request *r, const struct group_form *g, long long *inst,
			long long *members, struct form_errors *fe)
{
	if (!*g->name)
		fe_add(fe, "name", "%s", tr(r, "請填寫團隊名稱。"));
	if (kpi_parse_institution(r, g->institution, inst) < 0)
		fe_add(fe, "institution", "%s", tr(r, "請從清單選擇機構。"));
	if (kpi_parse_amount(g->members, 1000000, members) < 0)
		fe_add(fe, "members", "%s", tr(r, "人數請填整數。"));
}

static void group_from_request(struct request *r, struct group_form *g)
{
	snprintf(g->name, sizeof g->name, "%s", in_text(r, VG_NAME));
	snprintf(g->institution, sizeof g->institution, "%s", in_text(r, VG_INSTITUTION));
	snprintf(g->members, sizeof g->members, "%s", in_text(r, VG_MEMBERS));
}

int page_admin_volunteer_create(struct request *r)
{
	struct group_form g;
	struct form_errors fe = {0};
	long long inst = 0, members = 0, id;
	char to[64];
	group_from_request(r, &g);
	group_check(r, &g, &inst, &members, &fe);
	if (fe.n) {
		r->status = 400;
		return list_page(r, &g, &fe);
	}
	int ok = db_begin(r->db) == 0 &&
		 db_exec(r->db, ST_VGROUP_INSERT, "tii", g.name, inst, members) == 0;
	id = ok ? db_last_id(r->db) : 0;
	ok = bo_audit(r, ok, "create", "volunteer_group", id, NULL, group_json(&g)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the team");
	}
	snprintf(to, sizeof to, "/admin/volunteers/%lld?saved=1", id);
	return req_redirect(r, to);
}

int page_admin_volunteer_update(struct request *r)
{
	struct group_form g, old;
	struct training_form t;
	struct form_errors fe = {0};
	long long inst = 0, members = 0;
	char to[64];
	int rc = group_get(r, r->path_id, &old);
	if (rc)
		return rc;
	group_from_request(r, &g);
	group_check(r, &g, &inst, &members, &fe);
	if (fe.n) {
		memset(&t, 0, sizeof t);
		r->status = 400;
		return group_page(r, r->path_id, &g, &t, &fe);
	}
	int ok = db_begin(r->db) == 0 &&
		 db_exec(r->db, ST_VGROUP_UPDATE, "itii", r->path_id, g.name, inst, members) == 0;
	ok = bo_audit(r, ok, "update", "volunteer_group", r->path_id, group_json(&old),
		      group_json(&g)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the team");
	}
	snprintf(to, sizeof to, "/admin/volunteers/%lld?saved=1", r->path_id);
	return req_redirect(r, to);
}

int page_admin_volunteer_delete(struct request *r)
{
	struct group_form g;
	int rc = group_get(r, r->path_id, &g);
	if (rc)
		return rc;
	if (!r->in[0].n) {
		struct form_errors fe = {0};
		struct training_form t;
		memset(&t, 0, sizeof t);
		fe_add(&fe, "confirm", "%s", tr(r, "要刪除的話，請先勾選確認。"));
		r->status = 400;
		return group_page(r, r->path_id, &g, &t, &fe);
	}
	int ok = db_begin(r->db) == 0 && db_exec(r->db, ST_VGROUP_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "delete", "volunteer_group", r->path_id, group_json(&g), NULL) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot delete the team");
	}
	return req_redirect(r, "/admin/volunteers?saved=1");
}

/* Checks the typed training. */
static void training_check(struct request *r, const struct training_form *t, char held[11],
			   double *hours, long long *participants, struct form_errors *fe)
{
	if (!*t->title)
		fe_add(fe, "title", "%s", tr(r, "請填寫培訓名稱。"));
	if (bo_parse_date(t->held, held) < 0)
		fe_add(fe, "held_on", "%s", tr(r, "日期請寫成 2023-05-20 或 112/5/20。"));
	if (parse_hours(t->hours, hours) < 0)
		fe_add(fe, "hours", "%s", tr(r, "時數請填 0 到 1000 的數字，例如 3 或 1.5。"));
	if (kpi_parse_amount(t->participants, 1000000, participants) < 0)
		fe_add(fe, "participants", "%s", tr(r, "人數請填整數。"));
}

static void training_from_request(struct request *r, struct training_form *t)
{
	snprintf(t->title, sizeof t->title, "%s", in_text(r, VT_TITLE));
	snprintf(t->held, sizeof t->held, "%s", in_text(r, VT_HELD));
	snprintf(t->hours, sizeof t->hours, "%s", in_text(r, VT_HOURS));
	snprintf(t->participants, sizeof t->participants, "%s", in_text(r, VT_PARTICIPANTS));
}

int page_admin_training_create(struct request *r)
{
	struct group_form g;
	struct training_form t;
	struct form_errors fe = {0};
	char held[11], to[80];
	double hours = 0;
	long long participants = 0, id;
	int rc = group_get(r, r->path_id, &g);
	if (rc)
		return rc;
	training_from_request(r, &t);
	training_check(r, &t, held, &hours, &participants, &fe);
	if (fe.n) {
		r->status = 400;
		return group_page(r, r->path_id, &g, &t, &fe);
	}
	int ok = db_begin(r->db) == 0 && db_exec(r->db, ST_VTRAINING_INSERT, "ittdi", r->path_id,
						 t.title, held, hours, participants) == 0;
	id = ok ? db_last_id(r->db) : 0;
	ok = bo_audit(r, ok, "create", "volunteer_training", id, NULL, training_json(&t)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the training");
	}
	snprintf(to, sizeof to, "/admin/volunteers/%lld?saved=1#training-%lld", r->path_id, id);
	return req_redirect(r, to);
}

/* Reads training id into t; *group receives its team. 0 or 404. */
static int training_get(struct request *r, struct training_form *t, long long *group,
			char *group_name, size_t n)
{
	struct dbq q;
	memset(t, 0, sizeof *t);
	db_query(r->db, &q, ST_VTRAINING_GET, "i", r->path_id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "沒有這筆培訓紀錄。"));
	}
	*group = db_int(&q, 1);
	snprintf(t->title, sizeof t->title, "%s", db_text(&q, 2) ? db_text(&q, 2) : "");
	snprintf(t->held, sizeof t->held, "%s", db_text(&q, 3) ? db_text(&q, 3) : "");
	snprintf(t->hours, sizeof t->hours, "%g", db_real(&q, 4));
	snprintf(t->participants, sizeof t->participants, "%lld", db_int(&q, 5));
	snprintf(group_name, n, "%s", db_text(&q, 6) ? db_text(&q, 6) : "");
	db_done(&q);
	return 0;
}

static int training_page(struct request *r, long long group, const char *group_name,
			 const struct training_form *t, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "編輯培訓紀錄"), NULL);
	kpi_admin_nav(r, "volunteers");
	bo_error_summary(r, fe);
	html_fmt(b, "<p>%s<a href=\"/admin/volunteers/%lld\">%s</a></p>\n", tr(r, "志工團隊："),
		 group, group_name);
	html_fmt(b, "<form method=\"post\" action=\"/admin/trainings/%lld\" class=\"bo-form\" "
		 "novalidate=\"novalidate\">\n", r->path_id);
	csrf_field(r);
	bo_input(r, fe, "title", tr(r, "培訓名稱"), "text", t->title, 300, NULL, 1);
	bo_input(r, fe, "held_on", tr(r, "日期"), "text", t->held, 20,
		 tr(r, "例如 2023-05-20 或 112/5/20"), 1);
	bo_input(r, fe, "hours", tr(r, "時數"), "text", t->hours, 20, tr(r, "例如 3 或 1.5"), 1);
	bo_input(r, fe, "participants", tr(r, "參加人數"), "text", t->participants, 20, NULL, 1);
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "儲存"));
	html_fmt(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/admin/trainings/%lld/delete\" "
		 "class=\"bo-form\">\n", tr(r, "刪除這筆培訓紀錄"), r->path_id);
	csrf_field(r);
	bo_choice(r, "checkbox", "confirm", "f-confirm", "1", tr(r, "我確定要刪除這筆培訓紀錄"), 0);
	if (fe_get(fe, "confirm"))
		html_fmt(b, "<p class=\"field-error\">%s</p>\n", fe_get(fe, "confirm"));
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "刪除"));
	page_end(r);
	return 0;
}

int page_admin_training(struct request *r)
{
	struct training_form t;
	long long group;
	char name[256];
	int rc = training_get(r, &t, &group, name, sizeof name);
	return rc ? rc : training_page(r, group, name, &t, NULL);
}

int page_admin_training_update(struct request *r)
{
	struct training_form t, old;
	struct form_errors fe = {0};
	long long group, participants = 0;
	double hours = 0;
	char name[256], held[11], to[96];
	int rc = training_get(r, &old, &group, name, sizeof name);
	if (rc)
		return rc;
	training_from_request(r, &t);
	training_check(r, &t, held, &hours, &participants, &fe);
	if (fe.n) {
		r->status = 400;
		return training_page(r, group, name, &t, &fe);
	}
	int ok = db_begin(r->db) == 0 && db_exec(r->db, ST_VTRAINING_UPDATE, "ittdi", r->path_id,
						 t.title, held, hours, participants) == 0;
	ok = bo_audit(r, ok, "update", "volunteer_training", r->path_id, training_json(&old),
		      training_json(&t)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the training");
	}
	snprintf(to, sizeof to, "/admin/volunteers/%lld?saved=1#training-%lld", group, r->path_id);
	return req_redirect(r, to);
}

int page_admin_training_delete(struct request *r)
{
	struct training_form t;
	long long group;
	char name[256], to[64];
	int rc = training_get(r, &t, &group, name, sizeof name);
	if (rc)
		return rc;
	if (!r->in[0].n) {
		struct form_errors fe = {0};
		fe_add(&fe, "confirm", "%s", tr(r, "要刪除的話，請先勾選確認。"));
		r->status = 400;
		return training_page(r, group, name, &t, &fe);
	}
	int ok = db_begin(r->db) == 0 && db_exec(r->db, ST_VTRAINING_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "delete", "volunteer_training", r->path_id, training_json(&t),
		      NULL) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot delete the training");
	}
	snprintf(to, sizeof to, "/admin/volunteers/%lld?saved=1", group);
	return req_redirect(r, to);
}
