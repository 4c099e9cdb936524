/* HTTP tests: the learning map (/map) on a database without demo data and
 * with the fixture institutions and sessions of tests/data/guide-*.csv
 * (upcoming courses: 七堵區 3, 信義區 2, 中山區 1, the others 0). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static struct server srv;

static const char *const districts[] = {"仁愛區", "信義區", "中正區", "中山區",
					"安樂區", "暖暖區", "七堵區"};

/* Imports one fixture file into the test database. */
static int import(const char *kind, const char *file)
{
	char *argv[] = {(char *)harness_bin(), "import", (char *)kind, "--db", srv.db,
			(char *)file, NULL};
	return harness_exec(srv.log, argv);
}

static int start(void **state)
{
	*state = &srv;
	if (server_prepare(&srv, 0) < 0 ||
	    import("institutions", "tests/data/guide-institutions.csv") != 0 ||
	    import("sessions", "tests/data/guide-sessions.csv") != 0 ||
	    server_start(&srv, 2, NULL) < 0)
		return -1;
	return 0;
}

/* Percent-encodes s (UTF-8) as the server writes query values. */
static void url_encode(char *out, size_t n, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p && k + 4 < n; p++) {
		out[k++] = '%';
		out[k++] = hex[*p >> 4];
		out[k++] = hex[*p & 15];
	}
	out[k] = '\0';
}

static void get_map(struct reply *r)
{
	struct buf err = BUF_INIT;
	assert_int_equal(http_get(&srv, "/map", r), 0);
	assert_int_equal(r->status, 200);
	if (html_well_formed(r, &err) < 0)
		fail_msg("/map is not well-formed: %s", buf_cstr(&err));
	buf_free(&err);
}

/* Finds the map's link for a district; returns its data-courses count and
 * the shade class of its path in *cls, or -1 if there is none. */
static long long district_on_map(const struct reply *r, const char *name, int *cls)
{
	char enc[128], needle[256];
	url_encode(enc, sizeof enc, name);
	snprintf(needle, sizeof needle,
		 "<a class=\"district-link\" href=\"/search?district=%s\" data-courses=\"", enc);
	const char *at = strstr(r->body.data, needle);
	if (!at)
		return -1;
	long long n = atoll(at + strlen(needle));
	const char *path = strstr(at, "<path class=\"district shade-");
	const char *end = strstr(at, "</a>");
	if (!path || !end || path > end)
		return -1;
	*cls = atoi(path + strlen("<path class=\"district shade-"));
	return n;
}

