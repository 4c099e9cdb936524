/* HTTP tests: feed sync (`lifelong sync`, src/sync) against a local HTTP
 * server run by this test (libevent's evhttp in a thread) serving good,
 * changing, broken, slow, huge, redirecting and 304 feeds, an Atom feed
 * with hostile HTML and an iCalendar feed; then the announcement pages,
 * the JSON and the outgoing RSS and Atom feeds of the real server. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <event2/buffer.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/thread.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "harness.h"
#include "regtest.h"

static struct server srv;
static struct event_base *fbase;
static struct evhttp *fhttp;
static pthread_t fthread;
static int fport, slow_fd = -1, slow_port;
static atomic_int version = 1, hits_304, hits_etag;
static char user_agent[200];
static pthread_mutex_t ua_lock = PTHREAD_MUTEX_INITIALIZER;

static void send_body(struct evhttp_request *req, int code, const char *type, const char *body)
{
	struct evbuffer *b = evbuffer_new();
	evbuffer_add(b, body, strlen(body));
	evhttp_add_header(evhttp_request_get_output_headers(req), "Content-Type", type);
	evhttp_send_reply(req, code, "OK", b);
	evbuffer_free(b);
}

/* The test's feed server: one handler, by path. */
static void feed_server(struct evhttp_request *req, void *arg)
{
	(void)arg;
	const char *path = evhttp_request_get_uri(req);
	struct evkeyvalq *in = evhttp_request_get_input_headers(req);
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	const char *ua = evhttp_find_header(in, "User-Agent");
	pthread_mutex_lock(&ua_lock);
	snprintf(user_agent, sizeof user_agent, "%s", ua ? ua : "");
	pthread_mutex_unlock(&ua_lock);
	if (!strcmp(path, "/good.rss")) {
		char doc[4000];
		snprintf(doc, sizeof doc,
			 "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>館訊</title>"
			 "<item><title>樂齡電腦班開始報名</title><link>https://lib.example/a</link><guid>a</guid>"
			 "<description>&lt;p&gt;歡迎&lt;script&gt;alert(1)&lt;/script&gt;報名&lt;/p&gt;</description>"
			 "<pubDate>Mon, 02 Sep 2024 09:00:00 +0800</pubDate></item>"
			 "<item><title>閉館通知</title><link>https://lib.example/b</link>"
			 "<pubDate>Tue, 03 Sep 2024 09:00:00 +0800</pubDate></item>"
			 "%s</channel></rss>",
			 version == 1 ? "<item><title>暫時的消息</title><guid>c</guid>"
					"<pubDate>Wed, 04 Sep 2024 09:00:00 +0800</pubDate></item>" : "");
		send_body(req, 200, "application/rss+xml", doc);
	} else if (!strcmp(path, "/hostile.atom")) {
		send_body(req, 200, "application/atom+xml",
			  "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title><id>urn:h</id>"
			  "<updated>2024-09-01T00:00:00Z</updated>"
			  "<entry><title>Atom 消息</title><id>urn:h:1</id><updated>2024-09-05T00:00:00Z</updated>"
			  "<link href=\"javascript:alert(1)\"/>"
			  "<content type=\"html\">&lt;img src=x onerror=alert(1)&gt;&lt;a href=\"javascript:alert(2)\"&gt;hi&lt;/a&gt;"
			  "&lt;iframe src=\"https://evil.example\"&gt;&lt;/iframe&gt;&lt;em&gt;safe&lt;/em&gt;</content></entry></feed>");
	} else if (!strcmp(path, "/broken.xml")) {
		send_body(req, 200, "application/rss+xml", "<rss version=\"2.0\"><channel><item><title>oops");
	} else if (!strcmp(path, "/huge.xml")) {
		size_t n = 3 * 1024 * 1024;
		char *big = malloc(n + 1);
		memset(big, ' ', n);
		memcpy(big, "<rss version=\"2.0\"><channel>", 28);
		big[n] = '\0';
		send_body(req, 200, "application/rss+xml", big);
		free(big);
	} else if (!strcmp(path, "/redirect")) {
		evhttp_add_header(out, "Location", "/redirect2");
		send_body(req, 302, "text/plain", "moved");
	} else if (!strcmp(path, "/redirect2")) {
		evhttp_add_header(out, "Location", "/moved.rss");
		send_body(req, 301, "text/plain", "moved");
	} else if (!strcmp(path, "/moved.rss")) {
		send_body(req, 200, "application/rss+xml",
			  "<rss version=\"2.0\"><channel><item><title>搬家後的消息</title><guid>m</guid></item></channel></rss>");
	} else if (!strcmp(path, "/loop")) {
		evhttp_add_header(out, "Location", "/loop");
		send_body(req, 302, "text/plain", "again");
	} else if (!strcmp(path, "/to-ftp")) {
		evhttp_add_header(out, "Location", "ftp://127.0.0.1/feed.xml");
		send_body(req, 302, "text/plain", "moved");
	} else if (!strcmp(path, "/etag.rss")) {
		const char *inm = evhttp_find_header(in, "If-None-Match");
		hits_etag++;
		if (inm && !strcmp(inm, "\"v1\"")) {
			hits_304++;
			evhttp_send_reply(req, 304, "Not Modified", NULL);
			return;
		}
		evhttp_add_header(out, "ETag", "\"v1\"");
		evhttp_add_header(out, "Last-Modified", "Mon, 02 Sep 2024 00:00:00 GMT");
		send_body(req, 200, "application/rss+xml",
			  "<rss version=\"2.0\"><channel><item><title>有 ETag 的消息</title><guid>e</guid></item></channel></rss>");
	} else if (!strcmp(path, "/events.ics")) {
		send_body(req, 200, "text/calendar",
			  "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\n"
			  "BEGIN:VEVENT\r\nUID:story-1@lib.example\r\nSUMMARY:外部說故事活動\r\n"
			  "DTSTART;TZID=Asia/Taipei:20990105T140000\r\nDTEND;TZID=Asia/Taipei:20990105T150000\r\n"
			  "END:VEVENT\r\nEND:VCALENDAR\r\n");
	} else {
		send_body(req, 404, "text/plain", "no such feed");
	}
}

