/* import — entry point, encoding detection and the institutions kind.
 * The sessions kind is in import_sessions.c, shared checks in
 * import_check.c. */
#include "db/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "db/import_check.h"

enum { I_NAME, I_TYPE, I_DISTRICT, I_ADDRESS, I_LAT, I_LON, I_PHONE, I_WEBSITE, I_FEED, I__N };

static const char *const inst_columns[I__N] = {
	"name", "type", "district", "address", "lat", "lon", "phone", "website", "feed_url",
};

#define NAME_MAX_CHARS 200
#define FEED_SEPARATORS " \t\r\n;"

/* Checks the feed_url field of row r: each URL it lists (separated by
 * whitespace or ';') must be http(s). Reports problems; returns their count
 * or -1 when memory ran out. */
static int check_feeds(struct imp *im, size_t r, int line)
{
	char *copy = strdup(imp_get(im, r, I_FEED)), *save = NULL, clip[80];
	int bad = 0;
	if (!copy)
		return -1;
	for (char *u = strtok_r(copy, FEED_SEPARATORS, &save); u;
	     u = strtok_r(NULL, FEED_SEPARATORS, &save)) {
		if (chk_url(u) < 0) {
			imp_err(im, line, "feed_url", "'%s' is not an http:// or https:// URL",
				imp_clip(u, clip));
			bad++;
		}
	}
	free(copy);
	return bad;
}

/* For an institution's own staff: its type and district stay as they are
 * (only administrators change them). Reports a change. Returns 0, or -1
 * on a database failure. */
