/* kpi_common — the parts of the plan-tracking pages that the public
 * summary (/plan) and the staff dashboard (/admin/kpi) share. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "pages/backoffice.h"
#include "pages/kpi_pages.h"

int kpi_page_year(struct request *r, int idx, struct kpi_year *y)
{
	int year, rc;
	if (r->in[idx].present) {
		year = kpi_gregorian((int)r->in[idx].n);
	} else {
		rc = kpi_default_year(r->db, atoi(r->today), &year);
		if (rc == 1)
			return req_fail(r, 404, "%s", tr(r, "尚未載入任何計畫。"));
		if (rc < 0)
			return req_fail(r, 500, "plan query failed");
	}
	rc = kpi_load(r->db, year, r->now, y);
	if (rc < 0)
		return req_fail(r, 500, "indicator computation failed");
	if (rc == 1) {
		struct buf years = BUF_INIT;
		struct dbq q;
		db_query(r->db, &q, ST_KPI_PLAN_YEARS, "");
		while (db_next(&q) == 1)
			buf_printf(&years, "%s%s (%lld-%lld)", years.len ? ", " : "", db_text(&q, 1),
				   db_int(&q, 3), db_int(&q, 4));
		db_done(&q);
		rc = req_fail(r, 404, tr(r, "沒有涵蓋 %d 年的計畫；已有的計畫：%s"), year,
			      years.len ? buf_cstr(&years) : "-");
		buf_free(&years);
		return rc;
	}
	return 0;
}

void kpi_num(char *out, size_t n, double v)
{
	char digits[64], *frac;
	int neg = v < 0;
	double a = fabs(v);
	if (fabs(a - floor(a + 0.5)) < 0.005)
		snprintf(digits, sizeof digits, "%.0f", floor(a + 0.5));
	else
		snprintf(digits, sizeof digits, "%.2f", a);
	if ((frac = strchr(digits, '.'))) {
		size_t e = strlen(digits);
		while (e > 0 && digits[e - 1] == '0')
			digits[--e] = '\0';
		*frac = '\0';
		frac++;
	}
	/* thousands separators in the whole part */
	char whole[96];
	size_t len = strlen(digits), w = 0;
	for (size_t i = 0; i < len && w + 2 < sizeof whole; i++) {
		if (i && (len - i) % 3 == 0)
			whole[w++] = ',';
		whole[w++] = digits[i];
	}
	whole[w] = '\0';
	snprintf(out, n, "%s%s%s%s", neg ? "-" : "", whole, frac && *frac ? "." : "",
		 frac ? frac : "");
}

void kpi_html_year(struct request *r, int year)
{
	html_trf(r, "民國%d年（%d年）", year - 1911, year);
}

const char *kpi_status_label(struct request *r, enum kpi_status s)
{
	switch (s) {
	case KPI_REACHED: return tr(r, "已達成");
	case KPI_ON_TRACK: return tr(r, "進度正常");
	case KPI_BEHIND: return tr(r, "落後");
	case KPI_NO_TARGET: return tr(r, "未訂目標");
	default: return tr(r, "尚無資料");
	}
}

void kpi_html_status(struct request *r, enum kpi_status s)
{
	static const char *const symbols[KPI__STATUSES] = {"○", "–", "▼", "▲", "✔"};
	html_fmt(&r->out, "<span class=\"kpi-status kpi-%s\"><span aria-hidden=\"true\">%s</span> %s</span>",
		 kpi_status_code(s), symbols[s], kpi_status_label(r, s));
}

