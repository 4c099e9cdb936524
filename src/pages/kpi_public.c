/* kpi_public — the plan's progress for everyone: the summary page /plan
 * and the JSON API /api/v1/kpi (aggregated figures only, no personal
 * data). */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "http/reply.h"
#include "pages/kpi_pages.h"

/* Fields of /plan and /api/v1/kpi (routes.c): year, indicator, by. */
enum { IN_YEAR, IN_INDICATOR, IN_BY };

static const char *const by_names[KPI__BY] = {"institution", "district", "month"};

/* A JSON number rounded to 2 decimals, or null. */
static json_t *jnum(int has, double v)
{
	if (!has)
		return json_null();
	v = round(v * 100) / 100;
	return v == floor(v) && fabs(v) < 9e15 ? json_integer((json_int_t)v) : json_real(v);
}

/* The JSON object of one indicator. */
static json_t *indicator_json(const struct kpi_indicator *d)
{
	json_t *o = json_pack("{s:s, s:i, s:i, s:s, s:s?, s:s, s:o, s:o, s:o, s:s, s:s, s:s, s:o}",
			      "id", d->code, "programme", d->programme, "goal", d->goal,
			      "name", d->name, "name_en", d->name_en, "unit", d->unit,
			      "target", jnum(d->has_target, d->target),
			      "actual", jnum(d->has_actual, d->actual),
			      "percent", d->has_percent ? json_real(round(d->percent * 10) / 10)
							: json_null(),
			      "status", kpi_status_code(d->status),
			      "rule", d->rule_text ? d->rule_text : "",
			      "rule_kind", d->rule_kind ? d->rule_kind : "",
			      "pace_per_month", jnum(d->has_pace, d->pace));
	if (o && d->rule_error)
		json_object_set_new(o, "rule_error", json_string(d->rule_error));
	return o;
}

/* {"year", "roc_year", "as_of", "plan": {…}} */
static json_t *year_json(const struct kpi_year *y)
{
	return json_pack("{s:i, s:i, s:s, s:{s:s, s:s, s:i, s:i}}", "year", y->year, "roc_year",
			 y->year - 1911, "as_of", y->asof, "plan", "code", y->plan_code, "title",
			 y->plan_title, "first_year", y->first_year, "last_year", y->last_year);
}

/* The split of indicator i by one dimension. */
static int api_split(struct request *r, struct kpi_year *y, int i, enum kpi_by by)
{
	struct kpi_split s[KPI__BY];
	json_t *j = year_json(y), *rows = json_array();
	if (kpi_breakdown(r->db, y, i, s) < 0) {
		json_decref(j);
		json_decref(rows);
		return req_fail(r, 500, "split failed");
	}
	for (size_t k = 0; k < s[by].n; k++) {
		const struct kpi_group *g = &s[by].g[k];
		json_t *row = json_pack("{s:o, s:o, s:o}", "key",
					g->key ? json_integer(g->key) : json_null(), "label",
					g->label ? json_string(g->label) : json_null(), "value",
					jnum(g->has_value, g->value));
		if (by == KPI_BY_DISTRICT) {
			json_object_set_new(row, "population",
					    g->population > 0 ? json_integer(g->population) : json_null());
			json_object_set_new(row, "per_1000",
					    g->population > 0 ? jnum(1, (g->has_value ? g->value : 0) *
									    1000.0 / (double)g->population)
							      : json_null());
		}
		if (by == KPI_BY_MONTH)
			json_object_set_new(row, "cumulative",
					    jnum(s[by].has_cum[g->key], s[by].cum[g->key]));
		json_array_append_new(rows, row);
	}
	json_object_set_new(j, "indicator", indicator_json(&y->ind[i]));
	json_object_set_new(j, "by", json_string(by_names[by]));
	json_object_set_new(j, "applicable", json_boolean(s[by].applicable));
	json_object_set_new(j, "additive", json_boolean(s[by].additive));
	json_object_set_new(j, "rows", rows);
	for (int b = 0; b < KPI__BY; b++)
		kpi_split_free(&s[b]);
	return reply_json(r, j);
}

/* 400 naming the indicator codes of the plan. */
static int unknown_indicator(struct request *r, const struct kpi_year *y, const char *code)
{
	struct buf codes = BUF_INIT;
	int rc;
	for (size_t i = 0; i < y->n; i++)
		buf_printf(&codes, "%s%s", i ? ", " : "", y->ind[i].code);
	rc = req_fail(r, 400, "indicator: '%s' is not an indicator of plan %s; use one of %s", code,
		      y->plan_code, buf_cstr(&codes));
	buf_free(&codes);
	return rc;
}

int api_kpi(struct request *r)
{
	struct kpi_year y;
	int rc = kpi_page_year(r, IN_YEAR, &y);
	if (rc)
		return rc;
	if (r->in[IN_INDICATOR].present) {
		int i = kpi_find(&y, r->in[IN_INDICATOR].s);
		if (i < 0)
			rc = unknown_indicator(r, &y, r->in[IN_INDICATOR].s);
		else if (!r->in[IN_BY].present)
			rc = reply_json(r, json_pack("{s:o, s:o}", "year", year_json(&y),
						     "indicator", indicator_json(&y.ind[i])));
		else
			rc = api_split(r, &y, i, (enum kpi_by)r->in[IN_BY].n);
		kpi_free(&y);
		return rc;
	}
	if (r->in[IN_BY].present) {
		kpi_free(&y);
		return req_fail(r, 400, "by: give an indicator too (indicator=P1-ABE-CLASSES&by=month)");
	}
	json_t *j = year_json(&y), *list = json_array();
	for (size_t i = 0; i < y.n; i++)
		json_array_append_new(list, indicator_json(&y.ind[i]));
	json_object_set_new(j, "indicators", list);
	kpi_free(&y);
	return reply_json(r, j);
}

int page_plan(struct request *r)
{
	struct buf *b = &r->out;
	struct kpi_year y;
	int rc = kpi_page_year(r, IN_YEAR, &y);
	if (rc)
		return rc;
	page_begin(r, tr(r, "終身學習計畫執行進度"), "plan");
	html_fmt(b, "<p class=\"lead\">%s</p>\n<p>", y.plan_title);
	kpi_html_year(r, y.year);
	html_raw_unescaped(b, " ");
	html_tr(r, "各項指標的執行情形，依系統中各學習機構登錄的課程、場次與出席人數計算，");
	html_trf(r, "數字統計至 %s。", y.asof);
	html_raw_unescaped(b, "</p>\n");
	kpi_html_year_nav(r, &y, "/plan", NULL);
	kpi_html_summary(r, &y);
	html_fmt(b, "<p class=\"muted\">%s</p>\n",
		 tr(r, "「進度正常」表示實際數字已達到依經過天數平均分配的目標；"
		       "「尚無資料」表示還沒有可計算的紀錄，不等於零。已標示所屬方案的課程，只計入該方案的指標。"));
	kpi_html_tables(r, &y, 0);
	html_fmt(b, "<p><a href=\"/api/v1/kpi?year=%d\">%s</a></p>\n", y.year,
		 tr(r, "同樣的數字（開放資料 JSON）"));
	page_end(r);
	kpi_free(&y);
	return 0;
}
