/* kpi_records_admin — the back-office records that programmes 9 and 10
 * of the plan count (administrators): central-government grant
 * applications (/admin/grants: scheme, amounts applied and approved,
 * status) and liaison meetings, staff workshops and committee meetings
 * (/admin/meetings). Each list shows what the indicators take from it;
 * every change is in the audit log. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "db/db.h"
#include "pages/backoffice.h"
#include "pages/kpi_pages.h"

/* Form fields (routes.c: grant_params, meeting_params). */
enum { G_YEAR, G_SCHEME, G_TITLE, G_INSTITUTION, G_APPLIED, G_APPROVED, G_STATUS, G_SUBMITTED };
enum { M_KIND, M_TITLE, M_HELD, M_ATTENDEES, M_INSTITUTION };

const struct param_spec kpi_grant_params[] = {
	{"year", P_TEXT, 0, 16, NULL, 0},
	{"scheme", P_TEXT, 0, 200, NULL, 0},
	{"title", P_TEXT, 0, 300, NULL, 0},
	{"institution", P_TEXT, 0, 20, NULL, 0},
	{"amount_applied", P_TEXT, 0, 30, NULL, 0},
	{"amount_approved", P_TEXT, 0, 30, NULL, 0},
	{"status", P_TEXT, 0, 20, NULL, 0},
	{"submitted_on", P_TEXT, 0, 20, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec kpi_meeting_params[] = {
	{"kind", P_TEXT, 0, 20, NULL, 0},
	{"title", P_TEXT, 0, 300, NULL, 0},
	{"held_on", P_TEXT, 0, 20, NULL, 0},
	{"attendees", P_TEXT, 0, 20, NULL, 0},
	{"institution", P_TEXT, 0, 20, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

static const char *const grant_statuses[] = {
	"draft", N_("草稿（尚未送出）"), "submitted", N_("已送出，審查中"),
	"approved", N_("核定"), "rejected", N_("未獲核定"), NULL,
};

static const char *const meeting_kinds[] = {
	"liaison", N_("終身學習聯繫會議"), "workshop", N_("專業人員研習"),
	"committee", N_("終身學習推展委員會"), NULL,
};

/* The label of value in a value/label list, translated; value if absent. */
static const char *label_of(struct request *r, const char *const *list, const char *value)
{
	for (size_t i = 0; list[i]; i += 2)
		if (value && !strcmp(list[i], value))
			return tr(r, list[i + 1]);
	return value ? value : "";
}

/* A translated copy of a static value/label list for bo_select (labels
 * point into the catalogue; only the array is allocated). */
static const char **translated(struct request *r, const char *const *list)
{
	size_t n = 0;
	while (list[n])
		n++;
	const char **t = calloc(n + 1, sizeof *t);
	for (size_t i = 0; t && i < n; i++)
		t[i] = i % 2 ? tr(r, list[i]) : list[i];
	return t;
}

/* Appends NT$ v with separators, or "—" when NULL. */
static void money(struct request *r, struct dbq *q, int col)
{
	char n[64];
	if (db_is_null(q, col)) {
		html_raw_unescaped(&r->out, "—");
		return;
	}
	kpi_num(n, sizeof n, (double)db_int(q, col));
	html_fmt(&r->out, "%s", n);
}

/* The delete form of a record, with its confirmation box. */
static void delete_form(struct request *r, const struct form_errors *fe, const char *action,
			const char *heading, const char *confirm)
{
	struct buf *b = &r->out;
	html_fmt(b, "<h2>%s</h2>\n<form method=\"post\" action=\"%s\" class=\"bo-form\">\n", heading,
		 action);
	csrf_field(r);
	bo_choice(r, "checkbox", "confirm", "f-confirm", "1", confirm, 0);
	if (fe_get(fe, "confirm"))
		html_fmt(b, "<p class=\"field-error\" id=\"e-confirm\">%s</p>\n", fe_get(fe, "confirm"));
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "刪除"));
}

/* ---- grants ---------------------------------------------------------- */

struct grant_form {
	char year[16], institution[24], applied[32], approved[32], status[16], submitted[16];
	char scheme[256], title[512];
};

static void grant_from_row(struct dbq *q, struct grant_form *g)
{
	snprintf(g->year, sizeof g->year, "%lld", db_int(q, 1));
	snprintf(g->scheme, sizeof g->scheme, "%s", db_text(q, 2) ? db_text(q, 2) : "");
	snprintf(g->title, sizeof g->title, "%s", db_text(q, 3) ? db_text(q, 3) : "");
	if (db_int(q, 4))
		snprintf(g->institution, sizeof g->institution, "%lld", db_int(q, 4));
	if (!db_is_null(q, 5))
		snprintf(g->applied, sizeof g->applied, "%lld", db_int(q, 5));
	if (!db_is_null(q, 6))
		snprintf(g->approved, sizeof g->approved, "%lld", db_int(q, 6));
	snprintf(g->status, sizeof g->status, "%s", db_text(q, 7) ? db_text(q, 7) : "");
	snprintf(g->submitted, sizeof g->submitted, "%s", db_text(q, 8) ? db_text(q, 8) : "");
}

static void grant_from_request(struct request *r, struct grant_form *g)
{
	const struct param_value *v = r->in;
#define TXT(f, i) snprintf(g->f, sizeof g->f, "%s", v[i].present ? v[i].s : "")
	TXT(year, G_YEAR);
	TXT(scheme, G_SCHEME);
	TXT(title, G_TITLE);
	TXT(institution, G_INSTITUTION);
	TXT(applied, G_APPLIED);
	TXT(approved, G_APPROVED);
	TXT(status, G_STATUS);
	TXT(submitted, G_SUBMITTED);
#undef TXT
}

/* The grant form (id 0: a new one). */
static int grant_page(struct request *r, long long id, const struct grant_form *g,
		      const struct form_errors *fe)
{
	struct buf *b = &r->out;
	char **insts = kpi_institution_options(r, tr(r, "（教育處或不指定）"));
	const char **st = translated(r, grant_statuses);
	char action[64];
	if (!insts || !st) {
		kpi_options_free(insts);
		free(st);
		return req_fail(r, 500, "out of memory");
	}
	page_begin(r, id ? tr(r, "編輯補助案") : tr(r, "新增補助案"), NULL);
	kpi_admin_nav(r, "grants");
	bo_error_summary(r, fe);
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	if (id)
		snprintf(action, sizeof action, "/admin/grants/%lld", id);
	else
		snprintf(action, sizeof action, "/admin/grants");
	html_fmt(b, "<form method=\"post\" action=\"%s\" class=\"bo-form\" novalidate=\"novalidate\">\n",
		 action);
	csrf_field(r);
	bo_input(r, fe, "year", tr(r, "計畫年度"), "text", g->year, 16,
		 tr(r, "民國或西元年，例如 112 或 2023；指標「申請案數」「核定經費」依這個年度計算。"), 1);
	bo_input(r, fe, "scheme", tr(r, "補助計畫類別"), "text", g->scheme, 200,
		 tr(r, "例如：學習型城市計畫、樂齡學習計畫"), 1);
	bo_input(r, fe, "title", tr(r, "申請案名稱"), "text", g->title, 300, NULL, 1);
	bo_select(r, fe, "institution", tr(r, "執行機構"), (const char *const *)insts,
		  g->institution, NULL);
	bo_select(r, fe, "status", tr(r, "狀態"), st, g->status,
		  tr(r, "「已送出」「核定」「未獲核定」都算一件申請案；只有核定的經費計入核定經費。"));
	bo_input(r, fe, "submitted_on", tr(r, "送出日期"), "text", g->submitted, 20,
		 tr(r, "例如 2023-03-15 或 112/3/15；草稿可以不填。"), 0);
	bo_input(r, fe, "amount_applied", tr(r, "申請金額（新臺幣元）"), "text", g->applied, 30,
		 tr(r, "整數，例如 2,000,000"), 0);
	bo_input(r, fe, "amount_approved", tr(r, "核定金額（新臺幣元）"), "text", g->approved, 30,
		 tr(r, "核定後填寫；指標以萬元計（除以 10,000）。"), 0);
	html_fmt(b, "<p><button type=\"submit\">%s</button> <a href=\"/admin/grants\">%s</a></p>\n"
		 "</form>\n", tr(r, "儲存"), tr(r, "回到補助案列表"));
	if (id) {
		snprintf(action, sizeof action, "/admin/grants/%lld/delete", id);
		delete_form(r, fe, action, tr(r, "刪除補助案"), tr(r, "我確定要刪除這件補助案"));
	}
	page_end(r);
	kpi_options_free(insts);
	free(st);
	return 0;
}

/* Checks the typed grant; fills the values to store. */
struct grant_values {
	int year;
	long long institution, applied, approved;
	char submitted[11];
};

static void grant_check(struct request *r, const struct grant_form *g, struct grant_values *v,
			struct form_errors *fe)
{
	memset(v, 0, sizeof *v);
	v->applied = v->approved = DB_NULL_INT;
	if (kpi_parse_year(g->year, &v->year) < 0)
		fe_add(fe, "year", "%s", tr(r, "請填寫年度，例如 112 或 2023。"));
	if (!*g->scheme)
		fe_add(fe, "scheme", "%s", tr(r, "請填寫補助計畫類別。"));
	if (!*g->title)
		fe_add(fe, "title", "%s", tr(r, "請填寫申請案名稱。"));
	if (kpi_parse_institution(r, g->institution, &v->institution) < 0)
		fe_add(fe, "institution", "%s", tr(r, "請從清單選擇機構。"));
	int known = 0;
	for (size_t i = 0; grant_statuses[i]; i += 2)
		known |= !strcmp(grant_statuses[i], g->status);
	if (!known)
		fe_add(fe, "status", "%s", tr(r, "請選擇狀態。"));
	if (*g->submitted && bo_parse_date(g->submitted, v->submitted) < 0)
		fe_add(fe, "submitted_on", "%s", tr(r, "日期請寫成 2023-03-15 或 112/3/15。"));
	else if (!*g->submitted && known && strcmp(g->status, "draft"))
		fe_add(fe, "submitted_on", "%s", tr(r, "已送出的案件請填寫送出日期。"));
	if (*g->applied && kpi_parse_amount(g->applied, 100000000000LL, &v->applied) < 0)
		fe_add(fe, "amount_applied", "%s", tr(r, "金額請填整數（新臺幣元）。"));
	if (*g->approved && kpi_parse_amount(g->approved, 100000000000LL, &v->approved) < 0)
		fe_add(fe, "amount_approved", "%s", tr(r, "金額請填整數（新臺幣元）。"));
	else if (!*g->approved && !strcmp(g->status, "approved"))
		fe_add(fe, "amount_approved", "%s", tr(r, "核定的案件請填寫核定金額。"));
}

static json_t *grant_json(const struct grant_form *g)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "year", g->year, "scheme", g->scheme,
			 "title", g->title, "institution", g->institution, "applied", g->applied,
			 "approved", g->approved, "status", g->status, "submitted_on", g->submitted);
}

