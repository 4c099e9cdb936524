/* feeds — iCalendar (RFC 5545) feeds of sessions, to subscribe to or
 * import into a calendar program: every session of one course
 * (/courses/{id}.ics), the sessions still to come at one institution
 * (/institutions/{id}.ics), and the sessions of the courses a search finds
 * (/calendar.ics?<search filters>). Times carry TZID=<meta timezone> with
 * its VTIMEZONE; core/ical.c writes them with libical. */
#include <stdio.h>
#include <string.h>

#include "core/ical.h"
#include "db/db.h"
#include "http/server.h"
#include "pages/pages.h"
#include "pages/portal.h"

/* Building one feed: the calendar and what every event shares. */
struct feed {
	struct ical_feed cal;
	struct buf origin;	/* "https://host" for event URLs */
};

/* Starts a feed named name. Returns 0, or 500 after req_fail(). */
static int feed_begin(struct request *r, struct feed *f, const char *name)
{
	char domain[128];
	memset(f, 0, sizeof *f);
	portal_uid_domain(r, domain, sizeof domain);
	portal_origin(r, &f->origin);
	if (ical_feed_begin(&f->cal, r->app->timezone, domain, name) < 0) {
		buf_free(&f->origin);
		return req_fail(r, 500, "cannot start a calendar in time zone '%s'", r->app->timezone);
	}
	return 0;
}

/* Adds the session of the current row of q (SESSION_ROW columns). */
static void feed_add(struct request *r, struct feed *f, struct dbq *q)
{
	struct ical_event e;
	struct buf loc = BUF_INIT, desc = BUF_INIT, url = BUF_INIT;
	const char *venue = db_text(q, SC_VENUE), *addr = db_text(q, SC_VENUE_ADDRESS);
	const char *district = db_text(q, SC_DISTRICT);
	/* where: the venue and its address, else the institution's */
	if (venue)
		buf_puts(&loc, venue);
	if (!addr || !*addr) {
		addr = db_text(q, SC_INST_ADDRESS);
		if (!venue)
			buf_puts(&loc, db_text(q, SC_INST_NAME));
	}
	if (addr && *addr)
		buf_printf(&loc, "%s%s", loc.len ? ", " : "", addr);
	if (district && (!addr || !strstr(addr, district)))
		buf_printf(&loc, "%s%s", loc.len ? ", " : "", district);
	buf_printf(&url, "%s/courses/%lld", buf_cstr(&f->origin), db_int(q, SC_COURSE_ID));
	buf_printf(&desc, "%s：%s\n", tr(r, "開課單位"), db_text(q, SC_INST_NAME));
	if (db_text(q, SC_DESCRIPTION) && *db_text(q, SC_DESCRIPTION))
		buf_printf(&desc, "\n%s\n", db_text(q, SC_DESCRIPTION));
	buf_printf(&desc, "\n%s：%s", tr(r, "課程資訊與報名方式"), buf_cstr(&url));
	memset(&e, 0, sizeof e);
	e.session_id = db_int(q, SC_ID);
	e.starts_at = db_text(q, SC_STARTS);
	e.ends_at = db_text(q, SC_ENDS);
	e.summary = db_text(q, SC_TITLE);
	e.location = loc.len ? buf_cstr(&loc) : NULL;
	e.description = buf_cstr(&desc);
	e.url = buf_cstr(&url);
	e.cancelled = db_int(q, SC_CANCELLED) != 0;
	ical_feed_add(&f->cal, &e);	/* a malformed time skips the event */
	buf_free(&loc);
	buf_free(&desc);
	buf_free(&url);
}

/* Adds every row of q for which keep (if given) is true; then sends the
 * calendar as the reply, named file for a download. Returns 0 or 500. */
static int feed_finish(struct request *r, struct feed *f, struct dbq *q,
		       int (*keep)(void *ctx, struct dbq *q), void *ctx, const char *file)
{
	int rc;
	char disp[160];
	while ((rc = db_next(q)) == 1)
		if (!keep || keep(ctx, q))
			feed_add(r, f, q);
	db_done(q);
	buf_free(&f->origin);
	if (rc < 0) {
		ical_feed_free(&f->cal);
		return req_fail(r, 500, "session query failed");
	}
	if (ical_feed_finish(&f->cal, &r->out) < 0)
		return req_fail(r, 500, "cannot write the calendar");
	r->content_type = "text/calendar; charset=utf-8";
	snprintf(disp, sizeof disp, "inline; filename=\"%s\"", file);
	req_header(r, "Content-Disposition", disp);
	return 0;
}

int ics_course(struct request *r)
{
	struct dbq q;
	struct feed f;
	char file[64];
	long long id = r->path_id;
	if (db_query(r->db, &q, ST_COURSE_GET, "i", id) < 0 || db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程，可能已下架或尚未公開。"));
	}
	int rc = feed_begin(r, &f, db_text(&q, 1));
	db_done(&q);
	if (rc)
		return rc;
	snprintf(file, sizeof file, "course-%lld.ics", id);
	db_query(r->db, &q, ST_COURSE_SESSIONS, "i", id);
	return feed_finish(r, &f, &q, NULL, NULL, file);
}

int ics_institution(struct request *r)
{
	struct dbq q;
	struct feed f;
	char file[64];
	long long id = r->path_id;
	if (db_query(r->db, &q, ST_INSTITUTION_GET, "i", id) < 0 || db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "找不到這個機構。"));
	}
	int rc = feed_begin(r, &f, db_text(&q, 1));
	db_done(&q);
	if (rc)
		return rc;
	snprintf(file, sizeof file, "institution-%lld.ics", id);
	db_query(r->db, &q, ST_INSTITUTION_SESSIONS, "iti", id, r->now, 5000LL);
	return feed_finish(r, &f, &q, NULL, NULL, file);
}

/* What the search-driven feed needs to filter sessions. */
struct session_filter {
	const struct search_query *q;
	const char *now;
};

/* keep(): the session passes the search's session filters. */
static int session_passes(void *ctx, struct dbq *q)
{
	const struct session_filter *sf = ctx;
	return search_session_matches(sf->q, sf->now, db_text(q, SC_STARTS), db_text(q, SC_DISTRICT));
}

int ics_calendar(struct request *r)
{
	struct search_query sq;
	struct buf ids = BUF_INIT, name = BUF_INIT;
	struct dbq q;
	struct feed f;
	long long n = 0;
	int rc = search_query_from_request(r, r->in, &sq);
	if (!rc)
		rc = portal_course_ids(r, &sq, &ids, &n);
	if (!rc) {
		buf_printf(&name, "%s%s", page_city(r), tr(r, "終身學習網課程"));
		rc = feed_begin(r, &f, buf_cstr(&name));
	}
	buf_free(&name);
	if (rc) {
		buf_free(&ids);
		return rc;
	}
	struct session_filter sf = {&sq, r->now};
	db_query(r->db, &q, ST_SESSIONS_OF_COURSES, "tnn", buf_cstr(&ids));
	rc = feed_finish(r, &f, &q, session_passes, &sf, "calendar.ics");
	buf_free(&ids);
	return rc;
}
