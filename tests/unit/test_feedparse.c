/* Unit tests: RSS 2.0, Atom 1.0 and iCalendar feeds (src/sync/feedparse.c):
 * fields, de-duplication keys, dates, and XXE payloads left inert. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sync/feedparse.h"

static int parse(const char *doc, struct feed_items *f)
{
	char err[200] = "";
	return feed_parse(doc, strlen(doc), "Asia/Taipei", 100, f, err, sizeof err);
}

static void rss_items_and_keys(void **state)
{
	(void)state;
	struct feed_items f;
	const char *doc =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
		"<title>館訊</title>"
		"<item><title>  報名 \n 開始 </title><link>https://lib.example/1</link><guid isPermaLink=\"false\">g-1</guid>"
		"<description>&lt;p&gt;short&lt;/p&gt;</description><content:encoded><![CDATA[<p>full <b>text</b></p>]]></content:encoded>"
		"<pubDate>Wed, 02 Oct 2024 13:00:00 +0800</pubDate></item>"
		"<item><title>No guid</title><link>https://lib.example/2</link></item>"
		"<item><title>Only title</title><pubDate>Thu, 03 Oct 2024 08:00:00 GMT</pubDate></item>"
		"<item><description>no title: skipped</description></item>"
		"</channel></rss>";
	assert_int_equal(parse(doc, &f), 0);
	assert_int_equal(f.kind, FEED_RSS);
	assert_string_equal(f.title, "館訊");
	assert_int_equal(f.n, 3);
	assert_string_equal(f.v[0].title, "報名 開始");
	assert_string_equal(f.v[0].key, "id:g-1");
	assert_string_equal(f.v[0].link, "https://lib.example/1");
	assert_string_equal(f.v[0].body_html, "<p>full <b>text</b></p>");	/* content:encoded wins */
	assert_string_equal(f.v[0].published, "2024-10-02T05:00:00Z");
	assert_string_equal(f.v[1].key, "link:https://lib.example/2");
	assert_string_equal(f.v[1].published, "");
	assert_string_equal(f.v[2].key, "t:Only title|2024-10-03T08:00:00Z");
	feed_items_free(&f);
}

static void atom_entries(void **state)
{
	(void)state;
	struct feed_items f;
	const char *doc =
		"<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>News</title><id>urn:x</id>"
		"<entry><title type=\"text\">A &amp; B</title><id>tag:example.org,2024:1</id>"
		"<link rel=\"edit\" href=\"https://example.org/edit/1\"/>"
		"<link href=\"https://example.org/1\"/>"
		"<updated>2024-05-01T10:00:00Z</updated><published>2024-04-30T09:30:00.5+08:00</published>"
		"<content type=\"html\">&lt;p&gt;x&lt;/p&gt;</content></entry>"
		"<entry><title>Text</title><id>2</id><updated>2024-05-02T00:00:00Z</updated>"
		"<summary>1 &lt; 2</summary></entry>"
		"<entry><title>X</title><id>3</id><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>hi</p></div></content></entry>"
		"</feed>";
	assert_int_equal(parse(doc, &f), 0);
	assert_int_equal(f.kind, FEED_ATOM);
	assert_int_equal(f.n, 3);
	assert_string_equal(f.v[0].title, "A & B");
	assert_string_equal(f.v[0].key, "id:tag:example.org,2024:1");
	assert_string_equal(f.v[0].link, "https://example.org/1");
	assert_string_equal(f.v[0].published, "2024-04-30T01:30:00Z");
	assert_string_equal(f.v[0].body_html, "<p>x</p>");
	assert_string_equal(f.v[1].published, "2024-05-02T00:00:00Z");	/* updated when no published */
	assert_string_equal(f.v[1].body_html, "1 &lt; 2");	/* text is escaped */
	assert_non_null(strstr(f.v[2].body_html, "<p>hi</p>"));
	feed_items_free(&f);
}

