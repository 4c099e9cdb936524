#include "core/i18n.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const codes[LANG__COUNT] = {"zh-Hant", "en", "vi", "id", "th"};
static const char *const names[LANG__COUNT] = {"中文", "English", "Tiếng Việt",
					       "Bahasa Indonesia", "ภาษาไทย"};

const char *i18n_code(enum lang l)
{
	return (unsigned)l < LANG__COUNT ? codes[l] : codes[0];
}

const char *i18n_native_name(enum lang l)
{
	return (unsigned)l < LANG__COUNT ? names[l] : names[0];
}

int i18n_parse(const char *code, enum lang *out)
{
	for (int i = 0; code && i < LANG__COUNT; i++) {
		if (!strcasecmp(code, codes[i])) {
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
		if (!strcasecmp(tag, codes[i]))
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

const char *i18n_get(enum lang l, const char *msgid)
{
	(void)l;
	return msgid;
}
