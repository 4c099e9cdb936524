/* calendar — /calendar: the sessions of the courses a search finds (the
 * same filters as /search), by month (a grid of weeks, default: this
 * month) or by week (view=week), with previous/next navigation. The grid
 * is a table with column headers; below it the same sessions as a plain
 * list under one heading per day, which is what narrow screens and screen
 * readers use. Weeks start on Sunday, as Taiwanese calendars do. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "core/grow.h"
#include "db/db.h"
#include "pages/pages.h"
#include "pages/portal.h"

/* The route's own fields, after SEARCH_PARAM_SPECS (routes.c). */
enum { CAL_VIEW = SQ__COUNT, CAL_MONTH, CAL_WEEK };

/* One session shown. */
struct cal_item {
	char starts[17], ends[17];
	long long course_id;
	char *title, *district, *venue, *institution;
	int cancelled;
};

struct cal {
	int week;			/* 1: week view */
	int y, m, d;			/* the first day shown */
	int ndays;			/* days shown: a month's, or 7 */
	char first[11], last[11];	/* the range shown, YYYY-MM-DD */
	struct search_query sq;		/* the filters as the user gave them */
	struct cal_item *items;		/* in time order */
	size_t n, cap;
};

/* Adds n days to y-m-d (any sign). */
static void add_days(int *y, int *m, int *d, int n)
{
	struct tm tm = {.tm_year = *y - 1900, .tm_mon = *m - 1, .tm_mday = *d + n, .tm_hour = 12};
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	*y = tm.tm_year + 1900;
	*m = tm.tm_mon + 1;
	*d = tm.tm_mday;
}

static int month_days(int y, int m)
{
	int y2 = y, m2 = m, d2 = 1;
	add_days(&y2, &m2, &d2, 31);	/* some day of the next month */
	d2 = 1;
	add_days(&y2, &m2, &d2, -1);	/* the last day of m */
	return d2;
}

static void iso(char out[11], int y, int m, int d)
{
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

/* Writes the month's name for headings into out (size n), plain text:
 * 民國115年12月 in zh-Hant, else the language's own "month year" form
 * from ICU's CLDR data. */
static void month_text(struct request *r, char *out, size_t n, int y, int m)
{
	if (r->lang == LANG_ZH_HANT) {
		snprintf(out, n, tr(r, "民國%d年%d月"), y - 1911, m);
		return;
	}
	char loc[ULOC_FULLNAME_CAPACITY];
	UChar skel[8], pat[64], text[64];
	UErrorCode e = U_ZERO_ERROR;
	uloc_forLanguageTag(i18n_code(r->lang), loc, sizeof loc, NULL, &e);
	u_uastrcpy(skel, "yMMMM");
	UDateTimePatternGenerator *g = udatpg_open(loc, &e);
	int32_t pn = udatpg_getBestPattern(g, skel, -1, pat, 64, &e);
	udatpg_close(g);
	UChar utc[4];
	u_uastrcpy(utc, "UTC");
	UDateFormat *f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, utc, -1, pat, pn, &e);
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 15, .tm_hour = 12};
	int32_t len = udat_format(f, (UDate)timegm(&tm) * 1000.0, text, 64, NULL, &e);
	udat_close(f);
	if (U_SUCCESS(e))
		u_strToUTF8(out, (int32_t)n, NULL, text, len, &e);
	if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		snprintf(out, n, "%04d-%02d", y, m);
}

/* Appends the month's name, escaped. */
static void month_label(struct request *r, struct buf *b, int y, int m)
{
	char t[128];
	month_text(r, t, sizeof t, y, m);
	html_text(b, t);
}

/* Reads the view and its month or week from the request. Returns 0 or 400
 * after req_fail(). */
