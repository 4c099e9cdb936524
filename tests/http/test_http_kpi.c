/* HTTP tests: plan tracking on the real binary — the public summary and
 * the API (shape, "no data", splits, errors), the staff dashboard and its
 * downloads (the ODS is a valid OpenDocument file whose cells equal the
 * API's numbers; the PDF's text layer names every indicator), the back
 * office feeding the rules, a session imported and corrected changing the
 * figure, and `lifelong report`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "harness.h"

#define PW "harbour lights at dusk"
#define ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"

static struct server srv;
static struct browser viewer, admin;

static int start(void **state)
{
	*state = &srv;
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, NULL) < 0)
		return -1;
	if (staff_create(&srv, &viewer, "viewer", NULL, "viewer@example.org", PW) < 0 ||
	    staff_create(&srv, &admin, "admin", NULL, "admin@example.org", PW) < 0)
		return -1;
	return 0;
}

/* Fetches path (as b, or anonymously), expects status; HTML must parse. */
static void fetch(struct browser *b, const char *path, long status, struct reply *r)
{
	struct buf err = BUF_INIT;
	int rc = b ? browser_get(&srv, b, path, r) : http_get(&srv, path, r);
	assert_int_equal(rc, 0);
	if (r->status != status)
		fail_msg("%s: HTTP %ld, expected %ld: %.300s", path, r->status, status,
			 r->body.data ? r->body.data : "");
	if (r->body.len && !strncmp(r->body.data, "<!DOCTYPE", 9) && html_well_formed(r, &err) < 0)
		fail_msg("%s is not well-formed: %s", path, buf_cstr(&err));
	buf_free(&err);
}

/* GETs the API path (200) and parses it. The caller owns the JSON. */
static json_t *api(const char *path)
{
	struct reply r;
	json_error_t e;
	fetch(NULL, path, 200, &r);
	json_t *j = json_loadb(r.body.data, r.body.len, 0, &e);
	if (!j)
		fail_msg("%s: not JSON: %s", path, e.text);
	reply_free(&r);
	return j;
}

static json_t *indicator(json_t *year, const char *code)
{
	size_t i;
	json_t *d;
	json_array_foreach(json_object_get(year, "indicators"), i, d)
		if (!strcmp(json_string_value(json_object_get(d, "id")), code))
			return d;
	fail_msg("no indicator %s", code);
	return NULL;
}

/* The actual of code in year as a number, or -1 for null (no data). */
static double actual(int year, const char *code)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/kpi?year=%d", year);
	json_t *j = api(path);
	json_t *a = json_object_get(indicator(j, code), "actual");
	double v = json_is_null(a) ? -1 : json_number_value(a);
	json_decref(j);
	return v;
}

static void api_year_has_every_indicator(void **state)
{
	(void)state;
	static const char *const fields[] = {"id", "programme", "name", "unit", "target", "actual",
					     "percent", "status", "rule"};
	size_t i;
	json_t *d, *j = api("/api/v1/kpi?year=2023");
	assert_int_equal(json_integer_value(json_object_get(j, "year")), 2023);
	assert_int_equal(json_integer_value(json_object_get(j, "roc_year")), 112);
	assert_int_equal(json_array_size(json_object_get(j, "indicators")), 30);
	json_array_foreach(json_object_get(j, "indicators"), i, d) {
		for (size_t f = 0; f < sizeof fields / sizeof *fields; f++)
			if (!json_object_get(d, fields[f]))
				fail_msg("indicator %zu lacks %s", i, fields[f]);
		assert_true(strlen(json_string_value(json_object_get(d, "rule"))) > 10);
	}
	/* the demo data has no meetings: no data, not 0 % */
	d = indicator(j, "P9-NETWORK-MEETINGS");
	assert_true(json_is_null(json_object_get(d, "actual")));
	assert_true(json_is_null(json_object_get(d, "percent")));
	assert_string_equal(json_string_value(json_object_get(d, "status")), "no_data");
	assert_int_equal(json_integer_value(json_object_get(d, "target")), 8);
	json_decref(j);
	/* an ROC year means the same year */
	j = api("/api/v1/kpi?year=112");
	assert_int_equal(json_integer_value(json_object_get(j, "year")), 2023);
	json_decref(j);
}

