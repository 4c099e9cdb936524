/* visits — page views per day and page kind, for indicator
 * P12-PORTAL-VISITS. Counted on the server without cookies or IP
 * addresses; bots (by User-Agent) are not counted. Each worker keeps its
 * own counts in memory and adds them to the database every few seconds and
 * when the server stops, so counting costs no write per request. */
#ifndef LIFELONG_HTTP_VISITS_H
#define LIFELONG_HTTP_VISITS_H

#include <stddef.h>

struct db;
struct request;

struct visits {
	char day[11];		/* the local day the counts belong to */
	long long *counts;	/* one per route, indexed like routes[] */
	size_t n;
};

/* Allocates the counters. Returns 0 or -1. Free with visits_free(). */
int visits_init(struct visits *v);
void visits_free(struct visits *v);
/* Counts r if it was a successful GET of a page kind by a person. Flushes
 * first when the local day has changed. */
void visits_count(struct visits *v, struct db *db, const struct request *r);
/* Adds the counts to the database in one transaction and zeroes them.
 * Returns 0, or -1 (counts kept for the next try). */
int visits_flush(struct visits *v, struct db *db);
/* True if the User-Agent looks like a robot, or is missing. */
int visits_is_bot(const char *user_agent);

#endif