static int cal_range(struct request *r, struct cal *c)
{
	int y, m, d;
	roc_parse_date(r->today, &y, &m, &d);
	c->week = r->in[CAL_VIEW].n == 1;
	if (c->week) {
		if (r->in[CAL_WEEK].present && roc_parse_date(r->in[CAL_WEEK].s, &y, &m, &d) < 0)
			return req_fail(r, 400, "week: must be a date YYYY-MM-DD");
		add_days(&y, &m, &d, -roc_weekday(y, m, d));	/* back to Sunday */
		c->ndays = 7;
	} else {
		if (r->in[CAL_MONTH].present) {
			const char *s = r->in[CAL_MONTH].s;
			char tmp[11];
			snprintf(tmp, sizeof tmp, "%s-01", s);
			if (strlen(s) != 7 || roc_parse_date(tmp, &y, &m, &d) < 0)
				return req_fail(r, 400, "month: must be a month YYYY-MM");
		}
		d = 1;
		c->ndays = month_days(y, m);
	}
	if (y < 1912 || y > 9998)
		return req_fail(r, 400, "%s: the year must be between 1912 and 9998",
				c->week ? "week" : "month");
	c->y = y;
	c->m = m;
	c->d = d;
	iso(c->first, y, m, d);
	add_days(&y, &m, &d, c->ndays - 1);
	iso(c->last, y, m, d);
	return 0;
}

static void cal_free(struct cal *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->items[i].title);
		free(c->items[i].district);
		free(c->items[i].venue);
		free(c->items[i].institution);
	}
	free(c->items);
}

/* Copies the current session row into the calendar. Returns 0 or -1. */
static int cal_keep(struct cal *c, struct dbq *q)
{
	if (grow(&c->items, &c->cap, c->n, sizeof *c->items, 64) < 0)
		return -1;
	struct cal_item *it = &c->items[c->n];
	memset(it, 0, sizeof *it);
	snprintf(it->starts, sizeof it->starts, "%s", db_text(q, SC_STARTS));
	snprintf(it->ends, sizeof it->ends, "%s", db_text(q, SC_ENDS));
	it->course_id = db_int(q, SC_COURSE_ID);
	it->cancelled = db_int(q, SC_CANCELLED) != 0;
	it->title = strdup(db_text(q, SC_TITLE));
	it->institution = strdup(db_text(q, SC_INST_NAME));
	it->district = db_text(q, SC_DISTRICT) ? strdup(db_text(q, SC_DISTRICT)) : NULL;
	it->venue = db_text(q, SC_VENUE) ? strdup(db_text(q, SC_VENUE)) : NULL;
	c->n++;
	if (!it->title || !it->institution)
		return -1;
	return 0;
}

/* Finds the courses and gathers their sessions in the range shown. Returns
 * 0 or an HTTP status after req_fail(). */
static int cal_load(struct request *r, struct cal *c)
{
	struct search_query win = c->sq;
	struct buf ids = BUF_INIT;
	char from[17], to[17];
	long long n = 0;
	int rc;
	/* the window: the range shown, within the user's own from/to */
	snprintf(win.from, sizeof win.from, "%s",
		 c->sq.from[0] && strcmp(c->sq.from, c->first) > 0 ? c->sq.from : c->first);
	snprintf(win.to, sizeof win.to, "%s",
		 c->sq.to[0] && strcmp(c->sq.to, c->last) < 0 ? c->sq.to : c->last);
	if (strcmp(win.from, win.to) > 0)
		return 0;
	if ((rc = portal_course_ids(r, &win, &ids, &n)) != 0 || n == 0) {
		buf_free(&ids);
		return rc;
	}
	snprintf(from, sizeof from, "%s 00:00", win.from);
	snprintf(to, sizeof to, "%s 23:59", win.to);
	struct dbq q;
	db_query(r->db, &q, ST_SESSIONS_OF_COURSES, "ttt", buf_cstr(&ids), from, to);
	while ((rc = db_next(&q)) == 1)
		if (search_session_matches(&win, r->now, db_text(&q, SC_STARTS),
					   db_text(&q, SC_DISTRICT)) &&
		    cal_keep(c, &q) < 0)
			rc = -1;
	db_done(&q);
	buf_free(&ids);
	return rc < 0 ? req_fail(r, 500, "calendar query failed") : 0;
}

