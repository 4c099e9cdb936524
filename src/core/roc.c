#include "core/roc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>

static int days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : days[m - 1];
}

int roc_parse_date(const char *iso, int *y, int *m, int *d)
{
	int n = 0;
	if (!iso || sscanf(iso, "%4d-%2d-%2d%n", y, m, d, &n) != 3 || n != 10)
		return -1;
	if (iso[n] != '\0' && iso[n] != ' ' && iso[n] != 'T')
		return -1;
	if (*y < 1 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
		return -1;
	return 0;
}

int roc_format_date(struct buf *b, const char *iso)
{
	int y, m, d;
	if (roc_parse_date(iso, &y, &m, &d) < 0)
		return -1;
	if (y >= 1912)
		return buf_printf(b, "民國%d年%d月%d日", y - 1911, m, d);
	return buf_printf(b, "民國前%d年%d月%d日", 1912 - y, m, d);
}

int roc_html_date(struct buf *b, const char *iso)
{
	int y, m, d;
	if (roc_parse_date(iso, &y, &m, &d) < 0)
		return -1;
	buf_printf(b, "<time datetime=\"%04d-%02d-%02d\" title=\"%04d-%02d-%02d\">",
		   y, m, d, y, m, d);
	roc_format_date(b, iso);
	return buf_puts(b, "</time>");
}

int roc_weekday(int y, int m, int d)
{
	/* Sakamoto's method. */
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	if (m < 3)
		y -= 1;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* ICU locale of each interface language. The explicit Gregorian calendar
 * matters for Thai, whose default is the Buddhist era; English follows the
 * day-month-year order (en_GB) that readers in Asia expect. zh-Hant only
 * names weekdays: its dates are ROC dates written above. */
static const char *const icu_locales[LANG__COUNT] = {
	"zh_Hant_TW", "en_GB@calendar=gregorian", "vi_VN@calendar=gregorian",
	"id_ID@calendar=gregorian", "th_TH@calendar=gregorian",
};

/* One thread's ICU date formatters (UDateFormat is not thread-safe): by
 * language, without and with weekday. Made on first use, closed by the
 * thread-specific-data destructor when the thread ends. */
struct date_formats {
	UDateFormat *f[LANG__COUNT][2];
};

static pthread_once_t formats_once = PTHREAD_ONCE_INIT;
static pthread_key_t formats_key;	/* written once, under formats_once */
static _Thread_local struct date_formats *formats;

static void formats_free(void *p)
{
	struct date_formats *c = p;
	for (int l = 0; l < LANG__COUNT; l++)
		for (int w = 0; w < 2; w++)
			if (c->f[l][w])
				udat_close(c->f[l][w]);
	free(c);
	formats = NULL;
}

static void formats_key_make(void)
{
	pthread_key_create(&formats_key, formats_free);
}

/* This thread's formatter for language l (weekday: 0 or 1), in UTC, with
 * the CLDR pattern that best fits the skeleton; NULL on failure. */
static UDateFormat *date_formatter(enum lang l, int weekday)
{
	pthread_once(&formats_once, formats_key_make);
	if (!formats) {
		formats = calloc(1, sizeof *formats);
		if (!formats)
			return NULL;
		pthread_setspecific(formats_key, formats);
	}
	UDateFormat **slot = &formats->f[l][weekday];
	if (*slot)
		return *slot;
	UErrorCode e = U_ZERO_ERROR;
	UChar skeleton[16], pattern[64];
	u_uastrcpy(skeleton, l == LANG_ZH_HANT ? "EEEE" : weekday ? "yMMMMEEEEd" : "yMMMMd");
	UDateTimePatternGenerator *g = udatpg_open(icu_locales[l], &e);
	int32_t n = udatpg_getBestPattern(g, skeleton, -1, pattern, 64, &e);
	udatpg_close(g);
	if (U_FAILURE(e) || n >= 64)
		return NULL;
	*slot = udat_open(UDAT_PATTERN, UDAT_PATTERN, icu_locales[l], u"UTC", -1, pattern, n, &e);
	if (U_FAILURE(e)) {
		udat_close(*slot);
		*slot = NULL;
	}
	return *slot;
}

/* Days from 1970-01-01 to the (proleptic Gregorian) date y-m-d. */
static long long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	long long yoe = y - era * 400;
	long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Appends the ICU rendering of y-m-d for l. Returns 0 or -1. */
static int icu_date(struct buf *b, enum lang l, int weekday, int y, int m, int d)
{
	UDateFormat *f = date_formatter(l, weekday);
	if (!f)
		return -1;
	UErrorCode e = U_ZERO_ERROR;
	UChar out[128];
	char utf8[384];
	UDate when = (UDate)days_from_civil(y, m, d) * 86400000.0;
	int32_t n = udat_format(f, when, out, 128, NULL, &e);
	if (U_FAILURE(e) || n >= 128)
		return -1;
	u_strToUTF8(utf8, sizeof utf8, &n, out, n, &e);
	if (U_FAILURE(e) || n >= (int32_t)sizeof utf8)
		return -1;
	return buf_append(b, utf8, (size_t)n);
}

/* Takes back what was appended since mark (nothing to undo once failed). */
static void truncate_to(struct buf *b, size_t mark)
{
	if (!b->failed && b->data && mark <= b->len) {
		b->len = mark;
		b->data[mark] = '\0';
	}
}

int date_format_lang(struct buf *b, enum lang l, const char *iso, unsigned flags)
{
	int y, m, d;
	if ((unsigned)l >= LANG__COUNT || roc_parse_date(iso, &y, &m, &d) < 0)
		return -1;
	int weekday = (flags & DATE_WEEKDAY) != 0;
	if (l != LANG_ZH_HANT)
		return icu_date(b, l, weekday, y, m, d);
	if (!weekday)
		return roc_format_date(b, iso);
	/* ROC date, then the weekday from ICU: 民國112年3月15日（星期三） */
	size_t mark = b->len;
	if (roc_format_date(b, iso) < 0 || buf_puts(b, "（") < 0 ||
	    icu_date(b, l, 1, y, m, d) < 0 || buf_puts(b, "）") < 0) {
		truncate_to(b, mark);
		return -1;
	}
	return 0;
}

int date_html_lang(struct buf *b, enum lang l, const char *iso, unsigned flags)
{
	int y, m, d;
	if (roc_parse_date(iso, &y, &m, &d) < 0)
		return -1;
	size_t mark = b->len;
	buf_printf(b, "<time datetime=\"%04d-%02d-%02d\" title=\"%04d-%02d-%02d\">",
		   y, m, d, y, m, d);
	if (date_format_lang(b, l, iso, flags) < 0) {
		truncate_to(b, mark);
		return -1;
	}
	return buf_puts(b, "</time>");
}
