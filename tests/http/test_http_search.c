/* HTTP tests: course search — GET /api/v1/courses and the /search page —
 * over fixture courses imported through the real import path, with dates
 * relative to today (Asia/Taipei) so that they stay in the future. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"

static struct server srv;

/* ---- fixtures -------------------------------------------------------------- */

static const char institutions_csv[] =
	"name,type,district,address,lat,lon,phone,website,feed_url\n"
	"測試：仁愛樂齡學堂,senior_centre,仁愛區,,,,,,\n"
	"測試：七堵社區學園,community_college,七堵區,,,,,,\n";

/* A course: its weekday (1 Mon .. 7 Sun), first date at least min_days from
 * today, start time, number of weekly sessions, and the CSV columns. */
struct fixture {
	const char *inst, *title, *category, *audience, *district, *venue;
	int weekday, min_days, hour, minute, sessions;
	const char *capacity, *fee, *format, *language, *childcare, *description;
};

#define I1 "測試：仁愛樂齡學堂"
#define I2 "測試：七堵社區學園"
#define HTML_TITLE "<script>alert(1)</script>電腦課"

static const struct fixture fixtures[] = {
	{I1, "書法入門班", "arts", "senior", "", "書法教室", 1, 8, 9, 0, 3, "20", "0",
	 "in_person", "zh-Hant", "no", "從握筆、筆順開始練習楷書。"},
	{I2, "茶道與茶藝", "arts", "all", "七堵區", "和室", 6, 1, 14, 0, 3, "15", "800",
	 "blended", "zh-Hant", "yes", "認識烏龍茶與泡茶禮儀。"},
	{I2, "認識基隆港", "local", "family;senior", "中正區", "港邊教室", 3, 1, 19, 0, 3, "30",
	 "1500", "in_person", "zh-Hant", "no", "走訪港區，了解港口歷史。"},
	{I1, "Tiếng Việt cho người mới", "language", "new_immigrant", "", "", 2, 1, 18, 30, 3,
	 "25", "0", "online", "vi", "no", "Lớp học tiếng Việt cơ bản（越南語入門）。"},
	{I1, "臺灣歷史講座", "civic", "all", "", "", 4, 1, 14, 0, 2, "", "300", "in_person",
	 "zh-Hant", "no", "從原住民族到近代，也談書法與碑帖。"},
	{I2, HTML_TITLE, "digital", "youth", "七堵區", "", 5, 1, 19, 0, 2, "10", "500",
	 "in_person", "zh-Hant", "no", "學習 \"\"文書\"\" & 上網 <b>基礎</b>"},
	{I2, "Cooking Classes for Beginners", "career", "worker", "七堵區", "", 7, 1, 10, 0, 2,
	 "12", "2000", "in_person", "en", "no", "Learn to cook simple dishes."},
	{I1, "舊書法班", "arts", "senior", "", "", 1, -60, 9, 0, 2, "20", "0", "in_person",
	 "zh-Hant", "no", "已結束的課程。"},
	{I1, "陶藝進階班", "arts", "all", "", "", 1, 120, 9, 0, 2, "20", "0", "in_person",
	 "zh-Hant", "no", "拉坯與上釉。"},
	{I1, "合唱團", "arts", "senior", "", "", 4, 1, 10, 0, 2, "0", "0", "in_person",
	 "zh-Hant", "no", "額滿的課程。"},
};

#define N_FOUND 9	/* every fixture but the past one */

/* The date (YYYY-MM-DD, Taipei) of the first weekday on or after today +
 * min_days, plus weeks. */
