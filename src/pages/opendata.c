/* opendata — the open-data page (/open-data: datasets, licence, how to
 * download) and the downloads themselves: institutions, courses and
 * sessions as CSV (UTF-8 with BOM), JSON (with the licence) or ODS. The
 * courses and sessions take the same filters as /search; without a time
 * filter (from, to, starts_within) they cover every published course and
 * session, past and future, as an open data set should. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/table.h"
#include "db/db.h"
#include "http/reply.h"
#include "http/server.h"
#include "pages/pages.h"
#include "pages/portal.h"

#define LICENSE_NAME "政府資料開放授權條款－第1版"
#define LICENSE_URL "https://data.gov.tw/license"

/* Fields of the institution downloads (routes.c directory_params). */
enum { ODI_TYPE, ODI_DISTRICT };

static const struct table_col institution_cols[] = {
	{"id", COL_INT}, {"name", COL_TEXT}, {"name_en", COL_TEXT}, {"type", COL_TEXT},
	{"type_name", COL_TEXT}, {"district", COL_TEXT}, {"address", COL_TEXT},
	{"lat", COL_REAL}, {"lon", COL_REAL}, {"phone", COL_TEXT}, {"website", COL_TEXT},
	{"updated_at", COL_TEXT}, {"demo", COL_BOOL}, {"page", COL_TEXT},
};
#define N_INST_COLS (sizeof institution_cols / sizeof *institution_cols)

static const struct table_col course_cols[] = {
	{"id", COL_INT}, {"title", COL_TEXT}, {"institution_id", COL_INT},
	{"institution", COL_TEXT}, {"category", COL_TEXT}, {"category_name", COL_TEXT},
	{"audiences", COL_TEXT}, {"language", COL_TEXT}, {"fee_twd", COL_INT},
	{"format", COL_TEXT}, {"childcare", COL_BOOL}, {"capacity", COL_INT},
	{"seats_left", COL_INT}, {"programme", COL_INT}, {"url", COL_TEXT},
	{"description", COL_TEXT}, {"sessions", COL_INT}, {"first_start", COL_TEXT},
	{"last_end", COL_TEXT}, {"updated_at", COL_TEXT}, {"demo", COL_BOOL}, {"page", COL_TEXT},
};
#define N_COURSE_COLS (sizeof course_cols / sizeof *course_cols)

static const struct table_col session_cols[] = {
	{"id", COL_INT}, {"course_id", COL_INT}, {"course", COL_TEXT},
	{"institution_id", COL_INT}, {"institution", COL_TEXT}, {"starts_at", COL_TEXT},
	{"ends_at", COL_TEXT}, {"venue", COL_TEXT}, {"venue_address", COL_TEXT},
	{"district", COL_TEXT}, {"cancelled", COL_BOOL},
};
#define N_SESSION_COLS (sizeof session_cols / sizeof *session_cols)

/* The datasets, as the page lists them. */
static const struct {
	const char *name;	/* file name stem */
	const char *title;	/* msgid */
	const char *about;	/* msgid */
	int search_filters;	/* 1: takes the search filters; 0: type, district */
} datasets[] = {
	{"institutions", N_("終身學習機構"),
	 N_("各類終身學習機構的名稱、類型、行政區、地址、經緯度、電話與網站。"), 0},
	{"courses", N_("課程"),
	 N_("已公開課程的類別、對象、費用、上課方式、授課語言、托育、名額與上課期間。"), 1},
	{"sessions", N_("上課場次"),
	 N_("每一堂課的日期時間（臺北時間）、地點與行政區。"), 1},
};

enum od_format { OD_CSV, OD_JSON, OD_ODS };

/* The format asked for, from the path's extension. */
static enum od_format od_format(const struct request *r)
{
	size_t n = strlen(r->path);
	if (n > 5 && !strcmp(r->path + n - 5, ".json"))
		return OD_JSON;
	if (n > 4 && !strcmp(r->path + n - 4, ".ods"))
		return OD_ODS;
	return OD_CSV;
}

