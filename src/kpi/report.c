#include "kpi/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

const char *const report_format_names[] = {"ods", "xlsx", "csv", "pdf", NULL};

const char *report_content_type(enum report_format f)
{
	switch (f) {
	case REPORT_ODS: return "application/vnd.oasis.opendocument.spreadsheet";
	case REPORT_XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	case REPORT_CSV: return "text/csv; charset=utf-8";
	default: return "application/pdf";
	}
}

/* The words the reports use for a status (zh-Hant, as the committee reads). */
static const char *status_words(enum kpi_status s)
{
	switch (s) {
	case KPI_REACHED: return "已達成";
	case KPI_ON_TRACK: return "進度正常";
	case KPI_BEHIND: return "落後";
	case KPI_NO_TARGET: return "未訂目標";
	default: return "尚無資料";
	}
}

/* Adds v rounded to decimals places (no trailing zeros), or an empty cell. */
static void add_num(struct table *t, int has, double v, int decimals)
{
	char s[64];
	if (!has) {
		table_add(t, NULL);
		return;
	}
	double k = pow(10, decimals);
	snprintf(s, sizeof s, "%.*f", decimals, round(v * k) / k);
	if (strchr(s, '.')) {
		size_t e = strlen(s);
		while (s[e - 1] == '0')
			s[--e] = '\0';
		if (s[e - 1] == '.')
			s[--e] = '\0';
	}
	if (!strcmp(s, "-0"))
		strcpy(s, "0");
	table_add(t, s);
}

static void add_int(struct table *t, long long v)
{
	char s[32];
	snprintf(s, sizeof s, "%lld", v);
	table_add(t, s);
}

static const struct table_col year_cols[] = {
	{"目標", COL_INT}, {"方案", COL_INT}, {"指標代碼", COL_TEXT}, {"指標名稱", COL_TEXT},
	{"單位", COL_TEXT}, {"年度目標", COL_REAL}, {"實際", COL_REAL}, {"達成率(%)", COL_REAL},
	{"狀態", COL_TEXT}, {"狀態代碼", COL_TEXT}, {"其餘月份每月所需", COL_REAL},
	{"計算方式", COL_TEXT}, {"統計至", COL_TEXT},
};

int report_year_table(const struct kpi_year *y, struct table *t)
{
	table_init(t, year_cols, sizeof year_cols / sizeof *year_cols);
	for (size_t i = 0; i < y->n; i++) {
		const struct kpi_indicator *d = &y->ind[i];
		add_int(t, d->goal);
		add_int(t, d->programme);
		table_add(t, d->code);
		table_add(t, d->name);
		table_add(t, d->unit);
		add_num(t, d->has_target, d->target, 2);
		add_num(t, d->has_actual, d->actual, 2);
		add_num(t, d->has_percent, d->percent, 1);
		table_add(t, status_words(d->status));
		table_add(t, kpi_status_code(d->status));
		add_num(t, d->has_pace, d->pace, 2);
		table_add(t, d->rule_error ? d->rule_error : d->rule_text);
		table_add(t, y->asof);
	}
	return t->failed ? -1 : 0;
}

static const struct table_col split_cols[KPI__BY][8] = {
	{{"指標代碼", COL_TEXT}, {"指標名稱", COL_TEXT}, {"機構代號", COL_INT},
	 {"機構", COL_TEXT}, {"數字", COL_REAL}, {"單位", COL_TEXT}},
	{{"指標代碼", COL_TEXT}, {"指標名稱", COL_TEXT}, {"行政區代號", COL_INT},
	 {"行政區", COL_TEXT}, {"數字", COL_REAL}, {"單位", COL_TEXT}, {"人口", COL_INT},
	 {"每千人", COL_REAL}},
	{{"指標代碼", COL_TEXT}, {"指標名稱", COL_TEXT}, {"月份", COL_INT},
	 {"年月", COL_TEXT}, {"數字", COL_REAL}, {"單位", COL_TEXT}, {"累計", COL_REAL}},
};
static const size_t split_ncols[KPI__BY] = {6, 8, 7};