static void fixture_date(char out[11], int weekday, int min_days, int weeks)
{
	time_t t = time(NULL) + (time_t)min_days * 86400;
	struct tm tm;
	localtime_r(&t, &tm);
	int wd = tm.tm_wday == 0 ? 7 : tm.tm_wday;
	int add = (weekday - wd + 7) % 7 + 7 * weeks;
	tm.tm_mday += add;
	tm.tm_hour = 12;
	mktime(&tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static void fixture_rows(struct buf *b, const struct fixture *f)
{
	for (int w = 0; w < f->sessions; w++) {
		char day[11];
		fixture_date(day, f->weekday, f->min_days, w);
		buf_printf(b, "%s,\"%s\",%s,%s,%s,%s,%s %02d:%02d,%s %02d:%02d,%s,%s,%s,%s,%s,,,\"%s\",\n",
			   f->inst, f->title, f->category, f->audience, f->district, f->venue, day,
			   f->hour, f->minute, day, f->hour + 2, f->minute, f->capacity, f->fee,
			   f->format, f->language, f->childcare, f->description);
	}
}

static const char sessions_header[] =
	"institution,course,category,audience,district,venue,start,end,capacity,fee_twd,"
	"format,language,childcare,programme,attendance,description,url\n";

static int start(void **state)
{
	*state = &srv;
	struct buf csv = BUF_INIT;
	setenv("TZ", "Asia/Taipei", 1);
	tzset();
	buf_puts(&csv, sessions_header);
	for (size_t i = 0; i < sizeof fixtures / sizeof *fixtures; i++)
		fixture_rows(&csv, &fixtures[i]);
	const char *step = NULL;
	if (server_prepare(&srv, 0) < 0)
		step = "init";
	else if (server_import(&srv, "institutions", institutions_csv) != 0)
		step = "import institutions";
	else if (server_import(&srv, "sessions", buf_cstr(&csv)) != 0)
		step = "import sessions";
	else if (server_start(&srv, 2, NULL) < 0)
		step = "serve";
	buf_free(&csv);
	if (step) {
		char *log = server_log(&srv);
		print_error("setup failed at %s; log:\n%s\n", step, log ? log : "(none)");
		free(log);
		return -1;
	}
	return 0;
}

/* ---- helpers --------------------------------------------------------------- */

/* Percent-encodes a raw query ("q=書法&district=七堵區"): every byte but
 * letters, digits, '=' and '&'. */
static void encode_query(struct buf *b, const char *raw)
{
	for (const unsigned char *p = (const unsigned char *)raw; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '=' || *p == '&' || *p == '_' || *p == '-')
			buf_append(b, p, 1);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

static int fetch(const char *path, const char *raw, struct reply *r)
{
	struct buf u = BUF_INIT;
	buf_puts(&u, path);
	if (raw && *raw) {
		buf_puts(&u, "?");
		encode_query(&u, raw);
	}
	int rc = http_get(&srv, buf_cstr(&u), r);
	buf_free(&u);
	return rc;
}

/* GET /api/v1/courses?raw, expecting status; the parsed body. */
static json_t *api(const char *raw, long status)
{
	struct reply r;
	json_error_t e;
	assert_int_equal(fetch("/api/v1/courses", raw, &r), 0);
	if (r.status != status)
		fail_msg("%s: status %ld, want %ld: %s", raw, r.status, status, buf_cstr(&r.body));
	json_t *j = json_loadb(r.body.data, r.body.len, 0, &e);
	if (!j)
		fail_msg("%s: not JSON: %s", raw, e.text);
	reply_free(&r);
	return j;
}

static long long total_of(const char *raw)
{
	json_t *j = api(raw, 200);
	long long n = json_integer_value(json_object_get(j, "total"));
	json_decref(j);
	return n;
}

/* True if the result of raw lists a course titled title. */
static int finds(const char *raw, const char *title)
{
	json_t *j = api(raw, 200), *items = json_object_get(j, "items");
	int found = 0;
	for (size_t i = 0; i < json_array_size(items); i++)
		found |= !strcmp(json_string_value(json_object_get(json_array_get(items, i), "title")),
				 title);
	json_decref(j);
	return found;
}

/* The count of value in facet field of the result of raw. */
static long long facet_count(const char *raw, const char *field, const char *value)
{
	json_t *j = api(raw, 200);
	json_t *list = json_object_get(json_object_get(j, "facets"), field);
	long long n = -1;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *v = json_array_get(list, i);
		if (!strcmp(json_string_value(json_object_get(v, "value")), value))
			n = json_integer_value(json_object_get(v, "count"));
	}
	json_decref(j);
	return n;
}

/* GETs an HTML page, checks status and well-formedness. */
static void page(const char *raw, long status, struct reply *r)
{
	struct buf err = BUF_INIT;
	assert_int_equal(fetch("/search", raw, r), 0);
	if (r->status != status)
		fail_msg("/search?%s: status %ld, want %ld", raw, r->status, status);
	if (html_well_formed(r, &err) < 0)
		fail_msg("/search?%s: not well-formed: %s", raw, buf_cstr(&err));
	buf_free(&err);
}

/* ---- keyword search ----------------------------------------------------- */

static void two_characters_find_a_longer_title(void **state)
{
	(void)state;
	assert_true(finds("q=書法", "書法入門班"));
	assert_true(finds("q=入門", "書法入門班"));
	assert_false(finds("q=書法", "舊書法班"));	/* only past sessions */
}

static void one_character_finds_words_containing_it(void **state)
{
	(void)state;
	assert_true(finds("q=茶", "茶道與茶藝"));
	assert_int_equal(total_of("q=茶"), 1);
}

static void place_name_inside_a_title(void **state)
{
	(void)state;
	assert_true(finds("q=基隆", "認識基隆港"));
	assert_true(finds("q=基隆港", "認識基隆港"));
	assert_false(finds("q=港基", "認識基隆港"));
}

static void vietnamese_without_accents(void **state)
{
	(void)state;
	assert_true(finds("q=tieng viet", "Tiếng Việt cho người mới"));
	assert_true(finds("q=TIẾNG VIỆT", "Tiếng Việt cho người mới"));
	assert_true(finds("q=nguoi moi", "Tiếng Việt cho người mới"));
}

static void traditional_and_simplified_variants(void **state)
{
	(void)state;
	assert_true(finds("q=台灣", "臺灣歷史講座"));
	assert_true(finds("q=臺灣", "臺灣歷史講座"));
	assert_true(finds("q=台湾历史", "臺灣歷史講座"));
}

static void english_plurals_and_ing(void **state)
{
	(void)state;
	assert_true(finds("q=cook class", "Cooking Classes for Beginners"));
	assert_true(finds("q=beginner", "Cooking Classes for Beginners"));
}

static void every_word_must_match(void **state)
{
	(void)state;
	assert_int_equal(total_of("q=書法 入門"), 1);
	assert_int_equal(total_of("q=書法 茶"), 0);
}

/* FTS5 syntax and SQL characters are searched as text: never an error. */
static void syntax_characters_are_text(void **state)
{
	(void)state;
	static const char *const qs[] = {
		"q=\"", "q=*", "q=(", "q=)", "q=NEAR", "q=OR", "q=-", "q=書法\"", "q=\"書法",
		"q=書法 OR 茶", "q=NEAR(書法 茶)", "q=title:書法", "q=書法*", "q=-書法",
		"q=' OR 1=1 --", "q=\"; DROP TABLE courses; --", "q=^書法", "q={書法}",
	};
	for (size_t i = 0; i < sizeof qs / sizeof *qs; i++)
		json_decref(api(qs[i], 200));
	assert_true(finds("q=書法\"", "書法入門班"));
	assert_true(finds("q=(書法)", "書法入門班"));
	assert_int_equal(total_of(""), N_FOUND);	/* nothing was dropped */
}

/* ---- facets ----------------------------------------------------------------- */

static void no_filters_find_every_upcoming_course(void **state)
{
	(void)state;
	assert_int_equal(total_of(""), N_FOUND);
}

static void each_facet_filters(void **state)
{
	(void)state;
	static const struct {
		const char *q;
		long long n;
	} cases[] = {
		{"category=arts", 4}, {"audience=senior", 3}, {"audience=new_immigrant", 1},
		{"institution_type=community_college", 4}, {"institution_type=senior_centre", 5},
		{"district=七堵區", 3}, {"district=仁愛區", 5}, {"district=中正區", 1},
		{"weekday=6", 1}, {"weekday=1", 2}, {"weekday=1&weekday=6", 3},
		{"weekend=yes", 2}, {"time=evening", 3}, {"time=morning", 4}, {"time=afternoon", 2},
		{"fee_max=0", 4}, {"fee_max=1000", 7}, {"fee_max=300", 5},
		{"format=online", 1}, {"format=blended", 1}, {"format=in_person", 7},
		{"language=vi", 1}, {"language=en", 1}, {"childcare=yes", 1},
		{"available=yes", 8}, {"starts_within=7", 7}, {"starts_within=30", 8},
		{"starts_within=90", 8},
		{"category=arts&district=仁愛區", 3}, {"category=arts&fee_max=0&available=yes", 2},
		{"district=仁愛區&district=七堵區", 8}, {"q=書法&category=civic", 1},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		long long n = total_of(cases[i].q);
		if (n != cases[i].n)
			fail_msg("%s: %lld courses, want %lld", cases[i].q, n, cases[i].n);
	}
}

static void date_range_and_institution(void **state)
{
	(void)state;
	char from[11], to[11], raw[128];
	fixture_date(from, 1, 100, 0);
	fixture_date(to, 1, 200, 0);
	snprintf(raw, sizeof raw, "from=%s&to=%s", from, to);
	assert_int_equal(total_of(raw), 1);
	assert_true(finds(raw, "陶藝進階班"));
	/* a past range finds the past course */
	fixture_date(from, 1, -70, 0);
	fixture_date(to, 1, -40, 0);
	snprintf(raw, sizeof raw, "from=%s&to=%s", from, to);
	assert_true(finds(raw, "舊書法班"));
	/* institution: the id from a result */
	json_t *j = api("q=茶", 200);
	long long inst = json_integer_value(json_object_get(
		json_array_get(json_object_get(j, "items"), 0), "institution_id"));
	json_decref(j);
	assert_true(inst > 0);
	snprintf(raw, sizeof raw, "institution=%lld", inst);
	assert_int_equal(total_of(raw), 4);
}

/* A facet's counts apply every other filter but its own. */
static void facet_counts_apply_the_other_filters(void **state)
{
	(void)state;
	assert_int_equal(facet_count("category=arts", "category", "arts"), 4);
	assert_int_equal(facet_count("category=arts", "category", "local"), 1);
	assert_int_equal(facet_count("category=arts", "category", "digital"), 1);
	assert_int_equal(facet_count("category=arts", "district", "仁愛區"), 3);
	assert_int_equal(facet_count("category=arts", "district", "七堵區"), 1);
	assert_int_equal(facet_count("category=arts", "district", "中正區"), 0);
	assert_int_equal(facet_count("district=七堵區", "district", "仁愛區"), 5);
	assert_int_equal(facet_count("district=七堵區", "weekday", "7"), 1);
	assert_int_equal(facet_count("", "weekend", "yes"), 2);
	assert_int_equal(facet_count("", "fee_max", "0"), 4);
	assert_int_equal(facet_count("", "fee_max", "1000"), 7);
	assert_int_equal(facet_count("", "available", "yes"), 8);
	assert_int_equal(facet_count("", "childcare", "yes"), 1);
	assert_int_equal(facet_count("", "language", "vi"), 1);
	assert_int_equal(facet_count("", "institution_type", "community_college"), 4);
	assert_int_equal(facet_count("", "time", "evening"), 3);
	assert_int_equal(facet_count("", "starts_within", "7"), 7);
	assert_int_equal(facet_count("q=書法", "category", "arts"), 1);
	assert_int_equal(facet_count("q=書法", "category", "civic"), 1);
	/* the selected value is flagged */
	json_t *j = api("district=七堵區", 200);
	json_t *list = json_object_get(json_object_get(j, "facets"), "district");
	int selected = 0;
	for (size_t i = 0; i < json_array_size(list); i++)
		if (json_is_true(json_object_get(json_array_get(list, i), "selected")))
			selected++;
	assert_int_equal(selected, 1);
	json_decref(j);
}

/* ---- sorts and paging ----------------------------------------------------- */

static void sort_soonest_newest_relevance(void **state)
{
	(void)state;
	json_t *j = api("per_page=100", 200), *items = json_object_get(j, "items");
	assert_int_equal(json_array_size(items), N_FOUND);
	for (size_t i = 1; i < json_array_size(items); i++)
		assert_true(strcmp(json_string_value(json_object_get(json_array_get(items, i - 1), "next_session")),
				   json_string_value(json_object_get(json_array_get(items, i), "next_session"))) <= 0);
	json_decref(j);
	/* newest: the most recently added first (ids grow with each import row) */
	j = api("sort=newest", 200);
	items = json_object_get(j, "items");
	for (size_t i = 1; i < json_array_size(items); i++)
		assert_true(json_integer_value(json_object_get(json_array_get(items, i - 1), "id")) >
			    json_integer_value(json_object_get(json_array_get(items, i), "id")));
	json_decref(j);
	/* 書法: the history talk (description) comes sooner, the title match ranks higher */
	j = api("q=書法", 200);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "title")),
			    "臺灣歷史講座");
	json_decref(j);
	j = api("q=書法&sort=relevance", 200);
	assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(j, "items"), 0), "title")),
			    "書法入門班");
	json_decref(j);
	/* relevance without a keyword falls back to soonest */
	json_decref(api("sort=relevance", 200));
}

