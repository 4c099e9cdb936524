/* rule — the measurement rule of a plan indicator, which is data: a kind
 * (what is counted or summed) and a filter (which records), stored in
 * plan_indicators.rule_kind and .rule_filter (JSON), with a sentence for
 * people in .rule_text. This module parses and checks a rule against the
 * city's reference codes and decides whether a course or a session falls
 * under it; src/kpi/kpi.c does the counting.
 *
 * Filter keys (all optional; an empty object {} takes everything the kind
 * counts):
 *   institution_types          ["senior_centre", …]  held by one of these types
 *   exclude_institution_types  ["supplementary_school"]  not by these types
 *   categories                 ["basic", …]           course category one of
 *   audiences                  ["family", …]          course audience includes one of
 *   reading_station            true                   at a community reading station
 *   programme                  4                      courses tagged with programme 4
 *                                                     count whatever the other keys say
 *   volunteer_trainings        true                   add the volunteer trainings
 *                                                     recorded in the back office
 *   meeting_kinds              ["liaison","workshop"] (meetings_count only)
 *   page_kinds                 ["home", …]            (page_views only)
 *
 * Course and session kinds: a course tagged with a programme counts only
 * for that programme's indicators. A course tagged with the filter's
 * programme counts; otherwise it must meet every other key given; a
 * filter with a programme and no other key takes only tagged courses. */
#ifndef LIFELONG_KPI_RULE_H
#define LIFELONG_KPI_RULE_H

#include <stdint.h>

#include "core/buf.h"

enum kpi_kind {
	KPI_MANUAL = 0,		/* a value entered in the back office */
	KPI_COUNT_SESSIONS,	/* sessions held */
	KPI_SUM_ATTENDANCE,	/* head counts of the sessions held, summed */
	KPI_COUNT_COURSES,	/* courses opened (first session in the year) */
	KPI_COUNT_VENUES,	/* distinct places with a session */
	KPI_SUM_REGISTRATIONS,	/* enrolled learners of the courses opened */
	KPI_GRANTS_COUNT,	/* grant applications sent */
	KPI_GRANTS_AMOUNT,	/* amount approved, in 萬元 (NT$10,000) */
	KPI_MEETINGS_COUNT,	/* meetings and workshops held */
	KPI_PAGE_VIEWS,		/* portal page views */
	KPI__KINDS
};

#define KPI_MAX_CODES 64	/* per reference list (types, categories, audiences) */
#define KPI_CODE_MAX 48		/* bytes of a code, with the NUL */
#define KPI_MAX_PAGE_KINDS 16

/* Meeting kinds, as in the meetings table's CHECK. */
enum { KPI_MEET_LIAISON = 1, KPI_MEET_WORKSHOP = 2, KPI_MEET_COMMITTEE = 4 };

/* The city's reference codes a filter may name, each with its bit. */
struct kpi_ref {
	int ntypes, ncats, nauds;
	long long type_id[KPI_MAX_CODES];	/* institution_types.id */
	char type_code[KPI_MAX_CODES][KPI_CODE_MAX];
	char cat_code[KPI_MAX_CODES][KPI_CODE_MAX];
	char aud_code[KPI_MAX_CODES][KPI_CODE_MAX];
};

/* A parsed filter; masks hold one bit per reference code (0 = no such
 * criterion). */
struct kpi_filter {
	uint64_t types, not_types, categories, audiences;
	int reading_station;		/* 1: only at community reading stations */
	int programme;			/* 0: none */
	int volunteer_trainings;
	unsigned meeting_kinds;		/* KPI_MEET_* bits; 0 = every kind */
	int npage_kinds;
	char page_kinds[KPI_MAX_PAGE_KINDS][KPI_CODE_MAX];
};

/* What the filter looks at in a course and where a session was held. */
struct kpi_subject {
	int type;		/* bit index of the institution's type, -1 unknown */
	int category;		/* bit index, -1 unknown */
	uint64_t audiences;	/* bits */
	int programme;		/* the course's programme tag, 0 = none */
	int reading_station;	/* the session (or first session) was at one */
};

/* The kind's name ("count_sessions"), or NULL for an invalid kind. */
const char *kpi_kind_name(enum kpi_kind kind);
/* Parses a kind name. Returns 0, or -1 when it is not one. */
int kpi_kind_parse(const char *name, enum kpi_kind *out);
/* True for the kinds counted from courses and sessions. */
int kpi_kind_uses_courses(enum kpi_kind kind);
/* True for the kinds whose value is a sum of head counts or money, where
 * "no data" means no recorded figure (counts: no record). */
int kpi_kind_is_sum(enum kpi_kind kind);

/* Index of code in list (n entries), or -1. */
int kpi_ref_find(const char list[][KPI_CODE_MAX], int n, const char *code);
/* The bit index of an institution type id, or -1. */
int kpi_ref_type_of(const struct kpi_ref *ref, long long type_id);

/* Parses and checks the filter JSON text for kind against ref: known keys
 * only, keys that apply to the kind, known codes. programme must equal
 * indicator_programme when given. Returns 0 and *out, or -1 with a message
 * for people appended to err (names the key and what it accepts). */
int kpi_filter_parse(const struct kpi_ref *ref, enum kpi_kind kind, int indicator_programme,
		     const char *json, struct kpi_filter *out, struct buf *err);

/* True if a course (and session place) s counts under filter f for an
 * indicator of programme indicator_programme (see the top of this file);
 * programme 0 makes a city-wide figure that every course can count in. */
int kpi_filter_match(const struct kpi_filter *f, int indicator_programme,
		     const struct kpi_subject *s);
/* True if the filter's criteria look at where a session was held. */
int kpi_filter_uses_place(const struct kpi_filter *f);
/* True if page_kind is counted by f (every kind when none is listed). */
int kpi_filter_page_kind(const struct kpi_filter *f, const char *page_kind);
/* The KPI_MEET_* bit of a meeting kind name, or 0. */
unsigned kpi_meeting_kind(const char *kind);

#endif