void kpi_html_year_nav(struct request *r, const struct kpi_year *y, const char *base,
		       const char *code)
{
	struct buf *b = &r->out;
	struct dbq q;
	html_fmt(b, "<nav class=\"kpi-years\" aria-label=\"%s\"><ul>\n", tr(r, "選擇年度"));
	db_query(r->db, &q, ST_KPI_PLAN_YEARS, "");
	while (db_next(&q) == 1)
		for (long long yr = db_int(&q, 3); yr <= db_int(&q, 4); yr++) {
			html_fmt(b, "<li><a href=\"%s?year=%lld", base, yr);
			if (code) {
				html_raw_unescaped(b, "&amp;code=");
				html_url_param(b, code);
			}
			html_raw_unescaped(b, "\"");
			if (yr == y->year)
				html_raw_unescaped(b, " aria-current=\"page\"");
			html_raw_unescaped(b, ">");
			kpi_html_year(r, (int)yr);
			html_raw_unescaped(b, "</a></li>\n");
		}
	db_done(&q);
	html_fmt(b, "</ul>\n<form method=\"get\" action=\"%s\" class=\"inline\">", base);
	if (code)
		html_fmt(b, "<input type=\"hidden\" name=\"code\" value=\"%s\"/>", code);
	html_fmt(b, "<label for=\"kpi-year\">%s</label> "
		 "<input id=\"kpi-year\" name=\"year\" type=\"number\" min=\"1\" max=\"9999\" "
		 "inputmode=\"numeric\" value=\"%d\"/> "
		 "<button type=\"submit\">%s</button></form></nav>\n",
		 tr(r, "其他年度（民國或西元）"), y->year, tr(r, "查看"));
}

void kpi_html_summary(struct request *r, const struct kpi_year *y)
{
	static const enum kpi_status order[] = {KPI_REACHED, KPI_ON_TRACK, KPI_BEHIND,
						KPI_NO_DATA, KPI_NO_TARGET};
	struct buf *b = &r->out;
	int count[KPI__STATUSES] = {0};
	for (size_t i = 0; i < y->n; i++)
		count[y->ind[i].status]++;
	html_fmt(b, "<ul class=\"cards kpi-summary\" aria-label=\"%s\">\n",
		 tr(r, "各狀態的指標數"));
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		if (order[k] == KPI_NO_TARGET && !count[KPI_NO_TARGET])
			continue;
		html_fmt(b, "<li><span class=\"num\">%d</span> ", count[order[k]]);
		kpi_html_status(r, order[k]);
		html_raw_unescaped(b, "</li>\n");
	}
	html_raw_unescaped(b, "</ul>\n");
}

/* Appends the figure v (with its unit) or "no data". */
static void figure(struct request *r, int has, double v, const char *unit)
{
	char n[64];
	if (!has) {
		html_fmt(&r->out, "<span class=\"muted\">%s</span>", tr(r, "尚無資料"));
		return;
	}
	kpi_num(n, sizeof n, v);
	html_fmt(&r->out, "%s <span class=\"unit\">%s</span>", n, unit ? unit : "");
}