int page_admin_grants(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	page_begin(r, tr(r, "中央競爭型計畫補助案"), NULL);
	kpi_admin_nav(r, "grants");
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<p>%s</p>\n<p><a class=\"button-link\" href=\"/admin/grants/new\">%s</a></p>\n",
		 tr(r, "方案十的兩項指標由這裡計算：計畫年度內已送出的申請案數，與核定經費（萬元）。"),
		 tr(r, "新增補助案"));
	html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "補助案（新的在前）"), tr(r, "年度"), tr(r, "申請案"), tr(r, "執行機構"),
		 tr(r, "狀態"), tr(r, "送出日期"), tr(r, "申請金額（元）"), tr(r, "核定金額（元）"));
	db_query(r->db, &q, ST_GRANTS_LIST, "");
	while ((rc = db_next(&q)) == 1) {
		html_fmt(b, "<tr><td>%lld</td><th scope=\"row\"><a href=\"/admin/grants/%lld\">%s</a>"
			 "<br/><span class=\"muted\">%s</span></th><td>%s</td><td>%s</td><td>%s</td>"
			 "<td class=\"num\">", db_int(&q, 1), db_int(&q, 0), db_text(&q, 3),
			 db_text(&q, 2), db_text(&q, 4) ? db_text(&q, 4) : "—",
			 label_of(r, grant_statuses, db_text(&q, 7)),
			 db_text(&q, 8) ? db_text(&q, 8) : "—");
		money(r, &q, 5);
		html_raw_unescaped(b, "</td><td class=\"num\">");
		money(r, &q, 6);
		html_raw_unescaped(b, "</td></tr>\n");
		n++;
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "grant query failed");
	if (!n)
		html_fmt(b, "<tr><td colspan=\"7\">%s</td></tr>\n", tr(r, "還沒有登錄補助案。"));
	html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	page_end(r);
	return 0;
}

