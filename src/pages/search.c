/* search — finding a course: GET /search (the page: a search box, facet
 * check boxes with counts, results with why each matched, paging) and
 * GET /api/v1/courses (the same search as JSON). Both take the fields of
 * SEARCH_PARAM_SPECS (src/search/search.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/reply.h"
#include "pages/pages.h"
#include "search/search.h"

/* The columns of course_fts (ST_SEARCH_FTS_TEXT), what each is called on
 * the page, and its name in the API. */
enum { COL_TITLE, COL_DESCRIPTION, COL_INSTITUTION, COL_TAGS, COL_PLACES, COL__COUNT };
static const char *const col_keys[COL__COUNT] = {"title", "description", "institution",
	"tags", "places"};
static const char *const col_labels[COL__COUNT] = {N_("課程名稱"), N_("課程介紹"),
	N_("開課機構"), N_("類別與對象"), N_("上課地點")};

#define SNIPPET_CHARS 80

static long long clock_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

/* Adds the Server-Timing header (durations in ms with µs precision):
 * "search" the search itself (search_us; -1: the output came from the
 * cache, "cache" then), "total" the handler from start to the finished
 * reply body (since t0). */
static void timing_header(struct request *r, long long search_us, long long t0)
{
	char v[128];
	long long total = clock_us() - t0;
	if (search_us >= 0)
		snprintf(v, sizeof v, "search;dur=%lld.%03lld, total;dur=%lld.%03lld",
			 search_us / 1000, search_us % 1000, total / 1000, total % 1000);
	else
		snprintf(v, sizeof v, "cache;desc=\"hit\", total;dur=%lld.%03lld",
			 total / 1000, total % 1000);
	req_header(r, "Server-Timing", v);
}

/* The cache key of a search's output: kind, language, minute, query. */
static void cache_key(struct buf *k, struct request *r, const char *kind,
		      const struct search_query *q)
{
	buf_printf(k, "%s|%s|%s|", kind, i18n_code(r->lang), r->now);
	search_query_append_url(q, k, "&", 0);
}

/* Fetches the indexed text of a course into cols[] (copies; free each). */
static int course_text(struct request *r, long long id, char *cols[COL__COUNT])
{
	struct dbq q;
	int rc;
	memset(cols, 0, COL__COUNT * sizeof *cols);
	db_query(r->db, &q, ST_SEARCH_FTS_TEXT, "i", id);
	if ((rc = db_next(&q)) == 1)
		for (int i = 0; i < COL__COUNT; i++)
			cols[i] = strdup(db_text(&q, i) ? db_text(&q, i) : "");
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

static void free_cols(char *cols[COL__COUNT])
{
	for (int i = 0; i < COL__COUNT; i++)
		free(cols[i]);
}

/* ---- JSON ---------------------------------------------------------------- */

static json_t *facets_json(struct request *r, const struct search_result *res)
{
	json_t *o = json_object();
	for (int f = 0; f < SF__COUNT; f++) {
		const struct search_facet *fc = &res->facets[f];
		json_t *list = json_array();
		for (int i = 0; i < fc->n; i++) {
			const struct search_facet_value *v = &fc->values[i];
			const char *label = fc->translatable ? tr(r, v->label) : v->label;
			json_array_append_new(list, json_pack("{s:s, s:s, s:s?, s:I, s:b}",
					      "value", v->value, "label", label,
					      "label_en", v->label_en, "count", (json_int_t)v->count,
					      "selected", v->selected));
		}
		json_object_set_new(o, fc->field, list);
	}
	return o;
}

/* The matched snippets of an item: [{"field": "description", "html": …}]. */
static json_t *snippets_json(struct request *r, const struct search_query *sq,
			     const struct search_item *it)
{
	json_t *list = json_array();
	char *cols[COL__COUNT];
	if (!sq->q[0] || course_text(r, it->course_id, cols) < 0)
		return list;
	for (int i = 0; i < COL__COUNT; i++) {
		struct buf b = BUF_INIT;
		if (cols[i] && search_snippet_html(&b, cols[i], sq->q, SNIPPET_CHARS) > 0)
			json_array_append_new(list, json_pack("{s:s, s:s}", "field", col_keys[i],
							      "html", buf_cstr(&b)));
		buf_free(&b);
	}
	free_cols(cols);
	return list;
}

static json_t *item_json(struct request *r, const struct search_query *sq,
			 const struct search_item *it)
{
	char url[64];
	json_t *aud = json_array();
	for (int i = 0; search_audience_codes[i]; i++)
		if (it->audiences & (1u << i))
			json_array_append_new(aud, json_string(search_audience_codes[i]));
	snprintf(url, sizeof url, "/courses/%lld", it->course_id);
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s?, s:s, s:s, s:o, s:I, s:s, s:s, s:b, s:s}",
			      "id", (json_int_t)it->course_id, "title", it->title,
			      "institution", it->institution,
			      "institution_id", (json_int_t)it->institution_id, "district", it->district,
			      "next_session", it->next_session, "category", it->category,
			      "audiences", aud, "fee_twd", (json_int_t)it->fee_twd,
			      "format", it->format, "language", it->language,
			      "childcare", it->childcare, "url", url);
	json_object_set_new(o, "seats_left", it->seats_left < 0 ? json_null()
					     : json_integer(it->seats_left));
	json_object_set_new(o, "snippets", snippets_json(r, sq, it));
	return o;
}

