/* admin_institution — an institution's own profile in the back office:
 * names, address, phone, website, news feeds and map position. Its type
 * and district are set by the Education Department (administrators); the
 * institution's staff see them but cannot change them. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "auth/session.h"
#include "core/markup.h"
#include "db/db.h"
#include "pages/backoffice.h"

#define NAME_MAX_CHARS 200
#define FEEDS_MAX 10

enum { IF_NAME, IF_NAME_EN, IF_TYPE, IF_DISTRICT, IF_ADDRESS, IF_PHONE, IF_WEBSITE, IF_FEEDS,
       IF_LAT, IF_LON };
const struct param_spec bo_institution_params[] = {
	{"name", P_TEXT, 0, NAME_MAX_CHARS, NULL, 0},
	{"name_en", P_TEXT, 0, NAME_MAX_CHARS, NULL, 0},
	{"type", P_TEXT, 0, 64, NULL, 0},
	{"district", P_TEXT, 0, 20, NULL, 0},
	{"address", P_TEXT, 0, 300, NULL, 0},
	{"phone", P_TEXT, 0, 60, NULL, 0},
	{"website", P_TEXT, 0, 500, NULL, 0},
	{"feeds", P_TEXT, 0, 5000, NULL, 0},
	{"lat", P_TEXT, 0, 30, NULL, 0},
	{"lon", P_TEXT, 0, 30, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Columns of ST_BO_INSTITUTION_GET. */
enum { IG_ID, IG_NAME, IG_NAME_EN, IG_TYPE, IG_DISTRICT, IG_ADDRESS, IG_PHONE, IG_WEBSITE, IG_LAT,
       IG_LON, IG_FEEDS, IG_TYPE_NAME, IG_DISTRICT_NAME };

#define FEED_SEPARATORS " \t\r\n;"

static int web_url_ok(const char *u)
{
	return !strncmp(u, "http", 4) && markup_url_ok(u, strlen(u));
}