/* Sends table t as the reply in the format asked for; the JSON carries the
 * dataset's name and licence. filters is the query that selected the rows
 * (for the JSON's "filters"). Returns 0 or 500. */
static int od_send(struct request *r, const struct table *t, const char *dataset,
		   const char *filters)
{
	enum od_format f = od_format(r);
	char code[64], file[160], stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	if (portal_meta(r, "code", code, sizeof code) < 0)
		snprintf(code, sizeof code, "city");
	snprintf(file, sizeof file, "%s-%s-%.4s%.2s%.2s.%s", code, dataset, r->today, r->today + 5,
		 r->today + 8, f == OD_CSV ? "csv" : f == OD_JSON ? "json" : "ods");
	if (t->failed)
		return req_fail(r, 500, "out of memory building %s", dataset);
	if (f == OD_CSV) {
		if (table_csv(t, &r->out) < 0)
			return req_fail(r, 500, "cannot write CSV");
		portal_download(r, "text/csv; charset=utf-8", file);
		return 0;
	}
	if (f == OD_ODS) {
		if (table_ods(t, dataset, &r->out) < 0)
			return req_fail(r, 500, "cannot write ODS");
		portal_download(r, "application/vnd.oasis.opendocument.spreadsheet", file);
		return 0;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
	struct buf publisher = BUF_INIT;
	buf_printf(&publisher, "%s政府教育處", r->app->city_zh);
	json_t *items = table_json(t);
	json_t *j = items ? json_pack("{s:s, s:{s:s, s:s}, s:s, s:s, s:s, s:s, s:I, s:o}",
				      "dataset", dataset, "license", "name", LICENSE_NAME,
				      "url", LICENSE_URL, "publisher", buf_cstr(&publisher),
				      "generated_at", stamp, "timezone", r->app->timezone,
				      "filters", filters, "total", (json_int_t)table_rows(t),
				      "items", items)
			  : NULL;
	buf_free(&publisher);
	int rc = reply_json(r, j);
	if (!rc)
		portal_download(r, "application/json", file);
	return rc;
}

/* Adds the current row's columns 0..n-1 of q to t as text. */
static void add_row(struct table *t, struct dbq *q, int n)
{
	for (int c = 0; c < n; c++)
		table_add(t, db_text(q, c));
}

/* Adds the page address of /kind/id as the row's last cell. */
static void add_page(struct request *r, struct table *t, const char *kind, long long id)
{
	struct buf url = BUF_INIT;
	portal_origin(r, &url);
	buf_printf(&url, "/%s/%lld", kind, id);
	table_add(t, buf_cstr(&url));
	buf_free(&url);
}

int od_institutions(struct request *r)
{
	const char *type = r->in[ODI_TYPE].present ? r->in[ODI_TYPE].s : NULL;
	const char *district = r->in[ODI_DISTRICT].present ? r->in[ODI_DISTRICT].s : NULL;
	struct table t;
	struct dbq q;
	struct buf filters = BUF_INIT;
	int rc = portal_directory_filters(r, type, district);
	if (rc)
		return rc;
	table_init(&t, institution_cols, N_INST_COLS);
	db_query(r->db, &q, ST_OD_INSTITUTIONS, "tt", type, district);
	while ((rc = db_next(&q)) == 1) {
		add_row(&t, &q, (int)N_INST_COLS - 1);
		add_page(r, &t, "institutions", db_int(&q, 0));
	}
	db_done(&q);
	if (type)
		buf_printf(&filters, "type=%s", type);
	if (district)
		buf_printf(&filters, "%sdistrict=%s", type ? "&" : "", district);
	rc = rc < 0 ? req_fail(r, 500, "institution query failed")
		    : od_send(r, &t, "institutions", buf_cstr(&filters));
	table_free(&t);
	buf_free(&filters);
	return rc;
}

/* Reads the search filters for a download. Without a time filter the
 * window is all time, not "from now on" as on /search. Writes the query
 * as given into filters. Returns 0 or an HTTP status after req_fail(). */
static int od_query(struct request *r, struct search_query *sq, struct buf *filters)
{
	int rc = search_query_from_request(r, r->in, sq);
	if (rc)
		return rc;
	search_query_append_url(sq, filters, "&", 1u << SQ_PAGE | 1u << SQ_PER_PAGE);
	if (!sq->from[0] && !sq->to[0] && !sq->starts_within)
		snprintf(sq->from, sizeof sq->from, "1912-01-01");
	return 0;
}

int od_courses(struct request *r)
{
	struct search_query sq;
	struct buf ids = BUF_INIT, filters = BUF_INIT;
	struct table t;
	struct dbq q;
	long long n = 0;
	int rc = od_query(r, &sq, &filters);
	if (!rc)
		rc = portal_course_ids(r, &sq, &ids, &n);
	if (rc) {
		buf_free(&ids);
		buf_free(&filters);
		return rc;
	}
	table_init(&t, course_cols, N_COURSE_COLS);
	db_query(r->db, &q, ST_OD_COURSES, "t", buf_cstr(&ids));
	while ((rc = db_next(&q)) == 1) {
		add_row(&t, &q, (int)N_COURSE_COLS - 1);
		add_page(r, &t, "courses", db_int(&q, 0));
	}
	db_done(&q);
	rc = rc < 0 ? req_fail(r, 500, "course query failed")
		    : od_send(r, &t, "courses", buf_cstr(&filters));
	table_free(&t);
	buf_free(&ids);
	buf_free(&filters);
	return rc;
}

int od_sessions(struct request *r)
{
	struct search_query sq;
	struct buf ids = BUF_INIT, filters = BUF_INIT;
	struct table t;
	struct dbq q;
	long long n = 0;
	int rc = od_query(r, &sq, &filters);
	if (!rc)
		rc = portal_course_ids(r, &sq, &ids, &n);
	if (rc) {
		buf_free(&ids);
		buf_free(&filters);
		return rc;
	}
	table_init(&t, session_cols, N_SESSION_COLS);
	db_query(r->db, &q, ST_SESSIONS_OF_COURSES, "tnn", buf_cstr(&ids));
	while ((rc = db_next(&q)) == 1) {
		if (!search_session_matches(&sq, r->now, db_text(&q, SC_STARTS),
					    db_text(&q, SC_DISTRICT)))
			continue;
		static const int cols[] = {SC_ID, SC_COURSE_ID, SC_TITLE, SC_INST_ID, SC_INST_NAME,
					   SC_STARTS, SC_ENDS, SC_VENUE, SC_VENUE_ADDRESS,
					   SC_DISTRICT, SC_CANCELLED};
		for (size_t c = 0; c < sizeof cols / sizeof *cols; c++)
			table_add(&t, db_text(&q, cols[c]));
	}
	db_done(&q);
	rc = rc < 0 ? req_fail(r, 500, "session query failed")
		    : od_send(r, &t, "sessions", buf_cstr(&filters));
	table_free(&t);
	buf_free(&ids);
	buf_free(&filters);
	return rc;
}

/* The column names of a dataset, for the page. */
static void column_list(struct request *r, const struct table_col *cols, size_t n)
{
	html_raw_unescaped(&r->out, "<code>");
	for (size_t i = 0; i < n; i++)
		html_fmt(&r->out, "%s%s", i ? ", " : "", cols[i].name);
	html_raw_unescaped(&r->out, "</code>");
}

int page_open_data(struct request *r)
{
	struct buf *b = &r->out;
	static const struct {
		const struct table_col *cols;
		size_t n;
	} colsets[] = {{institution_cols, N_INST_COLS}, {course_cols, N_COURSE_COLS},
		       {session_cols, N_SESSION_COLS}};
	page_begin(r, tr(r, "開放資料"), NULL);
	html_fmt(b, "<p class=\"lead\">%s</p>\n",
		 tr(r, "本網站的學習機構、課程與上課場次資料，開放給所有人免費下載、再利用。"));
	html_fmt(b, "<section aria-labelledby=\"h-license\" class=\"license\">\n"
		 "<h2 id=\"h-license\">%s</h2>\n<p>%s<a href=\"" LICENSE_URL "\" rel=\"license\">"
		 LICENSE_NAME "</a>%s</p>\n</section>\n",
		 tr(r, "授權方式"), tr(r, "這些資料依"),
		 tr(r, "提供：您可以自由重製、改作、散布與商業利用，只需註明出處（本網站與資料提供機關）。"));

	html_fmt(b, "<section aria-labelledby=\"h-sets\">\n<h2 id=\"h-sets\">%s</h2>\n"
		 "<div class=\"table-scroll\"><table class=\"datasets\">\n<caption>%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "資料集"), tr(r, "可下載的資料集與格式"), tr(r, "資料集"), tr(r, "內容"),
		 tr(r, "欄位"), tr(r, "下載"));
	for (size_t i = 0; i < sizeof datasets / sizeof *datasets; i++) {
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td>%s</td><td>", tr(r, datasets[i].title),
			 tr(r, datasets[i].about));
		column_list(r, colsets[i].cols, colsets[i].n);
		html_raw_unescaped(b, "</td><td><ul class=\"formats\">");
		static const char *const ext[] = {"csv", "json", "ods"};
		static const char *const label[] = {"CSV", "JSON", "ODS"};
		for (int k = 0; k < 3; k++)
			html_fmt(b, "<li><a href=\"/open-data/%s.%s\" download=\"\">%s<span "
				 "class=\"visually-hidden\">（%s）</span></a></li>",
				 datasets[i].name, ext[k], label[k], tr(r, datasets[i].title));
		html_raw_unescaped(b, "</ul></td></tr>\n");
	}
	html_raw_unescaped(b, "</tbody>\n</table></div>\n</section>\n");

	html_fmt(b, "<section aria-labelledby=\"h-how\" class=\"od-notes\">\n<h2 id=\"h-how\">%s</h2>\n<ul>\n"
		 "<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n</section>\n",
		 tr(r, "使用說明"),
		 tr(r, "CSV 為 UTF-8 編碼（含 BOM），第一列為欄位名稱，可直接用 Excel 或 LibreOffice 開啟。"),
		 tr(r, "ODS 是開放文件格式（ODF）的試算表，LibreOffice、Excel 與 Google 試算表都能開啟。"),
		 tr(r, "JSON 內含授權資訊（license）、產生時間與篩選條件。"),
		 tr(r, "時間皆為臺北時間（UTC+8），格式為 YYYY-MM-DD HH:MM。"),
		 tr(r, "課程與場次可加上與「找課程」相同的篩選條件，例如 ?district=仁愛區&category=language；"
		       "未指定時間範圍時包含過去與未來的全部資料。機構可用 ?type= 與 ?district= 篩選。"));

	html_fmt(b, "<section aria-labelledby=\"h-api\" class=\"od-notes\">\n<h2 id=\"h-api\">%s</h2>\n<ul>\n",
		 tr(r, "應用程式介面（API）與行事曆"));
	static const struct {
		const char *path, *about;
	} apis[] = {
		{"/api/v1/institutions", N_("全部機構（JSON）")},
		{"/api/v1/courses", N_("課程列表，依下次上課時間排序（JSON，分頁）")},
		{"/api/v1/plan", N_("終身學習中程計畫與年度指標目標（JSON）")},
		{"/calendar.ics", N_("課程行事曆（iCalendar，可加上找課程的篩選條件）")},
	};
	for (size_t i = 0; i < sizeof apis / sizeof *apis; i++)
		html_fmt(b, "<li><a href=\"%s\"><code>%s</code></a>：%s</li>\n", apis[i].path,
			 apis[i].path, tr(r, apis[i].about));
	html_fmt(b, "<li><code>/api/v1/courses/{id}</code>：%s</li>\n"
		 "<li><code>/courses/{id}.ics</code>、<code>/institutions/{id}.ics</code>：%s</li>\n"
		 "</ul>\n</section>\n",
		 tr(r, "一門課程與它的全部上課場次（JSON）"),
		 tr(r, "一門課程或一個機構的行事曆（iCalendar）"));
	page_end(r);
	return 0;
}
