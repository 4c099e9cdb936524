/* import — CSV import of institutions and of course sessions (the formats
 * are described in docs/import.md). A file is checked whole first and then
 * written in one transaction: all or nothing. */
#ifndef LIFELONG_DB_IMPORT_H
#define LIFELONG_DB_IMPORT_H

#include <stddef.h>

#include "core/buf.h"

struct db;

enum import_kind { IMPORT_INSTITUTIONS, IMPORT_SESSIONS };

struct import_result {
	int rows;		/* data rows read (blank lines not counted) */
	int institutions;	/* institutions written; for sessions, the
				 * distinct institutions the file refers to */
	int courses;		/* distinct courses written */
	int sessions;		/* sessions written */
	struct buf errors;	/* "line N: column: what is wrong\n" per problem */
};

/* Parses data (n bytes: UTF-8 with or without a BOM, or Big5/CP950; the
 * encoding is detected) and writes it in ONE transaction. is_demo != 0
 * marks every created institution, course and venue as demo data (a real
 * import clears the mark of a demo row it updates; a demo import never
 * marks a real row). result needs no initialisation; import_csv() fills it
 * and the caller frees it with import_result_free() in every case.
 * Returns 0 when written; 1 when the file had errors (nothing written,
 * result->errors lists every problem of every row); -1 on a database or
 * memory failure (rolled back, logged on stderr). */
int import_csv(struct db *db, enum import_kind kind, const char *data, size_t n,
	       int is_demo, struct import_result *result);

/* What import_csv_with() may do besides import_csv(). */
struct import_options {
	int is_demo;		/* as import_csv()'s is_demo */
	int dry_run;		/* check the whole file, write nothing: the result
				 * counts what would be written (a preview) */
	/* Non-NULL: the name of the one institution whose rows the file may
	 * hold (an institution's own staff). Any other row is an error
	 * ("institution" or "name" column), and an institutions file may not
	 * change its type or district (administrators do that). */
	const char *only_institution;
	/* Called inside the write transaction, after the rows and before the
	 * commit (e.g. to add an audit record); a non-zero return rolls the
	 * import back and import_csv_with() returns -1. May be NULL. */
	int (*before_commit)(void *ctx, const struct import_result *result);
	void *ctx;
};

/* As import_csv(), with options (NULL: all off). Returns 0 when written
 * (or, for a dry run, when it would be), 1 when the file had errors, -1 on
 * a database or memory failure or a refusing before_commit. */
int import_csv_with(struct db *db, enum import_kind kind, const char *data, size_t n,
		    const struct import_options *opt, struct import_result *result);

/* Calls fn for each of the first max rows of data (the header is row 0),
 * read as import_csv() reads it (encoding, CSV, trimming): the physical
 * line, the fields and their count. For showing a file before importing
 * it. Returns 0, 1 when the file cannot be read (why appended to err), or
 * -1 when memory ran out. */
typedef void (*import_row_fn)(void *ctx, int line, const char *const *fields, int nfields);
int import_head(const char *data, size_t n, int max, import_row_fn fn, void *ctx,
		struct buf *err);

/* Releases the error text. NULL is ignored. */
void import_result_free(struct import_result *r);

#endif
