#include "core/grow.h"
#include "kpi/kpi.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "kpi/kpi_int.h"

static const char *const status_codes[KPI__STATUSES] = {
	"no_data", "no_target", "behind", "on_track", "reached",
};

const char *kpi_status_code(enum kpi_status s)
{
	return (int)s >= 0 && s < KPI__STATUSES ? status_codes[s] : "no_data";
}

int kpi_gregorian(int y)
{
	return y >= 1 && y <= 200 ? y + 1911 : y;
}

/* strdup that keeps NULL as NULL; sets *failed when memory ran out. */
static char *dup_opt(const char *s, int *failed)
{
	char *d;
	if (!s)
		return NULL;
	if (!(d = strdup(s)))
		*failed = 1;
	return d;
}

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Day of the year (1-366) of y-m-d. */
static int day_of_year(int y, int m, int d)
{
	static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	return before[m - 1] + d + (m > 2 && is_leap(y));
}

/* Sets y->elapsed and y->months_left from y->asof. */
static void set_clock(struct kpi_year *y)
{
	int ay = 0, am = 1, ad = 1;
	double days = is_leap(y->year) ? 366 : 365;
	if (sscanf(y->asof, "%4d-%2d-%2d", &ay, &am, &ad) != 3 || am < 1 || am > 12)
		ay = y->year + 1;
	if (ay < y->year) {
		y->elapsed = 0;
		y->months_left = 12;
	} else if (ay > y->year) {
		y->elapsed = 1;
		y->months_left = 0;
	} else {
		double doy = day_of_year(ay, am, ad);
		y->elapsed = doy / days;
		y->months_left = (days - doy) / (days / 12.0);
	}
}

void kpi_range_of(const struct kpi_year *y, struct kpi_range *rg)
{
	int ay = atoi(y->asof), Y = y->year;
	memset(rg, 0, sizeof *rg);
	rg->any = ay >= Y;
	snprintf(rg->month_from, sizeof rg->month_from, "%04d-01", Y % 10000);
	snprintf(rg->first_from, sizeof rg->first_from, "%04d-01-01", Y % 10000);
	snprintf(rg->day_from, sizeof rg->day_from, "%04d-01-01", Y % 10000);
	/* empty ranges unless filled below: to < from */
	strcpy(rg->month_to, "0000-00");
	strcpy(rg->raw_from, "9");
	strcpy(rg->raw_to, "0");
	strcpy(rg->first_to, "0");
	strcpy(rg->day_to, "0");
	if (ay > Y) {
		snprintf(rg->month_to, sizeof rg->month_to, "%04d-01", (Y + 1) % 10000);
		snprintf(rg->first_to, sizeof rg->first_to, "%04d-12-31 23:59", Y % 10000);
		snprintf(rg->day_to, sizeof rg->day_to, "%04d-12-31", Y % 10000);
	} else if (ay == Y) {
		snprintf(rg->month_to, sizeof rg->month_to, "%.7s", y->asof);
		snprintf(rg->raw_from, sizeof rg->raw_from, "%.7s-01", y->asof);
		snprintf(rg->raw_to, sizeof rg->raw_to, "%s", y->asof);
		snprintf(rg->first_to, sizeof rg->first_to, "%s", y->asof);
		snprintf(rg->day_to, sizeof rg->day_to, "%.10s", y->asof);
	}
}

int kpi_ref_load(struct db *db, struct kpi_ref *ref)
{
	static const enum stmt_id ids[3] = {ST_KPI_REF_TYPES, ST_KPI_REF_CATEGORIES,
					    ST_KPI_REF_AUDIENCES};
	struct dbq q;
	int rc = 0;
	memset(ref, 0, sizeof *ref);
	for (int l = 0; l < 3 && rc >= 0; l++) {
		int *n = l == 0 ? &ref->ntypes : l == 1 ? &ref->ncats : &ref->nauds;
		char(*list)[KPI_CODE_MAX] = l == 0 ? ref->type_code
					    : l == 1 ? ref->cat_code : ref->aud_code;
		db_query(db, &q, ids[l], "");
		while ((rc = db_next(&q)) == 1) {
			const char *code = db_text(&q, l == 0 ? 1 : 0);
			if (*n == KPI_MAX_CODES || !code || strlen(code) >= KPI_CODE_MAX)
				continue;	/* beyond what a filter can name */
			if (l == 0)
				ref->type_id[*n] = db_int(&q, 0);
			strcpy(list[(*n)++], code);
		}
		db_done(&q);
	}
	return rc < 0 ? -1 : 0;
}

