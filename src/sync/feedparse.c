/* feedparse — see feedparse.h. */
#include <ctype.h>
#include <libical/ical.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/grow.h"
#include "core/buf.h"
#include "sync/feedparse.h"

static const char ATOM_NS[] = "http://www.w3.org/2005/Atom";
static const char CONTENT_NS[] = "http://purl.org/rss/1.0/modules/content/";

void feed_items_free(struct feed_items *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct feed_item *it = &f->v[i];
		free(it->key);
		free(it->title);
		free(it->link);
		free(it->body_html);
		free(it->location);
	}
	free(f->v);
	free(f->title);
	memset(f, 0, sizeof *f);
}

/* A new zeroed item at the end of f, or NULL. */
static struct feed_item *item_new(struct feed_items *f)
{
	if (grow(&f->v, &f->cap, f->n, sizeof *f->v, 16) < 0)
		return NULL;
	memset(&f->v[f->n], 0, sizeof f->v[0]);
	return &f->v[f->n++];
}

/* Appends the text of n's descendants: text and CDATA nodes only. Entity
 * references are skipped, never expanded (no XXE, no entity bombs). */
static void text_of(xmlNode *n, struct buf *b, int depth)
{
	if (depth > 32)
		return;
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
			buf_puts(b, (const char *)c->content);
		else if (c->type == XML_ELEMENT_NODE)
			text_of(c, b, depth + 1);
	}
}

/* The trimmed text of n with runs of white space made one space
 * (malloc'd), or NULL when empty. */
static char *text_trim(xmlNode *n, int collapse)
{
	struct buf b = BUF_INIT, o = BUF_INIT;
	text_of(n, &b, 0);
	const char *s = buf_cstr(&b);
	int space = 0;
	while (*s && isspace((unsigned char)*s))
		s++;
	for (; *s; s++) {
		if (collapse && isspace((unsigned char)*s)) {
			space = 1;
			continue;
		}
		if (space)
			buf_puts(&o, " ");
		space = 0;
		buf_append(&o, s, 1);
	}
	buf_free(&b);
	if (!collapse)	/* trim the end */
		while (o.len && isspace((unsigned char)o.data[o.len - 1]))
			o.len--;
	if (!o.len || buf_failed(&o)) {
		buf_free(&o);
		return NULL;
	}
	buf_cstr(&o);
	return buf_detach(&o, NULL);
}

/* Is n an element named name in namespace ns (NULL: no namespace)? */
static int is(xmlNode *n, const char *ns, const char *name)
{
	if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, name))
		return 0;
	if (!ns)
		return n->ns == NULL;
	return n->ns && n->ns->href && !strcmp((const char *)n->ns->href, ns);
}

static int month_of(const char *m)
{
	static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun",
					    "jul", "aug", "sep", "oct", "nov", "dec"};
	for (int i = 0; i < 12; i++)
		if (!strncasecmp(m, names[i], 3))
			return i;
	return -1;
}

int feed_date_utc(const char *s, char out[21])
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0, n = 0;
	char mon[8], zone[16] = "";
	memset(&tm, 0, sizeof tm);
	out[0] = '\0';
	if (!s)
		return -1;
	while (isspace((unsigned char)*s))
		s++;
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) == 3) {	/* RFC 3339 */
		const char *p = s + n;
		if (*p == 'T' || *p == 't' || *p == ' ') {
			int k = 0;
			if (sscanf(p + 1, "%2d:%2d%n", &h, &mi, &k) != 2)
				return -1;
			p += 1 + k;
			if (*p == ':' && sscanf(p + 1, "%2d%n", &sec, &k) == 1)
				p += 1 + k;
			if (*p == '.')
				for (p++; isdigit((unsigned char)*p); p++)
					;
			if (*p == '+' || *p == '-') {
				int oh = 0, om = 0;
				if (sscanf(p + 1, "%2d:%2d", &oh, &om) < 1)
					return -1;
				off = (*p == '-' ? -1 : 1) * (oh * 60 + om);
			}
		}
		mo -= 1;
	} else {	/* RFC 822: [Wed, ]02 Oct 2002 13:00[:00] GMT|+0800 */
		const char *p = strchr(s, ',');
		p = p ? p + 1 : s;
		if (sscanf(p, "%d %7s %d %d:%d%n", &d, mon, &y, &h, &mi, &n) != 5)
			return -1;
		p += n;
		if (*p == ':' && sscanf(p + 1, "%d%n", &sec, &n) == 1)
			p += 1 + n;
		if (sscanf(p, " %15s", zone) != 1)
			zone[0] = '\0';
		if ((mo = month_of(mon)) < 0)
			return -1;
		if (y < 100)
			y += y < 50 ? 2000 : 1900;
		if (zone[0] == '+' || zone[0] == '-') {
			int z = atoi(zone + 1);
			off = (zone[0] == '-' ? -1 : 1) * ((z / 100) * 60 + z % 100);
		} else if (!strcasecmp(zone, "EST") || !strcasecmp(zone, "CDT")) {
			off = -300;
		} else if (!strcasecmp(zone, "EDT")) {
			off = -240;
		} else if (!strcasecmp(zone, "CST") || !strcasecmp(zone, "MDT")) {
			off = -360;
		} else if (!strcasecmp(zone, "MST") || !strcasecmp(zone, "PDT")) {
			off = -420;
		} else if (!strcasecmp(zone, "PST")) {
			off = -480;
		}
	}
	if (y < 1970 || y > 9999 || mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec > 59 ? 59 : sec;
	time_t t = timegm(&tm) - (time_t)off * 60;
	struct tm u;
	gmtime_r(&t, &u);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &u);
	return 0;
}

