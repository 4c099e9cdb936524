/* directory — the institution directory (/institutions, filterable by
 * type and district, grouped by type with counts) and each institution's
 * page (/institutions/{id}): contact details, position, courses, upcoming
 * sessions, announcements, how fresh the data is, and its calendar feed. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/router.h"
#include "pages/pages.h"
#include "pages/portal.h"

/* Fields of /institutions (routes.c). */
enum { DIR_TYPE, DIR_DISTRICT };

/* Checks value against the first column of stmt's rows (bound with the
 * text arg); fills allowed with the list for a 400. Returns 1 found, 0 not,
 * -1 on a database error. */
static int known_value(struct request *r, enum stmt_id stmt, const char *value,
		       struct buf *allowed)
{
	struct dbq q;
	int rc, found = 0;
	db_query(r->db, &q, stmt, "n");
	while ((rc = db_next(&q)) == 1) {
		const char *v = db_text(&q, 0);
		buf_printf(allowed, "%s%s", allowed->len ? ", " : "", v);
		if (!strcmp(v, value))
			found = 1;
	}
	db_done(&q);
	return rc < 0 ? -1 : found;
}

int portal_directory_filters(struct request *r, const char *type, const char *district)
{
	struct buf allowed = BUF_INIT;
	int rc = 0, k;
	if (type && (k = known_value(r, ST_DIR_TYPE_COUNTS, type, &allowed)) != 1)
		rc = k < 0 ? req_fail(r, 500, "type query failed")
			   : req_fail(r, 400, "type: must be one of: %s", buf_cstr(&allowed));
	buf_reset(&allowed);
	if (!rc && district && (k = known_value(r, ST_DIR_DISTRICT_COUNTS, district, &allowed)) != 1)
		rc = k < 0 ? req_fail(r, 500, "district query failed")
			   : req_fail(r, 400, "district: must be one of: %s", buf_cstr(&allowed));
	buf_free(&allowed);
	return rc;
}

/* Writes one <option>; selected when value equals current. */
static void option(struct request *r, const char *value, const char *label, long long count,
		   const char *current)
{
	html_fmt(&r->out, "<option value=\"%s\"", value);
	if (current && !strcmp(value, current))
		html_raw_unescaped(&r->out, " selected=\"selected\"");
	html_fmt(&r->out, ">%s", label);
	if (count >= 0)
		html_trf(r, "（%lld 所）", count);
	html_raw_unescaped(&r->out, "</option>\n");
}

/* The filter form: type and district, with the number of institutions
 * each choice would list. */
static int filter_form(struct request *r, const char *type, const char *district)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc;
	html_fmt(b, "<form class=\"filters\" method=\"get\" action=\"/institutions\">\n"
		 "<div class=\"field\"><label for=\"f-type\">%s</label>\n"
		 "<select id=\"f-type\" name=\"type\">\n", tr(r, "機構類型"));
	option(r, "", tr(r, "全部類型"), -1, NULL);
	db_query(r->db, &q, ST_DIR_TYPE_COUNTS, "t", district);
	while ((rc = db_next(&q)) == 1)
		option(r, db_text(&q, 0), db_text(&q, 1), db_int(&q, 3), type);
	db_done(&q);
	if (rc < 0)
		return -1;
	html_fmt(b, "</select></div>\n<div class=\"field\"><label for=\"f-district\">%s</label>\n"
		 "<select id=\"f-district\" name=\"district\">\n", tr(r, "行政區"));
	option(r, "", tr(r, "全部行政區"), -1, NULL);
	db_query(r->db, &q, ST_DIR_DISTRICT_COUNTS, "t", type);
	while ((rc = db_next(&q)) == 1)
		option(r, db_text(&q, 0), db_text(&q, 0), db_int(&q, 2), district);
	db_done(&q);
	if (rc < 0)
		return -1;
	html_fmt(b, "</select></div>\n<div class=\"field\"><button type=\"submit\">%s</button>",
		 tr(r, "篩選"));
	if (type || district)
		html_fmt(b, " <a class=\"button-link\" href=\"/institutions\">%s</a>", tr(r, "清除篩選"));
	html_raw_unescaped(b, "</div>\n</form>\n");
	return 0;
}

