#include "db/seed.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/text.h"
#include "db/csvfile.h"
#include "db/db.h"
#include "db/import.h"
#include "db/import_check.h"
#include "kpi/kpi.h"

#define MAX_COLS 12
#define MAX_YEARS 16

/* One seed run: the file being read and the plan written so far. */
struct seed {
	struct db *db;
	const char *dir;
	char path[PATH_MAX];
	struct csvfile csv;
	int col[MAX_COLS];
	long long plan;
};

/* Prints "lifelong: seed: <file>: line N: <message>" (line 0: no line). */
static void seed_msg(const struct seed *s, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seed_msg(const struct seed *s, int line, const char *fmt, ...)
{
	va_list ap;
	if (line > 0)
		fprintf(stderr, "lifelong: seed: %s: line %d: ", s->path, line);
	else
		fprintf(stderr, "lifelong: seed: %s: ", s->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* Prints each "line N: …" line of text prefixed with the file's path. */
static void seed_msgs(const struct seed *s, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		fprintf(stderr, "lifelong: seed: %s: %.*s\n", s->path, (int)n, p);
		p += n + (p[n] == '\n');
	}
}

/* Sets s->path to dir/file. Returns 0, or -1 if it does not fit. */
static int seed_path(struct seed *s, const char *file)
{
	int n = snprintf(s->path, sizeof s->path, "%s/%s", s->dir, file);
	return n > 0 && (size_t)n < sizeof s->path ? 0 : -1;
}

/* Reads dir/file (UTF-8) into s->csv and maps its header to cols (extra
 * columns allowed when allow_unknown). Returns 0 or -1 (reported). */
static int seed_open(struct seed *s, const char *file, const char *const *cols, int n,
		     int allow_unknown)
{
	struct buf err = BUF_INIT;
	char *data = NULL;
	size_t len = 0;
	int rc = -1;
	csvfile_free(&s->csv);
	if (seed_path(s, file) < 0 || csvfile_slurp(s->path, &data, &len) < 0) {
		seed_msg(s, 0, "cannot read: %s", strerror(errno));
		goto out;
	}
	if (!text_utf8_valid(data, len)) {
		seed_msg(s, 0, "is not UTF-8 text");
		goto out;
	}
	if (csvfile_parse(&s->csv, data, len, &err) != 0 ||
	    csvfile_header(&s->csv, cols, n, allow_unknown, s->col, &err) != 0) {
		seed_msgs(s, buf_failed(&err) ? "out of memory" : buf_cstr(&err));
		goto out;
	}
	rc = 0;
out:
	free(data);
	buf_free(&err);
	return rc;
}

/* Field col of row r of the open file. */
static const char *fld(const struct seed *s, size_t r, int col)
{
	return csvfile_get(&s->csv, r, s->col[col]);
}

/* Parses an optional whole number (empty gives -1). Returns 0, or -1
 * (reported). */
static int opt_count(const struct seed *s, size_t r, int col, const char *what, long long *out)
{
	const char *v = fld(s, r, col);
	*out = -1;
	if (!*v || chk_count(v, 1000000000000LL, out) == 0)
		return 0;
	seed_msg(s, csvfile_line(&s->csv, r), "%s: '%s' is not a whole number", what, v);
	return -1;
}

/* Reports the database error for row r and returns -1. */
static int row_failed(const struct seed *s, size_t r)
{
	seed_msg(s, csvfile_line(&s->csv, r), "%s", db_errmsg(s->db));
	return -1;
}

/* city.csv: key,value rows into meta. Returns 0 or -1 (reported). */
static int load_city(struct seed *s)
{
	static const char *const cols[] = {"key", "value"};
	if (seed_open(s, "city.csv", cols, 2, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++)
		if (db_exec(s->db, ST_META_SET, "tt", fld(s, r, 0), fld(s, r, 1)) < 0)
			return row_failed(s, r);
	return 0;
}

/* districts.csv: the districts (population optional). Returns 0 or -1
 * (reported). */
static int load_districts(struct seed *s)
{
	static const char *const cols[] = {"name_zh", "name_en", "postcode", "population",
					   "population_year"};
	long long pop;
	if (seed_open(s, "districts.csv", cols, 5, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++) {
		if (opt_count(s, r, 3, "population", &pop) < 0)
			return -1;
		if (db_exec(s->db, ST_DISTRICT_INSERT, "tttit", fld(s, r, 0), fld(s, r, 1),
			    fld(s, r, 2), pop, imp_nz(fld(s, r, 4))) < 0)
			return row_failed(s, r);
	}
	return 0;
}

/* Stores each feature's geometry of districts.geojson as its district's
 * boundary (matched by properties.name_zh). */
static int load_boundaries(struct seed *s)
{
	json_error_t jerr;
	json_t *root = NULL, *feature;
	size_t i;
	int rc = -1;
	if (seed_path(s, "districts.geojson") < 0) {
		seed_msg(s, 0, "path too long");
		goto out;
	}
	if (!(root = json_load_file(s->path, 0, &jerr))) {
		seed_msg(s, jerr.line, "%s", jerr.text);
		goto out;
	}
	json_array_foreach(json_object_get(root, "features"), i, feature) {
		const char *name = json_string_value(
			json_object_get(json_object_get(feature, "properties"), "name_zh"));
		json_t *geom = json_object_get(feature, "geometry");
		const char *type = json_string_value(json_object_get(geom, "type"));
		if (!name || !type || (strcmp(type, "Polygon") && strcmp(type, "MultiPolygon"))) {
			seed_msg(s, 0, "feature %zu: needs properties.name_zh and a Polygon or "
				 "MultiPolygon geometry", i + 1);
			goto out;
		}
		char *text = json_dumps(geom, JSON_COMPACT);
		int ok = text && db_exec(s->db, ST_DISTRICT_SET_BOUNDARY, "tt", name, text) == 0;
		free(text);
		if (!ok || db_changes(s->db) != 1) {
			seed_msg(s, 0, "feature %zu: %s", i + 1,
				 ok ? "no district of that name_zh in districts.csv" : db_errmsg(s->db));
			goto out;
		}
	}
	rc = 0;
out:
	json_decref(root);
	return rc;
}

/* institution-types.csv. Returns 0 or -1 (reported). */
static int load_types(struct seed *s)
{
	static const char *const cols[] = {"code", "name_zh", "name_en", "planned_count", "note"};
	long long planned;
	if (seed_open(s, "institution-types.csv", cols, 5, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++) {
		if (opt_count(s, r, 3, "planned_count", &planned) < 0)
			return -1;
		if (db_exec(s->db, ST_TYPE_INSERT, "tttit", fld(s, r, 0), fld(s, r, 1),
			    fld(s, r, 2), planned, imp_nz(fld(s, r, 4))) < 0)
			return row_failed(s, r);
	}
	return 0;
}

/* plan.csv: key,value rows giving one plan; sets s->plan. Returns 0 or -1
 * (reported). */
static int load_plan(struct seed *s)
{
	static const char *const cols[] = {"key", "value"};
	static const char *const keys[] = {"code", "title_zh", "title_en", "first_year",
					   "last_year", "vision_zh", "vision_en"};
	const char *v[7] = {NULL};
	long long first, last;
	if (seed_open(s, "plan.csv", cols, 2, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++) {
		size_t k = 0;
		while (k < 7 && strcmp(fld(s, r, 0), keys[k]) != 0)
			k++;
		if (k == 7) {
			seed_msg(s, csvfile_line(&s->csv, r), "key: '%s' is unknown", fld(s, r, 0));
			return -1;
		}
		v[k] = imp_nz(fld(s, r, 1));
	}
	if (!v[0] || !v[1] || !v[3] || !v[4] || chk_count(v[3], 9999, &first) < 0 ||
	    chk_count(v[4], 9999, &last) < 0) {
		seed_msg(s, 0, "needs code, title_zh and first_year, last_year as years");
		return -1;
	}
	if (db_exec(s->db, ST_PLAN_INSERT, "tttiitt", v[0], v[1], v[2], first, last, v[5],
		    v[6]) < 0) {
		seed_msg(s, 0, "%s", db_errmsg(s->db));
		return -1;
	}
	s->plan = db_last_id(s->db);
	return 0;
}

/* plan-goals.csv: the goals of the plan loaded by load_plan(). Returns 0
 * or -1 (reported). */
static int load_goals(struct seed *s)
{
	static const char *const cols[] = {"goal", "title_zh", "title_en"};
	long long n;
	if (seed_open(s, "plan-goals.csv", cols, 3, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++) {
		if (chk_count(fld(s, r, 0), 1000, &n) < 0) {
			seed_msg(s, csvfile_line(&s->csv, r), "goal: not a number");
			return -1;
		}
		if (db_exec(s->db, ST_GOAL_INSERT, "iitt", s->plan, n, fld(s, r, 1),
			    imp_nz(fld(s, r, 2))) < 0)
			return row_failed(s, r);
	}
	return 0;
}

/* plan-programmes.csv, each tied to its goal. Returns 0 or -1 (reported). */
static int load_programmes(struct seed *s)
{
	static const char *const cols[] = {"programme", "goal", "title_zh", "title_en",
					   "lead_agencies"};
	long long n, goal, goal_id;
	if (seed_open(s, "plan-programmes.csv", cols, 5, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++) {
		int line = csvfile_line(&s->csv, r);
		if (chk_count(fld(s, r, 0), 1000, &n) < 0 || chk_count(fld(s, r, 1), 1000, &goal) < 0) {
			seed_msg(s, line, "programme, goal: numbers are needed");
			return -1;
		}
		if (db_scalar(s->db, &goal_id, ST_GOAL_ID, "ii", s->plan, goal) != 1) {
			seed_msg(s, line, "goal: %lld is not in plan-goals.csv", goal);
			return -1;
		}
		if (db_exec(s->db, ST_PROGRAMME_INSERT, "iiittt", s->plan, goal_id, n,
			    fld(s, r, 2), imp_nz(fld(s, r, 3)), fld(s, r, 4)) < 0)
			return row_failed(s, r);
	}
	return 0;
}

/* plan-indicators.csv, with one target_YYYY column per year (targets keyed
 * by that Gregorian year; sort = file order). Returns 0 or -1 (reported). */
static int load_indicators(struct seed *s)
{
	static const char *const cols[] = {"indicator_id", "programme", "name_zh", "name_en",
					   "unit"};
	int ycol[MAX_YEARS], nyears = 0;
	long long year[MAX_YEARS], prog, prog_id, id;
	double target;
	if (seed_open(s, "plan-indicators.csv", cols, 5, 1) < 0)
		return -1;
	for (int c = 0; c < s->csv.rows[0].nfields; c++) {
		const char *h = csvfile_get(&s->csv, 0, c);
		if (strncmp(h, "target_", 7) != 0)
			continue;
		if (nyears == MAX_YEARS || chk_count(h + 7, 9999, &year[nyears]) < 0) {
			seed_msg(s, csvfile_line(&s->csv, 0), "header: '%s' is not target_YYYY", h);
			return -1;
		}
		ycol[nyears++] = c;
	}
	for (size_t r = 1; r < s->csv.nrows; r++) {
		int line = csvfile_line(&s->csv, r);
		if (chk_count(fld(s, r, 1), 1000, &prog) < 0 ||
		    db_scalar(s->db, &prog_id, ST_PROGRAMME_ID, "ii", s->plan, prog) != 1) {
			seed_msg(s, line, "programme: '%s' is not in plan-programmes.csv", fld(s, r, 1));
			return -1;
		}
		if (db_exec(s->db, ST_INDICATOR_INSERT, "iitttti", s->plan, prog_id, fld(s, r, 0),
			    fld(s, r, 2), imp_nz(fld(s, r, 3)), fld(s, r, 4), (long long)r) < 0)
			return row_failed(s, r);
		id = db_last_id(s->db);
		for (int y = 0; y < nyears; y++) {
			const char *v = csvfile_get(&s->csv, r, ycol[y]);
			if (!*v)
				continue;
			if (chk_number(v, 0, 1e15, &target) < 0) {
				seed_msg(s, line, "%s: '%s' is not a number",
					 csvfile_get(&s->csv, 0, ycol[y]), v);
				return -1;
			}
			if (db_exec(s->db, ST_TARGET_INSERT, "iid", id, year[y], target) < 0)
				return row_failed(s, r);
		}
	}
	return 0;
}

/* plan-rules.csv (optional): the measurement rule of each indicator
 * (src/kpi/rule.h), checked against the reference codes. Returns 0 or -1
 * (reported). */
static int load_rules(struct seed *s)
{
	static const char *const cols[] = {"indicator_id", "rule_kind", "rule_filter", "rule_text"};
	struct kpi_ref ref;
	struct kpi_filter f;
	struct buf err = BUF_INIT;
	enum kpi_kind kind;
	long long prog;
	int rc = -1;
	if (seed_path(s, "plan-rules.csv") < 0 || access(s->path, F_OK) != 0)
		return 0;
	if (seed_open(s, "plan-rules.csv", cols, 4, 0) < 0 || kpi_ref_load(s->db, &ref) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++) {
		int line = csvfile_line(&s->csv, r);
		if (db_scalar(s->db, &prog, ST_INDICATOR_PROGRAMME, "it", s->plan, fld(s, r, 0)) != 1) {
			seed_msg(s, line, "indicator_id: '%s' is not in plan-indicators.csv", fld(s, r, 0));
			goto out;
		}
		if (kpi_kind_parse(fld(s, r, 1), &kind) < 0) {
			seed_msg(s, line, "rule_kind: '%s' is not a rule kind", fld(s, r, 1));
			goto out;
		}
		if (kpi_filter_parse(&ref, kind, (int)prog, fld(s, r, 2), &f, &err) < 0) {
			while (err.len && err.data[err.len - 1] == '\n')
				err.data[--err.len] = '\0';
			seed_msg(s, line, "rule_filter: %s", buf_cstr(&err));
			goto out;
		}
		if (db_exec(s->db, ST_INDICATOR_SET_RULE, "itttt", s->plan, fld(s, r, 0), fld(s, r, 1),
			    fld(s, r, 2), fld(s, r, 3)) < 0) {
			row_failed(s, r);
			goto out;
		}
	}
	rc = 0;
out:
	buf_free(&err);
	return rc;
}

/* venues.csv: public venues, not tied to an institution. Returns 0 or -1
 * (reported). */
static int load_venues(struct seed *s)
{
	static const char *const cols[] = {"name", "kind", "district", "address", "lat", "lon"};
	long long district;
	double v;
	if (seed_open(s, "venues.csv", cols, 6, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++) {
		int line = csvfile_line(&s->csv, r);
		const char *d = fld(s, r, 2), *lat = fld(s, r, 4), *lon = fld(s, r, 5);
		district = 0;
		if (*d && db_scalar(s->db, &district, ST_DISTRICT_BY_NAME, "t", d) != 1) {
			seed_msg(s, line, "district: '%s' is not in districts.csv", d);
			return -1;
		}
		if (!*lat != !*lon || (*lat && (chk_number(lat, -90, 90, &v) < 0 ||
						chk_number(lon, -180, 180, &v) < 0))) {
			seed_msg(s, line, "lat, lon: both empty or both coordinates");
			return -1;
		}
		if (db_exec(s->db, ST_VENUE_UPSERT_PUBLIC, "ttittti", fld(s, r, 0), fld(s, r, 1),
			    district, imp_nz(fld(s, r, 3)), imp_nz(lat), imp_nz(lon),
			    (long long)(strcmp(fld(s, r, 1), "community_reading_station") == 0)) < 0)
			return row_failed(s, r);
	}
	return 0;
}

/* demo-faqs.csv: topic,question,answer — demo entries of the
 * consultation service's FAQ (is_demo); a city without the file has none.
 * Returns 0 or -1 (reported). */
static int load_demo_faqs(struct seed *s)
{
	static const char *const cols[] = {"topic", "question", "answer"};
	if (seed_path(s, "demo-faqs.csv") == 0 && access(s->path, F_OK) != 0)
		return 0;
	if (seed_open(s, "demo-faqs.csv", cols, 3, 0) < 0)
		return -1;
	for (size_t r = 1; r < s->csv.nrows; r++)
		if (db_exec(s->db, ST_FAQ_INSERT, "tttiii", fld(s, r, 1), fld(s, r, 2), fld(s, r, 0),
			    (long long)r, 1LL, 1LL) < 0)
			return row_failed(s, r);
	return 0;
}

/* Imports dir/file with import_csv(). Returns 0 or -1 (reported). */
static int seed_import(struct seed *s, const char *file, enum import_kind kind, int is_demo)
{
	struct import_result res;
	char *data = NULL;
	size_t len = 0;
	if (seed_path(s, file) < 0 || csvfile_slurp(s->path, &data, &len) < 0) {
		seed_msg(s, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	int rc = import_csv(s->db, kind, data, len, is_demo, &res);
	if (rc == 1)
		seed_msgs(s, buf_cstr(&res.errors));
	else if (rc < 0)
		seed_msg(s, 0, "the import failed");
	import_result_free(&res);
	free(data);
	return rc == 0 ? 0 : -1;
}

int seed_load(struct db *db, const char *dir, int demo)
{
	struct seed s = {.db = db, .dir = dir, .csv = CSVFILE_INIT};
	int rc = -1;
	if (db_begin(db) < 0)
		goto out;
	if (load_city(&s) < 0 || load_districts(&s) < 0 || load_boundaries(&s) < 0 ||
	    load_types(&s) < 0 || load_plan(&s) < 0 || load_goals(&s) < 0 ||
	    load_programmes(&s) < 0 || load_indicators(&s) < 0 || load_rules(&s) < 0 ||
	    load_venues(&s) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		goto out;
	}
	csvfile_free(&s.csv);
	if (seed_import(&s, "institutions.csv", IMPORT_INSTITUTIONS, 0) < 0)
		goto out;
	if (demo && (seed_import(&s, "demo-institutions.csv", IMPORT_INSTITUTIONS, 1) < 0 ||
		     seed_import(&s, "demo-sessions.csv", IMPORT_SESSIONS, 1) < 0))
		goto out;
	if (demo && load_demo_faqs(&s) < 0)
		goto out;
	rc = 0;
out:
	csvfile_free(&s.csv);
	return rc;
}

int seed_remove_demo(struct db *db)
{
	static const enum stmt_id deletes[] = {
		ST_DEMO_DELETE_COURSES, ST_DEMO_DELETE_VENUES, ST_DEMO_DELETE_INSTITUTIONS,
		ST_FAQ_DELETE_DEMO,
	};
	int removed = 0;
	if (db_begin(db) < 0)
		return -1;
	for (size_t i = 0; i < sizeof deletes / sizeof deletes[0]; i++) {
		if (db_exec(db, deletes[i], "") < 0) {
			db_rollback(db);
			return -1;
		}
		removed += db_changes(db);
	}
	if (db_commit(db) < 0) {
		db_rollback(db);
		return -1;
	}
	return removed;
}
