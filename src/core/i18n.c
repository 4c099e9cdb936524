#include "core/i18n.h"
#include "core/i18n_catalogue.h"

#include <stdarg.h>

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/buf.h"

const char *const i18n_codes[LANG__COUNT + 1] = {"zh-Hant", "en", "vi", "id", "th", NULL};
static const char *const names[LANG__COUNT] = {"中文", "English", "Tiếng Việt",
					       "Bahasa Indonesia", "ภาษาไทย"};

const char *i18n_code(enum lang l)
{
	return (unsigned)l < LANG__COUNT ? i18n_codes[l] : i18n_codes[0];
}

const char *i18n_native_name(enum lang l)
{
	return (unsigned)l < LANG__COUNT ? names[l] : names[0];
}

int i18n_parse(const char *code, enum lang *out)
{
	for (int i = 0; code && i < LANG__COUNT; i++) {
		if (!strcasecmp(code, i18n_codes[i])) {
			*out = (enum lang)i;
			return 0;
		}
	}
	return -1;
}

/* Maps one language range of Accept-Language to a language, or -1. */
static int match_range(const char *range, size_t n)
{
	char tag[32];
	if (n == 0 || n >= sizeof tag)
		return -1;
	memcpy(tag, range, n);
	tag[n] = '\0';
	/* Any Chinese variant is served in zh-Hant, the only Chinese offered. */
	if (!strncasecmp(tag, "zh", 2) && (n == 2 || tag[2] == '-'))
		return LANG_ZH_HANT;
	char *dash = strchr(tag, '-');
	if (dash)
		*dash = '\0';
	for (int i = 1; i < LANG__COUNT; i++)
		if (!strcasecmp(tag, i18n_codes[i]))
			return i;
	/* "in" is the old code for Indonesian */
	if (!strcasecmp(tag, "in"))
		return LANG_ID;
	return -1;
}

enum lang i18n_negotiate(const char *h)
{
	int best = LANG_ZH_HANT;
	double best_q = 0.0;
	while (h && *h) {
		h += strspn(h, " ,");
		size_t n = strcspn(h, ";, ");
		int l = match_range(h, n);
		double q = 1.0;
		const char *end = h + strcspn(h, ",");
		const char *qp = strstr(h, ";q=");
		if (qp && qp < end)
			q = strtod(qp + 3, NULL);
		if (l >= 0 && q > best_q) {
			best = l;
			best_q = q;
		}
		h = end;
	}
	return (enum lang)best;
}

/* The compiled catalogue of each language; zh-Hant is the source text. */
static const struct i18n_catalogue *const catalogues[LANG__COUNT] = {
	NULL, &i18n_cat_en, &i18n_cat_vi, &i18n_cat_id, &i18n_cat_th,
};

/* Compares the key ctxt "\004" id (or id alone when ctxt is NULL) with a
 * catalogue key, as strcmp() would compare the joined strings. */
static int key_cmp(const char *ctxt, const char *id, const char *key)
{
	const unsigned char *k = (const unsigned char *)key;
	if (ctxt) {
		for (const unsigned char *c = (const unsigned char *)ctxt; *c; c++, k++)
			if (*c != *k)
				return *c < *k ? -1 : 1;
		if (*k != '\004')
			return '\004' < *k ? -1 : 1;
		k++;
	}
	return strcmp(id, (const char *)k);
}

/* Binary search of l's catalogue; NULL when the message is not translated. */
static const struct i18n_msg *lookup(enum lang l, const char *ctxt, const char *id)
{
	const struct i18n_catalogue *c = (unsigned)l < LANG__COUNT ? catalogues[l] : NULL;
	if (!c || !id)
		return NULL;
	size_t lo = 0, hi = c->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int cmp = key_cmp(ctxt, id, c->msgs[mid].key);
		if (cmp == 0)
			return &c->msgs[mid];
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

const char *i18n_get(enum lang l, const char *msgid)
{
	const struct i18n_msg *m = lookup(l, NULL, msgid);
	return m ? m->str : msgid;
}

const char *i18n_pget(enum lang l, const char *ctxt, const char *msgid)
{
	const struct i18n_msg *m = lookup(l, ctxt, msgid);
	return m ? m->str : msgid;
}

const char *i18n_nget(enum lang l, const char *msgid, const char *msgid_plural,
		      unsigned long n)
{
	const struct i18n_msg *m = lookup(l, NULL, msgid);
	if (!m)
		return n == 1 ? msgid : msgid_plural;
	if (!m->forms)
		return m->str;
	const struct i18n_catalogue *c = catalogues[l];
	unsigned long i = c->plural(n);
	return m->forms[i < c->nplurals ? i : 0];
}

void i18n_append(struct buf *b, enum lang l, const char *msgid, ...)
{
	va_list ap;
	va_start(ap, msgid);
	buf_vprintf(b, i18n_get(l, msgid), ap);
	va_end(ap);
}
