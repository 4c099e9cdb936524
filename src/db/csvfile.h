/* csvfile — a whole CSV file in memory as rows of trimmed fields, each row
 * with the physical line number (1-based) where it starts. Parsing is done
 * by libcsv (RFC 4180 quoting, strict); this module only adds line numbers,
 * trimming and storage. Used by the CSV import and the city seed. */
#ifndef LIFELONG_DB_CSVFILE_H
#define LIFELONG_DB_CSVFILE_H

#include <stddef.h>

#include "core/buf.h"

struct csvrow {
	int line;	/* physical line where the row starts */
	int nfields;
	size_t first;	/* index of its first field in csvfile.off */
};

struct csvfile {
	char *text;		/* every field, NUL-terminated, back to back */
	size_t *off;		/* field start offsets into text */
	struct csvrow *rows;	/* rows[0] is the header */
	size_t nrows;		/* including the header */
};

#define CSVFILE_INIT {NULL, NULL, NULL, 0}

/* Parses n bytes of UTF-8 text (a leading BOM is skipped). Fields are
 * trimmed of surrounding whitespace; rows whose fields are all empty and
 * blank lines are dropped. Needs f initialised with CSVFILE_INIT.
 * Returns 0; 1 when the text is not well-formed CSV ("line N: …\n" appended
 * to err, f empty); -1 when memory ran out. Free f with csvfile_free()
 * in every case. */
int csvfile_parse(struct csvfile *f, const char *data, size_t n, struct buf *err);

/* Reads the whole file at path into *data (malloc'd, NUL-terminated; the
 * caller frees) and *n. Returns 0, or -1 with errno set. */
int csvfile_slurp(const char *path, char **data, size_t *n);

/* Maps the header (row 0) to the wanted column names: idx[i] receives the
 * column of names[i]. Names compare ASCII case-insensitively. Appends
 * "line N: header: …\n" to err for each missing wanted name, for each
 * repeated column and, unless allow_unknown, for each unknown column.
 * Returns the number of problems (0 = usable), or -1 for a file with no
 * header at all (also reported). */
int csvfile_header(const struct csvfile *f, const char *const *names, int n,
		   int allow_unknown, int *idx, struct buf *err);

/* Field col of row (row 0 = header); "" for a column the row lacks or for
 * col < 0. The string lives as long as f. */
const char *csvfile_get(const struct csvfile *f, size_t row, int col);
/* The physical line where row starts. */
int csvfile_line(const struct csvfile *f, size_t row);
/* Number of fields of row, not counting trailing empty ones. */
int csvfile_width(const struct csvfile *f, size_t row);

/* Releases the memory; f is empty (CSVFILE_INIT) afterwards. */
void csvfile_free(struct csvfile *f);

#endif
