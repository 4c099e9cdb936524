/* kpi_split — one indicator's figure split by institution, district and
 * month (kpi.h: kpi_breakdown), from the same walk that makes the totals,
 * so the parts always agree with the whole. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/grow.h"
#include "db/db.h"
#include "kpi/kpi_int.h"

/* A (group, place) pair: distinct places per group for count_venues. */
struct pair {
	long long group, place;
};

struct acc {
	long long key;
	int has;
	double value;
};

/* The groups of one split while walking, found by key. */
struct groups {
	struct acc *a;
	size_t n, cap;
	struct pair *pairs;
	size_t npairs, pcap;
};

struct split_ctx {
	struct groups by[KPI__BY];
	int venues;
	int failed;
};

static struct acc *group_get(struct groups *g, long long key)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->a[i].key == key)
			return &g->a[i];
	if (grow(&g->a, &g->cap, g->n, sizeof *g->a, 32) < 0)
		return NULL;
	g->a[g->n] = (struct acc){.key = key};
	return &g->a[g->n++];
}

static int pair_add(struct groups *g, long long group, long long place)
{
	if (grow(&g->pairs, &g->pcap, g->npairs, sizeof *g->pairs, 256) < 0)
		return -1;
	g->pairs[g->npairs++] = (struct pair){group, place};
	return 0;
}

static void split_sink(void *ctx, const struct kpi_contrib *c)
{
	struct split_ctx *s = ctx;
	long long keys[KPI__BY] = {c->institution, c->district, c->month};
	for (int b = 0; b < KPI__BY; b++) {
		struct acc *a = group_get(&s->by[b], keys[b]);
		if (!a) {
			s->failed = 1;
			return;
		}
		if (!c->has_value)
			continue;
		a->has = 1;
		a->value += c->value;
		if (s->venues && pair_add(&s->by[b], keys[b], c->distinct) < 0)
			s->failed = 1;
	}
}

static int cmp_pair(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	if (x->group != y->group)
		return (x->group > y->group) - (x->group < y->group);
	return (x->place > y->place) - (x->place < y->place);
}

/* For count_venues: each group's value is its number of distinct places. */
static void distinct_values(struct groups *g)
{
	if (g->npairs)
		qsort(g->pairs, g->npairs, sizeof *g->pairs, cmp_pair);
	for (size_t i = 0; i < g->n; i++)
		g->a[i].value = 0;
	for (size_t i = 0; i < g->npairs; i++) {
		if (i && !cmp_pair(&g->pairs[i], &g->pairs[i - 1]))
			continue;
		struct acc *a = group_get(g, g->pairs[i].group);
		if (a)
			a->value += 1;
	}
}

/* Month split, count_venues: a place counts from the month it first
 * appears, so the running total is the number of distinct places so far. */
static void distinct_cumulative(const struct groups *g, struct kpi_split *out)
{
	/* pairs are (month, place); turn them into (place, month) */
	struct pair *p = malloc((g->npairs ? g->npairs : 1) * sizeof *p);
	double first[13] = {0}, run = 0;
	if (!p)
		return;
	for (size_t i = 0; i < g->npairs; i++)
		p[i] = (struct pair){g->pairs[i].place, g->pairs[i].group};
	if (g->npairs)
		qsort(p, g->npairs, sizeof *p, cmp_pair);
	for (size_t i = 0; i < g->npairs; i++)
		if ((i == 0 || p[i].group != p[i - 1].group) && p[i].place >= 1 && p[i].place <= 12)
			first[p[i].place] += 1;
	for (int m = 1; m <= 12; m++) {
		run += first[m];
		out->cum[m] = run;
		out->has_cum[m] = run > 0;
	}
	free(p);
}

static int cmp_group_value(const void *a, const void *b)
{
	const struct kpi_group *x = a, *y = b;
	if (!x->key != !y->key)
		return !x->key - !y->key;	/* "not recorded" last */
	if (x->value != y->value)
		return x->value < y->value ? 1 : -1;
	return (x->key > y->key) - (x->key < y->key);
}

/* Appends a group; returns it or NULL. */
static struct kpi_group *add_group(struct kpi_split *s, long long key)
{
	struct kpi_group *g = realloc(s->g, (s->n + 1) * sizeof *g);
	if (!g)
		return NULL;
	s->g = g;
	g = &s->g[s->n++];
	memset(g, 0, sizeof *g);
	g->key = key;
	g->population = -1;
	return g;
}

static const struct acc *acc_find(const struct groups *g, long long key)
{
	for (size_t i = 0; i < g->n; i++)
		if (g->a[i].key == key)
			return &g->a[i];
	return NULL;
}

/* Institutions with a contribution, by value, with their names. */
static int fill_institutions(struct db *db, const struct groups *g, struct kpi_split *s)
{
	struct dbq q;
	int rc, failed = 0;
	for (size_t i = 0; i < g->n; i++) {
		struct kpi_group *k = add_group(s, g->a[i].key);
		if (!k)
			return -1;
		k->has_value = g->a[i].has;
		k->value = g->a[i].value;
	}
	db_query(db, &q, ST_KPI_INSTITUTION_NAMES, "");
	while ((rc = db_next(&q)) == 1)
		for (size_t i = 0; i < s->n; i++)
			if (s->g[i].key == db_int(&q, 0) && !s->g[i].label &&
			    !(s->g[i].label = strdup(db_text(&q, 1) ? db_text(&q, 1) : "")))
				failed = 1;
	db_done(&q);
	if (s->n)
		qsort(s->g, s->n, sizeof *s->g, cmp_group_value);
	return rc < 0 || failed ? -1 : 0;
}

/* Every district, with population and boundary, then "not recorded" if
 * anything was. */