static void paging_edges(void **state)
{
	(void)state;
	json_t *a = api("per_page=2", 200), *b = api("per_page=2&page=2", 200);
	json_t *ia = json_object_get(a, "items"), *ib = json_object_get(b, "items");
	assert_int_equal(json_array_size(ia), 2);
	assert_int_equal(json_array_size(ib), 2);
	for (size_t i = 0; i < 2; i++)
		for (size_t k = 0; k < 2; k++)
			assert_int_not_equal(json_integer_value(json_object_get(json_array_get(ia, i), "id")),
					     json_integer_value(json_object_get(json_array_get(ib, k), "id")));
	json_decref(a);
	json_decref(b);
	json_t *j = api("per_page=2&page=5", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 1);
	json_decref(j);
	j = api("per_page=2&page=6", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), N_FOUND);
	json_decref(j);
	j = api("page=0&per_page=1000", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "page")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "per_page")), 100);
	json_decref(j);
}

static void items_carry_every_field(void **state)
{
	(void)state;
	json_t *j = api("q=茶", 200), *it = json_array_get(json_object_get(j, "items"), 0);
	char url[64];
	snprintf(url, sizeof url, "/courses/%lld", json_integer_value(json_object_get(it, "id")));
	assert_string_equal(json_string_value(json_object_get(it, "url")), url);
	assert_string_equal(json_string_value(json_object_get(it, "institution")), I2);
	assert_string_equal(json_string_value(json_object_get(it, "district")), "七堵區");
	assert_string_equal(json_string_value(json_object_get(it, "category")), "arts");
	assert_string_equal(json_string_value(json_array_get(json_object_get(it, "audiences"), 0)), "all");
	assert_int_equal(json_integer_value(json_object_get(it, "fee_twd")), 800);
	assert_string_equal(json_string_value(json_object_get(it, "format")), "blended");
	assert_string_equal(json_string_value(json_object_get(it, "language")), "zh-Hant");
	assert_true(json_is_true(json_object_get(it, "childcare")));
	assert_int_equal(json_integer_value(json_object_get(it, "seats_left")), 15);
	assert_int_equal(strlen(json_string_value(json_object_get(it, "next_session"))), 16);
	/* the snippets say why: the title and the description, matches marked */
	json_t *sn = json_object_get(it, "snippets");
	assert_int_equal(json_array_size(sn), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(sn, 0), "html")),
			    "<mark>茶</mark>道與<mark>茶</mark>藝");
	assert_string_equal(json_string_value(json_object_get(json_array_get(sn, 1), "field")),
			    "description");
	json_decref(j);
	j = api("q=基隆港", 200);
	it = json_array_get(json_object_get(j, "items"), 0);
	assert_string_equal(json_string_value(json_object_get(it, "district")), "中正區");
	json_decref(j);
	j = api("available=no&q=合唱", 200);
	it = json_array_get(json_object_get(j, "items"), 0);
	assert_int_equal(json_integer_value(json_object_get(it, "seats_left")), 0);
	json_decref(j);
}

