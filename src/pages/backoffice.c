/* backoffice — see backoffice.h. */
#include "pages/backoffice.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/roc.h"
#include "db/db.h"

void fe_add(struct form_errors *fe, const char *field, const char *fmt, ...)
{
	va_list ap;
	if (fe_get(fe, field) || fe->n == BO_MAX_ERRORS)
		return;
	fe->e[fe->n].field = field;
	va_start(ap, fmt);
	vsnprintf(fe->e[fe->n].msg, sizeof fe->e[fe->n].msg, fmt, ap);
	va_end(ap);
	fe->n++;
}

const char *fe_get(const struct form_errors *fe, const char *field)
{
	for (int i = 0; fe && i < fe->n; i++)
		if (!strcmp(fe->e[i].field, field))
			return fe->e[i].msg;
	return NULL;
}

int bo_may(struct request *r, long long institution)
{
	if (institution > 0 && (r->role == ROLE_ADMIN ||
				(r->role == ROLE_INSTITUTION && r->staff.institution_id == institution)))
		return 0;
	return req_fail(r, 403, "%s", tr(r, "這筆資料屬於其他機構，您沒有權限查看或修改。"));
}

long long bo_scope(struct request *r, const struct param_value *choice)
{
	if (r->role != ROLE_ADMIN)
		return r->staff.institution_id;
	return choice && choice->present ? choice->n : 0;
}

const char *bo_val(struct request *r, const char *name)
{
	const char *v = req_field(r, name);
	return v ? v : "";
}

void bo_nav(struct request *r, const char *current)
{
	static const struct {
		const char *key, *href, *label;
	} items[] = {
		{"courses", "/admin/courses", N_("課程與場次")},
		{"announcements", "/admin/announcements", N_("最新消息")},
		{"import", "/admin/import", N_("匯入 CSV")},
		{"institution", "/admin/institutions", N_("機構資料")},
	};
	struct buf *b = &r->out;
	html_fmt(b, "<nav class=\"bo-nav\" aria-label=\"%s\"><ul>\n<li><a href=\"/admin\">%s</a></li>\n",
		 tr(r, "後台選單"), tr(r, "工作人員首頁"));
	for (size_t i = 0; i < sizeof items / sizeof *items; i++) {
		html_fmt(b, "<li><a href=\"%s\"", items[i].href);
		if (current && !strcmp(current, items[i].key))
			html_raw_unescaped(b, " aria-current=\"page\"");
		html_fmt(b, ">%s</a></li>\n", tr(r, items[i].label));
	}
	html_raw_unescaped(b, "</ul></nav>\n");
}

void bo_institution_chooser(struct request *r, const char *action, long long current)
{
	struct buf *b = &r->out;
	struct dbq q;
	if (r->role != ROLE_ADMIN)
		return;
	html_fmt(b, "<form method=\"get\" action=\"%s\" class=\"filters\">\n"
		 "<p class=\"field\"><label for=\"f-institution\">%s</label>"
		 "<select id=\"f-institution\" name=\"institution\">\n<option value=\"\">%s</option>\n",
		 action, tr(r, "機構"), tr(r, "全部機構"));
	db_query(r->db, &q, ST_BO_INSTITUTIONS_ALL, "");
	while (db_next(&q) == 1) {
		long long id = db_int(&q, 0);
		char v[24];
		snprintf(v, sizeof v, "%lld", id);
		bo_option(r, v, db_text(&q, 1), id == current);
	}
	db_done(&q);
	html_fmt(b, "</select></p>\n<p><button type=\"submit\">%s</button></p>\n</form>\n",
		 tr(r, "顯示"));
}

void bo_error_summary(struct request *r, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	if (!fe || !fe->n)
		return;
	html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"form-errors\" tabindex=\"-1\">\n"
		 "<h2>");
	html_trnf(r, "請修正下列 %d 個問題，資料還沒有儲存：",
		  "請修正下列 %d 個問題，資料還沒有儲存：", (unsigned long)fe->n, fe->n);
	html_raw_unescaped(b, "</h2>\n<ul>\n");
	for (int i = 0; i < fe->n; i++)
		html_fmt(b, "<li><a href=\"#f-%s\">%s</a></li>\n", fe->e[i].field, fe->e[i].msg);
	html_raw_unescaped(b, "</ul>\n</div>\n");
}

/* Writes the hint and the error of field name and returns through
 * describedby the ids to name in aria-describedby ("" when none). */
static void field_notes(struct request *r, const struct form_errors *fe, const char *name,
			const char *hint, char *describedby, size_t n)
{
	struct buf *b = &r->out;
	const char *err = fe_get(fe, name);
	describedby[0] = '\0';
	if (hint && *hint) {
		html_fmt(b, "<span class=\"hint\" id=\"f-%s-hint\">%s</span>\n", name, hint);
		snprintf(describedby, n, "f-%s-hint", name);
	}
	if (err) {
		html_fmt(b, "<span class=\"field-error\" id=\"f-%s-error\">%s%s</span>\n", name,
			 tr(r, "錯誤："), err);
		size_t used = strlen(describedby);
		snprintf(describedby + used, n - used, "%sf-%s-error", used ? " " : "", name);
	}
}

