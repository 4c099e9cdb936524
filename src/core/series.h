/* series — the dates of a course's sessions from a repeat rule ("every
 * Tuesday and Thursday from 2026-03-03, 19:00 for two hours, 12 times"),
 * and the calendar arithmetic they need. Times are local wall-clock text
 * "YYYY-MM-DD HH:MM" (Taipei has no daylight saving), computed with the
 * proleptic Gregorian calendar in whole days: no time zone is involved. */
#ifndef LIFELONG_CORE_SERIES_H
#define LIFELONG_CORE_SERIES_H

#define SERIES_MAX 200		/* sessions one rule may make */
#define SERIES_SPAN_DAYS 1100	/* the until date is at most ~3 years ahead */
#define SERIES_DURATION_MAX (24 * 60)

/* A repeat rule. Weeks start on Monday; with an interval of 2, sessions
 * fall in the week of the first date, the week two weeks later, and so
 * on. A rule needs count or until (both: whichever ends first). */
struct series_rule {
	const char *first;	/* "YYYY-MM-DD": the first possible date */
	unsigned weekdays;	/* bit 0 Sunday … bit 6 Saturday; 0: the first date's */
	int interval;		/* 1 weekly, 2 every other week */
	int count;		/* sessions to make, 0: until decides */
	const char *until;	/* "YYYY-MM-DD" last possible date, NULL or "": count decides */
	const char *time;	/* "HH:MM" start */
	int duration;		/* minutes, 1 .. SERIES_DURATION_MAX */
};

struct series_session {
	char starts_at[17];	/* "YYYY-MM-DD HH:MM" */
	char ends_at[17];
};

/* What is wrong with a rule (series_dates returns -1 and sets it). */
enum series_error {
	SERIES_OK = 0,
	SERIES_BAD_FIRST,	/* first is not a real date */
	SERIES_BAD_UNTIL,	/* until is not a real date, or before first */
	SERIES_BAD_TIME,	/* time is not HH:MM */
	SERIES_BAD_DURATION,
	SERIES_BAD_INTERVAL,
	SERIES_NO_END,		/* neither count nor until */
	SERIES_TOO_MANY,	/* count > SERIES_MAX, or until too far ahead */
	SERIES_EMPTY,		/* the rule makes no session at all */
};

/* Fills out[0..max) with the sessions of rule, in time order. Returns
 * their number, or -1 with *err set (err may be NULL). The rule is
 * refused (SERIES_TOO_MANY) rather than cut when it would make more than
 * min(max, SERIES_MAX) sessions. */
int series_dates(const struct series_rule *rule, struct series_session *out, int max,
		 enum series_error *err);

/* Days since 1970-01-01 of a real date "YYYY-MM-DD…"; returns 0 and *days,
 * or -1 if the text does not start with a real date. */
int series_days(const char *iso, long *days);
/* Writes the date of days (since 1970-01-01) as "YYYY-MM-DD" into out. */
void series_date(long days, char out[11]);
/* Weekday of days: 0 Sunday … 6 Saturday. */
int series_weekday(long days);
/* Parses "HH:MM" (00:00 to 23:59) into minutes after midnight; 0 or -1. */
int series_minutes(const char *hhmm, int *minutes);
/* Moves a "YYYY-MM-DD HH:MM" time by whole days into out. Returns 0, or
 * -1 if it is not such a time. */
int series_shift(const char *at, long days, char out[17]);
/* The time minutes after a "YYYY-MM-DD HH:MM" time into out; 0 or -1. */
int series_add_minutes(const char *at, long minutes, char out[17]);
/* Minutes from a to b (both "YYYY-MM-DD HH:MM"); 0 and *out, or -1. */
int series_diff_minutes(const char *a, const char *b, long *out);

#endif
