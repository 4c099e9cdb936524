/* admin_import — the CLI's CSV import (docs/import.md) in the back
 * office, in two steps: upload, and a preview that checks the whole file
 * without writing anything (counts, the first rows, every problem by
 * line); then commit, all or nothing, from the copy kept between the two
 * steps (pending_imports, a day at most, only for who uploaded it).
 * Institution staff may import only rows of their own institution. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "db/db.h"
#include "db/import.h"
#include "http/multipart.h"
#include "pages/backoffice.h"

#define PREVIEW_ROWS 10

static const char *const kinds[] = {"sessions", "institutions", NULL};
/* kind: of an upload; done and the counts: what the last commit wrote */
enum { IM_KIND, IM_DONE, IM_INSTITUTIONS, IM_COURSES, IM_SESSIONS };
const struct param_spec bo_import_params[] = {
	{"kind", P_ENUM, 0, 0, kinds, 0},
	{"done", P_ENUM, 0, 0, kinds, -1},
	{"institutions", P_INT, 0, 100000000, NULL, 0},
	{"courses", P_INT, 0, 100000000, NULL, 0},
	{"sessions", P_INT, 0, 100000000, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* The name of r's institution into out (institution staff), or "" for an
 * administrator. Returns 0, or -1 if it cannot be found. */
static int own_institution(struct request *r, char *out, size_t n)
{
	struct dbq q;
	out[0] = '\0';
	if (r->role == ROLE_ADMIN)
		return 0;
	db_query(r->db, &q, ST_BO_INSTITUTION_GET, "i", r->staff.institution_id);
	if (db_next(&q) == 1)
		snprintf(out, n, "%s", db_text(&q, 1));
	db_done(&q);
	return out[0] ? 0 : -1;
}

static void upload_form(struct request *r, const struct form_errors *fe, const char *kind)
{
	struct buf *b = &r->out;
	const char *err = fe_get(fe, "file");
	html_fmt(b, "<form method=\"post\" action=\"/admin/import\" enctype=\"multipart/form-data\" "
		 "class=\"form bo-form\" novalidate=\"novalidate\">\n");
	csrf_field(r);
	bo_fieldset_begin(r, fe, "kind", tr(r, "要匯入哪一種檔案？"), NULL);
	bo_choice(r, "radio", "kind", "f-kind-sessions", "sessions",
		  tr(r, "課程與場次（每列一個上課時間）"), strcmp(kind, "institutions") != 0);
	bo_choice(r, "radio", "kind", "f-kind-institutions", "institutions",
		  r->role == ROLE_ADMIN ? tr(r, "機構資料") : tr(r, "本機構的資料（只能是自己的機構）"),
		  !strcmp(kind, "institutions"));
	bo_fieldset_end(r);
	html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-file\">%s <span class=\"req\">%s</span></label>\n"
		 "<span class=\"hint\" id=\"f-file-hint\">%s</span>\n", err ? " has-error" : "",
		 tr(r, "CSV 檔案"), tr(r, "（必填）"),
		 tr(r, "UTF-8 或 Excel 存的 Big5 都可以；欄位說明見「匯入格式」。"));
	if (err)
		html_fmt(b, "<span class=\"field-error\" id=\"f-file-error\">%s%s</span>\n", tr(r, "錯誤："), err);
	html_fmt(b, "<input type=\"file\" id=\"f-file\" name=\"file\" accept=\".csv,text/csv\" "
		 "required=\"required\" aria-describedby=\"f-file-hint%s\"", err ? " f-file-error" : "");
	bo_aria(r, NULL, err != NULL);
	html_raw_unescaped(b, "/>\n</div>\n");
	html_fmt(b, "<p><button type=\"submit\" class=\"big-button primary\">%s</button></p>\n</form>\n",
		 tr(r, "檢查檔案（還不會寫入）"));
}

/* The columns of each kind, as docs/import.md lists them. */
static void format_help(struct request *r)
{
	html_fmt(&r->out, "<details><summary>%s</summary>\n<p>%s</p>\n"
		 "<p><code>name,type,district,address,lat,lon,phone,website,feed_url</code></p>\n"
		 "<p>%s</p>\n<p><code>institution,course,category,audience,district,venue,start,end,"
		 "capacity,fee_twd,format,language,childcare,programme,attendance,description,url</code></p>\n"
		 "<p>%s</p>\n</details>\n", tr(r, "匯入格式"), tr(r, "機構資料的欄位："),
		 tr(r, "課程與場次的欄位（每列一個上課時間；同一課程的各列課程欄位要一致）："),
		 tr(r, "第一列是欄位名稱，順序不拘。整個檔案沒有問題才會寫入；有任何一列有問題，就完全不寫入。"));
}

int page_bo_import(struct request *r)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "匯入 CSV"), NULL);
	bo_nav(r, "import");
	if (r->in[IM_DONE].present) {
		html_fmt(b, "<p class=\"notice\" role=\"status\">");
		if (r->in[IM_DONE].n == 1)
			html_trf(r, "匯入完成：%lld 個機構的資料。", r->in[IM_INSTITUTIONS].n);
		else
			html_trf(r, "匯入完成：%lld 門課程、%lld 個場次。", r->in[IM_COURSES].n,
				 r->in[IM_SESSIONS].n);
		html_raw_unescaped(b, "</p>\n");
	}
	html_fmt(b, "<p>%s</p>\n", tr(r, "先上傳檔案檢查：系統會列出筆數、前幾列內容和每一個問題；確認沒問題後再按「確定匯入」。"));
	upload_form(r, NULL, "sessions");
	format_help(r);
	page_end(r);
	return 0;
}

