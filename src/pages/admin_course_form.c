/* admin_course_form — the form for every field of a course (title,
 * description, category, audiences, language, fee, format, childcare,
 * programme 1-12, capacity, web address): new and edit, validated on the
 * server with each message next to its field and what was typed kept; a
 * course is saved with its audiences and its audit record in one
 * transaction. New courses are drafts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/markup.h"
#include "db/db.h"
#include "pages/backoffice.h"
#include "pages/portal.h"

#define TITLE_MAX 200
#define DESCRIPTION_MAX 5000
#define URL_MAX 500
#define MAX_AUDIENCES 16

/* The course form's fields; r->in[] follows this order. */
enum { CF_INSTITUTION, CF_TITLE, CF_DESCRIPTION, CF_CATEGORY, CF_LANGUAGE, CF_FEE, CF_FORMAT,
       CF_CHILDCARE, CF_PROGRAMME, CF_CAPACITY, CF_URL };
const struct param_spec bo_course_params[] = {
	{"institution", P_TEXT, 0, 20, NULL, 0},
	{"title", P_TEXT, 0, TITLE_MAX, NULL, 0},
	{"description", P_TEXT, 0, DESCRIPTION_MAX, NULL, 0},
	{"category", P_TEXT, 0, 32, NULL, 0},
	{"language", P_TEXT, 0, 35, NULL, 0},
	{"fee_twd", P_TEXT, 0, 20, NULL, 0},
	{"format", P_TEXT, 0, 16, NULL, 0},
	{"childcare", P_TEXT, 0, 8, NULL, 0},
	{"programme", P_TEXT, 0, 4, NULL, 0},
	{"capacity", P_TEXT, 0, 20, NULL, 0},
	{"url", P_TEXT, 0, URL_MAX, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Languages offered for teaching (BCP 47); a course's own other tag is
 * kept and shown too. */
static const char *const languages[] = {
	"zh-Hant", "nan", "hak", "en", "ja", "ko", "vi", "id", "th", "tl", "my", "km",
	"ami", "tay", "pwn", "bnn", "trv", "sxr", "ckv", "dru", "tsu", "xsy", "pyu", "ssf",
	"tao", "thw", "szy", "xnb", "sdq", NULL,
};

/* A validated course form. */
struct course_in {
	long long institution;
	const char *title, *description, *category, *language, *format, *url;
	long long fee, programme, capacity;	/* DB_NULL_INT: none */
	int childcare;
	int naud;
	const char *aud[MAX_AUDIENCES];
};

/* Name of a code from a reference list in the interface's language. */
static const char *ref_name(struct request *r, struct dbq *q, int zh, int en)
{
	return r->lang == LANG_ZH_HANT || !db_text(q, en) ? db_text(q, zh) : db_text(q, en);
}

/* Was value v among the submitted values of the multi-valued field? */
static int submitted(struct request *r, const char *field, const char *v)
{
	for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
		if (!strcmp(kv->key, field) && !strcmp(kv->value, v))
			return 1;
	return 0;
}

/* Is code in the ';'-separated list? */
static int in_list(const char *list, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, ";");
		if (k == n && !strncmp(p, code, n))
			return 1;
		p += k + (p[k] == ';');
	}
	return 0;
}

/* Validates the submitted course form into *in, reporting problems in fe.
 * self is the course's id (0 for a new course); inst its institution
 * (0: from the form). Returns 0, or an HTTP status (403 for another
 * institution's id). */
