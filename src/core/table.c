#include "core/grow.h"
#include "core/table.h"

#include <csv.h>
#include <libxml/xmlwriter.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

void table_init(struct table *t, const struct table_col *cols, size_t ncols)
{
	memset(t, 0, sizeof *t);
	t->cols = cols;
	t->ncols = ncols;
}

int table_add(struct table *t, const char *value)
{
	if (t->failed)
		return -1;
	if (grow(&t->cells, &t->cap, t->ncells, sizeof *t->cells, 64) < 0) {
		t->failed = 1;
		return -1;
	}
	char *copy = NULL;
	if (value && !(copy = strdup(value))) {
		t->failed = 1;
		return -1;
	}
	t->cells[t->ncells++] = copy;
	return 0;
}

size_t table_rows(const struct table *t)
{
	return t->ncols ? t->ncells / t->ncols : 0;
}

const char *table_cell(const struct table *t, size_t row, size_t col)
{
	size_t i = row * t->ncols + col;
	return col < t->ncols && i < t->ncells ? t->cells[i] : NULL;
}

void table_free(struct table *t)
{
	for (size_t i = 0; i < t->ncells; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->ncells = t->cap = 0;
	t->failed = 0;
}

/* Appends one field, quoted by libcsv's writer. Returns 0 or -1. */
static int csv_field(struct buf *out, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n > (SIZE_MAX - 2) / 2)
		return -1;
	size_t need = 2 * n + 2;	/* every byte doubled, plus the quotes */
	char *dst = malloc(need);
	if (!dst)
		return -1;
	size_t w = csv_write(dst, need, s ? s : "", n);
	int rc = w <= need ? buf_append(out, dst, w) : -1;
	free(dst);
	return rc;
}

int table_csv(const struct table *t, struct buf *out)
{
	if (t->failed || buf_append(out, "\xEF\xBB\xBF", 3) < 0)
		return -1;
	for (size_t c = 0; c < t->ncols; c++)
		if ((c && buf_puts(out, ",") < 0) || csv_field(out, t->cols[c].name) < 0)
			return -1;
	buf_puts(out, "\r\n");
	for (size_t r = 0; r < table_rows(t); r++) {
		for (size_t c = 0; c < t->ncols; c++)
			if ((c && buf_puts(out, ",") < 0) || csv_field(out, table_cell(t, r, c)) < 0)
				return -1;
		buf_puts(out, "\r\n");
	}
	return buf_failed(out) ? -1 : 0;
}

/* One cell as a JSON value of the column's kind. */
static json_t *json_cell(enum col_kind kind, const char *s)
{
	if (!s)
		return json_null();
	switch (kind) {
	case COL_INT:
		return json_integer(strtoll(s, NULL, 10));
	case COL_REAL:
		return json_real(strtod(s, NULL));
	case COL_BOOL:
		return json_boolean(strcmp(s, "0") != 0);
	case COL_TEXT:
		break;
	}
	return json_string(s);
}

json_t *table_json(const struct table *t)
{
	json_t *rows = json_array();
	if (!rows || t->failed)
		goto fail;
	for (size_t r = 0; r < table_rows(t); r++) {
		json_t *o = json_object();
		if (!o || json_array_append_new(rows, o) < 0)
			goto fail;
		for (size_t c = 0; c < t->ncols; c++) {
			json_t *v = json_cell(t->cols[c].kind, table_cell(t, r, c));
			if (!v || json_object_set_new(o, t->cols[c].name, v) < 0)
				goto fail;
		}
	}
	return rows;
fail:
	json_decref(rows);
	return NULL;
}

/* ---- OpenDocument spreadsheet ---- */

#define NS_OFFICE "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define ODS_MIME "application/vnd.oasis.opendocument.spreadsheet"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
	xmlInitParser();
}

/* Writes text, dropping the control characters XML 1.0 cannot hold, as one
 * text:p per line. Returns 0 or -1. */
