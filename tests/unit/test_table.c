/* Unit tests: src/core/table.c — open-data encodings: CSV read back with
 * libcsv, JSON types, and the ODS zip read back with libzip and libxml2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/table.h"

static const struct table_col cols[] = {
	{"id", COL_INT}, {"title", COL_TEXT}, {"lat", COL_REAL}, {"childcare", COL_BOOL},
};

#define TRICKY "陶藝, \"進階\"\n第二行"

/* Two rows: one ordinary, one with every CSV special character and empty
 * cells. */
static void fill(struct table *t)
{
	table_init(t, cols, 4);
	const char *cells[] = {"7", "繪本共讀", "25.13", "1", "12", TRICKY, NULL, "0"};
	for (int i = 0; i < 8; i++)
		assert_int_equal(table_add(t, cells[i]), 0);
	assert_int_equal(table_rows(t), 2);
}

struct parsed {
	int rows, fields;
	char cell[3][4][64];
};

static void on_field(void *s, size_t n, void *arg)
{
	struct parsed *p = arg;
	if (p->rows < 3 && p->fields < 4 && n < 64) {
		memcpy(p->cell[p->rows][p->fields], s, n);
		p->cell[p->rows][p->fields][n] = '\0';
	}
	p->fields++;
}

static void on_row(int c, void *arg)
{
	(void)c;
	struct parsed *p = arg;
	assert_int_equal(p->fields, 4);
	p->fields = 0;
	p->rows++;
}

static void csv_has_bom_header_and_round_trips(void **state)
{
	(void)state;
	struct table t;
	struct buf out = BUF_INIT;
	struct csv_parser cp;
	struct parsed p;
	fill(&t);
	assert_int_equal(table_csv(&t, &out), 0);
	assert_memory_equal(out.data, "\xEF\xBB\xBF", 3);
	assert_non_null(strstr(out.data, "\r\n"));
	memset(&p, 0, sizeof p);
	assert_int_equal(csv_init(&cp, CSV_STRICT | CSV_STRICT_FINI), 0);
	assert_int_equal(csv_parse(&cp, out.data + 3, out.len - 3, on_field, on_row, &p), out.len - 3);
	assert_int_equal(csv_fini(&cp, on_field, on_row, &p), 0);
	csv_free(&cp);
	assert_int_equal(p.rows, 3);
	assert_string_equal(p.cell[0][0], "id");
	assert_string_equal(p.cell[0][3], "childcare");
	assert_string_equal(p.cell[1][1], "繪本共讀");
	assert_string_equal(p.cell[2][1], TRICKY);
	assert_string_equal(p.cell[2][2], "");
	table_free(&t);
	buf_free(&out);
}

static void json_values_are_typed(void **state)
{
	(void)state;
	struct table t;
	fill(&t);
	json_t *a = table_json(&t);
	assert_non_null(a);
	assert_int_equal(json_array_size(a), 2);
	json_t *o = json_array_get(a, 0);
	assert_true(json_is_integer(json_object_get(o, "id")));
	assert_int_equal(json_integer_value(json_object_get(o, "id")), 7);
	assert_true(json_is_real(json_object_get(o, "lat")));
	assert_true(json_is_true(json_object_get(o, "childcare")));
	o = json_array_get(a, 1);
	assert_string_equal(json_string_value(json_object_get(o, "title")), TRICKY);
	assert_true(json_is_null(json_object_get(o, "lat")));
	assert_true(json_is_false(json_object_get(o, "childcare")));
	json_decref(a);
	table_free(&t);
}

/* Reads a whole zip entry into a malloc'd NUL-terminated string. */
static char *zip_text(zip_t *za, const char *name)
{
	zip_stat_t st;
	assert_int_equal(zip_stat(za, name, 0, &st), 0);
	char *s = malloc(st.size + 1);
	zip_file_t *zf = zip_fopen(za, name, 0);
	assert_non_null(zf);
	assert_int_equal(zip_fread(zf, s, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	s[st.size] = '\0';
	return s;
}

static int xpath_count(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, BAD_CAST "table", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "office", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:office:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "text", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:text:1.0");
	xmlXPathRegisterNs(ctx, BAD_CAST "manifest", BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0");
	xmlXPathObjectPtr r = xmlXPathEvalExpression(BAD_CAST expr, ctx);
	int n = r && r->nodesetval ? r->nodesetval->nodeNr : -1;
	xmlXPathFreeObject(r);
	xmlXPathFreeContext(ctx);
	return n;
}

static void ods_is_a_valid_odf_package(void **state)
{
	(void)state;
	static const char mime[] = "application/vnd.oasis.opendocument.spreadsheet";
	struct table t;
	struct buf out = BUF_INIT;
	fill(&t);
	assert_int_equal(table_ods(&t, "courses", &out), 0);
	/* the first local file header is "mimetype", stored, no extra field:
	 * its content starts at byte 38 */
	assert_true(out.len > 38 + sizeof mime);
	assert_memory_equal(out.data, "PK\x03\x04", 4);
	assert_int_equal(out.data[8] | out.data[9] << 8, 0);	/* method: stored */
	assert_int_equal(out.data[28] | out.data[29] << 8, 0);	/* extra length */
	assert_memory_equal(out.data + 30, "mimetype", 8);
	assert_memory_equal(out.data + 38, mime, sizeof mime - 1);

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(out.data, out.len, 0, &ze);
	zip_t *za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	assert_non_null(za);
	assert_string_equal(zip_get_name(za, 0, 0), "mimetype");
	char *manifest = zip_text(za, "META-INF/manifest.xml");
	char *content = zip_text(za, "content.xml");
	zip_close(za);
	zip_error_fini(&ze);

	xmlDocPtr m = xmlReadMemory(manifest, (int)strlen(manifest), "manifest.xml", NULL, XML_PARSE_NONET);
	assert_non_null(m);
	assert_int_equal(xpath_count(m, "/manifest:manifest/manifest:file-entry[@manifest:full-path='/']"), 1);
	assert_int_equal(xpath_count(m, "//manifest:file-entry[@manifest:full-path='content.xml']"), 1);
	xmlFreeDoc(m);

	xmlDocPtr c = xmlReadMemory(content, (int)strlen(content), "content.xml", NULL, XML_PARSE_NONET);
	assert_non_null(c);
	assert_int_equal(xpath_count(c, "//table:table[@table:name='courses']"), 1);
	assert_int_equal(xpath_count(c, "//table:table-row"), 3);
	assert_int_equal(xpath_count(c, "//table:table-header-rows/table:table-row/table:table-cell"), 4);
	assert_int_equal(xpath_count(c, "//table:table-cell[@office:value-type='float' and @office:value='25.13']"), 1);
	assert_int_equal(xpath_count(c, "//table:table-cell[@office:value-type='boolean']"), 2);
	/* the two-line title is two paragraphs, quotes and comma intact */
	assert_int_equal(xpath_count(c, "//table:table-cell[text:p='陶藝, \"進階\"' and text:p='第二行']"), 1);
	xmlFreeDoc(c);
	free(manifest);
	free(content);
	table_free(&t);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_has_bom_header_and_round_trips),
		cmocka_unit_test(json_values_are_typed),
		cmocka_unit_test(ods_is_a_valid_odf_package),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
