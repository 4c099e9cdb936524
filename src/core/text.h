/* text — Unicode checks and conversions (ICU underneath). */
#ifndef LIFELONG_CORE_TEXT_H
#define LIFELONG_CORE_TEXT_H

#include <stddef.h>

/* Returns 1 if s[0..n) is well-formed UTF-8 with no NUL byte, else 0. */
int text_utf8_valid(const char *s, size_t n);
/* Returns 1 if every '%' in s is followed by two hex digits, else 0. */
int text_percent_valid(const char *s);
/* Converts n bytes of text in the named legacy encoding (an ICU converter
 * name such as "windows-950") to UTF-8. Returns a malloc'd NUL-terminated
 * string (caller frees) and its length in *out_len, or NULL when the input
 * holds a byte sequence that the encoding does not define. */
char *text_to_utf8(const char *enc, const char *s, size_t n, size_t *out_len);
/* Returns a malloc'd NFC-normalised copy of the UTF-8 string s (caller
 * frees), or NULL if s is not valid UTF-8 or memory ran out. */
char *text_nfc(const char *s);
/* Counts the code points of the valid UTF-8 string s. */
size_t text_length(const char *s);

#endif
