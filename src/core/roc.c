#include "core/roc.h"

#include <stdio.h>

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
