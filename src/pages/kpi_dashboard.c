/* kpi_dashboard — the staff dashboard of the plan (viewer role and up):
 * the year's indicators by goal and programme with charts (/admin/kpi),
 * one indicator split by institution, district and month with its
 * cumulative line and district map (/admin/kpi/indicator), and the records
 * behind any figure (/admin/kpi/records). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "pages/inquiry.h"
#include "pages/kpi_pages.h"

/* Fields of the staff routes (routes.c: kpi_staff_params), in order. */
enum { IN_YEAR, IN_CODE, IN_INSTITUTION, IN_DISTRICT, IN_MONTH, IN_PAGE, IN_FORMAT, IN_BY };

#define RECORDS_PER_PAGE 100

/* Download links for the year table (code NULL) or a split of code. */
static void downloads(struct request *r, int year, const char *code, const char *by)
{
	static const char *const fmts[] = {"ods", "xlsx", "csv", "pdf"};
	static const char *const names[] = {N_("ODS 試算表（ODF）"), N_("Excel 試算表（XLSX）"),
					    N_("CSV 文字檔"), N_("委員會報告（PDF）")};
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<ul class=\"kpi-downloads\">\n");
	for (int f = 0; f < 4; f++) {
		if (code && f == 3)
			continue;
		html_fmt(b, "<li><a href=\"/admin/kpi/report?year=%d&amp;format=%s", year, fmts[f]);
		if (code)
			html_fmt(b, "&amp;code=%s&amp;by=%s", code, by);
		html_fmt(b, "\" download=\"\">%s</a></li>\n", tr(r, names[f]));
	}
	html_raw_unescaped(b, "</ul>\n");
}

int page_admin_kpi(struct request *r)
{
	struct buf *b = &r->out;
	struct kpi_year y;
	struct kpi_split all[KPI__BY];
	int rc = kpi_page_year(r, IN_YEAR, &y);
	if (rc)
		return rc;
	page_begin(r, tr(r, "計畫指標儀表板"), NULL);
	kpi_admin_nav(r, "kpi");
	html_fmt(b, "<p class=\"lead\">%s</p>\n<p>", y.plan_title);
	kpi_html_year(r, y.year);
	html_raw_unescaped(b, " ");
	html_trf(r, "數字統計至 %s（每次開啟頁面時重新計算）。", y.asof);
	html_raw_unescaped(b, "</p>\n");
	kpi_html_year_nav(r, &y, "/admin/kpi", NULL);
	kpi_html_summary(r, &y);
	html_fmt(b, "<h2 id=\"downloads\">%s</h2>\n", tr(r, "下載報表"));
	downloads(r, y.year, NULL, NULL);
	html_fmt(b, "<p class=\"muted\">%s</p>\n",
		 tr(r, "按指標名稱看各機構、各行政區、各月份的細目；按實際數字看組成它的每一筆資料。"
		       "「進度正常」表示實際數字已達到依經過天數平均分配的目標；「尚無資料」不等於零。"
		       "已標示所屬方案的課程，只計入該方案的指標。"));
	kpi_html_tables(r, &y, 1);
	if (kpi_all_attendance(r->db, &y, all) == 0) {
		html_fmt(b, "<section aria-labelledby=\"h-map\"><h2 id=\"h-map\">%s</h2>\n<p>%s</p>\n",
			 tr(r, "各行政區參與人次（每千位居民）"),
			 tr(r, "全年所有課程與活動場次的出席人次，除以各區人口。"));
		struct kpi_indicator all_ind = {.name = (char *)tr(r, "全市參與人次"),
						.unit = (char *)tr(r, "人次")};
		kpi_svg_map(r, &all_ind, &all[KPI_BY_DISTRICT], "kpi-map-all", NULL);
		html_raw_unescaped(b, "</section>\n");
		for (int k = 0; k < KPI__BY; k++)
			kpi_split_free(&all[k]);
	}
	rc = inquiry_stats_section(r, y.year) < 0 ? req_fail(r, 500, "inquiry statistics failed") : 0;
	if (rc == 0)
		page_end(r);
	kpi_free(&y);
	return rc;
}