int api_courses(struct request *r)
{
	struct search_query sq;
	struct search_result res;
	struct buf key = BUF_INIT;
	long long t0 = clock_us();
	int st = search_query_from_request(r, r->in, &sq);
	if (st)
		return st;
	cache_key(&key, r, "api", &sq);
	if (search_cache_get(r->db, buf_cstr(&key), &r->out)) {
		r->content_type = "application/json";
		timing_header(r, -1, t0);
		buf_free(&key);
		return 0;
	}
	if (search_run(r->db, r->now, &sq, &res) < 0) {
		search_result_free(&res);
		buf_free(&key);
		return req_fail(r, 500, "search failed");
	}
	json_t *items = json_array();
	for (int i = 0; i < res.n_items; i++)
		json_array_append_new(items, item_json(r, &sq, &res.items[i]));
	json_t *j = json_pack("{s:I, s:I, s:I, s:o, s:o}", "total", (json_int_t)res.total,
			      "page", (json_int_t)res.page, "per_page", (json_int_t)res.per_page,
			      "facets", facets_json(r, &res), "items", items);
	long long search_us = res.elapsed_us;
	search_result_free(&res);
	size_t start = r->out.len;
	st = reply_json(r, j);
	timing_header(r, search_us, t0);
	if (!st && !buf_failed(&r->out))
		search_cache_put(r->db, buf_cstr(&key), r->out.data + start, r->out.len - start);
	buf_free(&key);
	return st;
}

/* ---- the page ------------------------------------------------------------- */

/* Appends href="/search?…" for query q (HTML attribute). */
static void search_href(struct request *r, const struct search_query *q, unsigned omit)
{
	html_raw_unescaped(&r->out, "href=\"/search");
	struct buf tmp = BUF_INIT;
	if (search_query_append_url(q, &tmp, "&amp;", omit) > 0) {
		html_raw_unescaped(&r->out, "?");
		html_raw_unescaped(&r->out, buf_cstr(&tmp));
	}
	buf_free(&tmp);
	html_raw_unescaped(&r->out, "\"");
}

static const char *facet_title(struct request *r, int f)
{
	return tr(r, search_facet_title((enum search_facet_id)f));
}

static const char *facet_label(struct request *r, const struct search_facet *fc,
			       const struct search_facet_value *v)
{
	if (fc->translatable)
		return tr(r, v->label);
	if (r->lang != LANG_ZH_HANT && v->label_en)
		return v->label_en;
	return v->label;
}

/* Facets whose values are exclusive (one value at a time): radio buttons. */
static int facet_is_single(int f)
{
	return f == SF_FEE || f == SF_STARTS_WITHIN || f == SF_WEEKEND || f == SF_CHILDCARE ||
	       f == SF_AVAILABLE;
}