static void api_splits_add_up(void **state)
{
	(void)state;
	static const char *const by[] = {"institution", "district", "month"};
	double total = actual(2023, "P2-NIMM-ATTEND");
	assert_true(total > 0);
	for (int b = 0; b < 3; b++) {
		char path[160];
		size_t i;
		json_t *row, *j;
		double sum = 0;
		snprintf(path, sizeof path, "/api/v1/kpi?year=2023&indicator=P2-NIMM-ATTEND&by=%s", by[b]);
		j = api(path);
		assert_true(json_is_true(json_object_get(j, "additive")));
		json_array_foreach(json_object_get(j, "rows"), i, row)
			if (!json_is_null(json_object_get(row, "value")))
				sum += json_number_value(json_object_get(row, "value"));
		if (fabs(sum - total) > 1e-6)
			fail_msg("by %s: rows sum to %g, total is %g", by[b], sum, total);
		if (b == 1) {	/* districts: every one listed, population where known */
			int with_pop = 0, without = 0;
			json_array_foreach(json_object_get(j, "rows"), i, row) {
				if (json_is_null(json_object_get(row, "population")))
					without++, assert_true(json_is_null(json_object_get(row, "per_1000")));
				else
					with_pop++;
			}
			assert_true(with_pop == 5 && without == 2);	/* 仁愛區, 中山區 unknown */
		}
		if (b == 2)
			assert_int_equal(json_array_size(json_object_get(j, "rows")), 12);
		json_decref(j);
	}
}

static void api_refuses_what_it_cannot_answer(void **state)
{
	(void)state;
	struct reply r;
	fetch(NULL, "/api/v1/kpi?year=2023&indicator=P99-NOTHING", 400, &r);
	assert_non_null(strstr(r.body.data, "P1-ABE-CLASSES"));	/* names the choices */
	reply_free(&r);
	fetch(NULL, "/api/v1/kpi?year=2023&by=month", 400, &r);
	reply_free(&r);
	fetch(NULL, "/api/v1/kpi?year=2023&indicator=P1-ABE-CLASSES&by=week", 400, &r);
	reply_free(&r);
	fetch(NULL, "/api/v1/kpi?year=2030", 404, &r);
	assert_non_null(strstr(r.body.data, "111-113"));
	reply_free(&r);
}

static void public_summary_page(void **state)
{
	(void)state;
	struct reply r;
	json_t *j = api("/api/v1/kpi?year=2023"), *d;
	size_t i;
	fetch(NULL, "/plan?year=2023", 200, &r);
	json_array_foreach(json_object_get(j, "indicators"), i, d)
		if (!strstr(r.body.data, json_string_value(json_object_get(d, "name"))))
			fail_msg("/plan lacks %s", json_string_value(json_object_get(d, "name")));
	/* a chart per programme, each an image with a title and a description */
	assert_int_equal(body_count(&r, "<svg"), 12);
	assert_int_equal(body_count(&r, "role=\"img\""), 12);
	assert_int_equal(body_count(&r, "<title id=\"kpi-bars-"), 12);
	assert_int_equal(body_count(&r, "<desc id=\"kpi-bars-"), 12);
	assert_int_equal(body_count(&r, "<th scope=\"row\">"), 30);
	assert_non_null(strstr(r.body.data, "尚無資料"));
	assert_null(strstr(r.body.data, "/admin/kpi/records"));	/* no staff links */
	reply_free(&r);
	json_decref(j);
}

static void staff_pages_need_signing_in(void **state)
{
	(void)state;
	struct reply r;
	fetch(NULL, "/admin/kpi", 303, &r);
	reply_free(&r);
	fetch(NULL, "/admin/kpi/report?year=2023&format=csv", 303, &r);
	reply_free(&r);
	fetch(&viewer, "/admin/grants", 403, &r);
	reply_free(&r);
	fetch(&viewer, "/admin/plan", 403, &r);
	reply_free(&r);
}

