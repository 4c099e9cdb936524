#include "search/snapshot.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "core/buf.h"
#include "db/db.h"
#include "search/search.h"

static const int snapshot_key;	/* its address names our db_ext slot */

/* Days from 1970-01-01 of a proleptic Gregorian date (Hinnant's formula). */
static long long days_from_civil(long long y, unsigned m, unsigned d)
{
	y -= m <= 2;
	long long era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long long)doe - 719468;
}

static void civil_from_days(long long z, int *y, int *m, int *d)
{
	z += 719468;
	long long era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

#define EPOCH_DAYS 10957	/* 2000-01-01 from 1970-01-01 */

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + s[i] - '0';
	}
	return v;
}

long long snap_minutes(const char *t)
{
	if (!t || strlen(t) < 10 || t[4] != '-' || t[7] != '-')
		return -1;
	int y = digits(t, 4), m = digits(t + 5, 2), d = digits(t + 8, 2), hh = 0, mm = 0;
	if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
		return -1;
	if (strlen(t) >= 16 && (t[10] == ' ' || t[10] == 'T') && t[13] == ':') {
		hh = digits(t + 11, 2);
		mm = digits(t + 14, 2);
		if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
			return -1;
	}
	long long days = days_from_civil(y, (unsigned)m, (unsigned)d) - EPOCH_DAYS;
	long long v = days * 1440 + hh * 60 + mm;
	return v < 0 ? 0 : v;
}

void snap_format(uint32_t m, char out[17])
{
	int y, mo, d;
	civil_from_days((long long)(m / 1440) + EPOCH_DAYS, &y, &mo, &d);
	char tmp[48];
	snprintf(tmp, sizeof tmp, "%04d-%02d-%02d %02u:%02u", y % 10000, mo % 100, d % 100,
		 (m % 1440) / 60, m % 60);
	memcpy(out, tmp, 16);
	out[16] = '\0';
}

static uint32_t str_add(struct buf *b, const char *s)
{
	uint32_t off = (uint32_t)b->len;
	buf_append(b, s ? s : "", strlen(s ? s : "") + 1);
	return off;
}