static void xxe_is_inert(void **state)
{
	(void)state;
	struct feed_items f;
	const char *doc =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE rss [\n"
		"  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
		"  <!ENTITY net SYSTEM \"http://127.0.0.1:9/evil\">\n"
		"  <!ENTITY lol \"lol\">\n"
		"]>\n"
		"<rss version=\"2.0\"><channel><title>t</title>"
		"<item><title>A&xxe;B</title><guid>&net;</guid><description>x&lol;y</description></item>"
		"</channel></rss>";
	assert_int_equal(parse(doc, &f), 0);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.v[0].title, "AB");	/* the reference is dropped, not read */
	assert_null(strstr(f.v[0].title, "root:"));
	assert_string_equal(f.v[0].body_html, "xy");	/* not even internal ones expand */
	assert_string_equal(f.v[0].key, "t:AB|");
	feed_items_free(&f);

	/* an entity bomb is refused (or at least never expanded) */
	const char *bomb = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\">"
			   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
			   "<rss version=\"2.0\"><channel><item><title>T&c;</title></item></channel></rss>";
	if (parse(bomb, &f) == 0) {
		assert_int_equal(f.n, 1);
		assert_string_equal(f.v[0].title, "T");
		feed_items_free(&f);
	}

	/* a parameter entity naming an outside DTD is not loaded either */
	const char *doc2 = "<?xml version=\"1.0\"?>\n"
			   "<!DOCTYPE rss [<!ENTITY % ext SYSTEM \"file:///etc/passwd\"> %ext;]>\n"
			   "<rss version=\"2.0\"><channel><item><title>ok</title></item></channel></rss>";
	if (parse(doc2, &f) == 0) {
		for (size_t i = 0; i < f.n; i++)
			assert_null(strstr(f.v[i].title, "root:"));
		feed_items_free(&f);
	}
}

static void not_a_feed(void **state)
{
	(void)state;
	struct feed_items f;
	char err[200] = "";
	assert_int_equal(feed_parse("<rss><channel><item>", 20, "Asia/Taipei", 10, &f, err, sizeof err), -1);
	assert_string_equal(err, "not well-formed XML");
	assert_int_equal(parse("<html><body>hi</body></html>", &f), -1);
	assert_int_equal(parse("", &f), -1);
}

static void icalendar_events(void **state)
{
	(void)state;
	struct feed_items f;
	const char *doc = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
			  "BEGIN:VEVENT\r\nUID:ev-1@lib\r\nSUMMARY:說故事時間\r\n"
			  "DTSTART;TZID=Asia/Taipei:20990105T140000\r\nDTEND;TZID=Asia/Taipei:20990105T153000\r\n"
			  "LOCATION:兒童室\r\nURL:https://lib.example/ev1\r\nEND:VEVENT\r\n"
			  "BEGIN:VEVENT\r\nUID:ev-2@lib\r\nSUMMARY:UTC event\r\nDTSTART:20990106T010000Z\r\n"
			  "END:VEVENT\r\n"
			  "BEGIN:VEVENT\r\nUID:ev-3@lib\r\nDTSTART:20990106T010000Z\r\nEND:VEVENT\r\n"
			  "END:VCALENDAR\r\n";
	setenv("TZ", "Asia/Taipei", 1);
	tzset();
	assert_int_equal(parse(doc, &f), 0);
	assert_int_equal(f.kind, FEED_ICAL);
	assert_int_equal(f.n, 2);
	assert_string_equal(f.v[0].title, "說故事時間");
	assert_string_equal(f.v[0].key, "id:ev-1@lib");
	assert_string_equal(f.v[0].starts, "2099-01-05 14:00");
	assert_string_equal(f.v[0].ends, "2099-01-05 15:30");
	assert_string_equal(f.v[0].location, "兒童室");
	assert_string_equal(f.v[0].link, "https://lib.example/ev1");
	assert_string_equal(f.v[1].starts, "2099-01-06 09:00");	/* UTC to Taipei */
	assert_string_equal(f.v[1].ends, "2099-01-06 10:00");	/* no end: an hour */
	feed_items_free(&f);
}

static void dates(void **state)
{
	(void)state;
	char out[21];
	assert_int_equal(feed_date_utc("Sat, 07 Sep 2002 00:00:01 GMT", out), 0);
	assert_string_equal(out, "2002-09-07T00:00:01Z");
	assert_int_equal(feed_date_utc("7 Sep 2002 08:00 +0800", out), 0);
	assert_string_equal(out, "2002-09-07T00:00:00Z");
	assert_int_equal(feed_date_utc("2024-01-01T00:00:00-05:00", out), 0);
	assert_string_equal(out, "2024-01-01T05:00:00Z");
	assert_int_equal(feed_date_utc("2024-02-29", out), 0);
	assert_string_equal(out, "2024-02-29T00:00:00Z");
	assert_int_equal(feed_date_utc("yesterday", out), -1);
	assert_int_equal(feed_date_utc("Mon, 99 Foo 2002 00:00:00 GMT", out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rss_items_and_keys),
		cmocka_unit_test(atom_entries),
		cmocka_unit_test(xxe_is_inert),
		cmocka_unit_test(not_a_feed),
		cmocka_unit_test(icalendar_events),
		cmocka_unit_test(dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