/* Writes one row of the file's first rows as a table row. */
struct head_ctx {
	struct request *r;
	int rows;
};

static void head_row(void *ctx, int line, const char *const *fields, int n)
{
	struct head_ctx *h = ctx;
	struct buf *b = &h->r->out;
	if (!h->rows) {
		html_fmt(b, "<thead><tr><th scope=\"col\">%s</th>", tr(h->r, "行"));
	} else {
		if (h->rows == 1)
			html_raw_unescaped(b, "<tbody>");
		html_fmt(b, "<tr><th scope=\"row\">%d</th>", line);
	}
	for (int i = 0; i < n; i++) {
		html_raw_unescaped(b, h->rows ? "<td>" : "<th scope=\"col\">");
		html_text(b, fields[i]);
		html_raw_unescaped(b, h->rows ? "</td>" : "</th>");
	}
	html_raw_unescaped(b, h->rows ? "</tr>\n" : "</tr></thead>\n");
	h->rows++;
}

/* Lists the import's problems ("line N: column: message" lines). */
static void problems(struct request *r, const char *text, int *count)
{
	struct buf *b = &r->out;
	*count = 0;
	html_raw_unescaped(b, "<ol class=\"problems\">\n");
	for (const char *p = text; p && *p;) {
		size_t n = strcspn(p, "\n");
		int line = 0, used = 0;
		html_raw_unescaped(b, "<li>");
		if (sscanf(p, "line %d: %n", &line, &used) == 1 && used > 0 && (size_t)used <= n) {
			html_trf(r, "第 %d 行：", line);
			p += used;
			n -= (size_t)used;
		}
		html_raw_unescaped(b, "<span lang=\"en\">");
		html_textn(b, p, n);
		html_raw_unescaped(b, "</span></li>\n");
		(*count)++;
		p += n + (p[n] == '\n');
	}
	html_raw_unescaped(b, "</ol>\n");
}