int report_split_table(const struct kpi_year *y, int i, const struct kpi_split *s,
		       struct table *t)
{
	const struct kpi_indicator *d = &y->ind[i];
	table_init(t, split_cols[s->by], split_ncols[s->by]);
	for (size_t k = 0; k < s->n; k++) {
		const struct kpi_group *g = &s->g[k];
		if (s->by == KPI_BY_INSTITUTION && !g->has_value)
			continue;
		table_add(t, d->code);
		table_add(t, d->name);
		if (g->key)
			add_int(t, g->key);
		else
			table_add(t, NULL);
		table_add(t, g->label ? g->label : "未填寫");
		add_num(t, 1, g->has_value ? g->value : 0, 2);
		table_add(t, d->unit);
		if (s->by == KPI_BY_DISTRICT) {
			if (g->population > 0)
				add_int(t, g->population);
			else
				table_add(t, NULL);
			add_num(t, g->population > 0,
				(g->has_value ? g->value : 0) * 1000.0 / (double)(g->population > 0 ? g->population : 1),
				2);
		} else if (s->by == KPI_BY_MONTH) {
			add_num(t, s->has_cum[g->key], s->cum[g->key], 2);
		}
	}
	return t->failed ? -1 : 0;
}

int report_xlsx(const struct table *t, const char *sheet, struct buf *out)
{
	char path[] = "/tmp/lifelong-xlsx-XXXXXX";
	lxw_workbook *wb = NULL;
	lxw_worksheet *ws;
	lxw_format *bold;
	FILE *f = NULL;
	int rc = -1, fd = mkstemp(path);
	char chunk[8192];
	size_t got;
	if (fd < 0)
		return -1;
	close(fd);
	if (t->failed || !(wb = workbook_new(path)) || !(ws = workbook_add_worksheet(wb, sheet)) ||
	    !(bold = workbook_add_format(wb)))
		goto out;
	format_set_bold(bold);
	for (size_t c = 0; c < t->ncols; c++)
		if (worksheet_write_string(ws, 0, (lxw_col_t)c, t->cols[c].name, bold) != LXW_NO_ERROR)
			goto out;
	worksheet_freeze_panes(ws, 1, 0);
	for (size_t r = 0; r < table_rows(t); r++)
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = table_cell(t, r, c);
			lxw_error e = LXW_NO_ERROR;
			if (!v)
				continue;
			if (t->cols[c].kind == COL_INT || t->cols[c].kind == COL_REAL)
				e = worksheet_write_number(ws, (lxw_row_t)(r + 1), (lxw_col_t)c,
							   strtod(v, NULL), NULL);
			else
				e = worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, v, NULL);
			if (e != LXW_NO_ERROR)
				goto out;
		}
	lxw_error e = workbook_close(wb);
	wb = NULL;
	if (e != LXW_NO_ERROR || !(f = fopen(path, "rb")))
		goto out;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(out, chunk, got) < 0)
			goto out;
	rc = ferror(f) ? -1 : 0;
out:
	if (wb)
		workbook_close(wb);
	if (f)
		fclose(f);
	unlink(path);
	return rc;
}

int report_make(struct db *db, struct kpi_year *y, const char *code, enum kpi_by by,
		enum report_format f, const char *city_code, const char *city_name,
		struct buf *out, char *file_name, size_t name_size)
{
	static const char *const by_names[KPI__BY] = {"institution", "district", "month"};
	struct kpi_split s[KPI__BY];
	struct table t;
	int rc = -1, i = -1, have_split = 0;
	char sheet[64];
	if (code && ((i = kpi_find(y, code)) < 0 || f == REPORT_PDF))
		return 1;
	if (i < 0)
		snprintf(file_name, name_size, "%s-kpi-%d.%s", city_code, y->year,
			 report_format_names[f]);
	else
		snprintf(file_name, name_size, "%s-kpi-%d-%s-%s.%s", city_code, y->year, code,
			 by_names[by], report_format_names[f]);
	if (f == REPORT_PDF)
		return report_pdf(db, y, city_name, out);
	if (i < 0) {
		snprintf(sheet, sizeof sheet, "%d", y->year);
		if (report_year_table(y, &t) < 0)
			goto out;
	} else {
		if (kpi_breakdown(db, y, i, s) < 0)
			return -1;
		have_split = 1;
		if (!s[by].applicable) {
			rc = 1;
			goto out_split;
		}
		snprintf(sheet, sizeof sheet, "%d %s", y->year, by_names[by]);
		if (report_split_table(y, i, &s[by], &t) < 0)
			goto out;
	}
	if (f == REPORT_CSV)
		rc = table_csv(&t, out);
	else if (f == REPORT_ODS)
		rc = table_ods(&t, sheet, out);
	else
		rc = report_xlsx(&t, sheet, out);
out:
	table_free(&t);
out_split:
	if (have_split)
		for (int k = 0; k < KPI__BY; k++)
			kpi_split_free(&s[k]);
	return rc;
}