static int cmp_course(const void *a, const void *b)
{
	long long x = ((const struct kpi_course *)a)->id, y = ((const struct kpi_course *)b)->id;
	return (x > y) - (x < y);
}

struct kpi_course *kpi_course_get(const struct kpi_year *y, long long id)
{
	struct kpi_course key = {.id = id};
	if (y->course_at)
		return id > 0 && id <= y->course_max && y->course_at[id]
		       ? &y->courses[y->course_at[id] - 1] : NULL;
	if (!y->ncourses)
		return NULL;
	return bsearch(&key, y->courses, y->ncourses, sizeof key, cmp_course);
}

/* An id → index + 1 table for n sorted records of stride size whose id is
 * the first member, when the ids are dense enough (else NULL: bsearch). */
static int *dense_index(const void *recs, size_t n, size_t size, long long *max)
{
	const char *p = recs;
	int *at;
	*max = n ? *(const long long *)(p + (n - 1) * size) : 0;
	if (!n || *max <= 0 || *max > 4 * (long long)n + 4096 || n > 0x7fffffff)
		return NULL;
	if (!(at = calloc((size_t)*max + 1, sizeof *at)))
		return NULL;
	for (size_t i = 0; i < n; i++) {
		long long id = *(const long long *)(p + i * size);
		if (id > 0)
			at[id] = (int)i + 1;
	}
	return at;
}

static int cmp_venue(const void *a, const void *b)
{
	long long x = ((const struct kpi_venue *)a)->id, y = ((const struct kpi_venue *)b)->id;
	return (x > y) - (x < y);
}

const struct kpi_venue *kpi_venue_get(const struct kpi_year *y, long long id)
{
	struct kpi_venue key = {.id = id};
	if (y->venue_at)
		return id > 0 && id <= y->venue_max && y->venue_at[id]
		       ? &y->venues[y->venue_at[id] - 1] : NULL;
	if (!id || !y->nvenues)
		return NULL;
	return bsearch(&key, y->venues, y->nvenues, sizeof key, cmp_venue);
}