/* ---- bad input ------------------------------------------------------------------ */

static void expect_error(const char *raw, const char *must_contain)
{
	json_t *j = api(raw, 400);
	const char *e = json_string_value(json_object_get(j, "error"));
	if (!e || !strstr(e, must_contain))
		fail_msg("%s: error '%s' lacks '%s'", raw, e ? e : "(none)", must_contain);
	json_decref(j);
}

static void unknown_values_are_400_naming_the_allowed(void **state)
{
	(void)state;
	expect_error("category=cooking", "arts");
	expect_error("category=arts&category=cooking", "volunteer");
	expect_error("audience=everyone", "new_immigrant");
	expect_error("district=北投區", "七堵區");
	expect_error("district=仁愛區&district=北投區", "仁愛區");
	expect_error("institution_type=school", "community_college");
	expect_error("time=night", "evening");
	expect_error("format=video", "blended");
	expect_error("sort=popular", "relevance");
	expect_error("starts_within=10", "30");
	expect_error("weekday=8", "7");
	expect_error("weekday=1&weekday=0", "Monday");
	expect_error("weekend=maybe", "weekend");
	expect_error("fee_max=-1", "fee_max");
	expect_error("fee_max=free", "fee_max");
	expect_error("language=!!", "zh-Hant");
	expect_error("from=2024-02-30", "from");
	expect_error("from=2026-05-01&to=2026-04-01", "to");
	expect_error("institution=999999", "institution");
}