static void dashboard_and_drill_down(void **state)
{
	(void)state;
	struct reply r;
	fetch(&viewer, "/admin/kpi?year=2023", 200, &r);
	assert_non_null(strstr(r.body.data, "/admin/kpi/indicator?year=2023&amp;code=P3-SENIOR-ATTEND"));
	assert_non_null(strstr(r.body.data, "/admin/kpi/records?year=2023&amp;code=P3-SENIOR-ATTEND"));
	assert_non_null(strstr(r.body.data, "format=pdf"));
	assert_non_null(strstr(r.body.data, "無人口資料"));	/* the district map */
	reply_free(&r);
	fetch(&viewer, "/admin/kpi/indicator?year=2023&code=P3-SENIOR-ATTEND", 200, &r);
	assert_non_null(strstr(r.body.data, "id=\"kpi-line\""));
	assert_non_null(strstr(r.body.data, "id=\"kpi-map\""));
	assert_non_null(strstr(r.body.data, "&amp;institution="));
	assert_non_null(strstr(r.body.data, "2023-12"));	/* the month table */
	reply_free(&r);
	fetch(&viewer, "/admin/kpi/indicator?year=2023&code=NOPE", 404, &r);
	reply_free(&r);
}

/* The records page lists as many rows as the figure counts. */
static void records_make_the_figure(void **state)
{
	(void)state;
	struct reply r;
	char want[64];
	double n = actual(2023, "P2-NIMM-SESSIONS");
	assert_true(n > 0);
	fetch(&viewer, "/admin/kpi/records?year=2023&code=P2-NIMM-SESSIONS", 200, &r);
	snprintf(want, sizeof want, "共 %.0f 筆", n);
	if (!strstr(r.body.data, want))
		fail_msg("records page lacks '%s'", want);
	assert_int_equal(body_count(&r, "<a href=\"/courses/"), (int)n);
	reply_free(&r);
}

/* The cells of the ODS's rows: code → target, actual, percent (NAN when
 * empty), from content.xml parsed with libxml2. */
struct ods_row {
	char code[64];
	double v[3];
};

static double cell_value(xmlNode *cell)
{
	xmlChar *v = xmlGetProp(cell, BAD_CAST "value");
	double d = v ? strtod((const char *)v, NULL) : NAN;
	xmlFree(v);
	return d;
}

static int ods_rows(const struct reply *r, struct ods_row *rows, int max)
{
	zip_error_t ze;
	zip_stat_t st;
	zip_source_t *src;
	zip_t *za;
	char mime[64] = "";
	struct buf content = BUF_INIT;
	int n = 0;
	zip_error_init(&ze);
	assert_non_null(src = zip_source_buffer_create(r->body.data, r->body.len, 0, &ze));
	assert_non_null(za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze));
	/* ODF: "mimetype" first, stored, holding the type */
	assert_string_equal(zip_get_name(za, 0, 0), "mimetype");
	assert_int_equal(zip_stat_index(za, 0, 0, &st), 0);
	assert_int_equal(st.comp_method, ZIP_CM_STORE);
	zip_file_t *f = zip_fopen_index(za, 0, 0);
	assert_non_null(f);
	assert_int_equal(zip_fread(f, mime, sizeof mime - 1), (zip_int64_t)strlen(ODS_MIME));
	zip_fclose(f);
	assert_string_equal(mime, ODS_MIME);
	assert_true(zip_name_locate(za, "META-INF/manifest.xml", 0) >= 0);
	assert_non_null(f = zip_fopen(za, "content.xml", 0));
	char chunk[4096];
	zip_int64_t got;
	while ((got = zip_fread(f, chunk, sizeof chunk)) > 0)
		buf_append(&content, chunk, (size_t)got);
	zip_fclose(f);
	zip_close(za);
	xmlDoc *doc = xmlReadMemory(content.data, (int)content.len, "content.xml", NULL, XML_PARSE_NONET);
	assert_non_null(doc);
	/* rows: office:document-content/office:body/office:spreadsheet/table:table/table:table-row */
	xmlNode *node = xmlDocGetRootElement(doc);
	for (xmlNode *c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "body"))
			continue;
		for (xmlNode *s = c->children; s; s = s->next)
			for (xmlNode *t = s->children; t; t = t->next)
				for (xmlNode *row = t->children; row; row = row->next) {
					if (row->type != XML_ELEMENT_NODE ||
					    strcmp((const char *)row->name, "table-row") || n == max)
						continue;
					xmlNode *cells[16];
					int nc = 0;
					for (xmlNode *cell = row->children; cell && nc < 16; cell = cell->next)
						if (cell->type == XML_ELEMENT_NODE)
							cells[nc++] = cell;
					if (nc < 8)
						continue;
					xmlChar *code = xmlNodeGetContent(cells[2]);
					snprintf(rows[n].code, sizeof rows[n].code, "%s", (const char *)code);
					xmlFree(code);
					rows[n].v[0] = cell_value(cells[5]);
					rows[n].v[1] = cell_value(cells[6]);
					rows[n].v[2] = cell_value(cells[7]);
					n++;
				}
	}
	xmlFreeDoc(doc);
	buf_free(&content);
	return n;
}

