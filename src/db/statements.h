/* statements — the catalogue of every SQL statement the program runs.
 * Handlers name a statement by its id; the text lives in statements.c.
 * tests/unit/test_statements.c prepares each one against the schema. */
#ifndef LIFELONG_DB_STATEMENTS_H
#define LIFELONG_DB_STATEMENTS_H

enum stmt_id {
	ST_PING,
	/* seed and reference data */
	ST_META_SET,
	ST_META_GET,
	ST_DISTRICT_INSERT,
	ST_DISTRICT_SET_BOUNDARY,
	ST_DISTRICT_BY_NAME,
	ST_DISTRICTS_LIST,
	ST_DISTRICTS_COUNT,
	ST_TYPE_INSERT,
	ST_TYPE_BY_CODE,
	ST_TYPES_LIST,
	ST_CATEGORY_EXISTS,
	ST_AUDIENCE_EXISTS,
	ST_PLAN_INSERT,
	ST_GOAL_INSERT,
	ST_PROGRAMME_INSERT,
	ST_INDICATOR_INSERT,
	ST_TARGET_INSERT,
	ST_GOAL_ID,
	ST_PROGRAMME_ID,
	/* institutions, venues */
	ST_INSTITUTION_UPSERT,
	ST_INSTITUTION_BY_NAME,
	ST_INSTITUTIONS_LIST,
	ST_FEED_INSERT,
	ST_VENUE_FIND,
	ST_VENUE_INSERT,
	ST_VENUE_UPSERT_PUBLIC,
	ST_VENUE_CLEAR_DEMO,
	/* courses, sessions */
	ST_COURSE_UPSERT,
	ST_COURSE_AUDIENCES_CLEAR,
	ST_COURSE_AUDIENCE_ADD,
	ST_SESSION_UPSERT,
	ST_COURSES_COUNT,
	ST_COURSES_PAGE,
	/* demo data */
	ST_DEMO_DELETE_COURSES,
	ST_DEMO_DELETE_VENUES,
	ST_DEMO_DELETE_INSTITUTIONS,
	ST_DEMO_COUNT,
	ST_DATA_COUNTS,
	ST_SEED_COUNTS,
	ST_COURSE_SUMMARY,
	/* plan (read) */
	ST_PLAN_CURRENT,
	ST_PLAN_GOALS,
	ST_PLAN_PROGRAMMES,
	ST_PLAN_INDICATORS,
	/* home page */
	ST_HOME_DISTRICTS,
	ST_HOME_TYPES,
	/* visit counting */
	ST_PAGE_VIEWS_ADD,
	ST_PAGE_VIEWS_TOTAL,
	ST__COUNT
};

/* The SQL text of a statement; never NULL for a valid id. */
const char *stmt_sql(enum stmt_id id);
/* A short name for logs ("ST_PING"). */
const char *stmt_name(enum stmt_id id);

#endif
