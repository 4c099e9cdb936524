#include "core/text.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

int text_utf8_valid(const char *s, size_t n)
{
	if (n > INT32_MAX)
		return 0;
	int32_t i = 0, len = (int32_t)n;
	while (i < len) {
		UChar32 c;
		U8_NEXT((const uint8_t *)s, i, len, c);
		if (c <= 0)
			return 0; /* ill-formed (<0) or NUL */
	}
	return 1;
}

int text_percent_valid(const char *s)
{
	static const char hex[] = "0123456789abcdefABCDEF";
	for (const char *p = strchr(s, '%'); p; p = strchr(p + 1, '%')) {
		if (!p[1] || !p[2] || !strchr(hex, p[1]) || !strchr(hex, p[2]))
			return 0;
	}
	return 1;
}

size_t text_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Converts UTF-16 u[0..ulen) to a malloc'd UTF-8 string, or NULL. */
static char *utf16_to_utf8(const UChar *u, int32_t ulen, size_t *out_len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t need = 0;
	u_strToUTF8(NULL, 0, &need, u, ulen, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	char *out = malloc((size_t)need + 1);
	if (!out)
		return NULL;
	err = U_ZERO_ERROR;
	u_strToUTF8(out, need + 1, NULL, u, ulen, &err);
	if (U_FAILURE(err)) {
		free(out);
		return NULL;
	}
	if (out_len)
		*out_len = (size_t)need;
	return out;
}

char *text_to_utf8(const char *enc, const char *s, size_t n, size_t *out_len)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u = NULL;
	char *out = NULL;
	UConverter *cv = ucnv_open(enc, &err);
	if (U_FAILURE(err) || n > INT32_MAX / 2)
		goto out;
	/* Stop at the first undefined or illegal byte instead of substituting. */
	ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
	u = malloc((2 * n + 1) * sizeof *u);
	if (!u || U_FAILURE(err))
		goto out;
	int32_t ulen = ucnv_toUChars(cv, u, (int32_t)(2 * n + 1), s, (int32_t)n, &err);
	if (U_FAILURE(err))
		goto out;
	out = utf16_to_utf8(u, ulen, out_len);
out:
	free(u);
	if (cv)
		ucnv_close(cv);
	return out;
}

char *text_nfc(const char *s)
{
	UErrorCode err = U_ZERO_ERROR;
	size_t n = strlen(s);
	UChar *u = NULL, *v = NULL;
	char *out = NULL;
	if (!text_utf8_valid(s, n) || n > INT32_MAX / 4)
		return NULL;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	int32_t ulen = 0, cap = (int32_t)n + 1;
	u = malloc((size_t)cap * sizeof *u);
	v = malloc((size_t)cap * 3 * sizeof *v);
	if (!u || !v || U_FAILURE(err))
		goto out;
	u_strFromUTF8(u, cap, &ulen, s, (int32_t)n, &err);
	int32_t vlen = unorm2_normalize(nfc, u, ulen, v, cap * 3, &err);
	if (U_FAILURE(err))
		goto out;
	out = utf16_to_utf8(v, vlen, NULL);
out:
	free(u);
	free(v);
	return out;
}