int page_bo_import_preview(struct request *r)
{
	struct buf *b = &r->out;
	struct form_errors fe = {0};
	struct import_result res;
	struct import_options opt = {.dry_run = 1};
	char own[512];
	const char *kind = kinds[r->in[0].n];
	const struct upload *u = multipart_file(r, "file");
	long long pending = 0;
	int rc, nprob = 0;
	if (own_institution(r, own, sizeof own) < 0)
		return req_fail(r, 403, "%s", tr(r, "找不到您所屬的機構。"));
	if (!u || memchr(u->data, '\0', u->size)) {
		fe_add(&fe, "file", "%s", u ? tr(r, "這不是 CSV 文字檔，請另存成 CSV 後再上傳。")
					    : tr(r, "請選擇要匯入的 CSV 檔案。"));
		r->status = 400;
		page_begin(r, tr(r, "匯入 CSV"), NULL);
		bo_nav(r, "import");
		bo_error_summary(r, &fe);
		upload_form(r, &fe, kind);
		page_end(r);
		return 0;
	}
	opt.only_institution = own[0] ? own : NULL;
	rc = import_csv_with(r->db, r->in[0].n == 1 ? IMPORT_INSTITUTIONS : IMPORT_SESSIONS,
			     (const char *)u->data, u->size, &opt, &res);
	if (rc < 0) {
		import_result_free(&res);
		return req_fail(r, 500, "import check failed");
	}
	if (rc == 0) {
		struct dbq q;
		db_exec(r->db, ST_BO_PENDING_PURGE, "");
		if (db_query(r->db, &q, ST_BO_PENDING_INSERT, "ittb", r->staff.user_id, kind,
			     u->filename, u->data, u->size) == 0 && db_next(&q) == 1)
			pending = db_int(&q, 0);
		db_done(&q);
		if (!pending) {
			import_result_free(&res);
			return req_fail(r, 500, "cannot keep the file for the import");
		}
	}
	page_begin(r, tr(r, "匯入預覽"), NULL);
	bo_nav(r, "import");
	html_fmt(b, "<p>%s<strong>%s</strong>（%s）</p>\n", tr(r, "檔案："), u->filename,
		 r->in[0].n == 1 ? tr(r, "機構資料") : tr(r, "課程與場次"));
	if (rc == 1) {
		r->status = 400;
		html_fmt(b, "<div class=\"error-box\" role=\"alert\">\n<h2>%s</h2>\n",
			 tr(r, "檔案有問題，沒有寫入任何資料"));
		problems(r, buf_cstr(&res.errors), &nprob);
		html_fmt(b, "<p>%s</p>\n</div>\n", tr(r, "請修正檔案中的這些行，再上傳一次。"));
	} else {
		html_fmt(b, "<section aria-labelledby=\"h-counts\" class=\"preview\">\n<h2 id=\"h-counts\">%s</h2>\n<ul>\n",
			 tr(r, "檢查通過：按「確定匯入」才會寫入"));
		html_raw_unescaped(b, "<li>");
		html_trf(r, "資料列：%d", res.rows);
		html_raw_unescaped(b, "</li>\n<li>");
		html_trf(r, "機構：%d", res.institutions);
		if (r->in[0].n == 0) {
			html_raw_unescaped(b, "</li>\n<li>");
			html_trf(r, "課程：%d", res.courses);
			html_raw_unescaped(b, "</li>\n<li>");
			html_trf(r, "場次：%d", res.sessions);
		}
		html_raw_unescaped(b, "</li>\n</ul>\n");
		html_fmt(b, "<form method=\"post\" action=\"/admin/import/%lld/commit\" class=\"inline\">", pending);
		csrf_field(r);
		html_fmt(b, "<button type=\"submit\" class=\"big-button primary\">%s</button></form>\n"
			 "<form method=\"post\" action=\"/admin/import/%lld/delete\" class=\"inline\">",
			 tr(r, "確定匯入"), pending);
		csrf_field(r);
		html_fmt(b, "<button type=\"submit\" class=\"big-button\">%s</button></form>\n</section>\n",
			 tr(r, "取消，不匯入"));
	}
	import_result_free(&res);
	/* the first rows, as read */
	struct buf err = BUF_INIT;
	html_fmt(b, "<h2>%s</h2>\n<div class=\"table-scroll\"><table>\n<caption>%s</caption>\n",
		 tr(r, "檔案的前幾列"), tr(r, "依檔案中的行號"));
	struct head_ctx h = {r, 0};
	size_t mark = b->len;
	if (import_head((const char *)u->data, u->size, PREVIEW_ROWS + 1, head_row, &h, &err) != 0 ||
	    h.rows == 0) {
		b->len = mark;
		b->data[mark] = '\0';
		html_fmt(b, "<tbody><tr><td>%s</td></tr></tbody>\n", tr(r, "（無法讀出內容）"));
	} else if (h.rows > 1) {
		html_raw_unescaped(b, "</tbody>\n");
	}
	html_raw_unescaped(b, "</table></div>\n");
	buf_free(&err);
	if (rc == 1) {
		html_fmt(b, "<h2>%s</h2>\n", tr(r, "上傳修正後的檔案"));
		upload_form(r, NULL, kind);
	}
	page_end(r);
	return 0;
}

