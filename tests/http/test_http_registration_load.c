/* HTTP tests: seats are never oversold. 300 registrations fired at once
 * (300 connections open together, libcurl multi) at a 25-seat course,
 * with the server on 1 and on 4 worker threads (--no-rate-limit): exactly
 * 25 enrolled, 275 waiting at places 1..275, none lost or duplicated, and
 * no request failing (no 5xx: SQLite's busy waits stay inside the 5 s
 * timeout, BEGIN IMMEDIATE never surfaces as an error). Prints the time
 * taken as a TAP comment (not asserted: speed goals live in bench/).
 * And when the lock stays taken past the timeout: 503, not 500. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "regtest.h"

#define N 300
#define SEATS 25

struct call {
	CURL *e;
	struct curl_slist *hdrs;
	struct buf body;
	char json[160];
	long status;
};

/* Appends a reply body to the call's buffer. */
static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	return buf_append(arg, p, size * n) == 0 ? size * n : 0;
}

/* Fires N registrations at once; fills calls[]. Returns the seconds taken. */
static double fire(const struct server *s, const struct api_client *c, long long course,
		   struct call *calls)
{
	char url[128], cookie[160], token[160];
	struct timespec t0, t1;
	snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/courses/%lld/registrations", s->port,
		 course);
	snprintf(cookie, sizeof cookie, "Cookie: %s", c->cookie);
	snprintf(token, sizeof token, "X-CSRF-Token: %s", c->token);
	CURLM *m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 0L);
	curl_multi_setopt(m, CURLMOPT_MAX_HOST_CONNECTIONS, 0L);
	for (int i = 0; i < N; i++) {
		struct call *k = &calls[i];
		memset(k, 0, sizeof *k);
		snprintf(k->json, sizeof k->json,
			 "{\"name\":\"負載測試學員%03d\",\"phone\":\"09120%05d\",\"consent\":true}", i, i);
		k->e = curl_easy_init();
		k->hdrs = curl_slist_append(NULL, cookie);
		k->hdrs = curl_slist_append(k->hdrs, token);
		k->hdrs = curl_slist_append(k->hdrs, "Content-Type: application/json");
		curl_easy_setopt(k->e, CURLOPT_URL, url);
		curl_easy_setopt(k->e, CURLOPT_POSTFIELDS, k->json);
		curl_easy_setopt(k->e, CURLOPT_HTTPHEADER, k->hdrs);
		curl_easy_setopt(k->e, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(k->e, CURLOPT_WRITEDATA, &k->body);
		curl_easy_setopt(k->e, CURLOPT_TIMEOUT, 60L);
		curl_easy_setopt(k->e, CURLOPT_FORBID_REUSE, 1L);
		curl_easy_setopt(k->e, CURLOPT_PRIVATE, k);
		curl_multi_add_handle(m, k->e);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int running = 1;
	while (running) {
		curl_multi_perform(m, &running);
		if (running)
			curl_multi_poll(m, NULL, 0, 100, NULL);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CURLMsg *msg;
	int left;
	while ((msg = curl_multi_info_read(m, &left)))
		if (msg->msg == CURLMSG_DONE) {
			struct call *k;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&k);
			if (msg->data.result == CURLE_OK)
				curl_easy_getinfo(msg->easy_handle, CURLINFO_RESPONSE_CODE, &k->status);
			else
				k->status = -1;
		}
	for (int i = 0; i < N; i++) {
		curl_multi_remove_handle(m, calls[i].e);
		curl_easy_cleanup(calls[i].e);
		curl_slist_free_all(calls[i].hdrs);
	}
	curl_multi_cleanup(m);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static void three_hundred_at_once(int threads)
{
	struct server s;
	struct api_client c;
	static struct call calls[N];
	static const char *const extra[] = {"--no-rate-limit", NULL};
	int enrolled = 0, waiting = 0, failed5xx = 0, other = 0;
	char seen[N + 1];
	char tokens[N][33];
	memset(seen, 0, sizeof seen);
	assert_int_equal(server_prepare(&s, 1), 0);
	long long course = regtest_course(&s, 1, SEATS, 0, "digital", "負載測試：25 個名額", NULL);
	assert_true(course > 0);
	assert_int_equal(server_start(&s, threads, extra), 0);
	assert_int_equal(api_client_init(&s, &c), 0);
	curl_global_init(CURL_GLOBAL_DEFAULT);
	double secs = fire(&s, &c, course, calls);
	for (int i = 0; i < N; i++) {
		struct call *k = &calls[i];
		json_error_t e;
		if (k->status >= 500)
			failed5xx++;
		if (k->status != 201) {
			other++;
			buf_free(&k->body);
			continue;
		}
		json_t *j = json_loads(buf_cstr(&k->body), 0, &e);
		const char *st = json_string_value(json_object_get(j, "status"));
		const char *tok = json_string_value(json_object_get(j, "token"));
		snprintf(tokens[i], sizeof tokens[i], "%s", tok ? tok : "");
		if (st && !strcmp(st, "enrolled") && json_is_null(json_object_get(j, "position"))) {
			enrolled++;
		} else if (st && !strcmp(st, "waitlisted")) {
			long long p = json_integer_value(json_object_get(j, "position"));
			if (p >= 1 && p <= N && !seen[p]) {
				seen[p] = 1;
				waiting++;
			}
		}
		json_decref(j);
		buf_free(&k->body);
	}
	print_message("# %d threads: %d registrations in %.2f s (%.0f/s): %d enrolled, %d waiting, "
		      "%d not 201, %d 5xx\n", threads, N, secs, N / secs, enrolled, waiting, other,
		      failed5xx);
	assert_int_equal(failed5xx, 0);
	assert_int_equal(other, 0);
	assert_int_equal(enrolled, SEATS);
	assert_int_equal(waiting, N - SEATS);
	for (int p = 1; p <= N - SEATS; p++)
		assert_true(seen[p]);
	for (int i = 0; i < N; i++)
		for (int k = i + 1; k < N; k++)
			assert_string_not_equal(tokens[i], tokens[k]);
	/* and in the database */
	assert_int_equal(regtest_int(&s, "SELECT count(*) FROM registrations WHERE course_id=%lld", course), N);
	assert_int_equal(regtest_int(&s, "SELECT count(*) FROM registrations WHERE course_id=%lld "
				     "AND status='enrolled'", course), SEATS);
	assert_int_equal(regtest_int(&s, "SELECT count(DISTINCT position) FROM registrations WHERE "
				     "course_id=%lld AND status='waitlisted' AND position BETWEEN 1 AND %d",
				     course, N - SEATS), N - SEATS);
	assert_int_equal(regtest_int(&s, "SELECT count(DISTINCT learner_id) FROM registrations WHERE "
				     "course_id=%lld", course), N);
	/* after the stop, which writes out every access-log line */
	const char *problem = server_stop_problem(&s);
	char *log = server_log(&s);
	assert_non_null(log);
	assert_non_null(strstr(log, "\" 201 "));
	assert_null(strstr(log, "database is locked"));
	assert_null(strstr(log, "\" 500 "));
	assert_null(strstr(log, "\" 503 "));
	free(log);
	server_cleanup(&s);
	curl_global_cleanup();
	if (problem)
		fail_msg("%s", problem);
}

/* Another program holding the write lock for longer than the busy
 * timeout (5 s): the registration answers 503 with Retry-After, never
 * 500, and nothing half-done is left. */
static void a_lock_held_too_long_gives_503(void **state)
{
	(void)state;
	struct server s;
	struct api_client c;
	struct reply r;
	char path[96];
	static const char *const extra[] = {"--no-rate-limit", NULL};
	assert_int_equal(server_prepare(&s, 1), 0);
	long long course = regtest_course(&s, 1, SEATS, 0, "digital", "負載測試：鎖住", NULL);
	assert_int_equal(server_start(&s, 2, extra), 0);
	assert_int_equal(api_client_init(&s, &c), 0);
	sqlite3 *h;
	assert_int_equal(sqlite3_open(s.db, &h), SQLITE_OK);
	/* the server\'s own threads may be writing for a moment: wait for them */
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_exec(h, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", course);
	assert_int_equal(api_call(&s, &c, "POST", path,
				  "{\"name\":\"等不到鎖\",\"phone\":\"0912345678\",\"consent\":true}", 1, &r), 0);
	sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(h);
	assert_int_equal(r.status, 503);
	char ra[16];
	assert_int_equal(reply_header(&r, "Retry-After", ra, sizeof ra), 0);
	reply_free(&r);
	assert_int_equal(regtest_int(&s, "SELECT count(*) FROM registrations"), 0);
	assert_int_equal(regtest_int(&s, "SELECT count(*) FROM learners"), 0);
	/* and once the lock is free, the same registration goes through */
	assert_int_equal(api_call(&s, &c, "POST", path,
				  "{\"name\":\"等不到鎖\",\"phone\":\"0912345678\",\"consent\":true}", 1, &r), 0);
	assert_int_equal(r.status, 201);
	reply_free(&r);
	const char *problem = server_stop_problem(&s);
	server_cleanup(&s);
	if (problem)
		fail_msg("%s", problem);
}

static void one_thread(void **state)
{
	(void)state;
	three_hundred_at_once(1);
}

static void four_threads(void **state)
{
	(void)state;
	three_hundred_at_once(4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_thread),
		cmocka_unit_test(four_threads),
		cmocka_unit_test(a_lock_held_too_long_gives_503),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
