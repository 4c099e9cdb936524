#include "search/tokenize.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

/* ---- character folding ------------------------------------------------
 * fold_tab[c] for every BMP code point c: either one code point (the
 * folded form; FOLD_DROP: nothing) or, with FOLD_MULTI set, a run of
 * code points in fold_pool (offset << 8 | length). cls_tab[c] is the class
 * of a folded code point. Both are written once, under pthread_once, and
 * only read afterwards. */

enum { CLS_SEP = 0, CLS_WORD = 1, CLS_CJK = 2 };

#define FOLD_MULTI 0x80000000u
#define FOLD_DROP 0x40000000u
#define FOLD_MAX 32		/* code points one character may fold to */

static uint32_t fold_tab[0x10000];
static uint8_t cls_tab[0x10000];
static UChar32 *fold_pool;
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;

static int classify(UChar32 c)
{
	if (u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC))
		return CLS_CJK;
	UErrorCode e = U_ZERO_ERROR;
	UScriptCode sc = uscript_getScript(c, &e);
	if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA)
		return CLS_CJK;
	if (u_isalnum(c) || u_charType(c) == U_COMBINING_SPACING_MARK)
		return CLS_WORD;
	return CLS_SEP;
}

/* Applies a transliterator to s[0..*n) (capacity cap) in place. */
static void translit(UTransliterator *t, UChar *s, int32_t *n, int32_t cap)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t limit = *n, len = *n;
	UChar tmp[FOLD_MAX * 2];
	if (!t || len > (int32_t)(sizeof tmp / sizeof tmp[0]))
		return;
	memcpy(tmp, s, (size_t)len * sizeof *s);
	utrans_transUChars(t, tmp, &len, (int32_t)(sizeof tmp / sizeof tmp[0]), 0, &limit, &e);
	if (U_SUCCESS(e) && len <= cap) {
		memcpy(s, tmp, (size_t)len * sizeof *s);
		*n = len;
	}
}

/* The full folding of one code point: NFKD, drop non-spacing marks, Latin
 * to ASCII, case fold, Traditional to Simplified. latin/hans may be NULL
 * (then those steps are skipped). Returns the number of code points. */
static int fold_compute(UChar32 c, UChar32 *out, UTransliterator *latin,
			UTransliterator *hans)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&e);
	UChar src[4], a[FOLD_MAX * 2], b[FOLD_MAX * 2];
	int32_t ns = 0, na, nb = 0, n = 0;
	U16_APPEND_UNSAFE(src, ns, c);
	na = U_SUCCESS(e) ? unorm2_normalize(nfkd, src, ns, a, FOLD_MAX, &e) : 0;
	if (U_FAILURE(e) || na > FOLD_MAX) {
		memcpy(a, src, (size_t)ns * sizeof *src);
		na = ns;
	}
	int latin_seen = 0, han_seen = 0;
	for (int32_t i = 0; i < na;) {
		UChar32 x;
		U16_NEXT(a, i, na, x);
		if (u_charType(x) == U_NON_SPACING_MARK)
			continue;
		UErrorCode se = U_ZERO_ERROR;
		if (x >= 0x80 && uscript_getScript(x, &se) == USCRIPT_LATIN)
			latin_seen = 1;
		if (u_hasBinaryProperty(x, UCHAR_IDEOGRAPHIC))
			han_seen = 1;
		U16_APPEND_UNSAFE(b, nb, x);
	}
	if (latin_seen)
		translit(latin, b, &nb, FOLD_MAX);
	e = U_ZERO_ERROR;
	na = u_strFoldCase(a, FOLD_MAX, b, nb, U_FOLD_CASE_DEFAULT, &e);
	if (U_FAILURE(e)) {
		memcpy(a, b, (size_t)nb * sizeof *b);
		na = nb;
	}
	if (han_seen)
		translit(hans, a, &na, FOLD_MAX);
	for (int32_t i = 0; i < na && n < FOLD_MAX;) {
		UChar32 x;
		U16_NEXT(a, i, na, x);
		out[n++] = x;
	}
	return n;
}

