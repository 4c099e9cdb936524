/* inquiry_stats — how fast the consultation service answers: per
 * institution a case is routed to (and the Education Department for the
 * unrouted ones), the number of cases, how many are open now, and the
 * median and 90th percentile of the days from a question to its first
 * answer (cases not answered yet do not count in those two). */
#ifndef LIFELONG_KPI_INQUIRY_STATS_H
#define LIFELONG_KPI_INQUIRY_STATS_H

#include <stddef.h>

struct db;

/* The p-th quantile (0 <= p <= 1) of the n values x, sorted ascending, by
 * linear interpolation between the closest ranks (the method of
 * spreadsheets' PERCENTILE.INC and R's type 7): with h = (n - 1) p, the
 * value x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). So the
 * median of an even count is the mean of the middle two, one value is its
 * own every percentile, and p = 0 / 1 give the least / greatest. Returns
 * NaN when n is 0 (no answered case: "no data", not zero). */
double stats_quantile(const double *x, size_t n, double p);

/* One row: an institution (id 0: the Education Department, name ""). */
struct inquiry_stat {
	long long institution_id;
	char name[256];
	long long cases, open;
	size_t answered;	/* cases with a first answer */
	double median_days, p90_days;	/* NaN when answered is 0 */
};

struct inquiry_stats {
	struct inquiry_stat *rows;	/* the Education Department first, then by name */
	size_t n;
	struct inquiry_stat total;	/* every case together */
};

/* Computes the statistics of the cases created in year (Gregorian, as
 * "YYYY"; "" = every year). Fills s (free with inquiry_stats_free).
 * Returns 0 or -1. */
int inquiry_stats_load(struct db *db, const char *year, struct inquiry_stats *s);
void inquiry_stats_free(struct inquiry_stats *s);

#endif
