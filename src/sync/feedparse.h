/* feedparse — the items of an institution's feed: RSS 2.0 or Atom 1.0
 * (libxml2) and iCalendar (libical).
 *
 * XML is parsed with no network access (XML_PARSE_NONET), without
 * substituting entities and without loading any DTD, and entity
 * references are never expanded when text is read: an XXE payload (an
 * external entity naming a file or URL) is inert, its reference dropped. */
#ifndef LIFELONG_SYNC_FEEDPARSE_H
#define LIFELONG_SYNC_FEEDPARSE_H

#include <stddef.h>

enum feed_kind { FEED_UNKNOWN = 0, FEED_RSS, FEED_ATOM, FEED_ICAL };

/* One item (news item or calendar event). Strings are malloc'd, NULL when
 * absent; published is UTC "YYYY-MM-DDTHH:MM:SSZ" (empty when unknown);
 * key is the de-duplication key: "id:" + GUID/Atom id/UID, else "link:"
 * + link, else "t:" + title + "|" + date. For events, starts/ends are the
 * city's local wall clock "YYYY-MM-DD HH:MM" and location may be set. */
struct feed_item {
	char *key, *title, *link, *body_html;
	char published[21];
	char starts[17], ends[17];
	char *location;
};

struct feed_items {
	enum feed_kind kind;
	struct feed_item *v;
	size_t n, cap;
	char *title;		/* the feed's own title, when given */
};

/* Parses data (len bytes) as RSS 2.0, Atom 1.0 or iCalendar (decided by
 * its content). Items without a title are skipped; at most max_items are
 * kept. tz is the city's IANA zone, for events given in UTC or other
 * zones. Fills out (free with feed_items_free). Returns 0, or -1 with a
 * short reason in err (size n) when the document is not a feed. */
int feed_parse(const char *data, size_t len, const char *tz, size_t max_items,
	       struct feed_items *out, char *err, size_t n);
void feed_items_free(struct feed_items *f);

/* Converts an RFC 822 (RSS) or RFC 3339 (Atom) date to UTC
 * "YYYY-MM-DDTHH:MM:SSZ" in out (21 bytes). Returns 0 or -1. */
int feed_date_utc(const char *s, char out[21]);

#endif
