#include "db/db.h"

#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>

#include "db/schema.h"
#include "search/tokenize.h"

#define DB_EXT_MAX 4

struct db {
	sqlite3 *h;
	sqlite3_stmt *cache[ST__COUNT];
	int last_rc;
	struct {
		const void *key;
		void *p;
		void (*free_fn)(void *);
	} ext[DB_EXT_MAX];
};

/* Runs SQL text that the program itself owns (pragmas, migrations). */
/* SQLite's busy handler: while another connection holds the write lock,
 * wait in short steps (0.5 ms, so a waiting worker takes the lock soon
 * after it is free, where SQLite's own schedule sleeps up to 100 ms at a
 * time), for at most DB_BUSY_TIMEOUT_MS in all; then give up (SQLITE_BUSY). */
#define DB_BUSY_TIMEOUT_MS 5000
static int busy_wait(void *arg, int count)
{
	(void)arg;
	if (count >= DB_BUSY_TIMEOUT_MS * 2)
		return 0;
	struct timespec ts = {0, 500000};
	nanosleep(&ts, NULL);
	return 1;
}

static int exec_script(struct db *db, const char *sql)
{
	char *err = NULL;
	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "lifelong: sql: %s\n", err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

static int user_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Applies migrations after the current user_version, each atomically. */
static int migrate(struct db *db)
{
	int have = user_version(db), want = schema_migration_count();
	if (have < 0)
		return -1;
	if (have > want) {
		fprintf(stderr, "lifelong: database schema %d is newer than this "
			"program (%d); upgrade lifelong\n", have, want);
		return -1;
	}
	for (int v = have + 1; v <= want; v++) {
		char pragma[40];
		snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d;", v);
		if (exec_script(db, "BEGIN IMMEDIATE;") < 0)
			return -1;
		if (exec_script(db, schema_migration(v)) < 0 ||
		    exec_script(db, pragma) < 0) {
			exec_script(db, "ROLLBACK;");
			fprintf(stderr, "lifelong: migration %d failed\n", v);
			return -1;
		}
		if (exec_script(db, "COMMIT;") < 0)
			return -1;
	}
	return 0;
}

int db_schema_version(void)
{
	return schema_migration_count();
}

int db_open(struct db **out, const char *path, int flags)
{
	struct db *db = calloc(1, sizeof *db);
	int oflags = (flags & DB_OPEN_READONLY) ? SQLITE_OPEN_READONLY
		     : SQLITE_OPEN_READWRITE | ((flags & DB_OPEN_CREATE) ? SQLITE_OPEN_CREATE : 0);
	*out = NULL;
	if (!db)
		return -1;
	if (sqlite3_open_v2(path, &db->h, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		fprintf(stderr, "lifelong: cannot open %s: %s\n", path,
			db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_busy_handler(db->h, busy_wait, NULL);
	sqlite3_extended_result_codes(db->h, 1);
	/* the search index's tokenizer, needed by migrations and triggers */
	if (tok_register(db->h) < 0) {
		fprintf(stderr, "lifelong: this SQLite has no FTS5\n");
		goto fail;
	}
	if (exec_script(db, "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;") < 0)
		goto fail;
	if (!(flags & DB_OPEN_READONLY) && exec_script(db, "PRAGMA journal_mode=WAL;") < 0)
		goto fail;
	if ((flags & DB_OPEN_MIGRATE) && migrate(db) < 0)
		goto fail;
	if (!(flags & DB_OPEN_MIGRATE) && user_version(db) != schema_migration_count()) {
		fprintf(stderr, "lifelong: %s has schema %d, this program needs %d "
			"(run lifelong init or migrate)\n", path, user_version(db),
			schema_migration_count());
		goto fail;
	}
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < DB_EXT_MAX; i++)
		if (db->ext[i].key && db->ext[i].free_fn)
			db->ext[i].free_fn(db->ext[i].p);
	for (int i = 0; i < ST__COUNT; i++)
		sqlite3_finalize(db->cache[i]);
	sqlite3_close(db->h);
	free(db);
}

/* Binds the variadic values described by types to st. Returns 0 or -1. */
static int bind_args(struct db *db, sqlite3_stmt *st, const char *types, va_list ap)
{
	int rc = SQLITE_OK;
	for (int i = 1; types && *types && rc == SQLITE_OK; types++, i++) {
		switch (*types) {
		case 'i': rc = sqlite3_bind_int64(st, i, va_arg(ap, long long)); break;
		case 'I': {
			long long v = va_arg(ap, long long);
			rc = v == DB_NULL_INT ? sqlite3_bind_null(st, i) : sqlite3_bind_int64(st, i, v);
			break;
		}
		case 'd': rc = sqlite3_bind_double(st, i, va_arg(ap, double)); break;
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
			       : sqlite3_bind_null(st, i);
			break;
		}
		case 'b': {
			const void *p = va_arg(ap, const void *);
			size_t n = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(st, i, p, n, SQLITE_TRANSIENT);
			break;
		}
		case 'n': rc = sqlite3_bind_null(st, i); break;
		default: rc = SQLITE_MISUSE; break;
		}
	}
	db->last_rc = rc;
	return rc == SQLITE_OK ? 0 : -1;
}

static int vquery(struct db *db, struct dbq *q, enum stmt_id id,
		  const char *types, va_list ap)
{
	q->db = db;
	q->st = NULL;
	q->id = id;
	if ((int)id < 0 || id >= ST__COUNT)
		return -1;
	if (!db->cache[id]) {
		int rc = sqlite3_prepare_v3(db->h, stmt_sql(id), -1,
					    SQLITE_PREPARE_PERSISTENT, &db->cache[id], NULL);
		if (rc != SQLITE_OK) {
			fprintf(stderr, "lifelong: prepare %s: %s\n", stmt_name(id),
				sqlite3_errmsg(db->h));
			db->cache[id] = NULL;
			return -1;
		}
	}
	q->st = db->cache[id];
	if (bind_args(db, q->st, types, ap) < 0) {
		fprintf(stderr, "lifelong: bind %s: %s\n", stmt_name(id), sqlite3_errmsg(db->h));
		sqlite3_reset(q->st);
		sqlite3_clear_bindings(q->st);
		q->st = NULL;
		return -1;
	}
	return 0;
}

int db_query(struct db *db, struct dbq *q, enum stmt_id id, const char *types, ...)
{
	va_list ap;
	va_start(ap, types);
	int rc = vquery(db, q, id, types, ap);
	va_end(ap);
	return rc;
}

int db_next(struct dbq *q)
{
	if (!q->st)
		return -1;
	int rc = sqlite3_step(q->st);
	q->db->last_rc = rc;
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	if ((rc & 0xff) != SQLITE_CONSTRAINT)
		fprintf(stderr, "lifelong: step %s: %s\n", stmt_name(q->id),
			sqlite3_errmsg(q->db->h));
	return -1;
}

void db_done(struct dbq *q)
{
	if (q->st) {
		sqlite3_reset(q->st);
		sqlite3_clear_bindings(q->st);
		q->st = NULL;
	}
}

const char *db_text(struct dbq *q, int col)
{
	return (const char *)sqlite3_column_text(q->st, col);
}

const void *db_blob(struct dbq *q, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(q->st, col);
	*len = p ? (size_t)sqlite3_column_bytes(q->st, col) : 0;
	return p;
}

long long db_int(struct dbq *q, int col)
{
	return sqlite3_column_int64(q->st, col);
}

double db_real(struct dbq *q, int col)
{
	return sqlite3_column_double(q->st, col);
}

int db_is_null(struct dbq *q, int col)
{
	return sqlite3_column_type(q->st, col) == SQLITE_NULL;
}

int db_exec(struct db *db, enum stmt_id id, const char *types, ...)
{
	struct dbq q;
	va_list ap;
	va_start(ap, types);
	int rc = vquery(db, &q, id, types, ap);
	va_end(ap);
	if (rc == 0) {
		int s;
		while ((s = db_next(&q)) == 1)
			;
		rc = s;
	}
	db_done(&q);
	return rc;
}

int db_scalar(struct db *db, long long *out, enum stmt_id id, const char *types, ...)
{
	struct dbq q;
	va_list ap;
	va_start(ap, types);
	int rc = vquery(db, &q, id, types, ap);
	va_end(ap);
	if (rc == 0) {
		rc = db_next(&q);
		if (rc == 1)
			*out = db_int(&q, 0);
	}
	db_done(&q);
	return rc;
}

long long db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

int db_begin(struct db *db)
{
	return exec_script(db, "BEGIN IMMEDIATE;");
}

int db_commit(struct db *db)
{
	return exec_script(db, "COMMIT;");
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		sqlite3_exec(db->h, "ROLLBACK;", NULL, NULL, NULL);
}

const char *db_errmsg(struct db *db)
{
	return sqlite3_errmsg(db->h);
}

int db_is_constraint(struct db *db)
{
	return (db->last_rc & 0xff) == SQLITE_CONSTRAINT;
}

int db_is_busy(struct db *db)
{
	int e = sqlite3_errcode(db->h) & 0xff;
	return e == SQLITE_BUSY || e == SQLITE_LOCKED || (db->last_rc & 0xff) == SQLITE_BUSY;
}

void *db_ext_get(struct db *db, const void *key)
{
	for (int i = 0; i < DB_EXT_MAX; i++)
		if (db->ext[i].key == key)
			return db->ext[i].p;
	return NULL;
}

int db_ext_set(struct db *db, const void *key, void *p, void (*free_fn)(void *))
{
	int slot = -1;
	for (int i = 0; i < DB_EXT_MAX; i++) {
		if (db->ext[i].key == key) {
			slot = i;
			break;
		}
		if (!db->ext[i].key && slot < 0)
			slot = i;
	}
	if (slot < 0)
		return -1;
	db->ext[slot].key = key;
	db->ext[slot].p = p;
	db->ext[slot].free_fn = free_fn;
	return 0;
}