static void over_long_query_is_400(void **state)
{
	(void)state;
	char *q = malloc(10010);
	memcpy(q, "q=", 2);
	memset(q + 2, 'a', 10000);
	q[10002] = '\0';
	expect_error(q, "q");
	q[2 + 201] = '\0';
	expect_error(q, "200");
	q[2 + 200] = '\0';
	json_decref(api(q, 200));
	/* 200 Chinese characters are 600 bytes but still 200 characters */
	struct buf b = BUF_INIT;
	buf_puts(&b, "q=");
	for (int i = 0; i < 200; i++)
		buf_puts(&b, "書");
	json_decref(api(buf_cstr(&b), 200));
	buf_free(&b);
	free(q);
}

/* ---- the page ----------------------------------------------------------------------- */

static void page_shows_results_with_marks_and_facets(void **state)
{
	(void)state;
	struct reply r;
	page("q=書法", 200, &r);
	assert_true(body_count(&r, "<mark>書法</mark>入門班") == 1);
	assert_true(body_count(&r, "href=\"/courses/") >= 2);
	assert_true(body_count(&r, "民國") >= 2);			/* ROC dates */
	assert_true(body_count(&r, "課程介紹") >= 1);		/* why: the description */
	assert_true(body_count(&r, "也談<mark>書法</mark>") == 1);
	assert_true(body_count(&r, "name=\"q\" value=\"書法\"") == 1);
	assert_true(body_count(&r, "method=\"get\" action=\"/search\"") == 1);
	assert_true(body_count(&r, "<label for=\"q\">") == 1);
	char timing[64];
	assert_int_equal(reply_header(&r, "Server-Timing", timing, sizeof timing), 0);
	assert_non_null(strstr(timing, "dur="));
	reply_free(&r);
	page("", 200, &r);
	assert_true(body_count(&r, "name=\"district\" value=\"七堵區\"") == 1);
	assert_true(body_count(&r, "（3）") >= 1);
	assert_true(body_count(&r, "name=\"category\" value=\"arts\"") == 1);
	reply_free(&r);
	/* a chosen filter is checked and can be removed */
	page("district=七堵區", 200, &r);
	assert_true(body_count(&r, "value=\"七堵區\" checked=\"checked\"") == 1);
	assert_true(body_count(&r, "class=\"active-filters\"") == 1);
	reply_free(&r);
}

