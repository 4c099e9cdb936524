/* announcement — an institution's news item for the public
 * (/announcements/{id}: title, date, the body rendered from its markup,
 * attachments) and the attachment files (/attachments/{id}), served from
 * the data folder with the type sniffed at upload, as a download under
 * the name it was given, never interpreted by the browser (nosniff, CSP
 * sandbox). Items not (or no longer) shown are 404, except to the staff
 * of their institution. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/filetype.h"
#include "core/markup.h"
#include "db/db.h"
#include "http/server.h"
#include "pages/backoffice.h"
#include "sync/sanitize.h"

static void now_utc(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* May the request's staff member see institution inst's hidden items? */
static int staff_of(struct request *r, long long inst)
{
	return r->role == ROLE_ADMIN || (r->role == ROLE_INSTITUTION && r->staff.institution_id == inst);
}

int page_announcement(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q, a;
	char now[24];
	int n = 0;
	now_utc(now);
	db_query(r->db, &q, ST_ANNOUNCEMENT_PUBLIC, "it", r->path_id, now);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "找不到這則消息，可能已經下架。"));
	}
	page_begin(r, db_text(&q, 1), "institutions");
	html_fmt(b, "<p class=\"muted\"><a href=\"/institutions/%lld\">%s</a>　", db_int(&q, 4),
		 db_text(&q, 5));
	page_date(r, db_text(&q, 3), 0);
	html_raw_unescaped(b, "</p>\n<div class=\"announcement-body\">\n");
	if (db_text(&q, 2))
		markup_render(b, db_text(&q, 2));
	else if (db_text(&q, 7) && *db_text(&q, 7))	/* a feed item: safe subset (src/sync) */
		html_sanitize(db_text(&q, 7), strlen(db_text(&q, 7)), b);
	if (!db_text(&q, 2) && db_text(&q, 6) && (!strncmp(db_text(&q, 6), "https://", 8) ||
				   !strncmp(db_text(&q, 6), "http://", 7)))
		html_fmt(b, "<p><a href=\"%s\" rel=\"noopener noreferrer external\">%s</a></p>\n",
			 db_text(&q, 6), tr(r, "到機構網站閱讀全文"));
	html_raw_unescaped(b, "</div>\n");
	if (db_text(&q, 9)) {	/* synced from the institution's own site */
		html_raw_unescaped(b, "<p class=\"muted\">");
		html_fmt(b, "%s %s", tr(r, "這則消息由機構網站同步，來源："), db_text(&q, 9));
		if (db_text(&q, 8)) {
			html_fmt(b, "　%s", tr(r, "同步時間："));
			page_date(r, db_text(&q, 8), 0);
		}
		html_raw_unescaped(b, "</p>\n");
	}
	db_query(r->db, &a, ST_BO_ATTACHMENTS_OF, "i", r->path_id);
	while (db_next(&a) == 1) {
		if (!n++)
			html_fmt(b, "<h2>%s</h2>\n<ul class=\"attachments\">\n", tr(r, "附件"));
		html_fmt(b, "<li><a href=\"/attachments/%lld\">%s</a>（%s，%lld KB）</li>\n",
			 db_int(&a, 0), db_text(&a, 1), filetype_label(db_text(&a, 2)),
			 (db_int(&a, 3) + 1023) / 1024);
	}
	db_done(&a);
	if (n)
		html_raw_unescaped(b, "</ul>\n");
	db_done(&q);
	page_end(r);
	return 0;
}

/* Appends a Content-Disposition value: attachment, an ASCII fallback
 * name (the name itself when it is plain ASCII, else "attachment.EXT"),
 * and the UTF-8 name percent-encoded (RFC 6266 / RFC 8187). */
static void disposition(struct buf *v, const char *name, const char *type)
{
	static const char attr[] = "!#$&+-.^_`|~";
	const char *ext = filetype_attachment_ext(type);
	int ascii = 1;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		ascii &= *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\' && *p != '%';
	if (ascii)
		buf_printf(v, "attachment; filename=\"%s\"", name);
	else
		buf_printf(v, "attachment; filename=\"attachment.%s\"", ext ? ext : "bin");
	buf_puts(v, "; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    (*p && strchr(attr, *p)))
			buf_append(v, p, 1);
		else
			buf_printf(v, "%%%02X", *p);
	}
}

int page_attachment(struct request *r)
{
	struct dbq q;
	char now[24], storage[40] = "", type[128] = "", path[4200];
	struct buf name = BUF_INIT, cd = BUF_INIT;
	long long inst = 0, size = 0;
	int visible = 0, rc = 0;
	now_utc(now);
	db_query(r->db, &q, ST_BO_ATTACHMENT_GET, "it", r->path_id, now);
	if (db_next(&q) == 1) {
		inst = db_int(&q, 2);
		buf_puts(&name, db_text(&q, 3));
		snprintf(type, sizeof type, "%s", db_text(&q, 4));
		size = db_int(&q, 5);
		snprintf(storage, sizeof storage, "%s", db_text(&q, 6));
		visible = (int)db_int(&q, 7);
	}
	db_done(&q);
	if (!inst || (!visible && !staff_of(r, inst)) || strlen(storage) != 32 ||
	    strspn(storage, "0123456789abcdef") != 32) {
		rc = req_fail(r, 404, "%s", tr(r, "找不到這個附件。"));
		goto out;
	}
	snprintf(path, sizeof path, "%s/attachments/%s", r->app->data_dir, storage);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size != size) {
		if (fd >= 0)
			close(fd);
		fprintf(stderr, "lifelong: [%s] attachment %lld: %s missing or changed\n", r->id,
			r->path_id, path);
		rc = req_fail(r, 404, "%s", tr(r, "找不到這個附件。"));
		goto out;
	}
	char chunk[65536];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof chunk)) > 0 || (got < 0 && errno == EINTR))
		if (got > 0)
			buf_append(&r->out, chunk, (size_t)got);
	close(fd);
	if ((long long)r->out.len != size) {
		rc = req_fail(r, 500, "cannot read attachment %lld", r->path_id);
		goto out;
	}
	disposition(&cd, buf_cstr(&name), type);
	r->content_type = strcmp(type, "application/pdf") && strncmp(type, "image/", 6) &&
			  strcmp(type, "application/vnd.oasis.opendocument.text")
				  ? "application/octet-stream" : type;
	req_header(r, "Content-Disposition", buf_cstr(&cd));
	req_header(r, "Content-Security-Policy", "sandbox; default-src 'none'");
	r->cache_control = visible ? "public, max-age=300" : "private, no-store";
out:
	buf_free(&name);
	buf_free(&cd);
	return rc;
}