int page_admin_grant_new(struct request *r)
{
	struct grant_form g;
	memset(&g, 0, sizeof g);
	snprintf(g.year, sizeof g.year, "%.4s", r->today);
	strcpy(g.status, "draft");
	return grant_page(r, 0, &g, NULL);
}

int page_admin_grant(struct request *r)
{
	struct grant_form g;
	struct dbq q;
	memset(&g, 0, sizeof g);
	db_query(r->db, &q, ST_GRANT_GET, "i", r->path_id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "沒有這件補助案。"));
	}
	grant_from_row(&q, &g);
	db_done(&q);
	return grant_page(r, r->path_id, &g, NULL);
}

/* Create (id 0) or update grant id from the form. */
static int grant_save(struct request *r, long long id)
{
	struct grant_form g, old;
	struct grant_values v;
	struct form_errors fe = {0};
	struct dbq q;
	char to[64];
	memset(&g, 0, sizeof g);
	memset(&old, 0, sizeof old);
	if (id) {
		db_query(r->db, &q, ST_GRANT_GET, "i", id);
		if (db_next(&q) != 1) {
			db_done(&q);
			return req_fail(r, 404, "%s", tr(r, "沒有這件補助案。"));
		}
		grant_from_row(&q, &old);
		db_done(&q);
	}
	grant_from_request(r, &g);
	grant_check(r, &g, &v, &fe);
	if (fe.n) {
		r->status = 400;
		return grant_page(r, id, &g, &fe);
	}
	const char *sub = *v.submitted ? v.submitted : NULL;
	int ok = db_begin(r->db) == 0;
	if (id)
		ok = ok && db_exec(r->db, ST_GRANT_UPDATE, "iittiIItt", id, (long long)v.year, g.scheme,
				   g.title, v.institution, v.applied, v.approved, g.status, sub) == 0;
	else if ((ok = ok && db_exec(r->db, ST_GRANT_INSERT, "ittiIItt", (long long)v.year, g.scheme,
				     g.title, v.institution, v.applied, v.approved, g.status,
				     sub) == 0))
		id = db_last_id(r->db);
	ok = bo_audit(r, ok, old.status[0] ? "update" : "create", "grant", id,
		      old.status[0] ? grant_json(&old) : NULL, grant_json(&g)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the grant: %s", db_errmsg(r->db));
	}
	snprintf(to, sizeof to, "/admin/grants/%lld?saved=1", id);
	return req_redirect(r, to);
}

