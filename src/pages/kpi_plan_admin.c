/* kpi_plan_admin — the plan itself in the back office (administrators):
 * /admin/plan lists the plans and, for one year, every indicator with its
 * targets, rule and any value entered by hand; /admin/plan/indicators/{id}
 * edits an indicator's yearly targets, its measurement rule (kind, filter,
 * sentence, checked as the dashboard will read them) and the value of a
 * manual indicator; /admin/plan/new creates the next plan from a CSV file
 * of the same shape as the seeded one. Every change is audited. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "db/csvfile.h"
#include "db/db.h"
#include "db/import_check.h"
#include "http/multipart.h"
#include "pages/backoffice.h"
#include "pages/kpi_pages.h"

#define MAX_PLAN_YEARS 8

/* Fields (routes.c): the indicator form, then the new-plan form. */
enum { IF_YEAR, IF_KIND, IF_FILTER, IF_TEXT, IF_VALUE, IF_NOTE, IF_TARGET0 };
enum { NP_CODE, NP_TITLE, NP_FIRST, NP_LAST };

const struct param_spec kpi_indicator_params[] = {
	{"year", P_INT, 1, 9999, NULL, 0},
	{"rule_kind", P_TEXT, 0, 40, NULL, 0},
	{"rule_filter", P_TEXT, 0, 2000, NULL, 0},
	{"rule_text", P_TEXT, 0, 1000, NULL, 0},
	{"value", P_TEXT, 0, 30, NULL, 0},
	{"note", P_TEXT, 0, 500, NULL, 0},
	{"target0", P_TEXT, 0, 30, NULL, 0},
	{"target1", P_TEXT, 0, 30, NULL, 0},
	{"target2", P_TEXT, 0, 30, NULL, 0},
	{"target3", P_TEXT, 0, 30, NULL, 0},
	{"target4", P_TEXT, 0, 30, NULL, 0},
	{"target5", P_TEXT, 0, 30, NULL, 0},
	{"target6", P_TEXT, 0, 30, NULL, 0},
	{"target7", P_TEXT, 0, 30, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct param_spec kpi_new_plan_params[] = {
	{"code", P_TEXT, 0, 40, NULL, 0},
	{"title", P_TEXT, 0, 200, NULL, 0},
	{"first_year", P_TEXT, 0, 16, NULL, 0},
	{"last_year", P_TEXT, 0, 16, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

static const char *const target_names[MAX_PLAN_YEARS] = {
	"target0", "target1", "target2", "target3", "target4", "target5", "target6", "target7",
};

static const char *const kind_labels[] = {
	"count_sessions", N_("場次數（count_sessions）"),
	"sum_attendance", N_("出席人次合計（sum_attendance）"),
	"count_courses", N_("開課數（count_courses）"),
	"count_venues", N_("有活動的地點數（count_venues）"),
	"sum_registrations", N_("報名人數合計（sum_registrations）"),
	"grants_count", N_("補助申請案數（grants_count）"),
	"grants_amount", N_("核定補助經費，萬元（grants_amount）"),
	"meetings_count", N_("會議與研習場次（meetings_count）"),
	"page_views", N_("網站瀏覽次數（page_views）"),
	"manual", N_("由承辦人填報（manual）"),
	NULL,
};

/* ---- the list -------------------------------------------------------- */

int page_admin_plan(struct request *r)
{
	struct buf *b = &r->out;
	struct kpi_year y;
	char n[64];
	int rc = kpi_page_year(r, 0, &y);
	if (rc)
		return rc;
	page_begin(r, tr(r, "計畫、目標與計算規則"), NULL);
	kpi_admin_nav(r, "plan");
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<p class=\"lead\">%s（%s，%d–%d）</p>\n", y.plan_title, y.plan_code,
		 y.first_year, y.last_year);
	kpi_html_year_nav(r, &y, "/admin/plan", NULL);
	html_fmt(b, "<p><a class=\"button-link\" href=\"/admin/plan/new\">%s</a></p>\n",
		 tr(r, "建立下一期計畫（上傳 CSV）"));
	html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>");
	html_trf(r, "%d 年的目標與計算規則", y.year);
	html_fmt(b, "</caption>\n<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
		 "<tbody>\n", tr(r, "指標"), tr(r, "年度目標"), tr(r, "計算方式"), tr(r, "實際"),
		 tr(r, "修改"));
	for (size_t i = 0; i < y.n; i++) {
		const struct kpi_indicator *d = &y.ind[i];
		html_fmt(b, "<tr><th scope=\"row\">%s<br/><span class=\"muted code\">%s　", d->name,
			 d->code);
		html_trf(r, "方案%d", d->programme);
		html_raw_unescaped(b, "</span></th><td class=\"num\">");
		if (d->has_target) {
			kpi_num(n, sizeof n, d->target);
			html_fmt(b, "%s %s", n, d->unit);
		} else {
			html_tr(r, "未訂");
		}
		html_fmt(b, "</td><td><code>%s</code><br/>", d->rule_kind ? d->rule_kind : "");
		if (d->rule_error)
			html_fmt(b, "<span class=\"kpi-rule-error\">%s%s</span>", tr(r, "計算規則有誤："),
				 d->rule_error);
		else
			html_fmt(b, "<span class=\"kpi-rule\">%s</span>", d->rule_text ? d->rule_text : "");
		html_raw_unescaped(b, "</td><td class=\"num\">");
		if (d->has_actual) {
			kpi_num(n, sizeof n, d->actual);
			html_text(b, n);
		} else {
			html_fmt(b, "<span class=\"muted\">%s</span>", tr(r, "尚無資料"));
		}
		html_fmt(b, "</td><td><a href=\"/admin/plan/indicators/%lld?year=%d\">%s</a></td></tr>\n",
			 d->id, y.year, tr(r, "修改"));
	}
	html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	page_end(r);
	kpi_free(&y);
	return 0;
}

/* ---- one indicator --------------------------------------------------- */

struct ind_form {
	long long id, plan;
	int programme, first, last, year;
	char code[64], name[256], unit[32], plan_code[64];
	char kind[48], filter[2048], text[1200], value[40], note[600];
	char target[MAX_PLAN_YEARS][64];
};

/* Reads indicator r->path_id, its targets and year's manual value. 0/404. */
static int ind_load(struct request *r, int year, struct ind_form *f)
{
	struct dbq q;
	char n[64];
	memset(f, 0, sizeof *f);
	db_query(r->db, &q, ST_PLAN_INDICATOR_GET, "i", r->path_id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "沒有這個指標。"));
	}
	f->id = db_int(&q, 0);
	f->plan = db_int(&q, 1);
#define COPY(field, col) snprintf(f->field, sizeof f->field, "%s", db_text(&q, col) ? db_text(&q, col) : "")
	COPY(code, 2);
	COPY(name, 3);
	COPY(unit, 4);
	COPY(kind, 5);
	COPY(filter, 6);
	COPY(text, 7);
	COPY(plan_code, 9);
#undef COPY
	f->programme = (int)db_int(&q, 8);
	f->first = (int)db_int(&q, 10);
	f->last = (int)db_int(&q, 11);
	db_done(&q);
	if (f->last - f->first >= MAX_PLAN_YEARS)
		f->last = f->first + MAX_PLAN_YEARS - 1;
	f->year = year >= f->first && year <= f->last ? year : f->first;
	db_query(r->db, &q, ST_PLAN_INDICATOR_TARGETS, "i", f->id);
	while (db_next(&q) == 1) {
		long long yr = db_int(&q, 0);
		if (yr >= f->first && yr <= f->last) {
			kpi_num(n, sizeof n, db_real(&q, 1));
			for (char *s = n, *d = n;; s++)	/* no separators in a form */
				if (*s != ',' && !(*d++ = *s))
					break;
			snprintf(f->target[yr - f->first], sizeof f->target[0], "%s", n);
		}
	}
	db_done(&q);
	db_query(r->db, &q, ST_INDICATOR_VALUE_GET, "ii", f->id, (long long)f->year);
	if (db_next(&q) == 1) {
		snprintf(f->value, sizeof f->value, "%g", db_real(&q, 0));
		snprintf(f->note, sizeof f->note, "%s", db_text(&q, 1) ? db_text(&q, 1) : "");
	}
	db_done(&q);
	return 0;
}

static json_t *ind_json(const struct ind_form *f)
{
	json_t *t = json_object();
	for (int y = f->first; y <= f->last; y++) {
		char k[16];
		snprintf(k, sizeof k, "%d", y);
		json_object_set_new(t, k, json_string(f->target[y - f->first]));
	}
	return json_pack("{s:s,s:s,s:s,s:o,s:i,s:s,s:s}", "rule_kind", f->kind, "rule_filter",
			 f->filter, "rule_text", f->text, "targets", t, "year", f->year, "value",
			 f->value, "note", f->note);
}

static int ind_page(struct request *r, const struct ind_form *f, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	const char **kinds;
	size_t nk = 0;
	while (kind_labels[nk])
		nk++;
	if (!(kinds = calloc(nk + 1, sizeof *kinds)))
		return req_fail(r, 500, "out of memory");
	for (size_t i = 0; i < nk; i++)
		kinds[i] = i % 2 ? tr(r, kind_labels[i]) : kind_labels[i];
	page_begin(r, f->name, NULL);
	kpi_admin_nav(r, "plan");
	bo_error_summary(r, fe);
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<p><span class=\"code\">%s</span>　", f->code);
	html_trf(r, "方案%d", f->programme);
	html_fmt(b, "　%s　<a href=\"/admin/kpi/indicator?year=%d&amp;code=%s\">%s</a></p>\n",
		 f->plan_code, f->year, f->code, tr(r, "看這個指標的儀表板"));
	html_fmt(b, "<form method=\"post\" action=\"/admin/plan/indicators/%lld\" class=\"bo-form\" "
		 "novalidate=\"novalidate\">\n<input type=\"hidden\" name=\"year\" value=\"%d\"/>\n",
		 f->id, f->year);
	csrf_field(r);
	html_fmt(b, "<fieldset class=\"field\"><legend>%s（%s）</legend>\n", tr(r, "年度目標"), f->unit);
	for (int y = f->first; y <= f->last; y++) {
		char label[96];
		snprintf(label, sizeof label, tr(r, "民國%d年（%d年）"), y - 1911, y);
		bo_input(r, fe, target_names[y - f->first], label, "text", f->target[y - f->first], 30,
			 y == f->first ? tr(r, "留空表示這一年沒有目標。") : NULL, 0);
	}
	html_raw_unescaped(b, "</fieldset>\n");
	html_fmt(b, "<fieldset class=\"field\"><legend>%s</legend>\n", tr(r, "計算規則"));
	bo_select(r, fe, "rule_kind", tr(r, "計算什麼"), kinds, f->kind, NULL);
	bo_textarea(r, fe, "rule_filter", tr(r, "條件（JSON）"), f->filter, 2000, 4,
		    tr(r, "例如 {\"institution_types\":[\"senior_centre\"]}；可用 institution_types、"
			  "exclude_institution_types、categories、audiences、reading_station、"
			  "programme、volunteer_trainings、meeting_kinds、page_kinds。空白表示 {}。"));
	bo_textarea(r, fe, "rule_text", tr(r, "計算方式說明（顯示在數字旁）"), f->text, 1000, 3,
		    tr(r, "用一句話說明這個數字怎麼算出來，委員與民眾都看得到。"));
	html_raw_unescaped(b, "</fieldset>\n");
	html_fmt(b, "<fieldset class=\"field\"><legend>");
	html_trf(r, "填報數字（%d 年，計算方式為「由承辦人填報」時使用）", f->year);
	html_raw_unescaped(b, "</legend>\n");
	bo_input(r, fe, "value", tr(r, "數字"), "text", f->value, 30,
		 tr(r, "留空表示尚無資料。"), 0);
	bo_textarea(r, fe, "note", tr(r, "資料來源與說明"), f->note, 500, 2, NULL);
	html_fmt(b, "</fieldset>\n<p><button type=\"submit\">%s</button> "
		 "<a href=\"/admin/plan?year=%d\">%s</a></p>\n</form>\n",
		 tr(r, "儲存"), f->year, tr(r, "回到指標列表"));
	page_end(r);
	free(kinds);
	return 0;
}

