/* synthetic — realistic made-up courses for benchmarks and load tests
 * (`lifelong seed --synthetic N`): Chinese titles composed from each
 * category's topics, sessions over the two years around today, every
 * district and institution type, a spread of fees, formats, languages and
 * audiences. Everything is marked demo (is_demo = 1), so
 * `lifelong demo --remove` takes it out again. */
#ifndef LIFELONG_DB_SYNTHETIC_H
#define LIFELONG_DB_SYNTHETIC_H

struct db;

struct synthetic_counts {
	long long institutions, venues, courses, sessions;
};

/* Adds n courses to db, which must hold a city (districts and institution
 * types). today is "YYYY-MM-DD"; seed makes the data reproducible. Writes
 * in one transaction with prepared statements, the search index rebuilt
 * once at the end. Returns 0 (counts in *out), or -1 (logged; nothing
 * written). */
int synthetic_seed(struct db *db, long long n, const char *today, unsigned seed,
		   struct synthetic_counts *out);

#endif
