/* portal — helpers shared by the public course and institution pages. */
#include "pages/portal.h"

#include <event2/http.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "db/db.h"
#include "pages/pages.h"

int portal_meta(struct request *r, const char *key, char *out, size_t n)
{
	struct dbq q;
	int rc = -1;
	if (db_query(r->db, &q, ST_META_GET, "t", key) == 0 && db_next(&q) == 1 &&
	    db_text(&q, 0) && *db_text(&q, 0) && strlen(db_text(&q, 0)) < n) {
		snprintf(out, n, "%s", db_text(&q, 0));
		rc = 0;
	}
	db_done(&q);
	return rc;
}

/* True if s is a plain host name or address with an optional port. */
static int plain_host(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	return n > 0 && n < 256 &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == n;
}

/* True if s is an http(s) origin such as "https://a.example" (no path). */
static int plain_origin(const char *s)
{
	const char *h = !strncmp(s, "https://", 8) ? s + 8 : !strncmp(s, "http://", 7) ? s + 7 : NULL;
	return h && plain_host(h);
}

void portal_origin(struct request *r, struct buf *b)
{
	char v[300];
	if (portal_meta(r, "site_url", v, sizeof v) == 0) {
		size_t n = strlen(v);
		while (n && v[n - 1] == '/')
			v[--n] = '\0';
		if (plain_origin(v)) {
			buf_puts(b, v);
			return;
		}
	}
	const char *host = evhttp_find_header(evhttp_request_get_input_headers(r->ev), "Host");
	buf_printf(b, "http://%s", plain_host(host) ? host : "localhost");
}

void portal_uid_domain(struct request *r, char *out, size_t n)
{
	char v[300];
	if (portal_meta(r, "site_url", v, sizeof v) == 0 && plain_origin(v)) {
		const char *h = strstr(v, "://") + 3;
		size_t len = strcspn(h, ":/");
		snprintf(out, n, "%.*s", (int)len, h);
		return;
	}
	if (portal_meta(r, "code", v, sizeof v) < 0 || !plain_host(v))
		snprintf(v, sizeof v, "city");
	snprintf(out, n, "%s.lifelong.invalid", v);
}

void portal_trf(struct request *r, struct buf *b, const char *msgid, ...)
{
	struct buf tmp = BUF_INIT;
	va_list ap;
	va_start(ap, msgid);
	buf_vprintf(&tmp, tr(r, msgid), ap);
	va_end(ap);
	if (buf_failed(&tmp))
		b->failed = 1;
	else
		html_text(b, buf_cstr(&tmp));
	buf_free(&tmp);
}

void portal_trnf(struct request *r, struct buf *b, const char *msgid, const char *msgid_plural,
		 unsigned long n, ...)
{
	struct buf tmp = BUF_INIT;
	va_list ap;
	va_start(ap, n);
	buf_vprintf(&tmp, trn(r, msgid, msgid_plural, n), ap);
	va_end(ap);
	if (buf_failed(&tmp))
		b->failed = 1;
	else
		html_text(b, buf_cstr(&tmp));
	buf_free(&tmp);
}

void portal_lang_attr(struct request *r, struct buf *b)
{
	if (r->lang != LANG_ZH_HANT)
		buf_puts(b, " lang=\"zh-Hant\"");
}

void portal_fee(struct request *r, long long fee)
{
	if (fee <= 0) {
		html_tr(r, "免費");
		return;
	}
	/* NT$ with thousands separators */
	char digits[32], grouped[48];
	int n = snprintf(digits, sizeof digits, "%lld", fee), k = 0;
	for (int i = 0; i < n; i++) {
		if (i && (n - i) % 3 == 0)
			grouped[k++] = ',';
		grouped[k++] = digits[i];
	}
	grouped[k] = '\0';
	html_fmt(&r->out, "NT$%s", grouped);
}

const char *portal_format_name(struct request *r, const char *code)
{
	if (!code)
		return "";
	if (!strcmp(code, "in_person"))
		return tr(r, "實體課程");
	if (!strcmp(code, "online"))
		return tr(r, "線上課程");
	if (!strcmp(code, "blended"))
		return tr(r, "混成（實體＋線上）");
	return code;
}

/* The display name of locale tag in display locale disp, as UTF-8 into out
 * (size n). Returns 0 or -1. */
static int language_display(const char *tag, const char *disp, char *out, int32_t n)
{
	char loc[ULOC_FULLNAME_CAPACITY], dloc[ULOC_FULLNAME_CAPACITY];
	UChar name[128];
	UErrorCode e = U_ZERO_ERROR;
	uloc_forLanguageTag(tag, loc, sizeof loc, NULL, &e);
	uloc_forLanguageTag(disp, dloc, sizeof dloc, NULL, &e);
	int32_t len = uloc_getDisplayName(loc, dloc, name, 128, &e);
	if (U_FAILURE(e) || len <= 0)
		return -1;
	u_strToUTF8(out, n, NULL, name, len, &e);
	return U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING ? -1 : 0;
}

void portal_language_name(struct request *r, const char *tag)
{
	char shown[256], own[256];
	if (!tag || !*tag)
		return;
	if (language_display(tag, i18n_code(r->lang), shown, sizeof shown) < 0) {
		html_text(&r->out, tag);
		return;
	}
	html_text(&r->out, shown);
	if (language_display(tag, tag, own, sizeof own) == 0 && strcmp(own, shown))
		html_fmt(&r->out, " <span lang=\"%s\">(%s)</span>", tag, own);
}