static int check_fixed(struct imp *im, int line, const char *type, const char *district)
{
	struct dbq q;
	char clip[80];
	int rc = db_query(im->db, &q, ST_IMPORT_INSTITUTION_FIXED, "t", im->opt->only_institution);
	if (rc == 0 && (rc = db_next(&q)) == 1) {
		if (*type && strcmp(type, db_text(&q, 0)))
			imp_err(im, line, "type", "'%s' differs from '%s'; only administrators change "
				"an institution's type", imp_clip(type, clip), db_text(&q, 0));
		if (strcmp(district, db_text(&q, 1)))
			imp_err(im, line, "district", "'%s' differs from '%s'; only administrators "
				"change an institution's district", imp_clip(district, clip),
				db_text(&q, 1));
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Validates data row r of an institutions file; names maps the names seen
 * so far to their line. Reports every problem. Returns 0, or -1 on a
 * database or memory failure. */
static int check_institution(struct imp *im, size_t r, struct smap *names)
{
	int line = csvfile_line(&im->csv, r);
	const char *name = imp_get(im, r, I_NAME), *type = imp_get(im, r, I_TYPE);
	const char *district = imp_get(im, r, I_DISTRICT), *web = imp_get(im, r, I_WEBSITE);
	const char *lat = imp_get(im, r, I_LAT), *lon = imp_get(im, r, I_LON);
	char clip[80];
	long long id, first;
	double v;
	int rc;

	imp_check_width(im, r);
	if (!*name) {
		imp_err(im, line, "name", "is required");
	} else if (text_length(name) > NAME_MAX_CHARS) {
		imp_err(im, line, "name", "is longer than %d characters", NAME_MAX_CHARS);
	} else if (smap_get(names, name, &first)) {
		imp_err(im, line, "name", "'%s' is already on line %lld", imp_clip(name, clip), first);
	} else if (smap_put(names, name, line, 0) < 0) {
		return -1;
	} else if (im->opt->only_institution && strcmp(name, im->opt->only_institution)) {
		imp_err(im, line, "name", "'%s' is not your institution; you may import only '%s'",
			imp_clip(name, clip), im->opt->only_institution);
	} else if (im->opt->only_institution && check_fixed(im, line, type, district) < 0) {
		return -1;
	}
	if (!*type) {
		imp_err(im, line, "type", "is required");
	} else if ((rc = imp_lookup(im, ST_TYPE_BY_CODE, type, &id)) <= 0) {
		if (rc < 0)
			return -1;
		imp_err(im, line, "type", "'%s' is not an institution type code",
			imp_clip(type, clip));
	}
	if (*district && (rc = imp_lookup(im, ST_DISTRICT_BY_NAME, district, &id)) <= 0) {
		if (rc < 0)
			return -1;
		imp_err(im, line, "district", "'%s' is not a district of the city",
			imp_clip(district, clip));
	}
	if (!*lat != !*lon) {
		imp_err(im, line, *lat ? "lon" : "lat", "is needed when %s is given",
			*lat ? "lat" : "lon");
	}
	if (*lat && chk_number(lat, -90, 90, &v) < 0)
		imp_err(im, line, "lat", "'%s' is not a latitude (-90 to 90)", imp_clip(lat, clip));
	if (*lon && chk_number(lon, -180, 180, &v) < 0)
		imp_err(im, line, "lon", "'%s' is not a longitude (-180 to 180)", imp_clip(lon, clip));
	if (*web && chk_url(web) < 0)
		imp_err(im, line, "website", "'%s' is not an http:// or https:// URL",
			imp_clip(web, clip));
	return check_feeds(im, r, line) < 0 ? -1 : 0;
}

/* Writes (upserts) validated row r and its feeds. Returns 0 or -1. */
static int write_institution(struct imp *im, size_t r)
{
	long long type = 0, district = 0, id = 0;
	const char *dname = imp_get(im, r, I_DISTRICT);
	char *copy = NULL, *save = NULL;
	struct dbq q;
	int rc = -1;

	if (imp_lookup(im, ST_TYPE_BY_CODE, imp_get(im, r, I_TYPE), &type) != 1)
		goto out;
	if (*dname && imp_lookup(im, ST_DISTRICT_BY_NAME, dname, &district) != 1)
		goto out;
	if (db_query(im->db, &q, ST_INSTITUTION_UPSERT, "tiittttti", imp_get(im, r, I_NAME),
		     type, district, imp_nz(imp_get(im, r, I_ADDRESS)),
		     imp_nz(imp_get(im, r, I_LAT)), imp_nz(imp_get(im, r, I_LON)),
		     imp_nz(imp_get(im, r, I_PHONE)), imp_nz(imp_get(im, r, I_WEBSITE)),
		     (long long)(im->is_demo != 0)) == 0 && db_next(&q) == 1) {
		id = db_int(&q, 0);
	}
	db_done(&q);
	if (!id || !(copy = strdup(imp_get(im, r, I_FEED))))
		goto out;
	for (char *u = strtok_r(copy, FEED_SEPARATORS, &save); u;
	     u = strtok_r(NULL, FEED_SEPARATORS, &save)) {
		if (db_exec(im->db, ST_FEED_INSERT, "it", id, u) < 0)
			goto out;
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

/* Runs the institutions kind on im->csv. Returns as import_csv(). */
static int institutions_run(struct imp *im)
{
	struct smap names = {0};
	size_t rows = im->csv.nrows;
	int rc = -1;

	if (csvfile_header(&im->csv, inst_columns, I__N, 0, im->col, &im->res->errors) != 0) {
		rc = 1;
		goto out;
	}
	if (smap_init(&names, rows) < 0)
		goto out;
	for (size_t r = 1; r < rows; r++)
		if (check_institution(im, r, &names) < 0)
			goto out;
	if (im->nerr) {
		rc = 1;
		goto out;
	}
	im->res->rows = (int)rows - 1;
	im->res->institutions = (int)rows - 1;
	if (im->opt->dry_run) {
		rc = 0;
		goto out;
	}
	if (db_begin(im->db) < 0)
		goto out;
	for (size_t r = 1; r < rows; r++) {
		if (write_institution(im, r) < 0) {
			fprintf(stderr, "lifelong: import: line %d: %s\n",
				csvfile_line(&im->csv, r), db_errmsg(im->db));
			db_rollback(im->db);
			goto out;
		}
	}
	if (imp_commit(im) < 0)
		goto out;
	rc = 0;
out:
	smap_free(&names);
	return rc;
}

int imp_commit(struct imp *im)
{
	if ((im->opt->before_commit && im->opt->before_commit(im->opt->ctx, im->res) != 0) ||
	    db_commit(im->db) < 0) {
		db_rollback(im->db);
		return -1;
	}
	return 0;
}

/* Reads data as UTF-8, or converts it from Big5 into *converted (the
 * caller frees). Returns 0 with text and len set, or 1 (reported to err). */
static int decode(const char *data, size_t n, char **converted, const char **text,
		  size_t *len, struct buf *err)
{
	*text = data;
	*len = n;
	if (text_utf8_valid(data, n))
		return 0;
	*converted = text_to_utf8("windows-950", data, n, len);
	if (!*converted || !text_utf8_valid(*converted, *len)) {
		buf_puts(err, "the file is neither UTF-8 nor Big5\n");
		return 1;
	}
	*text = *converted;
	return 0;
}

int import_head(const char *data, size_t n, int max, import_row_fn fn, void *ctx,
		struct buf *err)
{
	struct csvfile csv = CSVFILE_INIT;
	char *converted = NULL;
	const char *fields[64];
	int rc = decode(data, n, &converted, &data, &n, err);
	if (rc == 0)
		rc = csvfile_parse(&csv, data, n, err);
	for (size_t r = 0; rc == 0 && r < csv.nrows && (int)r < max; r++) {
		int nf = csvfile_width(&csv, r);
		if (r == 0 || nf < csvfile_width(&csv, 0))
			nf = csvfile_width(&csv, 0);
		if (nf > 64)
			nf = 64;
		for (int c = 0; c < nf; c++)
			fields[c] = csvfile_get(&csv, r, c);
		fn(ctx, csvfile_line(&csv, r), fields, nf);
	}
	csvfile_free(&csv);
	free(converted);
	return rc;
}

int import_csv(struct db *db, enum import_kind kind, const char *data, size_t n,
	       int is_demo, struct import_result *result)
{
	struct import_options opt = {.is_demo = is_demo};
	return import_csv_with(db, kind, data, n, &opt, result);
}

int import_csv_with(struct db *db, enum import_kind kind, const char *data, size_t n,
		    const struct import_options *opt, struct import_result *result)
{
	static const struct import_options none;
	struct imp im = {.db = db, .csv = CSVFILE_INIT, .opt = opt ? opt : &none, .res = result};
	char *converted = NULL;
	int rc = -1;

	im.is_demo = im.opt->is_demo;
	memset(result, 0, sizeof *result);
	if ((rc = decode(data, n, &converted, &data, &n, &result->errors)) != 0)
		goto out;
	rc = csvfile_parse(&im.csv, data, n, &result->errors);
	if (rc != 0)
		goto out;
	rc = -1;
	if (smap_init(&im.lookups, 4096) < 0)
		goto out;
	rc = kind == IMPORT_SESSIONS ? import_sessions_run(&im) : institutions_run(&im);
out:
	if (rc == 1 && buf_failed(&result->errors))
		rc = -1;
	if (rc != 0)
		result->rows = result->institutions = result->courses = result->sessions = 0;
	smap_free(&im.lookups);
	csvfile_free(&im.csv);
	free(converted);
	return rc;
}

void import_result_free(struct import_result *r)
{
	if (r)
		buf_free(&r->errors);
}
