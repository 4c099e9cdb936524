/* admin_announcements — an institution's news (最新消息) in the back
 * office: title, a body in the small markup of core/markup.h, the days it
 * is shown, and attachments. Attachments are PDF, ODT or images only (the
 * type is sniffed from the bytes by libmagic, never taken from the name or
 * the browser), at most 5 MiB each, and stored outside the web root in
 * the data folder under a random name the server chooses; /attachments/{id}
 * (announcement.c) serves them. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/filetype.h"
#include "core/markup.h"
#include "core/text.h"
#include "db/db.h"
#include "http/multipart.h"
#include "http/server.h"
#include "pages/backoffice.h"

#define TITLE_MAX 200
#define BODY_MAX 20000
#define ATTACHMENT_MAX (5 << 20)
#define FILES_MAX 10
#define FILE_NAME_MAX 200

enum { AF_INSTITUTION, AF_TITLE, AF_BODY, AF_FROM, AF_UNTIL };
const struct param_spec bo_announcement_params[] = {
	{"institution", P_TEXT, 0, 20, NULL, 0},
	{"title", P_TEXT, 0, TITLE_MAX, NULL, 0},
	{"body", P_TEXT, 0, BODY_MAX, NULL, 0},
	{"visible_from", P_TEXT, 0, 20, NULL, 0},
	{"visible_until", P_TEXT, 0, 20, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Columns of ST_BO_ANNOUNCEMENT_GET. */
enum { AG_ID, AG_INST, AG_TITLE, AG_BODY, AG_FROM, AG_UNTIL, AG_PUBLISHED, AG_FEED, AG_INST_NAME };

/* A validated announcement form, with its accepted files. */
struct ann_in {
	long long institution;
	const char *title, *body;
	char from[11], until[11];	/* "" when open */
	int nfiles;
	struct {
		const struct upload *u;
		char type[128];
		char name[FILE_NAME_MAX * 4 + 8];
		char storage[33];
	} files[FILES_MAX];
};