void portal_time_range(struct request *r, const char *starts, const char *ends)
{
	if (!starts || strlen(starts) < 16)
		return;
	html_fmt(&r->out, "<time datetime=\"%.*sT%s\">%s</time>–", 10, starts, starts + 11,
		 starts + 11);
	if (!ends || strlen(ends) < 16)
		return;
	if (strncmp(starts, ends, 10)) {
		page_date(r, ends, 0);
		html_raw_unescaped(&r->out, " ");
	}
	html_fmt(&r->out, "<time datetime=\"%.*sT%s\">%s</time>", 10, ends, ends + 11, ends + 11);
}

void portal_district(struct request *r, const char *district)
{
	if (district && *district)
		html_text(&r->out, district);
	else
		html_raw_unescaped(&r->out, "—");
}

/* Appends a tel: link for a phone number as written ("(02)2422-5520
 * #12"): the dialable part is its digits (and a leading +) up to any
 * extension. */
void portal_phone_link(struct buf *b, const char *phone)
{
	char dial[40];
	size_t k = 0;
	for (const char *p = phone; *p && k < sizeof dial - 1; p++) {
		if (*p == '#' || *p == 'x' || *p == ',' || !strncmp(p, "分機", 6))
			break;
		if ((*p >= '0' && *p <= '9') || (*p == '+' && k == 0))
			dial[k++] = *p;
	}
	dial[k] = '\0';
	if (k >= 3)
		html_fmt(b, "<a href=\"tel:%s\">%s</a>", dial, phone);
	else
		html_text(b, phone);
}

/* Appends a link to an outside website, marked as such. */
void portal_website_link(struct request *r, const char *url)
{
	if (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7))
		html_fmt(&r->out, "<a href=\"%s\" rel=\"noopener noreferrer external\">%s</a>", url, url);
	else
		html_text(&r->out, url);
}

int portal_sessions_table(struct request *r, struct dbq *q, const char *caption,
			  int with_course, int (*keep)(void *ctx, struct dbq *q), void *ctx)
{
	struct buf *b = &r->out;
	int rc, n = 0;
	while ((rc = db_next(q)) == 1) {
		if (keep && !keep(ctx, q))
			continue;
		if (n++ == 0) {
			html_fmt(b, "<div class=\"table-scroll\"><table class=\"sessions\">\n"
				 "<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th>",
				 caption, tr(r, "日期"), tr(r, "時間"));
			if (with_course)
				html_fmt(b, "<th scope=\"col\">%s</th>", tr(r, "課程"));
			html_fmt(b, "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n"
				 "<tbody>\n", tr(r, "上課地點"), tr(r, "行政區"));
		}
		const char *starts = db_text(q, SC_STARTS), *ends = db_text(q, SC_ENDS);
		int past = ends && strcmp(ends, r->now) < 0, cancelled = db_int(q, SC_CANCELLED) != 0;
		html_raw_unescaped(b, cancelled ? "<tr class=\"cancelled\">" : past ? "<tr class=\"past\">"
										 : "<tr>");
		html_raw_unescaped(b, "<th scope=\"row\">");
		page_date(r, starts, DATE_WEEKDAY);
		if (cancelled)
			html_fmt(b, " <strong class=\"flag\">%s</strong>", tr(r, "停課"));
		else if (past)
			html_fmt(b, " <span class=\"muted\">%s</span>", tr(r, "（已結束）"));
		html_raw_unescaped(b, "</th><td>");
		portal_time_range(r, starts, ends);
		html_raw_unescaped(b, "</td>");
		if (with_course) {
			html_raw_unescaped(b, "<td");
			portal_lang_attr(r, b);
			html_fmt(b, "><a href=\"/courses/%lld\">%s</a><br/><span class=\"muted\">%s</span></td>",
				 db_int(q, SC_COURSE_ID), db_text(q, SC_TITLE), db_text(q, SC_INST_NAME));
		}
		html_raw_unescaped(b, "<td");
		portal_lang_attr(r, b);
		html_raw_unescaped(b, ">");
		const char *venue = db_text(q, SC_VENUE), *addr = db_text(q, SC_VENUE_ADDRESS);
		if (venue)
			html_text(b, venue);
		if (addr && *addr) {
			if (venue)
				html_raw_unescaped(b, "<br/>");
			html_fmt(b, "<span class=\"muted\">%s</span>", addr);
		}
		if (!venue && !(addr && *addr))
			html_tr(r, "請洽開課單位");
		html_raw_unescaped(b, "</td><td");
		portal_lang_attr(r, b);
		html_raw_unescaped(b, ">");
		portal_district(r, db_text(q, SC_DISTRICT));
		html_raw_unescaped(b, "</td></tr>\n");
	}
	if (n)
		html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	return rc < 0 ? -1 : n;
}

int portal_course_ids(struct request *r, const struct search_query *q, struct buf *ids,
		      long long *n)
{
	struct search_query all = *q;
	struct search_result res;
	all.unpaged = 1;
	int rc = search_run(r->db, r->now, &all, &res);
	if (rc == 0) {
		buf_puts(ids, "[");
		for (int i = 0; i < res.n_items; i++)
			buf_printf(ids, "%s%lld", i ? "," : "", res.items[i].course_id);
		buf_puts(ids, "]");
		*n = res.n_items;
	}
	search_result_free(&res);
	if (rc < 0 || buf_failed(ids))
		return req_fail(r, 500, "search failed");
	return 0;
}

void portal_download(struct request *r, const char *content_type, const char *file_name)
{
	char v[256];
	r->content_type = content_type;
	snprintf(v, sizeof v, "attachment; filename=\"%s\"", file_name);
	req_header(r, "Content-Disposition", v);
}