struct commit_ctx {
	struct request *r;
	long long id;
	const char *kind, *file;
};

/* Audit record of the import, inside its transaction. */
static int record_import(void *ctx, const struct import_result *res)
{
	struct commit_ctx *c = ctx;
	return audit_record(c->r, "import", "import", c->id, NULL,
			    json_pack("{s:s,s:s,s:i,s:i,s:i,s:i}", "kind", c->kind, "file", c->file,
				      "rows", res->rows, "institutions", res->institutions,
				      "courses", res->courses, "sessions", res->sessions)) < 0 ? -1 : 0;
}

int page_bo_import_commit(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	struct import_result res;
	char own[512], kind[16] = "", file[600] = "", done[160];
	struct commit_ctx ctx = {r, r->path_id, kind, file};
	struct import_options opt = {.before_commit = record_import, .ctx = &ctx};
	struct buf data = BUF_INIT;
	int rc, found = 0, nprob = 0;
	if (own_institution(r, own, sizeof own) < 0)
		return req_fail(r, 403, "%s", tr(r, "找不到您所屬的機構。"));
	db_query(r->db, &q, ST_BO_PENDING_GET, "ii", r->path_id, r->staff.user_id);
	if (db_next(&q) == 1) {
		found = 1;
		snprintf(kind, sizeof kind, "%s", db_text(&q, 0));
		snprintf(file, sizeof file, "%s", db_text(&q, 1));
		/* a BLOB read as text: copy its bytes */
		const char *d = db_text(&q, 2);
		if (d)
			buf_append(&data, d, strlen(d));
	}
	db_done(&q);
	if (!found)
		return req_fail(r, 404, "%s", tr(r, "找不到這次的匯入：可能已經匯入、取消，或超過一天。請重新上傳。"));
	opt.only_institution = own[0] ? own : NULL;
	rc = import_csv_with(r->db, !strcmp(kind, "institutions") ? IMPORT_INSTITUTIONS : IMPORT_SESSIONS,
			     data.data ? data.data : "", data.len, &opt, &res);
	buf_free(&data);
	if (rc == 0)
		db_exec(r->db, ST_BO_PENDING_DELETE, "ii", r->path_id, r->staff.user_id);
	if (rc < 0) {
		import_result_free(&res);
		return req_fail(r, 500, "the import failed; nothing was written");
	}
	if (rc == 1) {
		r->status = 400;
		page_begin(r, tr(r, "匯入預覽"), NULL);
		bo_nav(r, "import");
		html_fmt(b, "<div class=\"error-box\" role=\"alert\">\n<h2>%s</h2>\n",
			 tr(r, "資料在預覽後有變動，檔案現在有問題，沒有寫入任何資料"));
		problems(r, buf_cstr(&res.errors), &nprob);
		html_raw_unescaped(b, "</div>\n");
		upload_form(r, NULL, kind);
		page_end(r);
		import_result_free(&res);
		return 0;
	}
	snprintf(done, sizeof done, "/admin/import?done=%s&institutions=%d&courses=%d&sessions=%d",
		 !strcmp(kind, "institutions") ? "institutions" : "sessions", res.institutions,
		 res.courses, res.sessions);
	import_result_free(&res);
	return req_redirect(r, done);
}

int page_bo_import_delete(struct request *r)
{
	db_exec(r->db, ST_BO_PENDING_DELETE, "ii", r->path_id, r->staff.user_id);
	return req_redirect(r, "/admin/import");
}