/* One row of an indicator table. */
static void indicator_row(struct request *r, const struct kpi_year *y,
			  const struct kpi_indicator *d, int staff)
{
	struct buf *b = &r->out;
	char n[64];
	html_raw_unescaped(b, "<tr><th scope=\"row\">");
	if (staff)
		html_fmt(b, "<a href=\"/admin/kpi/indicator?year=%d&amp;code=%s\">%s</a>", y->year,
			 d->code, d->name);
	else
		html_text(b, d->name);
	html_fmt(b, "<br/><span class=\"muted code\">%s</span>", d->code);
	if (d->rule_error)
		html_fmt(b, "<br/><span class=\"kpi-rule-error\">%s%s</span>", tr(r, "計算規則有誤："),
			 d->rule_error);
	else if (d->rule_text && *d->rule_text)
		html_fmt(b, "<br/><span class=\"kpi-rule\">%s</span>", d->rule_text);
	/* data-label: the column's name, shown before each value when narrow
	 * screens stack the row (assets/style.css) */
	html_fmt(b, "</th>\n<td class=\"num\" data-label=\"%s\">", tr(r, "年度目標"));
	figure(r, d->has_target, d->target, d->unit);
	html_fmt(b, "</td>\n<td class=\"num\" data-label=\"%s\">", tr(r, "實際"));
	if (staff && d->has_actual && d->kind != KPI_MANUAL)
		html_fmt(b, "<a href=\"/admin/kpi/records?year=%d&amp;code=%s\" title=\"%s\">",
			 y->year, d->code, tr(r, "看組成這個數字的資料"));
	figure(r, d->has_actual, d->actual, d->unit);
	if (staff && d->has_actual && d->kind != KPI_MANUAL)
		html_raw_unescaped(b, "</a>");
	html_fmt(b, "</td>\n<td class=\"num\" data-label=\"%s\">", tr(r, "達成率"));
	if (d->has_percent)
		html_fmt(b, "%.1f%%", d->percent);
	else
		html_raw_unescaped(b, "<span class=\"muted\">—</span>");
	html_fmt(b, "</td>\n<td data-label=\"%s\">", tr(r, "其餘月份所需進度"));
	if (d->has_pace) {
		kpi_num(n, sizeof n, ceil(d->pace * 100 - 1e-9) / 100);
		html_trf(r, "每月約 %s %s", n, d->unit);
	} else if (d->has_target && d->has_actual && d->actual >= d->target) {
		html_raw_unescaped(b, "—");
	} else {
		html_fmt(b, "<span class=\"muted\">%s</span>",
			 y->months_left <= 0 ? tr(r, "年度已結束") : "—");
	}
	html_fmt(b, "</td>\n<td data-label=\"%s\">", tr(r, "狀態"));
	kpi_html_status(r, d->status);
	html_raw_unescaped(b, "</td></tr>\n");
}

/* The target-against-actual bars of programme pr's indicators. */
static void programme_chart(struct request *r, const struct kpi_year *y,
			    const struct kpi_programme *pr)
{
	int idx[64];
	size_t n = 0;
	char id[32], title[256];
	for (size_t i = 0; i < y->n && n < 64; i++)
		if (y->ind[i].programme == pr->number)
			idx[n++] = (int)i;
	if (!n)
		return;
	snprintf(id, sizeof id, "kpi-bars-%d", pr->number);
	snprintf(title, sizeof title, tr(r, "方案%d：各指標實際與目標"), pr->number);
	kpi_svg_bars(r, y, idx, n, id, title);
}

void kpi_html_tables(struct request *r, const struct kpi_year *y, int staff)
{
	struct buf *b = &r->out;
	for (size_t g = 0; g < y->ngoals; g++) {
		html_fmt(b, "<section class=\"kpi-goal\" aria-labelledby=\"goal-%d\">\n"
			 "<h2 id=\"goal-%d\">", y->goals[g].number, y->goals[g].number);
		html_trf(r, "目標%d：%s", y->goals[g].number, y->goals[g].title);
		html_raw_unescaped(b, "</h2>\n");
		for (size_t p = 0; p < y->nprogs; p++) {
			const struct kpi_programme *pr = &y->progs[p];
			if (pr->goal != y->goals[g].number)
				continue;
			html_fmt(b, "<h3 id=\"programme-%d\">", pr->number);
			html_trf(r, "方案%d：%s", pr->number, pr->title);
			html_raw_unescaped(b, "</h3>\n");
			programme_chart(r, y, pr);
			html_fmt(b, "<div class=\"table-scroll\"><table class=\"kpi-table\">\n"
				 "<caption class=\"visually-hidden\">");
			html_trf(r, "方案%d的指標", pr->number);
			html_fmt(b, "</caption>\n<thead><tr><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				 tr(r, "指標與計算方式"), tr(r, "年度目標"), tr(r, "實際"),
				 tr(r, "達成率"), tr(r, "其餘月份所需進度"), tr(r, "狀態"));
			for (size_t i = 0; i < y->n; i++)
				if (y->ind[i].programme == pr->number)
					indicator_row(r, y, &y->ind[i], staff);
			html_raw_unescaped(b, "</tbody>\n</table></div>\n");
		}
		html_raw_unescaped(b, "</section>\n");
	}
}

