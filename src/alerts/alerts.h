/* alerts — "tell me when": a citizen's saved search that e-mails them when
 * new courses matching it are published (issue #6). The pages are in
 * src/pages/alerts.c; this module has no HTTP in it:
 *
 * - a saved search keeps the search's query string in canonical form
 *   (search_query_append_url without sort and paging) and is run again
 *   with search_query_parse() and search_run(), so it finds exactly what
 *   /search finds;
 * - nothing but the confirmation mail is sent before the citizen confirms
 *   (a button on the page of the mail's private link); alerts left
 *   unconfirmed for ALERTS_CONFIRM_DAYS are deleted;
 * - the notifier (alerts_run) looks, for every confirmed alert, at the
 *   courses published after it was confirmed and not yet announced to it,
 *   keeps those the search finds, and queues ONE digest mail per alert
 *   with them, recording them as announced in the same transaction as the
 *   mail (saved_search_hits), so none is announced twice and none is lost;
 * - every mail carries a new private link (only its hash is kept) to the
 *   alert's page, and the List-Unsubscribe headers of RFC 8058 pointing to
 *   <link>/unsubscribe, so mail programs unsubscribe with one click;
 *   unsubscribing deletes the alert, its links, hits and queued mails. */
#ifndef LIFELONG_ALERTS_ALERTS_H
#define LIFELONG_ALERTS_ALERTS_H

#include <stdatomic.h>

#include "auth/session.h"
#include "core/buf.h"
#include "core/i18n.h"

struct db;
struct search_query;

#define ALERTS_CONFIRM_DAYS 7	/* an unconfirmed alert is deleted after this */
#define ALERTS_PER_EMAIL 20	/* alerts one address may have */
#define ALERTS_RESEND_HOURS 24	/* saved again: at most one mail per alert in this */
#define ALERTS_QUERY_MAX 1000	/* bytes of the canonical query string */
#define ALERTS_DIGEST_MAX 20	/* courses listed in one mail (the rest: a link) */
#define ALERTS_INTERVAL_MIN 15	/* serve's default --alerts-interval */

/* Appends q's canonical query string (no sort, no paging; "" when q has
 * no filter at all) to b. Returns the number of fields written. */
int alerts_canonical(const struct search_query *q, struct buf *b);

/* Appends the site's origin for links in e-mails: meta site_url when the
 * city set a plain http(s) origin, else fallback (the address the server
 * listens on). Never a request's Host header. */
void alerts_origin(struct db *db, const char *fallback, struct buf *b);

/* Appends q described in words in language l to b, one condition a line
 * ("上課地區：仁愛區、信義區\n"), plain text (escape it for HTML). now is
 * the local wall clock "YYYY-MM-DD HH:MM". Returns 0 or -1. */
int alerts_describe(struct db *db, const char *now, enum lang l, const struct search_query *q,
		    struct buf *b);

/* Makes a new private link for alert id: token receives it, its hash is
 * stored. Returns 0 or -1. */
int alerts_link_new(struct db *db, long long id, char token[TOKEN_HEX]);

/* Queues the mail that answers a saved search, inside the caller's
 * transaction: for an unconfirmed alert the confirmation (link to the
 * page with the confirm button), for a confirmed one a note that it is
 * already active (link to its page). token: a link of alert id just made
 * (alerts_link_new). origin: as alerts_origin; city: the city's name in
 * l; description: alerts_describe's lines. Returns 0 or -1. */
int alerts_mail_saved(struct db *db, const char *origin, const char *city, enum lang l,
		      long long id, const char *email, const char *description, int confirmed,
		      const char *token);

/* What one pass of the notifier did. */
struct alerts_report {
	int alerts;		/* confirmed alerts looked at */
	int mailed;		/* digests queued */
	long long courses;	/* courses announced in them */
	int purged;		/* unconfirmed alerts deleted */
};

/* One pass: deletes expired unconfirmed alerts, then queues the digests
 * (see above). origin: the site's origin for links (alerts_origin). stop
 * (may be NULL) ends the pass early, between two alerts, when non-zero.
 * The process's TZ must be the city's zone. Returns 0 (alerts whose
 * search no longer validates are skipped and logged), or -1 on a
 * database failure. */
int alerts_run(struct db *db, const char *origin, const atomic_int *stop,
	       struct alerts_report *rep);

/* `lifelong alerts --db FILE [--base-url URL]`: one pass, a summary line,
 * then one run of inquiry_retention_run (inquiry/retention.h).
 * Links use base_url, else meta site_url (else the command fails).
 * Returns the exit code: 0, or 1. */
int alerts_command(const char *db_path, const char *base_url);

struct notifier;
/* Starts the thread of `serve`: its own connection to db_path, a pass at
 * start and every interval_min minutes (0: no thread, *out = NULL), each
 * pass also running inquiry_retention_run (inquiry/retention.h); links
 * use alerts_origin(db, origin). Call after the schema is migrated and TZ
 * is set. Returns 0 or -1. */
int notifier_start(struct notifier **out, const char *db_path, const char *origin,
		   int interval_min);
/* Stops the thread (within a pass at most) and frees n; NULL ignored. */
void notifier_stop(struct notifier *n);

#endif
