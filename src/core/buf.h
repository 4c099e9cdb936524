/* buf — the one growable byte buffer, and HTML output that escapes by default.
 *
 * A reply is built whole in a struct buf and sent once. Allocation failure
 * is sticky: after it every append is a no-op and buf_failed() is true, so
 * callers check once at the end instead of after every call.
 *
 * HTML: html_fmt() and html_text() escape every string argument (& < > " ').
 * The only way to emit unescaped markup from data is html_raw_unescaped(),
 * whose long name is meant to be grepped for in review. */
#ifndef LIFELONG_CORE_BUF_H
#define LIFELONG_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;	/* NUL-terminated when len > 0 or after buf_cstr() */
	size_t len;
	size_t cap;
	int failed;	/* set on allocation failure; sticky */
};

#define BUF_INIT {NULL, 0, 0, 0}

/* Releases the memory; the buffer is empty and reusable afterwards. */
void buf_free(struct buf *b);
/* Empties the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Appends n bytes. Returns 0, or -1 when memory ran out (sticky). */
int buf_append(struct buf *b, const void *p, size_t n);
/* Appends a NUL-terminated string, unescaped. Not for HTML bodies. */
int buf_puts(struct buf *b, const char *s);
/* printf into the buffer, unescaped (for plain text, headers, logs). */
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Returns the contents as a C string ("" when empty); owned by the buffer. */
const char *buf_cstr(struct buf *b);
/* Hands the allocation to the caller (free() it); the buffer becomes empty.
 * Returns NULL if the buffer failed. *len receives the length. */
char *buf_detach(struct buf *b, size_t *len);
/* True once an allocation has failed. */
int buf_failed(const struct buf *b);

/* Appends s with & < > " ' replaced by entities: safe in element text and
 * in quoted attribute values. NULL appends nothing. */
int html_text(struct buf *b, const char *s);
/* Appends n bytes of s, escaped as html_text(). */
int html_textn(struct buf *b, const char *s, size_t n);
/* Formats like printf, but every %s argument is HTML-escaped. The format
 * string itself is trusted markup and must be a literal. Supports the
 * conversions d i u ld lu lld llu zu zd f (with flags, width, precision)
 * s, .*s and %%; anything else is a programming error and aborts. */
int html_fmt(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s percent-encoded for a URL query component (RFC 3986
 * unreserved characters kept); the result is also HTML-safe. */
int html_url_param(struct buf *b, const char *s);
/* Appends trusted markup as is. Only for markup the program itself made. */
int html_raw_unescaped(struct buf *b, const char *s);

#endif