static void ods_cells_equal_the_api(void **state)
{
	(void)state;
	static const char *const keys[3] = {"target", "actual", "percent"};
	struct reply r;
	struct ods_row rows[64];
	char type[128];
	json_t *j = api("/api/v1/kpi?year=2023");
	fetch(&viewer, "/admin/kpi/report?year=2023&format=ods", 200, &r);
	assert_int_equal(reply_header(&r, "Content-Type", type, sizeof type), 0);
	assert_string_equal(type, ODS_MIME);
	int n = ods_rows(&r, rows, 64);
	assert_int_equal(n, 30);
	for (int i = 0; i < n; i++) {
		json_t *d = indicator(j, rows[i].code);
		for (int k = 0; k < 3; k++) {
			json_t *v = json_object_get(d, keys[k]);
			if (json_is_null(v) ? !isnan(rows[i].v[k])
			    : isnan(rows[i].v[k]) || fabs(json_number_value(v) - rows[i].v[k]) > 1e-9)
				fail_msg("%s %s: ODS %g, API %g", rows[i].code, keys[k], rows[i].v[k],
					 json_is_null(v) ? NAN : json_number_value(v));
		}
	}
	reply_free(&r);
	json_decref(j);
}

static void csv_and_xlsx_downloads(void **state)
{
	(void)state;
	struct reply r;
	char disp[256];
	fetch(&viewer, "/admin/kpi/report?year=2023&format=csv", 200, &r);
	assert_memory_equal(r.body.data, "\xEF\xBB\xBF", 3);	/* UTF-8 with a BOM */
	assert_non_null(strstr(r.body.data, "\"P12-PORTAL-VISITS\""));
	assert_int_equal(body_count(&r, "\r\n"), 31);	/* header + 30 rows */
	assert_int_equal(reply_header(&r, "Content-Disposition", disp, sizeof disp), 0);
	assert_non_null(strstr(disp, "kpi-2023.csv"));
	reply_free(&r);
	fetch(&viewer, "/admin/kpi/report?year=2023&format=xlsx&code=P2-NIMM-ATTEND&by=district", 200,
	      &r);
	assert_memory_equal(r.body.data, "PK\x03\x04", 4);
	assert_int_equal(reply_header(&r, "Content-Disposition", disp, sizeof disp), 0);
	assert_non_null(strstr(disp, "P2-NIMM-ATTEND-district.xlsx"));
	reply_free(&r);
	fetch(&viewer, "/admin/kpi/report?year=2023&format=ods&code=P12-PORTAL-VISITS&by=district",
	      404, &r);	/* page views have no districts */
	reply_free(&r);
}

/* The text of the PDF in b, by pdftotext (poppler-utils). */
static char *pdf_text(const struct buf *pdf)
{
	char path[] = "/tmp/lifelong-kpi-pdf-XXXXXX", cmd[128];
	int fd = mkstemp(path);
	struct buf text = BUF_INIT;
	char chunk[4096];
	size_t got;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, pdf->data, pdf->len), (ssize_t)pdf->len);
	close(fd);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 %s - 2>&1", path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	while ((got = fread(chunk, 1, sizeof chunk, p)) > 0)
		buf_append(&text, chunk, got);
	int rc = pclose(p);
	unlink(path);
	if (rc != 0)
		fail_msg("pdftotext failed (is poppler-utils installed?): %s", buf_cstr(&text));
	return buf_detach(&text, &got);
}