static void now_utc(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The file name to keep: the last path part of what the browser sent,
 * without control characters, at most FILE_NAME_MAX characters, ending in
 * the extension of the sniffed type. */
static void clean_name(const char *sent, const char *ext, char *out, size_t n)
{
	const char *base = sent;
	for (const char *p = sent; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t k = 0, chars = 0;
	for (const unsigned char *p = (const unsigned char *)base; *p && k + 8 < n; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '"')
			continue;
		if ((*p & 0xc0) != 0x80 && ++chars > FILE_NAME_MAX)
			break;
		out[k++] = (char)*p;
	}
	while (k && (out[k - 1] & 0xc0) == 0x80)	/* never end inside a character */
		k--;
	if (k && (out[k - 1] & 0x80))
		k--;
	out[k] = '\0';
	while (k && (out[0] == '.' || out[0] == ' '))
		memmove(out, out + 1, k--);
	const char *dot = strrchr(out, '.');
	int same = dot && (!strcasecmp(dot + 1, ext) ||
			   (!strcmp(ext, "jpg") && !strcasecmp(dot + 1, "jpeg")));
	if (!k)
		snprintf(out, n, "attachment.%s", ext);
	else if (!same)
		snprintf(out + k, n - k, ".%s", ext);
	if (!text_utf8_valid(out, strlen(out)))
		snprintf(out, n, "attachment.%s", ext);
}

/* Validates the form and its files into *in. inst is the announcement's
 * institution (0: new, from the form). Returns 0, or 403. */
static int ann_validate(struct request *r, long long inst, struct ann_in *in,
			struct form_errors *fe)
{
	const struct param_value *v = r->in;
	long long n;
	memset(in, 0, sizeof *in);
	in->institution = inst;
	if (!inst) {
		if (r->role != ROLE_ADMIN) {
			in->institution = r->staff.institution_id;
			if (v[AF_INSTITUTION].present &&
			    (bo_parse_count(v[AF_INSTITUTION].s, 1, 1LL << 53, &n) < 0 ||
			     n != in->institution))
				return bo_may(r, -1);
		} else {
			struct dbq q;
			if (v[AF_INSTITUTION].present &&
			    bo_parse_count(v[AF_INSTITUTION].s, 1, 1LL << 53, &n) == 0) {
				db_query(r->db, &q, ST_BO_INSTITUTION_GET, "i", n);
				if (db_next(&q) == 1)
					in->institution = n;
				db_done(&q);
			}
			if (!in->institution)
				fe_add(fe, "institution", "%s", tr(r, "請選擇發布消息的機構。"));
		}
	}
	in->title = v[AF_TITLE].present ? v[AF_TITLE].s : "";
	while (*in->title == ' ')
		in->title++;
	if (!*in->title)
		fe_add(fe, "title", "%s", tr(r, "請填寫標題。"));
	in->body = v[AF_BODY].present ? v[AF_BODY].s : "";
	if (v[AF_FROM].present && bo_parse_date(v[AF_FROM].s, in->from) < 0)
		fe_add(fe, "visible_from", "%s", tr(r, "請填寫正確的日期，例如 2026-03-05 或民國 115/3/5。"));
	if (v[AF_UNTIL].present && bo_parse_date(v[AF_UNTIL].s, in->until) < 0)
		fe_add(fe, "visible_until", "%s", tr(r, "請填寫正確的日期，例如 2026-03-31 或民國 115/3/31。"));
	else if (in->from[0] && in->until[0] && strcmp(in->until, in->from) < 0)
		fe_add(fe, "visible_until", "%s", tr(r, "下架日期不能早於上架日期。"));
	for (const struct upload *u = r->uploads; u; u = u->next) {
		const char *ext;
		if (strcmp(u->field, "file") || !u->size)
			continue;
		if (in->nfiles == FILES_MAX) {
			fe_add(fe, "file", tr(r, "一次最多附加 %d 個檔案。"), FILES_MAX);
			break;
		}
		if (u->size > ATTACHMENT_MAX) {
			fe_add(fe, "file", tr(r, "「%s」超過 5 MB，請縮小後再上傳（檔案需要重新選擇）。"),
			       u->filename);
			continue;
		}
		if (filetype_sniff(u->data, u->size, in->files[in->nfiles].type,
				   sizeof in->files[in->nfiles].type) < 0)
			return req_fail(r, 500, "cannot determine the file type");
		if (!(ext = filetype_attachment_ext(in->files[in->nfiles].type))) {
			fe_add(fe, "file", tr(r, "「%s」不是 PDF、ODT 文件或圖片（PNG、JPEG、GIF、WebP），"
					      "系統不接受；檔案需要重新選擇。"), u->filename);
			continue;
		}
		in->files[in->nfiles].u = u;
		clean_name(u->filename, ext, in->files[in->nfiles].name, sizeof in->files[in->nfiles].name);
		in->nfiles++;
	}
	return 0;
}

/* Writes the accepted files into the data folder under new random names.
 * Returns 0, or -1 (those written are removed again). */
static int files_write(struct request *r, struct ann_in *in)
{
	char path[4200];
	int i;
	for (i = 0; i < in->nfiles; i++) {
		const struct upload *u = in->files[i].u;
		token_new(in->files[i].storage);
		snprintf(path, sizeof path, "%s/attachments/%s", r->app->data_dir, in->files[i].storage);
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		size_t done = 0;
		while (fd >= 0 && done < u->size) {
			ssize_t w = write(fd, u->data + done, u->size - done);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		if (fd < 0 || done != u->size || fsync(fd) < 0 || close(fd) < 0) {
			fprintf(stderr, "lifelong: [%s] cannot write %s: %s\n", r->id, path, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(path);
			}
			break;
		}
	}
	if (i == in->nfiles)
		return 0;
	while (i-- > 0) {
		snprintf(path, sizeof path, "%s/attachments/%s", r->app->data_dir, in->files[i].storage);
		unlink(path);
	}
	return -1;
}

/* Removes stored file storage (after its row is gone). */
static void file_remove(struct request *r, const char *storage)
{
	char path[4200];
	if (strlen(storage) != 32 || strspn(storage, "0123456789abcdef") != 32)
		return;
	snprintf(path, sizeof path, "%s/attachments/%s", r->app->data_dir, storage);
	if (unlink(path) < 0 && errno != ENOENT)
		fprintf(stderr, "lifelong: [%s] cannot remove %s: %s\n", r->id, path, strerror(errno));
}

/* The rows of the accepted files, inside the caller's transaction, each
 * with its audit record. Returns 1 when all went in, else 0. */
static int files_insert(struct request *r, long long ann, const struct ann_in *in)
{
	for (int i = 0; i < in->nfiles; i++) {
		struct dbq q;
		long long id = 0;
		if (db_query(r->db, &q, ST_BO_ATTACHMENT_INSERT, "ittit", ann, in->files[i].name,
			     in->files[i].type, (long long)in->files[i].u->size,
			     in->files[i].storage) == 0 && db_next(&q) == 1)
			id = db_int(&q, 0);
		db_done(&q);
		if (!id || audit_record(r, "attach", "attachment", id, NULL,
					json_pack("{s:I,s:s,s:s,s:I}", "announcement_id", (json_int_t)ann,
						  "file_name", in->files[i].name, "content_type",
						  in->files[i].type, "size",
						  (json_int_t)in->files[i].u->size)) < 0)
			return 0;
	}
	return 1;
}

/* Formatting help next to the body field. */
static void markup_help(struct request *r)
{
	html_fmt(&r->out, "<details class=\"markup-help\"><summary>%s</summary>\n<ul>\n"
		 "<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n<li>%s</li>\n</ul>\n</details>\n",
		 tr(r, "可以用的格式"), tr(r, "空一行：開始新的段落"),
		 tr(r, "行首「- 」：項目符號清單；行首「1. 」：編號清單"),
		 tr(r, "**粗體**、*斜體*"),
		 tr(r, "[連結文字](https://網址)；直接貼上的 https:// 網址也會變成連結"),
		 tr(r, "不能使用 HTML 標籤：輸入的 < > 等符號會照原樣顯示。"));
}

/* The announcement form; stored values from row (when not typed). */
static void ann_form(struct request *r, const char *action, struct dbq *row,
		     const struct form_errors *fe, long long inst)
{
	struct buf *b = &r->out;
	int typed = fe != NULL || !row;
#define V(field, col) (typed ? bo_val(r, field) : (db_text(row, col) ? db_text(row, col) : ""))
	html_fmt(b, "<form method=\"post\" action=\"%s\" enctype=\"multipart/form-data\" "
		 "class=\"form bo-form\" novalidate=\"novalidate\">\n", action);
	csrf_field(r);
	if (!row && r->role == ROLE_ADMIN) {
		struct dbq q;
		char cur[24];
		const char *sel = fe ? bo_val(r, "institution") : (snprintf(cur, sizeof cur, "%lld", inst), cur);
		html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-institution\">%s</label>\n",
			 fe_get(fe, "institution") ? " has-error" : "", tr(r, "發布的機構"));
		if (fe_get(fe, "institution"))
			html_fmt(b, "<span class=\"field-error\" id=\"f-institution-error\">%s%s</span>\n",
				 tr(r, "錯誤："), fe_get(fe, "institution"));
		html_raw_unescaped(b, "<select id=\"f-institution\" name=\"institution\"");
		bo_aria(r, fe_get(fe, "institution") ? "f-institution-error" : NULL,
			fe_get(fe, "institution") != NULL);
		html_fmt(b, ">\n<option value=\"\">%s</option>\n", tr(r, "（請選擇）"));
		db_query(r->db, &q, ST_BO_INSTITUTIONS_ALL, "");
		while (db_next(&q) == 1) {
			char id[24];
			snprintf(id, sizeof id, "%lld", db_int(&q, 0));
			bo_option(r, id, db_text(&q, 1), !strcmp(sel, id));
		}
		db_done(&q);
		html_raw_unescaped(b, "</select>\n</div>\n");
	} else if (!row) {
		html_fmt(b, "<input type=\"hidden\" name=\"institution\" value=\"%lld\"/>\n",
			 r->staff.institution_id);
	}
	bo_input(r, fe, "title", tr(r, "標題"), "text", V("title", AG_TITLE), TITLE_MAX, NULL, 1);
	bo_textarea(r, fe, "body", tr(r, "內容"), V("body", AG_BODY), BODY_MAX, 12,
		    tr(r, "純文字；可以用下面說明的簡單格式。"));
	markup_help(r);
	bo_input(r, fe, "visible_from", tr(r, "上架日期"), "text", V("visible_from", AG_FROM), 20,
		 tr(r, "從這一天起民眾看得到；留空表示立即上架。例如 2026-03-05 或民國 115/3/5。"), 0);
	bo_input(r, fe, "visible_until", tr(r, "下架日期"), "text", V("visible_until", AG_UNTIL), 20,
		 tr(r, "這一天過完就不再顯示；留空表示一直顯示。"), 0);
	const char *err = fe_get(fe, "file");
	html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-file\">%s</label>\n"
		 "<span class=\"hint\" id=\"f-file-hint\">%s</span>\n", err ? " has-error" : "",
		 tr(r, "附加檔案（選填，可一次選多個）"),
		 tr(r, "PDF、ODT 文件或圖片（PNG、JPEG、GIF、WebP），每個最多 5 MB。"));
	if (err)
		html_fmt(b, "<span class=\"field-error\" id=\"f-file-error\">%s%s</span>\n", tr(r, "錯誤："), err);
	html_fmt(b, "<input type=\"file\" id=\"f-file\" name=\"file\" multiple=\"multiple\" "
		 "accept=\".pdf,.odt,.png,.jpg,.jpeg,.gif,.webp,application/pdf,"
		 "application/vnd.oasis.opendocument.text,image/png,image/jpeg,image/gif,image/webp\" "
		 "aria-describedby=\"f-file-hint%s\"", err ? " f-file-error" : "");
	bo_aria(r, NULL, err != NULL);
	html_raw_unescaped(b, "/>\n</div>\n");
	html_fmt(b, "<p><button type=\"submit\" class=\"big-button primary\">%s</button></p>\n</form>\n",
		 row ? tr(r, "儲存修改") : tr(r, "發布消息"));
#undef V
}

