/* HTTP tests: SIGTERM under load. Every request the server answered is
 * counted (page views are written to the database in batches), so after a
 * stop in the middle of traffic the stored count must equal the number of
 * 200 replies the clients received: nothing acknowledged is lost. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "harness.h"

#define CLIENTS 6
#define MAX_REQUESTS_EACH 3000

static struct server srv;
static atomic_int stop_clients;

struct client {
	pthread_t t;
	int ok, refused, broken;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	for (int i = 0; i < MAX_REQUESTS_EACH && !atomic_load(&stop_clients); i++) {
		struct reply r;
		if (http_get(&srv, "/", &r) < 0)
			c->refused++;	/* not accepted: nothing was acknowledged */
		else if (r.status == 200 && strstr(r.body.data, "</html>"))
			c->ok++;
		else
			c->broken++;
		reply_free(&r);
	}
	return NULL;
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void sigterm_under_load_loses_nothing(void **state)
{
	(void)state;
	struct client cs[CLIENTS];
	struct timespec t0, pause = {0, 400000000};
	memset(cs, 0, sizeof cs);
	assert_int_equal(server_prepare(&srv, 1), 0);
	assert_int_equal(server_start(&srv, 2, NULL), 0);
	for (int i = 0; i < CLIENTS; i++)
		pthread_create(&cs[i].t, NULL, client_main, &cs[i]);
	nanosleep(&pause, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	int status = server_stop(&srv, 10);
	double took = seconds_since(&t0);
	atomic_store(&stop_clients, 1);
	int ok = 0, broken = 0;
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(cs[i].t, NULL);
		ok += cs[i].ok;
		broken += cs[i].broken;
	}
	assert_int_equal(status, 0);
	assert_true(took < 5.0);
	assert_true(ok > 0);
	assert_int_equal(broken, 0);

	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT coalesce(sum(views),0) FROM page_views "
					    "WHERE page_kind='home'", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	int stored = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	print_message("answered %d, stored %d, stop took %.2f s\n", ok, stored, took);
	assert_int_equal(stored, ok);
	server_cleanup(&srv);
}

static void bots_are_not_counted(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(server_prepare(&srv, 0), 0);
	assert_int_equal(server_start(&srv, 1, NULL), 0);
	assert_int_equal(http_fetch_h(&srv, "GET", "/", NULL, NULL,
				      "User-Agent: Googlebot/2.1", &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	assert_int_equal(http_get(&srv, "/sitemap", &r), 0);
	reply_free(&r);
	assert_int_equal(server_stop(&srv, 10), 0);
	sqlite3 *h;
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	sqlite3_prepare_v2(h, "SELECT page_kind, views FROM page_views ORDER BY 1", -1, &st, NULL);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "sitemap");
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(h);
	server_cleanup(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sigterm_under_load_loses_nothing),
		cmocka_unit_test(bots_are_not_counted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
