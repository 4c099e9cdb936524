/* inquiry_stats — see inquiry_stats.h. */
#include "kpi/inquiry_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"

double stats_quantile(const double *x, size_t n, double p)
{
	if (n == 0)
		return NAN;
	if (p <= 0)
		return x[0];
	if (p >= 1)
		return x[n - 1];
	double h = (double)(n - 1) * p;
	size_t lo = (size_t)floor(h);
	if (lo + 1 >= n)
		return x[n - 1];
	return x[lo] + (h - (double)lo) * (x[lo + 1] - x[lo]);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Growable list of days to a first answer. */
struct days {
	double *v;
	size_t n, cap;
};

static int days_add(struct days *d, double v)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 64;
		double *t = realloc(d->v, cap * sizeof *t);
		if (!t)
			return -1;
		d->v = t;
		d->cap = cap;
	}
	d->v[d->n++] = v;
	return 0;
}

/* Sorts days[from..n) and puts its median and p90 into st (NaN when
 * there are none; d->v may then be NULL, so it is not touched). */
static void finish(struct inquiry_stat *st, struct days *d, size_t from)
{
	size_t n = d->n - from;
	st->answered = n;
	st->median_days = st->p90_days = NAN;
	if (!n)
		return;
	qsort(d->v + from, n, sizeof *d->v, cmp_double);
	st->median_days = stats_quantile(d->v + from, n, 0.5);
	st->p90_days = stats_quantile(d->v + from, n, 0.9);
}

int inquiry_stats_load(struct db *db, const char *year, struct inquiry_stats *s)
{
	struct dbq q;
	struct days d = {0};
	size_t from = 0, cap = 0;
	int rc;
	memset(s, 0, sizeof *s);
	db_query(db, &q, ST_INQ_STATS_ROWS, "t", year ? year : "");
	while ((rc = db_next(&q)) == 1) {
		long long inst = db_is_null(&q, 0) ? 0 : db_int(&q, 0);
		if (!s->n || s->rows[s->n - 1].institution_id != inst) {
			if (s->n)
				finish(&s->rows[s->n - 1], &d, from);
			from = d.n;
			if (s->n == cap) {
				cap = cap ? 2 * cap : 16;
				struct inquiry_stat *t = realloc(s->rows, cap * sizeof *t);
				if (!t) {
					rc = -1;
					break;
				}
				s->rows = t;
			}
			struct inquiry_stat *st = &s->rows[s->n++];
			memset(st, 0, sizeof *st);
			st->institution_id = inst;
			snprintf(st->name, sizeof st->name, "%s", db_text(&q, 1) ? db_text(&q, 1) : "");
		}
		struct inquiry_stat *st = &s->rows[s->n - 1];
		st->cases++;
		st->open += !strcmp(db_text(&q, 2), "open");
		if (!db_is_null(&q, 3) && days_add(&d, db_real(&q, 3)) < 0) {
			rc = -1;
			break;
		}
	}
	db_done(&q);
	if (rc == 0 && s->n)
		finish(&s->rows[s->n - 1], &d, from);
	/* the total over every row: all the days together */
	for (size_t i = 0; rc == 0 && i < s->n; i++) {
		s->total.cases += s->rows[i].cases;
		s->total.open += s->rows[i].open;
	}
	if (rc == 0)
		finish(&s->total, &d, 0);
	free(d.v);
	if (rc < 0) {
		inquiry_stats_free(s);
		return -1;
	}
	return 0;
}

void inquiry_stats_free(struct inquiry_stats *s)
{
	free(s->rows);
	memset(s, 0, sizeof *s);
}
