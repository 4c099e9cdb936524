/* sync — keeps the announcements (and, from iCalendar feeds, the
 * sessions of "external" courses) in step with the institutions' own
 * websites.
 *
 * One pass (sync_all) fetches every feed at once with libcurl's multi
 * interface: per feed a time limit, a size cap, at most 5 redirects, http
 * and https only, a conditional GET (If-None-Match / If-Modified-Since
 * from the last good fetch) and a User-Agent naming the project. Each
 * feed is then applied in its own transaction: a failure (network, HTTP
 * status, too large, not a feed) records feeds.last_error and keeps the
 * items it had; a success records last_success_at and the validators.
 * Items are matched by their key (feedparse.h); an item no longer listed
 * goes after two successful fetches in a row without it. Item HTML is
 * reduced with sanitize.h before it is stored.
 *
 * The syncer is the background thread of `serve`: its own database
 * connection, a pass every interval (the first one at start), stopped by
 * syncer_stop() within about a second. */
#ifndef LIFELONG_SYNC_SYNC_H
#define LIFELONG_SYNC_SYNC_H

#include <stdatomic.h>
#include <stddef.h>

struct db;

#define SYNC_USER_AGENT "lifelong/1.0 (Keelung lifelong-learning portal feed sync)"
#define SYNC_TIMEOUT_S 10
#define SYNC_MAX_BYTES (2 * 1024 * 1024)
#define SYNC_MAX_REDIRECTS 5
#define SYNC_MAX_ITEMS 200	/* kept per feed and fetch */

struct sync_options {
	long timeout_ms;	/* per feed; 0: SYNC_TIMEOUT_S */
	size_t max_bytes;	/* per feed; 0: SYNC_MAX_BYTES */
	int verbose;		/* one line per feed on stdout */
};

struct sync_report {
	int feeds, updated, not_modified, failed;
	long long items, added, removed;
};

/* Fetches and applies every feed once. stop (may be NULL) abandons the
 * transfers when it becomes non-zero. The process's TZ must be the
 * city's zone (event times are turned into its wall clock). Returns 0
 * (even when feeds failed: see rep), or -1 when the database failed. */
int sync_all(struct db *db, const struct sync_options *o, const atomic_int *stop,
	     struct sync_report *rep);

/* `lifelong sync --db FILE`: sets TZ from the database's city, runs one
 * pass, prints a line per feed and a summary. Returns the exit code: 0,
 * 1 on a database failure. */
int sync_command(const char *db_path, long timeout_s);

struct syncer;
/* Starts the thread for the database at db_path, a pass every
 * interval_min minutes (0: none, *out = NULL). Call after the schema is
 * migrated, after curl_global_init. Returns 0 or -1. */
int syncer_start(struct syncer **out, const char *db_path, int interval_min, long timeout_s);
/* Stops the thread (within about a second) and frees s; NULL ignored. */
void syncer_stop(struct syncer *s);

#endif