/* The attributes tying a control to its notes. */
static void control_attrs(struct request *r, const struct form_errors *fe, const char *name,
			  const char *describedby)
{
	if (*describedby)
		html_fmt(&r->out, " aria-describedby=\"%s\"", describedby);
	if (fe_get(fe, name))
		html_raw_unescaped(&r->out, " aria-invalid=\"true\"");
}

static void label(struct request *r, const char *name, const char *text, int required)
{
	html_fmt(&r->out, "<label for=\"f-%s\">%s", name, text);
	if (required)
		html_fmt(&r->out, " <span class=\"req\">%s</span>", tr(r, "（必填）"));
	html_raw_unescaped(&r->out, "</label>\n");
}

void bo_input(struct request *r, const struct form_errors *fe, const char *name,
	      const char *lbl, const char *type, const char *value, int maxlength,
	      const char *hint, int required)
{
	struct buf *b = &r->out;
	char desc[160];
	html_fmt(b, "<div class=\"field%s\">\n", fe_get(fe, name) ? " has-error" : "");
	label(r, name, lbl, required);
	field_notes(r, fe, name, hint, desc, sizeof desc);
	/* whole numbers: a text field with the numeric keyboard (a number
	 * field drops what it cannot parse, and its wheel changes values) */
	int numeric = !strcmp(type, "number");
	html_fmt(b, "<input id=\"f-%s\" name=\"%s\" type=\"%s\" value=\"%s\"", name, name,
		 numeric ? "text" : type, value ? value : "");
	if (maxlength > 0)
		html_fmt(b, " maxlength=\"%d\"", maxlength);
	if (numeric)
		html_raw_unescaped(b, " inputmode=\"numeric\" class=\"short\"");
	if (required)
		html_raw_unescaped(b, " required=\"required\"");
	control_attrs(r, fe, name, desc);
	html_raw_unescaped(b, "/>\n</div>\n");
}

void bo_textarea(struct request *r, const struct form_errors *fe, const char *name,
		 const char *lbl, const char *value, int maxlength, int rows, const char *hint)
{
	struct buf *b = &r->out;
	char desc[160];
	html_fmt(b, "<div class=\"field%s\">\n", fe_get(fe, name) ? " has-error" : "");
	label(r, name, lbl, 0);
	field_notes(r, fe, name, hint, desc, sizeof desc);
	html_fmt(b, "<textarea id=\"f-%s\" name=\"%s\" rows=\"%d\" cols=\"60\" maxlength=\"%d\"",
		 name, name, rows, maxlength);
	control_attrs(r, fe, name, desc);
	html_fmt(b, ">%s</textarea>\n</div>\n", value ? value : "");
}

void bo_select(struct request *r, const struct form_errors *fe, const char *name,
	       const char *lbl, const char *const *options, const char *value, const char *hint)
{
	struct buf *b = &r->out;
	char desc[160];
	html_fmt(b, "<div class=\"field%s\">\n", fe_get(fe, name) ? " has-error" : "");
	label(r, name, lbl, 0);
	field_notes(r, fe, name, hint, desc, sizeof desc);
	html_fmt(b, "<select id=\"f-%s\" name=\"%s\"", name, name);
	control_attrs(r, fe, name, desc);
	html_raw_unescaped(b, ">\n");
	for (int i = 0; options[i]; i += 2)
		bo_option(r, options[i], options[i + 1], value && !strcmp(value, options[i]));
	html_raw_unescaped(b, "</select>\n</div>\n");
}

void bo_fieldset_begin(struct request *r, const struct form_errors *fe, const char *name,
		       const char *legend, const char *hint)
{
	struct buf *b = &r->out;
	char desc[160];
	html_fmt(b, "<fieldset id=\"f-%s\" class=\"field%s\"", name,
		 fe_get(fe, name) ? " has-error" : "");
	/* the notes follow the legend; a fieldset names them with aria-describedby */
	const char *err = fe_get(fe, name);
	desc[0] = '\0';
	if (hint && *hint)
		snprintf(desc, sizeof desc, "f-%s-hint", name);
	if (err)
		snprintf(desc + strlen(desc), sizeof desc - strlen(desc), "%sf-%s-error",
			 desc[0] ? " " : "", name);
	if (desc[0])
		html_fmt(b, " aria-describedby=\"%s\"", desc);
	html_fmt(b, ">\n<legend>%s</legend>\n", legend);
	field_notes(r, fe, name, hint, desc, sizeof desc);
}

void bo_fieldset_end(struct request *r)
{
	html_raw_unescaped(&r->out, "</fieldset>\n");
}

void bo_choice(struct request *r, const char *kind, const char *name, const char *id,
	       const char *value, const char *lbl, int checked)
{
	html_fmt(&r->out, "<span class=\"choice\"><input type=\"%s\" id=\"%s\" name=\"%s\" "
		 "value=\"%s\"", kind, id, name, value);
	if (checked)
		html_raw_unescaped(&r->out, " checked=\"checked\"");
	html_fmt(&r->out, "/> <label for=\"%s\">%s</label></span>\n", id, lbl);
}

