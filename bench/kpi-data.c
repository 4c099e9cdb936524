/* kpi-data — bench-only generator for the plan-tracking benchmark
 * (bench/kpi): adds made-up institutions, venues, courses and N sessions
 * with head counts spread over the three years 2022-2024 to a database
 * made by `lifelong init` (no demo data), through the statement catalogue,
 * so that the triggers that keep the indicator summary exact run for every
 * session as they would in production. Courses mix every category, some
 * are tagged with a plan programme, some meet at community reading
 * stations; about 1 head count in 10 is missing. Everything is marked
 * demo. Also writes a year of daily page views.
 *
 *     build/bench/kpi-data DB N [SEED]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"

#define MAX_REF 64
#define INSTS_PER_TYPE_DISTRICT 3
#define VENUES_PER_INST 3
#define STATIONS 40

static const char *const categories[] = {"basic", "language", "digital", "health", "arts",
					 "local", "civic", "family", "career", "reading",
					 "volunteer"};
static const char *const audiences[] = {"all", "senior", "new_immigrant", "indigenous",
					"family", "women", "basic_education", "youth", "worker"};
/* the programme a category's courses are sometimes tagged with */
static const int category_programme[] = {1, 2, 5, 3, 0, 11, 7, 4, 0, 6, 8};

static unsigned long long rng_state = 0x9e3779b97f4a7c15ULL;