int page_admin_plan_indicator(struct request *r)
{
	struct ind_form f;
	int year = r->in[IF_YEAR].present ? kpi_gregorian((int)r->in[IF_YEAR].n) : atoi(r->today);
	int rc = ind_load(r, year, &f);
	return rc ? rc : ind_page(r, &f, NULL);
}

/* A target or value: a number from 0 to 1e12 (commas allowed). */
static int parse_figure(const char *s, double *out)
{
	char clean[48];
	size_t n = 0;
	for (const char *p = s; *p && n + 1 < sizeof clean; p++)
		if (*p != ',')
			clean[n++] = *p;
	clean[n] = '\0';
	return chk_number(clean, 0, 1e12, out);
}

int page_admin_plan_indicator_post(struct request *r)
{
	struct ind_form old, f;
	struct form_errors fe = {0};
	struct kpi_ref ref;
	struct kpi_filter filter;
	struct buf err = BUF_INIT;
	enum kpi_kind kind;
	double target[MAX_PLAN_YEARS], value = 0;
	int has[MAX_PLAN_YEARS] = {0}, year, rc;
	char to[96];
	year = r->in[IF_YEAR].present ? kpi_gregorian((int)r->in[IF_YEAR].n) : atoi(r->today);
	if ((rc = ind_load(r, year, &old)) != 0)
		return rc;
	f = old;
#define TXT(field, i) snprintf(f.field, sizeof f.field, "%s", r->in[i].present ? r->in[i].s : "")
	TXT(kind, IF_KIND);
	TXT(filter, IF_FILTER);
	TXT(text, IF_TEXT);
	TXT(value, IF_VALUE);
	TXT(note, IF_NOTE);
#undef TXT
	if (!*f.filter)
		strcpy(f.filter, "{}");
	for (int y = f.first; y <= f.last; y++) {
		int k = y - f.first;
		snprintf(f.target[k], sizeof f.target[k], "%s",
			 r->in[IF_TARGET0 + k].present ? r->in[IF_TARGET0 + k].s : "");
		if (*f.target[k] && parse_figure(f.target[k], &target[k]) < 0)
			fe_add(&fe, target_names[k], "%s", tr(r, "目標請填 0 以上的數字。"));
		has[k] = *f.target[k] != '\0';
	}
	if (kpi_kind_parse(f.kind, &kind) < 0)
		fe_add(&fe, "rule_kind", "%s", tr(r, "請選擇計算什麼。"));
	else if (kpi_ref_load(r->db, &ref) < 0)
		return req_fail(r, 500, "reference query failed");
	else if (kpi_filter_parse(&ref, kind, f.programme, f.filter, &filter, &err) < 0) {
		while (err.len && err.data[err.len - 1] == '\n')
			err.data[--err.len] = '\0';
		fe_add(&fe, "rule_filter", "%s%s", tr(r, "條件無法使用："), buf_cstr(&err));
	}
	buf_free(&err);
	if (!*f.text)
		fe_add(&fe, "rule_text", "%s", tr(r, "請用一句話說明這個數字怎麼算出來。"));
	if (*f.value && parse_figure(f.value, &value) < 0)
		fe_add(&fe, "value", "%s", tr(r, "數字請填 0 以上的數字。"));
	if (fe.n) {
		r->status = 400;
		return ind_page(r, &f, &fe);
	}
	int ok = db_begin(r->db) == 0 &&
		 db_exec(r->db, ST_INDICATOR_RULE_UPDATE, "ittt", f.id, f.kind, f.filter, f.text) == 0;
	for (int y = f.first; ok && y <= f.last; y++)
		ok = has[y - f.first]
		     ? db_exec(r->db, ST_TARGET_SET, "iid", f.id, (long long)y, target[y - f.first]) == 0
		     : db_exec(r->db, ST_TARGET_DELETE, "ii", f.id, (long long)y) == 0;
	if (ok)
		ok = *f.value ? db_exec(r->db, ST_INDICATOR_VALUE_SET, "iidti", f.id, (long long)f.year,
					value, f.note, r->staff.user_id) == 0
			      : db_exec(r->db, ST_INDICATOR_VALUE_DELETE, "ii", f.id,
					(long long)f.year) == 0;
	ok = bo_audit(r, ok, "update", "plan_indicator", f.id, ind_json(&old), ind_json(&f)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the indicator: %s", db_errmsg(r->db));
	}
	snprintf(to, sizeof to, "/admin/plan/indicators/%lld?year=%d&saved=1", f.id, f.year);
	return req_redirect(r, to);
}