static int course_validate(struct request *r, long long self, long long inst,
			   struct course_in *in, struct form_errors *fe)
{
	const struct param_value *v = r->in;
	long long n, id;
	struct dbq q;
	memset(in, 0, sizeof *in);
	in->institution = inst;
	if (!inst) {
		if (r->role != ROLE_ADMIN) {
			in->institution = r->staff.institution_id;
			if (v[CF_INSTITUTION].present &&
			    (bo_parse_count(v[CF_INSTITUTION].s, 1, 1LL << 53, &n) < 0 ||
			     n != in->institution))
				return bo_may(r, -1);
		} else if (!v[CF_INSTITUTION].present ||
			   bo_parse_count(v[CF_INSTITUTION].s, 1, 1LL << 53, &n) < 0) {
			fe_add(fe, "institution", "%s", tr(r, "請選擇開課的機構。"));
		} else {
			struct dbq iq;
			db_query(r->db, &iq, ST_BO_INSTITUTION_GET, "i", n);
			if (db_next(&iq) == 1)
				in->institution = n;
			else
				fe_add(fe, "institution", "%s", tr(r, "請選擇開課的機構。"));
			db_done(&iq);
		}
	}
	in->title = v[CF_TITLE].present ? v[CF_TITLE].s : "";
	while (*in->title == ' ')
		in->title++;
	if (!*in->title)
		fe_add(fe, "title", "%s", tr(r, "請填寫課程名稱。"));
	else if (in->institution &&
		 db_scalar(r->db, &id, ST_BO_COURSE_TITLE_TAKEN, "iti", in->institution, in->title,
			   self) == 1)
		fe_add(fe, "title", "%s",
		       tr(r, "這個機構已經有同名的課程；新的一期請在名稱加上期別，例如「（113學年）」。"));
	in->description = v[CF_DESCRIPTION].present ? v[CF_DESCRIPTION].s : "";
	in->category = v[CF_CATEGORY].present ? v[CF_CATEGORY].s : "";
	if (db_scalar(r->db, &id, ST_CATEGORY_EXISTS, "t", in->category) != 1)
		fe_add(fe, "category", "%s", tr(r, "請選擇課程類別。"));
	/* audiences: each checked value must be a known code */
	for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next) {
		if (strcmp(kv->key, "audience"))
			continue;
		if (db_scalar(r->db, &id, ST_AUDIENCE_EXISTS, "t", kv->value) != 1) {
			fe_add(fe, "audience", "%s", tr(r, "請從清單中勾選對象。"));
		} else if (in->naud < MAX_AUDIENCES) {
			int dup = 0;
			for (int i = 0; i < in->naud; i++)
				dup |= !strcmp(in->aud[i], kv->value);
			if (!dup)
				in->aud[in->naud++] = kv->value;
		}
	}
	if (!in->naud)
		fe_add(fe, "audience", "%s", tr(r, "請至少勾選一種對象；不限對象請勾「不限對象」。"));
	in->language = v[CF_LANGUAGE].present ? v[CF_LANGUAGE].s : "zh-Hant";
	int known = 0;
	for (int i = 0; languages[i]; i++)
		known |= !strcmp(languages[i], in->language);
	if (!known && self) {
		db_query(r->db, &q, ST_BO_COURSE_GET, "i", self);
		known = db_next(&q) == 1 && !strcmp(db_text(&q, CG_LANGUAGE), in->language);
		db_done(&q);
	}
	if (!known)
		fe_add(fe, "language", "%s", tr(r, "請從清單中選擇授課語言。"));
	in->fee = 0;
	if (v[CF_FEE].present && bo_parse_count(v[CF_FEE].s, 0, 100000000, &in->fee) < 0)
		fe_add(fe, "fee_twd", "%s", tr(r, "費用請填 0 以上的整數（新臺幣元），免費請填 0。"));
	in->format = v[CF_FORMAT].present ? v[CF_FORMAT].s : "";
	if (strcmp(in->format, "in_person") && strcmp(in->format, "online") &&
	    strcmp(in->format, "blended"))
		fe_add(fe, "format", "%s", tr(r, "請選擇上課方式。"));
	in->childcare = v[CF_CHILDCARE].present;
	in->programme = DB_NULL_INT;
	if (v[CF_PROGRAMME].present && bo_parse_count(v[CF_PROGRAMME].s, 1, 12, &in->programme) < 0)
		fe_add(fe, "programme", "%s", tr(r, "請從清單中選擇計畫方案。"));
	in->capacity = DB_NULL_INT;
	if (v[CF_CAPACITY].present &&
	    bo_parse_count(v[CF_CAPACITY].s, 0, 1000000, &in->capacity) < 0)
		fe_add(fe, "capacity", "%s", tr(r, "名額請填 0 以上的整數；不限名額請留空。"));
	in->url = v[CF_URL].present ? v[CF_URL].s : NULL;
	if (in->url && (strncmp(in->url, "http", 4) || !markup_url_ok(in->url, strlen(in->url))))
		fe_add(fe, "url", "%s", tr(r, "網址請以 https:// 或 http:// 開頭，例如 https://www.example.org/"));
	return 0;
}

