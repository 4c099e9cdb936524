/* table — a rectangular data set (named, typed columns; rows of text
 * cells) and its open-data encodings: CSV (libcsv's writer; UTF-8 with a
 * byte-order mark so that spreadsheet programs read it right), JSON
 * (jansson; an array of objects with typed values) and ODS (an OpenDocument
 * spreadsheet: libxml2's xmlTextWriter inside a zip made with libzip).
 *
 * A cell is text as the database gives it, or NULL for "unknown". */
#ifndef LIFELONG_CORE_TABLE_H
#define LIFELONG_CORE_TABLE_H

#include <jansson.h>
#include <stddef.h>

#include "core/buf.h"

enum col_kind {
	COL_TEXT,
	COL_INT,	/* whole number */
	COL_REAL,	/* decimal number */
	COL_BOOL,	/* "0" false, anything else true */
};

struct table_col {
	const char *name;
	enum col_kind kind;
};

struct table {
	const struct table_col *cols;	/* not owned */
	size_t ncols;
	char **cells;			/* row-major; owned strings or NULL */
	size_t ncells, cap;
	int failed;			/* memory ran out; sticky */
};

/* Starts an empty table with the given columns (kept by reference). */
void table_init(struct table *t, const struct table_col *cols, size_t ncols);
/* Appends the next cell, filling rows left to right (value is copied; NULL
 * is an empty cell). Returns 0, or -1 when memory ran out (sticky). */
int table_add(struct table *t, const char *value);
/* The number of complete rows. */
size_t table_rows(const struct table *t);
/* The cell at row, col (NULL when empty). */
const char *table_cell(const struct table *t, size_t row, size_t col);
/* Frees every cell; the table is empty and reusable. */
void table_free(struct table *t);

/* Appends the table as CSV to out: a UTF-8 byte-order mark, the header row
 * of column names, then one CRLF-terminated row per row; every field quoted
 * by libcsv. Returns 0 or -1. */
int table_csv(const struct table *t, struct buf *out);
/* Returns a new JSON array with one object per row (column name -> value:
 * integer, real, boolean or string as the column's kind; null for an empty
 * cell), or NULL when memory ran out. The caller owns the reference. */
json_t *table_json(const struct table *t);
/* Appends the table as an OpenDocument spreadsheet (.ods, a zip) holding
 * one sheet named sheet, with the column names as a bold header row. Returns
 * 0 or -1. */
int table_ods(const struct table *t, const char *sheet, struct buf *out);

#endif