/* A decimal number in [lo, hi] filling s; 0 and *out, or -1. */
static int decimal(const char *s, double lo, double hi, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

int page_bo_institutions(struct request *r)
{
	struct buf *b = &r->out;
	struct dbq q;
	char to[64];
	if (r->role != ROLE_ADMIN) {
		snprintf(to, sizeof to, "/admin/institutions/%lld", r->staff.institution_id);
		return req_redirect(r, to);
	}
	page_begin(r, tr(r, "機構資料"), NULL);
	bo_nav(r, "institution");
	html_fmt(b, "<p>%s</p>\n<ul class=\"bo-list\">\n", tr(r, "選擇要修改資料的機構："));
	db_query(r->db, &q, ST_BO_INSTITUTIONS_ALL, "");
	while (db_next(&q) == 1)
		html_fmt(b, "<li><a href=\"/admin/institutions/%lld\">%s</a></li>\n", db_int(&q, 0),
			 db_text(&q, 1));
	db_done(&q);
	html_raw_unescaped(b, "</ul>\n");
	page_end(r);
	return 0;
}

/* A select of a reference list (statement st: id or code in column 0,
 * name in column 1), or, for institution staff, the current name as text
 * (fixed). */
static void reference_field(struct request *r, const struct form_errors *fe, const char *name,
			    const char *label, enum stmt_id st, const char *value, int value_col,
			    const char *fixed_name, int allow_none)
{
	struct buf *b = &r->out;
	struct dbq q;
	if (r->role != ROLE_ADMIN) {
		html_fmt(b, "<div class=\"field\"><span class=\"label\">%s</span> <strong>%s</strong> "
			 "<span class=\"hint\">%s</span></div>\n", label,
			 fixed_name ? fixed_name : tr(r, "（未設定）"),
			 tr(r, "由教育處設定；需要更改請聯絡教育處。"));
		return;
	}
	html_fmt(b, "<div class=\"field%s\">\n<label for=\"f-%s\">%s</label>\n",
		 fe_get(fe, name) ? " has-error" : "", name, label);
	if (fe_get(fe, name))
		html_fmt(b, "<span class=\"field-error\" id=\"f-%s-error\">%s%s</span>\n", name,
			 tr(r, "錯誤："), fe_get(fe, name));
	html_fmt(b, "<select id=\"f-%s\" name=\"%s\"", name, name);
	if (fe_get(fe, name)) {
		html_fmt(b, " aria-describedby=\"f-%s-error\"", name);
		bo_aria(r, NULL, 1);
	}
	html_raw_unescaped(b, ">\n");
	if (allow_none)
		html_fmt(b, "<option value=\"\">%s</option>\n", tr(r, "（不屬於特定行政區）"));
	db_query(r->db, &q, st, "");
	while (db_next(&q) == 1) {
		char v[64];
		if (value_col)
			snprintf(v, sizeof v, "%s", db_text(&q, 0));
		else
			snprintf(v, sizeof v, "%lld", db_int(&q, 0));
		bo_option(r, v, db_text(&q, 1), value && !strcmp(value, v));
	}
	db_done(&q);
	html_raw_unescaped(b, "</select>\n</div>\n");
}

static void institution_form(struct request *r, struct dbq *row, const struct form_errors *fe)
{
	struct buf *b = &r->out;
	int typed = fe != NULL;
	char district[24] = "", feeds[5200];
	const char *f = db_text(row, IG_FEEDS);
	size_t k = 0;
	/* stored feeds are space-separated: one per line in the form */
	for (; f && *f && k + 2 < sizeof feeds; f++)
		feeds[k++] = *f == ' ' ? '\n' : *f;
	feeds[k] = '\0';
	if (db_int(row, IG_DISTRICT))
		snprintf(district, sizeof district, "%lld", db_int(row, IG_DISTRICT));
#define V(field, col) (typed ? bo_val(r, field) : (db_text(row, col) ? db_text(row, col) : ""))
	html_fmt(b, "<form method=\"post\" action=\"/admin/institutions/%lld\" class=\"form bo-form\" "
		 "novalidate=\"novalidate\">\n", db_int(row, IG_ID));
	csrf_field(r);
	bo_input(r, fe, "name", tr(r, "機構名稱"), "text", V("name", IG_NAME), NAME_MAX_CHARS,
		 tr(r, "對外公布的正式名稱。"), 1);
	bo_input(r, fe, "name_en", tr(r, "英文名稱"), "text", V("name_en", IG_NAME_EN), NAME_MAX_CHARS,
		 NULL, 0);
	reference_field(r, fe, "type", tr(r, "機構類型"), ST_TYPES_LIST,
			typed ? bo_val(r, "type") : db_text(row, IG_TYPE), 1,
			db_text(row, IG_TYPE_NAME), 0);
	reference_field(r, fe, "district", tr(r, "行政區"), ST_DISTRICTS_LIST,
			typed ? bo_val(r, "district") : district, 0, db_text(row, IG_DISTRICT_NAME), 1);
	bo_input(r, fe, "address", tr(r, "地址"), "text", V("address", IG_ADDRESS), 300, NULL, 0);
	bo_input(r, fe, "phone", tr(r, "電話"), "tel", V("phone", IG_PHONE), 60,
		 tr(r, "例如 (02)2422-5520 #12"), 0);
	bo_input(r, fe, "website", tr(r, "網站"), "url", V("website", IG_WEBSITE), 500,
		 tr(r, "以 https:// 或 http:// 開頭。"), 0);
	bo_textarea(r, fe, "feeds", tr(r, "消息來源（RSS/Atom）網址"), typed ? bo_val(r, "feeds") : feeds,
		    5000, 3, tr(r, "機構網站的最新消息訂閱網址，一行一個；網站會自動抓取。"));
	bo_input(r, fe, "lat", tr(r, "緯度"), "text", V("lat", IG_LAT), 30,
		 tr(r, "地圖上的位置，例如 25.13；和經度一起填，或都留空。"), 0);
	bo_input(r, fe, "lon", tr(r, "經度"), "text", V("lon", IG_LON), 30, tr(r, "例如 121.74"), 0);
	html_fmt(b, "<p><button type=\"submit\" class=\"big-button primary\">%s</button></p>\n</form>\n",
		 tr(r, "儲存機構資料"));
#undef V
}

/* The institution of the URL on *q (caller calls db_done); 0 or 404/403. */
static int institution_of_url(struct request *r, struct dbq *q)
{
	int rc = bo_may(r, r->path_id);
	if (rc)
		return rc;
	db_query(r->db, q, ST_BO_INSTITUTION_GET, "i", r->path_id);
	if (db_next(q) != 1) {
		db_done(q);
		return req_fail(r, 404, "%s", tr(r, "找不到這個機構。"));
	}
	return 0;
}

static int institution_page(struct request *r, struct dbq *q, const struct form_errors *fe)
{
	page_begin(r, tr(r, "機構資料"), NULL);
	bo_nav(r, "institution");
	bo_error_summary(r, fe);
	if (req_query(r, "saved"))
		html_fmt(&r->out, "<p class=\"notice\" role=\"status\">%s</p>\n", tr(r, "已儲存。"));
	html_fmt(&r->out, "<p><a href=\"/institutions/%lld\">%s</a></p>\n", db_int(q, IG_ID),
		 tr(r, "看民眾看到的機構頁面"));
	institution_form(r, q, fe);
	bo_feed_status(r, db_int(q, IG_ID));
	page_end(r);
	return 0;
}

int page_bo_institution(struct request *r)
{
	struct dbq q;
	int rc = institution_of_url(r, &q);
	if (rc)
		return rc;
	rc = institution_page(r, &q, NULL);
	db_done(&q);
	return rc;
}

static json_t *institution_json(struct dbq *q)
{
	return json_pack("{s:s,s:s?,s:s,s:I,s:s?,s:s?,s:s?,s:s?,s:s?,s:s?}", "name", db_text(q, IG_NAME),
			 "name_en", db_text(q, IG_NAME_EN), "type", db_text(q, IG_TYPE),
			 "district_id", (json_int_t)db_int(q, IG_DISTRICT), "address",
			 db_text(q, IG_ADDRESS), "phone", db_text(q, IG_PHONE), "website",
			 db_text(q, IG_WEBSITE), "lat", db_text(q, IG_LAT), "lon", db_text(q, IG_LON),
			 "feeds", db_text(q, IG_FEEDS));
}

/* s, or NULL when empty (for optional text). */
static const char *nz(const struct param_value *v)
{
	return v->present ? v->s : NULL;
}

int page_bo_institution_update(struct request *r)
{
	const struct param_value *v = r->in;
	struct form_errors fe = {0};
	struct dbq q;
	long long type = 0, district = 0, id;
	double lat, lon;
	char to[64];
	int rc = institution_of_url(r, &q);
	if (rc)
		return rc;
	/* type and district: administrators choose; others keep them */
	char cur_type[64], cur_district[24];
	snprintf(cur_type, sizeof cur_type, "%s", db_text(&q, IG_TYPE));
	snprintf(cur_district, sizeof cur_district, "%lld", db_int(&q, IG_DISTRICT));
	if (r->role != ROLE_ADMIN) {
		if ((v[IF_TYPE].present && strcmp(v[IF_TYPE].s, cur_type)) ||
		    (v[IF_DISTRICT].present && strcmp(v[IF_DISTRICT].s, cur_district))) {
			db_done(&q);
			return req_fail(r, 403, "%s", tr(r, "機構類型和行政區由教育處設定。"));
		}
	}
	const char *tcode = r->role == ROLE_ADMIN ? (v[IF_TYPE].present ? v[IF_TYPE].s : "") : cur_type;
	if (db_scalar(r->db, &type, ST_TYPE_BY_CODE, "t", tcode) != 1)
		fe_add(&fe, "type", "%s", tr(r, "請選擇機構類型。"));
	if (r->role != ROLE_ADMIN) {
		district = db_int(&q, IG_DISTRICT);
	} else if (v[IF_DISTRICT].present) {
		int found = 0;
		struct dbq d;
		if (bo_parse_count(v[IF_DISTRICT].s, 1, 1LL << 53, &district) == 0) {
			db_query(r->db, &d, ST_DISTRICTS_LIST, "");
			while (db_next(&d) == 1)
				found |= db_int(&d, 0) == district;
			db_done(&d);
		}
		if (!found)
			fe_add(&fe, "district", "%s", tr(r, "請從清單中選擇行政區。"));
	}
	const char *name = v[IF_NAME].present ? v[IF_NAME].s : "";
	while (*name == ' ')
		name++;
	if (!*name)
		fe_add(&fe, "name", "%s", tr(r, "請填寫機構名稱。"));
	else if (db_scalar(r->db, &id, ST_BO_INSTITUTION_NAME_TAKEN, "ti", name, r->path_id) == 1)
		fe_add(&fe, "name", "%s", tr(r, "已經有其他機構使用這個名稱。"));
	if (v[IF_WEBSITE].present && !web_url_ok(v[IF_WEBSITE].s))
		fe_add(&fe, "website", "%s", tr(r, "網址請以 https:// 或 http:// 開頭，例如 https://www.example.org/"));
	/* feeds */
	json_t *keep = json_array();
	char *copy = strdup(v[IF_FEEDS].present ? v[IF_FEEDS].s : ""), *save = NULL;
	if (!copy || !keep) {
		free(copy);
		json_decref(keep);
		db_done(&q);
		return req_fail(r, 500, "out of memory");
	}
	for (char *u = strtok_r(copy, FEED_SEPARATORS, &save); u; u = strtok_r(NULL, FEED_SEPARATORS, &save)) {
		if (!web_url_ok(u))
			fe_add(&fe, "feeds", tr(r, "「%.80s」不是 https:// 或 http:// 開頭的網址。"), u);
		else if (json_array_size(keep) < FEEDS_MAX)
			json_array_append_new(keep, json_string(u));
		else
			fe_add(&fe, "feeds", tr(r, "最多 %d 個消息來源。"), FEEDS_MAX);
	}
	free(copy);
	int has_lat = v[IF_LAT].present, has_lon = v[IF_LON].present;
	if (has_lat && decimal(v[IF_LAT].s, -90, 90, &lat) < 0)
		fe_add(&fe, "lat", "%s", tr(r, "緯度請填 -90 到 90 的數字，例如 25.13。"));
	if (has_lon && decimal(v[IF_LON].s, -180, 180, &lon) < 0)
		fe_add(&fe, "lon", "%s", tr(r, "經度請填 -180 到 180 的數字，例如 121.74。"));
	if (has_lat != has_lon)
		fe_add(&fe, has_lat ? "lon" : "lat", "%s", tr(r, "緯度和經度要一起填，或都留空。"));
	if (fe.n) {
		json_decref(keep);
		r->status = 400;
		rc = institution_page(r, &q, &fe);
		db_done(&q);
		return rc;
	}
	json_t *old = institution_json(&q);
	db_done(&q);
	char *keep_text = json_dumps(keep, JSON_COMPACT);
	int ok = keep_text && db_begin(r->db) == 0;
	ok = ok && db_exec(r->db, ST_BO_INSTITUTION_UPDATE, "ittiittttt", r->path_id, name,
			   nz(&v[IF_NAME_EN]), type, district, nz(&v[IF_ADDRESS]), nz(&v[IF_PHONE]),
			   nz(&v[IF_WEBSITE]), nz(&v[IF_LAT]), nz(&v[IF_LON])) == 0;
	ok = ok && db_exec(r->db, ST_BO_FEEDS_KEEP, "it", r->path_id, keep_text) == 0;
	for (size_t i = 0; ok && i < json_array_size(keep); i++)
		ok = db_exec(r->db, ST_FEED_INSERT, "it", r->path_id,
			     json_string_value(json_array_get(keep, i))) == 0;
	ok = bo_audit(r, ok, "update", "institution", r->path_id, old,
		      json_pack("{s:s,s:s?,s:s,s:I,s:s?,s:s?,s:s?,s:s?,s:s?,s:O}", "name", name,
				"name_en", nz(&v[IF_NAME_EN]), "type", tcode, "district_id",
				(json_int_t)district, "address", nz(&v[IF_ADDRESS]), "phone",
				nz(&v[IF_PHONE]), "website", nz(&v[IF_WEBSITE]), "lat", nz(&v[IF_LAT]),
				"lon", nz(&v[IF_LON]), "feeds", keep)) == 0;
	free(keep_text);
	json_decref(keep);
	if (!ok || db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot save the institution: %s", db_errmsg(r->db));
	}
	snprintf(to, sizeof to, "/admin/institutions/%lld?saved=1", r->path_id);
	return req_redirect(r, to);
}