/* The announcement of the URL on *q (the caller calls db_done); 0, or
 * 404/403. Items synced from feeds are not edited here (404). */
static int ann_of_url(struct request *r, struct dbq *q)
{
	db_query(r->db, q, ST_BO_ANNOUNCEMENT_GET, "i", r->path_id);
	if (db_next(q) != 1 || db_int(q, AG_FEED)) {
		db_done(q);
		return req_fail(r, 404, "%s", tr(r, "找不到這則消息。"));
	}
	int rc = bo_may(r, db_int(q, AG_INST));
	if (rc)
		db_done(q);
	return rc;
}

static json_t *ann_json(const struct ann_in *in)
{
	return json_pack("{s:I,s:s,s:s,s:s?,s:s?}", "institution_id", (json_int_t)in->institution,
			 "title", in->title, "body", in->body,
			 "visible_from", in->from[0] ? in->from : NULL,
			 "visible_until", in->until[0] ? in->until : NULL);
}

int page_bo_announcements(struct request *r)
{
	struct buf *b = &r->out;
	long long inst = bo_scope(r, &r->in[0]);
	char now[24];
	struct dbq q;
	int rc, n = 0;
	now_utc(now);
	page_begin(r, tr(r, "最新消息管理"), NULL);
	bo_nav(r, "announcements");
	bo_institution_chooser(r, "/admin/announcements", inst);
	html_fmt(b, "<p><a class=\"button-link\" href=\"/admin/announcements/new");
	if (inst && r->role == ROLE_ADMIN)
		html_fmt(b, "?institution=%lld", inst);
	html_fmt(b, "\">%s</a></p>\n", tr(r, "＋ 新增消息"));
	db_query(r->db, &q, ST_BO_ANNOUNCEMENTS_LIST, "it", inst, now);
	while ((rc = db_next(&q)) == 1) {
		if (!n++)
			html_fmt(b, "<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n<thead><tr>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
				 tr(r, "最新的在最上面"), tr(r, "標題"), tr(r, "機構"), tr(r, "顯示期間"),
				 tr(r, "附件"), tr(r, "現在"));
		html_fmt(b, "<tr><th scope=\"row\"><a href=\"/admin/announcements/%lld\">%s</a></th><td>%s</td><td>",
			 db_int(&q, 0), db_text(&q, 1), db_text(&q, 2));
		if (db_text(&q, 4))
			page_date(r, db_text(&q, 4), 0);
		else
			html_tr(r, "立即");
		html_raw_unescaped(b, " – ");
		if (db_text(&q, 5))
			page_date(r, db_text(&q, 5), 0);
		else
			html_tr(r, "不下架");
		html_fmt(b, "</td><td>%lld</td><td>%s</td></tr>\n", db_int(&q, 6),
			 db_int(&q, 7) ? tr(r, "顯示中") : tr(r, "未顯示"));
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "announcement list failed");
	if (n)
		html_raw_unescaped(b, "</tbody>\n</table></div>\n");
	else
		html_fmt(b, "<p>%s</p>\n", tr(r, "還沒有在這裡發布的消息。"));
	page_end(r);
	return 0;
}