static int fill_districts(struct db *db, const struct groups *g, struct kpi_split *s)
{
	struct dbq q;
	int rc, failed = 0;
	const struct acc *a;
	db_query(db, &q, ST_KPI_DISTRICTS, "");
	while ((rc = db_next(&q)) == 1) {
		struct kpi_group *k = add_group(s, db_int(&q, 0));
		if (!k) {
			rc = -1;
			break;
		}
		k->label = strdup(db_text(&q, 1) ? db_text(&q, 1) : "");
		k->population = db_is_null(&q, 2) ? -1 : db_int(&q, 2);
		k->population_year = db_text(&q, 3) ? strdup(db_text(&q, 3)) : NULL;
		k->boundary = db_text(&q, 4) ? strdup(db_text(&q, 4)) : NULL;
		failed |= !k->label || (db_text(&q, 3) && !k->population_year) ||
			  (db_text(&q, 4) && !k->boundary);
		if ((a = acc_find(g, k->key))) {
			k->has_value = a->has;
			k->value = a->value;
		}
	}
	db_done(&q);
	if (rc < 0 || failed)
		return -1;
	if ((a = acc_find(g, 0)) && a->has) {
		struct kpi_group *k = add_group(s, 0);
		if (!k)
			return -1;
		k->has_value = 1;
		k->value = a->value;
	}
	return 0;
}

/* The twelve months (labels "YYYY-MM"). */
static int fill_months(const struct kpi_year *y, const struct groups *g, struct kpi_split *s)
{
	for (int m = 1; m <= 12; m++) {
		struct kpi_group *k = add_group(s, m);
		char label[32];
		const struct acc *a = acc_find(g, m);
		if (!k)
			return -1;
		snprintf(label, sizeof label, "%04d-%02d", y->year % 10000, m);
		if (!(k->label = strdup(label)))
			return -1;
		if (a) {
			k->has_value = a->has;
			k->value = a->value;
		}
	}
	return 0;
}

int kpi_breakdown(struct db *db, struct kpi_year *y, int i, struct kpi_split out[KPI__BY])
{
	struct split_ctx s;
	unsigned char *want = NULL;
	int rc = -1;
	const struct kpi_indicator *d = &y->ind[i];
	memset(&s, 0, sizeof s);
	memset(out, 0, KPI__BY * sizeof *out);
	for (int b = 0; b < KPI__BY; b++) {
		out[b].by = (enum kpi_by)b;
		out[b].additive = d->kind != KPI_COUNT_VENUES;
		out[b].applicable = d->kind != KPI_MANUAL && !d->rule_error &&
				    (d->kind != KPI_PAGE_VIEWS || b == KPI_BY_MONTH);
	}
	if (!out[KPI_BY_MONTH].applicable)
		return 0;
	if (!(want = calloc(y->n, 1)))
		return -1;
	want[i] = 1;
	s.venues = d->kind == KPI_COUNT_VENUES;
	if (kpi_walk(db, y, want, split_sink, &s) < 0 || s.failed)
		goto out;
	if (s.venues)
		for (int b = 0; b < KPI__BY; b++)
			distinct_values(&s.by[b]);
	if ((out[KPI_BY_INSTITUTION].applicable &&
	     fill_institutions(db, &s.by[KPI_BY_INSTITUTION], &out[KPI_BY_INSTITUTION]) < 0) ||
	    (out[KPI_BY_DISTRICT].applicable &&
	     fill_districts(db, &s.by[KPI_BY_DISTRICT], &out[KPI_BY_DISTRICT]) < 0) ||
	    fill_months(y, &s.by[KPI_BY_MONTH], &out[KPI_BY_MONTH]) < 0)
		goto out;
	if (s.venues) {
		distinct_cumulative(&s.by[KPI_BY_MONTH], &out[KPI_BY_MONTH]);
	} else {
		double run = 0;
		int has = 0;
		for (int m = 1; m <= 12; m++) {
			const struct kpi_group *k = &out[KPI_BY_MONTH].g[m - 1];
			if (k->has_value) {
				run += k->value;
				has = 1;
			}
			out[KPI_BY_MONTH].cum[m] = run;
			out[KPI_BY_MONTH].has_cum[m] = has;
		}
	}
	rc = 0;
out:
	for (int b = 0; b < KPI__BY; b++) {
		free(s.by[b].a);
		free(s.by[b].pairs);
	}
	free(want);
	if (rc < 0)
		for (int b = 0; b < KPI__BY; b++)
			kpi_split_free(&out[b]);
	return rc;
}

void kpi_split_free(struct kpi_split *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->g[i].label);
		free(s->g[i].population_year);
		free(s->g[i].boundary);
	}
	free(s->g);
	s->g = NULL;
	s->n = 0;
}

int kpi_all_attendance(struct db *db, struct kpi_year *y, struct kpi_split out[KPI__BY])
{
	struct kpi_indicator all;
	struct kpi_year t = *y;
	int rc;
	memset(&all, 0, sizeof all);
	all.kind = KPI_SUM_ATTENDANCE;	/* empty filter, programme 0: everything */
	t.ind = &all;
	t.n = 1;
	kpi_takes_reset(&t);	/* the cached answers are for y's indicators */
	rc = kpi_breakdown(db, &t, 0, out);
	kpi_takes_reset(&t);
	/* the course and venue lists, if this loaded them, belong to y */
	y->courses = t.courses;
	y->ncourses = t.ncourses;
	y->venues = t.venues;
	y->nvenues = t.nvenues;
	y->course_at = t.course_at;
	y->venue_at = t.venue_at;
	y->course_max = t.course_max;
	y->venue_max = t.venue_max;
	y->courses_loaded = t.courses_loaded;
	return rc;
}