int page_admin_grant_create(struct request *r)
{
	return grant_save(r, 0);
}

int page_admin_grant_update(struct request *r)
{
	return grant_save(r, r->path_id);
}

int page_admin_grant_delete(struct request *r)
{
	struct grant_form g;
	struct dbq q;
	memset(&g, 0, sizeof g);
	db_query(r->db, &q, ST_GRANT_GET, "i", r->path_id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "沒有這件補助案。"));
	}
	grant_from_row(&q, &g);
	db_done(&q);
	if (!r->in[0].n) {
		struct form_errors fe = {0};
		fe_add(&fe, "confirm", "%s", tr(r, "要刪除的話，請先勾選確認。"));
		r->status = 400;
		return grant_page(r, r->path_id, &g, &fe);
	}
	int ok = db_begin(r->db) == 0 && db_exec(r->db, ST_GRANT_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "delete", "grant", r->path_id, grant_json(&g), NULL) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot delete the grant");
	}
	return req_redirect(r, "/admin/grants?saved=1");
}

/* ---- meetings -------------------------------------------------------- */

struct meeting_form {
	char kind[16], held[16], attendees[24], institution[24];
	char title[512];
};

static void meeting_from_row(struct dbq *q, struct meeting_form *m)
{
	snprintf(m->kind, sizeof m->kind, "%s", db_text(q, 1) ? db_text(q, 1) : "");
	snprintf(m->title, sizeof m->title, "%s", db_text(q, 2) ? db_text(q, 2) : "");
	snprintf(m->held, sizeof m->held, "%s", db_text(q, 3) ? db_text(q, 3) : "");
	if (!db_is_null(q, 4))
		snprintf(m->attendees, sizeof m->attendees, "%lld", db_int(q, 4));
	if (db_int(q, 5))
		snprintf(m->institution, sizeof m->institution, "%lld", db_int(q, 5));
}