int page_bo_announcement_new(struct request *r)
{
	long long inst = bo_scope(r, &r->in[0]);
	if (inst && bo_may(r, inst))
		return 403;
	page_begin(r, tr(r, "新增消息"), NULL);
	bo_nav(r, "announcements");
	ann_form(r, "/admin/announcements", NULL, NULL, inst);
	page_end(r);
	return 0;
}

/* The edit page: form, attachments with their delete buttons, and how
 * the body looks to the public. */
static int ann_page(struct request *r, struct dbq *q, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	struct dbq a;
	char action[64];
	long long id = db_int(q, AG_ID);
	int n = 0;
	snprintf(action, sizeof action, "/admin/announcements/%lld", id);
	page_begin(r, tr(r, "編輯消息"), NULL);
	bo_nav(r, "announcements");
	bo_error_summary(r, fe);
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(b, "<p>%s%s　<a href=\"/announcements/%lld\">%s</a></p>\n", tr(r, "機構："),
		 db_text(q, AG_INST_NAME), id, tr(r, "在網站上查看"));
	ann_form(r, action, q, fe, db_int(q, AG_INST));
	html_fmt(b, "<h2>%s</h2>\n", tr(r, "已附加的檔案"));
	db_query(r->db, &a, ST_BO_ATTACHMENTS_OF, "i", id);
	while (db_next(&a) == 1) {
		long long aid = db_int(&a, 0);
		if (!n++)
			html_raw_unescaped(b, "<ul class=\"attachments\">\n");
		html_fmt(b, "<li><a href=\"/attachments/%lld\">%s</a>（%s，%lld KB）"
			 "<form method=\"post\" action=\"/admin/attachments/%lld/delete\" class=\"inline\">",
			 aid, db_text(&a, 1), filetype_label(db_text(&a, 2)), (db_int(&a, 3) + 1023) / 1024,
			 aid);
		csrf_field(r);
		html_fmt(b, "<button type=\"submit\" aria-label=\"%s %s\">%s</button></form></li>\n",
			 tr(r, "移除附件"), db_text(&a, 1), tr(r, "移除"));
	}
	db_done(&a);
	if (n)
		html_raw_unescaped(b, "</ul>\n");
	else
		html_fmt(b, "<p>%s</p>\n", tr(r, "沒有附件。"));
	html_fmt(b, "<h2>%s</h2>\n<div class=\"announcement-body preview\">\n", tr(r, "民眾看到的內容"));
	markup_render(b, db_text(q, AG_BODY));
	html_fmt(b, "</div>\n<h2>%s</h2>\n<form method=\"post\" action=\"/admin/announcements/%lld/delete\">\n",
		 tr(r, "刪除消息"), id);
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"confirm\" value=\"yes\"/>\n<p>%s</p>\n"
		 "<p><button type=\"submit\">%s</button></p>\n</form>\n",
		 tr(r, "刪除後，這則消息和它的附件都會移除，不能復原。"), tr(r, "刪除這則消息"));
	page_end(r);
	return 0;
}

