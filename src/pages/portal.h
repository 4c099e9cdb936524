/* portal — what the public portal's course and institution pages share
 * (directory.c, course.c, calendar.c, feeds.c, opendata.c): how fees,
 * formats, languages and session times are shown, the site's absolute
 * address for feeds, session rows from the catalogue, and the set of
 * courses a search finds. */
#ifndef LIFELONG_PAGES_PORTAL_H
#define LIFELONG_PAGES_PORTAL_H

#include "core/buf.h"
#include "http/request.h"
#include "search/search.h"

struct dbq;

/* The columns of the catalogue's session rows (ST_COURSE_SESSIONS,
 * ST_INSTITUTION_SESSIONS, ST_SESSIONS_OF_COURSES). */
enum session_col {
	SC_ID, SC_STARTS, SC_ENDS, SC_CANCELLED, SC_COURSE_ID, SC_TITLE, SC_VENUE,
	SC_VENUE_ADDRESS, SC_DISTRICT, SC_INST_ID, SC_INST_NAME, SC_INST_ADDRESS,
	SC_DESCRIPTION
};

/* Appends the site's absolute origin without a trailing slash: the meta
 * value site_url when the city set one (e.g. "https://learn.example.gov.tw"),
 * else http:// and the request's Host header when it is a plain host[:port],
 * else "http://localhost". For links in feeds and downloads. */
void portal_origin(struct request *r, struct buf *b);
/* Writes the domain that ends every iCalendar UID into out (size n): the
 * host of meta site_url, else "<meta code>.lifelong.invalid" (a reserved
 * name: stable, and never someone else's). */
void portal_uid_domain(struct request *r, char *out, size_t n);

/* As html_trf() (pages.h), into any buffer b: the translation of msgid
 * formatted with the arguments, escaped. */
void portal_trf(struct request *r, struct buf *b, const char *msgid, ...)
	__attribute__((format(printf, 3, 4)));
/* As html_trnf(): the plural form of msgid for n, formatted, escaped. */
void portal_trnf(struct request *r, struct buf *b, const char *msgid, const char *msgid_plural,
		 unsigned long n, ...) __attribute__((format(printf, 3, 6)));

/* Appends ` lang="zh-Hant"` (the language of the city's data) when the
 * interface is in another language, for elements holding content: course
 * titles, institution, venue and district names. */
void portal_lang_attr(struct request *r, struct buf *b);

/* Appends a fee for people, escaped: 免費 for 0, else NT$1,500. */
void portal_fee(struct request *r, long long fee_twd);
/* The interface name of a course format code (in_person, online,
 * blended), translated; the code itself if unknown. */
const char *portal_format_name(struct request *r, const char *code);
/* Appends the name of the BCP 47 language tag in the interface language,
 * with the language's own name after it when that differs ("越南文
 * (Tiếng Việt)"), escaped; from ICU's locale data. */
void portal_language_name(struct request *r, const char *tag);
/* Appends "HH:MM–HH:MM" for a session (with the end date when it ends on
 * another day), escaped. */
void portal_time_range(struct request *r, const char *starts_at, const char *ends_at);
/* Appends the district of a session row (or "—"), escaped. */
void portal_district(struct request *r, const char *district);

/* Appends a tel: link for a phone number as written ("(02)2422-5520
 * #12"), dialling its digits up to any extension; plain text when too few
 * digits. Appends an http(s) address as an outside link, other text as
 * text. Both escaped. */
void portal_phone_link(struct buf *b, const char *phone);
void portal_website_link(struct request *r, const char *url);

/* Writes a table of session rows from q (SESSION_ROW columns) into r->out,
 * with a caption: date (ROC, with weekday), time, course (a link when
 * with_course), venue, district; cancelled sessions marked. Rows for which
 * keep (when not NULL) returns 0 are skipped. Returns the number of rows
 * written, or -1 when the query failed. */
int portal_sessions_table(struct request *r, struct dbq *q, const char *caption,
			  int with_course, int (*keep)(void *ctx, struct dbq *q), void *ctx);

/* Runs q unpaged and writes the ids of the courses found as a JSON array
 * ("[3,7]") into ids, for ST_SESSIONS_OF_COURSES and ST_OD_COURSES. Sets
 * *n to the number found. Returns 0, or an HTTP status after req_fail(). */
int portal_course_ids(struct request *r, const struct search_query *q, struct buf *ids,
		      long long *n);

/* Checks the directory's filters against the data: type (an institution
 * type code) and district (a district name), each NULL for "any". Returns
 * 0, or 400 naming the allowed values (500 on a database error) after
 * req_fail(). (directory.c) */
int portal_directory_filters(struct request *r, const char *type, const char *district);

/* Copies the meta value of key (city facts) into out (size n). Returns 0,
 * or -1 when unset or too long. */
int portal_meta(struct request *r, const char *key, char *out, size_t n);

/* Sets the reply's headers for a download: type, and Content-Disposition
 * attachment with file name (ASCII). */
void portal_download(struct request *r, const char *content_type, const char *file_name);

#endif