static void page_escapes_html_in_titles(void **state)
{
	(void)state;
	struct reply r;
	page("q=電腦", 200, &r);
	assert_true(body_count(&r, "&lt;script&gt;alert(1)&lt;/script&gt;<mark>電腦</mark>課") == 1);
	assert_int_equal(body_count(&r, "<script>alert"), 0);
	reply_free(&r);
	page("q=<b>書法</b>", 200, &r);
	assert_int_equal(body_count(&r, "<b>書法"), 0);
	reply_free(&r);
}

static void page_links_to_the_next_page(void **state)
{
	(void)state;
	struct reply r;
	page("category=arts&per_page=2", 200, &r);
	assert_true(body_count(&r, "rel=\"next\" href=\"/search?category=arts&amp;page=2&amp;per_page=2\"") == 1);
	assert_int_equal(body_count(&r, "rel=\"prev\""), 0);
	reply_free(&r);
	page("category=arts&per_page=2&page=2", 200, &r);
	assert_true(body_count(&r, "rel=\"prev\" href=\"/search?category=arts&amp;per_page=2\"") == 1);
	assert_int_equal(body_count(&r, "rel=\"next\""), 0);
	reply_free(&r);
}

static void page_empty_state_suggests_a_way_on(void **state)
{
	(void)state;
	struct reply r;
	page("q=太空梭&district=七堵區", 200, &r);
	assert_true(body_count(&r, "找不到符合的課程") == 1);
	assert_true(body_count(&r, "href=\"/search?q=%E5%A4%AA%E7%A9%BA%E6%A2%AD\"") >= 1);
	assert_true(body_count(&r, "href=\"/guide\"") >= 1);
	reply_free(&r);
}