void bo_option(struct request *r, const char *value, const char *lbl, int sel)
{
	html_fmt(&r->out, "<option value=\"%s\"", value);
	if (sel)
		html_raw_unescaped(&r->out, " selected=\"selected\"");
	html_fmt(&r->out, ">%s</option>\n", lbl);
}

void bo_aria(struct request *r, const char *ids, int invalid)
{
	if (ids && *ids)
		html_fmt(&r->out, " aria-describedby=\"%s\"", ids);
	if (invalid)
		html_raw_unescaped(&r->out, " aria-invalid=\"true\"");
}

/* Reads up to maxd digits at *p into *v; returns how many were read. */
static int digits(const char **p, int maxd, long *v)
{
	int n = 0;
	*v = 0;
	while (n < maxd && isdigit((unsigned char)**p)) {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

int bo_parse_date(const char *s, char out[11])
{
	long y, m, d;
	char iso[32];
	int yd, y2, m2;
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if ((yd = digits(&s, 4, &y)) < 1)
		return -1;
	if (*s != '-' && *s != '/' && *s != '.')
		return -1;
	char sep = *s++;
	if (digits(&s, 2, &m) < 1 || *s++ != sep || digits(&s, 2, &d) < 1)
		return -1;
	while (*s == ' ')
		s++;
	if (*s)
		return -1;
	if (yd <= 3)
		y += 1911;	/* a ROC year */
	y2 = (int)y;
	m2 = (int)m;
	snprintf(iso, sizeof iso, "%04d-%02d-%02ld", y2, m2, d);
	int yy, mm, dd;
	if (roc_parse_date(iso, &yy, &mm, &dd) < 0)
		return -1;
	memcpy(out, iso, 10);
	out[10] = '\0';
	return 0;
}

int bo_parse_time(const char *s, char out[6])
{
	long h, m;
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (digits(&s, 2, &h) < 1 || (*s != ':' && *s != '.' && strncmp(s, "：", 3)))
		return -1;
	s += *s == ':' || *s == '.' ? 1 : 3;
	if (digits(&s, 2, &m) != 2)
		return -1;
	while (*s == ' ')
		s++;
	if (*s || h > 23 || m > 59)
		return -1;
	snprintf(out, 6, "%02u:%02u", (unsigned)h % 100u, (unsigned)m % 100u);
	return 0;
}

int bo_parse_count(const char *s, long long lo, long long hi, long long *out)
{
	char *end;
	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno || *end || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

void bo_session_when(struct request *r, const char *starts_at, const char *ends_at)
{
	page_date(r, starts_at, DATE_WEEKDAY);
	if (starts_at && strlen(starts_at) >= 16 && ends_at && strlen(ends_at) >= 16) {
		if (!strncmp(starts_at, ends_at, 10))
			html_fmt(&r->out, " %.5s–%.5s", starts_at + 11, ends_at + 11);
		else
			html_fmt(&r->out, " %.5s–%.10s %.5s", starts_at + 11, ends_at, ends_at + 11);
	}
}

int bo_course_access(struct request *r, long long *inst)
{
	struct dbq q;
	*inst = 0;
	db_query(r->db, &q, ST_BO_COURSE_GET, "i", r->path_id);
	if (db_next(&q) == 1)
		*inst = db_int(&q, CG_INST);
	db_done(&q);
	if (!*inst)
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程。"));
	return bo_may(r, *inst);
}

json_t *bo_course_json(struct request *r, long long id)
{
	struct dbq q;
	json_t *j = NULL;
	db_query(r->db, &q, ST_BO_COURSE_GET, "i", id);
	if (db_next(&q) == 1) {
		j = json_pack("{s:I,s:s,s:s,s:s,s:s,s:I,s:s,s:b,s:o,s:o,s:o,s:s,s:s}",
			      "institution_id", (json_int_t)db_int(&q, 1),
			      "title", db_text(&q, 2), "description", db_text(&q, 3),
			      "category", db_text(&q, 4), "language", db_text(&q, 5),
			      "fee_twd", (json_int_t)db_int(&q, 6), "format", db_text(&q, 7),
			      "childcare", (int)db_int(&q, 8),
			      "programme", db_is_null(&q, 9) ? json_null() : json_integer(db_int(&q, 9)),
			      "capacity", db_is_null(&q, 10) ? json_null() : json_integer(db_int(&q, 10)),
			      "url", db_is_null(&q, 11) ? json_null() : json_string(db_text(&q, 11)),
			      "status", db_text(&q, 12),
			      "audiences", db_text(&q, 15) ? db_text(&q, 15) : "");
	}
	db_done(&q);
	return j;
}

int bo_audit(struct request *r, int ok, const char *action, const char *entity, long long id,
	     json_t *old_value, json_t *new_value)
{
	if (!ok) {
		json_decref(old_value);
		json_decref(new_value);
		return -1;
	}
	return audit_record(r, action, entity, id, old_value, new_value);
}
