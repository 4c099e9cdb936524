/* roc — dates in the Republic of China (Minguo) calendar used by Taiwan's
 * government: ROC year = Gregorian year - 1911 (2023 is 民國112年). */
#ifndef LIFELONG_CORE_ROC_H
#define LIFELONG_CORE_ROC_H

#include "core/buf.h"

/* Parses "YYYY-MM-DD" (optionally followed by " HH:MM" or "THH:MM…") into
 * y/m/d. Returns 0, or -1 if the text is not a real calendar date. */
int roc_parse_date(const char *iso, int *y, int *m, int *d);
/* Appends "民國112年3月15日" for iso "2023-03-15". Returns 0 or -1 (bad
 * date: nothing appended). Years before 1912 are written 民國前N年. */
int roc_format_date(struct buf *b, const char *iso);
/* Appends <time datetime="2023-03-15">民國112年3月15日</time>: the ROC date
 * for people, the Gregorian one for machines and as a tooltip. */
int roc_html_date(struct buf *b, const char *iso);
/* Returns the weekday 0 (Sunday) .. 6 of a valid date. */
int roc_weekday(int y, int m, int d);

#endif