/* Sets it->key from its id, link or title and date. Returns 0 or -1. */
static int item_key(struct feed_item *it, char *id)
{
	struct buf k = BUF_INIT;
	if (id)
		buf_printf(&k, "id:%s", id);
	else if (it->link)
		buf_printf(&k, "link:%s", it->link);
	else
		buf_printf(&k, "t:%s|%s", it->title, it->published);
	free(id);
	if (buf_failed(&k)) {
		buf_free(&k);
		return -1;
	}
	buf_cstr(&k);
	it->key = buf_detach(&k, NULL);
	return 0;
}

/* Escapes plain text as HTML paragraphs-less text (malloc'd). */
static char *text_as_html(char *t)
{
	struct buf b = BUF_INIT;
	if (!t)
		return NULL;
	html_text(&b, t);
	free(t);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

/* The markup of the children of n (Atom type="xhtml"), malloc'd. */
static char *xhtml_of(xmlNode *n)
{
	xmlBuffer *xb = xmlBufferCreate();
	char *s = NULL;
	if (!xb)
		return NULL;
	for (xmlNode *c = n->children; c; c = c->next)
		xmlNodeDump(xb, n->doc, c, 0, 0);
	s = strdup((const char *)xmlBufferContent(xb));
	xmlBufferFree(xb);
	return s;
}

static void rss_item(struct feed_items *f, xmlNode *n)
{
	char *id = NULL, *desc = NULL, *content = NULL, date[21] = "";
	struct feed_item it;
	memset(&it, 0, sizeof it);
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, NULL, "title") && !it.title)
			it.title = text_trim(c, 1);
		else if (is(c, NULL, "link") && !it.link)
			it.link = text_trim(c, 1);
		else if (is(c, NULL, "guid") && !id)
			id = text_trim(c, 1);
		else if (is(c, NULL, "description") && !desc)
			desc = text_trim(c, 0);
		else if (is(c, CONTENT_NS, "encoded") && !content)
			content = text_trim(c, 0);
		else if (is(c, NULL, "pubDate") && !date[0]) {
			char *d = text_trim(c, 1);
			feed_date_utc(d, date);
			free(d);
		}
	}
	if (content) {
		free(desc);
		desc = content;
	}
	it.body_html = desc;
	memcpy(it.published, date, sizeof date);
	struct feed_item *slot = it.title ? item_new(f) : NULL;
	if (!slot || item_key(&it, id) < 0) {
		if (!slot)
			free(id);
		free(it.title);
		free(it.link);
		free(it.body_html);
		free(it.key);
		if (slot)
			f->n--;
		return;
	}
	*slot = it;
}