static void page_bad_value_is_a_400_page(void **state)
{
	(void)state;
	struct reply r;
	page("district=北投區", 400, &r);
	assert_true(body_count(&r, "仁愛區") >= 1);
	reply_free(&r);
}

/* An import while the server runs is found at once: the index triggers and
 * the data version keep search in step. */
static void new_data_is_found_at_once(void **state)
{
	(void)state;
	struct fixture f = {I2, "插花研習", "arts", "women", "七堵區", "", 3, 1, 9, 0, 2, "10",
			    "0", "in_person", "zh-Hant", "no", "花藝入門。"};
	struct buf csv = BUF_INIT;
	assert_int_equal(total_of("q=插花"), 0);
	long long before = facet_count("", "category", "arts");
	buf_puts(&csv, sessions_header);
	fixture_rows(&csv, &f);
	assert_int_equal(server_import(&srv, "sessions", buf_cstr(&csv)), 0);
	buf_free(&csv);
	assert_int_equal(total_of("q=插花"), 1);
	assert_int_equal(total_of("q=花藝"), 1);
	assert_int_equal(facet_count("", "category", "arts"), before + 1);
	assert_int_equal(total_of("audience=women"), 1);
}

/* Registrations change only the places left: search follows them (a
 * lighter refresh than a data change). */
static void registrations_change_places_left(void **state)
{
	(void)state;
	sqlite3 *h;
	json_t *j = api("q=茶", 200);
	long long id = json_integer_value(json_object_get(
		json_array_get(json_object_get(j, "items"), 0), "id"));
	json_decref(j);
	long long before = total_of("available=yes");
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	char sql[512];
	snprintf(sql, sizeof sql,
		 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<15) "
		 "INSERT INTO learners(name,phone,consent_at) "
		 "SELECT '測試學員'||i,'0900000000','2026-01-01' FROM n;"
		 "INSERT INTO registrations(course_id,learner_id,status,token_hash) "
		 "SELECT %lld,id,'enrolled',randomblob(16) FROM learners WHERE name LIKE '測試學員%%';",
		 id);
	char *err = NULL;
	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s", err);
	sqlite3_close(h);
	assert_int_equal(total_of("available=yes"), before - 1);
	j = api("q=茶", 200);
	assert_int_equal(json_integer_value(json_object_get(
		json_array_get(json_object_get(j, "items"), 0), "seats_left")), 0);
	json_decref(j);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(two_characters_find_a_longer_title),
		cmocka_unit_test(one_character_finds_words_containing_it),
		cmocka_unit_test(place_name_inside_a_title),
		cmocka_unit_test(vietnamese_without_accents),
		cmocka_unit_test(traditional_and_simplified_variants),
		cmocka_unit_test(english_plurals_and_ing),
		cmocka_unit_test(every_word_must_match),
		cmocka_unit_test(syntax_characters_are_text),
		cmocka_unit_test(no_filters_find_every_upcoming_course),
		cmocka_unit_test(each_facet_filters),
		cmocka_unit_test(date_range_and_institution),
		cmocka_unit_test(facet_counts_apply_the_other_filters),
		cmocka_unit_test(sort_soonest_newest_relevance),
		cmocka_unit_test(paging_edges),
		cmocka_unit_test(items_carry_every_field),
		cmocka_unit_test(unknown_values_are_400_naming_the_allowed),
		cmocka_unit_test(over_long_query_is_400),
		cmocka_unit_test(page_shows_results_with_marks_and_facets),
		cmocka_unit_test(page_escapes_html_in_titles),
		cmocka_unit_test(page_links_to_the_next_page),
		cmocka_unit_test(page_empty_state_suggests_a_way_on),
		cmocka_unit_test(page_bad_value_is_a_400_page),
		cmocka_unit_test(new_data_is_found_at_once),
		cmocka_unit_test(registrations_change_places_left),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