/* The indicator named by r->in[IN_CODE], or a 400/404 status. */
static int find_indicator(struct request *r, const struct kpi_year *y, int *i)
{
	if (!r->in[IN_CODE].present)
		return req_fail(r, 400, "code: the indicator's code is needed (e.g. P1-ABE-CLASSES)");
	*i = kpi_find(y, r->in[IN_CODE].s);
	if (*i < 0)
		return req_fail(r, 404, tr(r, "計畫 %s 沒有代碼為 %s 的指標。"), y->plan_code,
				r->in[IN_CODE].s);
	return 0;
}

/* A split's table: group, figure (linking to its records). */
static void split_table(struct request *r, const struct kpi_year *y, const struct kpi_indicator *d,
			const struct kpi_split *s, const char *caption, const char *head,
			const char *field)
{
	struct buf *b = &r->out;
	char n[64];
	int any = 0;
	html_fmt(b, "<div class=\"table-scroll\"><table class=\"kpi-split\">\n<caption>%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s（%s）</th></tr></thead>\n"
		 "<tbody>\n", caption, head, tr(r, "數字"), d->unit);
	for (size_t k = 0; k < s->n; k++) {
		const struct kpi_group *g = &s->g[k];
		if (!g->has_value)
			continue;
		any = 1;
		kpi_num(n, sizeof n, g->value);
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">"
			 "<a href=\"/admin/kpi/records?year=%d&amp;code=%s&amp;%s=%lld\">%s</a></td></tr>\n",
			 g->label ? g->label : tr(r, "未填寫"), y->year, d->code, field,
			 g->key ? g->key : -1, n);
	}
	if (!any)
		html_fmt(b, "<tr><td colspan=\"2\">%s</td></tr>\n", tr(r, "尚無資料"));
	html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	if (!s->additive)
		html_fmt(b, "<p class=\"muted\">%s</p>\n",
			 tr(r, "同一地點可能出現在好幾列，所以各列加總可能大於總數。"));
}

int page_admin_kpi_indicator(struct request *r)
{
	struct buf *b = &r->out;
	struct kpi_year y;
	struct kpi_split s[KPI__BY];
	const struct kpi_indicator *d;
	char n[64];
	int i, rc = kpi_page_year(r, IN_YEAR, &y);
	if (rc)
		return rc;
	if ((rc = find_indicator(r, &y, &i)) != 0 || kpi_breakdown(r->db, &y, i, s) < 0) {
		kpi_free(&y);
		return rc ? rc : req_fail(r, 500, "split failed");
	}
	d = &y.ind[i];
	page_begin(r, d->name, NULL);
	kpi_admin_nav(r, NULL);
	html_fmt(b, "<p><a href=\"/admin/kpi?year=%d#programme-%d\">%s</a></p>\n", y.year,
		 d->programme, tr(r, "回到儀表板"));
	html_fmt(b, "<p><span class=\"code\">%s</span>　", d->code);
	html_trf(r, "方案%d", d->programme);
	html_raw_unescaped(b, "　");
	kpi_html_year(r, y.year);
	html_raw_unescaped(b, "</p>\n");
	kpi_html_year_nav(r, &y, "/admin/kpi/indicator", d->code);
	html_fmt(b, "<dl class=\"kpi-facts\">\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "計算方式"),
		 d->rule_error ? d->rule_error : d->rule_text);
	html_fmt(b, "<dt>%s</dt><dd>", tr(r, "年度目標"));
	if (d->has_target) {
		kpi_num(n, sizeof n, d->target);
		html_fmt(b, "%s %s", n, d->unit);
	} else {
		html_tr(r, "未訂目標");
	}
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>", tr(r, "實際"));
	if (d->has_actual) {
		kpi_num(n, sizeof n, d->actual);
		if (d->kind == KPI_MANUAL)
			html_fmt(b, "%s %s", n, d->unit);
		else
			html_fmt(b, "<a href=\"/admin/kpi/records?year=%d&amp;code=%s\">%s %s</a>",
				 y.year, d->code, n, d->unit);
		if (d->has_percent)
			html_fmt(b, "（%.1f%%）", d->percent);
	} else {
		html_tr(r, "尚無資料");
	}
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>", tr(r, "狀態"));
	kpi_html_status(r, d->status);
	if (d->has_pace) {
		kpi_num(n, sizeof n, d->pace);
		html_raw_unescaped(b, "　");
		html_trf(r, "其餘月份每月約需 %s %s", n, d->unit);
	}
	html_raw_unescaped(b, "</dd>\n");
	if (d->kind == KPI_MANUAL)
		html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "填報說明"),
			 d->note ? d->note : tr(r, "（無）"));
	html_raw_unescaped(b, "</dl>\n");
	if (r->role >= ROLE_ADMIN)
		html_fmt(b, "<p><a href=\"/admin/plan/indicators/%lld?year=%d\">%s</a></p>\n", d->id,
			 y.year, tr(r, "修改目標、計算規則或填報數字"));

	if (s[KPI_BY_MONTH].applicable) {
		html_fmt(b, "<h2 id=\"h-months\">%s</h2>\n", tr(r, "每月累計"));
		kpi_svg_line(r, &y, d, &s[KPI_BY_MONTH], "kpi-line");
		downloads(r, y.year, d->code, "month");
	}
	if (s[KPI_BY_INSTITUTION].applicable) {
		html_fmt(b, "<h2 id=\"h-institutions\">%s</h2>\n", tr(r, "各機構"));
		split_table(r, &y, d, &s[KPI_BY_INSTITUTION], tr(r, "各機構的數字，由多到少"),
			    tr(r, "機構"), "institution");
		downloads(r, y.year, d->code, "institution");
	}
	if (s[KPI_BY_DISTRICT].applicable) {
		char records[160];
		html_fmt(b, "<h2 id=\"h-districts\">%s</h2>\n", tr(r, "各行政區"));
		snprintf(records, sizeof records, "/admin/kpi/records?year=%d&amp;code=%s", y.year,
			 d->code);
		kpi_svg_map(r, d, &s[KPI_BY_DISTRICT], "kpi-map", records);
		if (!s[KPI_BY_DISTRICT].additive)
			html_fmt(b, "<p class=\"muted\">%s</p>\n",
				 tr(r, "同一地點可能出現在好幾列，所以各列加總可能大於總數。"));
		downloads(r, y.year, d->code, "district");
	}
	if (!s[KPI_BY_MONTH].applicable)
		html_fmt(b, "<p>%s</p>\n", tr(r, "這個指標的數字由承辦人填報，沒有細目。"));
	page_end(r);
	for (int k = 0; k < KPI__BY; k++)
		kpi_split_free(&s[k]);
	kpi_free(&y);
	return 0;
}