void kpi_admin_nav(struct request *r, const char *current)
{
	static const struct {
		const char *key, *href, *label;
		enum role role;
	} items[] = {
		{"kpi", "/admin/kpi", N_("計畫指標儀表板"), ROLE_VIEWER},
		{"plan", "/admin/plan", N_("計畫、目標與計算規則"), ROLE_ADMIN},
		{"volunteers", "/admin/volunteers", N_("志工團隊與培訓"), ROLE_ADMIN},
		{"grants", "/admin/grants", N_("中央補助案"), ROLE_ADMIN},
		{"meetings", "/admin/meetings", N_("聯繫會議與研習"), ROLE_ADMIN},
	};
	struct buf *b = &r->out;
	html_fmt(b, "<nav class=\"bo-nav\" aria-label=\"%s\"><ul>\n<li><a href=\"/admin\">%s</a></li>\n",
		 tr(r, "計畫追蹤選單"), tr(r, "工作人員首頁"));
	for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
		if (r->role < items[i].role)
			continue;
		html_fmt(b, "<li><a href=\"%s\"", items[i].href);
		if (current && !strcmp(current, items[i].key))
			html_raw_unescaped(b, " aria-current=\"page\"");
		html_fmt(b, ">%s</a></li>\n", tr(r, items[i].label));
	}
	html_raw_unescaped(b, "</ul></nav>\n");
}

char **kpi_institution_options(struct request *r, const char *none_label)
{
	struct dbq q;
	size_t n = 0, cap = 16;
	char **o = malloc(cap * sizeof *o);
	int rc, failed = !o;
	if (failed)
		return NULL;
	o[n++] = strdup("");
	o[n++] = strdup(none_label);
	db_query(r->db, &q, ST_KPI_INSTITUTION_NAMES, "");
	while ((rc = db_next(&q)) == 1 && !failed) {
		char id[32];
		if (n + 3 > cap) {
			char **p = realloc(o, (cap *= 2) * sizeof *o);
			if (!p) {
				failed = 1;
				break;
			}
			o = p;
		}
		snprintf(id, sizeof id, "%lld", db_int(&q, 0));
		o[n++] = strdup(id);
		o[n++] = strdup(db_text(&q, 1) ? db_text(&q, 1) : "");
	}
	db_done(&q);
	o[n] = NULL;
	for (size_t i = 0; i < n; i++)
		failed |= !o[i];
	if (failed || rc < 0) {
		kpi_options_free(o);
		return NULL;
	}
	return o;
}

void kpi_options_free(char **options)
{
	for (size_t i = 0; options && options[i]; i++)
		free(options[i]);
	free(options);
}

int kpi_parse_year(const char *s, int *year)
{
	long long v;
	if (!s || bo_parse_count(s, 1, 9999, &v) < 0 || (v > 200 && v < 1912))
		return -1;
	*year = kpi_gregorian((int)v);
	return 0;
}

int kpi_parse_amount(const char *s, long long max, long long *out)
{
	char digits[32];
	size_t n = 0;
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == ',')
			continue;
		if (n + 1 >= sizeof digits)
			return -1;
		digits[n++] = *p;
	}
	digits[n] = '\0';
	return bo_parse_count(digits, 0, max, out);
}

int kpi_parse_institution(struct request *r, const char *s, long long *out)
{
	long long one;
	*out = 0;
	if (!s || !*s)
		return 0;
	if (bo_parse_count(s, 1, 1LL << 53, out) < 0 ||
	    db_scalar(r->db, &one, ST_INSTITUTION_EXISTS, "i", *out) != 1)
		return -1;
	return 0;
}
