/* kpi — where each indicator of the city's plan stands in a year: the
 * actual figure computed from the data by the indicator's rule (rule.h),
 * against the year's target, with the percentage, the status and the pace
 * still needed; the figure split by institution, district and month; and
 * the records that make a figure.
 *
 * Figures stand "as of" a local wall-clock time: sessions count in the
 * year (and month) of their local start time once they have started and
 * unless cancelled; a course counts in the year its first session starts.
 * Session figures are read from the summary tables kpi_session_months and
 * kpi_course_firsts, which triggers on sessions keep exact (migration 4;
 * docs/performance.md), plus the sessions of the current month.
 *
 * "No data" is not zero: a count with no record, or a sum with no
 * recorded figure, has no actual value (has_actual 0, status KPI_NO_DATA). */
#ifndef LIFELONG_KPI_KPI_H
#define LIFELONG_KPI_KPI_H

#include <stddef.h>

#include "kpi/rule.h"

struct db;
struct kpi_course;
struct kpi_venue;

enum kpi_status {
	KPI_NO_DATA = 0,	/* nothing recorded yet */
	KPI_NO_TARGET,		/* data, but the plan sets no target this year */
	KPI_BEHIND,		/* below target (or below the pace to reach it) */
	KPI_ON_TRACK,		/* at or above the pace that reaches the target */
	KPI_REACHED,		/* at or above the target */
	KPI__STATUSES
};

struct kpi_goal {
	int number;
	char *title;
};

struct kpi_programme {
	int number, goal;
	char *title;
};

struct kpi_indicator {
	long long id;
	char *code, *name, *name_en, *unit;
	char *rule_kind, *rule_filter, *rule_text;	/* as stored */
	char *rule_error;	/* why the rule cannot be used, or NULL */
	char *note;		/* the note of a manual value, or NULL */
	int programme, goal;
	enum kpi_kind kind;
	struct kpi_filter filter;
	int has_target, has_actual, has_percent, has_pace;
	double target, actual;
	double percent;		/* actual / target × 100 */
	double pace;		/* needed per month for the rest of the year */
	enum kpi_status status;
};

/* One plan year with every indicator computed. */
struct kpi_year {
	long long plan_id;
	char *plan_code, *plan_title;
	int first_year, last_year;
	int year;
	char asof[17];		/* "YYYY-MM-DD HH:MM", local */
	double elapsed;		/* the part of the year gone by asof, 0..1 */
	double months_left;	/* months left in the year after asof (0 when over) */
	struct kpi_goal *goals;
	size_t ngoals;
	struct kpi_programme *progs;
	size_t nprogs;
	struct kpi_indicator *ind;
	size_t n;
	struct kpi_ref ref;
	struct kpi_course *courses;	/* loaded when a rule needs them */
	size_t ncourses;
	struct kpi_venue *venues;
	size_t nvenues;
	int *course_at, *venue_at;	/* id → index + 1 when ids are dense, else NULL */
	long long course_max, venue_max;
	int courses_loaded;
};

/* Splits of one indicator's figure. */
enum kpi_by { KPI_BY_INSTITUTION = 0, KPI_BY_DISTRICT, KPI_BY_MONTH, KPI__BY };

struct kpi_group {
	long long key;		/* institution or district id, month 1-12; 0 = not recorded */
	char *label;		/* name, or NULL for "not recorded" (key 0) */
	int has_value;
	double value;
	long long population;	/* districts: residents, or -1 when unknown */
	char *population_year;	/* districts: the population figure's date, or NULL */
	char *boundary;		/* districts: GeoJSON geometry, or NULL */
};

struct kpi_split {
	enum kpi_by by;
	int applicable;		/* 0: the kind has no such split (e.g. manual values) */
	int additive;		/* 1: the groups add up to the total */
	struct kpi_group *g;
	size_t n;
	double cum[13];		/* month split: cumulative figure at the end of month m */
	int has_cum[13];
};

/* What the records of a figure are. */
enum kpi_record_kind {
	KPI_REC_SESSION, KPI_REC_COURSE, KPI_REC_TRAINING, KPI_REC_GRANT, KPI_REC_MEETING,
	KPI_REC_PAGES, KPI_REC_MANUAL
};

/* One record behind a figure; strings valid during the callback only. */
struct kpi_record {
	enum kpi_record_kind kind;
	long long id;		/* session, course, training, grant or meeting id */
	long long course_id;	/* sessions and courses */
	const char *date;	/* start, first session, held on, submitted on; or month */
	const char *title;	/* course, training, grant, meeting title; page kind */
	const char *institution;
	const char *place;	/* venue name */
	const char *district;
	const char *detail;	/* scheme and status, meeting kind, learners' source */
	int has_value;
	double value;		/* what it adds to the figure */
};

/* Which records to list: all zero means every record of the year. */
struct kpi_selection {
	long long institution;	/* 0 any, -1 none recorded */
	long long district;	/* 0 any, -1 none recorded */
	int month;		/* 0 any, else 1-12 */
};

typedef int (*kpi_record_fn)(void *ctx, const struct kpi_record *rec);

/* The status code for APIs ("no_data", "no_target", "behind", "on_track",
 * "reached"). */
const char *kpi_status_code(enum kpi_status s);
/* The Gregorian year that a request for year y means: y itself, or y + 1911
 * for an ROC year (1-200). */
int kpi_gregorian(int y);

/* Reads the city's reference codes (institution types, categories,
 * audiences) that filters name. Returns 0 or -1. */
int kpi_ref_load(struct db *db, struct kpi_ref *ref);

/* Loads the plan that covers year (Gregorian) and computes every indicator
 * as of asof ("YYYY-MM-DD HH:MM", local). Returns 0 and *y (free with
 * kpi_free), 1 when no plan covers the year, or -1 on a database or memory
 * failure. An indicator whose rule is invalid gets rule_error and no value. */
int kpi_load(struct db *db, int year, const char *asof, struct kpi_year *y);
void kpi_free(struct kpi_year *y);
/* The index of the indicator with code, or -1. */
int kpi_find(const struct kpi_year *y, const char *code);
/* The plan year the dashboard opens on for today (Gregorian year): that
 * year when a plan covers it, else the last year of the latest plan that
 * has begun, else the first year of the earliest plan. Returns 0 and *year,
 * or 1 when no plan exists, -1 on error. */
int kpi_default_year(struct db *db, int today_year, int *year);

/* Splits indicator i of y by institution, district and month into out[]
 * (free each with kpi_split_free). Returns 0 or -1. */
int kpi_breakdown(struct db *db, struct kpi_year *y, int i, struct kpi_split out[KPI__BY]);
void kpi_split_free(struct kpi_split *s);
/* As kpi_breakdown for a city-wide figure outside the plan's rules: the
 * head counts of every session held in y's year, whatever the course. */
int kpi_all_attendance(struct db *db, struct kpi_year *y, struct kpi_split out[KPI__BY]);

/* Calls fn for each record behind indicator i's figure within sel, in
 * date order, skipping the first offset and stopping after limit (0: no
 * limit); *total receives how many there are in all. fn returning nonzero
 * stops the walk. Returns 0 or -1. */
int kpi_records(struct db *db, struct kpi_year *y, int i, const struct kpi_selection *sel,
		size_t offset, size_t limit, kpi_record_fn fn, void *ctx, size_t *total);

#endif