struct rec_page {
	struct request *r;
};

static const char *record_detail(struct request *r, const struct kpi_record *rec)
{
	if (!rec->detail)
		return "";
	if (!strcmp(rec->detail, "registrations"))
		return tr(r, "依正取報名人數");
	if (!strcmp(rec->detail, "first_session"))
		return tr(r, "無報名紀錄，依第一次上課出席人數");
	if (!strcmp(rec->detail, "approved"))
		return tr(r, "核定");
	if (!strcmp(rec->detail, "rejected"))
		return tr(r, "未獲核定");
	if (!strcmp(rec->detail, "submitted"))
		return tr(r, "審查中");
	if (!strcmp(rec->detail, "liaison"))
		return tr(r, "聯繫會議");
	if (!strcmp(rec->detail, "workshop"))
		return tr(r, "專業人員研習");
	if (!strcmp(rec->detail, "committee"))
		return tr(r, "推展委員會");
	return rec->detail;
}

static int record_row(void *ctx, const struct kpi_record *rec)
{
	struct rec_page *p = ctx;
	struct request *r = p->r;
	struct buf *b = &r->out;
	char n[64];
	html_fmt(b, "<tr><td>%s</td><td>", rec->date ? rec->date : "");
	switch (rec->kind) {
	case KPI_REC_SESSION:
	case KPI_REC_COURSE:
		html_fmt(b, "<a href=\"/courses/%lld\">%s</a>", rec->course_id, rec->title);
		break;
	/* the back-office records open for administrators; others see names */
	case KPI_REC_GRANT:
	case KPI_REC_MEETING:
	case KPI_REC_TRAINING:
		if (r->role >= ROLE_ADMIN)
			html_fmt(b, "<a href=\"/admin/%s/%lld\">%s</a>",
				 rec->kind == KPI_REC_GRANT ? "grants"
				 : rec->kind == KPI_REC_MEETING ? "meetings" : "trainings",
				 rec->id, rec->title ? rec->title : "");
		else
			html_text(b, rec->title ? rec->title : "");
		break;
	default:
		html_text(b, rec->title ? rec->title : "");
	}
	html_fmt(b, "<br/><span class=\"muted\">%s</span></td><td>%s</td><td>%s</td><td>%s</td>"
		 "<td class=\"num\">", record_detail(r, rec), rec->institution ? rec->institution : "",
		 rec->place ? rec->place : "", rec->district ? rec->district : "");
	if (rec->has_value) {
		kpi_num(n, sizeof n, rec->value);
		html_text(b, n);
	} else {
		html_fmt(b, "<span class=\"muted\">%s</span>", tr(r, "未填"));
	}
	html_raw_unescaped(b, "</td></tr>\n");
	return 0;
}

