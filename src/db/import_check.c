#include "db/import_check.h"

#include <curl/curl.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicode/uloc.h>

#include "core/roc.h"

int smap_init(struct smap *m, size_t cap)
{
	memset(m, 0, sizeof *m);
	m->cap = cap ? cap : 1;
	if (!hcreate_r(2 * m->cap + 1, &m->h))
		return -1;
	return 0;
}

int smap_get(struct smap *m, const char *key, long long *val)
{
	ENTRY e = {.key = (char *)key, .data = NULL}, *found = NULL;
	if (!m->h.table || !hsearch_r(e, FIND, &found, &m->h) || !found)
		return 0;
	*val = (long long)(intptr_t)found->data;
	return 1;
}

int smap_put(struct smap *m, const char *key, long long val, int copy)
{
	ENTRY e = {.key = (char *)key, .data = (void *)(intptr_t)val}, *found = NULL;
	char *own = NULL;
	if (!m->h.table || m->n >= m->cap)
		return -1;
	if (copy) {
		if (m->nowned == m->capowned) {
			size_t cap = m->capowned ? 2 * m->capowned : 64;
			char **p = realloc(m->owned, cap * sizeof *p);
			if (!p)
				return -1;
			m->owned = p;
			m->capowned = cap;
		}
		own = strdup(key);
		if (!own)
			return -1;
		m->owned[m->nowned++] = own;
		e.key = own;
	}
	if (!hsearch_r(e, ENTER, &found, &m->h))
		return -1;
	m->n++;
	return 0;
}

void smap_free(struct smap *m)
{
	if (m->h.table)
		hdestroy_r(&m->h);
	for (size_t i = 0; i < m->nowned; i++)
		free(m->owned[i]);
	free(m->owned);
	memset(m, 0, sizeof *m);
}

void imp_err(struct imp *im, int line, const char *column, const char *fmt, ...)
{
	va_list ap;
	buf_printf(&im->res->errors, "line %d: %s: ", line, column);
	va_start(ap, fmt);
	buf_vprintf(&im->res->errors, fmt, ap);
	va_end(ap);
	buf_puts(&im->res->errors, "\n");
	im->nerr++;
}

int imp_check_width(struct imp *im, size_t row)
{
	int want = im->csv.rows[0].nfields, has = im->csv.rows[row].nfields;
	int used = csvfile_width(&im->csv, row);
	if (used <= want && has >= want)
		return 0;
	imp_err(im, csvfile_line(&im->csv, row), "row", "has %d fields, but the header has %d",
		used > want ? used : has, want);
	return -1;
}

const char *imp_nz(const char *s)
{
	return s && *s ? s : NULL;
}

const char *imp_clip(const char *s, char out[static 80])
{
	size_t n = strlen(s);
	if (n <= 60) {
		memcpy(out, s, n + 1);
		return out;
	}
	n = 60;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--; /* do not cut a UTF-8 sequence */
	memcpy(out, s, n);
	memcpy(out + n, "\xE2\x80\xA6", 4); /* … and NUL */
	return out;
}

const char *imp_get(const struct imp *im, size_t row, int c)
{
	return csvfile_get(&im->csv, row, im->col[c]);
}

int imp_lookup(struct imp *im, enum stmt_id st, const char *key, long long *id)
{
	char ck[256];
	long long v = 0;
	int cacheable = snprintf(ck, sizeof ck, "%d:%s", (int)st, key) < (int)sizeof ck;
	if (cacheable && smap_get(&im->lookups, ck, &v)) {
		*id = v;
		return v != 0;
	}
	int rc = db_scalar(im->db, &v, st, "t", key);
	if (rc < 0)
		return -1;
	if (rc == 0)
		v = 0;
	if (cacheable)
		smap_put(&im->lookups, ck, v, 1); /* a full cache only costs speed */
	*id = v;
	return rc;
}

int chk_count(const char *s, long long max, long long *out)
{
	size_t n = strlen(s);
	if (n == 0 || n > 15 || strspn(s, "0123456789") != n)
		return -1;
	long long v = strtoll(s, NULL, 10);
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

int chk_number(const char *s, double lo, double hi, double *out)
{
	const char *p = s + (*s == '-' || *s == '+');
	size_t whole = strspn(p, "0123456789"), frac = 0;
	if (p[whole] == '.')
		frac = strspn(p + whole + 1, "0123456789");
	size_t len = whole + (p[whole] == '.' ? 1 + frac : 0);
	if (whole + frac == 0 || p[len] != '\0' || len > 40)
		return -1;
	errno = 0;
	double v = strtod(s, NULL);
	if (errno || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int chk_url(const char *s)
{
	char *scheme = NULL, *host = NULL;
	int ok = 0;
	if (strncasecmp(s, "http://", 7) != 0 && strncasecmp(s, "https://", 8) != 0)
		return -1;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return -1;
	CURLU *u = curl_url();
	if (!u)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		ok = (strcmp(scheme, "http") == 0 || strcmp(scheme, "https") == 0) && host[0];
	curl_free(scheme);
	curl_free(host);
	curl_url_cleanup(u);
	return ok ? 0 : -1;
}

int chk_datetime(const char *s)
{
	static const char shape[] = "dddd-dd-dd dd:dd";
	int y, m, d;
	for (size_t i = 0; i < sizeof shape - 1; i++) {
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return -1;
	}
	if (s[sizeof shape - 1] != '\0' || roc_parse_date(s, &y, &m, &d) < 0)
		return -1;
	int hh = (s[11] - '0') * 10 + (s[12] - '0'), mm = (s[14] - '0') * 10 + (s[15] - '0');
	return hh < 24 && mm < 60 ? 0 : -1;
}

/* Returns 1 for an ASCII letter (locale-independent). */
static int ascii_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int chk_language(const char *s)
{
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz"
				    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	size_t n = strlen(s);
	if (n == 0 || n > 64)
		return -1;
	for (const char *p = s;; p++) {
		size_t k = strspn(p, alnum);
		if (k < 1 || k > 8)
			return -1;
		if (p == s && (k < 2 || k > 3 || !ascii_alpha(p[0]) || !ascii_alpha(p[1]) ||
			       (k == 3 && !ascii_alpha(p[2]))))
			return -1;
		p += k;
		if (*p == '\0')
			break;
		if (*p != '-')
			return -1;
	}
	/* ICU checks the BCP 47 grammar: subtag order and lengths. */
	char loc[ULOC_FULLNAME_CAPACITY];
	int32_t parsed = 0;
	UErrorCode err = U_ZERO_ERROR;
	uloc_forLanguageTag(s, loc, (int32_t)sizeof loc, &parsed, &err);
	return U_FAILURE(err) || parsed != (int32_t)n ? -1 : 0;
}