static void meeting_from_request(struct request *r, struct meeting_form *m)
{
	const struct param_value *v = r->in;
#define TXT(f, i) snprintf(m->f, sizeof m->f, "%s", v[i].present ? v[i].s : "")
	TXT(kind, M_KIND);
	TXT(title, M_TITLE);
	TXT(held, M_HELD);
	TXT(attendees, M_ATTENDEES);
	TXT(institution, M_INSTITUTION);
#undef TXT
}

static json_t *meeting_json(const struct meeting_form *m)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s}", "kind", m->kind, "title", m->title, "held_on",
			 m->held, "attendees", m->attendees, "institution", m->institution);
}

static int meeting_page(struct request *r, long long id, const struct meeting_form *m,
			const struct form_errors *fe)
{
	struct buf *b = &r->out;
	char **insts = kpi_institution_options(r, tr(r, "（教育處或不指定）"));
	const char **kinds = translated(r, meeting_kinds);
	char action[64];
	if (!insts || !kinds) {
		kpi_options_free(insts);
		free(kinds);
		return req_fail(r, 500, "out of memory");
	}
	page_begin(r, id ? tr(r, "編輯會議或研習") : tr(r, "新增會議或研習"), NULL);
	kpi_admin_nav(r, "meetings");
	bo_error_summary(r, fe);
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	if (id)
		snprintf(action, sizeof action, "/admin/meetings/%lld", id);
	else
		snprintf(action, sizeof action, "/admin/meetings");
	html_fmt(b, "<form method=\"post\" action=\"%s\" class=\"bo-form\" novalidate=\"novalidate\">\n",
		 action);
	csrf_field(r);
	bo_select(r, fe, "kind", tr(r, "種類"), kinds, m->kind,
		  tr(r, "聯繫會議與專業人員研習計入方案九的指標；推展委員會另外列出，不計入。"));
	bo_input(r, fe, "title", tr(r, "名稱"), "text", m->title, 300, NULL, 1);
	bo_input(r, fe, "held_on", tr(r, "日期"), "text", m->held, 20,
		 tr(r, "例如 2023-03-15 或 112/3/15"), 1);
	bo_input(r, fe, "attendees", tr(r, "出席人數"), "text", m->attendees, 20, NULL, 0);
	bo_select(r, fe, "institution", tr(r, "主辦機構"), (const char *const *)insts,
		  m->institution, NULL);
	html_fmt(b, "<p><button type=\"submit\">%s</button> <a href=\"/admin/meetings\">%s</a></p>\n"
		 "</form>\n", tr(r, "儲存"), tr(r, "回到會議列表"));
	if (id) {
		snprintf(action, sizeof action, "/admin/meetings/%lld/delete", id);
		delete_form(r, fe, action, tr(r, "刪除這筆紀錄"), tr(r, "我確定要刪除這筆會議紀錄"));
	}
	page_end(r);
	kpi_options_free(insts);
	free(kinds);
	return 0;
}

int page_admin_meetings(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	page_begin(r, tr(r, "終身學習聯繫會議與專業人員研習"), NULL);
	kpi_admin_nav(r, "meetings");
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<p>%s</p>\n<p><a class=\"button-link\" href=\"/admin/meetings/new\">%s</a></p>\n",
		 tr(r, "方案九的指標「聯繫會議及專業人員研習場次」由這裡的紀錄計算（依日期所在年度）。"),
		 tr(r, "新增會議或研習"));
	html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "紀錄（新的在前）"), tr(r, "日期"), tr(r, "名稱"), tr(r, "種類"),
		 tr(r, "主辦機構"), tr(r, "出席人數"));
	db_query(r->db, &q, ST_MEETINGS_LIST, "");
	while ((rc = db_next(&q)) == 1) {
		html_fmt(b, "<tr><td>%s</td><th scope=\"row\"><a href=\"/admin/meetings/%lld\">%s</a></th>"
			 "<td>%s</td><td>%s</td><td class=\"num\">", db_text(&q, 3), db_int(&q, 0),
			 db_text(&q, 2), label_of(r, meeting_kinds, db_text(&q, 1)),
			 db_text(&q, 5) ? db_text(&q, 5) : "—");
		if (db_is_null(&q, 4))
			html_raw_unescaped(b, "—");
		else
			html_fmt(b, "%lld", db_int(&q, 4));
		html_raw_unescaped(b, "</td></tr>\n");
		n++;
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "meeting query failed");
	if (!n)
		html_fmt(b, "<tr><td colspan=\"5\">%s</td></tr>\n", tr(r, "還沒有登錄會議或研習。"));
	html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	page_end(r);
	return 0;
}

