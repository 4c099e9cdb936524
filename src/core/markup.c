/* markup — see markup.h. Two passes over each line: blocks (paragraph,
 * bulleted or numbered list) by the start of the line, then the marks
 * inside the line. Every byte of the text leaves through html_textn(). */
#include "core/markup.h"

#include <stdio.h>
#include <string.h>

enum block { B_NONE, B_PARA, B_UL, B_OL };

/* Marks that may not open again inside themselves. */
enum { NO_BOLD = 1, NO_EM = 2, NO_LINK = 4 };

#define LINK_SEARCH_MAX 2000	/* bytes searched for the end of [text](url) */

struct out {
	struct buf *b;
	int plain;		/* markup_plain: no tags, no escaping */
	unsigned dead;		/* marks known to have no closer in this line */
};

static void emit_text(struct out *o, const char *s, size_t n)
{
	if (o->plain)
		buf_append(o->b, s, n);
	else
		html_textn(o->b, s, n);
}

static void emit_tag(struct out *o, const char *tag)
{
	if (!o->plain)
		html_raw_unescaped(o->b, tag);
}

int markup_url_ok(const char *url, size_t n)
{
	size_t skip;
	if (n >= 8 && !strncmp(url, "https://", 8))
		skip = 8;
	else if (n >= 7 && !strncmp(url, "http://", 7))
		skip = 7;
	else if (n >= 7 && !strncmp(url, "mailto:", 7))
		skip = 7;
	else
		return 0;
	if (n == skip)
		return 0;
	if (url[skip] == '/' || url[skip] == '?' || url[skip] == '#' || url[skip] == '@')
		return 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c <= 0x20 || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
		    c == '\\' || c == '`')
			return 0;
	}
	return 1;
}

/* The length of a bare address starting at s (ASCII only: text in other
 * scripts often follows an address without a space), without trailing
 * punctuation; 0 if s does not start one. */
static size_t bare_url(const char *s, const char *e)
{
	size_t n = 0, max = (size_t)(e - s);
	if (!((max >= 8 && !strncmp(s, "https://", 8)) || (max >= 7 && !strncmp(s, "http://", 7))))
		return 0;
	while (n < max) {
		unsigned char c = (unsigned char)s[n];
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' ||
		    c == '\\' || c == '`' || c == '*' || c == '[' || c == ']')
			break;
		n++;
	}
	while (n && strchr(".,;:!?)", s[n - 1]))
		n--;
	return markup_url_ok(s, n) ? n : 0;
}

static void inline_run(struct out *o, const char *s, const char *e, unsigned no);

/* Writes a link to url (n bytes) around the text [ts, te). */
static void emit_link(struct out *o, const char *url, size_t n, const char *ts, const char *te,
		      unsigned no)
{
	if (o->plain) {
		inline_run(o, ts, te, no | NO_LINK);
		if ((size_t)(te - ts) != n || memcmp(ts, url, n)) {
			buf_puts(o->b, " (");
			buf_append(o->b, url, n);
			buf_puts(o->b, ")");
		}
		return;
	}
	html_raw_unescaped(o->b, "<a href=\"");
	html_textn(o->b, url, n);
	html_raw_unescaped(o->b, "\" rel=\"nofollow\">");
	inline_run(o, ts, te, no | NO_LINK);
	html_raw_unescaped(o->b, "</a>");
}

/* Finds "**" at or after p, before e. */
static const char *find_double(const char *p, const char *e)
{
	for (; p + 1 < e; p++)
		if (p[0] == '*' && p[1] == '*')
			return p;
	return NULL;
}

/* Tries the mark at *pp; on success writes it, advances *pp and returns 1. */
static int try_mark(struct out *o, const char **pp, const char *e, unsigned no)
{
	const char *p = *pp;
	if (p + 1 < e && p[0] == '*' && p[1] == '*') {
		if ((no & NO_BOLD) || (o->dead & NO_BOLD))
			return 0;
		const char *close = find_double(p + 2, e);
		if (!close) {
			o->dead |= NO_BOLD;
			return 0;
		}
		if (close == p + 2 || p[2] == ' ')
			return 0;
		emit_tag(o, "<strong>");
		inline_run(o, p + 2, close, no | NO_BOLD);
		emit_tag(o, "</strong>");
		*pp = close + 2;
		return 1;
	}
	if (p[0] == '*') {
		if ((no & NO_EM) || (o->dead & NO_EM))
			return 0;
		const char *close = p + 1;
		while (close < e && (*close != '*' || (close + 1 < e && close[1] == '*')))
			close += *close == '*' ? 2 : 1;
		if (close >= e) {
			o->dead |= NO_EM;
			return 0;
		}
		if (close == p + 1 || p[1] == ' ')
			return 0;
		emit_tag(o, "<em>");
		inline_run(o, p + 1, close, no | NO_EM);
		emit_tag(o, "</em>");
		*pp = close + 1;
		return 1;
	}
	if (p[0] == '[') {
		if ((no & NO_LINK) || (o->dead & NO_LINK))
			return 0;
		const char *mid = NULL, *lim = e - p > LINK_SEARCH_MAX ? p + LINK_SEARCH_MAX : e;
		for (const char *q = p + 1; q + 1 < lim; q++)
			if (q[0] == ']' && q[1] == '(') {
				mid = q;
				break;
			}
		if (!mid) {
			if (lim == e)
				o->dead |= NO_LINK;
			return 0;
		}
		const char *close = memchr(mid + 2, ')', (size_t)(e - (mid + 2)));
		if (!close || mid == p + 1 || !markup_url_ok(mid + 2, (size_t)(close - (mid + 2))))
			return 0;
		emit_link(o, mid + 2, (size_t)(close - (mid + 2)), p + 1, mid, no);
		*pp = close + 1;
		return 1;
	}
	if (p[0] == 'h' && !(no & NO_LINK)) {
		size_t n = bare_url(p, e);
		if (!n)
			return 0;
		emit_link(o, p, n, p, p + n, no);
		*pp = p + n;
		return 1;
	}
	return 0;
}

