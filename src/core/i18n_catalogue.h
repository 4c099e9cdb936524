/* i18n_catalogue — the shape of the compiled message catalogues.
 * tools/po2c reads po/LANG.po with the GNU gettext PO library and writes
 * build/gen/messages.c, which defines one struct i18n_catalogue per
 * translated language (i18n_cat_en, i18n_cat_vi, i18n_cat_id, i18n_cat_th).
 * Only src/core/i18n.c reads them; everything else calls i18n_get(). */
#ifndef LIFELONG_CORE_I18N_CATALOGUE_H
#define LIFELONG_CORE_I18N_CATALOGUE_H

#include <stddef.h>

/* One translated message. key is the msgid, or msgctxt "\004" msgid for a
 * message with a context (gettext's convention). str is the translation;
 * for a message with a plural, forms[0..nplurals-1] are the translations
 * and str == forms[0]. */
struct i18n_msg {
	const char *key;
	const char *str;
	const char *const *forms;	/* NULL unless the message has a plural */
};

struct i18n_catalogue {
	const char *code;		/* BCP 47 code, as i18n_code() */
	const struct i18n_msg *msgs;	/* sorted by strcmp() of key */
	size_t count;
	unsigned nplurals;		/* from the Plural-Forms header */
	/* the Plural-Forms expression: index of the form for the number n */
	unsigned long (*plural)(unsigned long n);
};

extern const struct i18n_catalogue i18n_cat_en, i18n_cat_vi, i18n_cat_id, i18n_cat_th;

#endif