static UTransliterator *open_translit(const char *id)
{
	UChar uid[32];
	UErrorCode e = U_ZERO_ERROR;
	u_uastrcpy(uid, id);
	UTransliterator *t = utrans_openU(uid, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
	return U_SUCCESS(e) ? t : NULL;
}

static void fold_build(void)
{
	UTransliterator *latin = open_translit("Latin-ASCII");
	UTransliterator *hans = open_translit("Hant-Hans");
	size_t pool_n = 0, pool_cap = 4096;
	fold_pool = malloc(pool_cap * sizeof *fold_pool);
	for (UChar32 c = 0; c < 0x10000; c++) {
		cls_tab[c] = (uint8_t)classify(c);
		if (c < 0x80) {
			fold_tab[c] = (uint32_t)((c >= 'A' && c <= 'Z') ? c + 32 : c);
			continue;
		}
		if (U_IS_SURROGATE(c)) {
			fold_tab[c] = FOLD_DROP;
			continue;
		}
		UChar32 out[FOLD_MAX];
		int n = fold_compute(c, out, latin, hans);
		if (n == 1) {
			fold_tab[c] = (uint32_t)out[0];
		} else if (n == 0) {
			fold_tab[c] = FOLD_DROP;
		} else {
			if (pool_n + (size_t)n > pool_cap) {
				pool_cap *= 2;
				UChar32 *p = fold_pool ? realloc(fold_pool, pool_cap * sizeof *p) : NULL;
				if (!p) {
					fold_tab[c] = (uint32_t)c;
					continue;
				}
				fold_pool = p;
			}
			if (!fold_pool) {
				fold_tab[c] = (uint32_t)c;
				continue;
			}
			memcpy(fold_pool + pool_n, out, (size_t)n * sizeof *out);
			fold_tab[c] = FOLD_MULTI | (uint32_t)(pool_n << 8) | (uint32_t)n;
			pool_n += (size_t)n;
		}
	}
	if (latin)
		utrans_close(latin);
	if (hans)
		utrans_close(hans);
}

/* Folds c into out (FOLD_MAX); returns the count. Thread-safe. */
static int fold_char(UChar32 c, UChar32 *out)
{
	if (c < 0x10000) {
		uint32_t f = fold_tab[c];
		if (f & FOLD_DROP)
			return 0;
		if (!(f & FOLD_MULTI)) {
			out[0] = (UChar32)f;
			return 1;
		}
		int n = (int)(f & 0xff);
		memcpy(out, fold_pool + ((f & ~FOLD_MULTI) >> 8), (size_t)n * sizeof *out);
		return n;
	}
	return fold_compute(c, out, NULL, NULL);
}

static int char_class(UChar32 c)
{
	return c < 0x10000 ? cls_tab[c] : classify(c);
}

/* ---- stemming ----------------------------------------------------------- */

static int ends(const char *w, int n, const char *suf)
{
	int k = (int)strlen(suf);
	return n >= k && !memcmp(w + n - k, suf, (size_t)k);
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int has_vowel(const char *w, int n)
{
	for (int i = 0; i < n; i++)
		if (is_vowel(w[i]))
			return 1;
	return 0;
}

void tok_stem(char *w, int *n)
{
	int k = *n;
	for (int i = 0; i < k; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return;
	if (k < 4)
		return;
	if (ends(w, k, "ies") && k > 4)
		w[k - 3] = 'y', k -= 2;
	else if (ends(w, k, "sses") || ends(w, k, "ches") || ends(w, k, "shes") ||
		 ends(w, k, "xes") || ends(w, k, "zes"))
		k -= 2;
	else if (w[k - 1] == 's' && !ends(w, k, "ss") && !ends(w, k, "us") &&
		 !ends(w, k, "is"))
		k -= 1;
	int cut = 0;
	if (ends(w, k, "ing") && k - 3 >= 3 && has_vowel(w, k - 3))
		cut = 3;
	else if (ends(w, k, "ed") && k - 2 >= 3 && has_vowel(w, k - 2))
		cut = 2;
	if (cut) {
		k -= cut;
		/* running → run, planned → plan */
		if (w[k - 1] == w[k - 2] && !is_vowel(w[k - 1]) && w[k - 1] != 'l' &&
		    w[k - 1] != 's' && w[k - 1] != 'z')
			k--;
	}
	*n = k;
}

/* ---- the tokenizer ------------------------------------------------------ */

struct tok_state {
	enum tok_mode mode;
	tok_emit_fn emit;
	void *ctx;
	/* a word being collected */
	char word[TOK_TERM_MAX];
	int wn, wstart, wend, wascii;
	/* the CJK character waiting for its successor */
	UChar32 cjk;
	int cstart, cend, cjk_run;
};

static int flush_word(struct tok_state *s)
{
	int rc = 0;
	if (s->wn > 0) {
		if (s->wascii)
			tok_stem(s->word, &s->wn);
		rc = s->emit(s->ctx, 0, s->word, s->wn, s->wstart, s->wend);
	}
	s->wn = 0;
	return rc;
}

static int emit_cjk(struct tok_state *s, int flags, UChar32 a, UChar32 b, int start, int end)
{
	char t[8];
	int n = 0;
	U8_APPEND_UNSAFE(t, n, a);
	if (b >= 0)
		U8_APPEND_UNSAFE(t, n, b);
	return s->emit(s->ctx, flags, t, n, start, end);
}

/* Ends a CJK run. at_end: the text ends here. A query's run of two or
 * more characters that ends the text needs no last single character (its
 * last pair already holds it), and leaving it out spares FTS5 the long
 * list of documents holding that one character. */
static int flush_cjk(struct tok_state *s, int at_end)
{
	int rc = 0;
	if (s->cjk >= 0 && !(at_end && s->mode == TOK_QUERY && s->cjk_run > 1))
		rc = emit_cjk(s, 0, s->cjk, -1, s->cstart, s->cend);
	s->cjk = -1;
	s->cjk_run = 0;
	return rc;
}

/* Takes one folded code point c that came from source bytes [start, end). */
static int feed(struct tok_state *s, UChar32 c, int start, int end)
{
	int cls = char_class(c), rc = 0;
	if (cls != CLS_WORD && (rc = flush_word(s)))
		return rc;
	if (cls != CLS_CJK && (rc = flush_cjk(s, 0)))
		return rc;
	if (cls == CLS_WORD) {
		if (s->wn == 0) {
			s->wstart = start;
			s->wascii = 1;
		}
		if (s->wn + U8_LENGTH(c) <= TOK_TERM_MAX) {
			U8_APPEND_UNSAFE(s->word, s->wn, c);
			if (c >= 0x80)
				s->wascii = 0;
		}
		s->wend = end;
	} else if (cls == CLS_CJK) {
		if (s->cjk >= 0) {
			if (s->mode == TOK_DOCUMENT) {
				if ((rc = emit_cjk(s, 0, s->cjk, -1, s->cstart, s->cend)))
					return rc;
				rc = emit_cjk(s, TOK_COLOCATED, s->cjk, c, s->cstart, end);
			} else {
				rc = emit_cjk(s, 0, s->cjk, c, s->cstart, end);
			}
		}
		s->cjk = c;
		s->cstart = start;
		s->cend = end;
		s->cjk_run++;
	}
	return rc;
}

int tok_run(const char *text, int len, enum tok_mode mode, tok_emit_fn emit, void *ctx)
{
	struct tok_state s = {.mode = mode, .emit = emit, .ctx = ctx, .cjk = -1};
	int32_t i = 0;
	int rc = 0;
	pthread_once(&fold_once, fold_build);
	while (i < len && !rc) {
		int32_t start = i;
		UChar32 c;
		U8_NEXT(text, i, len, c);
		if (c < 0) {
			rc = feed(&s, ' ', start, i);
			continue;
		}
		UChar32 out[FOLD_MAX];
		int n = fold_char(c, out);
		for (int k = 0; k < n && !rc; k++)
			rc = feed(&s, out[k], start, i);
	}
	if (!rc)
		rc = flush_word(&s);
	if (!rc)
		rc = flush_cjk(&s, 1);
	return rc;
}

void tok_fold_text(struct buf *b, const char *text)
{
	int32_t i = 0, len = (int32_t)strlen(text);
	pthread_once(&fold_once, fold_build);
	while (i < len) {
		UChar32 c, out[FOLD_MAX];
		U8_NEXT(text, i, len, c);
		if (c < 0)
			continue;
		int n = fold_char(c, out);
		for (int k = 0; k < n; k++) {
			char t[4];
			int tn = 0;
			U8_APPEND_UNSAFE(t, tn, out[k]);
			buf_append(b, t, (size_t)tn);
		}
	}
}

/* ---- query building ---------------------------------------------------- */

static int count_term(void *ctx, int flags, const char *term, int n, int start, int end)
{
	(void)flags, (void)term, (void)n, (void)start, (void)end;
	(*(int *)ctx)++;
	return 0;
}

/* Appends s[0..n) as one quoted FTS5 string ("" doubled inside). */
static void put_quoted(struct buf *b, const char *s, int n)
{
	buf_puts(b, "\"");
	for (int i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_puts(b, "\"");
		buf_append(b, s + i, 1);
	}
	buf_puts(b, "\"");
}

/* Appends piece[0..n) as one quoted FTS5 string if it yields a term. */
static int add_phrase(struct buf *b, const char *piece, int n, int phrases)
{
	int terms = 0;
	tok_run(piece, n, TOK_QUERY, count_term, &terms);
	if (!terms)
		return 0;
	if (phrases)
		buf_puts(b, " ");
	put_quoted(b, piece, n);
	return 1;
}

int tok_fts_query(struct buf *b, const char *q)
{
	int32_t i = 0, len = (int32_t)strlen(q), start = -1;
	int phrases = 0;
	while (i <= len) {
		int32_t at = i;
		UChar32 c = ' ';
		if (i < len)
			U8_NEXT(q, i, len, c);
		else
			i++;
		if (c < 0 || u_isUWhiteSpace(c)) {
			if (start >= 0)
				phrases += add_phrase(b, q + start, at - start, phrases);
			start = -1;
		} else if (start < 0) {
			start = at;
		}
	}
	return phrases;
}

/* What tok_fts_query_any() is building. */
struct any_ctx {
	struct buf *b;
	const char *src;
	int n, max;
};

/* Appends one query term (its source text, quoted) as an alternative. */
static int any_term(void *ctx, int flags, const char *term, int n, int start, int end)
{
	struct any_ctx *a = ctx;
	(void)flags, (void)term, (void)n;
	if (a->n == a->max)
		return 1;
	if (a->n)
		buf_puts(a->b, " OR ");
	put_quoted(a->b, a->src + start, end - start);
	a->n++;
	return 0;
}

int tok_fts_query_any(struct buf *b, const char *q, int max_terms)
{
	struct any_ctx a = {b, q, 0, max_terms};
	tok_run(q, (int)strlen(q), TOK_QUERY, any_term, &a);
	return a.n;
}

/* ---- FTS5 glue ------------------------------------------------------------ */

struct fts_ctx {
	void *pctx;
	int (*xtoken)(void *, int, const char *, int, int, int);
};

static int fts_emit(void *ctx, int flags, const char *term, int n, int start, int end)
{
	struct fts_ctx *f = ctx;
	return f->xtoken(f->pctx, (flags & TOK_COLOCATED) ? FTS5_TOKEN_COLOCATED : 0,
			 term, n, start, end);
}

static int fts_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx, (void)argv, (void)argc;
	static int instance;	/* FTS5 wants a non-NULL handle; it holds no state */
	pthread_once(&fold_once, fold_build);
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void fts_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int fts_tokenize(Fts5Tokenizer *t, void *pctx, int flags, const char *text,
			int n, int (*xtoken)(void *, int, const char *, int, int, int))
{
	(void)t;
	struct fts_ctx f = {pctx, xtoken};
	int rc = tok_run(text, n, (flags & FTS5_TOKENIZE_QUERY) ? TOK_QUERY : TOK_DOCUMENT,
			 fts_emit, &f);
	return rc ? rc : SQLITE_OK;
}

int tok_register(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	static fts5_tokenizer tk = {fts_create, fts_delete, fts_tokenize};
	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	if (!api)
		return -1;
	return api->xCreateTokenizer(api, "lifelong", NULL, &tk, NULL) == SQLITE_OK ? 0 : -1;
}
