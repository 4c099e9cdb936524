/* import_sessions — the sessions kind of the CSV import: one row per dated
 * meeting; rows with the same institution and course title form a course
 * and must agree on the course-level fields. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/import_check.h"

enum {
	S_INSTITUTION, S_COURSE, S_CATEGORY, S_AUDIENCE, S_DISTRICT, S_VENUE, S_START, S_END,
	S_CAPACITY, S_FEE, S_FORMAT, S_LANGUAGE, S_CHILDCARE, S_PROGRAMME, S_ATTENDANCE,
	S_DESCRIPTION, S_URL, S__N
};

static const char *const sess_columns[S__N] = {
	"institution", "course", "category", "audience", "district", "venue", "start", "end",
	"capacity", "fee_twd", "format", "language", "childcare", "programme", "attendance",
	"description", "url",
};

/* The course-level columns, compared between the rows of one course. */
static const int course_level[] = {
	S_CATEGORY, S_AUDIENCE, S_FEE, S_FORMAT, S_LANGUAGE, S_CHILDCARE, S_PROGRAMME,
	S_CAPACITY, S_DESCRIPTION, S_URL,
};
#define N_COURSE_LEVEL (sizeof course_level / sizeof course_level[0])
#define MAX_AUDIENCES 64
#define DEFAULT_LANGUAGE "zh-Hant"

struct inst {
	long long id, district;	/* id 0: no such institution */
};

/* A course as defined by its first row, plus the parsed fields of a row. */
struct course {
	size_t row;
	int line, inst;
	const char *category, *format, *language, *description, *url;
	unsigned long long aud;	/* one bit per audience code */
	long long fee, programme, capacity, id;
	int childcare;
	unsigned bad;		/* 1 << column for each invalid field */
};

struct srow {
	int course;
	long long district, attendance;
};

struct sess {
	struct imp *im;
	struct inst *insts;
	struct course *courses;
	struct srow *rows;
	int ninsts, ncourses, naud;
	char *aud_code[MAX_AUDIENCES];
	struct smap inst_by_name, course_by_key, starts, aud_bit, venues;
	struct buf key;
};

/* Finds or looks up the institution called name; returns its index in
 * s->insts, or -1 on a database or memory failure. */
static int institution(struct sess *s, const char *name)
{
	long long v;
	struct dbq q;
	if (smap_get(&s->inst_by_name, name, &v))
		return (int)v;
	struct inst *in = &s->insts[s->ninsts];
	in->id = in->district = 0;
	int rc = db_query(s->im->db, &q, ST_INSTITUTION_BY_NAME, "t", name);
	if (rc == 0 && (rc = db_next(&q)) == 1) {
		in->id = db_int(&q, 0);
		in->district = db_is_null(&q, 1) ? 0 : db_int(&q, 1);
	}
	db_done(&q);
	if (rc < 0 || smap_put(&s->inst_by_name, name, s->ninsts, 0) < 0)
		return -1;
	return s->ninsts++;
}

/* Adds the audience code p[0..n) to *mask, or reports it as unknown.
 * Returns 0, or -1 on a database or memory failure. */
static int audience_code(struct sess *s, const char *p, size_t n, int line,
			 unsigned long long *mask, unsigned *bad)
{
	char code[64], clip[80];
	long long bit, exists;
	int rc = 0;
	snprintf(code, sizeof code, "%.*s", (int)n, p);
	if (smap_get(&s->aud_bit, code, &bit)) {
		*mask |= 1ull << bit;
		return 0;
	}
	if (n < sizeof code && (rc = imp_lookup(s->im, ST_AUDIENCE_EXISTS, code, &exists)) < 0)
		return -1;
	if (rc == 0 || s->naud == MAX_AUDIENCES) {
		imp_err(s->im, line, "audience", "'%s' is not an audience code", imp_clip(code, clip));
		*bad |= 1u << S_AUDIENCE;
		return 0;
	}
	bit = s->naud;
	if (!(s->aud_code[bit] = strdup(code)))
		return -1;
	s->naud++;
	*mask |= 1ull << bit;
	return smap_put(&s->aud_bit, code, bit, 1);
}

/* Parses the ';'-separated audience codes of field a into *mask (at least
 * one is needed). Reports problems. Returns 0, or -1 on a database or
 * memory failure. */
static int audiences(struct sess *s, const char *a, int line, unsigned long long *mask,
		     unsigned *bad)
{
	*mask = 0;
	for (const char *p = a;; p++) {
		size_t n = strcspn(p, ";");
		const char *b = p, *e = p + n;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e > b && audience_code(s, b, (size_t)(e - b), line, mask, bad) < 0)
			return -1;
		p += n;
		if (!*p)
			break;
	}
	if (!*mask && !(*bad & (1u << S_AUDIENCE))) {
		imp_err(s->im, line, "audience", "at least one audience code is required");
		*bad |= 1u << S_AUDIENCE;
	}
	return 0;
}