/* Loads every venue's district and reading-station mark. 0 or -1. */
static int venues_load(struct db *db, struct kpi_year *y)
{
	struct dbq q;
	size_t cap = 0;
	int rc;
	db_query(db, &q, ST_KPI_VENUES, "");
	while ((rc = db_next(&q)) == 1) {
		if (grow(&y->venues, &cap, y->nvenues, sizeof *y->venues, 256) < 0) {
			rc = -1;
			break;
		}
		struct kpi_venue *v = &y->venues[y->nvenues++];
		v->id = db_int(&q, 0);
		v->district = db_int(&q, 1);
		v->station = db_int(&q, 2) != 0;
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	if (y->nvenues)
		qsort(y->venues, y->nvenues, sizeof *y->venues, cmp_venue);
	y->venue_at = dense_index(y->venues, y->nvenues, sizeof *y->venues, &y->venue_max);
	return 0;
}

uint64_t kpi_takes_mask(const struct kpi_year *y, struct kpi_course *c, int station)
{
	struct kpi_subject s;
	station = station != 0;
	if (!(c->cached & (1u << station))) {
		uint64_t m = 0;
		kpi_subject_of(c, station, &s);
		for (size_t k = 0; k < y->n; k++)
			if (!y->ind[k].rule_error &&
			    kpi_filter_match(&y->ind[k].filter, y->ind[k].programme, &s))
				m |= (uint64_t)1 << k;
		c->takes[station] = m;
		c->cached |= 1u << station;
	}
	return c->takes[station];
}

int kpi_takes(const struct kpi_year *y, struct kpi_course *c, int station, size_t i)
{
	struct kpi_subject s;
	if (y->n <= 64)
		return (kpi_takes_mask(y, c, station) >> i) & 1;
	kpi_subject_of(c, station != 0, &s);
	return !y->ind[i].rule_error &&
	       kpi_filter_match(&y->ind[i].filter, y->ind[i].programme, &s);
}

void kpi_takes_reset(struct kpi_year *y)
{
	for (size_t i = 0; i < y->ncourses; i++)
		y->courses[i].cached = 0;
}

int kpi_courses_load(struct db *db, struct kpi_year *y)
{
	struct dbq q;
	size_t cap = 0;
	int rc;
	if (y->courses_loaded)
		return 0;
	db_query(db, &q, ST_KPI_COURSES, "");
	while ((rc = db_next(&q)) == 1) {
		if (grow(&y->courses, &cap, y->ncourses, sizeof *y->courses, 1024) < 0) {
			rc = -1;
			break;
		}
		struct kpi_course *c = &y->courses[y->ncourses++];
		c->id = db_int(&q, 0);
		c->institution = db_int(&q, 1);
		c->type = kpi_ref_type_of(&y->ref, db_int(&q, 2));
		c->district = db_int(&q, 3);
		c->category = kpi_ref_find(y->ref.cat_code, y->ref.ncats, db_text(&q, 4));
		c->programme = (int)db_int(&q, 5);
		c->audiences = 0;
		c->cached = 0;
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	/* rows come in id order; sort anyway so lookups never depend on it */
	if (y->ncourses)
		qsort(y->courses, y->ncourses, sizeof *y->courses, cmp_course);
	y->course_at = dense_index(y->courses, y->ncourses, sizeof *y->courses, &y->course_max);
	db_query(db, &q, ST_KPI_COURSE_AUDIENCES, "");
	while ((rc = db_next(&q)) == 1) {
		struct kpi_course *c = (struct kpi_course *)kpi_course_get(y, db_int(&q, 0));
		int bit = kpi_ref_find(y->ref.aud_code, y->ref.nauds, db_text(&q, 1));
		if (c && bit >= 0)
			c->audiences |= (uint64_t)1 << bit;
	}
	db_done(&q);
	if (rc < 0 || venues_load(db, y) < 0)
		return -1;
	y->courses_loaded = 1;
	return 0;
}

void kpi_subject_of(const struct kpi_course *c, int station, struct kpi_subject *s)
{
	s->type = c->type;
	s->category = c->category;
	s->audiences = c->audiences;
	s->programme = c->programme;
	s->reading_station = station;
}

int kpi_reads_sessions(const struct kpi_indicator *d)
{
	return !d->rule_error && (d->kind == KPI_COUNT_SESSIONS || d->kind == KPI_SUM_ATTENDANCE ||
				  d->kind == KPI_COUNT_VENUES);
}

#define BIT(k) (1u << (k))

/* True if any wanted, usable indicator has one of the kinds in mask (one
 * bit per kind). */
static int wants(const struct kpi_year *y, const unsigned char *want, unsigned mask)
{
	for (size_t i = 0; i < y->n; i++)
		if (want[i] && !y->ind[i].rule_error && (mask & (1u << y->ind[i].kind)))
			return 1;
	return 0;
}

/* The wanted, usable indicators whose kind is in kinds (one bit per kind),
 * as a list of indexes; returns how many. */
static size_t wanted(const struct kpi_year *y, const unsigned char *want, unsigned kinds,
		     int *list)
{
	size_t n = 0;
	for (size_t i = 0; i < y->n; i++)
		if (want[i] && !y->ind[i].rule_error && (kinds & (1u << y->ind[i].kind)))
			list[n++] = (int)i;
	return n;
}

/* Sessions from the monthly summary and the current month. */
static int walk_sessions(struct db *db, struct kpi_year *y, const struct kpi_range *rg,
			 const unsigned char *want, kpi_sink_fn sink, void *ctx)
{
	struct dbq q;
	int rc = 0, *list = malloc((y->n ? y->n : 1) * sizeof *list);
	size_t nl;
	if (!list)
		return -1;
	nl = wanted(y, want, BIT(KPI_COUNT_SESSIONS) | BIT(KPI_SUM_ATTENDANCE) |
			     BIT(KPI_COUNT_VENUES), list);
	if (!nl || kpi_courses_load(db, y) < 0)
		goto out;
	db_query(db, &q, ST_KPI_FACTS, "tttt", rg->month_from, rg->month_to, rg->raw_from,
		 rg->raw_to);
	while ((rc = db_next(&q)) == 1) {
		struct kpi_course *c = kpi_course_get(y, db_int(&q, 0));
		const struct kpi_venue *v = kpi_venue_get(y, db_int(&q, 1));
		const char *month = db_text(&q, 3);
		long long sessions = db_int(&q, 4), att = db_int(&q, 5), att_n = db_int(&q, 6);
		int station = v && v->station;
		struct kpi_contrib k;
		if (!c)
			continue;
		k.institution = c->institution;
		k.district = db_int(&q, 2) ? db_int(&q, 2) : v && v->district ? v->district
								  : c->district;
		k.month = month && strlen(month) >= 7 ? atoi(month + 5) : 0;
		k.distinct = db_int(&q, 1) ? db_int(&q, 1) : -c->institution;
		uint64_t takes = y->n <= 64 ? kpi_takes_mask(y, c, station) : ~(uint64_t)0;
		for (size_t j = 0; j < nl; j++) {
			const struct kpi_indicator *d = &y->ind[list[j]];
			if (!((takes >> (list[j] & 63)) & 1) ||
			    (y->n > 64 && !kpi_takes(y, c, station, (size_t)list[j])))
				continue;
			k.ind = list[j];
			if (d->kind == KPI_SUM_ATTENDANCE) {
				k.has_value = att_n > 0;
				k.value = (double)att;
			} else {
				k.has_value = sessions > 0;
				k.value = (double)sessions;
			}
			sink(ctx, &k);
		}
	}
	db_done(&q);
out:
	free(list);
	return rc < 0 ? -1 : 0;
}

/* Courses, in the year their first session started. */
static int walk_courses(struct db *db, struct kpi_year *y, const struct kpi_range *rg,
			const unsigned char *want, kpi_sink_fn sink, void *ctx)
{
	struct dbq q;
	int rc = 0, *list = malloc((y->n ? y->n : 1) * sizeof *list);
	size_t nl;
	if (!list)
		return -1;
	nl = wanted(y, want, BIT(KPI_COUNT_COURSES) | BIT(KPI_SUM_REGISTRATIONS), list);
	if (!nl || kpi_courses_load(db, y) < 0)
		goto out;
	db_query(db, &q, ST_KPI_COURSE_FIRSTS, "tt", rg->first_from, rg->first_to);
	while ((rc = db_next(&q)) == 1) {
		struct kpi_course *c = kpi_course_get(y, db_int(&q, 0));
		const struct kpi_venue *v = kpi_venue_get(y, db_int(&q, 1));
		const char *first = db_text(&q, 3);
		struct kpi_contrib k;
		if (!c)
			continue;
		k.institution = c->institution;
		k.district = db_int(&q, 2) ? db_int(&q, 2) : v && v->district ? v->district
								  : c->district;
		k.month = first && strlen(first) >= 7 ? atoi(first + 5) : 0;
		k.distinct = 0;
		for (size_t j = 0; j < nl; j++) {
			const struct kpi_indicator *d = &y->ind[list[j]];
			if (!kpi_takes(y, c, v && v->station, (size_t)list[j]))
				continue;
			k.ind = list[j];
			if (d->kind == KPI_COUNT_COURSES) {
				k.has_value = 1;
				k.value = 1;
			} else if (db_int(&q, 5) > 0) {	/* enrolled learners */
				k.has_value = 1;
				k.value = (double)db_int(&q, 5);
			} else {			/* else the first session's head count */
				k.has_value = !db_is_null(&q, 4);
				k.value = (double)db_int(&q, 4);
			}
			sink(ctx, &k);
		}
	}
	db_done(&q);
out:
	free(list);
	return rc < 0 ? -1 : 0;
}

/* Volunteer trainings recorded in the back office. */
static int walk_trainings(struct db *db, struct kpi_year *y, const struct kpi_range *rg,
			  const unsigned char *want, kpi_sink_fn sink, void *ctx)
{
	struct dbq q;
	int rc, any = 0;
	for (size_t i = 0; i < y->n; i++)
		any |= want[i] && !y->ind[i].rule_error && y->ind[i].filter.volunteer_trainings;
	if (!any)
		return 0;
	db_query(db, &q, ST_KPI_TRAININGS, "tti", rg->day_from, rg->day_to, 0LL);
	while ((rc = db_next(&q)) == 1) {
		struct kpi_contrib k = {.institution = db_int(&q, 1), .district = db_int(&q, 2),
					.month = (int)db_int(&q, 3), .has_value = 1};
		for (size_t i = 0; i < y->n; i++) {
			const struct kpi_indicator *d = &y->ind[i];
			if (!want[i] || d->rule_error || !d->filter.volunteer_trainings)
				continue;
			k.ind = (int)i;
			k.value = d->kind == KPI_SUM_ATTENDANCE ? (double)db_int(&q, 4) : 1;
			sink(ctx, &k);
		}
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Grants of the year: applications sent, amounts approved. */
static int walk_grants(struct db *db, struct kpi_year *y, const unsigned char *want,
		       kpi_sink_fn sink, void *ctx)
{
	struct dbq q;
	int rc;
	if (!wants(y, want, BIT(KPI_GRANTS_COUNT) | BIT(KPI_GRANTS_AMOUNT)))
		return 0;
	db_query(db, &q, ST_KPI_GRANTS, "ii", (long long)y->year, 0LL);
	while ((rc = db_next(&q)) == 1) {
		const char *status = db_text(&q, 4);
		struct kpi_contrib k = {.institution = db_int(&q, 1), .district = db_int(&q, 2),
					.month = (int)db_int(&q, 3)};
		for (size_t i = 0; i < y->n; i++) {
			const struct kpi_indicator *d = &y->ind[i];
			if (!want[i] || d->rule_error)
				continue;
			k.ind = (int)i;
			if (d->kind == KPI_GRANTS_COUNT && status && strcmp(status, "draft")) {
				k.has_value = 1;
				k.value = 1;
			} else if (d->kind == KPI_GRANTS_AMOUNT && status &&
				   !strcmp(status, "approved") && !db_is_null(&q, 5)) {
				k.has_value = 1;
				k.value = (double)db_int(&q, 5) / 10000.0;
			} else {
				continue;
			}
			sink(ctx, &k);
		}
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Meetings and workshops held. */
static int walk_meetings(struct db *db, struct kpi_year *y, const struct kpi_range *rg,
			 const unsigned char *want, kpi_sink_fn sink, void *ctx)
{
	struct dbq q;
	int rc;
	if (!wants(y, want, BIT(KPI_MEETINGS_COUNT)))
		return 0;
	db_query(db, &q, ST_KPI_MEETINGS, "tti", rg->day_from, rg->day_to, 0LL);
	while ((rc = db_next(&q)) == 1) {
		unsigned kind = kpi_meeting_kind(db_text(&q, 4));
		struct kpi_contrib k = {.institution = db_int(&q, 1), .district = db_int(&q, 2),
					.month = (int)db_int(&q, 3), .has_value = 1, .value = 1};
		for (size_t i = 0; i < y->n; i++) {
			const struct kpi_indicator *d = &y->ind[i];
			if (!want[i] || d->rule_error || d->kind != KPI_MEETINGS_COUNT ||
			    (d->filter.meeting_kinds && !(d->filter.meeting_kinds & kind)))
				continue;
			k.ind = (int)i;
			sink(ctx, &k);
		}
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Portal page views per month and page kind. */
static int walk_pages(struct db *db, struct kpi_year *y, const struct kpi_range *rg,
		      const unsigned char *want, kpi_sink_fn sink, void *ctx)
{
	struct dbq q;
	int rc;
	if (!wants(y, want, BIT(KPI_PAGE_VIEWS)))
		return 0;
	db_query(db, &q, ST_KPI_PAGE_VIEWS, "tt", rg->day_from, rg->day_to);
	while ((rc = db_next(&q)) == 1) {
		struct kpi_contrib k = {.month = (int)db_int(&q, 0), .has_value = 1,
					.value = (double)db_int(&q, 2)};
		for (size_t i = 0; i < y->n; i++) {
			const struct kpi_indicator *d = &y->ind[i];
			if (!want[i] || d->rule_error || d->kind != KPI_PAGE_VIEWS ||
			    !kpi_filter_page_kind(&d->filter, db_text(&q, 1)))
				continue;
			k.ind = (int)i;
			sink(ctx, &k);
		}
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

int kpi_walk(struct db *db, struct kpi_year *y, const unsigned char *want, kpi_sink_fn sink,
	     void *ctx)
{
	struct kpi_range rg;
	kpi_range_of(y, &rg);
	if (walk_sessions(db, y, &rg, want, sink, ctx) < 0 ||
	    walk_courses(db, y, &rg, want, sink, ctx) < 0 ||
	    walk_trainings(db, y, &rg, want, sink, ctx) < 0 ||
	    walk_grants(db, y, want, sink, ctx) < 0 ||
	    walk_meetings(db, y, &rg, want, sink, ctx) < 0 ||
	    walk_pages(db, y, &rg, want, sink, ctx) < 0)
		return -1;
	return 0;
}

/* Per-indicator totals while walking. */
struct totals {
	struct kpi_year *y;
	double *sum;
	unsigned char *has;
	long long **places;	/* count_venues: the places seen */
	size_t *nplaces, *cap;
	int failed;
};

static void total_sink(void *ctx, const struct kpi_contrib *c)
{
	struct totals *t = ctx;
	if (!c->has_value)
		return;
	t->has[c->ind] = 1;
	t->sum[c->ind] += c->value;
	if (t->y->ind[c->ind].kind != KPI_COUNT_VENUES)
		return;
	if (t->nplaces[c->ind] == t->cap[c->ind]) {
		size_t nc = t->cap[c->ind] ? t->cap[c->ind] * 2 : 64;
		long long *p = realloc(t->places[c->ind], nc * sizeof *p);
		if (!p) {
			t->failed = 1;
			return;
		}
		t->places[c->ind] = p;
		t->cap[c->ind] = nc;
	}
	t->places[c->ind][t->nplaces[c->ind]++] = c->distinct;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

/* The number of distinct values among v[0..n) (sorts v). */
static size_t count_distinct(long long *v, size_t n)
{
	size_t d = 0;
	if (!n)
		return 0;
	qsort(v, n, sizeof *v, cmp_ll);
	for (size_t i = 0; i < n; i++)
		d += i == 0 || v[i] != v[i - 1];
	return d;
}

/* Percent, pace and status of d from its target and actual. */
static void judge(const struct kpi_year *y, struct kpi_indicator *d)
{
	d->has_percent = d->has_target && d->target > 0 && d->has_actual;
	if (d->has_percent)
		d->percent = d->actual / d->target * 100.0;
	d->has_pace = d->has_target && y->months_left > 0 &&
		      !(d->has_actual && d->actual >= d->target);
	if (d->has_pace)
		d->pace = (d->target - (d->has_actual ? d->actual : 0)) /
			  (y->months_left > 1 ? y->months_left : 1);
	if (!d->has_actual)
		d->status = KPI_NO_DATA;
	else if (!d->has_target)
		d->status = KPI_NO_TARGET;
	else if (d->actual >= d->target)
		d->status = KPI_REACHED;
	else if (y->elapsed < 1 && d->actual >= d->target * y->elapsed)
		d->status = KPI_ON_TRACK;
	else
		d->status = KPI_BEHIND;
}

/* Computes every indicator's actual figure and status. Returns 0 or -1. */
static int compute(struct db *db, struct kpi_year *y)
{
	struct totals t = {.y = y};
	unsigned char *want = NULL;
	int rc = -1;
	size_t n = y->n ? y->n : 1;
	t.sum = calloc(n, sizeof *t.sum);
	t.has = calloc(n, 1);
	t.places = calloc(n, sizeof *t.places);
	t.nplaces = calloc(n, sizeof *t.nplaces);
	t.cap = calloc(n, sizeof *t.cap);
	want = malloc(n);
	if (!t.sum || !t.has || !t.places || !t.nplaces || !t.cap || !want)
		goto out;
	memset(want, 1, n);
	if (kpi_walk(db, y, want, total_sink, &t) < 0 || t.failed)
		goto out;
	for (size_t i = 0; i < y->n; i++) {
		struct kpi_indicator *d = &y->ind[i];
		if (d->kind == KPI_MANUAL || d->rule_error) {
			/* manual: has_actual/actual were read with the indicator */
		} else if (d->kind == KPI_COUNT_VENUES) {
			d->has_actual = t.nplaces[i] > 0;
			d->actual = (double)count_distinct(t.places[i], t.nplaces[i]);
		} else {
			d->has_actual = t.has[i];
			d->actual = t.sum[i];
		}
		judge(y, d);
	}
	rc = 0;
out:
	for (size_t i = 0; t.places && i < n; i++)
		free(t.places[i]);
	free(t.sum);
	free(t.has);
	free(t.places);
	free(t.nplaces);
	free(t.cap);
	free(want);
	return rc;
}

/* Reads the plan covering y->year with its goals and programmes. Returns
 * 0, 1 when none covers it, or -1. */
static int load_plan(struct db *db, struct kpi_year *y)
{
	struct dbq q;
	int rc, failed = 0;
	db_query(db, &q, ST_KPI_PLAN_FOR_YEAR, "i", (long long)y->year);
	rc = db_next(&q);
	if (rc == 1) {
		y->plan_id = db_int(&q, 0);
		y->plan_code = dup_opt(db_text(&q, 1), &failed);
		y->plan_title = dup_opt(db_text(&q, 2), &failed);
		y->first_year = (int)db_int(&q, 3);
		y->last_year = (int)db_int(&q, 4);
	}
	db_done(&q);
	if (rc <= 0)
		return rc < 0 ? -1 : 1;
	db_query(db, &q, ST_PLAN_GOALS, "i", y->plan_id);
	while ((rc = db_next(&q)) == 1) {
		struct kpi_goal *g = realloc(y->goals, (y->ngoals + 1) * sizeof *g);
		if (!g) {
			rc = -1;
			break;
		}
		y->goals = g;
		g = &y->goals[y->ngoals++];
		g->number = (int)db_int(&q, 1);
		g->title = dup_opt(db_text(&q, 2), &failed);
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	db_query(db, &q, ST_PLAN_PROGRAMMES, "i", y->plan_id);
	while ((rc = db_next(&q)) == 1) {
		struct kpi_programme *p = realloc(y->progs, (y->nprogs + 1) * sizeof *p);
		if (!p) {
			rc = -1;
			break;
		}
		y->progs = p;
		p = &y->progs[y->nprogs++];
		p->number = (int)db_int(&q, 1);
		p->goal = (int)db_int(&q, 2);
		p->title = dup_opt(db_text(&q, 3), &failed);
	}
	db_done(&q);
	return rc < 0 || failed ? -1 : 0;
}

/* Parses d's stored rule; sets rule_error when it cannot be used. */
static int parse_rule(struct kpi_year *y, struct kpi_indicator *d)
{
	struct buf err = BUF_INIT;
	int failed = 0;
	if (kpi_kind_parse(d->rule_kind, &d->kind) < 0) {
		buf_printf(&err, "rule_kind: '%s' is not a kind", d->rule_kind ? d->rule_kind : "");
		d->kind = KPI_MANUAL;
	} else if (kpi_filter_parse(&y->ref, d->kind, d->programme, d->rule_filter, &d->filter,
				    &err) < 0) {
		while (err.len && err.data[err.len - 1] == '\n')
			err.data[--err.len] = '\0';
	}
	if (err.len)
		d->rule_error = dup_opt(buf_cstr(&err), &failed);
	failed |= buf_failed(&err);
	buf_free(&err);
	return failed ? -1 : 0;
}

/* Reads the plan's indicators with the year's target and manual value. */
static int load_indicators(struct db *db, struct kpi_year *y)
{
	struct dbq q;
	int rc, failed = 0;
	db_query(db, &q, ST_KPI_INDICATORS, "ii", y->plan_id, (long long)y->year);
	while ((rc = db_next(&q)) == 1) {
		struct kpi_indicator *d = realloc(y->ind, (y->n + 1) * sizeof *d);
		if (!d) {
			rc = -1;
			break;
		}
		y->ind = d;
		d = &y->ind[y->n++];
		memset(d, 0, sizeof *d);
		d->id = db_int(&q, 0);
		d->code = dup_opt(db_text(&q, 1), &failed);
		d->programme = (int)db_int(&q, 2);
		d->goal = (int)db_int(&q, 3);
		d->name = dup_opt(db_text(&q, 4), &failed);
		d->name_en = dup_opt(db_text(&q, 5), &failed);
		d->unit = dup_opt(db_text(&q, 6), &failed);
		d->rule_kind = dup_opt(db_text(&q, 7), &failed);
		d->rule_filter = dup_opt(db_text(&q, 8), &failed);
		d->rule_text = dup_opt(db_text(&q, 9), &failed);
		d->has_target = !db_is_null(&q, 10);
		d->target = db_real(&q, 10);
		d->note = dup_opt(db_text(&q, 12), &failed);
		if (parse_rule(y, d) < 0)
			failed = 1;
		if (d->kind == KPI_MANUAL && !d->rule_error) {
			d->has_actual = !db_is_null(&q, 11);
			d->actual = db_real(&q, 11);
		}
	}
	db_done(&q);
	return rc < 0 || failed ? -1 : 0;
}

int kpi_load(struct db *db, int year, const char *asof, struct kpi_year *y)
{
	int rc;
	memset(y, 0, sizeof *y);
	y->year = year;
	snprintf(y->asof, sizeof y->asof, "%s", asof);
	set_clock(y);
	if ((rc = load_plan(db, y)) != 0 || (rc = kpi_ref_load(db, &y->ref)) != 0 ||
	    (rc = load_indicators(db, y)) != 0 || (rc = compute(db, y)) != 0) {
		kpi_free(y);
		y->year = year;
		return rc;
	}
	return 0;
}

void kpi_free(struct kpi_year *y)
{
	for (size_t i = 0; i < y->ngoals; i++)
		free(y->goals[i].title);
	for (size_t i = 0; i < y->nprogs; i++)
		free(y->progs[i].title);
	for (size_t i = 0; i < y->n; i++) {
		struct kpi_indicator *d = &y->ind[i];
		free(d->code);
		free(d->name);
		free(d->name_en);
		free(d->unit);
		free(d->rule_kind);
		free(d->rule_filter);
		free(d->rule_text);
		free(d->rule_error);
		free(d->note);
	}
	free(y->plan_code);
	free(y->plan_title);
	free(y->goals);
	free(y->progs);
	free(y->ind);
	free(y->courses);
	free(y->venues);
	free(y->course_at);
	free(y->venue_at);
	memset(y, 0, sizeof *y);
}

int kpi_find(const struct kpi_year *y, const char *code)
{
	for (size_t i = 0; code && i < y->n; i++)
		if (!strcmp(y->ind[i].code, code))
			return (int)i;
	return -1;
}

int kpi_default_year(struct db *db, int today_year, int *year)
{
	struct dbq q;
	int rc, found = 0, covered = 0, last_begun = 0, first = 0;
	db_query(db, &q, ST_KPI_PLAN_YEARS, "");
	while ((rc = db_next(&q)) == 1) {
		int fy = (int)db_int(&q, 3), ly = (int)db_int(&q, 4);
		if (!found || fy < first)
			first = fy;
		found = 1;
		if (today_year >= fy && today_year <= ly)
			covered = 1;
		if (fy <= today_year && ly > last_begun)
			last_begun = ly;
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	if (!found)
		return 1;
	*year = covered ? today_year : last_begun ? last_begun : first;
	return 0;
}
