/* highlight — showing why a course matched: the places in a text that the
 * keyword matches, found with the search's own tokenizer (so a highlight
 * is exactly a match: 台 marks 臺, "tieng" marks "Tiếng"), wrapped in
 * <mark>. */
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "search/search.h"
#include "search/tokenize.h"

struct term {
	char t[TOK_TERM_MAX];
	int n;
};

struct terms {
	struct term *v;
	int n, cap;
	int failed;
};

/* One position of a document: its term and the pair term at the same
 * position (CJK), each with its byte range. */
struct dpos {
	struct term main, pair;
	int start, end, pstart, pend, has_pair;
};

struct doc {
	struct dpos *v;
	int n, cap, failed;
};

static int add_query_term(void *ctx, int flags, const char *t, int n, int start, int end)
{
	(void)flags, (void)start, (void)end;
	struct terms *ts = ctx;
	if (ts->n == ts->cap) {
		int cap = ts->cap ? ts->cap * 2 : 16;
		struct term *p = realloc(ts->v, (size_t)cap * sizeof *p);
		if (!p) {
			ts->failed = 1;
			return 1;
		}
		ts->v = p;
		ts->cap = cap;
	}
	memcpy(ts->v[ts->n].t, t, (size_t)n);
	ts->v[ts->n++].n = n;
	return 0;
}

static int add_doc_term(void *ctx, int flags, const char *t, int n, int start, int end)
{
	struct doc *d = ctx;
	if (flags & TOK_COLOCATED) {
		if (d->n) {
			struct dpos *p = &d->v[d->n - 1];
			memcpy(p->pair.t, t, (size_t)n);
			p->pair.n = n;
			p->pstart = start;
			p->pend = end;
			p->has_pair = 1;
		}
		return 0;
	}
	if (d->n == d->cap) {
		int cap = d->cap ? d->cap * 2 : 64;
		struct dpos *p = realloc(d->v, (size_t)cap * sizeof *p);
		if (!p) {
			d->failed = 1;
			return 1;
		}
		d->v = p;
		d->cap = cap;
	}
	struct dpos *p = &d->v[d->n++];
	memcpy(p->main.t, t, (size_t)n);
	p->main.n = n;
	p->start = start;
	p->end = end;
	p->has_pair = 0;
	return 0;
}

static int same(const struct term *a, const struct term *b)
{
	return a->n == b->n && !memcmp(a->t, b->t, (size_t)a->n);
}

/* Marks in mark[] the bytes of text matched by the phrase ts[0..n). */
static int mark_phrase(const struct doc *d, const struct term *ts, int n, unsigned char *mark)
{
	int found = 0;
	for (int p = 0; p + n <= d->n; p++) {
		int start = -1, end = -1, j;
		for (j = 0; j < n; j++) {
			const struct dpos *x = &d->v[p + j];
			if (same(&x->main, &ts[j])) {
				if (j == 0)
					start = x->start;
				end = x->end;
			} else if (x->has_pair && same(&x->pair, &ts[j])) {
				if (j == 0)
					start = x->pstart;
				end = x->pend;
			} else {
				break;
			}
		}
		if (j == n && start >= 0 && end > start) {
			memset(mark + start, 1, (size_t)(end - start));
			found = 1;
		}
	}
	return found;
}

/* Fills mark[0..len) with 1 for every byte of text that q matches.
 * Returns the number of phrases that matched, or -1 on failure. */
static int find_marks(const char *text, int len, const char *q, unsigned char *mark)
{
	struct doc d = {NULL, 0, 0, 0};
	int found = 0, qlen = (int)strlen(q);
	memset(mark, 0, (size_t)len);
	tok_run(text, len, TOK_DOCUMENT, add_doc_term, &d);
	for (int32_t i = 0; i < qlen && !d.failed;) {
		/* one whitespace-separated piece of q is one phrase */
		while (i < qlen) {
			int32_t at = i;
			UChar32 c;
			U8_NEXT(q, i, qlen, c);
			if (c >= 0 && !u_isUWhiteSpace(c)) {
				i = at;
				break;
			}
		}
		int32_t start = i;
		while (i < qlen) {
			int32_t at = i;
			UChar32 c;
			U8_NEXT(q, i, qlen, c);
			if (c < 0 || u_isUWhiteSpace(c)) {
				i = at;
				break;
			}
		}
		if (i == start) {
			if (i < qlen)
				i++;
			continue;
		}
		struct terms ts = {NULL, 0, 0, 0};
		tok_run(q + start, i - start, TOK_QUERY, add_query_term, &ts);
		if (!ts.failed && ts.n)
			found += mark_phrase(&d, ts.v, ts.n, mark);
		free(ts.v);
	}
	free(d.v);
	return d.failed ? -1 : found;
}

/* Appends text[from..to) escaped, with marked runs in <mark>. */
static int emit_marked(struct buf *b, const char *text, const unsigned char *mark,
		       int from, int to)
{
	int marks = 0;
	for (int i = from; i < to;) {
		int j = i;
		while (j < to && mark[j] == mark[i])
			j++;
		if (mark[i]) {
			html_raw_unescaped(b, "<mark>");
			marks++;
		}
		html_textn(b, text + i, (size_t)(j - i));
		if (mark[i])
			html_raw_unescaped(b, "</mark>");
		i = j;
	}
	return marks;
}

int search_highlight_html(struct buf *b, const char *text, const char *q)
{
	int len = text ? (int)strlen(text) : 0, marks = 0;
	if (!len)
		return 0;
	unsigned char *mark = q && *q ? malloc((size_t)len) : NULL;
	if (!mark || find_marks(text, len, q, mark) <= 0) {
		html_text(b, text);
		free(mark);
		return 0;
	}
	marks = emit_marked(b, text, mark, 0, len);
	free(mark);
	return marks;
}

/* Moves from byte i back (dir < 0) or forward by up to n characters. */
static int step_chars(const char *text, int len, int i, int n, int dir)
{
	while (n-- > 0) {
		if (dir < 0 && i > 0)
			U8_BACK_1((const uint8_t *)text, 0, i);
		else if (dir > 0 && i < len)
			U8_FWD_1((const uint8_t *)text, i, len);
		else
			break;
	}
	return i;
}

int search_snippet_html(struct buf *b, const char *text, const char *q, int max_chars)
{
	int len = text ? (int)strlen(text) : 0, marks = 0;
	if (!len || !q || !*q)
		return 0;
	unsigned char *mark = malloc((size_t)len);
	if (!mark)
		return 0;
	if (find_marks(text, len, q, mark) > 0) {
		int first = 0;
		while (first < len && !mark[first])
			first++;
		int from = step_chars(text, len, first, max_chars / 3, -1);
		int to = step_chars(text, len, from, max_chars, 1);
		if (from > 0)
			html_raw_unescaped(b, "…");
		marks = emit_marked(b, text, mark, from, to);
		if (to < len)
			html_raw_unescaped(b, "…");
	}
	free(mark);
	return marks;
}