/* One fieldset of check boxes (or radio buttons) with counts. */
static void facet_fieldset(struct request *r, const struct search_result *res, int f)
{
	struct buf *b = &r->out;
	const struct search_facet *fc = &res->facets[f];
	int shown = 0, single = facet_is_single(f);
	for (int i = 0; i < fc->n; i++)
		shown += fc->values[i].count > 0 || fc->values[i].selected;
	if (!shown)
		return;
	html_fmt(b, "<fieldset class=\"facet\"><legend>%s</legend>\n", facet_title(r, f));
	if (single && (f == SF_FEE || f == SF_STARTS_WITHIN)) {
		int any = 1;
		for (int i = 0; i < fc->n; i++)
			any &= !fc->values[i].selected;
		html_fmt(b, "<label><input type=\"radio\" name=\"%s\" value=\"\"", fc->field);
		if (any)
			html_raw_unescaped(b, " checked=\"checked\"");
		html_fmt(b, "/> %s</label>\n", tr(r, "不限"));
	}
	for (int i = 0; i < fc->n; i++) {
		const struct search_facet_value *v = &fc->values[i];
		if (!v->count && !v->selected)
			continue;
		html_fmt(b, "<label><input type=\"%s\" name=\"%s\" value=\"%s\"",
			 single && fc->n > 1 ? "radio" : "checkbox", fc->field, v->value);
		if (v->selected)
			html_raw_unescaped(b, " checked=\"checked\"");
		html_raw_unescaped(b, "/> ");
		html_fmt(b, "<span>%s</span> <span class=\"count\">", facet_label(r, fc, v));
		/* TRANSLATORS: a facet value's number of courses, e.g. "(12)" */
		html_trf(r, "（%lld）", v->count);
		html_raw_unescaped(b, "</span></label>\n");
	}
	html_raw_unescaped(b, "</fieldset>\n");
}

static void search_form(struct request *r, const struct search_query *q,
			const struct search_result *res)
{
	struct buf *b = &r->out;
	html_fmt(b, "<form class=\"search\" method=\"get\" action=\"/search\">\n"
		 "<div role=\"search\"><p class=\"search-box\"><label for=\"q\">%s</label>\n"
		 "<input type=\"search\" id=\"q\" name=\"q\" value=\"%s\" maxlength=\"%d\" "
		 "aria-describedby=\"q-hint\"/>\n"
		 "<button type=\"submit\">%s</button></p>\n"
		 "<p id=\"q-hint\" class=\"muted\">%s</p></div>\n"
		 "<p class=\"to-results\"><a href=\"#h-results\">%s</a></p>\n"
		 "<div class=\"search-layout\">\n",
		 tr(r, "想學什麼？"), q->q, SEARCH_Q_MAX_CHARS, tr(r, "搜尋"),
		 tr(r, "例如：書法、電腦、茶、Tiếng Việt。可用空格分開多個詞，課程須符合每一個詞。"),
		 tr(r, "跳到搜尋結果"));
	if (q->sort != SEARCH_SORT_SOONEST)
		html_fmt(b, "<input type=\"hidden\" name=\"sort\" value=\"%s\"/>\n",
			 search_sort_codes[q->sort]);
	html_fmt(b, "<details class=\"filters\" open=\"open\"><summary>%s</summary>\n"
		 "<div class=\"facets\">\n", tr(r, "篩選條件"));
	static const int order[] = {SF_CATEGORY, SF_AUDIENCE, SF_DISTRICT, SF_WEEKDAY, SF_TIME,
		SF_WEEKEND, SF_STARTS_WITHIN, SF_FEE, SF_FORMAT, SF_LANGUAGE, SF_CHILDCARE,
		SF_AVAILABLE, SF_INSTITUTION_TYPE};
	for (size_t i = 0; i < sizeof order / sizeof *order; i++)
		facet_fieldset(r, res, order[i]);
	html_fmt(b, "</div>\n<p><button type=\"submit\">%s</button> <a class=\"button-link\" ",
		 tr(r, "套用篩選"));
	struct search_query keep;	/* the keyword alone */
	search_query_init(&keep);
	memcpy(keep.q, q->q, sizeof keep.q);
	search_href(r, &keep, 0);
	html_fmt(b, ">%s</a></p>\n</details>\n", tr(r, "清除篩選條件"));
}

