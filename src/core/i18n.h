/* i18n — the interface languages. UI text is written in zh-Hant in the
 * source (the msgid) and translated through GNU gettext .po catalogues in
 * po/, compiled into the binary at build time. Content (course titles,
 * descriptions) stays in the language it was written in. */
#ifndef LIFELONG_CORE_I18N_H
#define LIFELONG_CORE_I18N_H

enum lang { LANG_ZH_HANT = 0, LANG_EN, LANG_VI, LANG_ID, LANG_TH, LANG__COUNT };

/* The BCP 47 codes in enum order, NULL-terminated (a P_ENUM choice list). */
extern const char *const i18n_codes[LANG__COUNT + 1];
/* BCP 47 code of a language: "zh-Hant", "en", "vi", "id", "th". */
const char *i18n_code(enum lang l);
/* The language's own name, for the language switch ("Tiếng Việt"). */
const char *i18n_native_name(enum lang l);
/* Parses a code as above (case-insensitive). Returns 0 or -1. */
int i18n_parse(const char *code, enum lang *out);
/* Picks the best language for an Accept-Language header value; zh-Hant
 * when nothing matches or the header is NULL. */
enum lang i18n_negotiate(const char *accept_language);
/* The translation of msgid into l, or msgid itself when there is none
 * (zh-Hant, or a message the catalogue lacks). Binary search in tables
 * compiled from po/LANG.po at build time: no files, no locale, no state,
 * safe from any thread. The result lives as long as the program. */
const char *i18n_get(enum lang l, const char *msgid) __attribute__((format_arg(2)));
/* As i18n_get for a message with a context (msgctxt), for a short msgid
 * that means different things in different places. */
const char *i18n_pget(enum lang l, const char *ctxt, const char *msgid)
	__attribute__((format_arg(3)));
/* The form of a message with a plural for the number n: l's Plural-Forms
 * rule picks the translation; without one, msgid when n == 1, else
 * msgid_plural (as ngettext). */
const char *i18n_nget(enum lang l, const char *msgid, const char *msgid_plural,
		      unsigned long n) __attribute__((format_arg(2), format_arg(3)));

struct buf;
/* Appends the translation of msgid into l to b, formatted with the
 * arguments (printf conversions; positional %1$s allowed in translations).
 * For text built outside a request, such as e-mails in the reader's
 * language; mark the msgid with N_() so `make pot` finds it. */
void i18n_append(struct buf *b, enum lang l, const char *msgid, ...)
	__attribute__((format(printf, 3, 4)));

/* Marks a literal for extraction into po/lifelong.pot (`make pot`) where
 * it is not translated on the spot: in static tables, or text a function
 * hands back for its caller to pass to tr(). NC_ does the same for a
 * message with a context (translated with trp/i18n_pget). */
#ifndef N_
#define N_(msgid) (msgid)
#define NC_(ctxt, msgid) (msgid)
#endif

#endif
