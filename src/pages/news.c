/* news — the announcements of every institution, written in the back
 * office or synced from the institutions' own feeds (src/sync):
 * /announcements (newest first, with each item's source and when it was
 * last synced), GET /api/v1/announcements (JSON), and outgoing feeds of
 * them all or of one institution as RSS 2.0 (/feeds/announcements.rss,
 * /feeds/institutions/{id}.rss) and Atom 1.0 (….atom), written with
 * libxml2's xmlTextWriter. Feed items' HTML was reduced to a safe subset
 * when synced and is reduced again before it is shown or sent on. */
#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/markup.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/server.h"
#include "pages/pages.h"
#include "pages/portal.h"
#include "sync/sanitize.h"

#define PER_PAGE 20
#define FEED_ITEMS 50

/* Columns of ST_NEWS_LIST. */
enum { NC_ID, NC_TITLE, NC_LINK, NC_PUBLISHED, NC_SYNCED, NC_INST_ID, NC_INST_NAME, NC_FEED_URL,
       NC_BODY_HTML, NC_BODY_TEXT, NC_UPDATED };

/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ". */
static void now_utc(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Seconds since the epoch of a UTC "YYYY-MM-DDTHH:MM:SSZ", or -1. */
static time_t utc_time(const char *iso)
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!iso || !strptime(iso, "%Y-%m-%dT%H:%M:%S", &tm))
		return -1;
	return timegm(&tm);
}

/* A UTC timestamp as the city's wall clock "YYYY-MM-DD HH:MM" (out 17). */
static void local_of(const char *iso, char out[17])
{
	time_t t = utc_time(iso);
	struct tm tm;
	out[0] = '\0';
	if (t >= 0 && localtime_r(&t, &tm))
		strftime(out, 17, "%Y-%m-%d %H:%M", &tm);
}

/* Writes the safe HTML of an item: back-office markup, or a feed item's
 * HTML reduced again. */
static void item_html(struct buf *b, const char *body_text, const char *body_html)
{
	if (body_text)
		markup_render(b, body_text);
	else if (body_html && *body_html)
		html_sanitize(body_html, strlen(body_html), b);
}

/* The host of an http(s) URL, for "from example.org" (out size n). */
static void host_of(const char *url, char *out, size_t n)
{
	const char *h = url ? strstr(url, "://") : NULL;
	out[0] = '\0';
	if (!h)
		return;
	h += 3;
	size_t k = strcspn(h, "/?#:");
	snprintf(out, n, "%.*s", (int)k, h);
}

/* Appends the "source · synced at" line of the current row. */
static void source_line(struct request *r, struct dbq *q)
{
	struct buf *b = &r->out;
	char host[200], when[17];
	html_fmt(b, "<p class=\"muted news-source\"><a href=\"/institutions/%lld\"", db_int(q, NC_INST_ID));
	portal_lang_attr(r, b);
	html_fmt(b, ">%s</a>", db_text(q, NC_INST_NAME));
	if (db_text(q, NC_FEED_URL)) {
		host_of(db_text(q, NC_FEED_URL), host, sizeof host);
		html_raw_unescaped(b, "　");
		html_trf(r, "來源：機構網站 %s", host);
		local_of(db_text(q, NC_SYNCED), when);
		if (when[0]) {
			html_raw_unescaped(b, "　");
			html_tr(r, "同步時間：");
			page_date(r, when, 0);
			html_fmt(b, " %s", when + 11);
		}
	} else {
		html_raw_unescaped(b, "　");
		html_tr(r, "來源：本網站");
	}
	html_raw_unescaped(b, "</p>\n");
}