/* ---- a new plan ------------------------------------------------------ */

static const char *const plan_columns[] = {"programme", "goal", "lead_agencies", "indicator_id",
					   "indicator_zh", "indicator_en", "unit"};
enum { PC_PROGRAMME, PC_GOAL, PC_LEAD, PC_ID, PC_ZH, PC_EN, PC_UNIT, PC__N };

struct new_plan {
	char code[64], title[256], first[24], last[24];
};

static int new_plan_page(struct request *r, const struct new_plan *p, const struct form_errors *fe,
			 const char *problems)
{
	struct buf *b = &r->out;
	const char *err = fe_get(fe, "file");
	page_begin(r, tr(r, "建立下一期計畫"), NULL);
	kpi_admin_nav(r, "plan");
	bo_error_summary(r, fe);
	html_fmt(b, "<p>%s</p>\n<p>%s</p>\n<pre class=\"csv-sample\">programme,goal,lead_agencies,"
		 "indicator_id,indicator_zh,indicator_en,unit,target_2025,target_2026,target_2027\n"
		 "1,1,教育處,P1-ABE-CLASSES,成人基本教育班開設班數,adult basic education classes opened,"
		 "班,4,4,4</pre>\n<p>%s</p>\n",
		 tr(r, "上傳一個 CSV 檔（UTF-8），格式與現行計畫的指標表相同：每列一項指標，"
		       "每個年度一欄 target_西元年。"),
		 tr(r, "例如："),
		 tr(r, "目標與方案的名稱沿用最近一期計畫的同號目標與方案；同代碼的指標沿用最近一期的計算規則"
		       "（也可以另加 rule_kind、rule_filter、rule_text 三欄）。建立後可以在指標頁修改。"));
	if (problems && *problems)
		html_fmt(b, "<div class=\"error-box\" role=\"alert\"><h2>%s</h2>\n<pre>%s</pre></div>\n",
			 tr(r, "檔案中的問題"), problems);
	html_raw_unescaped(b, "<form method=\"post\" action=\"/admin/plan/new\" "
			   "enctype=\"multipart/form-data\" class=\"bo-form\" novalidate=\"novalidate\">\n");
	csrf_field(r);
	bo_input(r, fe, "code", tr(r, "計畫代號"), "text", p->code, 40, tr(r, "例如 114-116"), 1);
	bo_input(r, fe, "title", tr(r, "計畫名稱"), "text", p->title, 200, NULL, 1);
	bo_input(r, fe, "first_year", tr(r, "第一年"), "text", p->first, 16,
		 tr(r, "民國或西元年，例如 114 或 2025"), 1);
	bo_input(r, fe, "last_year", tr(r, "最後一年"), "text", p->last, 16, NULL, 1);
	html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-file\">%s <span class=\"req\">%s</span></label>\n",
		 err ? " has-error" : "", tr(r, "指標與目標（CSV 檔）"), tr(r, "（必填）"));
	if (err)
		html_fmt(b, "<span class=\"field-error\" id=\"f-file-error\">%s%s</span>\n",
			 tr(r, "錯誤："), err);
	html_raw_unescaped(b, "<input type=\"file\" id=\"f-file\" name=\"file\" "
			   "accept=\".csv,text/csv\" required=\"required\"");
	if (err)
		html_raw_unescaped(b, " aria-describedby=\"f-file-error\" aria-invalid=\"true\"");
	html_raw_unescaped(b, "/>\n</div>\n");
	html_fmt(b, "<p><button type=\"submit\">%s</button> <a href=\"/admin/plan\">%s</a></p>\n</form>\n",
		 tr(r, "建立計畫"), tr(r, "取消"));
	page_end(r);
	return 0;
}

