/* search — finding courses: the filters a citizen can set (keyword, what,
 * for whom, where, when, cost, format, language…), their validation from a
 * request, running them (keyword through SQLite FTS5 with the project's own
 * CJK/Vietnamese-aware tokenizer, facets in one pass over a per-connection
 * in-memory table of course attributes), and writing them back as a URL
 * query string.
 *
 * Every page that lists courses "with the same filters as search" (the
 * search page and API, the calendar, .ics feeds, CSV/JSON downloads, the
 * map) uses this interface:
 *
 *     static const struct param_spec my_params[] = {
 *             SEARCH_PARAM_SPECS,                  // must come first
 *             {"month", P_TEXT, 0, 7, NULL, 0},    // the route's own fields
 *             {NULL, 0, 0, 0, NULL, 0},
 *     };
 *     …
 *     struct search_query sq;
 *     struct search_result res;
 *     int st = search_query_from_request(r, r->in, &sq);
 *     if (st)
 *             return st;                 // 400 already set, names the values
 *     if (search_run(r->db, r->now, &sq, &res) < 0)
 *             return req_fail(r, 500, "search failed");
 *     … res.total, res.facets[SF_DISTRICT], res.items[i].course_id …
 *     search_result_free(&res);
 *
 * A struct search_query is plain data (no pointers): copy it, change a
 * field and call search_query_append_url() to make "remove this filter",
 * "next page" or "only 仁愛區" links.
 *
 * Semantics. A course is found when it is published, passes every course
 * filter (category, audience, institution, type, fee, format, language,
 * childcare, seats) and has at least one session, not cancelled, inside the
 * time window that passes every session filter (district of the session,
 * weekday, time of day, weekend). The window is [from 00:00, to 23:59] when
 * from/to are given, else from now on; starts_within limits its end to
 * today + N days. Values of one field are alternatives (district=仁愛區 and
 * district=信義區: either); different fields must all hold. */
#ifndef LIFELONG_SEARCH_SEARCH_H
#define LIFELONG_SEARCH_SEARCH_H

#include "core/buf.h"
#include "http/params.h"

struct db;
struct request;

/* Limits. */
#define SEARCH_Q_MAX_CHARS 200		/* keyword text, in code points */
#define SEARCH_Q_MAX_BYTES (4 * SEARCH_Q_MAX_CHARS)
#define SEARCH_MAX_VALUES 16		/* values of one repeated field */
#define SEARCH_CODE_MAX 64		/* bytes of a district name, type code… */
#define SEARCH_LANG_MAX 36		/* bytes of a BCP 47 tag */
#define SEARCH_PER_PAGE_DEFAULT 20
#define SEARCH_PER_PAGE_MAX 100

/* The fields of a search request, in the order of SEARCH_PARAM_SPECS (so
 * in[SQ_DISTRICT] is the district field when the route's table starts with
 * SEARCH_PARAM_SPECS). */
enum search_field {
	SQ_Q,			/* text, at most 200 characters */
	SQ_CATEGORY,		/* category code (table categories); repeatable */
	SQ_AUDIENCE,		/* audience code (table audiences); repeatable */
	SQ_INSTITUTION_TYPE,	/* institution type code (data); repeatable */
	SQ_DISTRICT,		/* district name_zh, e.g. 仁愛區 (data); repeatable */
	SQ_INSTITUTION,		/* institution id */
	SQ_WEEKDAY,		/* 1 (Monday) .. 7 (Sunday); repeatable */
	SQ_TIME,		/* morning | afternoon | evening; repeatable */
	SQ_WEEKEND,		/* yes: a session on Saturday or Sunday */
	SQ_FEE_MAX,		/* NT$, 0 = free only */
	SQ_FORMAT,		/* in_person | online | blended; repeatable */
	SQ_LANGUAGE,		/* BCP 47 tag of the teaching language; repeatable */
	SQ_CHILDCARE,		/* yes: childcare offered */
	SQ_AVAILABLE,		/* yes: free places left (or no limit) */
	SQ_STARTS_WITHIN,	/* 7 | 30 | 90 days */
	SQ_FROM,		/* YYYY-MM-DD, first day of the window */
	SQ_TO,			/* YYYY-MM-DD, last day of the window */
	SQ_SORT,		/* soonest (default) | relevance | newest */
	SQ_PAGE,		/* 1.., clamped */
	SQ_PER_PAGE,		/* 1..100, clamped, default 20 */
	SQ__COUNT
};

/* Choice lists (NULL-terminated) used by the specs below. */
extern const char *const search_category_codes[];	/* basic, language, … */
extern const char *const search_audience_codes[];	/* all, senior, … */
extern const char *const search_time_codes[];		/* morning, afternoon, evening */
extern const char *const search_format_codes[];		/* in_person, online, blended */
extern const char *const search_within_codes[];		/* "7", "30", "90" */
extern const char *const search_sort_codes[];		/* soonest, relevance, newest */