int page_bo_announcement(struct request *r)
{
	struct dbq q;
	int rc = ann_of_url(r, &q);
	if (rc)
		return rc;
	rc = ann_page(r, &q, NULL);
	db_done(&q);
	return rc;
}

int page_bo_announcement_create(struct request *r)
{
	struct ann_in *in = calloc(1, sizeof *in);
	struct form_errors fe = {0};
	struct dbq q;
	long long id = 0;
	char to[64];
	int rc;
	if (!in)
		return req_fail(r, 500, "out of memory");
	if ((rc = ann_validate(r, 0, in, &fe)) != 0 ||
	    (in->institution && (rc = bo_may(r, in->institution)) != 0))
		goto out;
	if (fe.n) {
		r->status = 400;
		page_begin(r, tr(r, "新增消息"), NULL);
		bo_nav(r, "announcements");
		bo_error_summary(r, &fe);
		ann_form(r, "/admin/announcements", NULL, &fe, in->institution);
		page_end(r);
		goto out;
	}
	if (files_write(r, in) < 0) {
		rc = req_fail(r, 500, "cannot store the attachments");
		goto out;
	}
	int ok = db_begin(r->db) == 0;
	if (ok && db_query(r->db, &q, ST_BO_ANNOUNCEMENT_INSERT, "itttt", in->institution, in->title,
			   in->body, in->from[0] ? in->from : NULL, in->until[0] ? in->until : NULL) == 0 &&
	    db_next(&q) == 1)
		id = db_int(&q, 0);
	if (ok)
		db_done(&q);
	ok = bo_audit(r, ok && id, "create", "announcement", id, NULL, ann_json(in)) == 0;
	ok = ok && files_insert(r, id, in);
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		for (int i = 0; i < in->nfiles; i++)
			file_remove(r, in->files[i].storage);
		rc = req_fail(r, 500, "cannot save the announcement: %s", db_errmsg(r->db));
		goto out;
	}
	snprintf(to, sizeof to, "/admin/announcements/%lld?saved=1", id);
	rc = req_redirect(r, to);