/* Appends "/calendar?<filters>&amp;" (ready for the view's own fields). */
static void cal_href(struct cal *c, struct buf *b)
{
	buf_puts(b, "/calendar?");
	unsigned omit = 1u << SQ_PAGE | 1u << SQ_PER_PAGE;
	if (search_query_append_url(&c->sq, b, "&amp;", omit) > 0)
		buf_puts(b, "&amp;");
}

/* The navigation: previous, this, next month or week; and the two views. */
static void cal_nav(struct request *r, struct cal *c)
{
	struct buf *b = &r->out;
	int y = c->y, m = c->m, d = c->d;
	char day[11];
	html_fmt(b, "<nav class=\"cal-nav\" aria-label=\"%s\"><ul>\n", tr(r, "切換月份或週次"));
	for (int step = -1; step <= 1; step += 2) {
		y = c->y, m = c->m, d = c->d;
		if (c->week)
			add_days(&y, &m, &d, 7 * step);
		else
			add_days(&y, &m, &d, step < 0 ? -1 : c->ndays);
		html_raw_unescaped(b, step < 0 ? "<li class=\"prev\"><a rel=\"prev\" href=\"" : "<li class=\"next\"><a rel=\"next\" href=\"");
		cal_href(c, b);
		iso(day, y, m, d);
		if (c->week)
			html_fmt(b, "view=week&amp;week=%s\">", day);
		else
			html_fmt(b, "month=%.*s\">", 7, day);
		if (step < 0)
			html_raw_unescaped(b, "‹ ");
		html_text(b, c->week ? (step < 0 ? tr(r, "上一週") : tr(r, "下一週"))
				     : (step < 0 ? tr(r, "上個月") : tr(r, "下個月")));
		if (!c->week) {
			html_raw_unescaped(b, "<span class=\"visually-hidden\">（");
			month_label(r, b, y, m);
			html_raw_unescaped(b, "）</span>");
		}
		if (step > 0)
			html_raw_unescaped(b, " ›");
		html_raw_unescaped(b, "</a></li>\n");
		if (step < 0) {
			html_raw_unescaped(b, "<li class=\"now\"><a href=\"");
			cal_href(c, b);
			html_fmt(b, "%s\">%s</a></li>\n", c->week ? "view=week" : "view=month",
				 c->week ? tr(r, "本週") : tr(r, "本月"));
		}
	}
	html_raw_unescaped(b, "</ul></nav>\n");
	/* the views: month or week, keeping the date shown */
	html_fmt(b, "<p class=\"cal-views\"><span>%s</span> <a href=\"", tr(r, "檢視方式："));
	cal_href(c, b);
	html_fmt(b, "view=month&amp;month=%.*s\"", 7, c->first);
	if (!c->week)
		html_raw_unescaped(b, " aria-current=\"page\"");
	html_fmt(b, ">%s</a> <a href=\"", tr(r, "月"));
	cal_href(c, b);
	html_fmt(b, "view=week&amp;week=%s\"",
		 c->week || strncmp(r->today, c->first, 7) ? c->first : r->today);
	if (c->week)
		html_raw_unescaped(b, " aria-current=\"page\"");
	html_fmt(b, ">%s</a></p>\n", tr(r, "週"));
}

/* One session in a grid cell: time and title, a large link. */
static void cal_cell_item(struct request *r, const struct cal_item *it)
{
	html_raw_unescaped(&r->out, it->cancelled ? "<li class=\"cancelled\">" : "<li>");
	html_fmt(&r->out, "<a href=\"/courses/%lld\"><span class=\"time\">%s</span> <span",
		 it->course_id, it->starts + 11);
	portal_lang_attr(r, &r->out);
	html_fmt(&r->out, ">%s</span></a>", it->title);
	if (it->cancelled)
		html_fmt(&r->out, " <strong class=\"flag\">%s</strong>", tr(r, "停課"));
	html_raw_unescaped(&r->out, "</li>");
}