static void pdf_text_names_every_indicator(void **state)
{
	(void)state;
	struct reply r;
	size_t i;
	json_t *d, *j = api("/api/v1/kpi?year=2023");
	fetch(&viewer, "/admin/kpi/report?year=2023&format=pdf", 200, &r);
	assert_memory_equal(r.body.data, "%PDF-", 5);
	char *text = pdf_text(&r.body);
	json_array_foreach(json_object_get(j, "indicators"), i, d)
		if (!strstr(text, json_string_value(json_object_get(d, "name"))))
			fail_msg("the PDF's text lacks %s", json_string_value(json_object_get(d, "name")));
	assert_non_null(strstr(text, "民國112年（2023年）執行成果報告"));
	assert_non_null(strstr(text, "未達目標的指標"));
	free(text);
	reply_free(&r);
	json_decref(j);
}

/* POSTs fields (form-encoded, csrf added) as b; returns the status. */
static long post_form(struct browser *b, const char *form_page, const char *path, const char *fields)
{
	struct reply r;
	char csrf[128], body[2048];
	long st;
	fetch(b, form_page, 200, &r);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	snprintf(body, sizeof body, "csrf=%s&%s", csrf, fields);
	assert_int_equal(browser_post(&srv, b, path, body, &r), 0);
	st = r.status;
	reply_free(&r);
	return st;
}