static void *feed_loop(void *arg)
{
	(void)arg;
	event_base_dispatch(fbase);
	return NULL;
}

/* A socket that listens but never answers: the slow feed. */
static int slow_listener(int *port)
{
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 8) < 0 ||
	    getsockname(fd, (struct sockaddr *)&a, &len) < 0)
		return -1;
	*port = ntohs(a.sin_port);
	return fd;
}

static long long inst1, inst2;

static int add_feed(long long inst, const char *fmt, ...)
{
	char url[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(url, sizeof url, fmt, ap);
	va_end(ap);
	return regtest_sql(&srv, "INSERT INTO feeds(institution_id,url) VALUES(%lld,%Q)", inst, url);
}

static int run_sync(void)
{
	char *argv[] = {(char *)harness_bin(), "sync", "--db", srv.db, "--feed-timeout", "2", NULL};
	return harness_exec(srv.log, argv);
}

static int setup(void **state)
{
	(void)state;
	struct evhttp_bound_socket *h;
	struct sockaddr_in a;
	socklen_t len = sizeof a;
	signal(SIGPIPE, SIG_IGN);	/* the huge feed's reader hangs up early */
	if (server_prepare(&srv, 1) < 0 || evthread_use_pthreads() < 0)
		return -1;
	fbase = event_base_new();
	fhttp = evhttp_new(fbase);
	evhttp_set_gencb(fhttp, feed_server, NULL);
	h = evhttp_bind_socket_with_handle(fhttp, "127.0.0.1", 0);
	if (!h || getsockname(evhttp_bound_socket_get_fd(h), (struct sockaddr *)&a, &len) < 0)
		return -1;
	fport = ntohs(a.sin_port);
	if ((slow_fd = slow_listener(&slow_port)) < 0)
		return -1;
	if (pthread_create(&fthread, NULL, feed_loop, NULL))
		return -1;
	inst1 = regtest_int(&srv, "SELECT min(id) FROM institutions");
	inst2 = regtest_int(&srv, "SELECT max(id) FROM institutions");
	if (inst1 < 1 || inst2 <= inst1)
		return -1;
	if (add_feed(inst1, "http://127.0.0.1:%d/good.rss", fport) < 0 ||
	    add_feed(inst1, "http://127.0.0.1:%d/hostile.atom", fport) < 0 ||
	    add_feed(inst1, "http://127.0.0.1:%d/broken.xml", fport) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/slow.xml", slow_port) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/huge.xml", fport) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/redirect", fport) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/loop", fport) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/to-ftp", fport) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/etag.rss", fport) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/events.ics", fport) < 0 ||
	    add_feed(inst2, "http://127.0.0.1:%d/missing.xml", fport) < 0)
		return -1;
	return run_sync() == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	event_base_loopbreak(fbase);
	pthread_join(fthread, NULL);
	evhttp_free(fhttp);
	event_base_free(fbase);
	if (slow_fd >= 0)
		close(slow_fd);
	server_cleanup(&srv);
	return 0;
}