/* Appends the selection's query (escaped) to b. */
static void selection_query(struct buf *b, const struct kpi_selection *sel)
{
	if (sel->institution)
		html_fmt(b, "&amp;institution=%lld", sel->institution);
	if (sel->district)
		html_fmt(b, "&amp;district=%lld", sel->district);
	if (sel->month)
		html_fmt(b, "&amp;month=%d", sel->month);
}

int page_admin_kpi_records(struct request *r)
{
	struct buf *b = &r->out;
	struct kpi_year y;
	struct kpi_selection sel = {0};
	struct rec_page p = {r};
	const struct kpi_indicator *d;
	size_t total = 0;
	long long page = r->in[IN_PAGE].n;
	int i, rc = kpi_page_year(r, IN_YEAR, &y);
	if (rc)
		return rc;
	if ((rc = find_indicator(r, &y, &i)) != 0) {
		kpi_free(&y);
		return rc;
	}
	d = &y.ind[i];
	sel.institution = r->in[IN_INSTITUTION].present ? r->in[IN_INSTITUTION].n : 0;
	sel.district = r->in[IN_DISTRICT].present ? r->in[IN_DISTRICT].n : 0;
	sel.month = r->in[IN_MONTH].present ? (int)r->in[IN_MONTH].n : 0;
	page_begin(r, tr(r, "組成數字的資料"), NULL);
	html_fmt(b, "<p><a href=\"/admin/kpi/indicator?year=%d&amp;code=%s\">%s</a>　", y.year,
		 d->code, d->name);
	kpi_html_year(r, y.year);
	if (sel.month) {
		html_raw_unescaped(b, "　");
		html_trf(r, "%d月", sel.month);
	}
	html_fmt(b, "</p>\n<p class=\"kpi-rule\">%s</p>\n", d->rule_text ? d->rule_text : "");
	html_fmt(b, "<div class=\"table-scroll\"><table class=\"kpi-records\">\n<caption>%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s（%s）</th>"
		 "</tr></thead>\n<tbody>\n",
		 tr(r, "依日期排列"), tr(r, "日期"), tr(r, "項目"), tr(r, "機構"), tr(r, "地點"),
		 tr(r, "行政區"), tr(r, "計入"), d->unit);
	if (kpi_records(r->db, &y, i, &sel, (size_t)(page - 1) * RECORDS_PER_PAGE,
			RECORDS_PER_PAGE, record_row, &p, &total) < 0) {
		kpi_free(&y);
		return req_fail(r, 500, "record query failed");
	}
	if (!total)
		html_fmt(b, "<tr><td colspan=\"6\">%s</td></tr>\n", tr(r, "沒有符合的資料。"));
	html_raw_unescaped(b, "</tbody>\n</table></div>\n<p>");
	html_trf(r, "共 %zu 筆。", total);
	if (page > 1) {
		html_fmt(b, " <a href=\"/admin/kpi/records?year=%d&amp;code=%s&amp;page=%lld", y.year,
			 d->code, page - 1);
		selection_query(b, &sel);
		html_fmt(b, "\">%s</a>", tr(r, "上一頁"));
	}
	if ((size_t)page * RECORDS_PER_PAGE < total) {
		html_fmt(b, " <a href=\"/admin/kpi/records?year=%d&amp;code=%s&amp;page=%lld", y.year,
			 d->code, page + 1);
		selection_query(b, &sel);
		html_fmt(b, "\">%s</a>", tr(r, "下一頁"));
	}
	html_raw_unescaped(b, "</p>\n");
	page_end(r);
	kpi_free(&y);
	return 0;
}
