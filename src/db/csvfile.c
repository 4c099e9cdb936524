#include "db/csvfile.h"

#include <csv.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* State shared with the libcsv callbacks while one text is parsed. The
 * text is fed to libcsv one physical line at a time, so the line a row
 * starts on is the line being fed when the parser was last idle. */
struct pctx {
	struct buf text, offs, rows;
	int cur_line;		/* line being fed */
	int start_line;		/* line where the unfinished row began */
	int open;		/* libcsv holds part of an unfinished row */
	int in_row;		/* a field of the current row has been stored */
	int row_line, row_nfields, row_nonempty;
	size_t row_first, row_text;
};

/* Returns 1 for the ASCII whitespace that fields are trimmed of. */
static int is_blank(int c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/* libcsv field callback: stores the trimmed field. */
static void on_field(void *field, size_t len, void *data)
{
	struct pctx *c = data;
	const char *s = field ? field : "";
	if (!c->in_row) {
		c->in_row = 1;
		c->row_line = c->start_line;
		c->row_nfields = 0;
		c->row_nonempty = 0;
		c->row_first = c->offs.len / sizeof(size_t);
		c->row_text = c->text.len;
	}
	while (len && is_blank((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && is_blank((unsigned char)s[len - 1]))
		len--;
	size_t o = c->text.len;
	buf_append(&c->offs, &o, sizeof o);
	buf_append(&c->text, s, len);
	buf_append(&c->text, "", 1);
	c->row_nfields++;
	c->row_nonempty |= len > 0;
}

/* libcsv end-of-row callback: keeps the row unless all its fields are empty. */
static void on_row(int term, void *data)
{
	struct pctx *c = data;
	(void)term;
	if (c->in_row && c->row_nonempty) {
		struct csvrow r = {c->row_line, c->row_nfields, c->row_first};
		buf_append(&c->rows, &r, sizeof r);
	} else if (c->in_row && !c->offs.failed && !c->text.failed) {
		c->offs.len = c->row_first * sizeof(size_t);
		c->text.len = c->row_text;
	}
	c->in_row = 0;
	c->open = 0;
	c->start_line = c->cur_line; /* a CR-terminated row may follow on this line */
}

/* Returns 1 if s[0..n) holds only whitespace. */
static int blank_line(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_blank((unsigned char)s[i]))
			return 0;
	return 1;
}

int csvfile_parse(struct csvfile *f, const char *data, size_t n, struct buf *err)
{
	struct csv_parser p;
	struct pctx c = {.text = BUF_INIT, .offs = BUF_INIT, .rows = BUF_INIT};
	int rc = -1, line = 1;
	size_t pos = 0;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	if (n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		pos = 3;
	for (; pos < n; line++) {
		const char *nl = memchr(data + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (data + pos)) + 1 : n - pos;
		c.cur_line = line;
		if (c.open || !blank_line(data + pos, len)) {
			if (!c.open) {
				c.open = 1;
				c.start_line = line;
			}
			if (csv_parse(&p, data + pos, len, on_field, on_row, &c) != len) {
				if (csv_error(&p) != CSV_EPARSE)
					goto out;
				buf_printf(err, "line %d: the CSV quoting is malformed: a field "
					   "holding a '\"' must be wholly in quotes, with each "
					   "'\"' inside written twice\n", line);
				rc = 1;
				goto out;
			}
		}
		pos += len;
	}
	c.cur_line = line;
	if (csv_fini(&p, on_field, on_row, &c) != 0) {
		buf_printf(err, "line %d: a quoted field is not closed (a '\"' is missing)\n",
			   c.start_line);
		rc = 1;
		goto out;
	}
	if (c.text.failed || c.offs.failed || c.rows.failed)
		goto out;
	f->nrows = c.rows.len / sizeof(struct csvrow);
	f->text = buf_detach(&c.text, NULL);
	f->off = (size_t *)(void *)buf_detach(&c.offs, NULL);
	f->rows = (struct csvrow *)(void *)buf_detach(&c.rows, NULL);
	rc = (f->text && f->off && f->rows) || f->nrows == 0 ? 0 : -1;
out:
	csv_free(&p);
	buf_free(&c.text);
	buf_free(&c.offs);
	buf_free(&c.rows);
	if (rc != 0)
		csvfile_free(f);
	return rc;
}

int csvfile_slurp(const char *path, char **data, size_t *n)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t got;
	int rc = -1;
	FILE *fp = fopen(path, "rb");
	*data = NULL;
	*n = 0;
	if (!fp)
		return -1;
	while ((got = fread(chunk, 1, sizeof chunk, fp)) > 0)
		buf_append(&b, chunk, got);
	if (ferror(fp)) {
		errno = EIO;
		goto out;
	}
	if (buf_failed(&b)) {
		errno = ENOMEM;
		goto out;
	}
	buf_cstr(&b);
	*data = buf_detach(&b, n);
	rc = *data ? 0 : -1;
out:
	fclose(fp);
	buf_free(&b);
	return rc;
}

int csvfile_header(const struct csvfile *f, const char *const *names, int n,
		   int allow_unknown, int *idx, struct buf *err)
{
	int problems = 0;
	if (f->nrows == 0) {
		buf_printf(err, "line 1: header: the file is empty (a header line is needed)\n");
		return -1;
	}
	int line = f->rows[0].line, width = f->rows[0].nfields;
	for (int i = 0; i < n; i++)
		idx[i] = -1;
	for (int col = 0; col < width; col++) {
		const char *h = csvfile_get(f, 0, col);
		int known = 0;
		for (int i = 0; i < n && !known; i++) {
			if (strcasecmp(h, names[i]) != 0)
				continue;
			known = 1;
			if (idx[i] >= 0) {
				buf_printf(err, "line %d: header: column '%s' appears twice\n",
					   line, names[i]);
				problems++;
			} else {
				idx[i] = col;
			}
		}
		if (!known && !allow_unknown) {
			buf_printf(err, "line %d: header: unknown column '%s'\n", line, h);
			problems++;
		}
	}
	for (int i = 0; i < n; i++) {
		if (idx[i] < 0) {
			buf_printf(err, "line %d: header: missing column '%s'\n", line, names[i]);
			problems++;
		}
	}
	return problems;
}

const char *csvfile_get(const struct csvfile *f, size_t row, int col)
{
	if (row >= f->nrows || col < 0 || col >= f->rows[row].nfields)
		return "";
	return f->text + f->off[f->rows[row].first + (size_t)col];
}

int csvfile_line(const struct csvfile *f, size_t row)
{
	return row < f->nrows ? f->rows[row].line : 0;
}

int csvfile_width(const struct csvfile *f, size_t row)
{
	int w = row < f->nrows ? f->rows[row].nfields : 0;
	while (w > 0 && csvfile_get(f, row, w - 1)[0] == '\0')
		w--;
	return w;
}

void csvfile_free(struct csvfile *f)
{
	free(f->text);
	free(f->off);
	free(f->rows);
	f->text = NULL;
	f->off = NULL;
	f->rows = NULL;
	f->nrows = 0;
}