/* The feed's stored error (malloc'd or NULL). */
static char *feed_error(const char *path)
{
	return regtest_text(&srv, "SELECT coalesce(last_error,'') FROM feeds WHERE url LIKE %Q",
			    path);
}

static void assert_error(const char *path, const char *want)
{
	char *e = feed_error(path);
	assert_non_null(e);
	if (!strstr(e, want))
		fail_msg("feed %s: error '%s', expected '%s'", path, e, want);
	free(e);
	assert_int_equal(regtest_int(&srv, "SELECT last_success_at IS NULL FROM feeds WHERE url LIKE %Q", path), 1);
}

static void good_feed_items_are_stored_safely(void **state)
{
	(void)state;
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM announcements a JOIN feeds f ON f.id=a.feed_id "
				     "WHERE f.url LIKE '%%/good.rss'"), 3);
	char *body = regtest_text(&srv, "SELECT body_html FROM announcements WHERE guid='id:a'");
	assert_non_null(body);
	assert_string_equal(body, "<p>歡迎報名</p>");
	free(body);
	/* no guid: the link is the key; the date is converted to UTC */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM announcements WHERE guid='link:https://lib.example/b' "
				     "AND published_at='2024-09-03T01:00:00Z'"), 1);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM feeds WHERE url LIKE '%%/good.rss' "
				     "AND last_success_at IS NOT NULL AND last_error IS NULL"), 1);
	/* the hostile Atom entry keeps only its safe part, and no javascript: link */
	body = regtest_text(&srv, "SELECT body_html || '|' || coalesce(link,'NULL') FROM announcements WHERE guid='id:urn:h:1'");
	assert_non_null(body);
	assert_string_equal(body, "hi<em>safe</em>|NULL");
	free(body);
	pthread_mutex_lock(&ua_lock);
	assert_non_null(strstr(user_agent, "lifelong"));
	pthread_mutex_unlock(&ua_lock);
}

static void failing_feeds_record_their_error(void **state)
{
	(void)state;
	assert_error("%/broken.xml", "not well-formed");
	assert_error("%/slow.xml", "time limit");
	assert_error("%/huge.xml", "larger than");
	assert_error("%/loop", "redirects");
	assert_error("%/to-ftp", "http");
	assert_error("%/missing.xml", "404");
	/* following redirects (two here) works */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM announcements WHERE guid='id:m'"), 1);
}

