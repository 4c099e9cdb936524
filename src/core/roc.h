/* roc — dates in the Republic of China (Minguo) calendar used by Taiwan's
 * government: ROC year = Gregorian year - 1911 (2023 is 民國112年). */
#ifndef LIFELONG_CORE_ROC_H
#define LIFELONG_CORE_ROC_H

#include "core/buf.h"
#include "core/i18n.h"

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

/* Flags of the language-aware date functions. */
enum { DATE_WEEKDAY = 1 };	/* add the day of the week */

/* Appends the date of iso as readers of language l write it: for zh-Hant
 * the ROC date (exactly roc_format_date; with DATE_WEEKDAY
 * "民國112年3月15日（星期三）"), for the others the Gregorian date in the
 * language's long form from ICU's CLDR data ("15 March 2023",
 * "15 tháng 3, 2023", "15 Maret 2023", "15 มีนาคม 2023"; Thai in the
 * Gregorian, not the Buddhist, era). Returns 0, or -1 (bad date or ICU
 * failure: nothing appended). Thread-safe: each thread keeps its own ICU
 * formatters, closed when the thread ends. */
int date_format_lang(struct buf *b, enum lang l, const char *iso, unsigned flags);
/* As date_format_lang inside <time datetime="2023-03-15"
 * title="2023-03-15">…</time>; for zh-Hant without flags the output is
 * exactly roc_html_date's. */
int date_html_lang(struct buf *b, enum lang l, const char *iso, unsigned flags);

#endif