/* The chosen filters, each with a link that removes it. */
static void active_filters(struct request *r, const struct search_query *q,
			   const struct search_result *res)
{
	struct buf *b = &r->out;
	int n = 0;
	for (int f = 0; f < SF__COUNT; f++)
		for (int i = 0; i < res->facets[f].n; i++)
			n += res->facets[f].values[i].selected;
	if (!n)
		return;
	html_fmt(b, "<div class=\"active-filters\"><h2 class=\"visually-hidden\" id=\"h-active\">%s</h2>"
		 "<ul aria-labelledby=\"h-active\">\n", tr(r, "已選的條件"));
	for (int f = 0; f < SF__COUNT; f++) {
		const struct search_facet *fc = &res->facets[f];
		for (int i = 0; i < fc->n; i++) {
			const struct search_facet_value *v = &fc->values[i];
			if (!v->selected)
				continue;
			/* the same search without this one value */
			struct buf u = BUF_INIT;
			struct search_query w = *q;
			w.page = 1;
			search_query_append_url(&w, &u, "&", 0);
			html_raw_unescaped(b, "<li><a href=\"/search?");
			/* rebuild the query string leaving out field=value */
			struct buf out = BUF_INIT, pair = BUF_INIT;
			buf_puts(&pair, fc->field);
			buf_puts(&pair, "=");
			html_url_param(&pair, v->value);
			const char *s = buf_cstr(&u);
			int first = 1;
			while (*s) {
				const char *e = strchr(s, '&');
				size_t len = e ? (size_t)(e - s) : strlen(s);
				if (len != pair.len || memcmp(s, pair.data, len)) {
					if (!first)
						buf_puts(&out, "&amp;");
					buf_append(&out, s, len);
					first = 0;
				}
				s += len + (e ? 1 : 0);
			}
			html_raw_unescaped(b, buf_cstr(&out));
			html_fmt(b, "\"><span class=\"visually-hidden\">%s</span>", tr(r, "移除條件："));
			html_fmt(b, "%s：%s <span aria-hidden=\"true\">✕</span></a></li>\n",
				 facet_title(r, f), facet_label(r, fc, v));
			buf_free(&u);
			buf_free(&out);
			buf_free(&pair);
		}
	}
	html_raw_unescaped(b, "</ul></div>\n");
}

/* The offer to be told by e-mail of new courses this search finds
 * (/alerts/new, pages/alerts.h); none for a search without conditions. */
static void alert_offer(struct request *r, const struct search_query *q)
{
	struct buf u = BUF_INIT;
	if (search_query_append_url(q, &u, "&amp;",
				    (1u << SQ_SORT) | (1u << SQ_PAGE) | (1u << SQ_PER_PAGE)) > 0) {
		html_raw_unescaped(&r->out, "<p class=\"alert-offer\"><a class=\"button-link\" href=\"/alerts/new?");
		html_raw_unescaped(&r->out, buf_cstr(&u));
		html_fmt(&r->out, "\">%s</a></p>\n", tr(r, "有新課程符合時，寄信通知我"));
	}
	buf_free(&u);
}

static void sort_links(struct request *r, const struct search_query *q)
{
	struct buf *b = &r->out;
	static const char *const labels[] = {N_("最快開課"), N_("最相關"), N_("最新上架")};
	html_fmt(b, "<nav class=\"sort\" aria-label=\"%s\"><ul>\n", tr(r, "排序方式"));
	for (int s = 0; s < 3; s++) {
		if (s == SEARCH_SORT_RELEVANCE && !q->q[0])
			continue;
		struct search_query w = *q;
		w.sort = (enum search_sort)s;
		w.page = 1;
		html_raw_unescaped(b, "<li><a ");
		search_href(r, &w, 0);
		if (q->sort == (enum search_sort)s)
			html_raw_unescaped(b, " aria-current=\"true\"");
		html_fmt(b, ">%s</a></li>\n", tr(r, labels[s]));
	}
	html_raw_unescaped(b, "</ul></nav>\n");
}

static void fee_text(struct request *r, long long fee)
{
	if (fee == 0)
		html_tr(r, "免費");
	else
		html_trf(r, "%lld 元", fee);
}

static const char *format_text(struct request *r, const char *code)
{
	if (!strcmp(code, "online"))
		return tr(r, "線上課程");
	if (!strcmp(code, "blended"))
		return tr(r, "實體與線上混成");
	return tr(r, "實體課程");
}

