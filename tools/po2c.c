/* po2c — compile GNU gettext catalogues into C tables.
 * Usage: po2c po/en.po po/vi.po … > messages.c
 *
 * Each file is read with the GNU gettext PO library (libgettextpo), checked
 * as `msgfmt --check` would check it (format strings, plural forms,
 * header), and written as one `struct i18n_catalogue i18n_cat_LANG` (see
 * src/core/i18n_catalogue.h) whose messages are sorted by key for binary
 * search. LANG is the file's base name and must equal the header's
 * Language field. Untranslated and fuzzy messages are left out (the
 * program then shows the zh-Hant msgid). Every translation must be valid
 * UTF-8 in Unicode Normalization Form C. A msgid that holds a printf
 * conversion is checked as a C format even when xgettext did not mark it
 * (a translation that changes the conversions would crash the program).
 * The Plural-Forms expression is
 * C syntax and becomes a C function after its characters are checked.
 * Exits 1, writing nothing useful, when any file has an error. */
#include <ctype.h>
#include <gettext-po.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#define MAX_FORMS 6

struct entry {
	char *key;
	const char *forms[MAX_FORMS];
	unsigned nforms;	/* 0: no plural, str is forms[0] */
};

static int errors;
static const char *current_file;

static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void report(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "po2c: %s: ", current_file);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	errors++;
}

/* libgettextpo's handlers: errors are counted, warnings printed. A fatal
 * error must not return. */
static void xerror(int severity, po_message_t message, const char *filename, size_t lineno,
		   size_t column, int multiline_p, const char *text)
{
	(void)message;
	(void)column;
	(void)multiline_p;
	if (filename && lineno != (size_t)-1)
		fprintf(stderr, "%s:%zu: ", filename, lineno);
	else
		fprintf(stderr, "%s: ", current_file);
	size_t len = strlen(text);
	while (len && text[len - 1] == '\n')
		len--;
	fprintf(stderr, "%s%.*s\n", severity == PO_SEVERITY_WARNING ? "warning: " : "", (int)len,
		text);
	if (severity != PO_SEVERITY_WARNING)
		errors++;
	if (severity == PO_SEVERITY_FATAL_ERROR)
		exit(1);
}

static void xerror2(int severity, po_message_t m1, const char *f1, size_t l1, size_t c1,
		    int ml1, const char *t1, po_message_t m2, const char *f2, size_t l2,
		    size_t c2, int ml2, const char *t2)
{
	xerror(severity == PO_SEVERITY_FATAL_ERROR ? PO_SEVERITY_ERROR : severity, m1, f1, l1,
	       c1, ml1, t1);
	xerror(severity, m2, f2, l2, c2, ml2, t2);
}

static const struct po_xerror_handler handler = {xerror, xerror2};

/* True if s is valid UTF-8 already in Normalization Form C (ICU). */
static int utf8_nfc(const char *s)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0;
	u_strFromUTF8(NULL, 0, &n, s, -1, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e))
		return 0;
	UChar *u = malloc(((size_t)n + 1) * sizeof *u);
	if (!u)
		return 0;
	e = U_ZERO_ERROR;
	u_strFromUTF8(u, n + 1, NULL, s, -1, &e);
	int ok = U_SUCCESS(e);
	if (ok) {
		const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
		ok = U_SUCCESS(e) && unorm2_isNormalized(nfc, u, n, &e) && U_SUCCESS(e);
	}
	free(u);
	return ok;
}

/* Writes s as a C string literal: printable ASCII as is (with \" \\ and
 * \? against trigraphs), every other byte as a three-digit octal escape. */
static void put_literal(const char *s)
{
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\' || *p == '?')
			printf("\\%c", *p);
		else if (*p >= 0x20 && *p < 0x7f)
			putchar(*p);
		else if (*p >= 0x80)
			putchar(*p);	/* UTF-8, checked above */
		else
			printf("\\%03o", *p);
	}
	putchar('"');
}

