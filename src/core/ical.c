#include "core/ical.h"

#include <libical/ical.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/roc.h"

/* libical loads its zone data lazily into a process-wide table; the lookup
 * and the copy of the zone's component are done under this lock. */
static pthread_mutex_t tz_lock = PTHREAD_MUTEX_INITIALIZER;

/* A copy of the VTIMEZONE of the IANA zone tzid, whose TZID is exactly
 * tzid (libical's own carries a "/freeassociation.sourceforge.net/"
 * prefix). Returns the component (caller frees) or NULL. */
static icalcomponent *vtimezone_for(const char *tzid)
{
	icalcomponent *copy = NULL;
	pthread_mutex_lock(&tz_lock);
	icaltimezone *tz = icaltimezone_get_builtin_timezone(tzid);
	icalcomponent *c = tz ? icaltimezone_get_component(tz) : NULL;
	if (c)
		copy = icalcomponent_new_clone(c);
	pthread_mutex_unlock(&tz_lock);
	if (!copy)
		return NULL;
	icalproperty *p = icalcomponent_get_first_property(copy, ICAL_TZID_PROPERTY);
	if (p)
		icalproperty_set_tzid(p, tzid);
	else
		icalcomponent_add_property(copy, icalproperty_new_tzid(tzid));
	return copy;
}

/* Adds an X- property holding one line of text. libical writes X- values
 * as they are (it escapes only properties it knows as TEXT), so line breaks
 * and other control characters, which would end the line, become spaces;
 * the text itself is otherwise left to the reader, as other producers do. */
static void add_x(icalcomponent *c, const char *name, const char *value)
{
	char *line = strdup(value);
	if (!line)
		return;
	for (char *p = line; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	icalproperty *p = icalproperty_new_x(line);
	free(line);
	if (p) {
		icalproperty_set_x_name(p, name);
		icalcomponent_add_property(c, p);
	}
}

int ical_feed_begin(struct ical_feed *f, const char *tzid, const char *uid_domain,
		    const char *name)
{
	memset(f, 0, sizeof *f);
	if (!tzid || !*tzid || strlen(tzid) >= sizeof f->tzid || !uid_domain ||
	    strlen(uid_domain) >= sizeof f->uid_domain)
		return -1;
	snprintf(f->tzid, sizeof f->tzid, "%s", tzid);
	snprintf(f->uid_domain, sizeof f->uid_domain, "%s", uid_domain);
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(f->stamp, sizeof f->stamp, "%Y%m%dT%H%M%SZ", &tm);

	icalcomponent *tz = vtimezone_for(tzid);
	icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
	if (!tz || !cal) {
		if (tz)
			icalcomponent_free(tz);
		if (cal)
			icalcomponent_free(cal);
		return -1;
	}
	icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(cal, icalproperty_new_prodid("-//lifelong//lifelong-learning portal//ZH-TW"));
	icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	if (name && *name) {
		icalcomponent_add_property(cal, icalproperty_new_name(name));
		add_x(cal, "X-WR-CALNAME", name);
	}
	add_x(cal, "X-WR-TIMEZONE", tzid);
	icalcomponent_add_component(cal, tz);
	f->cal = cal;
	return 0;
}

/* Parses local "YYYY-MM-DD HH:MM" into a floating time. Returns 0 or -1. */
static int local_time(const char *s, struct icaltimetype *t)
{
	int y, mo, d, h, mi, n = 0;
	if (!s || roc_parse_date(s, &y, &mo, &d) < 0 ||
	    sscanf(s + 10, " %2d:%2d%n", &h, &mi, &n) != 2 || s[10] != ' ' ||
	    s[10 + n] != '\0' || h < 0 || h > 23 || mi < 0 || mi > 59)
		return -1;
	*t = icaltime_null_time();
	t->year = y;
	t->month = mo;
	t->day = d;
	t->hour = h;
	t->minute = mi;
	t->is_date = 0;
	return 0;
}

/* A DTSTART or DTEND property at local time t in zone tzid. */
static icalproperty *zoned(icalproperty *p, const char *tzid)
{
	if (p)
		icalproperty_add_parameter(p, icalparameter_new_tzid(tzid));
	return p;
}

int ical_feed_add(struct ical_feed *f, const struct ical_event *e)
{
	struct icaltimetype start, end;
	char uid[192];
	if (!f->cal || !e->summary || local_time(e->starts_at, &start) < 0 ||
	    local_time(e->ends_at, &end) < 0)
		return -1;
	icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
	if (!ev)
		return -1;
	snprintf(uid, sizeof uid, "session-%lld@%s", e->session_id, f->uid_domain);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(icaltime_from_string(f->stamp)));
	icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart(start), f->tzid));
	icalcomponent_add_property(ev, zoned(icalproperty_new_dtend(end), f->tzid));
	icalcomponent_add_property(ev, icalproperty_new_summary(e->summary));
	if (e->location && *e->location)
		icalcomponent_add_property(ev, icalproperty_new_location(e->location));
	if (e->description && *e->description)
		icalcomponent_add_property(ev, icalproperty_new_description(e->description));
	if (e->url && *e->url)
		icalcomponent_add_property(ev, icalproperty_new_url(e->url));
	icalcomponent_add_property(ev, icalproperty_new_status(e->cancelled ? ICAL_STATUS_CANCELLED
							       : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_component(f->cal, ev);
	return 0;
}

int ical_feed_finish(struct ical_feed *f, struct buf *out)
{
	int rc = -1;
	if (f->cal) {
		char *text = icalcomponent_as_ical_string_r(f->cal);
		if (text) {
			rc = buf_puts(out, text);
			free(text);
		}
	}
	ical_feed_free(f);
	return rc < 0 ? -1 : 0;
}

void ical_feed_free(struct ical_feed *f)
{
	if (f->cal)
		icalcomponent_free(f->cal);
	f->cal = NULL;
}
