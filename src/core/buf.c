#include "core/buf.h"

#include <stdint.h>
#include <sys/types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

int buf_failed(const struct buf *b)
{
	return b->failed;
}

/* Makes room for n more bytes plus a NUL. Returns 0 or -1 (sets failed). */
static int buf_reserve(struct buf *b, size_t n)
{
	if (b->failed)
		return -1;
	if (n > SIZE_MAX / 2 - b->len) {
		b->failed = 1;
		return -1;
	}
	size_t need = b->len + n + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < need)
		cap *= 2;
	char *p = realloc(b->data, cap);
	if (!p) {
		b->failed = 1;
		return -1;
	}
	b->data = p;
	b->cap = cap;
	return 0;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
	if (buf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int buf_puts(struct buf *b, const char *s)
{
	return s ? buf_append(b, s, strlen(s)) : 0;
}

int buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	char small[256];
	int n = vsnprintf(small, sizeof small, fmt, cp);
	va_end(cp);
	if (n < 0) {
		b->failed = 1;
		return -1;
	}
	if ((size_t)n < sizeof small)
		return buf_append(b, small, (size_t)n);
	if (buf_reserve(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *buf_cstr(struct buf *b)
{
	if (!b->data && buf_reserve(b, 0) < 0)
		return "";
	b->data[b->len] = '\0';
	return b->data;
}

char *buf_detach(struct buf *b, size_t *len)
{
	if (b->failed) {
		buf_free(b);
		return NULL;
	}
	buf_cstr(b);
	char *p = b->data;
	if (len)
		*len = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

int html_textn(struct buf *b, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *ent;
		switch (s[i]) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		buf_append(b, s + start, i - start);
		buf_puts(b, ent);
		start = i + 1;
	}
	buf_append(b, s + start, n - start);
	return b->failed ? -1 : 0;
}

int html_text(struct buf *b, const char *s)
{
	return s ? html_textn(b, s, strlen(s)) : 0;
}

int html_raw_unescaped(struct buf *b, const char *s)
{
	return buf_puts(b, s);
}

int html_url_param(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' ||
		    *p == '_' || *p == '~') {
			buf_append(b, p, 1);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_append(b, e, 3);
		}
	}
	return b->failed ? -1 : 0;
}

/* Formats one numeric conversion spec[] (already complete, e.g. "%05ld")
 * with the next argument of the type implied by len/conv. */
static void fmt_number(struct buf *b, const char *spec, const char *len,
		       char conv, va_list *ap)
{
	int sgn = (conv == 'd' || conv == 'i');
	if (conv == 'f') {
		buf_printf(b, spec, va_arg(*ap, double));
	} else if (!strcmp(len, "ll")) {
		if (sgn)
			buf_printf(b, spec, va_arg(*ap, long long));
		else
			buf_printf(b, spec, va_arg(*ap, unsigned long long));
	} else if (!strcmp(len, "l")) {
		if (sgn)
			buf_printf(b, spec, va_arg(*ap, long));
		else
			buf_printf(b, spec, va_arg(*ap, unsigned long));
	} else if (!strcmp(len, "z")) {
		if (sgn)
			buf_printf(b, spec, va_arg(*ap, ssize_t));
		else
			buf_printf(b, spec, va_arg(*ap, size_t));
	} else {
		if (sgn)
			buf_printf(b, spec, va_arg(*ap, int));
		else
			buf_printf(b, spec, va_arg(*ap, unsigned));
	}
}

int html_fmt(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			break;
		}
		buf_append(b, p, (size_t)(pct - p));
		const char *q = pct + 1;
		if (*q == '%') {
			buf_append(b, "%", 1);
			p = q + 1;
			continue;
		}
		q += strspn(q, "-+ #0");
		q += strspn(q, "0123456789");
		int star = 0;
		if (*q == '.') {
			q++;
			if (*q == '*') {
				star = 1;
				q++;
			}
			q += strspn(q, "0123456789");
		}
		char len[3] = "";
		if (q[0] == 'l' && q[1] == 'l') {
			strcpy(len, "ll");
			q += 2;
		} else if (*q == 'l' || *q == 'z') {
			len[0] = *q++;
		}
		char conv = *q;
		char spec[32];
		size_t sl = (size_t)(q - pct) + 1;
		if (sl >= sizeof spec || !strchr("diufs", conv) ||
		    (conv == 's' && len[0]) || (star && conv != 's'))
			abort(); /* unsupported conversion: a programming error */
		memcpy(spec, pct, sl);
		spec[sl] = '\0';
		if (conv == 's') {
			int prec = star ? va_arg(ap, int) : -1;
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "";
			size_t n = strlen(s);
			if (prec >= 0 && (size_t)prec < n)
				n = (size_t)prec;
			html_textn(b, s, n);
		} else {
			fmt_number(b, spec, len, conv, &ap);
		}
		p = q + 1;
	}
	va_end(ap);
	return b->failed ? -1 : 0;
}