/* The month grid: one row per week, Sunday first. */
static void cal_grid(struct request *r, struct cal *c)
{
	static const char *const wd[] = {N_("星期日"), N_("星期一"), N_("星期二"), N_("星期三"),
					 N_("星期四"), N_("星期五"), N_("星期六")};
	static const char *const wd_short[] = {N_("日"), N_("一"), N_("二"), N_("三"),
					       N_("四"), N_("五"), N_("六")};
	struct buf *b = &r->out;
	char day[11];
	size_t k = 0;
	html_fmt(b, "<section aria-labelledby=\"h-grid\" class=\"cal-grid\">\n<h2 id=\"h-grid\">%s</h2>\n"
		 "<p><a href=\"#h-list\">%s</a></p>\n<div class=\"table-scroll\"><table class=\"month\">\n<caption>",
		 tr(r, "月曆"), tr(r, "跳到清單"));
	month_label(r, b, c->y, c->m);
	html_raw_unescaped(b, "</caption>\n<thead><tr>");
	for (int i = 0; i < 7; i++)
		html_fmt(b, "<th scope=\"col\"><abbr title=\"%s\">%s</abbr></th>", tr(r, wd[i]),
			 trp(r, "weekday", wd_short[i]));
	html_raw_unescaped(b, "</tr></thead>\n<tbody>\n<tr>");
	int lead = roc_weekday(c->y, c->m, 1);
	for (int i = 0; i < lead; i++)
		html_raw_unescaped(b, "<td class=\"other\"></td>");
	for (int dd = 1; dd <= c->ndays; dd++) {
		int col = (lead + dd - 1) % 7;
		if (col == 0 && dd > 1)
			html_raw_unescaped(b, "</tr>\n<tr>");
		iso(day, c->y, c->m, dd);
		int today = !strcmp(day, r->today);
		html_raw_unescaped(b, today ? "<td class=\"today\"><span class=\"day-num\" "
				      "aria-current=\"date\">" : "<td><span class=\"day-num\">");
		html_fmt(b, "%d</span>", dd);
		int any = 0;
		for (; k < c->n && !strncmp(c->items[k].starts, day, 10); k++) {
			html_raw_unescaped(b, any++ ? "" : "<ul>");
			cal_cell_item(r, &c->items[k]);
		}
		html_raw_unescaped(b, any ? "</ul></td>" : "</td>");
	}
	int tail = (7 - (lead + c->ndays) % 7) % 7;
	for (int i = 0; i < tail; i++)
		html_raw_unescaped(b, "<td class=\"other\"></td>");
	html_raw_unescaped(b, "</tr>\n</tbody>\n</table></div>\n</section>\n");
}

/* One session in the list: time, title, where. */
static void cal_list_item(struct request *r, const struct cal_item *it)
{
	struct buf *b = &r->out;
	html_raw_unescaped(b, it->cancelled ? "<li class=\"cancelled\">" : "<li>");
	portal_time_range(r, it->starts, it->ends);
	html_fmt(b, " <a href=\"/courses/%lld\"", it->course_id);
	portal_lang_attr(r, b);
	html_fmt(b, ">%s</a>", it->title);
	if (it->cancelled)
		html_fmt(b, " <strong class=\"flag\">%s</strong>", tr(r, "停課"));
	html_raw_unescaped(b, "<br/><span class=\"muted\"");
	portal_lang_attr(r, b);
	html_fmt(b, ">%s", it->institution);
	if (it->venue)
		html_fmt(b, "・%s", it->venue);
	html_raw_unescaped(b, "・");
	portal_district(r, it->district);
	html_raw_unescaped(b, "</span></li>\n");
}

/* The plain list: a heading per day. The week view shows every day (also
 * the empty ones); the month view only days with sessions. */