/* Writes the course form: values from stored row q (when not NULL and the
 * form was not submitted) or from what was submitted. */
static void course_form(struct request *r, const char *action, struct dbq *row,
			const struct form_errors *fe, long long inst)
{
	struct buf *b = &r->out;
	struct dbq q;
	int from_row = row && !fe;
	char num[32];
	const char *val;
#define V(field, col) (from_row ? (db_text(row, col) ? db_text(row, col) : "") : bo_val(r, field))

	html_fmt(b, "<form method=\"post\" action=\"%s\" class=\"form bo-form\" novalidate=\"novalidate\">\n",
		 action);
	csrf_field(r);
	html_fmt(b, "<p class=\"hint\">%s</p>\n", tr(r, "標示（必填）的欄位一定要填；其他可以之後再補。"));
	if (!row && r->role == ROLE_ADMIN) {
		const char *opts[2 * 400 + 3];
		char ids[400][24];
		int k = 0;
		opts[k++] = "";
		opts[k++] = tr(r, "（請選擇）");
		db_query(r->db, &q, ST_BO_INSTITUTIONS_ALL, "");
		struct buf names = BUF_INIT;
		size_t offs[400];
		int m = 0;
		while (db_next(&q) == 1 && m < 400) {
			snprintf(ids[m], sizeof ids[m], "%lld", db_int(&q, 0));
			offs[m] = names.len;
			buf_puts(&names, db_text(&q, 1));
			buf_append(&names, "", 1);
			m++;
		}
		db_done(&q);
		for (int i = 0; i < m && !buf_failed(&names); i++) {
			opts[k++] = ids[i];
			opts[k++] = names.data + offs[i];
		}
		opts[k] = NULL;
		snprintf(num, sizeof num, "%lld", inst);
		bo_select(r, fe, "institution", tr(r, "開課機構"), opts,
			  fe ? bo_val(r, "institution") : num, NULL);
		buf_free(&names);
	} else if (!row) {
		html_fmt(b, "<input type=\"hidden\" name=\"institution\" value=\"%lld\"/>\n",
			 r->staff.institution_id);
	}
	bo_input(r, fe, "title", tr(r, "課程名稱"), "text", V("title", CG_TITLE), TITLE_MAX,
		 tr(r, "同一機構的課程名稱不能重複；新的一期可以加上期別。"), 1);
	bo_textarea(r, fe, "description", tr(r, "課程介紹"), V("description", CG_DESC),
		    DESCRIPTION_MAX, 6, tr(r, "上課內容、適合誰、要帶什麼。民眾會在課程頁看到。"));
	/* category */
	{
		const char *opts[64];
		int k = 0;
		opts[k++] = "";
		opts[k++] = tr(r, "（請選擇）");
		struct buf names = BUF_INIT;
		char codes[30][32];
		size_t offs[30];
		int m = 0;
		db_query(r->db, &q, ST_SEARCH_CATEGORIES, "");
		while (db_next(&q) == 1 && m < 30) {
			snprintf(codes[m], sizeof codes[m], "%s", db_text(&q, 0));
			offs[m] = names.len;
			buf_puts(&names, ref_name(r, &q, 1, 2));
			buf_append(&names, "", 1);
			m++;
		}
		db_done(&q);
		for (int i = 0; i < m && !buf_failed(&names); i++) {
			opts[k++] = codes[i];
			opts[k++] = names.data + offs[i];
		}
		opts[k] = NULL;
		bo_select(r, fe, "category", tr(r, "課程類別（必填）"), opts,
			  V("category", CG_CATEGORY), NULL);
		buf_free(&names);
	}
	/* audiences */
	bo_fieldset_begin(r, fe, "audience", tr(r, "適合對象（必填，可複選）"), NULL);
	db_query(r->db, &q, ST_SEARCH_AUDIENCES, "");
	while (db_next(&q) == 1) {
		char id[48];
		const char *code = db_text(&q, 0);
		snprintf(id, sizeof id, "f-audience-%s", code);
		int checked = from_row ? in_list(db_text(row, CG_AUDIENCES), code)
				       : submitted(r, "audience", code);
		bo_choice(r, "checkbox", "audience", id, code, ref_name(r, &q, 1, 2), checked);
	}
	db_done(&q);
	bo_fieldset_end(r);
	/* language */
	{
		const char *opts[2 * 40 + 3];
		struct buf names = BUF_INIT;
		size_t offs[40];
		int k = 0, m = 0;
		const char *cur = V("language", CG_LANGUAGE);
		int known = 0;
		for (int i = 0; languages[i] && m < 38; i++, m++) {
			/* portal_language_name() writes (escaped) into r->out */
			struct buf page = r->out, name = BUF_INIT;
			known |= !strcmp(cur, languages[i]);
			r->out = name;
			portal_language_name(r, languages[i]);
			name = r->out;
			r->out = page;
			offs[m] = names.len;
			if (name.len)
				buf_append(&names, name.data, name.len);
			else
				html_text(&names, languages[i]);
			buf_append(&names, "", 1);
			buf_free(&name);
		}
		for (int i = 0; i < m && !buf_failed(&names); i++) {
			opts[k++] = languages[i];
			opts[k++] = names.data + offs[i];
		}
		size_t cur_off = names.len;
		if (*cur && !known) {
			html_text(&names, cur);
			buf_append(&names, "", 1);
		}
		if (*cur && !known && !buf_failed(&names)) {
			opts[k++] = cur;
			opts[k++] = names.data + cur_off;
		}
		opts[k] = NULL;
		/* the names are already escaped by portal_language_name: show them
		 * through a select written here */
		html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-language\">%s</label>\n",
			 fe_get(fe, "language") ? " has-error" : "", tr(r, "授課語言"));
		if (fe_get(fe, "language"))
			html_fmt(b, "<span class=\"field-error\" id=\"f-language-error\">%s%s</span>\n",
				 tr(r, "錯誤："), fe_get(fe, "language"));
		html_raw_unescaped(b, "<select id=\"f-language\" name=\"language\"");
		bo_aria(r, fe_get(fe, "language") ? "f-language-error" : NULL,
			fe_get(fe, "language") != NULL);
		html_raw_unescaped(b, ">\n");
		for (int i = 0; opts[i]; i += 2) {
			html_fmt(b, "<option value=\"%s\"", opts[i]);
			if (!strcmp(cur, opts[i]))
				html_raw_unescaped(b, " selected=\"selected\"");
			html_raw_unescaped(b, ">");
			html_raw_unescaped(b, opts[i + 1]);	/* escaped when made */
			html_raw_unescaped(b, "</option>\n");
		}
		html_raw_unescaped(b, "</select>\n</div>\n");
		buf_free(&names);
	}
	bo_input(r, fe, "fee_twd", tr(r, "費用（新臺幣元）"), "number",
		 from_row ? (snprintf(num, sizeof num, "%lld", db_int(row, CG_FEE)), num)
			  : bo_val(r, "fee_twd"), 12, tr(r, "免費請填 0。"), 0);
	/* format */
	val = V("format", CG_FORMAT);
	if (!*val)
		val = "in_person";
	bo_fieldset_begin(r, fe, "format", tr(r, "上課方式（必填）"), NULL);
	bo_choice(r, "radio", "format", "f-format-in_person", "in_person", tr(r, "實體課程"),
		  !strcmp(val, "in_person"));
	bo_choice(r, "radio", "format", "f-format-online", "online", tr(r, "線上課程"),
		  !strcmp(val, "online"));
	bo_choice(r, "radio", "format", "f-format-blended", "blended", tr(r, "實體與線上混合"),
		  !strcmp(val, "blended"));
	bo_fieldset_end(r);
	html_raw_unescaped(b, "<div class=\"field\">");
	bo_choice(r, "checkbox", "childcare", "f-childcare", "yes",
		  tr(r, "提供臨時托育（方案一：讓家長可以安心上課）"),
		  from_row ? (int)db_int(row, CG_CHILDCARE) : *bo_val(r, "childcare") != '\0');
	html_raw_unescaped(b, "</div>\n");
	/* programme 1-12 of the current plan */
	{
		const char *opts[2 * 13 + 3];
		char nums[13][24];
		struct buf names = BUF_INIT;
		size_t offs[13];
		int k = 0, m = 0;
		long long plan = 0;
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		opts[k++] = "";
		opts[k++] = tr(r, "（不屬於特定方案）");
		db_query(r->db, &q, ST_PLAN_CURRENT, "i", (long long)(tm.tm_year + 1900 - 1911));
		if (db_next(&q) == 1)
			plan = db_int(&q, 0);
		db_done(&q);
		db_query(r->db, &q, ST_PLAN_PROGRAMMES, "i", plan);
		while (db_next(&q) == 1 && m < 12) {
			long long no = db_int(&q, 1);
			if (no < 1 || no > 12)
				continue;
			snprintf(nums[m], sizeof nums[m], "%lld", no);
			offs[m] = names.len;
			buf_printf(&names, "%lld. %s", no, db_text(&q, 3));
			buf_append(&names, "", 1);
			m++;
		}
		db_done(&q);
		if (!m)
			for (; m < 12; m++) {
				snprintf(nums[m], sizeof nums[m], "%d", m + 1);
				offs[m] = names.len;
				buf_printf(&names, "%d", m + 1);
				buf_append(&names, "", 1);
			}
		for (int i = 0; i < m && !buf_failed(&names); i++) {
			opts[k++] = nums[i];
			opts[k++] = names.data + offs[i];
		}
		opts[k] = NULL;
		bo_select(r, fe, "programme", tr(r, "歸屬的計畫方案"), opts,
			  from_row ? (db_is_null(row, CG_PROGRAMME) ? ""
				      : (snprintf(num, sizeof num, "%lld", db_int(row, CG_PROGRAMME)), num))
				   : bo_val(r, "programme"),
			  tr(r, "計畫指標依這個欄位統計。"));
		buf_free(&names);
	}
	bo_input(r, fe, "capacity", tr(r, "名額"), "number",
		 from_row ? (db_is_null(row, CG_CAPACITY) ? ""
			     : (snprintf(num, sizeof num, "%lld", db_int(row, CG_CAPACITY)), num))
			  : bo_val(r, "capacity"),
		 12, tr(r, "報名超過名額的人會排入候補；不限名額請留空。"), 0);
	bo_input(r, fe, "url", tr(r, "課程網址"), "url", V("url", CG_URL), URL_MAX,
		 tr(r, "有更多說明的網頁（選填），例如 https://www.example.org/course"), 0);
	html_fmt(b, "<p><button type=\"submit\" class=\"big-button primary\">%s</button></p>\n</form>\n",
		 row ? tr(r, "儲存修改") : tr(r, "建立課程（草稿）"));
