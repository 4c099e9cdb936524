/* tokenize — the search tokenizer: how course text and query text are cut
 * into the terms that the full-text index stores and matches.
 *
 *  - Every character is folded: NFKD, non-spacing marks removed (so
 *    "Tiếng Việt" becomes "tieng viet"), Latin letters to ASCII (đ → d),
 *    case-folded, and Han characters Traditional → Simplified through ICU's
 *    "Hant-Hans" transliterator (臺 and 台 are one character). The folding
 *    table is built once per process from ICU on first use.
 *  - Runs of letters and digits (Latin, Vietnamese, Thai…) are words; an
 *    all-ASCII word gets light English stemming (plural -s/-es/-ies, -ing,
 *    -ed).
 *  - Runs of CJK characters (Han, kana) are n-grams. A document emits each
 *    character as a term, and the pair starting at it as a second term at
 *    the same position (FTS5_TOKEN_COLOCATED); a query emits the pairs in
 *    order, then the last single character when more terms follow (to keep
 *    the positions in step) or when the run is one character, so a phrase
 *    of any length matches inside longer words (書法 finds 書法入門班).
 *  - Everything else (spaces, punctuation, FTS5 syntax " * ( ) - …)
 *    separates terms and is never part of one.
 *
 * The same code runs as the SQLite FTS5 tokenizer "lifelong" (registered
 * on every connection by db_open) and from C for query building and
 * highlighting. */
#ifndef LIFELONG_SEARCH_TOKENIZE_H
#define LIFELONG_SEARCH_TOKENIZE_H

#include <stddef.h>

#include "core/buf.h"

struct sqlite3;

enum tok_mode { TOK_DOCUMENT = 0, TOK_QUERY = 1 };
enum tok_flags { TOK_COLOCATED = 1 };	/* same position as the term before */

#define TOK_TERM_MAX 128	/* bytes of one term (longer words are cut) */

/* Receives one term: its folded UTF-8 text (n bytes, not NUL-terminated)
 * and the byte range [start, end) of the source text it came from. A
 * non-zero return stops tokenizing and is returned by tok_run(). */
typedef int (*tok_emit_fn)(void *ctx, int flags, const char *term, int n,
			   int start, int end);

/* Cuts text[0..len) (UTF-8; invalid bytes are separators) into terms.
 * Returns 0, or the first non-zero value emit returned. */
int tok_run(const char *text, int len, enum tok_mode mode, tok_emit_fn emit, void *ctx);

/* Appends the folded form of text (each character folded as above,
 * separators kept as they are) to b. For tests and diagnostics. */
void tok_fold_text(struct buf *b, const char *text);

/* Stems an ASCII lower-case word in place (w[0..*n)); updates *n. */
void tok_stem(char *w, int *n);

/* Builds a safe FTS5 MATCH expression from user text q: each
 * whitespace-separated piece that yields at least one term becomes one
 * quoted phrase ("" doubled inside), the phrases joined by spaces (AND).
 * Operators and syntax characters in q are only ever text. Returns the
 * number of phrases (0: nothing to search for; b unchanged). */
int tok_fts_query(struct buf *b, const char *q);

/* Builds an FTS5 MATCH expression that finds what shares any term with q
 * (a whole question, not keywords): each query term of q, as tok_run()
 * cuts it in TOK_QUERY mode, quoted and joined by OR, at most max_terms
 * of them. Rank the matches (bm25) to put the closest first. Returns the
 * number of terms (0: nothing to search for; b unchanged). */
int tok_fts_query_any(struct buf *b, const char *q, int max_terms);

/* Registers the tokenizer "lifelong" with FTS5 on connection h. Returns 0,
 * or -1 when this SQLite has no FTS5. */
int tok_register(struct sqlite3 *h);

#endif
