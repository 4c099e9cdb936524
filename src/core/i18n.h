/* i18n — the interface languages. UI text is written in zh-Hant in the
 * source (the msgid) and translated through GNU gettext .po catalogues in
 * po/, compiled into the binary at build time. Content (course titles,
 * descriptions) stays in the language it was written in. */
#ifndef LIFELONG_CORE_I18N_H
#define LIFELONG_CORE_I18N_H

enum lang { LANG_ZH_HANT = 0, LANG_EN, LANG_VI, LANG_ID, LANG_TH, LANG__COUNT };

/* BCP 47 code of a language: "zh-Hant", "en", "vi", "id", "th". */
const char *i18n_code(enum lang l);
/* The language's own name, for the language switch ("Tiếng Việt"). */
const char *i18n_native_name(enum lang l);
/* Parses a code as above (case-insensitive). Returns 0 or -1. */
int i18n_parse(const char *code, enum lang *out);
/* Picks the best language for an Accept-Language header value; zh-Hant
 * when nothing matches or the header is NULL. */
enum lang i18n_negotiate(const char *accept_language);
/* The translation of msgid into l, or msgid itself when there is none.
 * The result lives as long as the program. */
const char *i18n_get(enum lang l, const char *msgid);

#endif