int page_news(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	char now[24], when[17];
	long long page = r->in[0].n, total = 0;
	int rc, n = 0;
	now_utc(now);
	if (db_scalar(r->db, &total, ST_NEWS_COUNT, "it", 0LL, now) < 0)
		return req_fail(r, 500, "announcement count failed");
	page_begin(r, tr(r, "最新消息"), "announcements");
	html_raw_unescaped(b, "<p class=\"lead\">");
	html_tr(r, "各學習機構的最新消息。來自機構自己網站的消息會定時同步，並註明來源與同步時間。");
	html_raw_unescaped(b, "</p>\n<p>");
	html_fmt(b, "<a href=\"/feeds/announcements.rss\">%s</a>　<a href=\"/feeds/announcements.atom\">%s</a></p>\n",
		 tr(r, "訂閱 RSS"), tr(r, "訂閱 Atom"));
	db_query(r->db, &q, ST_NEWS_LIST, "itii", 0LL, now, (long long)PER_PAGE,
		 (page - 1) * PER_PAGE);
	while ((rc = db_next(&q)) == 1) {
		if (!n++)
			html_raw_unescaped(b, "<ul class=\"news-list\">\n");
		html_fmt(b, "<li><h2 class=\"news-title\"><a href=\"/announcements/%lld\"", db_int(&q, NC_ID));
		portal_lang_attr(r, b);
		html_fmt(b, ">%s</a></h2>\n<p>", db_text(&q, NC_TITLE));
		local_of(db_text(&q, NC_PUBLISHED), when);
		page_date(r, when[0] ? when : db_text(&q, NC_PUBLISHED), 0);
		html_raw_unescaped(b, "</p>\n");
		source_line(r, &q);
		html_raw_unescaped(b, "</li>\n");
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "announcement query failed");
	if (n)
		html_raw_unescaped(b, "</ul>\n");
	else
		html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "目前沒有最新消息。"));
	if (total > PER_PAGE) {
		html_fmt(b, "<nav aria-label=\"%s\"><p>", tr(r, "分頁"));
		if (page > 1)
			html_fmt(b, "<a href=\"/announcements?page=%lld\" rel=\"prev\">%s</a>　", page - 1,
				 tr(r, "較新的消息"));
		if (page * PER_PAGE < total)
			html_fmt(b, "<a href=\"/announcements?page=%lld\" rel=\"next\">%s</a>", page + 1,
				 tr(r, "較早的消息"));
		html_raw_unescaped(b, "</p></nav>\n");
	}
	page_end(r);
	return 0;
}

/* A JSON string or null. */
static json_t *jstr(const char *s)
{
	return s ? json_string(s) : json_null();
}

int api_news(struct request *r)
{
	struct dbq q;
	char now[24];
	long long page = r->in[0].n, total = 0;
	int rc;
	json_t *items = json_array();
	now_utc(now);
	if (db_scalar(r->db, &total, ST_NEWS_COUNT, "it", 0LL, now) < 0) {
		json_decref(items);
		return req_fail(r, 500, "announcement count failed");
	}
	db_query(r->db, &q, ST_NEWS_LIST, "itii", 0LL, now, (long long)PER_PAGE,
		 (page - 1) * PER_PAGE);
	while ((rc = db_next(&q)) == 1) {
		struct buf html = BUF_INIT, url = BUF_INIT;
		item_html(&html, db_text(&q, NC_BODY_TEXT), db_text(&q, NC_BODY_HTML));
		buf_printf(&url, "/announcements/%lld", db_int(&q, NC_ID));
		json_t *o = json_pack("{s:I, s:o, s:s, s:o, s:{s:I, s:o}, s:o, s:o, s:s, s:o, s:s}",
				      "id", (json_int_t)db_int(&q, NC_ID),
				      "title", jstr(db_text(&q, NC_TITLE)), "url", buf_cstr(&url),
				      "link", jstr(db_text(&q, NC_LINK)),
				      "institution", "id", (json_int_t)db_int(&q, NC_INST_ID),
				      "name", jstr(db_text(&q, NC_INST_NAME)),
				      "published_at", jstr(db_text(&q, NC_PUBLISHED)),
				      "synced_at", jstr(db_text(&q, NC_SYNCED)),
				      "source", db_text(&q, NC_FEED_URL) ? "feed" : "portal",
				      "source_url", jstr(db_text(&q, NC_FEED_URL)),
				      "body_html", buf_cstr(&html));
		buf_free(&html);
		buf_free(&url);
		json_array_append_new(items, o);
	}
	db_done(&q);
	if (rc < 0) {
		json_decref(items);
		return req_fail(r, 500, "announcement query failed");
	}
	return reply_json(r, json_pack("{s:I, s:I, s:I, s:o}", "total", (json_int_t)total, "page",
				       (json_int_t)page, "per_page", (json_int_t)PER_PAGE,
				       "items", items));
}

