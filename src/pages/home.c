/* home — the portal's front page: the city's districts and its kinds of
 * learning institution, with counts, and the next courses to start. */
#include "core/roc.h"
#include "db/db.h"
#include "http/server.h"
#include "pages/pages.h"

/* Lists the districts with their institution and upcoming-course counts. */
static int home_districts(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc;
	html_raw_unescaped(b, "<section aria-labelledby=\"h-districts\">\n"
			   "<h2 id=\"h-districts\">各行政區</h2>\n<ul class=\"cards\">\n");
	db_query(r->db, &q, ST_HOME_DISTRICTS, "t", r->now);
	while ((rc = db_next(&q)) == 1)
		html_fmt(b, "<li><strong>%s</strong> <span class=\"muted\" lang=\"en\">%s</span>"
			 "<br/>郵遞區號 %s<br/><span class=\"num\">%lld</span> 所學習機構・"
			 "<span class=\"num\">%lld</span> 門近期課程</li>\n",
			 db_text(&q, 1), db_text(&q, 2), db_text(&q, 3), db_int(&q, 4),
			 db_int(&q, 5));
	db_done(&q);
	html_raw_unescaped(b, "</ul>\n</section>\n");
	return rc < 0 ? -1 : 0;
}

/* Lists the institution types with the number of institutions of each. */
static int home_types(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc;
	html_raw_unescaped(b, "<section aria-labelledby=\"h-types\">\n"
			   "<h2 id=\"h-types\">終身學習機構</h2>\n<ul class=\"cards\">\n");
	db_query(r->db, &q, ST_HOME_TYPES, "");
	while ((rc = db_next(&q)) == 1)
		html_fmt(b, "<li><strong>%s</strong><br/><span class=\"num\">%lld</span> 所</li>\n",
			 db_text(&q, 1), db_int(&q, 3));
	db_done(&q);
	html_raw_unescaped(b, "</ul>\n</section>\n");
	return rc < 0 ? -1 : 0;
}

/* Lists the six courses whose next session comes soonest. */
static int home_upcoming(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0;
	html_raw_unescaped(b, "<section aria-labelledby=\"h-next\">\n"
			   "<h2 id=\"h-next\">近期開課</h2>\n<ul>\n");
	db_query(r->db, &q, ST_COURSES_PAGE, "tii", r->now, 6LL, 0LL);
	while ((rc = db_next(&q)) == 1 && !db_is_null(&q, 4)) {
		html_fmt(b, "<li><strong>%s</strong>　%s　%s　", db_text(&q, 1),
			 db_text(&q, 2), db_text(&q, 3) ? db_text(&q, 3) : "");
		roc_html_date(b, db_text(&q, 4));
		html_fmt(b, " %s</li>\n", db_text(&q, 4) + 11);
		n++;
	}
	db_done(&q);
	if (!n)
		html_raw_unescaped(b, "<li>目前沒有即將開始的課程。</li>\n");
	html_raw_unescaped(b, "</ul>\n</section>\n");
	return rc < 0 ? -1 : 0;
}

int page_home(struct request *r)
{
	const struct app *app = r->app;
	page_begin(r, "首頁", "home");
	html_fmt(&r->out, "<p class=\"lead\">在%s，找到適合您的學習機構、課程與活動。</p>\n",
		 app->city_zh);
	if (home_districts(r) < 0 || home_types(r) < 0 || home_upcoming(r) < 0)
		return req_fail(r, 500, "home page query failed");
	page_end(r);
	return 0;
}