static void atom_entry(struct feed_items *f, xmlNode *n)
{
	char *id = NULL, pub[21] = "", upd[21] = "";
	struct feed_item it;
	int link_rank = 0;
	memset(&it, 0, sizeof it);
	for (xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is(c, ATOM_NS, "title") && !it.title) {
			it.title = text_trim(c, 1);
		} else if (is(c, ATOM_NS, "id") && !id) {
			id = text_trim(c, 1);
		} else if (is(c, ATOM_NS, "link")) {
			xmlChar *rel = xmlGetProp(c, (const xmlChar *)"rel");
			xmlChar *href = xmlGetProp(c, (const xmlChar *)"href");
			int rank = !rel || !strcmp((char *)rel, "alternate") ? 2 : 1;
			if (href && rank > link_rank) {
				free(it.link);
				it.link = strdup((char *)href);
				link_rank = rank;
			}
			xmlFree(rel);
			xmlFree(href);
		} else if ((is(c, ATOM_NS, "content") || (is(c, ATOM_NS, "summary") && !it.body_html))) {
			xmlChar *type = xmlGetProp(c, (const xmlChar *)"type");
			char *body;
			if (type && !strcmp((char *)type, "xhtml"))
				body = xhtml_of(c);
			else if (type && !strcmp((char *)type, "html"))
				body = text_trim(c, 0);
			else
				body = text_as_html(text_trim(c, 0));
			xmlFree(type);
			free(it.body_html);
			it.body_html = body;
		} else if (is(c, ATOM_NS, "published") || is(c, ATOM_NS, "updated")) {
			char *d = text_trim(c, 1);
			feed_date_utc(d, is(c, ATOM_NS, "published") ? pub : upd);
			free(d);
		}
	}
	memcpy(it.published, pub[0] ? pub : upd, sizeof pub);
	struct feed_item *slot = it.title ? item_new(f) : NULL;
	if (!slot || item_key(&it, id) < 0) {
		if (!slot)
			free(id);
		free(it.title);
		free(it.link);
		free(it.body_html);
		free(it.key);
		if (slot)
			f->n--;
		return;
	}
	*slot = it;
}

/* Parses an XML feed. Returns 0 or -1 (err set). */
static int parse_xml(const char *data, size_t len, size_t max, struct feed_items *out,
		     char *err, size_t n)
{
	/* no XML_PARSE_NOENT (no substitution), no XML_PARSE_DTDLOAD/DTDATTR */
	xmlDoc *doc = xmlReadMemory(data, (int)len, "feed.xml", NULL,
				    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
				    XML_PARSE_NOCDATA);
	xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
	int rc = 0;
	if (!root) {
		snprintf(err, n, "not well-formed XML");
		rc = -1;
	} else if (is(root, NULL, "rss")) {
		out->kind = FEED_RSS;
		xmlNode *ch = root->children;
		while (ch && !is(ch, NULL, "channel"))
			ch = ch->next;
		if (!ch) {
			snprintf(err, n, "RSS without a channel");
			rc = -1;
		}
		for (xmlNode *c = ch ? ch->children : NULL; c && out->n < max; c = c->next) {
			if (is(c, NULL, "item"))
				rss_item(out, c);
			else if (is(c, NULL, "title") && !out->title)
				out->title = text_trim(c, 1);
		}
	} else if (is(root, ATOM_NS, "feed")) {
		out->kind = FEED_ATOM;
		for (xmlNode *c = root->children; c && out->n < max; c = c->next) {
			if (is(c, ATOM_NS, "entry"))
				atom_entry(out, c);
			else if (is(c, ATOM_NS, "title") && !out->title)
				out->title = text_trim(c, 1);
		}
	} else {
		snprintf(err, n, "neither RSS 2.0 nor Atom 1.0 (root element <%s>)",
			 (const char *)root->name);
		rc = -1;
	}
	xmlFreeDoc(doc);
	return rc;
}

/* Writes a VEVENT time as local wall clock "YYYY-MM-DD HH:MM" in the
 * city's zone (TZ of the process). Times in UTC are converted; floating
 * times and times in the city's own zone (tz) are taken as written;
 * all-day dates start at 00:00. Other zones: -1. */
