/* retention — how long a consultation case keeps its personal data, and
 * the purge that enforces it (no HTTP in here: the pages, the alerts
 * thread of serve and `lifelong alerts` call it).
 *
 * An answered case with no new answer for INQUIRY_IDLE_CLOSE_DAYS is
 * closed; a closed case loses its question, contact data, notes, links
 * and queued mails INQUIRY_RETENTION_DAYS after closing (the period named
 * in the §8 notice). The row stays, without personal data, for the
 * statistics. */
#ifndef LIFELONG_INQUIRY_RETENTION_H
#define LIFELONG_INQUIRY_RETENTION_H

struct db;

#define INQUIRY_RETENTION_DAYS 365	/* after closing */
#define INQUIRY_IDLE_CLOSE_DAYS 30	/* an answered case left this long is closed */

/* Removes the personal data of case id (0: of every case closed longer
 * ago than INQUIRY_RETENTION_DAYS) and marks it closed and redacted.
 * Inside the caller's transaction. Returns 0 or -1. */
int inquiry_purge(struct db *db, long long id);

/* One run of the rules above in its own transaction: closes the idle
 * answered cases, then purges the expired ones. Returns the number of
 * cases closed, or -1 on a database error (rolled back). */
int inquiry_retention_run(struct db *db);

#endif