static void calendar_events_become_external_sessions(void **state)
{
	(void)state;
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM sessions s JOIN courses c ON c.id=s.course_id "
				     "WHERE c.title='外部說故事活動' AND c.source_feed_id IS NOT NULL "
				     "AND s.starts_at='2099-01-05 14:00' AND s.ends_at='2099-01-05 15:00' "
				     "AND s.source_uid='id:story-1@lib.example' AND c.institution_id=%lld", inst2), 1);
	char *d = regtest_text(&srv, "SELECT description FROM courses WHERE title='外部說故事活動'");
	assert_non_null(d);
	assert_non_null(strstr(d, "/events.ics"));	/* marked with its source */
	free(d);
}

static void second_sync_uses_conditional_get_and_removes_after_two_misses(void **state)
{
	(void)state;
	version = 2;	/* item c disappears upstream */
	assert_int_equal(run_sync(), 0);
	assert_int_equal(hits_304, 1);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM announcements WHERE guid='id:e'"), 1);
	assert_int_equal(regtest_int(&srv, "SELECT missing_count FROM announcements WHERE guid='id:c'"), 1);
	assert_int_equal(regtest_int(&srv, "SELECT missing_count FROM announcements WHERE guid='id:a'"), 0);
	assert_int_equal(run_sync(), 0);
	assert_int_equal(hits_304, 2);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM announcements WHERE guid='id:c'"), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM announcements WHERE guid='id:a'"), 1);
	/* a feed that now fails keeps what it had */
	assert_int_equal(regtest_sql(&srv, "UPDATE feeds SET url='http://127.0.0.1:%d/missing2.xml' "
				     "WHERE url LIKE '%%/good.rss'", fport), 0);
	assert_int_equal(run_sync(), 0);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM announcements WHERE guid IN ('id:a','link:https://lib.example/b')"), 2);
	char *e = feed_error("%/missing2.xml");
	assert_non_null(e);
	assert_non_null(strstr(e, "404"));
	free(e);
	/* …and still shows when it last succeeded */
	assert_int_equal(regtest_int(&srv, "SELECT last_success_at IS NOT NULL FROM feeds WHERE url LIKE '%%/missing2.xml'"), 1);
}

/* Parses an XML reply; returns the document (caller frees) or fails. */
static xmlDoc *xml_of(struct reply *r)
{
	xmlDoc *d = xmlReadMemory(r->body.data, (int)r->body.len, NULL, NULL, XML_PARSE_NONET);
	assert_non_null(d);
	return d;
}

