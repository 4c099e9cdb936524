/* kpi_int — what kpi.c, kpi_split.c and kpi_records.c share: the courses
 * with the attributes rules look at, the year's date ranges, and the walk
 * over every contribution to the figures of the wanted indicators. */
#ifndef LIFELONG_KPI_KPI_INT_H
#define LIFELONG_KPI_KPI_INT_H

#include <stdint.h>

#include "kpi/kpi.h"

struct db;

struct kpi_course {
	long long id, institution, district;	/* district of the institution, 0 none */
	int type, category, programme;		/* bit indexes (-1 unknown), tag */
	uint64_t audiences;
	/* which of y's indicators (up to 64) take this course, held away from
	 * a reading station [0] and at one [1]; computed once (cached bits) */
	uint64_t takes[2];
	unsigned cached;
};

struct kpi_venue {
	long long id, district;	/* district 0: none */
	int station;		/* a community reading station */
};

/* The year's bounds as the summary tables and the sessions need them. */
struct kpi_range {
	int any;		/* 0: the year has not begun at asof */
	/* (sized for any int year, though years are 4 digits) */
	char month_from[16], month_to[16];	/* kpi_session_months: [from, to) */
	char raw_from[24], raw_to[24];		/* sessions of asof's month: [from, to] */
	char first_from[24], first_to[24];	/* first sessions, start times: [from, to] */
	char day_from[16], day_to[16];		/* dated records: [from, to] */
};

/* One contribution to an indicator's figure. */
struct kpi_contrib {
	int ind;
	long long institution, district;	/* 0: not recorded */
	int month;				/* 1-12, 0 unknown */
	int has_value;
	double value;
	long long distinct;			/* count_venues: the place */
};

typedef void (*kpi_sink_fn)(void *ctx, const struct kpi_contrib *c);

/* Fills rg for y (y->year, y->asof). */
void kpi_range_of(const struct kpi_year *y, struct kpi_range *rg);
/* Loads y->courses and y->venues once. Returns 0 or -1. */
int kpi_courses_load(struct db *db, struct kpi_year *y);
/* The course with id, or NULL. */
struct kpi_course *kpi_course_get(const struct kpi_year *y, long long id);
/* The venue with id, or NULL (id 0: none). */
const struct kpi_venue *kpi_venue_get(const struct kpi_year *y, long long id);
/* True if indicator i of y takes course c held at a reading station or not
 * (its filter matches; the kind is the caller's business). */
int kpi_takes(const struct kpi_year *y, struct kpi_course *c, int station, size_t i);
/* All of kpi_takes' answers for c as bits, when y has at most 64
 * indicators. */
uint64_t kpi_takes_mask(const struct kpi_year *y, struct kpi_course *c, int station);
/* Forgets the cached kpi_takes answers (the indicator list changed). */
void kpi_takes_reset(struct kpi_year *y);
/* The subject a filter looks at for course c held (or first held) at a
 * reading station or not. */
void kpi_subject_of(const struct kpi_course *c, int station, struct kpi_subject *s);
/* True if indicator d's rule is usable and its kind reads the sessions
 * summary (sessions, attendance, venues). */
int kpi_reads_sessions(const struct kpi_indicator *d);
/* Calls sink for every contribution to the indicators whose want[i] is
 * set. Returns 0 or -1. */
int kpi_walk(struct db *db, struct kpi_year *y, const unsigned char *want, kpi_sink_fn sink,
	     void *ctx);

#endif
