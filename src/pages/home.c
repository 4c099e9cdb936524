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
	html_fmt(b, "<section aria-labelledby=\"h-districts\">\n"
		 "<h2 id=\"h-districts\">%s</h2>\n<ul class=\"cards\">\n", tr(r, "各行政區"));
	db_query(r->db, &q, ST_HOME_DISTRICTS, "t", r->now);
	while ((rc = db_next(&q)) == 1) {
		/* the name leads to the district's courses */
		html_raw_unescaped(b, "<li><a class=\"card-link\" href=\"/search?district=");
		html_url_param(b, db_text(&q, 1));
		html_raw_unescaped(b, "\">");
		page_content(r, "strong", db_text(&q, 1), NULL);
		html_raw_unescaped(b, "</a> <span class=\"muted\"");
		page_lang_attr(r, "en");
		html_fmt(b, ">%s</span><br/>", db_text(&q, 2));
		html_trf(r, "郵遞區號 %s", db_text(&q, 3));
		html_raw_unescaped(b, "<br/>");
		html_count(r, "%lld 所學習機構", "%lld 所學習機構", db_int(&q, 4));
		html_raw_unescaped(b, "<br/>");
		html_count(r, "%lld 門近期課程", "%lld 門近期課程", db_int(&q, 5));
		html_fmt(b, "<br/><a class=\"card-link\" href=\"/map#district-%lld\">", db_int(&q, 0));
		html_tr(r, "在學習地圖上看");
		html_raw_unescaped(b, "</a></li>\n");
	}
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
	html_fmt(b, "<section aria-labelledby=\"h-types\">\n"
		 "<h2 id=\"h-types\">%s</h2>\n<ul class=\"cards\">\n", tr(r, "終身學習機構"));
	db_query(r->db, &q, ST_HOME_TYPES, "");
	while ((rc = db_next(&q)) == 1) {
		html_raw_unescaped(b, "<li><a class=\"card-link\" href=\"/institutions?type=");
		html_url_param(b, db_text(&q, 0));
		html_raw_unescaped(b, "\">");
		page_content(r, "strong", db_text(&q, 1), NULL);
		html_raw_unescaped(b, "</a>");
		/* the data's English name helps readers of the other languages */
		if (r->lang != LANG_ZH_HANT && db_text(&q, 2)) {
			html_raw_unescaped(b, "<br/><span class=\"muted\"");
			page_lang_attr(r, "en");
			html_fmt(b, ">%s</span>", db_text(&q, 2));
		}
		html_raw_unescaped(b, "<br/>");
		html_count(r, "%lld 所", "%lld 所", db_int(&q, 3));
		html_raw_unescaped(b, "</li>\n");
	}
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
	html_fmt(b, "<section aria-labelledby=\"h-next\">\n"
		 "<h2 id=\"h-next\">%s</h2>\n<ul>\n", tr(r, "近期開課"));
	db_query(r->db, &q, ST_COURSES_PAGE, "tii", r->now, 6LL, 0LL);
	while ((rc = db_next(&q)) == 1 && !db_is_null(&q, 4)) {
		/* TRANSLATORS: the space between the parts of one line of a
		 * list (course, place, date); a full-width space in Chinese. */
		const char *sep = trp(r, "分隔", "　");
		html_raw_unescaped(b, "<li>");
		page_content(r, "strong", db_text(&q, 1), NULL);
		html_text(b, sep);
		page_content(r, "span", db_text(&q, 2), NULL);
		if (db_text(&q, 3)) {
			html_text(b, sep);
			page_content(r, "span", db_text(&q, 3), NULL);
		}
		html_text(b, sep);
		page_date(r, db_text(&q, 4), 0);
		html_fmt(b, " %s</li>\n", db_text(&q, 4) + 11);
		n++;
	}
	db_done(&q);
	if (!n)
		html_fmt(b, "<li>%s</li>\n", tr(r, "目前沒有即將開始的課程。"));
	html_raw_unescaped(b, "</ul>\n</section>\n");
	return rc < 0 ? -1 : 0;
}

/* The way in for people who do not know where to start: the guide, and
 * the map beside it. */
static void home_guide_entry(struct request *r)
{
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<div class=\"guide-entry\">\n<a class=\"big-button\" href=\"/guide\">");
	html_tr(r, "找到適合我的學習");
	html_raw_unescaped(b, "</a>\n<p>");
	html_tr(r, "回答三個簡單的問題，為您推薦課程和學習機構。");
	html_raw_unescaped(b, " <a href=\"/map\">");
	html_tr(r, "或在學習地圖上看各區課程");
	html_raw_unescaped(b, "</a></p>\n</div>\n");
}

int page_home(struct request *r)
{
	page_begin(r, tr(r, "首頁"), "home");
	html_raw_unescaped(&r->out, "<p class=\"lead\">");
	html_trf(r, "在%s，找到適合您的學習機構、課程與活動。", page_city(r));
	html_raw_unescaped(&r->out, "</p>\n");
	home_guide_entry(r);
	if (home_districts(r) < 0 || home_types(r) < 0 || home_upcoming(r) < 0 || home_news(r) < 0)
		return req_fail(r, 500, "home page query failed");
	page_end(r);
	return 0;
}