static int ical_local(icalproperty *p, struct icaltimetype t, const char *tz, char out[17])
{
	if (icaltime_is_null_time(t) || !icaltime_is_valid_time(t))
		return -1;
	icalparameter *z = p ? icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER) : NULL;
	const char *raw = p ? icalproperty_get_value_as_string(p) : NULL;
	if (icaltime_is_utc(t) || (raw && *raw && raw[strlen(raw) - 1] == 'Z')) {
		struct tm tm, lt;
		memset(&tm, 0, sizeof tm);
		tm.tm_year = t.year - 1900;
		tm.tm_mon = t.month - 1;
		tm.tm_mday = t.day;
		tm.tm_hour = t.hour;
		tm.tm_min = t.minute;
		time_t s = timegm(&tm);
		localtime_r(&s, &lt);
		strftime(out, 17, "%Y-%m-%d %H:%M", &lt);
		return 0;
	}
	if (z && strcmp(icalparameter_get_tzid(z), tz))
		return -1;
	char tmp[64];
	if (t.year < 1970 || t.year > 9999)
		return -1;
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day,
		 t.is_date ? 0 : t.hour, t.is_date ? 0 : t.minute);
	snprintf(out, 17, "%.16s", tmp);
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* Parses an iCalendar document: each VEVENT with a summary and a start
 * becomes an item. Returns 0 or -1. */
static int parse_ical(const char *data, size_t len, const char *tz, size_t max,
		      struct feed_items *out, char *err, size_t n)
{
	char *copy = strndup(data, len);
	icalcomponent *cal = copy ? icalparser_parse_string(copy) : NULL;
	free(copy);
	if (!cal) {
		snprintf(err, n, "not an iCalendar document");
		return -1;
	}
	out->kind = FEED_ICAL;
	icalcomponent *ev = icalcomponent_isa(cal) == ICAL_VEVENT_COMPONENT
				    ? cal
				    : icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
	for (; ev && out->n < max;
	     ev = ev == cal ? NULL : icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
		icalproperty *ps = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
		icalproperty *pe = icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY);
		icalproperty *pu = icalcomponent_get_first_property(ev, ICAL_URL_PROPERTY);
		const char *summary = icalcomponent_get_summary(ev), *uid = icalcomponent_get_uid(ev);
		struct feed_item it;
		memset(&it, 0, sizeof it);
		if (!summary || !*summary || !ps ||
		    ical_local(ps, icalproperty_get_dtstart(ps), tz, it.starts) < 0)
			continue;
		if (!pe || ical_local(pe, icalproperty_get_dtend(pe), tz, it.ends) < 0 ||
		    strcmp(it.ends, it.starts) <= 0) {
			/* no usable end: an hour (a day for all-day events) */
			struct tm tm;
			memset(&tm, 0, sizeof tm);
			if (strptime(it.starts, "%Y-%m-%d %H:%M", &tm)) {
				tm.tm_isdst = -1;
				if (icalproperty_get_dtstart(ps).is_date)
					tm.tm_mday += 1;
				else
					tm.tm_hour += 1;
				timegm(&tm);
				strftime(it.ends, sizeof it.ends, "%Y-%m-%d %H:%M", &tm);
			}
		}
		it.title = strdup(summary);
		it.link = pu ? dup_or_null(icalproperty_get_url(pu)) : NULL;
		it.location = dup_or_null(icalcomponent_get_location(ev));
		it.body_html = text_as_html(dup_or_null(icalcomponent_get_description(ev)));
		struct feed_item *slot = item_new(out);
		char *id = uid && *uid ? strdup(uid) : NULL;
		if (!id) {	/* no UID: title and start */
			struct buf k = BUF_INIT;
			buf_printf(&k, "%s|%s", summary, it.starts);
			id = strdup(buf_cstr(&k));
			buf_free(&k);
		}
		if (!slot || !it.title || item_key(&it, id) < 0) {
			if (!slot)
				free(id);
			free(it.title);
			free(it.link);
			free(it.location);
			free(it.body_html);
			free(it.key);
			if (slot)
				out->n--;
			continue;
		}
		*slot = it;
	}
	icalcomponent_free(cal);
	return 0;
}

int feed_parse(const char *data, size_t len, const char *tz, size_t max_items,
	       struct feed_items *out, char *err, size_t n)
{
	size_t i = 0;
	memset(out, 0, sizeof *out);
	if (!data || !len || len > INT32_MAX) {
		snprintf(err, n, "empty document");
		return -1;
	}
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	if (len - i >= 15 && !strncasecmp(data + i, "BEGIN:VCALENDAR", 15))
		return parse_ical(data + i, len - i, tz ? tz : "", max_items, out, err, n);
	return parse_xml(data, len, max_items, out, err, n);
}