/* Checks an optional whole number field: empty gives dflt. */
static void count_field(struct sess *s, size_t r, int col, long long lo, long long hi,
			long long dflt, long long *out, unsigned *bad)
{
	const char *v = imp_get(s->im, r, col);
	char clip[80];
	*out = dflt;
	if (*v && (chk_count(v, hi, out) < 0 || *out < lo)) {
		imp_err(s->im, csvfile_line(&s->im->csv, r), sess_columns[col],
			"'%s' is not a whole number from %lld to %lld", imp_clip(v, clip), lo, hi);
		*bad |= 1u << col;
	}
}

/* Validates every field of row r into *c (course level) and *sr. Reports
 * problems. Returns 0, or -1 on a database or memory failure. */
static int parse_row(struct sess *s, size_t r, struct course *c, struct srow *sr)
{
	struct imp *im = s->im;
	int line = csvfile_line(&im->csv, r), rc;
	const char *name = imp_get(im, r, S_INSTITUTION), *v;
	char clip[80], clip2[80];
	long long id;

	memset(c, 0, sizeof *c);
	c->row = r;
	c->line = line;
	c->inst = -1;
	imp_check_width(im, r);
	if (!*name) {
		imp_err(im, line, "institution", "is required");
	} else if ((c->inst = institution(s, name)) < 0) {
		return -1;
	} else if (im->opt->only_institution && strcmp(name, im->opt->only_institution)) {
		imp_err(im, line, "institution", "'%s' is not your institution; you may import "
			"only rows of '%s'", imp_clip(name, clip), im->opt->only_institution);
	} else if (!s->insts[c->inst].id) {
		imp_err(im, line, "institution", "there is no institution named '%s' "
			"(import it with the institutions file first)", imp_clip(name, clip));
	}
	if (!*imp_get(im, r, S_COURSE))
		imp_err(im, line, "course", "is required");
	c->category = imp_get(im, r, S_CATEGORY);
	if ((rc = imp_lookup(im, ST_CATEGORY_EXISTS, c->category, &id)) <= 0) {
		if (rc < 0)
			return -1;
		if (*c->category)
			imp_err(im, line, "category", "'%s' is not a category code",
				imp_clip(c->category, clip));
		else
			imp_err(im, line, "category", "is required");
		c->bad |= 1u << S_CATEGORY;
	}
	if (audiences(s, imp_get(im, r, S_AUDIENCE), line, &c->aud, &c->bad) < 0)
		return -1;
	v = imp_get(im, r, S_DISTRICT);
	sr->district = c->inst >= 0 ? s->insts[c->inst].district : 0;
	if (*v && (rc = imp_lookup(im, ST_DISTRICT_BY_NAME, v, &sr->district)) <= 0) {
		if (rc < 0)
			return -1;
		imp_err(im, line, "district", "'%s' is not a district of the city", imp_clip(v, clip));
	}
	const char *start = imp_get(im, r, S_START), *end = imp_get(im, r, S_END);
	int start_ok = chk_datetime(start) == 0, end_ok = chk_datetime(end) == 0;
	if (!start_ok && !*start)
		imp_err(im, line, "start", "is required");
	else if (!start_ok)
		imp_err(im, line, "start", "'%s' is not a real date and time YYYY-MM-DD HH:MM",
			imp_clip(start, clip));
	if (!end_ok && !*end)
		imp_err(im, line, "end", "is required");
	else if (!end_ok)
		imp_err(im, line, "end", "'%s' is not a real date and time YYYY-MM-DD HH:MM",
			imp_clip(end, clip));
	if (start_ok && end_ok && strcmp(end, start) <= 0)
		imp_err(im, line, "end", "'%s' is not after the start '%s'", end, start);
	count_field(s, r, S_CAPACITY, 0, 1000000, -1, &c->capacity, &c->bad);
	count_field(s, r, S_FEE, 0, 100000000, 0, &c->fee, &c->bad);
	count_field(s, r, S_PROGRAMME, 1, 12, 0, &c->programme, &c->bad);
	count_field(s, r, S_ATTENDANCE, 0, 1000000, -1, &sr->attendance, &c->bad);
	c->format = imp_get(im, r, S_FORMAT);
	if (strcmp(c->format, "in_person") && strcmp(c->format, "online") &&
	    strcmp(c->format, "blended")) {
		imp_err(im, line, "format", "'%s' is not in_person, online or blended",
			imp_clip(c->format, clip));
		c->bad |= 1u << S_FORMAT;
	}
	c->language = imp_get(im, r, S_LANGUAGE);
	if (!*c->language) {
		c->language = DEFAULT_LANGUAGE;
	} else if (chk_language(c->language) < 0) {
		imp_err(im, line, "language", "'%s' is not a BCP 47 language tag (e.g. zh-Hant, en, vi)",
			imp_clip(c->language, clip));
		c->bad |= 1u << S_LANGUAGE;
	}
	v = imp_get(im, r, S_CHILDCARE);
	c->childcare = strcasecmp(v, "yes") == 0;
	if (*v && !c->childcare && strcasecmp(v, "no") != 0) {
		imp_err(im, line, "childcare", "'%s' is not yes or no", imp_clip(v, clip));
		c->bad |= 1u << S_CHILDCARE;
	}
	c->description = imp_get(im, r, S_DESCRIPTION);
	c->url = imp_get(im, r, S_URL);
	if (*c->url && chk_url(c->url) < 0) {
		imp_err(im, line, "url", "'%s' is not an http:// or https:// URL",
			imp_clip(c->url, clip2));
		c->bad |= 1u << S_URL;
	}
	return 0;
}

