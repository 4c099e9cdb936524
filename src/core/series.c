/* series — see series.h. Dates are counted as days since 1970-01-01 with
 * the usual civil-calendar conversion (era of 400 years, March-based
 * years so that the leap day comes last). */
#include "core/series.h"

#include <stdio.h>
#include <string.h>

#include "core/roc.h"

/* Days since 1970-01-01 of y-m-d (a valid date). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

int series_days(const char *iso, long *days)
{
	int y, m, d;
	if (!iso || strlen(iso) < 10 || iso[4] != '-' || iso[7] != '-' ||
	    roc_parse_date(iso, &y, &m, &d) < 0)
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

void series_date(long days, char out[11])
{
	int y, m, d;
	char tmp[32];
	civil_from_days(days, &y, &m, &d);
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d", y % 10000, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

int series_weekday(long days)
{
	long w = (days + 4) % 7;	/* 1970-01-01 was a Thursday */
	return (int)(w < 0 ? w + 7 : w);
}

int series_minutes(const char *s, int *minutes)
{
	if (!s || strlen(s) != 5 || s[2] != ':')
		return -1;
	for (int i = 0; i < 5; i++)
		if (i != 2 && (s[i] < '0' || s[i] > '9'))
			return -1;
	int h = (s[0] - '0') * 10 + (s[1] - '0'), mi = (s[3] - '0') * 10 + (s[4] - '0');
	if (h > 23 || mi > 59)
		return -1;
	*minutes = h * 60 + mi;
	return 0;
}

/* Splits "YYYY-MM-DD HH:MM" into days and minutes. 0 or -1. */
static int split(const char *at, long *days, int *minutes)
{
	if (!at || strlen(at) != 16 || at[10] != ' ')
		return -1;
	return series_days(at, days) == 0 && series_minutes(at + 11, minutes) == 0 ? 0 : -1;
}

static void join(long days, long minutes, char out[17])
{
	days += minutes / 1440;
	minutes %= 1440;
	if (minutes < 0) {
		minutes += 1440;
		days--;
	}
	char date[11], tmp[48];
	series_date(days, date);
	snprintf(tmp, sizeof tmp, "%s %02ld:%02ld", date, minutes / 60, minutes % 60);
	memcpy(out, tmp, 16);
	out[16] = '\0';
}

int series_shift(const char *at, long days, char out[17])
{
	long d;
	int mi;
	if (split(at, &d, &mi) < 0)
		return -1;
	join(d + days, mi, out);
	return 0;
}

int series_add_minutes(const char *at, long minutes, char out[17])
{
	long d;
	int mi;
	if (split(at, &d, &mi) < 0)
		return -1;
	join(d, mi + minutes, out);
	return 0;
}

int series_diff_minutes(const char *a, const char *b, long *out)
{
	long da, db;
	int ma, mb;
	if (split(a, &da, &ma) < 0 || split(b, &db, &mb) < 0)
		return -1;
	*out = (db - da) * 1440 + (mb - ma);
	return 0;
}

/* The Monday on or before days. */
static long monday_of(long days)
{
	return days - (series_weekday(days) + 6) % 7;
}

int series_dates(const struct series_rule *rule, struct series_session *out, int max,
		 enum series_error *err)
{
	enum series_error e = SERIES_OK;
	long first, until = 0;
	int start, n = 0, limit = max < SERIES_MAX ? max : SERIES_MAX;
	int has_until = rule->until && *rule->until;

	if (series_days(rule->first, &first) < 0 || strlen(rule->first) != 10)
		e = SERIES_BAD_FIRST;
	else if (has_until && (series_days(rule->until, &until) < 0 || strlen(rule->until) != 10 ||
			       until < first))
		e = SERIES_BAD_UNTIL;
	else if (series_minutes(rule->time, &start) < 0)
		e = SERIES_BAD_TIME;
	else if (rule->duration < 1 || rule->duration > SERIES_DURATION_MAX)
		e = SERIES_BAD_DURATION;
	else if (rule->interval < 1 || rule->interval > 4)
		e = SERIES_BAD_INTERVAL;
	else if (rule->count <= 0 && !has_until)
		e = SERIES_NO_END;
	else if (rule->count > limit || (has_until && until - first > SERIES_SPAN_DAYS))
		e = SERIES_TOO_MANY;
	if (e)
		goto out;

	unsigned mask = rule->weekdays & 0x7f;
	if (!mask)
		mask = 1u << series_weekday(first);
	long week0 = monday_of(first);
	long last = has_until ? until : first + (long)rule->count * 7 * rule->interval + 7;
	for (long d = first; d <= last; d++) {
		if (rule->count > 0 && n == rule->count)
			break;
		if (!(mask & (1u << series_weekday(d))))
			continue;
		if (((monday_of(d) - week0) / 7) % rule->interval)
			continue;
		if (n == limit) {
			e = SERIES_TOO_MANY;
			goto out;
		}
		join(d, start, out[n].starts_at);
		join(d, start + rule->duration, out[n].ends_at);
		n++;
	}
	if (n == 0)
		e = SERIES_EMPTY;
out:
	if (err)
		*err = e;
	return e ? -1 : n;
}