static void map_links_every_district_to_its_search(void **state)
{
	(void)state;
	struct reply r;
	get_map(&r);
	assert_int_equal(body_count(&r, "<a class=\"district-link\" href=\"/search?district="), 7);
	for (int i = 0; i < 7; i++) {
		int cls;
		if (district_on_map(&r, districts[i], &cls) < 0)
			fail_msg("no map link for %s", districts[i]);
	}
	/* the accessible names say what the link is */
	assert_non_null(strstr(r.body.data, "aria-label=\"七堵區：3 門近期課程、2 所學習機構\""));
	assert_non_null(strstr(r.body.data, "<title>七堵區：3 門近期課程、2 所學習機構</title>"));
	assert_non_null(strstr(r.body.data, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(r.body.data, "aria-current=\"page\">學習地圖</a>"));
	reply_free(&r);
}

static void map_shading_follows_the_counts(void **state)
{
	(void)state;
	static const char *const names[] = {"七堵區", "信義區", "中山區", "暖暖區", "仁愛區"};
	static const long long want_n[] = {3, 2, 1, 0, 0};
	static const int want_cls[] = {3, 2, 1, 0, 0};
	struct reply r;
	get_map(&r);
	for (int i = 0; i < 5; i++) {
		int cls = -1;
		long long n = district_on_map(&r, names[i], &cls);
		if (n != want_n[i] || cls != want_cls[i])
			fail_msg("%s: %lld courses in class %d, want %lld in %d", names[i], n, cls,
				 want_n[i], want_cls[i]);
	}
	/* every district: more courses never means a lighter class */
	const char *at = r.body.data;
	long long counts[8];
	int classes[8], k = 0;
	while (k < 8 && (at = strstr(at, "data-courses=\"")) != NULL) {
		counts[k] = atoll(at + strlen("data-courses=\""));
		const char *p = strstr(at, "shade-");
		assert_non_null(p);
		classes[k++] = atoi(p + strlen("shade-"));
		at++;
	}
	assert_int_equal(k, 7);
	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
			if (counts[i] < counts[j] && classes[i] >= classes[j])
				fail_msg("%lld courses in class %d, %lld in class %d", counts[i],
					 classes[i], counts[j], classes[j]);
	/* the legend names each class in words, not colour alone */
	assert_non_null(strstr(r.body.data, "沒有近期課程"));
	assert_non_null(strstr(r.body.data, "class=\"legend-class-3\""));
	assert_null(strstr(r.body.data, "class=\"legend-class-4\""));
	assert_int_equal(body_count(&r, "<pattern id=\"map-shade-"), 4);
	reply_free(&r);
}

static void map_marks_institutions_with_coordinates(void **state)
{
	(void)state;
	static const char *const names[] = {"測試七堵樂齡中心", "測試信義社區大學",
					    "測試中山新住民中心", "基隆市公共圖書館總館"};
	struct reply r;
	get_map(&r);
	/* the four institutions with a position, and no others */
	assert_int_equal(body_count(&r, "<a class=\"marker-link\" href=\"/institutions/"), 4);
	for (int i = 0; i < 4; i++) {
		char needle[256];
		snprintf(needle, sizeof needle, "<title>%s（", names[i]);
		const char *t = strstr(r.body.data, needle);
		if (!t)
			fail_msg("no marker for %s", names[i]);
		/* the title belongs to a circle inside a link to the institution */
		const char *a = t;
		while (a > r.body.data && strncmp(a, "<a class=\"marker-link\"", 22))
			a--;
		assert_true(strncmp(a, "<a class=\"marker-link\" href=\"/institutions/", 43) == 0);
		assert_non_null(strstr(a, "<circle class=\"marker marker-institution\""));
	}
	/* an institution without a position has no marker */
	assert_null(strstr(r.body.data, "<title>七堵區百福圖書館"));
	reply_free(&r);
}

static void map_has_a_text_list_of_the_same(void **state)
{
	(void)state;
	struct reply r;
	get_map(&r);
	const char *list = strstr(r.body.data, "<section id=\"map-list\"");
	assert_non_null(list);
	assert_non_null(strstr(r.body.data, "<a href=\"#map-list\">"));
	assert_int_equal(body_count(&r, "<li id=\"district-"), 8);	/* 7 + citywide */
	/* 七堵區's entry: its count, its search link and its institutions */
	char enc[128], link[256];
	url_encode(enc, sizeof enc, "七堵區");
	snprintf(link, sizeof link, "<h3><a href=\"/search?district=%s\"", enc);
	const char *qidu = strstr(list, link);
	assert_non_null(qidu);
	const char *next = strstr(qidu, "</li>\n<li id=\"district-");
	assert_non_null(next);
	const char *count = strstr(qidu, "<span class=\"num\">3</span> 門近期課程");
	assert_true(count && count < next);
	const char *inst = strstr(qidu, "測試七堵樂齡中心</a>");
	assert_true(inst && inst < next);
	const char *lib = strstr(qidu, "七堵區百福圖書館</a>");
	assert_true(lib && lib < next);
	/* public learning places without a district are listed too */
	assert_non_null(strstr(list, "其他學習場所："));
	assert_non_null(strstr(list, "八堵國小社區共讀站"));
	reply_free(&r);
}

/* The map's counts are those the search runner finds for the district
 * (asked through the guide, which shows the runner's total). */
static void map_counts_agree_with_search(void **state)
{
	(void)state;
	struct reply map;
	get_map(&map);
	for (int i = 0; i < 7; i++) {
		int cls;
		char enc[128], path[256], want[64];
		long long n = district_on_map(&map, districts[i], &cls);
		assert_true(n >= 0);
		url_encode(enc, sizeof enc, districts[i]);
		snprintf(path, sizeof path, "/guide/results?district=%s", enc);
		struct reply r;
		assert_int_equal(http_get(&srv, path, &r), 0);
		assert_int_equal(r.status, 200);
		if (n == 0)	/* none there: the guide says so and looks further */
			snprintf(want, sizeof want, "所以我們放寬了地點");
		else
			snprintf(want, sizeof want, "找到 %lld 門符合的課程", n);
		if (!strstr(r.body.data, want))
			fail_msg("%s: the map says %lld courses, the search does not", districts[i], n);
		reply_free(&r);
	}
	reply_free(&map);
}

static void map_stays_small(void **state)
{
	(void)state;
	struct reply r;
	get_map(&r);
	const char *svg = strstr(r.body.data, "<svg xmlns=");
	const char *end = strstr(r.body.data, "</svg>\n<div class=\"map-legend\">");
	assert_non_null(svg);
	assert_non_null(end);
	size_t n = (size_t)(end - svg);
	print_message("# map SVG %zu bytes, page %zu bytes\n", n, r.body.len);
	assert_true(n < 40000);
	assert_true(r.body.len < 80000);
	reply_free(&r);
}

static void home_links_into_the_map_and_the_guide(void **state)
{
	(void)state;
	struct reply r;
	struct buf err = BUF_INIT;
	char enc[128], link[256];
	assert_int_equal(http_get(&srv, "/", &r), 0);
	assert_int_equal(r.status, 200);
	if (html_well_formed(&r, &err) < 0)
		fail_msg("/ is not well-formed: %s", buf_cstr(&err));
	buf_free(&err);
	assert_non_null(strstr(r.body.data, "<a class=\"big-button\" href=\"/guide\">找到適合我的學習</a>"));
	url_encode(enc, sizeof enc, "暖暖區");
	snprintf(link, sizeof link, "href=\"/search?district=%s\"", enc);
	assert_non_null(strstr(r.body.data, link));
	assert_int_equal(body_count(&r, "href=\"/search?district="), 7);
	assert_int_equal(body_count(&r, "href=\"/map#district-"), 7);
	assert_non_null(strstr(r.body.data, "href=\"/institutions?type=senior_centre\""));
	assert_non_null(strstr(r.body.data, "href=\"/institutions?type=tribal_college\""));
	reply_free(&r);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	assert_int_equal(server_stop(&srv, 10), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_links_every_district_to_its_search),
		cmocka_unit_test(map_shading_follows_the_counts),
		cmocka_unit_test(map_marks_institutions_with_coordinates),
		cmocka_unit_test(map_has_a_text_list_of_the_same),
		cmocka_unit_test(map_counts_agree_with_search),
		cmocka_unit_test(map_stays_small),
		cmocka_unit_test(home_links_into_the_map_and_the_guide),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