static void pages_and_outgoing_feeds(void **state)
{
	(void)state;
	struct reply r;
	struct buf err = BUF_INIT;
	char path[80];
	assert_int_equal(server_start(&srv, 2, (const char *const[]){"--sync-interval", "0", NULL}), 0);

	assert_int_equal(http_get(&srv, "/announcements", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(html_well_formed(&r, &err), 0);
	assert_non_null(strstr(r.body.data, "樂齡電腦班開始報名"));
	assert_non_null(strstr(r.body.data, "來源：機構網站 127.0.0.1"));
	assert_non_null(strstr(r.body.data, "同步時間："));
	assert_null(strstr(r.body.data, "alert("));
	reply_free(&r);

	long long id = regtest_int(&srv, "SELECT id FROM announcements WHERE guid='id:a'");
	snprintf(path, sizeof path, "/announcements/%lld", id);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(html_well_formed(&r, &err), 0);
	assert_non_null(strstr(r.body.data, "<p>歡迎報名</p>"));
	assert_non_null(strstr(r.body.data, "這則消息由機構網站同步"));
	reply_free(&r);

	assert_int_equal(http_get(&srv, "/", &r), 0);
	assert_int_equal(html_well_formed(&r, &err), 0);
	assert_non_null(strstr(r.body.data, "id=\"h-news\""));
	assert_non_null(strstr(r.body.data, "樂齡電腦班開始報名"));
	reply_free(&r);

	snprintf(path, sizeof path, "/institutions/%lld", inst1);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(html_well_formed(&r, &err), 0);
	assert_non_null(strstr(r.body.data, "樂齡電腦班開始報名"));
	reply_free(&r);

	assert_int_equal(http_get(&srv, "/api/v1/announcements", &r), 0);
	assert_int_equal(r.status, 200);
	json_error_t je;
	json_t *j = json_loadb(r.body.data, r.body.len, 0, &je);
	assert_non_null(j);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 5);
	int found = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it) {
		if (!strcmp(json_string_value(json_object_get(it, "title")), "樂齡電腦班開始報名")) {
			found = 1;
			assert_string_equal(json_string_value(json_object_get(it, "source")), "feed");
			assert_non_null(json_string_value(json_object_get(it, "synced_at")));
			assert_string_equal(json_string_value(json_object_get(it, "body_html")), "<p>歡迎報名</p>");
		}
	}
	assert_true(found);
	json_decref(j);
	reply_free(&r);

	assert_int_equal(http_get(&srv, "/feeds/announcements.rss", &r), 0);
	assert_int_equal(r.status, 200);
	char ct[100];
	assert_int_equal(reply_header(&r, "Content-Type", ct, sizeof ct), 0);
	assert_non_null(strstr(ct, "application/rss+xml"));
	xmlDoc *d = xml_of(&r);
	xmlNode *root = xmlDocGetRootElement(d);
	assert_string_equal((const char *)root->name, "rss");
	xmlChar *ver = xmlGetProp(root, BAD_CAST "version");
	assert_non_null(ver);
	assert_string_equal((const char *)ver, "2.0");
	xmlFree(ver);
	assert_non_null(strstr(r.body.data, "<pubDate>"));
	assert_non_null(strstr(r.body.data, "+0000</pubDate>"));
	assert_non_null(strstr(r.body.data, "樂齡電腦班開始報名"));
	assert_null(strstr(r.body.data, "alert("));
	xmlFreeDoc(d);
	reply_free(&r);

	snprintf(path, sizeof path, "/feeds/institutions/%lld.atom", inst1);
	assert_int_equal(http_get(&srv, path, &r), 0);
	assert_int_equal(r.status, 200);
	d = xml_of(&r);
	root = xmlDocGetRootElement(d);
	assert_string_equal((const char *)root->name, "feed");
	assert_string_equal((const char *)root->ns->href, "http://www.w3.org/2005/Atom");
	assert_non_null(strstr(r.body.data, "<updated>"));
	assert_non_null(strstr(r.body.data, "<author><name>"));
	assert_non_null(strstr(r.body.data, "樂齡電腦班開始報名"));
	assert_null(strstr(r.body.data, "搬家後的消息"));	/* the other institution's */
	xmlFreeDoc(d);
	reply_free(&r);

	/* the back office shows each feed's error and last success */
	struct browser br = {""};
	char inst_name[200];
	char *nm = regtest_text(&srv, "SELECT name_zh FROM institutions WHERE id=%lld", inst2);
	snprintf(inst_name, sizeof inst_name, "%s", nm ? nm : "");
	free(nm);
	assert_int_equal(staff_create(&srv, &br, "admin", NULL, "feeds-admin@example.org",
				      "a long enough passphrase 42"), 0);
	snprintf(path, sizeof path, "/admin/institutions/%lld", inst2);
	assert_int_equal(browser_get(&srv, &br, path, &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(html_well_formed(&r, &err), 0);
	assert_non_null(strstr(r.body.data, "id=\"h-feed-status\""));
	assert_non_null(strstr(r.body.data, "larger than 2097152 bytes"));
	assert_non_null(strstr(r.body.data, "more than 5 redirects"));
	reply_free(&r);

	assert_int_equal(http_get(&srv, "/feeds/institutions/999999.rss", &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	buf_free(&err);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	const char *p = server_stop_problem(&srv);
	if (p)
		fail_msg("%s", p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(good_feed_items_are_stored_safely),
		cmocka_unit_test(failing_feeds_record_their_error),
		cmocka_unit_test(calendar_events_become_external_sessions),
		cmocka_unit_test(second_sync_uses_conditional_get_and_removes_after_two_misses),
		cmocka_unit_test(pages_and_outgoing_feeds),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