/* Writes the text [s, e) of one line with its marks. */
static void inline_run(struct out *o, const char *s, const char *e, unsigned no)
{
	const char *p = s, *lit = s;
	while (p < e) {
		if ((*p == '*' || *p == '[' || *p == 'h')) {
			const char *at = p;
			emit_text(o, lit, (size_t)(at - lit));
			if (try_mark(o, &p, e, no)) {
				lit = p;
				continue;
			}
			lit = at;
		}
		p++;
	}
	emit_text(o, lit, (size_t)(e - lit));
}

/* Recognises a list item at the start of line [s, e): sets *text to its
 * text and returns B_UL or B_OL (with *num for B_OL), else B_NONE. */
static enum block list_item(const char *s, const char *e, const char **text, long *num)
{
	const char *p = s;
	int indent = 0;
	while (p < e && *p == ' ' && indent < 3)
		p++, indent++;
	if (e - p >= 2 && (p[0] == '-' || p[0] == '*') && p[1] == ' ') {
		*text = p + 2;
		return B_UL;
	}
	const char *d = p;
	long v = 0;
	while (d < e && *d >= '0' && *d <= '9' && d - p < 6)
		v = v * 10 + (*d++ - '0');
	if (d > p && e - d >= 2 && (d[0] == '.' || d[0] == ')') && d[1] == ' ') {
		*text = d + 2;
		*num = v;
		return B_OL;
	}
	return B_NONE;
}

static void close_block(struct out *o, enum block *cur)
{
	switch (*cur) {
	case B_PARA: emit_tag(o, "</p>\n"); break;
	case B_UL: emit_tag(o, "</ul>\n"); break;
	case B_OL: emit_tag(o, "</ol>\n"); break;
	default: break;
	}
	if (o->plain && *cur != B_NONE)
		buf_puts(o->b, *cur == B_PARA ? "\n\n" : "\n");
	*cur = B_NONE;
}

static int render(struct buf *b, const char *src, int plain)
{
	struct out o = {b, plain, 0};
	enum block cur = B_NONE;
	const char *p = src ? src : "";
	while (*p) {
		size_t n = strcspn(p, "\r\n");
		const char *s = p, *e = p + n, *text = s;
		long num = 0;
		p = e;
		if (*p == '\r' && p[1] == '\n')
			p += 2;
		else if (*p)
			p++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == s) {
			close_block(&o, &cur);
			continue;
		}
		o.dead = 0;
		enum block kind = list_item(s, e, &text, &num);
		if (kind == B_NONE) {
			while (text < e && (*text == ' ' || *text == '\t'))
				text++;
			if (cur == B_PARA) {
				emit_tag(&o, "<br/>\n");
				if (plain)
					buf_puts(b, "\n");
			} else {
				close_block(&o, &cur);
				emit_tag(&o, "<p>");
				cur = B_PARA;
			}
			inline_run(&o, text, e, 0);
			continue;
		}
		if (cur != kind) {
			close_block(&o, &cur);
			if (kind == B_UL) {
				emit_tag(&o, "<ul>\n");
			} else if (!plain && num != 1) {
				char tag[48];
				snprintf(tag, sizeof tag, "<ol start=\"%ld\">\n", num);
				html_raw_unescaped(b, tag);
			} else {
				emit_tag(&o, "<ol>\n");
			}
			cur = kind;
		}
		if (plain) {
			if (kind == B_UL) {
				buf_puts(b, "・");
			} else {
				buf_printf(b, "%ld. ", num);
			}
		}
		emit_tag(&o, "<li>");
		inline_run(&o, text, e, 0);
		emit_tag(&o, "</li>\n");
		if (plain)
			buf_puts(b, "\n");
	}
	close_block(&o, &cur);
	return buf_failed(b) ? -1 : 0;
}

int markup_render(struct buf *b, const char *src)
{
	return render(b, src, 0);
}

int markup_plain(struct buf *b, const char *src)
{
	return render(b, src, 1);
}