static void cal_list(struct request *r, struct cal *c)
{
	struct buf *b = &r->out;
	int y = c->y, m = c->m, d = c->d, shown = 0;
	char day[11];
	size_t k = 0;
	html_fmt(b, "<section aria-labelledby=\"h-list\" class=\"cal-list\">\n<h2 id=\"h-list\">%s</h2>\n",
		 c->week ? tr(r, "這一週的課程") : tr(r, "清單"));
	for (int i = 0; i < c->ndays; i++, add_days(&y, &m, &d, 1)) {
		iso(day, y, m, d);
		size_t first = k;
		while (k < c->n && !strncmp(c->items[k].starts, day, 10))
			k++;
		if (k == first && !c->week)
			continue;
		shown++;
		html_fmt(b, "<h3 id=\"d-%s\"", day);
		html_raw_unescaped(b, !strcmp(day, r->today) ? " class=\"today\">" : ">");
		page_date(r, day, DATE_WEEKDAY);
		if (!strcmp(day, r->today))
			html_fmt(b, " <span class=\"flag\">%s</span>", tr(r, "今天"));
		html_raw_unescaped(b, "</h3>\n");
		if (k == first) {
			html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "沒有課程"));
			continue;
		}
		html_raw_unescaped(b, "<ul class=\"cal-day\">\n");
		for (size_t j = first; j < k; j++)
			cal_list_item(r, &c->items[j]);
		html_raw_unescaped(b, "</ul>\n");
	}
	if (!shown)
		html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "這個月沒有符合條件的課程。"));
	html_raw_unescaped(b, "</section>\n");
}

int page_calendar(struct request *r)
{
	struct cal c;
	struct buf title = BUF_INIT, *b = &r->out;
	memset(&c, 0, sizeof c);
	int rc = cal_range(r, &c);
	if (!rc)
		rc = search_query_from_request(r, r->in, &c.sq);
	if (!rc)
		rc = cal_load(r, &c);
	if (rc) {
		cal_free(&c);
		return rc;
	}
	/* the title names what is shown: 民國115年12月 or the week */
	char month[128];
	if (c.week) {
		buf_puts(&title, tr(r, "課程行事曆（週）"));
	} else {
		month_text(r, month, sizeof month, c.y, c.m);
		buf_printf(&title, "%s %s", month, tr(r, "課程行事曆"));
	}
	page_begin(r, buf_cstr(&title), "calendar");
	buf_free(&title);
	if (c.week) {
		html_raw_unescaped(b, "<p class=\"lead\">");
		page_date(r, c.first, DATE_WEEKDAY);
		html_raw_unescaped(b, " – ");
		page_date(r, c.last, DATE_WEEKDAY);
		html_raw_unescaped(b, "</p>\n");
	}
	cal_nav(r, &c);
	html_raw_unescaped(b, "<p class=\"result-count\" role=\"status\">");
	html_trf(r, "共 %zu 堂課", c.n);
	html_raw_unescaped(b, "</p>\n");
	if (!c.week)
		cal_grid(r, &c);
	cal_list(r, &c);
	/* the same sessions elsewhere */
	struct buf q = BUF_INIT;
	search_query_append_url(&c.sq, &q, "&amp;", 1u << SQ_PAGE | 1u << SQ_PER_PAGE);
	html_fmt(b, "<section aria-labelledby=\"h-more\">\n<h2 id=\"h-more\">%s</h2>\n<ul>\n",
		 tr(r, "更多方式"));
	html_raw_unescaped(b, "<li><a href=\"/search");
	if (q.len) {
		buf_puts(b, "?");
		buf_append(b, q.data, q.len);
	}
	html_fmt(b, "\">%s</a></li>\n<li><a href=\"/calendar.ics", tr(r, "修改篩選條件"));
	if (q.len) {
		buf_puts(b, "?");
		buf_append(b, q.data, q.len);
	}
	html_fmt(b, "\">%s</a></li>\n<li><a href=\"/open-data/sessions.csv", tr(r, "訂閱這些課程的行事曆（.ics）"));
	if (q.len) {
		buf_puts(b, "?");
		buf_append(b, q.data, q.len);
	}
	html_fmt(b, "\">%s</a></li>\n</ul>\n</section>\n", tr(r, "下載課程時間表（CSV）"));
	buf_free(&q);
	cal_free(&c);
	page_end(r);
	return 0;
}