int page_institutions(struct request *r)
{
	const char *type = r->in[DIR_TYPE].present ? r->in[DIR_TYPE].s : NULL;
	const char *district = r->in[DIR_DISTRICT].present ? r->in[DIR_DISTRICT].s : NULL;
	struct buf *b = &r->out;
	struct dbq q;
	int rc = portal_directory_filters(r, type, district);
	if (rc)
		return rc;
	page_begin(r, tr(r, "學習機構"), "institutions");
	html_fmt(b, "<p class=\"lead\">%s</p>\n",
		 tr(r, "社區大學、樂齡學習中心、圖書館等終身學習機構的聯絡方式與開設課程。"));
	if (filter_form(r, type, district) < 0)
		return req_fail(r, 500, "directory query failed");

	/* the list, grouped by type: one heading per type with its count */
	struct buf list = BUF_INIT, group = BUF_INIT;
	char cur_type[64] = "", cur_name[128] = "";
	long long total = 0, in_group = 0;
	db_query(r->db, &q, ST_DIR_INSTITUTIONS, "ttt", type, district, r->now);
	for (;;) {
		rc = db_next(&q);
		const char *t = rc == 1 ? db_text(&q, 2) : NULL;
		if (in_group && (!t || strcmp(t, cur_type))) {
			/* close the group: heading with count, then its entries */
			html_fmt(&list, "<section class=\"group\" aria-labelledby=\"t-%s\">\n"
				 "<h2 id=\"t-%s\">%s <span class=\"count\">", cur_type, cur_type, cur_name);
			portal_trf(r, &list, "（%lld 所）", in_group);
			html_raw_unescaped(&list, "</span></h2>\n<ul class=\"directory\">\n");
			buf_append(&list, group.data, group.len);
			buf_puts(&list, "</ul>\n</section>\n");
			buf_reset(&group);
			in_group = 0;
		}
		if (rc != 1)
			break;
		if (!in_group) {
			snprintf(cur_type, sizeof cur_type, "%s", t);
			snprintf(cur_name, sizeof cur_name, "%s", db_text(&q, 3));
		}
		in_group++;
		total++;
		html_raw_unescaped(&group, "<li><h3");
		portal_lang_attr(r, &group);
		html_fmt(&group, "><a href=\"/institutions/%lld\">%s</a></h3>\n<dl class=\"facts\">",
			 db_int(&q, 0), db_text(&q, 1));
		html_fmt(&group, "<dt>%s</dt><dd>%s</dd>", tr(r, "類型"), db_text(&q, 3));
		html_fmt(&group, "<dt>%s</dt><dd>%s</dd>", tr(r, "行政區"),
			 db_text(&q, 4) ? db_text(&q, 4) : tr(r, "全市"));
		if (db_text(&q, 5) && *db_text(&q, 5))
			html_fmt(&group, "<dt>%s</dt><dd>%s</dd>", tr(r, "地址"), db_text(&q, 5));
		if (db_text(&q, 6) && *db_text(&q, 6)) {
			html_fmt(&group, "<dt>%s</dt><dd>", tr(r, "電話"));
			portal_phone_link(&group, db_text(&q, 6));
			buf_puts(&group, "</dd>");
		}
		html_fmt(&group, "<dt>%s</dt><dd>", tr(r, "近期課程"));
		if (db_int(&q, 8) > 0)
			portal_trnf(r, &group, "%lld 門", "%lld 門", (unsigned long)db_int(&q, 8),
				    db_int(&q, 8));
		else
			html_text(&group, tr(r, "目前沒有"));
		buf_puts(&group, "</dd></dl>");
		if (db_int(&q, 9))
			html_fmt(&group, "<p class=\"demo-flag\">%s</p>", tr(r, "示範資料"));
		buf_puts(&group, "</li>\n");
	}
	db_done(&q);
	if (rc < 0) {
		buf_free(&list);
		buf_free(&group);
		return req_fail(r, 500, "directory query failed");
	}
	html_raw_unescaped(b, "<p class=\"result-count\" role=\"status\">");
	html_trf(r, "共 %lld 所機構", total);
	html_raw_unescaped(b, "</p>\n");
	if (total == 0) {
		html_fmt(b, "<p class=\"empty\">%s <a href=\"/institutions\">%s</a></p>\n",
			 tr(r, "沒有符合條件的機構。"), tr(r, "看全部機構"));
	}
	buf_append(b, list.data, list.len);
	buf_free(&list);
	buf_free(&group);
	/* the same list as open data */
	html_fmt(b, "<p class=\"downloads\">%s", tr(r, "下載這份名單（開放資料）："));
	static const char *const exts[] = {"csv", "json", "ods"};
	for (int i = 0; i < 3; i++) {
		html_fmt(b, "%s<a href=\"/open-data/institutions.%s", i ? "、" : "", exts[i]);
		int sep = 0;
		if (type) {
			html_raw_unescaped(b, "?type=");
			html_url_param(b, type);
			sep = 1;
		}
		if (district) {
			html_raw_unescaped(b, sep ? "&amp;district=" : "?district=");
			html_url_param(b, district);
		}
		html_fmt(b, "\">%s</a>", i == 0 ? "CSV" : i == 1 ? "JSON" : "ODS");
	}
	html_fmt(b, "</p>\n<p><a href=\"/open-data\">%s</a></p>\n", tr(r, "關於開放資料與授權"));
	page_end(r);
	return 0;
}