int page_admin_plan_new(struct request *r)
{
	struct new_plan p;
	memset(&p, 0, sizeof p);
	return new_plan_page(r, &p, NULL, NULL);
}

/* Inserts the goal (once) and the programme (once) of a CSV row, with the
 * titles of the latest plan that has them. Returns the programme id or 0. */
static long long plan_programme(struct request *r, long long plan, long long goal, long long prog,
				const char *lead)
{
	struct dbq q;
	long long goal_id = 0, prog_id = 0;
	char title[512] = "", title_en[512] = "", agencies[256] = "";
	int found;
	if (db_scalar(r->db, &prog_id, ST_PROGRAMME_ID, "ii", plan, prog) == 1)
		return prog_id;
	if (db_scalar(r->db, &goal_id, ST_GOAL_ID, "ii", plan, goal) != 1) {
		db_query(r->db, &q, ST_PLAN_LATEST_GOAL, "i", goal);
		found = db_next(&q) == 1;
		snprintf(title, sizeof title, "%s", found && db_text(&q, 0) ? db_text(&q, 0) : "");
		snprintf(title_en, sizeof title_en, "%s", found && db_text(&q, 1) ? db_text(&q, 1) : "");
		db_done(&q);
		if (!*title)
			snprintf(title, sizeof title, "目標%lld", goal);
		if (db_exec(r->db, ST_GOAL_INSERT, "iitt", plan, goal, title, *title_en ? title_en : NULL) < 0)
			return 0;
		goal_id = db_last_id(r->db);
	}
	db_query(r->db, &q, ST_PLAN_LATEST_PROGRAMME, "i", prog);
	found = db_next(&q) == 1;
	snprintf(title, sizeof title, "%s", found && db_text(&q, 0) ? db_text(&q, 0) : "");
	snprintf(title_en, sizeof title_en, "%s", found && db_text(&q, 1) ? db_text(&q, 1) : "");
	snprintf(agencies, sizeof agencies, "%s", found && db_text(&q, 2) ? db_text(&q, 2) : "");
	db_done(&q);
	if (!*title)
		snprintf(title, sizeof title, "方案%lld", prog);
	if (db_exec(r->db, ST_PROGRAMME_INSERT, "iiittt", plan, goal_id, prog, title,
		    *title_en ? title_en : NULL, *lead ? lead : agencies) < 0)
		return 0;
	return db_last_id(r->db);
}