#undef V
}

/* Saves in (a new course when id is 0) with its audiences and audit
 * record in one transaction. Returns the id, or 0 on failure. */
static long long course_save(struct request *r, long long id, const struct course_in *in)
{
	json_t *old = id ? bo_course_json(r, id) : NULL;
	struct dbq q;
	long long saved = 0;
	if (db_begin(r->db) < 0) {
		json_decref(old);
		return 0;
	}
	if (!id) {
		if (db_query(r->db, &q, ST_BO_COURSE_INSERT, "ittttitiIIt", in->institution, in->title,
			     in->description, in->category, in->language, in->fee, in->format,
			     (long long)in->childcare, in->programme, in->capacity, in->url) == 0 &&
		    db_next(&q) == 1)
			saved = db_int(&q, 0);
		db_done(&q);
	} else if (db_exec(r->db, ST_BO_COURSE_UPDATE, "ittttitiIIt", id, in->title, in->description,
			   in->category, in->language, in->fee, in->format, (long long)in->childcare,
			   in->programme, in->capacity, in->url) == 0) {
		saved = id;
	}
	if (!saved || db_exec(r->db, ST_COURSE_AUDIENCES_CLEAR, "i", saved) < 0)
		goto fail;
	for (int i = 0; i < in->naud; i++)
		if (db_exec(r->db, ST_COURSE_AUDIENCE_ADD, "it", saved, in->aud[i]) < 0)
			goto fail;
	if (audit_record(r, id ? "update" : "create", "course", saved, old, bo_course_json(r, saved)) < 0)
		goto fail_audited;
	if (db_commit(r->db) < 0)
		goto fail_audited;
	return saved;
fail:
	json_decref(old);
fail_audited:
	db_rollback(r->db);
	return 0;
}