/* One result: title (linked, matches marked), facts, why it matched. */
static void result_item(struct request *r, const struct search_query *q,
			const struct search_item *it)
{
	struct buf *b = &r->out;
	char *cols[COL__COUNT];
	int have_text = course_text(r, it->course_id, cols) == 0 && cols[0];	/* sets cols */
	html_fmt(b, "<li class=\"result\">\n<h3><a href=\"/courses/%lld\"", it->course_id);
	page_lang_attr(r, NULL);
	html_raw_unescaped(b, ">");
	search_highlight_html(b, it->title, q->q);
	html_raw_unescaped(b, "</a></h3>\n<dl class=\"facts\">\n");
	html_fmt(b, "<div><dt>%s</dt><dd", tr(r, "開課機構"));
	page_lang_attr(r, NULL);
	html_fmt(b, ">%s</dd></div>\n", it->institution);
	if (it->district) {
		html_fmt(b, "<div><dt>%s</dt><dd", tr(r, "地區"));
		page_lang_attr(r, NULL);
		html_fmt(b, ">%s</dd></div>\n", it->district);
	}
	html_fmt(b, "<div><dt>%s</dt><dd>", tr(r, "下次上課"));
	page_date(r, it->next_session, DATE_WEEKDAY);
	html_fmt(b, " %s</dd></div>\n", it->next_session + 11);
	html_fmt(b, "<div><dt>%s</dt><dd>", tr(r, "費用"));
	fee_text(r, it->fee_twd);
	html_fmt(b, "</dd></div>\n<div><dt>%s</dt><dd>%s</dd></div>\n", tr(r, "上課方式"),
		 format_text(r, it->format));
	if (it->seats_left == 0)
		html_fmt(b, "<div><dt>%s</dt><dd>%s</dd></div>\n", tr(r, "名額"),
			 tr(r, "已額滿，可候補"));
	html_raw_unescaped(b, "</dl>\n");
	if (have_text && q->q[0]) {
		/* why it matched: each field other than the title with a match */
		int n = 0;
		for (int i = COL_DESCRIPTION; i < COL__COUNT; i++) {
			struct buf s = BUF_INIT;
			if (search_snippet_html(&s, cols[i], q->q, SNIPPET_CHARS) > 0) {
				if (!n++)
					html_fmt(b, "<p class=\"why\"><span class=\"why-label\">%s</span>",
						 tr(r, "符合："));
				else
					html_raw_unescaped(b, "<br/>");
				html_fmt(b, "<span class=\"why-field\">%s</span> <span",
					 tr(r, col_labels[i]));
				page_lang_attr(r, NULL);
				html_raw_unescaped(b, ">");
				html_raw_unescaped(b, buf_cstr(&s));	/* escaped by the snippet */
				html_raw_unescaped(b, "</span>");
			}
			buf_free(&s);
		}
		if (n)
			html_raw_unescaped(b, "</p>\n");
	} else if (have_text && cols[COL_DESCRIPTION][0]) {
		/* no keyword: the start of the description */
		size_t len = strlen(cols[COL_DESCRIPTION]), cut = 0, chars = 0;
		while (cut < len && chars < SNIPPET_CHARS) {
			cut++;
			while (cut < len && ((unsigned char)cols[COL_DESCRIPTION][cut] & 0xc0) == 0x80)
				cut++;
			chars++;
		}
		html_raw_unescaped(b, "<p class=\"summary\"");
		page_lang_attr(r, NULL);
		html_raw_unescaped(b, ">");
		html_textn(b, cols[COL_DESCRIPTION], cut);
		if (cut < len)
			html_raw_unescaped(b, "…");
		html_raw_unescaped(b, "</p>\n");
	}
	free_cols(cols);
	html_raw_unescaped(b, "</li>\n");
}

static void paging(struct request *r, const struct search_query *q,
		   const struct search_result *res)
{
	struct buf *b = &r->out;
	long long pages = (res->total + res->per_page - 1) / res->per_page;
	if (pages <= 1)
		return;
	html_fmt(b, "<nav class=\"paging\" aria-label=\"%s\"><ul>\n", tr(r, "分頁"));
	struct search_query w = *q;
	if (q->page > 1) {
		w.page = q->page - 1 > pages ? pages : q->page - 1;
		html_raw_unescaped(b, "<li><a rel=\"prev\" ");
		search_href(r, &w, 0);
		html_fmt(b, ">%s</a></li>\n", tr(r, "上一頁"));
	}
	html_raw_unescaped(b, "<li class=\"current\">");
	html_trf(r, "第 %lld 頁，共 %lld 頁", q->page, pages);
	html_raw_unescaped(b, "</li>\n");
	if (q->page < pages) {
		w.page = q->page + 1;
		html_raw_unescaped(b, "<li><a rel=\"next\" ");
		search_href(r, &w, 0);
		html_fmt(b, ">%s</a></li>\n", tr(r, "下一頁"));
	}
	html_raw_unescaped(b, "</ul></nav>\n");
}