/* Writes the plan of the CSV; problems (per line) are appended to err.
 * Returns 0, 1 when the file has problems (nothing written), or -1. */
static int plan_import(struct request *r, const struct new_plan *p, int first, int last,
		       const struct upload *u, struct buf *err, long long *plan_out)
{
	struct csvfile csv = CSVFILE_INIT;
	struct kpi_ref ref;
	int col[PC__N], ycol[MAX_PLAN_YEARS], rcol[3] = {-1, -1, -1}, rc = 1;
	long long plan = 0;
	if (kpi_ref_load(r->db, &ref) < 0)
		return -1;
	if ((rc = csvfile_parse(&csv, (const char *)u->data, u->size, err)) != 0 ||
	    (rc = csvfile_header(&csv, plan_columns, PC__N, 1, col, err)) != 0) {
		rc = rc < 0 && !err->len ? -1 : 1;
		goto out;
	}
	rc = 1;
	for (int y = first; y <= last; y++)
		ycol[y - first] = -1;
	for (int c = 0; c < csv.rows[0].nfields; c++) {
		const char *h = csvfile_get(&csv, 0, c);
		long long yr;
		if (!strncmp(h, "target_", 7)) {
			if (chk_count(h + 7, 9999, &yr) < 0 || yr < first || yr > last) {
				buf_printf(err, "line %d: header: %s is not a year of the plan (%d-%d)\n",
					   csvfile_line(&csv, 0), h, first, last);
				goto out;
			}
			ycol[yr - first] = c;
		} else if (!strcmp(h, "rule_kind"))
			rcol[0] = c;
		else if (!strcmp(h, "rule_filter"))
			rcol[1] = c;
		else if (!strcmp(h, "rule_text"))
			rcol[2] = c;
	}
	if (csv.nrows < 2) {
		buf_printf(err, "the file has no indicator rows\n");
		goto out;
	}
	if (db_begin(r->db) < 0) {
		rc = -1;
		goto out;
	}
	if (db_exec(r->db, ST_PLAN_INSERT, "tttiitt", p->code, p->title, NULL, (long long)first,
		    (long long)last, NULL, NULL) < 0) {
		rc = -1;
		goto fail;
	}
	plan = db_last_id(r->db);
	for (size_t row = 1; row < csv.nrows; row++) {
		int line = csvfile_line(&csv, row);
		long long prog, goal, prog_id, id;
		const char *code = csvfile_get(&csv, row, col[PC_ID]);
		const char *kind = rcol[0] >= 0 ? csvfile_get(&csv, row, rcol[0]) : "";
		const char *filter = rcol[1] >= 0 ? csvfile_get(&csv, row, rcol[1]) : "";
		const char *text = rcol[2] >= 0 ? csvfile_get(&csv, row, rcol[2]) : "";
		char pk[48] = "manual", pf[2048] = "{}", pt[1200] = "";
		if (chk_count(csvfile_get(&csv, row, col[PC_PROGRAMME]), 1000, &prog) < 0 ||
		    chk_count(csvfile_get(&csv, row, col[PC_GOAL]), 1000, &goal) < 0 || !prog || !goal) {
			buf_printf(err, "line %d: programme, goal: whole numbers from 1 are needed\n", line);
			continue;
		}
		if (!*code || !*csvfile_get(&csv, row, col[PC_ZH]) || !*csvfile_get(&csv, row, col[PC_UNIT])) {
			buf_printf(err, "line %d: indicator_id, indicator_zh, unit: needed\n", line);
			continue;
		}
		if (!(prog_id = plan_programme(r, plan, goal, prog, csvfile_get(&csv, row, col[PC_LEAD])))) {
			rc = -1;
			goto fail;
		}
		if (db_exec(r->db, ST_INDICATOR_INSERT, "iitttti", plan, prog_id, code,
			    csvfile_get(&csv, row, col[PC_ZH]), imp_nz(csvfile_get(&csv, row, col[PC_EN])),
			    csvfile_get(&csv, row, col[PC_UNIT]), (long long)row) < 0) {
			buf_printf(err, "line %d: indicator_id: %s is in the file twice\n", line, code);
			continue;
		}
		id = db_last_id(r->db);
		for (int y = first; y <= last; y++) {
			const char *v = ycol[y - first] >= 0 ? csvfile_get(&csv, row, ycol[y - first]) : "";
			double t;
			if (!*v)
				continue;
			if (parse_figure(v, &t) < 0) {
				buf_printf(err, "line %d: target_%d: '%s' is not a number\n", line, y, v);
				continue;
			}
			if (db_exec(r->db, ST_TARGET_INSERT, "iid", id, (long long)y, t) < 0) {
				rc = -1;
				goto fail;
			}
		}
		if (*kind) {
			snprintf(pk, sizeof pk, "%s", kind);
			snprintf(pf, sizeof pf, "%s", *filter ? filter : "{}");
			snprintf(pt, sizeof pt, "%s", text);
		} else {
			struct dbq q;
			db_query(r->db, &q, ST_PLAN_LATEST_RULE, "ti", code, plan);
			if (db_next(&q) == 1) {
				snprintf(pk, sizeof pk, "%s", db_text(&q, 0));
				snprintf(pf, sizeof pf, "%s", db_text(&q, 1));
				snprintf(pt, sizeof pt, "%s", db_text(&q, 2));
			}
			db_done(&q);
		}
		enum kpi_kind k;
		struct kpi_filter f;
		struct buf fe = BUF_INIT;
		if (kpi_kind_parse(pk, &k) < 0)
			buf_printf(err, "line %d: rule_kind: '%s' is not a rule kind\n", line, pk);
		else if (kpi_filter_parse(&ref, k, (int)prog, pf, &f, &fe) < 0)
			buf_printf(err, "line %d: rule_filter: %s", line, buf_cstr(&fe));
		else if (db_exec(r->db, ST_INDICATOR_RULE_UPDATE, "ittt", id, pk, pf, pt) < 0) {
			buf_free(&fe);
			rc = -1;
			goto fail;
		}
		buf_free(&fe);
	}
	if (err->len)
		goto fail;
	if (bo_audit(r, 1, "create", "plan", plan, NULL,
		     json_pack("{s:s,s:s,s:i,s:i,s:s}", "code", p->code, "title", p->title, "first_year",
			       first, "last_year", last, "file", u->filename)) < 0 ||
	    db_commit(r->db) < 0) {
		rc = -1;
		goto fail;
	}
	*plan_out = plan;
	rc = 0;
	goto out;
fail:
	db_rollback(r->db);
out:
	csvfile_free(&csv);
	return rc;
}

