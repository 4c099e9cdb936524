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

/* Releases the error text. NULL is ignored. */
void import_result_free(struct import_result *r);

#endif
