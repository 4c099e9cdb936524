/* HTTP tests: the JSON API and error handling, served by the real binary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PLAN_CSV "../shared/seed/plan-targets-111-113.csv"

static struct server srv;

static int start(void **state)
{
	*state = &srv;
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, NULL) < 0)
		return -1;
	return 0;
}

/* GETs path, expects status and a JSON body; returns the parsed body. */
static json_t *get_json(const char *path, long status)
{
	struct reply r;
	char ct[128];
	json_error_t e;
	assert_int_equal(http_get(&srv, path, &r), 0);
	if (r.status != status)
		fail_msg("%s: status %ld, want %ld: %s", path, r.status, status, r.body.data);
	assert_int_equal(reply_header(&r, "Content-Type", ct, sizeof ct), 0);
	assert_string_equal(ct, "application/json");
	json_t *j = json_loadb(r.body.data, r.body.len, 0, &e);
	if (!j)
		fail_msg("%s: not JSON: %s", path, e.text);
	reply_free(&r);
	return j;
}

/* One CSV row of the plan targets, gathered field by field by libcsv. */
struct csv_rows {
	int field, row;
	char id[256];
	long long t[3];
	json_t *indicators;	/* the API's list, to compare against */
	int compared;
};

static void on_field(void *s, size_t n, void *arg)
{
	struct csv_rows *c = arg;
	char v[256];
	if (n >= sizeof v)
		n = sizeof v - 1;
	memcpy(v, s, n);
	v[n] = '\0';
	if (c->row > 0) {
		if (c->field == 3)
			snprintf(c->id, sizeof c->id, "%s", v);
		else if (c->field >= 7 && c->field <= 9)
			c->t[c->field - 7] = atoll(v);
	}
	c->field++;
}

static void on_row(int ch, void *arg)
{
	(void)ch;
	struct csv_rows *c = arg;
	if (c->row++ == 0 || c->field < 10) {
		c->field = 0;
		return;
	}
	c->field = 0;
	size_t i;
	json_t *ind;
	json_array_foreach(c->indicators, i, ind) {
		if (strcmp(json_string_value(json_object_get(ind, "id")), c->id))
			continue;
		json_t *t = json_object_get(ind, "targets");
		static const char *const years[] = {"2022", "2023", "2024"};
		for (int y = 0; y < 3; y++) {
			json_t *v = json_object_get(t, years[y]);
			if (!json_is_integer(v) || json_integer_value(v) != c->t[y])
				fail_msg("%s %s: API has %lld, CSV %lld", c->id, years[y],
					 v ? (long long)json_integer_value(v) : -1, c->t[y]);
		}
		c->compared++;
		return;
	}
	fail_msg("indicator %s is missing from /api/v1/plan", c->id);
}

static void plan_targets_equal_the_seed_csv(void **state)
{
	(void)state;
	json_t *plan = get_json("/api/v1/plan", 200);
	struct csv_rows c = {.indicators = json_object_get(plan, "indicators")};
	assert_int_equal(json_array_size(c.indicators), 30);
	assert_int_equal(json_array_size(json_object_get(plan, "goals")), 4);
	assert_int_equal(json_array_size(json_object_get(plan, "programmes")), 12);
	FILE *f = fopen(PLAN_CSV, "rb");
	if (!f)
		fail_msg("cannot open %s (tests run from the repository root)", PLAN_CSV);
	struct csv_parser p;
	char chunk[4096];
	size_t n;
	csv_init(&p, CSV_APPEND_NULL);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		csv_parse(&p, chunk, n, on_field, on_row, &c);
	csv_fini(&p, on_field, on_row, &c);
	csv_free(&p);
	fclose(f);
	assert_int_equal(c.compared, 30);
	json_decref(plan);
}

static void institutions_are_listed_with_types(void **state)
{
	(void)state;
	json_t *j = get_json("/api/v1/institutions", 200);
	json_t *items = json_object_get(j, "items");
	assert_true(json_array_size(items) >= 20);
	assert_int_equal(json_integer_value(json_object_get(j, "total")), json_array_size(items));
	size_t i;
	json_t *it;
	int tribal = 0;
	json_array_foreach(items, i, it) {
		assert_true(json_is_string(json_object_get(it, "name")));
		tribal += !strcmp(json_string_value(json_object_get(it, "type")), "tribal_college");
	}
	assert_int_equal(tribal, 1);
	json_decref(j);
}

