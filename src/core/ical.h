/* ical — iCalendar (RFC 5545) feeds of course sessions, written with
 * libical: one VCALENDAR with the VTIMEZONE of the city's time zone and one
 * VEVENT per session. Session times are local wall-clock text
 * "YYYY-MM-DD HH:MM" and are written with TZID=<the zone> (never converted);
 * libical does all text escaping and line folding.
 *
 * A feed is used by one thread at a time; different feeds may be built on
 * different threads at once. */
#ifndef LIFELONG_CORE_ICAL_H
#define LIFELONG_CORE_ICAL_H

#include "core/buf.h"

/* One session as an event. Every string may be NULL except the times and
 * the summary. */
struct ical_event {
	long long session_id;	/* gives the stable UID session-<id>@<domain> */
	const char *starts_at;	/* local "YYYY-MM-DD HH:MM" */
	const char *ends_at;
	const char *summary;	/* the course title */
	const char *location;
	const char *description;
	const char *url;	/* absolute URL of the course page */
	int cancelled;		/* STATUS:CANCELLED instead of CONFIRMED */
};

struct ical_feed {
	void *cal;		/* the VCALENDAR (icalcomponent), owned */
	char tzid[64];
	char uid_domain[128];
	char stamp[17];		/* DTSTAMP, UTC "YYYYMMDDTHHMMSSZ" */
};

/* Starts a calendar named name (X-WR-CALNAME) in the IANA zone tzid (its
 * VTIMEZONE comes from the system's time-zone data through libical), with
 * UIDs ending in @uid_domain. Returns 0, or -1 when the zone is unknown or
 * memory ran out (then nothing needs freeing). */
int ical_feed_begin(struct ical_feed *f, const char *tzid, const char *uid_domain,
		    const char *name);
/* Adds one VEVENT. Returns 0, or -1 when a time is not a valid local
 * "YYYY-MM-DD HH:MM" (the event is skipped; the feed stays usable). */
int ical_feed_add(struct ical_feed *f, const struct ical_event *e);
/* Appends the whole calendar as text/calendar (CRLF lines) to out and frees
 * the feed. Returns 0 or -1 (the feed is freed in both cases). */
int ical_feed_finish(struct ical_feed *f, struct buf *out);
/* Frees a feed that will not be finished. Safe to call twice. */
void ical_feed_free(struct ical_feed *f);

#endif