/* No results: say so, and offer ways forward. */
static void empty_state(struct request *r, const struct search_query *q,
			const struct search_result *res)
{
	struct buf *b = &r->out;
	html_fmt(b, "<div class=\"empty\">\n<p class=\"lead\">%s</p>\n<ul>\n",
		 tr(r, "找不到符合的課程。您可以："));
	int filters = 0;
	for (int f = 0; f < SF__COUNT; f++)
		for (int i = 0; i < res->facets[f].n; i++)
			filters += res->facets[f].values[i].selected;
	if (filters || q->from[0] || q->to[0] || q->institution_id) {
		struct search_query w;
		search_query_init(&w);
		memcpy(w.q, q->q, sizeof w.q);
		html_raw_unescaped(b, "<li><a ");
		search_href(r, &w, 0);
		html_fmt(b, ">%s</a></li>\n", q->q[0] ? tr(r, "保留關鍵字，移除所有篩選條件")
						     : tr(r, "移除所有篩選條件"));
	}
	if (q->q[0]) {
		html_fmt(b, "<li>%s</li>\n",
			 tr(r, "換個說法，或用較短的詞，例如「電腦」而不是「電腦文書處理進階班」"));
		struct search_query w = *q;
		w.q[0] = '\0';
		w.page = 1;
		html_raw_unescaped(b, "<li><a ");
		search_href(r, &w, 0);
		html_fmt(b, ">%s</a></li>\n", tr(r, "不用關鍵字，只用篩選條件找"));
	}
	html_fmt(b, "<li><a href=\"/guide\">%s</a></li>\n"
		 "<li><a href=\"/calendar\">%s</a></li>\n</ul>\n</div>\n",
		 tr(r, "回答幾個問題，讓學習指引幫您找"), tr(r, "看課程行事曆"));
}

int page_search(struct request *r)
{
	struct search_query q;
	struct search_result res;
	struct buf *b = &r->out, key = BUF_INIT;
	long long t0 = clock_us();
	int st = search_query_from_request(r, r->in, &q);
	if (st)
		return st;
	cache_key(&key, r, "html", &q);
	page_begin(r, tr(r, "找課程"), "search");
	size_t start = b->len;
	if (search_cache_get(r->db, buf_cstr(&key), b)) {
		page_end(r);
		timing_header(r, -1, t0);
		buf_free(&key);
		return 0;
	}
	if (search_run(r->db, r->now, &q, &res) < 0) {
		search_result_free(&res);
		buf_free(&key);
		return req_fail(r, 500, "search failed");
	}
	search_form(r, &q, &res);
	html_fmt(b, "<section class=\"results\" aria-labelledby=\"h-results\">\n"
		 "<h2 id=\"h-results\" aria-live=\"polite\">");
	if (q.q[0])
		html_trf(r, "「%s」找到 %lld 門課程", q.q, res.total);
	else
		html_trf(r, "找到 %lld 門課程", res.total);
	html_raw_unescaped(b, "</h2>\n");
	active_filters(r, &q, &res);
	alert_offer(r, &q);
	if (res.total == 0) {
		empty_state(r, &q, &res);
	} else {
		sort_links(r, &q);
		if (res.n_items) {
			html_fmt(b, "<ol class=\"results\" start=\"%lld\">\n",
				 (res.page - 1) * res.per_page + 1);
			for (int i = 0; i < res.n_items; i++)
				result_item(r, &q, &res.items[i]);
			html_raw_unescaped(b, "</ol>\n");
		} else {
			html_fmt(b, "<p>%s</p>\n", tr(r, "這一頁沒有課程了。"));
		}
		paging(r, &q, &res);
	}
	/* the results sit inside the form's layout, beside the filters */
	html_raw_unescaped(b, "</section>\n</div>\n</form>\n");
	if (!buf_failed(b))
		search_cache_put(r->db, buf_cstr(&key), b->data + start, b->len - start);
	page_end(r);
	timing_header(r, res.elapsed_us, t0);
	search_result_free(&res);
	buf_free(&key);
	return 0;
}