/* Returns 1 if column col of course a and row b carry the same value. */
static int same_field(const struct course *a, const struct course *b, int col)
{
	switch (col) {
	case S_CATEGORY: return strcmp(a->category, b->category) == 0;
	case S_AUDIENCE: return a->aud == b->aud;
	case S_FEE: return a->fee == b->fee;
	case S_FORMAT: return strcmp(a->format, b->format) == 0;
	case S_LANGUAGE: return strcasecmp(a->language, b->language) == 0;
	case S_CHILDCARE: return a->childcare == b->childcare;
	case S_PROGRAMME: return a->programme == b->programme;
	case S_CAPACITY: return a->capacity == b->capacity;
	case S_DESCRIPTION: return strcmp(a->description, b->description) == 0;
	default: return strcmp(a->url, b->url) == 0;
	}
}

/* Groups row r (parsed into *c) into its course and checks that it agrees
 * with the course's first row and repeats no start time. Returns 0 or -1
 * (memory). */
static int group_row(struct sess *s, size_t r, const struct course *c, struct srow *sr)
{
	struct imp *im = s->im;
	const char *title = imp_get(im, r, S_COURSE), *start = imp_get(im, r, S_START);
	char clip[80], clip2[80];
	long long v;
	sr->course = -1;
	if (c->inst < 0 || !*title)
		return 0;
	buf_reset(&s->key);
	buf_printf(&s->key, "%d\x1f%s", c->inst, title);
	if (buf_failed(&s->key))
		return -1;
	if (!smap_get(&s->course_by_key, s->key.data, &v)) {
		v = s->ncourses;
		s->courses[s->ncourses++] = *c;
		if (smap_put(&s->course_by_key, s->key.data, v, 1) < 0)
			return -1;
	} else {
		const struct course *first = &s->courses[v];
		for (size_t i = 0; i < N_COURSE_LEVEL; i++) {
			int col = course_level[i];
			if (((first->bad | c->bad) & (1u << col)) || same_field(first, c, col))
				continue;
			imp_err(im, c->line, sess_columns[col], "'%s' differs from '%s' on line %d, "
				"where the course was first defined",
				imp_clip(imp_get(im, r, col), clip),
				imp_clip(imp_get(im, first->row, col), clip2), first->line);
		}
	}
	sr->course = (int)v;
	if (chk_datetime(start) < 0)
		return 0;
	buf_reset(&s->key);
	buf_printf(&s->key, "%d\x1f%s", sr->course, start);
	if (buf_failed(&s->key))
		return -1;
	if (smap_get(&s->starts, s->key.data, &v)) {
		imp_err(im, c->line, "start", "the course already has a session starting at %s "
			"(line %lld)", start, v);
		return 0;
	}
	return smap_put(&s->starts, s->key.data, c->line, 1);
}

/* Finds or creates the venue called name of institution inst. Returns its
 * id, or 0 on a database failure. */
static long long venue(struct sess *s, long long inst, const char *name, long long district)
{
	long long id = 0;
	buf_reset(&s->key);
	buf_printf(&s->key, "%lld\x1f%s", inst, name);
	if (buf_failed(&s->key))
		return 0;
	if (smap_get(&s->venues, s->key.data, &id))
		return id;
	int rc = db_scalar(s->im->db, &id, ST_VENUE_FIND, "it", inst, name);
	if (rc == 1 && !s->im->is_demo && db_exec(s->im->db, ST_VENUE_CLEAR_DEMO, "i", id) < 0)
		rc = -1;
	if (rc == 0 && db_exec(s->im->db, ST_VENUE_INSERT, "ittii", inst, name, "room", district,
			       (long long)(s->im->is_demo != 0)) == 0) {
		id = db_last_id(s->im->db);
		rc = 1;
	}
	if (rc != 1 || smap_put(&s->venues, s->key.data, id, 1) < 0)
		return 0;
	return id;
}