static unsigned long long next_rand(void)
{
	unsigned long long x = rng_state;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

static int pick(int n)
{
	return (int)(next_rand() % (unsigned long long)n);
}

/* Days since 1970-01-01 of y-m-d, and back (civil calendar). */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	long long doe = z - era * 146097;
	long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static void stamp(char *out, size_t n, long long day, int minute)
{
	int y, m, d;
	civil(day, &y, &m, &d);
	snprintf(out, n, "%04d-%02d-%02d %02d:%02d", y, m, d, minute / 60, minute % 60);
}

struct inst {
	long long id, district;
	long long venue[VENUES_PER_INST];
};

int main(int argc, char **argv)
{
	struct db *db = NULL;
	struct dbq q;
	long long districts[MAX_REF], types[MAX_REF], stations[STATIONS], station_district[STATIONS];
	int nd = 0, nt = 0, ni = 0;
	struct inst *insts;
	long long want, sessions = 0, courses = 0;
	if (argc < 3 || (want = atoll(argv[2])) <= 0) {
		fprintf(stderr, "usage: %s DB SESSIONS [SEED]\n", argv[0]);
		return 2;
	}
	if (argc > 3)
		rng_state ^= strtoull(argv[3], NULL, 10) * 0x2545F4914F6CDD1DULL;
	if (db_open(&db, argv[1], DB_OPEN_MIGRATE) < 0)
		return 1;
	db_query(db, &q, ST_DISTRICTS_LIST, "");
	while (db_next(&q) == 1 && nd < MAX_REF)
		districts[nd++] = db_int(&q, 0);
	db_done(&q);
	db_query(db, &q, ST_KPI_REF_TYPES, "");
	while (db_next(&q) == 1 && nt < MAX_REF)
		types[nt++] = db_int(&q, 0);
	db_done(&q);
	if (!nd || !nt) {
		fprintf(stderr, "kpi-data: run lifelong init first\n");
		return 1;
	}
	insts = calloc((size_t)(nd * nt * INSTS_PER_TYPE_DISTRICT), sizeof *insts);
	if (!insts || db_begin(db) < 0 || db_exec(db, ST_SEARCH_BULK_SET, "i", 1LL) < 0)
		goto fail;
	for (int t = 0; t < nt; t++)
		for (int d = 0; d < nd; d++)
			for (int k = 0; k < INSTS_PER_TYPE_DISTRICT; k++) {
				char name[128];
				struct inst *in = &insts[ni];
				snprintf(name, sizeof name, "測試機構 %d-%d-%d", t, d, k);
				db_query(db, &q, ST_INSTITUTION_UPSERT, "tiittttti", name, types[t],
					 districts[d], NULL, NULL, NULL, NULL, NULL, 1LL);
				if (db_next(&q) != 1) {
					db_done(&q);
					goto fail;
				}
				in->id = db_int(&q, 0);
				db_done(&q);
				in->district = districts[d];
				for (int v = 0; v < VENUES_PER_INST; v++) {
					snprintf(name, sizeof name, "教室 %d", v + 1);
					if (db_exec(db, ST_VENUE_INSERT, "ittii", in->id, name, "room",
						    districts[(d + v) % nd], 1LL) < 0)
						goto fail;
					in->venue[v] = db_last_id(db);
				}
				ni++;
			}
	for (int s = 0; s < STATIONS; s++) {
		char name[64];
		station_district[s] = districts[s % nd];
		snprintf(name, sizeof name, "測試社區共讀站 %d", s + 1);
		if (db_exec(db, ST_VENUE_UPSERT_PUBLIC, "ttittti", name, "community_reading_station",
			    station_district[s], NULL, NULL, NULL, 1LL) < 0)
			goto fail;
		stations[s] = db_last_id(db);
	}
	long long first_day = days_from_civil(2022, 1, 3), last_day = days_from_civil(2024, 12, 31);
	while (sessions < want) {
		const struct inst *in = &insts[pick(ni)];
		int cat = pick((int)(sizeof categories / sizeof *categories));
		int prog = category_programme[cat] && pick(10) < 3 ? category_programme[cat] : 0;
		int n = 10 + pick(41), minute = 8 * 60 + 30 * pick(24);
		long long start = first_day + pick((int)(last_day - first_day - 7 * n));
		char title[128], a[32], b[32];
		long long id = 0, venue = in->venue[pick(VENUES_PER_INST)], district = 0;
		int station = -1;
		if (!strcmp(categories[cat], "reading") && pick(3) == 0) {
			station = pick(STATIONS);
			venue = stations[station];
			district = station_district[station];
		}
		snprintf(title, sizeof title, "測試課程 %lld", ++courses);
		db_query(db, &q, ST_COURSE_UPSERT, "ittttitiiiti", in->id, title, "", categories[cat],
			 "zh-Hant", 0LL, "in_person", 0LL, (long long)prog, 30LL, NULL, 1LL);
		if (db_next(&q) == 1)
			id = db_int(&q, 0);
		db_done(&q);
		if (!id || db_exec(db, ST_COURSE_AUDIENCE_ADD, "it", id,
				   audiences[pick((int)(sizeof audiences / sizeof *audiences))]) < 0)
			goto fail;
		for (int s = 0; s < n && sessions < want; s++, sessions++) {
			long long att = pick(10) ? 5 + pick(36) : DB_NULL_INT;
			stamp(a, sizeof a, start + 7LL * s, minute);
			stamp(b, sizeof b, start + 7LL * s, minute + 120);
			if (db_exec(db, ST_SESSION_UPSERT, "iiittI", id, venue, district, a, b, att) < 0)
				goto fail;
		}
	}
	for (long long day = first_day; day <= last_day; day++) {
		char d[32];
		stamp(d, sizeof d, day, 0);
		d[10] = '\0';
		if (db_exec(db, ST_PAGE_VIEWS_ADD, "tti", d, "home", (long long)(5 + pick(20))) < 0)
			goto fail;
	}
	if (db_exec(db, ST_SEARCH_FTS_CLEAR, "") < 0 || db_exec(db, ST_SEARCH_FTS_FILL, "") < 0 ||
	    db_exec(db, ST_SEARCH_BULK_SET, "i", 0LL) < 0 || db_commit(db) < 0)
		goto fail;
	printf("kpi-data: %d institutions, %lld courses, %lld sessions (2022-2024)\n", ni, courses,
	       sessions);
	free(insts);
	db_close(db);
	return 0;
fail:
	fprintf(stderr, "kpi-data: %s\n", db_errmsg(db));
	db_rollback(db);
	free(insts);
	db_close(db);
	return 1;
}