static void courses_are_paged(void **state)
{
	(void)state;
	json_t *a = get_json("/api/v1/courses?page=1&per_page=5", 200);
	json_t *b = get_json("/api/v1/courses?page=2&per_page=5", 200);
	long long total = json_integer_value(json_object_get(a, "total"));
	assert_true(total > 10);
	json_t *ia = json_object_get(a, "items"), *ib = json_object_get(b, "items");
	assert_int_equal(json_array_size(ia), 5);
	assert_int_equal(json_array_size(ib), 5);
	/* pages do not overlap */
	for (size_t i = 0; i < 5; i++)
		for (size_t k = 0; k < 5; k++)
			assert_int_not_equal(json_integer_value(json_object_get(json_array_get(ia, i), "id")),
					     json_integer_value(json_object_get(json_array_get(ib, k), "id")));
	json_t *first = json_array_get(ia, 0);
	assert_true(json_is_string(json_object_get(first, "title")));
	assert_true(json_is_string(json_object_get(first, "institution")));
	assert_true(json_is_string(json_object_get(first, "next_session")));
	json_decref(a);
	json_decref(b);
}

static void courses_come_soonest_first(void **state)
{
	(void)state;
	json_t *j = get_json("/api/v1/courses?per_page=20", 200);
	json_t *items = json_object_get(j, "items");
	const char *prev = "";
	for (size_t i = 0; i < json_array_size(items); i++) {
		const char *n = json_string_value(json_object_get(json_array_get(items, i), "next_session"));
		if (!n)
			break;
		assert_true(strcmp(prev, n) <= 0);
		prev = n;
	}
	json_decref(j);
}

static void per_page_is_clamped_and_page_zero_is_first(void **state)
{
	(void)state;
	json_t *j = get_json("/api/v1/courses?per_page=1000&page=0", 200);
	assert_int_equal(json_integer_value(json_object_get(j, "per_page")), 100);
	assert_int_equal(json_integer_value(json_object_get(j, "page")), 1);
	json_decref(j);
}

static void page_past_the_end_is_empty(void **state)
{
	(void)state;
	json_t *j = get_json("/api/v1/courses?page=9999", 200);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 0);
	assert_true(json_integer_value(json_object_get(j, "total")) > 0);
	json_decref(j);
}

static void bad_number_is_json_400(void **state)
{
	(void)state;
	json_t *j = get_json("/api/v1/courses?per_page=ten", 400);
	const char *e = json_string_value(json_object_get(j, "error"));
	assert_non_null(e);
	assert_non_null(strstr(e, "per_page"));
	json_decref(j);
}

static void unknown_api_path_is_json_404(void **state)
{
	(void)state;
	json_t *j = get_json("/api/v1/nothing", 404);
	assert_true(json_is_string(json_object_get(j, "error")));
	json_decref(j);
}

static void healthz_says_ok(void **state)
{
	(void)state;
	json_t *j = get_json("/healthz", 200);
	assert_string_equal(json_string_value(json_object_get(j, "status")), "ok");
	json_decref(j);
}

/* Breaks the database under the running server: the next page must be a
 * 500 that shows the request id and nothing of the SQL error. */
static void database_failure_is_500_revealing_nothing(void **state)
{
	(void)state;
	sqlite3 *h;
	struct reply r;
	char id[64];
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	/* legacy mode: rename without re-checking triggers (they use the FTS
	 * tokenizer, which only the server's connections have) */
	assert_int_equal(sqlite3_exec(h, "PRAGMA legacy_alter_table=ON; "
				      "ALTER TABLE districts RENAME TO districts_gone", NULL,
				      NULL, NULL), SQLITE_OK);
	assert_int_equal(http_get(&srv, "/", &r), 0);
	assert_int_equal(r.status, 500);
	assert_null(strstr(r.body.data, "districts"));
	assert_null(strstr(r.body.data, "SQL"));
	assert_int_equal(reply_header(&r, "X-Request-Id", id, sizeof id), 0);
	assert_non_null(strstr(r.body.data, id));
	char *log = server_log(&srv);
	char needle[96];
	snprintf(needle, sizeof needle, "[%s] error 500", id);
	assert_non_null(strstr(log, needle));
	free(log);
	reply_free(&r);
	assert_int_equal(sqlite3_exec(h, "ALTER TABLE districts_gone RENAME TO districts", NULL,
				      NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(http_get(&srv, "/", &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plan_targets_equal_the_seed_csv),
		cmocka_unit_test(institutions_are_listed_with_types),
		cmocka_unit_test(courses_are_paged),
		cmocka_unit_test(courses_come_soonest_first),
		cmocka_unit_test(per_page_is_clamped_and_page_zero_is_first),
		cmocka_unit_test(page_past_the_end_is_empty),
		cmocka_unit_test(bad_number_is_json_400),
		cmocka_unit_test(unknown_api_path_is_json_404),
		cmocka_unit_test(healthz_says_ok),
		cmocka_unit_test(database_failure_is_500_revealing_nothing),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
