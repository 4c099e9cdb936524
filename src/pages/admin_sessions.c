/* admin_sessions — a course's sessions in the back office: adding one, or
 * a weekly or every-other-week series made from a rule (first date,
 * weekdays, start and end time, a number of sessions or a last date; see
 * core/series.h), with a preview of the dates in ROC form before they are
 * created; then each session is edited on its own (time, venue — chosen
 * from the institution's or created — district, cancelled) or deleted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/series.h"
#include "db/db.h"
#include "pages/backoffice.h"

#define VENUE_NAME_MAX 100

/* Fields of the new-sessions form; r->in[] follows this order. */
enum { SN_REPEAT, SN_DATE, SN_START, SN_END, SN_COUNT, SN_UNTIL, SN_VENUE, SN_VENUE_NAME,
       SN_DISTRICT, SN_ACTION };
const struct param_spec bo_session_new_params[] = {
	{"repeat", P_TEXT, 0, 10, NULL, 0},
	{"date", P_TEXT, 0, 20, NULL, 0},
	{"start", P_TEXT, 0, 10, NULL, 0},
	{"end", P_TEXT, 0, 10, NULL, 0},
	{"count", P_TEXT, 0, 10, NULL, 0},
	{"until", P_TEXT, 0, 20, NULL, 0},
	{"venue", P_TEXT, 0, 20, NULL, 0},
	{"venue_name", P_TEXT, 0, VENUE_NAME_MAX, NULL, 0},
	{"district", P_TEXT, 0, 20, NULL, 0},
	{"action", P_TEXT, 0, 10, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Fields of one session's form. */
enum { SE_DATE, SE_START, SE_END, SE_VENUE, SE_VENUE_NAME, SE_DISTRICT, SE_CANCELLED };
const struct param_spec bo_session_params[] = {
	{"date", P_TEXT, 0, 20, NULL, 0},
	{"start", P_TEXT, 0, 10, NULL, 0},
	{"end", P_TEXT, 0, 10, NULL, 0},
	{"venue", P_TEXT, 0, 20, NULL, 0},
	{"venue_name", P_TEXT, 0, VENUE_NAME_MAX, NULL, 0},
	{"district", P_TEXT, 0, 20, NULL, 0},
	{"cancelled", P_TEXT, 0, 8, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Columns of ST_BO_SESSION_GET. */
enum { SG_ID, SG_COURSE, SG_INST, SG_TITLE, SG_STARTS, SG_ENDS, SG_VENUE, SG_DISTRICT,
       SG_CANCELLED, SG_ATTENDANCE, SG_INST_DISTRICT };

static const char *const weekday_names[7] = {
	N_("星期日"), N_("星期一"), N_("星期二"), N_("星期三"), N_("星期四"), N_("星期五"), N_("星期六"),
};

/* Where a session happens, as chosen in a form. */
struct place {
	long long venue;		/* 0: none or a new one */
	const char *new_venue;		/* a venue to create, or NULL */
	long long district;		/* 0: none */
};

/* The course of the URL ({id} is the course): its institution and title
 * into the arguments; 0, or 404/403. */
static int course_of_url(struct request *r, long long *inst, long long *inst_district,
			 char *title, size_t tn)
{
	struct dbq q;
	*inst = 0;
	db_query(r->db, &q, ST_BO_COURSE_GET, "i", r->path_id);
	if (db_next(&q) == 1) {
		*inst = db_int(&q, 1);
		snprintf(title, tn, "%s", db_text(&q, 2));
	}
	db_done(&q);
	if (!*inst)
		return req_fail(r, 404, "%s", tr(r, "找不到這門課程。"));
	*inst_district = 0;
	db_query(r->db, &q, ST_BO_INSTITUTION_GET, "i", *inst);
	if (db_next(&q) == 1)
		*inst_district = db_int(&q, 4);
	db_done(&q);
	return bo_may(r, *inst);
}

/* The session of the URL into *q (positioned on its row; the caller calls
 * db_done). Returns 0, or 404/403 (q done). */
static int session_of_url(struct request *r, struct dbq *q)
{
	db_query(r->db, q, ST_BO_SESSION_GET, "i", r->path_id);
	if (db_next(q) != 1) {
		db_done(q);
		return req_fail(r, 404, "%s", tr(r, "找不到這個場次。"));
	}
	int rc = bo_may(r, db_int(q, SG_INST));
	if (rc)
		db_done(q);
	return rc;
}

/* Checks the venue and district fields against institution inst. Returns
 * 0, or 403 when a venue of another institution is named. */
static int place_validate(struct request *r, long long inst, int venue_field, int name_field,
			  int district_field, struct place *p, struct form_errors *fe)
{
	const struct param_value *v = r->in;
	struct dbq q;
	long long n;
	memset(p, 0, sizeof *p);
	if (v[venue_field].present && !strcmp(v[venue_field].s, "new")) {
		p->new_venue = v[name_field].present ? v[name_field].s : NULL;
		while (p->new_venue && *p->new_venue == ' ')
			p->new_venue++;
		if (!p->new_venue || !*p->new_venue)
			fe_add(fe, "venue_name", "%s", tr(r, "選了「新增地點」，請填寫地點名稱。"));
	} else if (v[venue_field].present) {
		if (bo_parse_count(v[venue_field].s, 1, 1LL << 53, &n) < 0) {
			fe_add(fe, "venue", "%s", tr(r, "請從清單中選擇地點。"));
		} else {
			long long owner = -1;
			db_query(r->db, &q, ST_BO_VENUE_GET, "i", n);
			if (db_next(&q) == 1)
				owner = db_int(&q, 0), p->district = db_int(&q, 1);
			db_done(&q);
			if (owner < 0)
				fe_add(fe, "venue", "%s", tr(r, "請從清單中選擇地點。"));
			else if (owner != inst)
				return bo_may(r, -1);
			else
				p->venue = n;
		}
	}
	if (v[district_field].present) {
		int found = 0;
		if (bo_parse_count(v[district_field].s, 1, 1LL << 53, &n) == 0) {
			db_query(r->db, &q, ST_DISTRICTS_LIST, "");
			while (db_next(&q) == 1)
				found |= db_int(&q, 0) == n;
			db_done(&q);
		}
		if (found)
			p->district = n;
		else
			fe_add(fe, "district", "%s", tr(r, "請從清單中選擇行政區。"));
	}
	return 0;
}

/* Makes p's new venue (or finds one of that name) inside the caller's
 * transaction. Returns 0 or -1. */
static int place_commit(struct request *r, long long inst, struct place *p)
{
	if (!p->new_venue)
		return 0;
	long long id;
	int rc = db_scalar(r->db, &id, ST_VENUE_FIND, "it", inst, p->new_venue);
	if (rc == 0 && db_exec(r->db, ST_VENUE_INSERT, "ittii", inst, p->new_venue, "room",
			       p->district, 0LL) == 0) {
		id = db_last_id(r->db);
		rc = 1;
	}
	if (rc != 1)
		return -1;
	p->venue = id;
	return 0;
}

/* The venue chooser and the new-venue name, and the district. */
static void place_fields(struct request *r, const struct form_errors *fe, long long inst,
			 const char *venue, const char *venue_name, const char *district)
{
	struct buf *b = &r->out;
	struct dbq q;
	char id[32];
	int err = fe_get(fe, "venue") != NULL;
	html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-venue\">%s</label>\n", err ? " has-error" : "",
		 tr(r, "地點"));
	html_fmt(b, "<span class=\"hint\" id=\"f-venue-hint\">%s</span>\n",
		 tr(r, "選擇機構已有的教室或據點；沒有的話選「新增地點」並在下一欄填名稱。"));
	if (err)
		html_fmt(b, "<span class=\"field-error\" id=\"f-venue-error\">%s%s</span>\n",
			 tr(r, "錯誤："), fe_get(fe, "venue"));
	html_fmt(b, "<select id=\"f-venue\" name=\"venue\" aria-describedby=\"f-venue-hint%s\"",
		 err ? " f-venue-error" : "");
	bo_aria(r, NULL, err);
	html_fmt(b, ">\n<option value=\"\">%s</option>\n", tr(r, "（未指定）"));
	db_query(r->db, &q, ST_BO_VENUES_OF, "i", inst);
	while (db_next(&q) == 1) {
		snprintf(id, sizeof id, "%lld", db_int(&q, 0));
		html_fmt(b, "<option value=\"%s\"", id);
		if (!strcmp(venue, id))
			html_raw_unescaped(b, " selected=\"selected\"");
		html_fmt(b, ">%s", db_text(&q, 1));
		if (db_text(&q, 3))
			html_fmt(b, "（%s）", db_text(&q, 3));
		html_raw_unescaped(b, "</option>\n");
	}
	db_done(&q);
	bo_option(r, "new", tr(r, "＋ 新增地點…"), !strcmp(venue, "new"));
	html_raw_unescaped(b, "</select>\n</div>\n");
	bo_input(r, fe, "venue_name", tr(r, "新地點的名稱"), "text", venue_name, VENUE_NAME_MAX,
		 tr(r, "只有在上面選「新增地點」時才需要填，例如「二樓多功能教室」。"), 0);
	html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-district\">%s</label>\n",
		 fe_get(fe, "district") ? " has-error" : "", tr(r, "行政區"));
	html_fmt(b, "<span class=\"hint\" id=\"f-district-hint\">%s</span>\n",
		 tr(r, "不填的話，用地點或機構所在的行政區。"));
	if (fe_get(fe, "district"))
		html_fmt(b, "<span class=\"field-error\" id=\"f-district-error\">%s%s</span>\n",
			 tr(r, "錯誤："), fe_get(fe, "district"));
	html_fmt(b, "<select id=\"f-district\" name=\"district\" aria-describedby=\"f-district-hint%s\"",
		 fe_get(fe, "district") ? " f-district-error" : "");
	bo_aria(r, NULL, fe_get(fe, "district") != NULL);
	html_fmt(b, ">\n<option value=\"\">%s</option>\n", tr(r, "（自動）"));
	db_query(r->db, &q, ST_DISTRICTS_LIST, "");
	while (db_next(&q) == 1) {
		snprintf(id, sizeof id, "%lld", db_int(&q, 0));
		bo_option(r, id, db_text(&q, 1), !strcmp(district, id));
	}
	db_done(&q);
	html_raw_unescaped(b, "</select>\n</div>\n");
}

/* Reads a date and a start and end time into starts/ends ("YYYY-MM-DD
 * HH:MM"), reporting problems. Returns 0 when all were good. */
static int times_validate(struct request *r, const char *date, const char *start, const char *end,
			  char starts[17], char ends[17], struct form_errors *fe)
{
	char d[11], s[6], e[6];
	int ok = 1;
	if (bo_parse_date(date, d) < 0) {
		fe_add(fe, "date", "%s", tr(r, "請填寫正確的日期，例如 2026-03-05 或民國 115/3/5。"));
		ok = 0;
	}
	if (bo_parse_time(start, s) < 0) {
		fe_add(fe, "start", "%s", tr(r, "請填寫開始時間，例如 19:00。"));
		ok = 0;
	}
	if (bo_parse_time(end, e) < 0) {
		fe_add(fe, "end", "%s", tr(r, "請填寫結束時間，例如 21:00。"));
		ok = 0;
	} else if (ok && strcmp(e, s) <= 0) {
		fe_add(fe, "end", "%s", tr(r, "結束時間要晚於開始時間。"));
		ok = 0;
	}
	if (!ok)
		return -1;
	snprintf(starts, 17, "%s %s", d, s);
	snprintf(ends, 17, "%s %s", d, e);
	return 0;
}

static void new_form(struct request *r, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	const char *repeat = bo_val(r, "repeat");
	long long inst = 0, idist;
	char title[1024];
	if (!*repeat)
		repeat = "once";
	course_of_url(r, &inst, &idist, title, sizeof title);
	html_fmt(b, "<form method=\"post\" action=\"/admin/courses/%lld/sessions\" class=\"form bo-form\" "
		 "novalidate=\"novalidate\">\n", r->path_id);
	csrf_field(r);
	bo_fieldset_begin(r, fe, "repeat", tr(r, "要新增幾次？"), NULL);
	bo_choice(r, "radio", "repeat", "f-repeat-once", "once", tr(r, "只有一次"), !strcmp(repeat, "once"));
	bo_choice(r, "radio", "repeat", "f-repeat-weekly", "weekly", tr(r, "每週固定上課"),
		  !strcmp(repeat, "weekly"));
	bo_choice(r, "radio", "repeat", "f-repeat-biweekly", "biweekly", tr(r, "隔週上課"),
		  !strcmp(repeat, "biweekly"));
	bo_fieldset_end(r);
	bo_input(r, fe, "date", tr(r, "日期（每週上課時：第一次上課的日期）"), "text", bo_val(r, "date"), 20,
		 tr(r, "例如 2026-03-05，或民國 115/3/5。"), 1);
	bo_input(r, fe, "start", tr(r, "開始時間"), "text", bo_val(r, "start"), 10,
		 tr(r, "24 小時制，例如 19:00。"), 1);
	bo_input(r, fe, "end", tr(r, "結束時間"), "text", bo_val(r, "end"), 10,
		 tr(r, "例如 21:00。"), 1);
	html_fmt(b, "<h2>%s</h2>\n<p class=\"hint\">%s</p>\n", tr(r, "每週或隔週上課時"),
		 tr(r, "只有一次的話，這一段不用填。"));
	bo_fieldset_begin(r, fe, "weekday", tr(r, "每週的哪幾天？"),
			  tr(r, "不勾的話，就是第一次上課的那一天。"));
	for (int i = 1; i <= 7; i++) {
		int d = i % 7;	/* Monday first */
		char id[24], val[4];
		snprintf(id, sizeof id, "f-weekday-%d", d);
		snprintf(val, sizeof val, "%d", d);
		int checked = 0;
		for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
			checked |= !strcmp(kv->key, "weekday") && !strcmp(kv->value, val);
		bo_choice(r, "checkbox", "weekday", id, val, tr(r, weekday_names[d]), checked);
	}
	bo_fieldset_end(r);
	bo_input(r, fe, "count", tr(r, "總共上幾次"), "number", bo_val(r, "count"), 4,
		 tr(r, "填次數，或在下一欄填最後日期（兩個都填時，先到者為準）。"), 0);
	bo_input(r, fe, "until", tr(r, "最後可能上課的日期"), "text", bo_val(r, "until"), 20,
		 tr(r, "例如 2026-06-30，或民國 115/6/30。"), 0);
	html_fmt(b, "<h2>%s</h2>\n", tr(r, "地點"));
	place_fields(r, fe, inst, bo_val(r, "venue"), bo_val(r, "venue_name"), bo_val(r, "district"));
	html_fmt(b, "<p><button type=\"submit\" name=\"action\" value=\"preview\" class=\"big-button\">%s</button> "
		 "<button type=\"submit\" name=\"action\" value=\"create\" class=\"big-button primary\">%s</button></p>\n"
		 "</form>\n", tr(r, "先預覽日期"), tr(r, "建立場次"));
}

int page_bo_session_new(struct request *r)
{
	long long inst, idist;
	char title[1024];
	int rc = course_of_url(r, &inst, &idist, title, sizeof title);
	if (rc)
		return rc;
	page_begin(r, tr(r, "新增場次"), NULL);
	bo_nav(r, "courses");
	html_fmt(&r->out, "<p>%s<a href=\"/admin/courses/%lld\">%s</a></p>\n", tr(r, "課程："),
		 r->path_id, title);
	new_form(r, NULL);
	page_end(r);
	return 0;
}

/* The message for a rule the series generator refused. */
static void series_problem(struct request *r, enum series_error e, struct form_errors *fe)
{
	switch (e) {
	case SERIES_BAD_FIRST:
		fe_add(fe, "date", "%s", tr(r, "請填寫正確的日期，例如 2026-03-05 或民國 115/3/5。"));
		break;
	case SERIES_BAD_UNTIL:
		fe_add(fe, "until", "%s", tr(r, "最後日期要是正確的日期，而且不能早於第一次上課。"));
		break;
	case SERIES_NO_END:
		fe_add(fe, "count", "%s", tr(r, "每週上課時，請填總共幾次，或最後日期。"));
		break;
	case SERIES_TOO_MANY:
		fe_add(fe, "count", "%s", tr(r, "一次最多建立 200 個場次、最多排到三年後；請分幾次建立。"));
		break;
	case SERIES_EMPTY:
		fe_add(fe, "weekday", "%s", tr(r, "這些條件排不出任何一次上課，請檢查星期和日期。"));
		break;
	default:
		fe_add(fe, "start", "%s", tr(r, "請檢查開始和結束時間。"));
		break;
	}
}

int page_bo_session_create(struct request *r)
{
	struct buf *b = &r->out;
	const struct param_value *v = r->in;
	struct form_errors fe = {0};
	struct place place;
	struct series_session *list = NULL;
	long long inst, idist, count = 0, clash;
	char title[1024], starts[17], ends[17], first[11] = "", until[11] = "";
	const char *repeat = v[SN_REPEAT].present ? v[SN_REPEAT].s : "once";
	int rc = course_of_url(r, &inst, &idist, title, sizeof title), n = 0;
	if (rc)
		return rc;
	if ((rc = place_validate(r, inst, SN_VENUE, SN_VENUE_NAME, SN_DISTRICT, &place, &fe)) != 0)
		return rc;
	if (strcmp(repeat, "once") && strcmp(repeat, "weekly") && strcmp(repeat, "biweekly"))
		fe_add(&fe, "repeat", "%s", tr(r, "請選擇只有一次、每週或隔週。"));
	int times_ok = times_validate(r, v[SN_DATE].s, v[SN_START].s, v[SN_END].s, starts, ends, &fe) == 0;
	if (times_ok && !strcmp(repeat, "once")) {
		list = calloc(1, sizeof *list);
		if (!list)
			return req_fail(r, 500, "out of memory");
		memcpy(list[0].starts_at, starts, 17);
		memcpy(list[0].ends_at, ends, 17);
		n = 1;
	} else if (times_ok) {
		struct series_rule rule = {0};
		enum series_error e;
		long duration = 0;
		memcpy(first, starts, 10);
		rule.first = first;
		rule.interval = !strcmp(repeat, "biweekly") ? 2 : 1;
		rule.time = starts + 11;
		series_diff_minutes(starts, ends, &duration);
		rule.duration = (int)duration;
		for (struct evkeyval *kv = r->form.tqh_first; kv; kv = kv->next.tqe_next)
			if (!strcmp(kv->key, "weekday") && kv->value[0] >= '0' && kv->value[0] <= '6' &&
			    !kv->value[1])
				rule.weekdays |= 1u << (kv->value[0] - '0');
		if (v[SN_COUNT].present && bo_parse_count(v[SN_COUNT].s, 1, SERIES_MAX, &count) < 0)
			fe_add(&fe, "count", "%s", tr(r, "次數請填 1 到 200 的整數。"));
		rule.count = (int)count;
		if (v[SN_UNTIL].present && bo_parse_date(v[SN_UNTIL].s, until) < 0)
			fe_add(&fe, "until", "%s", tr(r, "請填寫正確的日期，例如 2026-06-30 或民國 115/6/30。"));
		rule.until = until;
		list = calloc(SERIES_MAX, sizeof *list);
		if (!list)
			return req_fail(r, 500, "out of memory");
		if (!fe.n && (n = series_dates(&rule, list, SERIES_MAX, &e)) < 0) {
			series_problem(r, e, &fe);
			n = 0;
		}
	}
	/* a course cannot have two sessions starting at the same time */
	struct buf clashes = BUF_INIT;
	for (int i = 0; i < n; i++)
		if (db_scalar(r->db, &clash, ST_BO_SESSION_AT, "iti", r->path_id, list[i].starts_at, 0LL) == 1)
			buf_printf(&clashes, "%s%s", clashes.len ? "、" : "", list[i].starts_at);
	if (clashes.len)
		fe_add(&fe, "date", "%s%s", tr(r, "這門課在這些時間已經有場次了："), buf_cstr(&clashes));
	buf_free(&clashes);
	int preview = v[SN_ACTION].present && !strcmp(v[SN_ACTION].s, "preview");
	if (fe.n || preview) {
		r->status = fe.n ? 400 : 200;
		page_begin(r, tr(r, "新增場次"), NULL);
		bo_nav(r, "courses");
		html_fmt(b, "<p>%s<a href=\"/admin/courses/%lld\">%s</a></p>\n", tr(r, "課程："),
			 r->path_id, title);
		bo_error_summary(r, &fe);
		if (!fe.n && n) {
			html_fmt(b, "<section class=\"preview\" aria-labelledby=\"h-preview\">\n<h2 id=\"h-preview\">");
			html_trnf(r, "將建立 %d 個場次", "將建立 %d 個場次", (unsigned long)n, n);
			html_raw_unescaped(b, "</h2>\n<ol class=\"dates\">\n");
			for (int i = 0; i < n; i++) {
				html_raw_unescaped(b, "<li>");
				bo_session_when(r, list[i].starts_at, list[i].ends_at);
				html_raw_unescaped(b, "</li>\n");
			}
			html_fmt(b, "</ol>\n<p>%s</p>\n</section>\n",
				 tr(r, "日期正確的話，按下方的「建立場次」；要修改的話，改完再預覽一次。"));
		}
		new_form(r, &fe);
		page_end(r);
		free(list);
		return 0;
	}
	/* create them all, or none */
	json_t *made = json_array();
	if (db_begin(r->db) < 0) {
		free(list);
		json_decref(made);
		return req_fail(r, 500, "cannot start a transaction");
	}
	long long district = place.district ? place.district : idist;
	if (place_commit(r, inst, &place) < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		if (db_exec(r->db, ST_BO_SESSION_INSERT, "iiitt", r->path_id, place.venue, district,
			    list[i].starts_at, list[i].ends_at) < 0)
			goto fail;
		json_array_append_new(made, json_pack("{s:I,s:s,s:s}", "id",
						      (json_int_t)db_last_id(r->db), "starts_at",
						      list[i].starts_at, "ends_at", list[i].ends_at));
	}
	if (audit_record(r, "create_sessions", "course", r->path_id, NULL,
			 json_pack("{s:o,s:I,s:I}", "sessions", made, "venue_id",
				   (json_int_t)place.venue, "district_id", (json_int_t)district)) < 0) {
		made = NULL;
		goto fail;
	}
	made = NULL;
	if (db_commit(r->db) < 0)
		goto fail;
	free(list);
	char to[64];
	snprintf(to, sizeof to, "/admin/courses/%lld?saved=1", r->path_id);
	return req_redirect(r, to);
fail:
	db_rollback(r->db);
	json_decref(made);
	free(list);
	return req_fail(r, 500, "cannot create the sessions: %s", db_errmsg(r->db));
}

/* The form of one session: stored values from q, or what was submitted
 * when typed. */
static void session_form(struct request *r, struct dbq *q, const struct form_errors *fe, int typed)
{
	struct buf *b = &r->out;
	char date[11] = "", start[6] = "", end[6] = "", venue[24] = "", district[24] = "";
	long long id = db_int(q, SG_ID);
	if (!typed) {
		snprintf(date, sizeof date, "%.10s", db_text(q, SG_STARTS));
		snprintf(start, sizeof start, "%.5s", db_text(q, SG_STARTS) + 11);
		snprintf(end, sizeof end, "%.5s", db_text(q, SG_ENDS) + 11);
		if (db_int(q, SG_VENUE))
			snprintf(venue, sizeof venue, "%lld", db_int(q, SG_VENUE));
		if (db_int(q, SG_DISTRICT))
			snprintf(district, sizeof district, "%lld", db_int(q, SG_DISTRICT));
	}
	html_fmt(b, "<form method=\"post\" action=\"/admin/sessions/%lld\" class=\"form bo-form\" "
		 "novalidate=\"novalidate\">\n", id);
	csrf_field(r);
	bo_input(r, fe, "date", tr(r, "日期"), "text", typed ? bo_val(r, "date") : date, 20,
		 tr(r, "例如 2026-03-05，或民國 115/3/5。"), 1);
	bo_input(r, fe, "start", tr(r, "開始時間"), "text", typed ? bo_val(r, "start") : start, 10,
		 tr(r, "24 小時制，例如 19:00。"), 1);
	bo_input(r, fe, "end", tr(r, "結束時間"), "text", typed ? bo_val(r, "end") : end, 10, NULL, 1);
	place_fields(r, fe, db_int(q, SG_INST), typed ? bo_val(r, "venue") : venue,
		     typed ? bo_val(r, "venue_name") : "", typed ? bo_val(r, "district") : district);
	html_raw_unescaped(b, "<div class=\"field\">");
	bo_choice(r, "checkbox", "cancelled", "f-cancelled", "yes",
		  tr(r, "這個場次取消（民眾會看到「已取消」）"),
		  typed ? *bo_val(r, "cancelled") != '\0' : (int)db_int(q, SG_CANCELLED));
	html_raw_unescaped(b, "</div>\n");
	html_fmt(b, "<p><button type=\"submit\" class=\"big-button primary\">%s</button></p>\n</form>\n",
		 tr(r, "儲存場次"));
}

/* The session page: its form (with what was typed when typed), then
 * attendance and delete. */
static int session_page(struct request *r, struct dbq *q, const struct form_errors *fe, int typed)
{
	struct buf *b = &r->out;
	long long id = db_int(q, SG_ID), course = db_int(q, SG_COURSE);
	page_begin(r, tr(r, "編輯場次"), NULL);
	bo_nav(r, "courses");
	bo_error_summary(r, fe);
	html_fmt(b, "<p>%s<a href=\"/admin/courses/%lld\">%s</a></p>\n<p>%s", tr(r, "課程："), course,
		 db_text(q, SG_TITLE), tr(r, "目前的時間："));
	bo_session_when(r, db_text(q, SG_STARTS), db_text(q, SG_ENDS));
	html_raw_unescaped(b, "</p>\n");
	if (req_query(r, "saved"))
		html_fmt(b, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	session_form(r, q, fe, typed);
	html_fmt(b, "<p><a class=\"button-link\" href=\"/admin/sessions/%lld/attendance\">%s</a></p>\n",
		 id, tr(r, "點名／登錄出席人次"));
	html_fmt(b, "<h2>%s</h2>\n<form method=\"post\" action=\"/admin/sessions/%lld/delete\">\n",
		 tr(r, "刪除場次"), id);
	csrf_field(r);
	const char *err = fe_get(fe, "confirm");
	html_fmt(b, "<div class=\"field%s\">", err ? " has-error" : "");
	if (err)
		html_fmt(b, "<span class=\"field-error\" id=\"f-confirm-error\">%s%s</span>\n",
			 tr(r, "錯誤："), err);
	html_raw_unescaped(b, "<span class=\"choice\"><input type=\"checkbox\" id=\"f-confirm\" "
			   "name=\"confirm\" value=\"yes\"");
	bo_aria(r, err ? "f-confirm-error" : NULL, err != NULL);
	html_fmt(b, "/> <label for=\"f-confirm\">%s</label></span>",
		 tr(r, "我確定要刪除這個場次（出席紀錄會一起刪除；只是停課請改勾「取消」）"));
	html_fmt(b, "</div>\n<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "刪除場次"));
	page_end(r);
	return 0;
}

int page_bo_session(struct request *r)
{
	struct dbq q;
	int rc = session_of_url(r, &q);
	if (rc)
		return rc;
	rc = session_page(r, &q, NULL, 0);
	db_done(&q);
	return rc;
}

/* JSON of a session as stored, for the audit log. */
static json_t *session_json(struct dbq *q)
{
	return json_pack("{s:s,s:s,s:I,s:I,s:b}", "starts_at", db_text(q, SG_STARTS),
			 "ends_at", db_text(q, SG_ENDS), "venue_id", (json_int_t)db_int(q, SG_VENUE),
			 "district_id", (json_int_t)db_int(q, SG_DISTRICT),
			 "cancelled", (int)db_int(q, SG_CANCELLED));
}

int page_bo_session_update(struct request *r)
{
	const struct param_value *v = r->in;
	struct form_errors fe = {0};
	struct place place;
	struct dbq q;
	long long clash;
	char starts[17], ends[17], to[64];
	int rc = session_of_url(r, &q);
	if (rc)
		return rc;
	long long inst = db_int(&q, SG_INST), course = db_int(&q, SG_COURSE);
	long long idist = db_int(&q, SG_INST_DISTRICT);
	json_t *old = session_json(&q);
	if ((rc = place_validate(r, inst, SE_VENUE, SE_VENUE_NAME, SE_DISTRICT, &place, &fe)) != 0)
		goto out;
	if (times_validate(r, v[SE_DATE].s, v[SE_START].s, v[SE_END].s, starts, ends, &fe) == 0 &&
	    db_scalar(r->db, &clash, ST_BO_SESSION_AT, "iti", course, starts, r->path_id) == 1)
		fe_add(&fe, "start", "%s", tr(r, "這門課在這個時間已經有另一個場次了。"));
	if (fe.n) {
		r->status = 400;
		rc = session_page(r, &q, &fe, 1);
		goto out;
	}
	db_done(&q);
	long long district = place.district ? place.district : idist;
	int cancelled = v[SE_CANCELLED].present;
	int ok = db_begin(r->db) == 0 && place_commit(r, inst, &place) == 0;
	ok = ok && db_exec(r->db, ST_BO_SESSION_UPDATE, "ittiii", r->path_id, starts, ends,
			   place.venue, district, (long long)cancelled) == 0;
	ok = bo_audit(r, ok, "update", "session", r->path_id, old,
		      json_pack("{s:s,s:s,s:I,s:I,s:b}", "starts_at", starts, "ends_at", ends,
				"venue_id", (json_int_t)place.venue, "district_id",
				(json_int_t)district, "cancelled", cancelled)) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the session: %s", db_errmsg(r->db));
	}
	snprintf(to, sizeof to, "/admin/sessions/%lld?saved=1", r->path_id);
	return req_redirect(r, to);
out:
	json_decref(old);
	db_done(&q);
	return rc;
}

int page_bo_session_delete(struct request *r)
{
	struct dbq q;
	char to[64];
	int rc = session_of_url(r, &q);
	if (rc)
		return rc;
	if (!r->in[0].n) {
		struct form_errors fe = {0};
		fe_add(&fe, "confirm", "%s", tr(r, "要刪除的話，請先勾選「我確定要刪除這個場次」。"));
		r->status = 400;
		rc = session_page(r, &q, &fe, 0);
		db_done(&q);
		return rc;
	}
	long long course = db_int(&q, SG_COURSE);
	json_t *old = session_json(&q);
	db_done(&q);
	int ok = db_begin(r->db) == 0;
	ok = ok && db_exec(r->db, ST_BO_SESSION_DELETE, "i", r->path_id) == 0;
	ok = bo_audit(r, ok, "delete", "session", r->path_id, old, NULL) == 0;
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot delete the session");
	}
	snprintf(to, sizeof to, "/admin/courses/%lld?saved=1", course);
	return req_redirect(r, to);
}