int snapshot_course_index(const struct snapshot *s, long long id)
{
	if (s->by_id)
		return id >= 0 && id < s->by_id_n ? s->by_id[id] : -1;
	int lo = 0, hi = s->n_courses - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->courses[mid].id == id)
			return mid;
		if (s->courses[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

int snapshot_inst_index(const struct snapshot *s, long long id)
{
	int lo = 0, hi = s->n_insts - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (s->insts[mid].id == id)
			return mid;
		if (s->insts[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static uint16_t named_index(const struct snap_named *v, int n, long long id)
{
	for (int i = 0; i < n; i++)
		if (v[i].id == id)
			return (uint16_t)i;
	return SNAP_NONE;
}

static int code_index(const char *const *codes, const char *s)
{
	for (int i = 0; s && codes[i]; i++)
		if (!strcmp(codes[i], s))
			return i;
	return -1;
}

/* A language's display name in locale (ICU), added to the strings. */
static uint32_t language_name(struct buf *b, const char *tag, const char *locale)
{
	char id[ULOC_FULLNAME_CAPACITY], out[256];
	UChar name[128];
	UErrorCode e = U_ZERO_ERROR;
	int32_t parsed = 0, n;
	uloc_forLanguageTag(tag, id, sizeof id, &parsed, &e);
	if (U_SUCCESS(e)) {
		n = uloc_getDisplayName(id, locale, name, 128, &e);
		if (U_SUCCESS(e) && e != U_USING_DEFAULT_WARNING) {
			u_strToUTF8(out, sizeof out, NULL, name, n, &e);
			if (U_SUCCESS(e))
				return str_add(b, out);
		}
	}
	return str_add(b, tag);
}

static uint16_t language_index(struct snapshot *s, struct buf *b, const char *tag)
{
	for (int i = 0; i < s->n_languages; i++)
		if (!strcmp(b->data + s->languages[i].code, tag))
			return (uint16_t)i;
	if (s->n_languages >= SNAP_MAX_DIM)
		return SNAP_NONE;
	struct snap_named *l = &s->languages[s->n_languages];
	l->code = str_add(b, tag);
	l->name_zh = language_name(b, tag, "zh_Hant");
	l->name_en = language_name(b, tag, "en");
	return (uint16_t)s->n_languages++;
}

/* Drops the rendered output kept for these data. */
static void cache_clear(struct snapshot *s)
{
	for (int i = 0; i < SNAP_CACHE; i++) {
		free(s->cache[i].key);
		free(s->cache[i].data);
		memset(&s->cache[i], 0, sizeof s->cache[i]);
	}
}

static void snapshot_free(struct snapshot *s)
{
	free(s->strings);
	free(s->courses);
	free(s->by_id);
	free(s->sessions);
	free(s->insts);
	free(s->kw_stamp);
	free(s->kw_score);
	free(s->hits);
	free(s->hit_start);
	free(s->hit_district);
	cache_clear(s);
	free(s);
}

void snapshot_release(struct snapshot *s)
{
	if (s && --s->refs == 0)
		snapshot_free(s);
}

static void release_hold(void *p)
{
	snapshot_release(p);
}

/* Reference tables: districts, types, categories, audiences, institutions. */
static int load_reference(struct db *db, struct snapshot *s, struct buf *b)
{
	struct dbq q;
	int rc = 0;
	db_query(db, &q, ST_SEARCH_DISTRICTS, "");
	while ((rc = db_next(&q)) == 1 && s->n_districts < SNAP_MAX_DIM) {
		struct snap_named *d = &s->districts[s->n_districts++];
		d->id = db_int(&q, 0);
		d->code = d->name_zh = str_add(b, db_text(&q, 1));
		d->name_en = str_add(b, db_text(&q, 2));
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	db_query(db, &q, ST_SEARCH_TYPES, "");
	while ((rc = db_next(&q)) == 1 && s->n_types < SNAP_MAX_DIM) {
		struct snap_named *t = &s->types[s->n_types++];
		t->id = db_int(&q, 0);
		t->code = str_add(b, db_text(&q, 1));
		t->name_zh = str_add(b, db_text(&q, 2));
		t->name_en = str_add(b, db_text(&q, 3));
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		const char *const *codes = pass ? search_audience_codes : search_category_codes;
		struct snap_named *v = pass ? s->audiences : s->categories;
		for (int i = 0; codes[i]; i++)
			v[i].code = v[i].name_zh = str_add(b, codes[i]);
		db_query(db, &q, pass ? ST_SEARCH_AUDIENCES : ST_SEARCH_CATEGORIES, "");
		while ((rc = db_next(&q)) == 1) {
			int i = code_index(codes, db_text(&q, 0));
			if (i >= 0) {
				v[i].name_zh = str_add(b, db_text(&q, 1));
				v[i].name_en = str_add(b, db_text(&q, 2));
			}
		}
		db_done(&q);
		if (rc < 0)
			return -1;
	}
	size_t cap = 64;
	s->insts = malloc(cap * sizeof *s->insts);
	db_query(db, &q, ST_SEARCH_INSTITUTIONS, "");
	while (s->insts && (rc = db_next(&q)) == 1) {
		if ((size_t)s->n_insts == cap) {
			struct snap_inst *p = realloc(s->insts, (cap *= 2) * sizeof *p);
			if (!p) {
				rc = -1;
				break;
			}
			s->insts = p;
		}
		struct snap_inst *in = &s->insts[s->n_insts++];
		in->id = db_int(&q, 0);
		in->name = str_add(b, db_text(&q, 1));
		in->type = named_index(s->types, s->n_types, db_int(&q, 2));
		in->district = db_is_null(&q, 3) ? SNAP_NONE
			       : named_index(s->districts, s->n_districts, db_int(&q, 3));
	}
	db_done(&q);
	return !s->insts || rc < 0 ? -1 : 0;
}

struct newest_key {
	uint32_t created;	/* string offset of created_at */
	int index;
};

static int cmp_newest(const void *a, const void *b, void *ctx)
{
	const struct newest_key *x = a, *y = b;
	const char *strings = ctx;
	int c = strcmp(strings + y->created, strings + x->created);
	return c ? c : y->index - x->index;
}

/* The places left of every course: capacity less enrolled registrations. */
static int load_seats(struct db *db, struct snapshot *s)
{
	struct dbq q;
	int rc = 0;
	for (int i = 0; i < s->n_courses; i++)
		s->courses[i].seats_left = s->courses[i].capacity;
	db_query(db, &q, ST_SEARCH_SEATS_TAKEN, "");
	while ((rc = db_next(&q)) == 1) {
		int i = snapshot_course_index(s, db_int(&q, 0));
		if (i >= 0 && s->courses[i].capacity >= 0) {
			long long left = s->courses[i].capacity - db_int(&q, 1);
			s->courses[i].seats_left = (int32_t)(left < 0 ? 0 : left);
		}
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Courses, their audiences and places taken, and the newest ranking. */
static int load_courses(struct db *db, struct snapshot *s, struct buf *b)
{
	struct dbq q;
	int rc = 0;
	size_t cap = 1024;
	struct newest_key *keys = malloc(cap * sizeof *keys);
	s->courses = malloc(cap * sizeof *s->courses);
	db_query(db, &q, ST_SEARCH_COURSES, "");
	while (keys && s->courses && (rc = db_next(&q)) == 1) {
		if ((size_t)s->n_courses == cap) {
			cap *= 2;
			struct snap_course *p = realloc(s->courses, cap * sizeof *p);
			struct newest_key *k = p ? realloc(keys, cap * sizeof *k) : NULL;
			if (p)
				s->courses = p;
			if (k)
				keys = k;
			if (!p || !k) {
				rc = -1;
				break;
			}
		}
		struct snap_course *c = &s->courses[s->n_courses];
		memset(c, 0, sizeof *c);
		c->id = db_int(&q, 0);
		c->inst = snapshot_inst_index(s, db_int(&q, 1));
		c->title = str_add(b, db_text(&q, 2));
		int cat = code_index(search_category_codes, db_text(&q, 3));
		c->category = (uint8_t)(cat < 0 ? 0xff : cat);
		c->language = language_index(s, b, db_text(&q, 4) ? db_text(&q, 4) : "");
		c->fee = (int32_t)db_int(&q, 5);
		int fmt = code_index(search_format_codes, db_text(&q, 6));
		c->format = (uint8_t)(fmt < 0 ? 0xff : fmt);
		c->childcare = db_int(&q, 7) != 0;
		c->capacity = c->seats_left = (int32_t)db_int(&q, 8);
		keys[s->n_courses].created = str_add(b, db_text(&q, 9));
		keys[s->n_courses].index = s->n_courses;
		s->n_courses++;
	}
	db_done(&q);
	if (!keys || !s->courses || rc < 0 || b->failed)
		goto fail;
	/* a direct map from id to index when the ids are dense enough */
	long long max_id = s->n_courses ? s->courses[s->n_courses - 1].id : 0;
	if (max_id >= 0 && max_id < 4LL * s->n_courses + 4096) {
		s->by_id_n = max_id + 1;
		s->by_id = malloc((size_t)s->by_id_n * sizeof *s->by_id);
		if (s->by_id) {
			memset(s->by_id, 0xff, (size_t)s->by_id_n * sizeof *s->by_id);
			for (int i = 0; i < s->n_courses; i++)
				s->by_id[s->courses[i].id] = i;
		}
	}
	qsort_r(keys, (size_t)s->n_courses, sizeof *keys, cmp_newest, b->data);
	for (int i = 0; i < s->n_courses; i++)
		s->courses[keys[i].index].newest = (uint32_t)i;
	free(keys);
	keys = NULL;

	db_query(db, &q, ST_SEARCH_COURSE_AUDIENCES, "");
	while ((rc = db_next(&q)) == 1) {
		int i = snapshot_course_index(s, db_int(&q, 0));
		int a = code_index(search_audience_codes, db_text(&q, 1));
		if (i >= 0 && a >= 0)
			s->courses[i].audiences |= (uint16_t)(1u << a);
	}
	db_done(&q);
	if (rc < 0)
		goto fail;
	return load_seats(db, s);
fail:
	free(keys);
	return -1;
}

static int load_sessions(struct db *db, struct snapshot *s)
{
	struct dbq q;
	int rc = 0, cur = -1;
	long long cap = 4096, cur_id = -1;
	s->sessions = malloc((size_t)cap * sizeof *s->sessions);
	db_query(db, &q, ST_SEARCH_SESSIONS, "");
	while (s->sessions && (rc = db_next(&q)) == 1) {
		long long cid = db_int(&q, 0), m = snap_minutes(db_text(&q, 1));
		if (cid != cur_id) {
			cur_id = cid;
			cur = snapshot_course_index(s, cid);
			if (cur >= 0)
				s->courses[cur].sess_off = (uint32_t)s->n_sessions;
		}
		if (cur < 0 || m < 0 || m > UINT32_MAX)
			continue;
		if (s->n_sessions == cap) {
			struct snap_session *p = realloc(s->sessions, (size_t)(cap *= 2) * sizeof *p);
			if (!p) {
				rc = -1;
				break;
			}
			s->sessions = p;
		}
		struct snap_session *x = &s->sessions[s->n_sessions++];
		uint32_t mod = (uint32_t)(m % 1440);
		x->start = (uint32_t)m;
		x->district = named_index(s->districts, s->n_districts, db_int(&q, 2));
		x->weekday = (uint8_t)((m / 1440 + 5) % 7 + 1);
		x->timebit = mod < 12 * 60 ? SEARCH_MORNING : mod < 18 * 60 ? SEARCH_AFTERNOON
							     : SEARCH_EVENING;
		s->courses[cur].sess_n++;
	}
	db_done(&q);
	return !s->sessions || rc < 0 ? -1 : 0;
}

static struct snapshot *snapshot_build(struct db *db, long long version, long long seats)
{
	struct snapshot *s = calloc(1, sizeof *s);
	struct buf b = BUF_INIT;
	if (!s)
		return NULL;
	s->refs = 1;
	s->version = version;
	s->seats_version = seats;
	str_add(&b, "");
	if (load_reference(db, s, &b) < 0 || load_courses(db, s, &b) < 0 ||
	    load_sessions(db, s) < 0 || b.failed)
		goto fail;
	size_t n = (size_t)s->n_courses + 1;
	s->kw_stamp = calloc(n, sizeof *s->kw_stamp);
	s->kw_score = calloc(n, sizeof *s->kw_score);
	s->hits = malloc(n * sizeof *s->hits);
	s->hit_start = malloc(n * sizeof *s->hit_start);
	s->hit_district = malloc(n * sizeof *s->hit_district);
	if (!s->kw_stamp || !s->kw_score || !s->hits || !s->hit_start || !s->hit_district)
		goto fail;
	s->strings = buf_detach(&b, NULL);
	if (!s->strings)
		goto fail;
	return s;
fail:
	buf_free(&b);
	snapshot_free(s);
	return NULL;
}

struct snapshot *snapshot_get(struct db *db)
{
	struct snapshot *s = db_ext_get(db, &snapshot_key);
	struct dbq q;
	long long version = -1, seats = -1;
	if (db_query(db, &q, ST_SEARCH_VERSION, "") == 0 && db_next(&q) == 1) {
		version = db_int(&q, 0);
		seats = db_int(&q, 1);
	}
	db_done(&q);
	if (version < 0)
		return NULL;
	if (s && s->version == version && s->seats_version != seats) {
		/* only registrations changed: reload the places left */
		if (load_seats(db, s) < 0)
			return NULL;
		s->seats_version = seats;
		cache_clear(s);
	}
	if (!s || s->version != version) {
		struct snapshot *fresh = snapshot_build(db, version, seats);
		if (!fresh) {
			fprintf(stderr, "lifelong: search: cannot load the course table\n");
			return NULL;
		}
		if (db_ext_set(db, &snapshot_key, fresh, release_hold) < 0) {
			snapshot_free(fresh);
			return NULL;
		}
		snapshot_release(s);
		s = fresh;
	}
	s->refs++;
	return s;
}
