/* lang — writing interface text and dates in the request's language:
 * escaped translations (formatted or not, with plural forms) and dates.
 * The catalogues themselves are src/core/i18n.c; the language switch is in
 * the page header (layout.c) and /prefs (info.c). */
#include <stdarg.h>
#include <string.h>

#include "pages/pages.h"

void html_tr(struct request *r, const char *msgid)
{
	html_text(&r->out, tr(r, msgid));
}

/* Formats fmt with ap into a scratch buffer and appends it escaped. */
static void append_formatted(struct request *r, const char *fmt, va_list ap)
{
	struct buf tmp = BUF_INIT;
	buf_vprintf(&tmp, fmt, ap);
	if (buf_failed(&tmp))
		r->out.failed = 1;
	else
		html_text(&r->out, buf_cstr(&tmp));
	buf_free(&tmp);
}

void html_trf(struct request *r, const char *msgid, ...)
{
	va_list ap;
	va_start(ap, msgid);
	append_formatted(r, tr(r, msgid), ap);
	va_end(ap);
}

void html_trnf(struct request *r, const char *msgid, const char *msgid_plural,
	       unsigned long n, ...)
{
	va_list ap;
	va_start(ap, n);
	append_formatted(r, trn(r, msgid, msgid_plural, n), ap);
	va_end(ap);
}

void page_date(struct request *r, const char *iso, unsigned flags)
{
	date_html_lang(&r->out, r->lang, iso, flags);
}

/* Appends text escaped, with "%%" written as "%". */
static void text_unpercent(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%' && i + 1 < n && s[i + 1] == '%')
			i++;
		html_textn(b, s + i, 1);
	}
}

void html_count(struct request *r, const char *msgid, const char *msgid_plural, long long n)
{
	struct buf *b = &r->out;
	const char *f = trn(r, msgid, msgid_plural, n < 0 ? 0 : (unsigned long)n);
	/* find the one conversion: '%', optional "N$", flags/width, length, d/i/u */
	const char *p = f;
	while ((p = strchr(p, '%')) && p[1] == '%')
		p += 2;
	const char *end = p ? p + 1 + strspn(p + 1, "0123456789$-+ #'lhjzt") : NULL;
	if (!end || !*end || !strchr("diu", *end)) {
		html_text(b, f);	/* a broken translation shows as is, never crashes */
		return;
	}
	text_unpercent(b, f, (size_t)(p - f));
	html_fmt(b, "<span class=\"num\">%lld</span>", n);
	text_unpercent(b, end + 1, strlen(end + 1));
}