int page_bo_course_new(struct request *r)
{
	long long inst = 0;
	if (r->role == ROLE_ADMIN)
		bo_parse_count(bo_val(r, "institution"), 1, 1LL << 53, &inst);
	else
		inst = r->staff.institution_id;
	if (inst && bo_may(r, inst))
		return 403;
	page_begin(r, tr(r, "新增課程"), NULL);
	bo_nav(r, "courses");
	course_form(r, "/admin/courses", NULL, NULL, inst);
	page_end(r);
	return 0;
}

/* Shows the form again with the problems, keeping what was typed (400). */
static int course_form_again(struct request *r, const char *title, const char *action,
			     struct form_errors *fe, int editing)
{
	struct dbq q, *row = NULL;
	buf_reset(&r->out);
	r->status = 400;
	page_begin(r, title, NULL);
	bo_nav(r, "courses");
	bo_error_summary(r, fe);
	if (editing) {
		db_query(r->db, &q, ST_BO_COURSE_GET, "i", r->path_id);
		if (db_next(&q) == 1)
			row = &q;
	}
	course_form(r, action, row, fe, 0);
	if (editing)
		db_done(&q);
	page_end(r);
	return 0;
}

int page_bo_course_create(struct request *r)
{
	struct course_in in;
	struct form_errors fe = {0};
	char to[64];
	int rc = course_validate(r, 0, 0, &in, &fe);
	if (rc)
		return rc;
	if (in.institution && (rc = bo_may(r, in.institution)) != 0)
		return rc;
	if (fe.n)
		return course_form_again(r, tr(r, "新增課程"), "/admin/courses", &fe, 0);
	long long id = course_save(r, 0, &in);
	if (!id)
		return req_fail(r, 500, "cannot save the course: %s", db_errmsg(r->db));
	snprintf(to, sizeof to, "/admin/courses/%lld?saved=1", id);
	return req_redirect(r, to);
}