/* Upserts course c with its audiences. Returns 0 or -1. */
static int write_course(struct sess *s, struct course *c)
{
	struct imp *im = s->im;
	struct dbq q;
	c->id = 0;
	if (db_query(im->db, &q, ST_COURSE_UPSERT, "ittttitiiiti", s->insts[c->inst].id,
		     imp_get(im, c->row, S_COURSE), c->description, c->category, c->language,
		     c->fee, c->format, (long long)c->childcare, c->programme, c->capacity,
		     imp_nz(c->url), (long long)(im->is_demo != 0)) == 0 && db_next(&q) == 1)
		c->id = db_int(&q, 0);
	db_done(&q);
	if (!c->id || db_exec(im->db, ST_COURSE_AUDIENCES_CLEAR, "i", c->id) < 0)
		return -1;
	for (int b = 0; b < s->naud; b++)
		if ((c->aud & (1ull << b)) &&
		    db_exec(im->db, ST_COURSE_AUDIENCE_ADD, "it", c->id, s->aud_code[b]) < 0)
			return -1;
	return 0;
}

/* Upserts the session of validated row r (finding or creating its venue).
 * Returns 0 or -1. */
static int write_session(struct sess *s, size_t r)
{
	struct imp *im = s->im;
	const struct srow *sr = &s->rows[r];
	const struct course *c = &s->courses[sr->course];
	const char *vname = imp_get(im, r, S_VENUE);
	long long vid = 0;
	if (*vname && !(vid = venue(s, s->insts[c->inst].id, vname, sr->district)))
		return -1;
	return db_exec(im->db, ST_SESSION_UPSERT, "iiitti", c->id, vid, sr->district,
		       imp_get(im, r, S_START), imp_get(im, r, S_END), sr->attendance);
}

/* Writes the validated courses and sessions, logging the failing line.
 * Returns 0 or -1; the caller rolls back. */
static int write_all(struct sess *s)
{
	struct imp *im = s->im;
	for (int i = 0; i < s->ncourses; i++) {
		if (write_course(s, &s->courses[i]) < 0) {
			fprintf(stderr, "lifelong: import: line %d: %s\n", s->courses[i].line,
				db_errmsg(im->db));
			return -1;
		}
	}
	for (size_t r = 1; r < im->csv.nrows; r++) {
		if (write_session(s, r) < 0) {
			fprintf(stderr, "lifelong: import: line %d: %s\n",
				csvfile_line(&im->csv, r), db_errmsg(im->db));
			return -1;
		}
	}
	return 0;
}

int import_sessions_run(struct imp *im)
{
	struct sess s = {.im = im, .key = BUF_INIT};
	size_t rows = im->csv.nrows;
	int rc = -1;

	if (csvfile_header(&im->csv, sess_columns, S__N, 0, im->col, &im->res->errors) != 0) {
		rc = 1;
		goto out;
	}
	s.insts = calloc(rows, sizeof *s.insts);
	s.courses = calloc(rows, sizeof *s.courses);
	s.rows = calloc(rows, sizeof *s.rows);
	if (!s.insts || !s.courses || !s.rows || smap_init(&s.inst_by_name, rows) < 0 ||
	    smap_init(&s.course_by_key, rows) < 0 || smap_init(&s.starts, rows) < 0 ||
	    smap_init(&s.aud_bit, MAX_AUDIENCES) < 0 || smap_init(&s.venues, rows) < 0)
		goto out;
	for (size_t r = 1; r < rows; r++) {
		struct course c;
		if (parse_row(&s, r, &c, &s.rows[r]) < 0 || group_row(&s, r, &c, &s.rows[r]) < 0)
			goto out;
	}
	if (im->nerr) {
		rc = 1;
		goto out;
	}
	im->res->rows = im->res->sessions = (int)rows - 1;
	im->res->courses = s.ncourses;
	im->res->institutions = s.ninsts;
	if (im->opt->dry_run) {
		rc = 0;
		goto out;
	}
	if (db_begin(im->db) < 0)
		goto out;
	if (write_all(&s) < 0) {
		db_rollback(im->db);
		goto out;
	}
	if (imp_commit(im) < 0)
		goto out;
	rc = 0;
out:
	free(s.insts);
	free(s.courses);
	free(s.rows);
	for (int i = 0; i < s.naud; i++)
		free(s.aud_code[i]);
	smap_free(&s.inst_by_name);
	smap_free(&s.course_by_key);
	smap_free(&s.starts);
	smap_free(&s.aud_bit);
	smap_free(&s.venues);
	buf_free(&s.key);
	return rc;
}