static int write_paragraphs(xmlTextWriterPtr w, const char *s)
{
	struct buf line = BUF_INIT;
	int rc = 0;
	for (const char *p = s;; p++) {
		if (*p == '\n' || *p == '\0') {
			if (xmlTextWriterStartElement(w, BAD_CAST "text:p") < 0 ||
			    xmlTextWriterWriteString(w, BAD_CAST buf_cstr(&line)) < 0 ||
			    xmlTextWriterEndElement(w) < 0)
				rc = -1;
			buf_reset(&line);
			if (*p == '\0' || rc < 0)
				break;
		} else if ((unsigned char)*p >= 0x20 || *p == '\t') {
			buf_append(&line, p, 1);
		}
	}
	if (buf_failed(&line))
		rc = -1;
	buf_free(&line);
	return rc;
}

/* Writes one table cell. Returns 0 or -1. */
static int write_cell(xmlTextWriterPtr w, enum col_kind kind, const char *s, int header)
{
	if (xmlTextWriterStartElement(w, BAD_CAST "table:table-cell") < 0)
		return -1;
	if (header && xmlTextWriterWriteAttribute(w, BAD_CAST "table:style-name", BAD_CAST "ce1") < 0)
		return -1;
	if (s) {
		int rc;
		if (kind == COL_INT || kind == COL_REAL) {
			rc = xmlTextWriterWriteAttribute(w, BAD_CAST "office:value-type", BAD_CAST "float");
			if (rc >= 0)
				rc = xmlTextWriterWriteAttribute(w, BAD_CAST "office:value", BAD_CAST s);
		} else if (kind == COL_BOOL) {
			rc = xmlTextWriterWriteAttribute(w, BAD_CAST "office:value-type", BAD_CAST "boolean");
			if (rc >= 0)
				rc = xmlTextWriterWriteAttribute(w, BAD_CAST "office:boolean-value",
								 BAD_CAST(strcmp(s, "0") ? "true" : "false"));
		} else {
			rc = xmlTextWriterWriteAttribute(w, BAD_CAST "office:value-type", BAD_CAST "string");
		}
		if (rc < 0 || write_paragraphs(w, s) < 0)
			return -1;
	}
	return xmlTextWriterEndElement(w) < 0 ? -1 : 0;
}

/* Writes content.xml of the spreadsheet into xb. Returns 0 or -1. */
static int ods_content(const struct table *t, const char *sheet, xmlBufferPtr xb)
{
	int rc = -1;
	char ncols[32];
	xmlTextWriterPtr w = xmlNewTextWriterMemory(xb, 0);
	if (!w)
		return -1;
	snprintf(ncols, sizeof ncols, "%zu", t->ncols ? t->ncols : 1);
	if (xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "office:document-content") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:office", BAD_CAST NS_OFFICE) < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:style",
					BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:style:1.0") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:text",
					BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:text:1.0") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:table",
					BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:table:1.0") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "xmlns:fo",
					BAD_CAST "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "office:version", BAD_CAST "1.2") < 0)
		goto out;
	/* a bold style for the header cells */
	if (xmlTextWriterStartElement(w, BAD_CAST "office:automatic-styles") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "style:style") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "style:name", BAD_CAST "ce1") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "style:family", BAD_CAST "table-cell") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "style:text-properties") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "fo:font-weight", BAD_CAST "bold") < 0 ||
	    xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		goto out;
	if (xmlTextWriterStartElement(w, BAD_CAST "office:body") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "office:spreadsheet") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "table:table") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "table:name", BAD_CAST sheet) < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "table:table-column") < 0 ||
	    xmlTextWriterWriteAttribute(w, BAD_CAST "table:number-columns-repeated",
					BAD_CAST ncols) < 0 ||
	    xmlTextWriterEndElement(w) < 0)
		goto out;
	/* the header row, repeated on every printed page */
	if (xmlTextWriterStartElement(w, BAD_CAST "table:table-header-rows") < 0 ||
	    xmlTextWriterStartElement(w, BAD_CAST "table:table-row") < 0)
		goto out;
	for (size_t c = 0; c < t->ncols; c++)
		if (write_cell(w, COL_TEXT, t->cols[c].name, 1) < 0)
			goto out;
	if (xmlTextWriterEndElement(w) < 0 || xmlTextWriterEndElement(w) < 0)
		goto out;
	for (size_t r = 0; r < table_rows(t); r++) {
		if (xmlTextWriterStartElement(w, BAD_CAST "table:table-row") < 0)
			goto out;
		for (size_t c = 0; c < t->ncols; c++)
			if (write_cell(w, t->cols[c].kind, table_cell(t, r, c), 0) < 0)
				goto out;
		if (xmlTextWriterEndElement(w) < 0)
			goto out;
	}
	if (xmlTextWriterEndDocument(w) < 0)	/* closes every open element */
		goto out;
	rc = 0;