/* The field specs as initializers, to put first in a route's own table. */
#define SEARCH_PARAM_SPECS \
	{"q", P_TEXT, 0, SEARCH_Q_MAX_CHARS, NULL, 0}, \
	{"category", P_ENUM, 0, 0, search_category_codes, -1}, \
	{"audience", P_ENUM, 0, 0, search_audience_codes, -1}, \
	{"institution_type", P_TEXT, 0, SEARCH_CODE_MAX, NULL, 0}, \
	{"district", P_TEXT, 0, SEARCH_CODE_MAX, NULL, 0}, \
	{"institution", P_INT, 1, 1000000000000LL, NULL, 0}, \
	{"weekday", P_INT, 1, 7, NULL, 0}, \
	{"time", P_ENUM, 0, 0, search_time_codes, -1}, \
	{"weekend", P_BOOL, 0, 0, NULL, 0}, \
	{"fee_max", P_INT, 0, 1000000, NULL, -1}, \
	{"format", P_ENUM, 0, 0, search_format_codes, -1}, \
	{"language", P_TEXT, 0, SEARCH_LANG_MAX - 1, NULL, 0}, \
	{"childcare", P_BOOL, 0, 0, NULL, 0}, \
	{"available", P_BOOL, 0, 0, NULL, 0}, \
	{"starts_within", P_ENUM, 0, 0, search_within_codes, -1}, \
	{"from", P_TEXT, 0, 10, NULL, 0}, \
	{"to", P_TEXT, 0, 10, NULL, 0}, \
	{"sort", P_ENUM, 0, 0, search_sort_codes, 0}, \
	{"page", P_INT_CLAMP, 1, 1000000, NULL, 1}, \
	{"per_page", P_INT_CLAMP, 1, SEARCH_PER_PAGE_MAX, NULL, SEARCH_PER_PAGE_DEFAULT}

/* The same, NULL-terminated: a route whose fields are exactly these. */
extern const struct param_spec search_params[];

enum search_time_bits { SEARCH_MORNING = 1, SEARCH_AFTERNOON = 2, SEARCH_EVENING = 4 };
enum search_sort { SEARCH_SORT_SOONEST = 0, SEARCH_SORT_RELEVANCE, SEARCH_SORT_NEWEST };

/* Every filter. 0 / "" / empty means "any". Plain data: copy freely. */
struct search_query {
	char q[SEARCH_Q_MAX_BYTES + 1];	/* keyword text as typed (NFC) */
	unsigned categories;		/* bit i: search_category_codes[i] */
	unsigned audiences;		/* bit i: search_audience_codes[i] */
	int n_types;			/* institution type codes */
	char types[SEARCH_MAX_VALUES][SEARCH_CODE_MAX];
	int n_districts;		/* district names (name_zh) */
	char districts[SEARCH_MAX_VALUES][SEARCH_CODE_MAX];
	long long institution_id;	/* 0 = any */
	unsigned weekdays;		/* bit d-1 for weekday d (1 Mon .. 7 Sun) */
	unsigned times;			/* enum search_time_bits; morning < 12:00,
					 * afternoon 12:00-17:59, evening from 18:00 */
	int weekend;			/* 1: only sessions on Saturday/Sunday */
	long long fee_max;		/* -1 = any; 0 = free */
	unsigned formats;		/* bit i: search_format_codes[i] */
	int n_languages;
	char languages[SEARCH_MAX_VALUES][SEARCH_LANG_MAX];
	int childcare;			/* 1: only courses offering childcare */
	int available;			/* 1: only courses with places left */
	int starts_within;		/* days (7, 30, 90), 0 = any */
	char from[11], to[11];		/* "YYYY-MM-DD" or "" */
	enum search_sort sort;
	long long page, per_page;	/* page >= 1; per_page 1..100 */
	int unpaged;			/* 1: items holds every match, in order
					 * (downloads, feeds, the map); page and
					 * per_page are then ignored */
};

/* Facets: for each field, every value with the number of courses the search
 * would find with that value chosen, all OTHER fields applied as they are. */
enum search_facet_id {
	SF_CATEGORY, SF_AUDIENCE, SF_INSTITUTION_TYPE, SF_DISTRICT, SF_WEEKDAY,
	SF_TIME, SF_WEEKEND, SF_FEE, SF_FORMAT, SF_LANGUAGE, SF_CHILDCARE,
	SF_AVAILABLE, SF_STARTS_WITHIN, SF__COUNT
};

struct search_facet_value {
	const char *value;	/* as in the URL: "arts", "仁愛區", "3", "yes" */
	const char *label;	/* zh-Hant display name ("藝術與手作") */
	const char *label_en;	/* English display name, or NULL */
	long long count;
	int selected;		/* the query has this value */
};

struct search_facet {
	const char *field;	/* the parameter name: "category", "fee_max"… */
	int translatable;	/* 1: labels are zh-Hant interface text (weekday,
				 * time…): show tr(r, label); 0: labels are data
				 * (category, district… names): show as they are */
	int n;
	struct search_facet_value *values;	/* in display order */
};