/* The institution's upcoming sessions (the next 10). */
static int institution_sessions(struct request *r, long long id)
{
	struct dbq q;
	html_fmt(&r->out, "<section aria-labelledby=\"h-sessions\">\n<h2 id=\"h-sessions\">%s</h2>\n",
		 tr(r, "近期上課時間"));
	db_query(r->db, &q, ST_INSTITUTION_SESSIONS, "iti", id, r->now, 10LL);
	int n = portal_sessions_table(r, &q, tr(r, "接下來的 10 堂課"), 1, NULL, NULL);
	db_done(&q);
	if (n == 0)
		html_fmt(&r->out, "<p class=\"empty\">%s</p>\n", tr(r, "目前沒有排定的課程時間。"));
	html_raw_unescaped(&r->out, "</section>\n");
	return n < 0 ? -1 : 0;
}

/* The institution's published courses: with an upcoming session first,
 * the others under a disclosure. */
static int institution_courses(struct request *r, long long id)
{
	struct buf *b = &r->out;
	struct dbq q;
	int rc, n = 0, past = 0;
	html_fmt(b, "<section aria-labelledby=\"h-courses\">\n<h2 id=\"h-courses\">%s</h2>\n",
		 tr(r, "開設的課程"));
	db_query(r->db, &q, ST_INSTITUTION_COURSES, "it", id, r->now);
	while ((rc = db_next(&q)) == 1) {
		int upcoming = !db_is_null(&q, 5);
		if (!upcoming && !past) {
			if (n)
				html_raw_unescaped(b, "</ul>\n");
			html_fmt(b, "<details class=\"past-courses\"><summary>%s</summary>\n<ul class=\"courses\">\n",
				 tr(r, "已結束的課程"));
			past = 1;
		} else if (n == 0 && upcoming) {
			html_raw_unescaped(b, "<ul class=\"courses\">\n");
		}
		n++;
		html_fmt(b, "<li><a href=\"/courses/%lld\"", db_int(&q, 0));
		portal_lang_attr(r, b);
		html_fmt(b, ">%s</a><br/><span class=\"muted\">%s・%s・", db_text(&q, 1),
			 db_text(&q, 2), portal_format_name(r, db_text(&q, 3)));
		portal_fee(r, db_int(&q, 4));
		html_raw_unescaped(b, "</span><br/>");
		if (upcoming) {
			html_fmt(b, "%s", tr(r, "下一堂："));
			page_date(r, db_text(&q, 5), DATE_WEEKDAY);
			html_fmt(b, " %s", db_text(&q, 5) + 11);
		} else {
			html_trf(r, "共 %lld 堂，最後一堂：", db_int(&q, 6));
			page_date(r, db_text(&q, 7), 0);
		}
		html_raw_unescaped(b, "</li>\n");
	}
	db_done(&q);
	if (past)
		html_raw_unescaped(b, "</ul>\n</details>\n");
	else if (n)
		html_raw_unescaped(b, "</ul>\n");
	else
		html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "這個機構還沒有在本網站刊登課程。"));
	html_raw_unescaped(b, "</section>\n");
	return rc < 0 ? -1 : 0;
}

/* The latest visible announcements, or a friendly note that there are
 * none yet. */
static int institution_announcements(struct request *r, long long id)
{
	struct buf *b = &r->out;
	struct dbq q;
	char now_utc[24];
	time_t t = time(NULL);
	struct tm tm;
	int rc, n = 0;
	gmtime_r(&t, &tm);
	strftime(now_utc, sizeof now_utc, "%Y-%m-%dT%H:%M:%SZ", &tm);
	html_fmt(b, "<section aria-labelledby=\"h-news\">\n<h2 id=\"h-news\">%s</h2>\n",
		 tr(r, "最新消息"));
	db_query(r->db, &q, ST_INSTITUTION_ANNOUNCEMENTS, "iti", id, now_utc, 5LL);
	while ((rc = db_next(&q)) == 1) {
		html_raw_unescaped(b, n++ ? "<li>" : "<ul class=\"news\">\n<li>");
		page_date(r, db_text(&q, 2), 0);
		html_fmt(b, " <a href=\"/announcements/%lld\"", db_int(&q, 3));
		portal_lang_attr(r, b);
		html_fmt(b, ">%s</a></li>\n", db_text(&q, 0));
	}
	db_done(&q);
	if (n)
		html_raw_unescaped(b, "</ul>\n");
	else
		html_fmt(b, "<p class=\"empty\">%s</p>\n",
			 tr(r, "目前沒有最新消息。課程資訊請看上方的課程列表，或直接聯絡機構。"));
	html_raw_unescaped(b, "</section>\n");
	return rc < 0 ? -1 : 0;
}