/* RFC 822 date (RSS) of a UTC timestamp, in English whatever the locale. */
static void rfc822(const char *iso, char out[40])
{
	static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	time_t t = utc_time(iso);
	struct tm tm;
	if (t < 0)
		t = 0;
	gmtime_r(&t, &tm);
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday % 7],
		 tm.tm_mday % 100, months[tm.tm_mon % 12], (tm.tm_year + 1900) % 10000,
		 tm.tm_hour % 100, tm.tm_min % 100, tm.tm_sec % 100);
}

/* Which outgoing feed. */
enum news_format { NEWS_RSS, NEWS_ATOM };

/* Writes the feed of inst (0: all) in format f as the reply. */
static int news_feed(struct request *r, long long inst, enum news_format f)
{
	struct dbq q;
	struct buf origin = BUF_INIT, title = BUF_INIT, self = BUF_INIT, alt = BUF_INIT;
	char now[24], date[40];
	int rc = 0, n = 0;
	xmlBufferPtr xb = xmlBufferCreate();
	xmlTextWriterPtr w = xb ? xmlNewTextWriterMemory(xb, 0) : NULL;
	if (!w) {
		if (xb)
			xmlBufferFree(xb);
		return req_fail(r, 500, "cannot start the feed");
	}
	now_utc(now);
	portal_origin(r, &origin);
	if (inst) {
		if (db_query(r->db, &q, ST_INSTITUTION_GET, "i", inst) < 0 || db_next(&q) != 1) {
			db_done(&q);
			rc = req_fail(r, 404, "%s", tr(r, "找不到這個機構。"));
			goto out;
		}
		buf_printf(&title, "%s — %s", db_text(&q, 1), tr(r, "最新消息"));
		db_done(&q);
		buf_printf(&self, "%s/feeds/institutions/%lld.%s", buf_cstr(&origin), inst,
			   f == NEWS_RSS ? "rss" : "atom");
		buf_printf(&alt, "%s/institutions/%lld", buf_cstr(&origin), inst);
	} else {
		buf_printf(&title, "%s%s — %s", page_city(r), tr(r, "終身學習網"), tr(r, "最新消息"));
		buf_printf(&self, "%s/feeds/announcements.%s", buf_cstr(&origin),
			   f == NEWS_RSS ? "rss" : "atom");
		buf_printf(&alt, "%s/announcements", buf_cstr(&origin));
	}
	xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);
	if (f == NEWS_RSS) {
		xmlTextWriterStartElement(w, BAD_CAST "rss");
		xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "2.0");
		xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:atom", BAD_CAST "http://www.w3.org/2005/Atom");
		xmlTextWriterStartElement(w, BAD_CAST "channel");
		xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST buf_cstr(&title));
		xmlTextWriterWriteElement(w, BAD_CAST "link", BAD_CAST buf_cstr(&alt));
		xmlTextWriterWriteElement(w, BAD_CAST "description", BAD_CAST buf_cstr(&title));
		xmlTextWriterWriteElement(w, BAD_CAST "language", BAD_CAST "zh-Hant");
		rfc822(now, date);
		xmlTextWriterWriteElement(w, BAD_CAST "lastBuildDate", BAD_CAST date);
		xmlTextWriterStartElement(w, BAD_CAST "atom:link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST buf_cstr(&self));
		xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
		xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "application/rss+xml");
		xmlTextWriterEndElement(w);
	} else {
		xmlTextWriterStartElement(w, BAD_CAST "feed");
		xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns", BAD_CAST "http://www.w3.org/2005/Atom");
		xmlTextWriterWriteAttribute(w, BAD_CAST "xml:lang", BAD_CAST "zh-Hant");
		xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST buf_cstr(&self));
		xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST buf_cstr(&title));
		xmlTextWriterStartElement(w, BAD_CAST "link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "self");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST buf_cstr(&self));
		xmlTextWriterEndElement(w);
		xmlTextWriterStartElement(w, BAD_CAST "link");
		xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
		xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "text/html");
		xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST buf_cstr(&alt));
		xmlTextWriterEndElement(w);
		xmlTextWriterStartElement(w, BAD_CAST "author");
		xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST page_city(r));
		xmlTextWriterEndElement(w);
	}
	db_query(r->db, &q, ST_NEWS_LIST, "itii", inst, now, (long long)FEED_ITEMS, 0LL);
	while ((rc = db_next(&q)) == 1) {
		struct buf url = BUF_INIT, html = BUF_INIT;
		const char *pub = db_text(&q, NC_PUBLISHED);
		buf_printf(&url, "%s/announcements/%lld", buf_cstr(&origin), db_int(&q, NC_ID));
		item_html(&html, db_text(&q, NC_BODY_TEXT), db_text(&q, NC_BODY_HTML));
		if (f == NEWS_ATOM && !n) {	/* newest first: the feed's updated */
			xmlTextWriterWriteElement(w, BAD_CAST "updated",
						  BAD_CAST(utc_time(db_text(&q, NC_UPDATED)) >= 0
							   ? db_text(&q, NC_UPDATED) : pub));
		}
		n++;
		if (f == NEWS_RSS) {
			xmlTextWriterStartElement(w, BAD_CAST "item");
			xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST db_text(&q, NC_TITLE));
			xmlTextWriterWriteElement(w, BAD_CAST "link", BAD_CAST buf_cstr(&url));
			xmlTextWriterWriteElement(w, BAD_CAST "description", BAD_CAST buf_cstr(&html));
			rfc822(pub, date);
			xmlTextWriterWriteElement(w, BAD_CAST "pubDate", BAD_CAST date);
			xmlTextWriterStartElement(w, BAD_CAST "guid");
			xmlTextWriterWriteAttribute(w, BAD_CAST "isPermaLink", BAD_CAST "true");
			xmlTextWriterWriteString(w, BAD_CAST buf_cstr(&url));
			xmlTextWriterEndElement(w);
			if (db_text(&q, NC_FEED_URL)) {
				xmlTextWriterStartElement(w, BAD_CAST "source");
				xmlTextWriterWriteAttribute(w, BAD_CAST "url", BAD_CAST db_text(&q, NC_FEED_URL));
				xmlTextWriterWriteString(w, BAD_CAST db_text(&q, NC_INST_NAME));
				xmlTextWriterEndElement(w);
			}
			xmlTextWriterEndElement(w);
		} else {
			const char *upd = db_text(&q, NC_UPDATED);
			xmlTextWriterStartElement(w, BAD_CAST "entry");
			xmlTextWriterWriteElement(w, BAD_CAST "id", BAD_CAST buf_cstr(&url));
			xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST db_text(&q, NC_TITLE));
			xmlTextWriterWriteElement(w, BAD_CAST "published", BAD_CAST pub);
			xmlTextWriterWriteElement(w, BAD_CAST "updated",
						  BAD_CAST(utc_time(upd) >= 0 ? upd : pub));
			xmlTextWriterStartElement(w, BAD_CAST "link");
			xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "alternate");
			xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST buf_cstr(&url));
			xmlTextWriterEndElement(w);
			if (db_text(&q, NC_FEED_URL)) {
				xmlTextWriterStartElement(w, BAD_CAST "link");
				xmlTextWriterWriteAttribute(w, BAD_CAST "rel", BAD_CAST "via");
				xmlTextWriterWriteAttribute(w, BAD_CAST "href", BAD_CAST db_text(&q, NC_FEED_URL));
				xmlTextWriterEndElement(w);
			}
			xmlTextWriterStartElement(w, BAD_CAST "author");
			xmlTextWriterWriteElement(w, BAD_CAST "name", BAD_CAST db_text(&q, NC_INST_NAME));
			xmlTextWriterEndElement(w);
			xmlTextWriterStartElement(w, BAD_CAST "content");
			xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "html");
			xmlTextWriterWriteString(w, BAD_CAST buf_cstr(&html));
			xmlTextWriterEndElement(w);
			xmlTextWriterEndElement(w);
		}
		buf_free(&url);
		buf_free(&html);
	}
	db_done(&q);
	if (f == NEWS_ATOM && !n)
		xmlTextWriterWriteElement(w, BAD_CAST "updated", BAD_CAST now);
	xmlTextWriterEndDocument(w);
	xmlFreeTextWriter(w);
	w = NULL;
	if (rc < 0) {
		rc = req_fail(r, 500, "announcement query failed");
		goto out;
	}
	rc = 0;
	buf_append(&r->out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
	r->content_type = f == NEWS_RSS ? "application/rss+xml; charset=utf-8"
				       : "application/atom+xml; charset=utf-8";
out:
	if (w)
		xmlFreeTextWriter(w);
	xmlBufferFree(xb);
	buf_free(&origin);
	buf_free(&title);
	buf_free(&self);
	buf_free(&alt);
	return rc;
}