out:
	free(in);
	return rc;
}

int page_bo_announcement_update(struct request *r)
{
	struct ann_in *in = calloc(1, sizeof *in);
	struct form_errors fe = {0};
	struct dbq q;
	char to[64];
	int rc;
	if (!in)
		return req_fail(r, 500, "out of memory");
	if ((rc = ann_of_url(r, &q)) != 0) {
		free(in);
		return rc;
	}
	long long inst = db_int(&q, AG_INST);
	json_t *old = json_pack("{s:I,s:s,s:s,s:s?,s:s?}", "institution_id", (json_int_t)inst,
				"title", db_text(&q, AG_TITLE), "body", db_text(&q, AG_BODY),
				"visible_from", db_text(&q, AG_FROM), "visible_until", db_text(&q, AG_UNTIL));
	if ((rc = ann_validate(r, inst, in, &fe)) != 0)
		goto out;
	if (fe.n) {
		r->status = 400;
		rc = ann_page(r, &q, &fe);
		goto out;
	}
	db_done(&q);
	if (files_write(r, in) < 0) {
		json_decref(old);
		free(in);
		return req_fail(r, 500, "cannot store the attachments");
	}
	int ok = db_begin(r->db) == 0;
	ok = ok && db_exec(r->db, ST_BO_ANNOUNCEMENT_UPDATE, "itttt", r->path_id, in->title, in->body,
			   in->from[0] ? in->from : NULL, in->until[0] ? in->until : NULL) == 0;
	ok = bo_audit(r, ok, "update", "announcement", r->path_id, old, ann_json(in)) == 0;
	ok = ok && files_insert(r, r->path_id, in);
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		for (int i = 0; i < in->nfiles; i++)
			file_remove(r, in->files[i].storage);
		free(in);
		return req_fail(r, 500, "cannot save the announcement: %s", db_errmsg(r->db));
	}
	free(in);
	snprintf(to, sizeof to, "/admin/announcements/%lld?saved=1", r->path_id);
	return req_redirect(r, to);