/* True if s holds a printf conversion such as %s, %lld or %1$s. */
static int looks_like_format(const char *s)
{
	for (const char *p = strchr(s, '%'); p; p = strchr(p, '%')) {
		p++;
		if (*p == '%') {
			p++;
			continue;
		}
		p += strspn(p, "0123456789$");
		p += strspn(p, "-+#0'");
		p += strspn(p, "0123456789.");
		p += strspn(p, "hlzjt");
		if (*p && strchr("sdiuxXfcp", *p))
			return 1;
	}
	return 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

/* Reads "nplurals=N; plural=EXPR;" into *n and expr (a C expression in n
 * of digits, spaces and operators only). Returns 0 or -1. */
static int parse_plural_forms(const char *h, unsigned *n, char *expr, size_t size)
{
	const char *p = strstr(h, "nplurals=");
	const char *q = p ? strstr(p + 9, "plural=") : NULL;
	if (!q)
		return -1;
	char *end;
	unsigned long v = strtoul(p + 9, &end, 10);
	if (end == p + 9 || v < 1 || v > MAX_FORMS)
		return -1;
	*n = (unsigned)v;
	q += 7;
	size_t len = strcspn(q, ";");
	if (len == 0 || len >= size)
		return -1;
	for (size_t i = 0; i < len; i++)
		if (!strchr("n0123456789 \t()?:<>=!&|%+-*/", q[i]))
			return -1;
	memcpy(expr, q, len);
	expr[len] = '\0';
	return 0;
}

/* Reads one catalogue and writes its tables. Returns 0 or -1. */
static int compile(const char *path)
{
	current_file = path;
	int before = errors;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	char code[16];
	size_t clen = strcspn(base, ".");
	if (clen == 0 || clen >= sizeof code || strcmp(base + clen, ".po")) {
		report("the file name must be LANG.po");
		return -1;
	}
	memcpy(code, base, clen);
	code[clen] = '\0';
	for (size_t i = 0; i < clen; i++)
		if (!islower((unsigned char)code[i])) {
			report("the language code must be lower-case letters");
			return -1;
		}

	po_file_t file = po_file_read(path, &handler);
	if (!file)
		return -1;
	po_file_check_all(file, &handler);

	struct entry *entries = NULL;
	size_t count = 0, cap = 0;
	unsigned nplurals = 0;
	char expr[256] = "";
	const char *header = po_file_domain_header(file, NULL);
	char *lang = header ? po_header_field(header, "Language") : NULL;
	char *ctype = header ? po_header_field(header, "Content-Type") : NULL;
	char *pforms = header ? po_header_field(header, "Plural-Forms") : NULL;
	if (!lang || strcmp(lang, code))
		report("the header's Language must be \"%s\"", code);
	if (!ctype || !strstr(ctype, "charset=UTF-8"))
		report("the header's Content-Type must say charset=UTF-8");
	if (!pforms || parse_plural_forms(pforms, &nplurals, expr, sizeof expr) < 0)
		report("the header needs Plural-Forms: nplurals=N; plural=EXPRESSION;");

	po_message_iterator_t it = po_message_iterator(file, NULL);
	po_message_t m;
	while (errors == before && (m = po_next_message(it))) {
		const char *id = po_message_msgid(m);
		if (!*id || po_message_is_obsolete(m) || po_message_is_fuzzy(m))
			continue;
		struct entry e = {NULL, {NULL}, 0};
		int translated = 1;
		if (po_message_msgid_plural(m)) {
			for (unsigned i = 0; i < nplurals; i++) {
				e.forms[i] = po_message_msgstr_plural(m, (int)i);
				if (!e.forms[i] || !*e.forms[i])
					translated = 0;
			}
			e.nforms = nplurals;
		} else {
			e.forms[0] = po_message_msgstr(m);
			translated = *e.forms[0] != '\0';
		}
		if (!translated)
			continue;
		/* The program passes these to printf-like functions (html_trf…):
		 * check them as C formats even when xgettext did not mark them. */
		if (!po_message_is_format(m, "c-format") && looks_like_format(id)) {
			po_message_set_format(m, "c-format", 1);
			po_message_check_format(m, &handler);
		}
		for (unsigned i = 0; i < (e.nforms ? e.nforms : 1); i++)
			if (!utf8_nfc(e.forms[i]))
				report("the translation of \"%s\" is not UTF-8 in NFC", id);
		const char *ctxt = po_message_msgctxt(m);
		size_t klen = strlen(id) + (ctxt ? strlen(ctxt) + 1 : 0) + 1;
		if (!(e.key = malloc(klen))) {
			report("out of memory");
			break;
		}
		if (ctxt)
			snprintf(e.key, klen, "%s\004%s", ctxt, id);
		else
			memcpy(e.key, id, klen);
		if (count == cap) {
			cap = cap ? 2 * cap : 256;
			struct entry *grown = realloc(entries, cap * sizeof *entries);
			if (!grown) {
				free(e.key);
				report("out of memory");
				break;
			}
			entries = grown;
		}
		entries[count++] = e;
	}
	po_message_iterator_free(it);

	if (errors == before) {
		qsort(entries, count, sizeof *entries, entry_cmp);
		printf("\n/* %s */\n", path);
		printf("static unsigned long plural_%s(unsigned long n)\n{\n"
		       "\t(void)n;\n\treturn (unsigned long)(%s);\n}\n", code, expr);
		for (size_t i = 0; i < count; i++) {
			if (!entries[i].nforms)
				continue;
			printf("static const char *const forms_%s_%zu[] = {", code, i);
			for (unsigned k = 0; k < entries[i].nforms; k++) {
				put_literal(entries[i].forms[k]);
				fputs(", ", stdout);
			}
			puts("};");
		}
		printf("static const struct i18n_msg msgs_%s[] = {\n", code);
		for (size_t i = 0; i < count; i++) {
			fputs("\t{", stdout);
			put_literal(entries[i].key);
			fputs(",\n\t ", stdout);
			put_literal(entries[i].forms[0]);
			if (entries[i].nforms)
				printf(", forms_%s_%zu},\n", code, i);
			else
				fputs(", NULL},\n", stdout);
		}
		if (!count)
			puts("\t{\"\", \"\", NULL},");
		printf("};\nconst struct i18n_catalogue i18n_cat_%s = {\"%s\", msgs_%s, %zu, %u, "
		       "plural_%s};\n", code, code, code, count, nplurals, code);
	}
	for (size_t i = 0; i < count; i++)
		free(entries[i].key);
	free(entries);
	free(lang);
	free(ctype);
	free(pforms);
	po_file_free(file);
	return errors == before ? 0 : -1;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: po2c FILE.po... > messages.c\n");
		return 2;
	}
	printf("/* generated by tools/po2c from the po/ catalogues; do not edit */\n"
	       "#include \"core/i18n_catalogue.h\"\n");
	for (int i = 1; i < argc; i++)
		compile(argv[i]);
	return errors ? 1 : 0;
}