int feed_news_rss(struct request *r)
{
	return news_feed(r, 0, NEWS_RSS);
}

int feed_news_atom(struct request *r)
{
	return news_feed(r, 0, NEWS_ATOM);
}

int feed_institution_news_rss(struct request *r)
{
	return news_feed(r, r->path_id, NEWS_RSS);
}

int feed_institution_news_atom(struct request *r)
{
	return news_feed(r, r->path_id, NEWS_ATOM);
}

int home_news(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	char now[24], when[17];
	int rc, n = 0;
	now_utc(now);
	html_fmt(b, "<section aria-labelledby=\"h-news\">\n<h2 id=\"h-news\">%s</h2>\n",
		 tr(r, "最新消息"));
	db_query(r->db, &q, ST_NEWS_LIST, "itii", 0LL, now, 5LL, 0LL);
	while ((rc = db_next(&q)) == 1) {
		html_raw_unescaped(b, n++ ? "<li>" : "<ul class=\"news\">\n<li>");
		local_of(db_text(&q, NC_PUBLISHED), when);
		page_date(r, when[0] ? when : db_text(&q, NC_PUBLISHED), 0);
		html_fmt(b, " <a href=\"/announcements/%lld\"", db_int(&q, NC_ID));
		portal_lang_attr(r, b);
		html_fmt(b, ">%s</a>　", db_text(&q, NC_TITLE));
		page_content(r, "span", db_text(&q, NC_INST_NAME), NULL);
		html_raw_unescaped(b, "</li>\n");
	}
	db_done(&q);
	if (n)
		html_fmt(b, "</ul>\n<p><a href=\"/announcements\">%s</a></p>\n", tr(r, "所有最新消息"));
	else
		html_fmt(b, "<p class=\"empty\">%s</p>\n", tr(r, "目前沒有最新消息。"));
	html_raw_unescaped(b, "</section>\n");
	return rc < 0 ? -1 : 0;
}

void bo_feed_status(struct request *r, long long inst)
{
	struct buf *b = &r->out;
	struct dbq q;
	int n = 0;
	db_query(r->db, &q, ST_FEED_STATUS_OF, "i", inst);
	while (db_next(&q) == 1) {
		if (!n++)
			html_fmt(b, "<section aria-labelledby=\"h-feed-status\">\n"
				 "<h2 id=\"h-feed-status\">%s</h2>\n<table>\n<thead><tr>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				 tr(r, "消息來源同步狀況"), tr(r, "網址"), tr(r, "上次成功同步"),
				 tr(r, "上次的問題"), tr(r, "目前的消息數"));
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td>", db_text(&q, 0));
		if (db_text(&q, 2))
			html_fmt(b, "%.10s %.5s UTC", db_text(&q, 2), db_text(&q, 2) + 11);
		else
			html_tr(r, "尚未成功");
		html_fmt(b, "</td><td>%s</td><td>%lld</td></tr>\n",
			 db_text(&q, 3) ? db_text(&q, 3) : "—", db_int(&q, 4));
	}
	db_done(&q);
	if (n)
		html_raw_unescaped(b, "</tbody>\n</table>\n</section>\n");
}