out:
	json_decref(old);
	db_done(&q);
	free(in);
	return rc;
}

int page_bo_announcement_delete(struct request *r)
{
	struct dbq q, a;
	struct buf storage = BUF_INIT;
	int rc = ann_of_url(r, &q);
	if (rc)
		return rc;
	if (!r->in[0].n) {
		db_done(&q);
		return req_fail(r, 400, "%s", tr(r, "請按「刪除這則消息」確認。"));
	}
	json_t *old = json_pack("{s:I,s:s,s:s}", "institution_id", (json_int_t)db_int(&q, AG_INST),
				"title", db_text(&q, AG_TITLE), "body", db_text(&q, AG_BODY));
	db_done(&q);
	/* the stored files go once the rows are gone */
	db_query(r->db, &a, ST_BO_ATTACHMENTS_OF, "i", r->path_id);
	while (db_next(&a) == 1) {
		buf_puts(&storage, db_text(&a, 4));
		buf_append(&storage, "", 1);
	}
	db_done(&a);
	int ok = db_begin(r->db) == 0;
	ok = ok && db_exec(r->db, ST_BO_ANNOUNCEMENT_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "delete", "announcement", r->path_id, old, NULL) == 0;
	if (!ok || db_commit(r->db) < 0 || buf_failed(&storage)) {
		db_rollback(r->db);
		buf_free(&storage);
		return req_fail(r, 500, "cannot delete the announcement");
	}
	for (size_t off = 0; off < storage.len; off += strlen(storage.data + off) + 1)
		file_remove(r, storage.data + off);
	buf_free(&storage);
	return req_redirect(r, "/admin/announcements");
}

int page_bo_attachment_delete(struct request *r)
{
	struct dbq q;
	char now[24], storage[64] = "", to[80];
	long long ann = 0, inst = 0;
	json_t *old = NULL;
	now_utc(now);
	db_query(r->db, &q, ST_BO_ATTACHMENT_GET, "it", r->path_id, now);
	if (db_next(&q) == 1) {
		ann = db_int(&q, 1);
		inst = db_int(&q, 2);
		snprintf(storage, sizeof storage, "%s", db_text(&q, 6));
		old = json_pack("{s:I,s:s,s:s,s:I}", "announcement_id", (json_int_t)ann, "file_name",
				db_text(&q, 3), "content_type", db_text(&q, 4), "size",
				(json_int_t)db_int(&q, 5));
	}
	db_done(&q);
	if (!ann)
		return req_fail(r, 404, "%s", tr(r, "找不到這個附件。"));
	int rc = bo_may(r, inst);
	if (rc) {
		json_decref(old);
		return rc;
	}
	int ok = db_begin(r->db) == 0;
	ok = ok && db_exec(r->db, ST_BO_ATTACHMENT_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "detach", "attachment", r->path_id, old, NULL) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot remove the attachment");
	}
	file_remove(r, storage);
	snprintf(to, sizeof to, "/admin/announcements/%lld?saved=1", ann);
	return req_redirect(r, to);
}