out:
	xmlFreeTextWriter(w);
	return rc;
}

static const char manifest_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
	" manifest:version=\"1.2\">\n"
	" <manifest:file-entry manifest:full-path=\"/\" manifest:version=\"1.2\""
	" manifest:media-type=\"" ODS_MIME "\"/>\n"
	" <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\n"
	"</manifest:manifest>\n";

/* Adds name with the n bytes at data (which must outlive zip_close) to za,
 * stored uncompressed when store. Returns 0 or -1. */
static int ods_add(zip_t *za, const char *name, const void *data, size_t n, int store)
{
	zip_source_t *s = zip_source_buffer(za, data, n, 0);
	if (!s)
		return -1;
	zip_int64_t idx = zip_file_add(za, name, s, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		zip_source_free(s);
		return -1;
	}
	return zip_set_file_compression(za, (zip_uint64_t)idx,
					store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 0) < 0 ? -1 : 0;
}

/* Copies the whole content of the (closed) zip source src to out. */
static int source_copy(zip_source_t *src, struct buf *out)
{
	zip_stat_t st;
	char chunk[8192];
	int rc = -1;
	if (zip_source_open(src) < 0)
		return -1;
	zip_stat_init(&st);
	if (zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE)) {
		zip_uint64_t left = st.size;
		while (left > 0) {
			zip_int64_t got = zip_source_read(src, chunk, sizeof chunk);
			if (got <= 0 || buf_append(out, chunk, (size_t)got) < 0)
				break;
			left -= (zip_uint64_t)got;
		}
		rc = left == 0 ? 0 : -1;
	}
	zip_source_close(src);
	return rc;
}

int table_ods(const struct table *t, const char *sheet, struct buf *out)
{
	static const char mime[] = ODS_MIME;
	zip_error_t ze;
	zip_t *za = NULL;
	zip_source_t *src = NULL;
	int rc = -1;
	zip_error_init(&ze);
	pthread_once(&xml_once, xml_init);
	xmlBufferPtr content = xmlBufferCreate();
	if (!content || t->failed || ods_content(t, sheet, content) < 0)
		goto out;
	src = zip_source_buffer_create(NULL, 0, 0, &ze);
	if (!src)
		goto out;
	za = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	if (!za)
		goto out;
	zip_source_keep(src);	/* keep the written bytes after zip_close */
	/* ODF: "mimetype" first and stored, so that its content sits at a
	 * fixed offset for tools that sniff the file type */
	if (ods_add(za, "mimetype", mime, sizeof mime - 1, 1) < 0 ||
	    ods_add(za, "content.xml", xmlBufferContent(content),
		    (size_t)xmlBufferLength(content), 0) < 0 ||
	    ods_add(za, "META-INF/manifest.xml", manifest_xml, sizeof manifest_xml - 1, 0) < 0)
		goto out;
	if (zip_close(za) < 0)
		goto out;
	za = NULL;
	rc = source_copy(src, out);
out:
	if (za)
		zip_discard(za);	/* also drops one reference to src */
	if (src)
		zip_source_free(src);
	if (content)
		xmlBufferFree(content);
	zip_error_fini(&ze);
	return rc;
}
