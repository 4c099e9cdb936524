/* HTTP tests: request limits — body size, header size, slow clients. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"

static struct server srv;

static int start(void **state)
{
	*state = &srv;
	static const char *const extra[] = {"--body-limit", "1024", "--timeout", "1", NULL};
	if (server_prepare(&srv, 0) < 0 || server_start(&srv, 1, extra) < 0)
		return -1;
	return 0;
}

static void body_over_limit_is_413(void **state)
{
	(void)state;
	char *body = malloc(4096);
	memset(body, 'a', 4095);
	body[4095] = '\0';
	struct reply r;
	assert_int_equal(http_fetch(&srv, "POST", "/sitemap", body,
				    "application/x-www-form-urlencoded", &r), 0);
	assert_int_equal(r.status, 413);
	reply_free(&r);
	free(body);
}

static void huge_header_is_refused(void **state)
{
	(void)state;
	size_t n = 40000;
	char *h = malloc(n + 16);
	strcpy(h, "X-Big: ");
	memset(h + 7, 'a', n);
	h[7 + n] = '\0';
	struct reply r;
	assert_int_equal(http_fetch_h(&srv, "GET", "/", NULL, NULL, h, &r), 0);
	assert_int_equal(r.status, 400);
	reply_free(&r);
	free(h);
}

/* A client that sends half a request line and stalls is disconnected by
 * the server (timeout 1 s here); without the timeout it would hang on. */
static void slow_client_is_disconnected(void **state)
{
	(void)state;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)srv.port)};
	inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
	assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
	assert_int_equal(write(fd, "GET / HTTP/1.1\r\n", 16), 16);
	struct pollfd p = {fd, POLLIN, 0};
	assert_int_equal(poll(&p, 1, 8000), 1);
	char c[512];
	ssize_t got = read(fd, c, sizeof c);
	assert_true(got <= 0 || !memcmp(c, "HTTP/1.1 4", 10));
	close(fd);
}

static void server_still_serves_after_abuse(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(http_get(&srv, "/healthz", &r), 0);
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
		cmocka_unit_test(body_over_limit_is_413),
		cmocka_unit_test(huge_header_is_refused),
		cmocka_unit_test(slow_client_is_disconnected),
		cmocka_unit_test(server_still_serves_after_abuse),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
