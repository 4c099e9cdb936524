/* db — the thin SQL layer: open, migrate, prepare (from the statement
 * catalogue), bind, step, finalize. Handlers and commands talk to the
 * database only through this interface and the catalogue in statements.h,
 * so that another backend can stand behind it later.
 *
 * A struct db is one connection; it is not shared between threads.
 * Values are always bound, never formatted into SQL text. */
#ifndef LIFELONG_DB_DB_H
#define LIFELONG_DB_DB_H

#include <stddef.h>

#include "db/statements.h"

struct db;
struct sqlite3_stmt;

/* The value that the 'I' bind letter stores as NULL. */
#define DB_NULL_INT (-9223372036854775807LL - 1)

/* A running query: one statement of the catalogue, bound and stepping. */
struct dbq {
	struct db *db;
	struct sqlite3_stmt *st;
	enum stmt_id id;
};

enum db_open_flags {
	DB_OPEN_CREATE = 1,	/* create the file if missing */
	DB_OPEN_MIGRATE = 2,	/* bring the schema up to date */
	DB_OPEN_READONLY = 4,
};

/* Opens path with WAL, foreign keys and a busy timeout. With
 * DB_OPEN_MIGRATE, applies every numbered migration newer than the file's
 * PRAGMA user_version, each in its own transaction. Returns 0 and *out (free
 * with db_close), or -1 with a message on stderr. A database newer than this
 * program is refused. */
int db_open(struct db **out, const char *path, int flags);
/* Finalizes cached statements and closes. NULL is ignored. */
void db_close(struct db *db);
/* The schema version this program writes (the newest migration). */
int db_schema_version(void);

/* Starts a query: prepares (once per connection) the statement id and binds
 * its parameters from the variadic list described by types, one letter per
 * parameter: 'i' long long, 'd' double, 't' const char * (NULL binds NULL),
 * 'b' const void * then size_t (a blob), 'n' NULL (no argument),
 * 'I' long long bound as NULL when it equals DB_NULL_INT.
 * Returns 0, or -1 (logged) on a prepare or bind failure; q is then empty
 * and db_next() returns -1. Call db_done() in every case. */
int db_query(struct db *db, struct dbq *q, enum stmt_id id, const char *types, ...);
/* Steps: 1 = a row is ready, 0 = no more rows, -1 = error (logged). */
int db_next(struct dbq *q);
/* Resets the statement for reuse. Safe on an empty or failed query. */
void db_done(struct dbq *q);
/* Column accessors for the current row (column 0 first). Text is UTF-8,
 * valid until the next db_next/db_done; NULL for SQL NULL. */
const char *db_text(struct dbq *q, int col);
long long db_int(struct dbq *q, int col);
double db_real(struct dbq *q, int col);
int db_is_null(struct dbq *q, int col);
/* A blob (or text) column's bytes and their number in *len; NULL (and
 * *len 0) for SQL NULL. Valid until the next db_next/db_done. */
const void *db_blob(struct dbq *q, int col, size_t *len);

/* Runs a statement that returns no rows (or whose rows are ignored) to
 * completion. Same binding as db_query(). Returns 0 or -1. */
int db_exec(struct db *db, enum stmt_id id, const char *types, ...);
/* Runs a one-value query: 1 and *out when a row came, 0 when none, -1 error. */
int db_scalar(struct db *db, long long *out, enum stmt_id id, const char *types, ...);
/* The rowid of the last INSERT, and the rows changed by the last statement. */
long long db_last_id(struct db *db);
int db_changes(struct db *db);
/* Transactions. db_begin takes the write lock at once (BEGIN IMMEDIATE). */
int db_begin(struct db *db);
int db_commit(struct db *db);
/* Rolls back if a transaction is open; never fails. */
void db_rollback(struct db *db);
/* The last error message of this connection. */
const char *db_errmsg(struct db *db);
/* True if the last failure was a constraint violation (UNIQUE, CHECK, FK). */
int db_is_constraint(struct db *db);
/* True if the last failure was SQLITE_BUSY/LOCKED: another connection held
 * the write lock for longer than the busy timeout (5 s). */
int db_is_busy(struct db *db);

/* Per-connection state of a module (a cache that lives as long as the
 * connection), found by a key that the module owns (the address of one of
 * its statics). db_ext_get returns the pointer stored for key, or NULL.
 * db_ext_set stores p (replacing the pointer only: the old one is not
 * freed) and the function db_close calls on it; returns 0, or -1 when all
 * slots are taken. */
void *db_ext_get(struct db *db, const void *key);
int db_ext_set(struct db *db, const void *key, void *p, void (*free_fn)(void *));

#endif