int page_institution(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	long long id = r->path_id;
	if (db_query(r->db, &q, ST_INSTITUTION_GET, "i", id) < 0 || db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "找不到這個機構。"));
	}
	page_begin(r, db_text(&q, 1), "institutions");
	if (db_int(&q, 13))
		html_fmt(b, "<p class=\"demo-flag\">%s</p>\n",
			 tr(r, "這是示範資料，用來展示網站功能，並非真實機構。"));
	html_fmt(b, "<dl class=\"facts contact\">\n<dt>%s</dt><dd>%s</dd>\n", tr(r, "類型"),
		 db_text(&q, 4));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "行政區"),
		 db_text(&q, 5) ? db_text(&q, 5) : tr(r, "全市"));
	html_fmt(b, "<dt>%s</dt><dd>%s</dd>\n", tr(r, "地址"),
		 db_text(&q, 6) && *db_text(&q, 6) ? db_text(&q, 6) : tr(r, "未提供"));
	html_fmt(b, "<dt>%s</dt><dd>", tr(r, "電話"));
	if (db_text(&q, 9) && *db_text(&q, 9))
		portal_phone_link(b, db_text(&q, 9));
	else
		html_tr(r, "未提供");
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>", tr(r, "網站"));
	if (db_text(&q, 10) && *db_text(&q, 10))
		portal_website_link(r, db_text(&q, 10));
	else
		html_tr(r, "未提供");
	html_fmt(b, "</dd>\n<dt>%s</dt><dd>", tr(r, "位置"));
	if (!db_is_null(&q, 7) && !db_is_null(&q, 8)) {
		double lat = db_real(&q, 7), lon = db_real(&q, 8);
		html_trf(r, "北緯 %.5f 度，東經 %.5f 度", lat, lon);
		html_fmt(b, "<br/><a href=\"https://www.openstreetmap.org/?mlat=%.5f&amp;mlon=%.5f#map=17/%.5f/%.5f\""
			 " rel=\"noopener noreferrer external\">%s</a>",
			 lat, lon, lat, lon, tr(r, "在 OpenStreetMap 地圖上查看"));
		html_fmt(b, "　<a href=\"/map\">%s</a>", tr(r, "學習地圖"));
	} else {
		html_tr(r, "未提供");
	}
	html_raw_unescaped(b, "</dd>\n</dl>\n");
	/* how fresh the data is */
	long long days = db_int(&q, 12);
	html_raw_unescaped(b, "<p class=\"updated\">");
	if (days == 0)
		html_tr(r, "資料更新：今天");
	else
		html_trf(r, "資料更新：%lld天前", days);
	html_raw_unescaped(b, "（");
	page_date(r, db_text(&q, 11), 0);
	html_raw_unescaped(b, "）</p>\n");
	db_done(&q);
	html_fmt(b, "<p class=\"ask-link\"><a class=\"button-link\" href=\"/ask?institution=%lld\">%s</a></p>\n",
		 id, tr(r, "向這個機構提問（我要諮詢）"));

	if (institution_sessions(r, id) < 0 || institution_courses(r, id) < 0 ||
	    institution_announcements(r, id) < 0)
		return req_fail(r, 500, "institution query failed");
	html_fmt(b, "<section aria-labelledby=\"h-feed\">\n<h2 id=\"h-feed\">%s</h2>\n<p>%s</p>\n"
		 "<p><a class=\"button-link\" href=\"/institutions/%lld.ics\">%s</a>　"
		 "<a href=\"/calendar?institution=%lld\">%s</a></p>\n</section>\n",
		 tr(r, "訂閱課程行事曆"),
		 tr(r, "把這個機構接下來的課程加入手機或電腦的行事曆（Google 日曆、Outlook、iPhone 行事曆都能使用）。"),
		 id, tr(r, "下載行事曆檔（.ics）"), id, tr(r, "在本網站的行事曆查看"));
	page_end(r);
	return 0;
}
