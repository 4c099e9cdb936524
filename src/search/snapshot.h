/* snapshot — (internal to src/search) the in-memory table of every
 * published course's facet attributes and sessions, one per database
 * connection (so per worker thread; never shared), rebuilt when
 * search_state.version in the database moved. Searches filter and count it
 * in one pass in C; FTS5 answers only the keyword part. */
#ifndef LIFELONG_SEARCH_SNAPSHOT_H
#define LIFELONG_SEARCH_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

struct db;

#define SNAP_MAX_DIM 64		/* districts, types, languages with own facet bits */
#define SNAP_NONE 0xffff	/* unknown district / type / language */

struct snap_session {
	uint32_t start;		/* minutes since 2000-01-01 00:00 local time */
	uint16_t district;	/* index into districts, or SNAP_NONE */
	uint8_t weekday;	/* 1 Monday .. 7 Sunday */
	uint8_t timebit;	/* SEARCH_MORNING / AFTERNOON / EVENING */
};

struct snap_course {
	long long id;
	uint32_t sess_off, sess_n;	/* its sessions, sorted by start */
	uint32_t title;			/* string offsets */
	uint32_t newest;		/* rank: 0 = the most recently created */
	int32_t inst;			/* index into insts */
	int32_t fee;
	int32_t capacity;		/* -1: no limit */
	int32_t seats_left;		/* -1: no limit */
	uint16_t audiences;		/* bit i: search_audience_codes[i] */
	uint16_t language;		/* index into languages */
	uint8_t category;		/* index into search_category_codes */
	uint8_t format;			/* index into search_format_codes */
	uint8_t childcare;
};

struct snap_inst {
	long long id;
	uint32_t name;
	uint16_t type, district;	/* indexes, or SNAP_NONE */
};

struct snap_named {
	long long id;
	uint32_t code, name_zh, name_en;	/* string offsets (code: type code,
						 * district name, language tag) */
};

#define SNAP_CACHE 64		/* rendered results kept per snapshot */
#define SNAP_CACHE_MAX_BYTES (256 * 1024)

struct snap_cached {
	char *key, *data;
	size_t len;
	uint64_t used;		/* tick of the last use; 0 = empty */
};

struct snapshot {
	int refs;			/* the connection's hold + live results */
	long long version, seats_version;
	char *strings;			/* every string, NUL-terminated */
	struct snap_course *courses;	/* sorted by id */
	int n_courses;
	int32_t *by_id;			/* course id -> index (-1 none), ids
					 * 0..by_id_n-1; NULL when ids are sparse */
	long long by_id_n;
	struct snap_session *sessions;
	long long n_sessions;
	struct snap_inst *insts;	/* sorted by id */
	int n_insts;
	struct snap_named districts[SNAP_MAX_DIM], types[SNAP_MAX_DIM],
		languages[SNAP_MAX_DIM], categories[16], audiences[16];
	int n_districts, n_types, n_languages;
	/* scratch space of one search, sized n_courses */
	uint32_t *kw_stamp;		/* == stamp: matched the keyword */
	float *kw_score;
	uint32_t stamp;
	int32_t *hits;			/* matching course indexes */
	uint32_t *hit_start;		/* per hit: the first matching session */
	uint16_t *hit_district;
	/* rendered output for these data (search_cache_get/put) */
	struct snap_cached cache[SNAP_CACHE];
	uint64_t tick;
};

/* The connection's snapshot, rebuilt first if the data changed. The
 * caller gets a reference: release it with snapshot_release(). NULL on a
 * database failure (logged). */
struct snapshot *snapshot_get(struct db *db);
void snapshot_release(struct snapshot *s);

static inline const char *snap_str(const struct snapshot *s, uint32_t off)
{
	return s->strings + off;
}

/* Index of the course / institution with id, or -1. */
int snapshot_course_index(const struct snapshot *s, long long id);
int snapshot_inst_index(const struct snapshot *s, long long id);

/* Minutes since 2000-01-01 00:00 of "YYYY-MM-DD[ HH:MM]" (0 when before,
 * -1 when not a date). */
long long snap_minutes(const char *text);
/* Writes "YYYY-MM-DD HH:MM" for minutes m into out[17]. */
void snap_format(uint32_t m, char out[17]);

#endif
