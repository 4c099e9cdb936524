/* kpi_pages — what the plan-tracking pages share (kpi_common.c,
 * kpi_charts.c): loading the year a request asks for, numbers and
 * statuses as people read them, the indicator tables, and the SVG charts
 * drawn on the server, each with a title, a description and the same
 * numbers as a table. */
#ifndef LIFELONG_PAGES_KPI_PAGES_H
#define LIFELONG_PAGES_KPI_PAGES_H

#include <stddef.h>

#include "kpi/kpi.h"
#include "pages/pages.h"

/* Loads the year given in r->in[idx] (Gregorian, or ROC when 1-200;
 * absent: kpi_default_year for today) as of r->now. Returns 0 and *y (free
 * with kpi_free), or an error status already set with req_fail (404 when
 * no plan covers the year, naming the years there are). */
int kpi_page_year(struct request *r, int idx, struct kpi_year *y);

/* A figure as people read it: "56,000", "12.5", "0.75" (at most two
 * decimals, no trailing zeros). */
void kpi_num(char *out, size_t n, double v);
/* Appends "民國112年（2023年）". */
void kpi_html_year(struct request *r, int year);
/* The status in words ("已達成", …). */
const char *kpi_status_label(struct request *r, enum kpi_status s);
/* Appends the status as a badge: a symbol and the words, never colour alone. */
void kpi_html_status(struct request *r, enum kpi_status s);
/* Appends the year switcher: a link per year of every plan (the current
 * one marked) and a form for any other year. base is the path ("/plan");
 * code, when not NULL, is kept in the links and the form. */
void kpi_html_year_nav(struct request *r, const struct kpi_year *y, const char *base,
		       const char *code);
/* Appends the counts of indicators per status. */
void kpi_html_summary(struct request *r, const struct kpi_year *y);
/* Appends, goal by goal and programme by programme, a table of every
 * indicator: target, actual, percent, pace, status and the rule. staff:
 * names link to the drill-down and actual figures to their records. */
void kpi_html_tables(struct request *r, const struct kpi_year *y, int staff);

/* Charts (kpi_charts.c). Target against actual for the indicators in idx
 * (n of them), as bars of the percentage reached with the target line. */
void kpi_svg_bars(struct request *r, const struct kpi_year *y, const int *idx, size_t n,
		  const char *id, const char *title);
/* The monthly cumulative figure of indicator d against the line that
 * reaches its target by December, then the same numbers as a table. */
void kpi_svg_line(struct request *r, const struct kpi_year *y, const struct kpi_indicator *d,
		  const struct kpi_split *month, const char *id);
/* The districts shaded by d's figure per 1,000 residents (districts
 * without a population say so), then the same numbers as a table; rows
 * link to the records when records_base is not NULL ("/admin/kpi/records?
 * year=…&amp;code=…"). */
void kpi_svg_map(struct request *r, const struct kpi_indicator *d,
		 const struct kpi_split *district, const char *id, const char *records_base);

/* Route fields of the plan back office (kpi_records_admin.c,
 * kpi_volunteers.c, kpi_plan_admin.c), in the order handlers read r->in. */
extern const struct param_spec kpi_grant_params[];
extern const struct param_spec kpi_meeting_params[];
extern const struct param_spec kpi_vgroup_params[];
extern const struct param_spec kpi_vtraining_params[];
extern const struct param_spec kpi_indicator_params[];
extern const struct param_spec kpi_new_plan_params[];

/* The plan back office (kpi_common.c). The menu of the plan's pages;
 * current is "kpi", "plan", "volunteers", "grants", "meetings" or NULL. */
void kpi_admin_nav(struct request *r, const char *current);
/* Options for bo_select(): "" none_label, then every institution (id,
 * name). Free with kpi_options_free(). NULL when memory ran out. */
char **kpi_institution_options(struct request *r, const char *none_label);
void kpi_options_free(char **options);
/* A year typed by people: Gregorian (2023) or ROC (112). 0 and *year, or -1. */
int kpi_parse_year(const char *s, int *year);
/* An amount of NT$ or a count typed by people, commas allowed ("1,500,000"),
 * from 0 to max. 0 and *out, or -1. */
int kpi_parse_amount(const char *s, long long max, long long *out);
/* An institution id typed in a form ("" = none, *out 0): 0, or -1 when it
 * is not an institution. */
int kpi_parse_institution(struct request *r, const char *s, long long *out);

#endif