/* One found course. Strings stay valid until search_result_free(). */
struct search_item {
	long long course_id;
	const char *title;
	const char *institution;	/* name_zh */
	long long institution_id;
	const char *district;		/* of the next matching session, else the
					 * institution's; NULL if unknown */
	const char *category;		/* code */
	unsigned audiences;		/* bit i: search_audience_codes[i] */
	long long fee_twd;
	const char *format;		/* code */
	const char *language;		/* BCP 47 */
	int childcare;
	long long seats_left;		/* -1 = no limit given */
	char next_session[17];		/* "YYYY-MM-DD HH:MM": the first session
					 * in the window that passes the filters */
	double score;			/* relevance (higher first) when q given */
};

struct search_result {
	long long total;		/* courses found */
	long long page, per_page;	/* as used (per_page = n when unpaged) */
	struct search_facet facets[SF__COUNT];
	int n_items;
	struct search_item *items;
	long long elapsed_us;		/* time spent in search_run */
	void *priv;			/* keeps the strings alive */
};

/* Sets q to "everything": no filters, sort soonest, page 1, 20 per page. */
void search_query_init(struct search_query *q);

/* Fills q from the validated fields in[0..SQ__COUNT) (laid out as
 * SEARCH_PARAM_SPECS) and the repeated values of the repeatable fields in
 * r's query string, and checks the data-dependent ones (district, type,
 * institution) against r->db. Returns 0, or 400 after req_fail() with a
 * message naming the field and its allowed values (500 if the database
 * failed). */
int search_query_from_request(struct request *r, const struct param_value *in,
			      struct search_query *q);

/* Reads q from a query string qs as search_query_append_url() writes it
 * ("district=%E4%BB%81%E6%84%9B%E5%8D%80&weekend=yes"), with exactly the
 * checks of a request to /search (search_query_from_request). For work
 * outside a request (a saved search run again later). Returns 0; -1 when
 * qs is not a valid search (what is wrong appended to err); -2 when the
 * database failed. */
int search_query_parse(struct db *db, const char *qs, struct search_query *q, struct buf *err);

/* The title of facet f for people ("學習類別"): a zh-Hant message id, to
 * translate with tr() or i18n_get(). */
const char *search_facet_title(enum search_facet_id f);

/* Runs q against db (the caller's connection; the in-memory course table
 * is kept per connection and rebuilt when the data changed). now is the
 * local wall clock "YYYY-MM-DD HH:MM". Fills *res (free with
 * search_result_free, also after a failure). Returns 0 or -1 (logged). */
int search_run(struct db *db, const char *now, const struct search_query *q,
	       struct search_result *res);
void search_result_free(struct search_result *res);

/* Appends q as URL query fields "name=value" joined by sep ("&" for URLs
 * in JSON or headers, "&amp;" inside HTML attributes), percent-encoded
 * (also HTML-safe). Fields at their default are left out, and so are the
 * fields whose bit (1u << SQ_x) is set in omit. Appends nothing for an
 * empty query. Returns the number of fields written. */
int search_query_append_url(const struct search_query *q, struct buf *b,
			    const char *sep, unsigned omit);

/* True (1) if a session starting at starts_at ("YYYY-MM-DD HH:MM") in
 * district (name_zh, or NULL) passes the session filters of q (window,
 * weekday, time, weekend, district) at now. For pages that list sessions
 * (the calendar) after search_run() found the courses. */
int search_session_matches(const struct search_query *q, const char *now,
			   const char *starts_at, const char *district);

/* Keyword matching for display: appends text HTML-escaped with every
 * place that the keyword text q matches (by the search's own rules:
 * CJK substrings, 台/臺, case and accents ignored, plurals) wrapped in
 * <mark>…</mark>. Returns the number of marks (0: appended plain). */
int search_highlight_html(struct buf *b, const char *text, const char *q);
/* As search_highlight_html, for an excerpt of about max_chars characters
 * of text around its first match ("…" where cut). Appends nothing and
 * returns 0 when q does not match text. */
int search_snippet_html(struct buf *b, const char *text, const char *q, int max_chars);

/* A per-connection cache of rendered search output (a page's results
 * section, an API reply), dropped whenever the data change. key must name
 * everything the output depends on besides the data: the kind of output,
 * the interface language, the minute (r->now) and the query in canonical
 * form (search_query_append_url with omit 0). search_cache_get appends
 * the cached bytes to out and returns 1, or returns 0 (nothing appended)
 * on a miss or a database failure. search_cache_put stores a copy of
 * data[0..len) (entries over 256 KiB are not kept; the least recently used
 * entry makes room). */
int search_cache_get(struct db *db, const char *key, struct buf *out);
void search_cache_put(struct db *db, const char *key, const char *data, size_t len);

#endif