int page_admin_plan_create(struct request *r)
{
	struct new_plan p;
	struct form_errors fe = {0};
	struct buf problems = BUF_INIT;
	const struct upload *u = multipart_file(r, "file");
	int first = 0, last = 0, rc;
	long long existing, plan = 0;
	char to[64], overlap[64] = "";
	memset(&p, 0, sizeof p);
#define TXT(field, i) snprintf(p.field, sizeof p.field, "%s", r->in[i].present ? r->in[i].s : "")
	TXT(code, NP_CODE);
	TXT(title, NP_TITLE);
	TXT(first, NP_FIRST);
	TXT(last, NP_LAST);
#undef TXT
	if (!*p.code)
		fe_add(&fe, "code", "%s", tr(r, "請填寫計畫代號，例如 114-116。"));
	else if (db_scalar(r->db, &existing, ST_PLAN_BY_CODE, "t", p.code) == 1)
		fe_add(&fe, "code", "%s", tr(r, "已經有這個代號的計畫。"));
	if (!*p.title)
		fe_add(&fe, "title", "%s", tr(r, "請填寫計畫名稱。"));
	if (kpi_parse_year(p.first, &first) < 0)
		fe_add(&fe, "first_year", "%s", tr(r, "請填寫年度，例如 114 或 2025。"));
	if (kpi_parse_year(p.last, &last) < 0 || (first && (last < first || last - first >= MAX_PLAN_YEARS)))
		fe_add(&fe, "last_year", "%s", tr(r, "最後一年要在第一年之後，計畫最長 8 年。"));
	if (first && last >= first) {
		struct dbq q;
		db_query(r->db, &q, ST_PLAN_OVERLAP, "ii", (long long)first, (long long)last);
		if (db_next(&q) == 1)
			snprintf(overlap, sizeof overlap, "%s", db_text(&q, 0));
		db_done(&q);
		if (*overlap)
			fe_add(&fe, "first_year", tr(r, "這些年度已經屬於計畫 %s。"), overlap);
	}
	if (!u)
		fe_add(&fe, "file", "%s", tr(r, "請選擇 CSV 檔。"));
	if (fe.n) {
		r->status = 400;
		return new_plan_page(r, &p, &fe, NULL);
	}
	rc = plan_import(r, &p, first, last, u, &problems, &plan);
	if (rc == 1) {
		fe_add(&fe, "file", "%s", tr(r, "檔案中有問題，計畫沒有建立；請修正下列各行後再上傳。"));
		r->status = 400;
		rc = new_plan_page(r, &p, &fe, buf_cstr(&problems));
		buf_free(&problems);
		return rc;
	}
	buf_free(&problems);
	if (rc < 0)
		return req_fail(r, 500, "cannot create the plan: %s", db_errmsg(r->db));
	snprintf(to, sizeof to, "/admin/plan?year=%d&saved=1", first);
	return req_redirect(r, to);
}