static void back_office_records_feed_the_rules(void **state)
{
	(void)state;
	assert_true(actual(2023, "P9-NETWORK-MEETINGS") < 0);
	assert_int_equal(post_form(&admin, "/admin/meetings/new", "/admin/meetings",
				   "kind=liaison&title=%E8%81%AF%E7%B9%AB%E6%9C%83%E8%AD%B0"
				   "&held_on=112%2F4%2F1&attendees=18&institution="), 303);
	assert_int_equal(post_form(&admin, "/admin/meetings/new", "/admin/meetings",
				   "kind=committee&title=committee&held_on=2023-06-01&attendees="
				   "&institution="), 303);
	assert_true(fabs(actual(2023, "P9-NETWORK-MEETINGS") - 1) < 1e-9);	/* not the committee */
	/* a grant: sent applications count; approved money in 萬元 */
	assert_int_equal(post_form(&admin, "/admin/grants/new", "/admin/grants",
				   "year=112&scheme=s&title=t&institution=&status=approved"
				   "&submitted_on=2023-02-01&amount_applied=3%2C000%2C000"
				   "&amount_approved=2%2C500%2C000"), 303);
	assert_true(fabs(actual(2023, "P10-GRANT-CASES") - 1) < 1e-9);
	assert_true(fabs(actual(2023, "P10-GRANT-FUNDS") - 250) < 1e-9);
	/* refused with the reason next to the field, nothing stored */
	assert_int_equal(post_form(&admin, "/admin/grants/new", "/admin/grants",
				   "year=abc&scheme=&title=t&institution=&status=approved"
				   "&submitted_on=&amount_applied=&amount_approved="), 400);
	assert_true(fabs(actual(2023, "P10-GRANT-CASES") - 1) < 1e-9);
	/* no CSRF token, no change */
	struct reply r;
	assert_int_equal(browser_post(&srv, &admin, "/admin/grants",
				      "year=2023&scheme=s&title=t2&status=submitted&submitted_on=2023-03-01",
				      &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_true(fabs(actual(2023, "P10-GRANT-CASES") - 1) < 1e-9);
}

static void rule_edit_is_checked_and_applied(void **state)
{
	(void)state;
	struct reply r;
	char path[96], *id;
	fetch(&admin, "/admin/plan?year=2023", 200, &r);
	id = strstr(r.body.data, "/admin/plan/indicators/");
	assert_non_null(id);
	snprintf(path, sizeof path, "%.*s", (int)strcspn(id, "?\""), id);
	reply_free(&r);
	/* the first indicator (P1-ABE-CLASSES): an unknown code is refused */
	assert_int_equal(post_form(&admin, path, path,
				   "year=2023&rule_kind=count_courses&rule_filter=%7B%22categories%22"
				   "%3A%5B%22cooking%22%5D%7D&rule_text=x&target0=5&target1=4&target2=4"),
			 400);
	/* made manual, with a value entered by hand */
	assert_int_equal(post_form(&admin, path, path,
				   "year=2023&rule_kind=manual&rule_filter=&rule_text=%E5%A1%AB%E5%A0%B1"
				   "&target0=5&target1=4&target2=4&value=3&note=n"), 303);
	assert_true(fabs(actual(2023, "P1-ABE-CLASSES") - 3) < 1e-9);
}

/* Writes a one-session CSV (docs/import.md) with the given head count and
 * imports it with the CLI while the server runs. */
static void import_session(const char *attendance)
{
	char csv[128], log[160];
	snprintf(csv, sizeof csv, "%s/session.csv", srv.dir);
	snprintf(log, sizeof log, "%s/import.log", srv.dir);
	FILE *f = fopen(csv, "w");
	assert_non_null(f);
	fprintf(f, "institution,course,category,audience,district,venue,start,end,capacity,fee_twd,"
		   "format,language,childcare,programme,attendance,description,url\n"
		   "示範：暖暖區樂齡學習中心,樂齡測試課程,health,senior,暖暖區,測試據點,"
		   "2023-06-01 10:00,2023-06-01 12:00,20,0,in_person,zh-Hant,no,,%s,測試用。,\n",
		   attendance);
	fclose(f);
	char *argv[] = {(char *)harness_bin(), "import", "sessions", "--db", srv.db, csv, NULL};
	assert_int_equal(harness_exec(log, argv), 0);
}

static void imported_and_corrected_sessions_change_the_figure(void **state)
{
	(void)state;
	double sessions = actual(2023, "P3-SENIOR-SESSIONS"), attend = actual(2023, "P3-SENIOR-ATTEND");
	double points = actual(2023, "P3-SENIOR-POINTS");
	import_session("40");
	assert_true(fabs(actual(2023, "P3-SENIOR-SESSIONS") - (sessions < 0 ? 0 : sessions) - 1) < 1e-9);
	assert_true(fabs(actual(2023, "P3-SENIOR-ATTEND") - (attend < 0 ? 0 : attend) - 40) < 1e-9);
	assert_true(fabs(actual(2023, "P3-SENIOR-POINTS") - (points < 0 ? 0 : points) - 1) < 1e-9);
	import_session("55");	/* the head count corrected after the fact */
	assert_true(fabs(actual(2023, "P3-SENIOR-SESSIONS") - (sessions < 0 ? 0 : sessions) - 1) < 1e-9);
	assert_true(fabs(actual(2023, "P3-SENIOR-ATTEND") - (attend < 0 ? 0 : attend) - 55) < 1e-9);
}

static void report_command(void **state)
{
	(void)state;
	char out[128], log[128];
	snprintf(out, sizeof out, "%s/report.ods", srv.dir);
	snprintf(log, sizeof log, "%s/report.log", srv.dir);
	char *ok[] = {(char *)harness_bin(), "report", "--db", srv.db, "--year", "112", "--format",
		      "ods", "--out", out, NULL};
	assert_int_equal(harness_exec(log, ok), 0);
	FILE *f = fopen(out, "rb");
	assert_non_null(f);
	char head[4] = {0};
	assert_int_equal(fread(head, 1, 4, f), 4);
	fclose(f);
	assert_memory_equal(head, "PK\x03\x04", 4);
	char *no_year[] = {(char *)harness_bin(), "report", "--db", srv.db, "--format", "pdf",
			   "--out", out, NULL};
	assert_int_equal(harness_exec(log, no_year), 2);
	char *bad_format[] = {(char *)harness_bin(), "report", "--db", srv.db, "--year", "2023",
			      "--format", "doc", "--out", out, NULL};
	assert_int_equal(harness_exec(log, bad_format), 2);
	char *no_plan[] = {(char *)harness_bin(), "report", "--db", srv.db, "--year", "2030",
			   "--format", "csv", "--out", out, NULL};
	assert_int_equal(harness_exec(log, no_plan), 1);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_year_has_every_indicator),
		cmocka_unit_test(api_splits_add_up),
		cmocka_unit_test(api_refuses_what_it_cannot_answer),
		cmocka_unit_test(public_summary_page),
		cmocka_unit_test(staff_pages_need_signing_in),
		cmocka_unit_test(dashboard_and_drill_down),
		cmocka_unit_test(records_make_the_figure),
		cmocka_unit_test(ods_cells_equal_the_api),
		cmocka_unit_test(csv_and_xlsx_downloads),
		cmocka_unit_test(pdf_text_names_every_indicator),
		cmocka_unit_test(back_office_records_feed_the_rules),
		cmocka_unit_test(rule_edit_is_checked_and_applied),
		cmocka_unit_test(imported_and_corrected_sessions_change_the_figure),
		cmocka_unit_test(report_command),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