int page_admin_meeting_new(struct request *r)
{
	struct meeting_form m;
	memset(&m, 0, sizeof m);
	strcpy(m.kind, "liaison");
	return meeting_page(r, 0, &m, NULL);
}

/* Reads meeting r->path_id into m. Returns 0 or 404. */
static int meeting_of_url(struct request *r, struct meeting_form *m)
{
	struct dbq q;
	memset(m, 0, sizeof *m);
	db_query(r->db, &q, ST_MEETING_GET, "i", r->path_id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "沒有這筆會議紀錄。"));
	}
	meeting_from_row(&q, m);
	db_done(&q);
	return 0;
}

int page_admin_meeting(struct request *r)
{
	struct meeting_form m;
	int rc = meeting_of_url(r, &m);
	return rc ? rc : meeting_page(r, r->path_id, &m, NULL);
}

static int meeting_save(struct request *r, long long id)
{
	struct meeting_form m, old;
	struct form_errors fe = {0};
	long long inst = 0, attendees = DB_NULL_INT;
	char held[11], to[64];
	int rc;
	memset(&old, 0, sizeof old);
	if (id && (rc = meeting_of_url(r, &old)) != 0)
		return rc;
	memset(&m, 0, sizeof m);
	meeting_from_request(r, &m);
	if (!kpi_meeting_kind(m.kind))
		fe_add(&fe, "kind", "%s", tr(r, "請選擇種類。"));
	if (!*m.title)
		fe_add(&fe, "title", "%s", tr(r, "請填寫名稱。"));
	if (bo_parse_date(m.held, held) < 0)
		fe_add(&fe, "held_on", "%s", tr(r, "日期請寫成 2023-03-15 或 112/3/15。"));
	if (*m.attendees && kpi_parse_amount(m.attendees, 100000, &attendees) < 0)
		fe_add(&fe, "attendees", "%s", tr(r, "出席人數請填整數。"));
	if (kpi_parse_institution(r, m.institution, &inst) < 0)
		fe_add(&fe, "institution", "%s", tr(r, "請從清單選擇機構。"));
	if (fe.n) {
		r->status = 400;
		return meeting_page(r, id, &m, &fe);
	}
	int ok = db_begin(r->db) == 0;
	if (id)
		ok = ok && db_exec(r->db, ST_MEETING_UPDATE, "itttIi", id, m.kind, m.title, held, attendees,
				   inst) == 0;
	else if ((ok = ok && db_exec(r->db, ST_MEETING_INSERT, "tttIi", m.kind, m.title, held,
				     attendees, inst) == 0))
		id = db_last_id(r->db);
	ok = bo_audit(r, ok, old.kind[0] ? "update" : "create", "meeting", id,
		      old.kind[0] ? meeting_json(&old) : NULL, meeting_json(&m)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the meeting: %s", db_errmsg(r->db));
	}
	snprintf(to, sizeof to, "/admin/meetings/%lld?saved=1", id);
	return req_redirect(r, to);
}

int page_admin_meeting_create(struct request *r)
{
	return meeting_save(r, 0);
}

int page_admin_meeting_update(struct request *r)
{
	return meeting_save(r, r->path_id);
}

int page_admin_meeting_delete(struct request *r)
{
	struct meeting_form m;
	int rc = meeting_of_url(r, &m);
	if (rc)
		return rc;
	if (!r->in[0].n) {
		struct form_errors fe = {0};
		fe_add(&fe, "confirm", "%s", tr(r, "要刪除的話，請先勾選確認。"));
		r->status = 400;
		return meeting_page(r, r->path_id, &m, &fe);
	}
	int ok = db_begin(r->db) == 0 && db_exec(r->db, ST_MEETING_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "delete", "meeting", r->path_id, meeting_json(&m), NULL) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot delete the meeting");
	}
	return req_redirect(r, "/admin/meetings?saved=1");
}
