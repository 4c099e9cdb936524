/* import_check — internals shared by the two CSV import kinds (import.c,
 * import_sessions.c): field checks, cached look-ups and error reporting.
 * The field checks are also used by the seed (seed.c). Not for use outside
 * src/db. */
#ifndef LIFELONG_DB_IMPORT_CHECK_H
#define LIFELONG_DB_IMPORT_CHECK_H

#include <search.h>
#include <stddef.h>

#include "db/csvfile.h"
#include "db/db.h"
#include "db/import.h"

/* A string-keyed hash map (glibc hsearch_r) of long long values. Keys are
 * either borrowed (they must outlive the map) or copied and owned. */
struct smap {
	struct hsearch_data h;
	size_t n, cap;		/* keys held, most allowed (half the table) */
	char **owned;
	size_t nowned, capowned;
};

/* Creates a map for up to cap keys. Returns 0 or -1 (out of memory). */
int smap_init(struct smap *m, size_t cap);
/* Returns 1 and *val if key is present, else 0. */
int smap_get(struct smap *m, const char *key, long long *val);
/* Adds key (copied when copy != 0) with val; an existing key keeps its
 * value. Returns 0, or -1 when the map is full or memory ran out. */
int smap_put(struct smap *m, const char *key, long long val, int copy);
/* Releases the map and its owned keys. Safe on a zeroed map. */
void smap_free(struct smap *m);

/* One import run: the parsed file, its column map and reference caches. */
struct imp {
	struct db *db;
	struct csvfile csv;
	int col[20];		/* column of each field, by the kind's enum */
	int is_demo;
	const struct import_options *opt;	/* never NULL */
	struct import_result *res;
	int nerr;		/* problems reported so far */
	struct smap lookups;	/* "<stmt id>:<text>" -> id, or 0 when absent */
};

/* Appends "line N: column: <message>\n" to the result's errors. */
void imp_err(struct imp *im, int line, const char *column, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Reports a row whose field count differs from the header's (trailing
 * empty fields are allowed). Returns 0 when the width is right, else -1. */
int imp_check_width(struct imp *im, size_t row);
/* s, or NULL when s is empty: for binding optional text. */
const char *imp_nz(const char *s);
/* Copies at most ~60 bytes of s into out (cut on a character boundary,
 * "…" appended when cut) for quoting in messages; returns out. */
const char *imp_clip(const char *s, char out[static 80]);
/* The field of row for column c of the kind's enum ("" when absent). */
const char *imp_get(const struct imp *im, size_t row, int c);

/* Looks key up with statement st (one text parameter, id in column 0),
 * cached per run. Returns 1 and *id when found, 0 when not, -1 on a
 * database failure. */
int imp_lookup(struct imp *im, enum stmt_id st, const char *key, long long *id);

/* Field checks: each returns 0 when s is acceptable, else -1. */
/* A whole number 0..max of decimal digits; *out receives it. */
int chk_count(const char *s, long long max, long long *out);
/* A finite decimal number within lo..hi; *out receives it. */
int chk_number(const char *s, double lo, double hi, double *out);
/* An absolute http:// or https:// URL with a host (parsed by libcurl). */
int chk_url(const char *s);
/* "YYYY-MM-DD HH:MM", a real calendar date and time of day. */
int chk_datetime(const char *s);
/* A well-formed BCP 47 language tag with a 2-3 letter primary subtag. */
int chk_language(const char *s);

/* Runs the sessions kind: validates every row of im->csv (errors into
 * im->res), then writes in one transaction. Returns as import_csv(). */
int import_sessions_run(struct imp *im);
/* Commits the import's transaction after the options' before_commit;
 * rolls back on any failure. Returns 0 or -1. */
int imp_commit(struct imp *im);

#endif