int page_bo_course_edit(struct request *r)
{
	long long inst;
	struct dbq q;
	char action[64];
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	snprintf(action, sizeof action, "/admin/courses/%lld", r->path_id);
	db_query(r->db, &q, ST_BO_COURSE_GET, "i", r->path_id);
	if (db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程。"));
	}
	page_begin(r, tr(r, "編輯課程資料"), NULL);
	bo_nav(r, "courses");
	html_fmt(&r->out, "<p><a href=\"/admin/courses/%lld\">%s %s</a></p>\n", r->path_id,
		 tr(r, "← 回到課程："), db_text(&q, CG_TITLE));
	course_form(r, action, &q, NULL, inst);
	db_done(&q);
	page_end(r);
	return 0;
}

int page_bo_course_update(struct request *r)
{
	long long inst;
	struct course_in in;
	struct form_errors fe = {0};
	char to[64];
	int rc = bo_course_access(r, &inst);
	if (rc)
		return rc;
	if ((rc = course_validate(r, r->path_id, inst, &in, &fe)) != 0)
		return rc;
	snprintf(to, sizeof to, "/admin/courses/%lld", r->path_id);
	if (fe.n)
		return course_form_again(r, tr(r, "編輯課程資料"), to, &fe, 1);
	if (!course_save(r, r->path_id, &in))
		return req_fail(r, 500, "cannot save the course: %s", db_errmsg(r->db));
	snprintf(to, sizeof to, "/admin/courses/%lld?saved=1", r->path_id);
	return req_redirect(r, to);
}

