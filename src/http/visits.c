#include "http/visits.h"

#include <event2/http.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "http/router.h"

int visits_init(struct visits *v)
{
	size_t n = 0;
	while (routes[n].pattern)
		n++;
	memset(v, 0, sizeof *v);
	v->counts = calloc(n ? n : 1, sizeof *v->counts);
	v->n = n;
	return v->counts ? 0 : -1;
}

void visits_free(struct visits *v)
{
	free(v->counts);
	v->counts = NULL;
}

int visits_is_bot(const char *ua)
{
	static const char *const marks[] = {"bot", "crawl", "spider", "slurp", "headless",
					    "facebookexternalhit", "python-requests", "wget",
					    NULL};
	if (!ua || !*ua)
		return 1;
	for (int i = 0; marks[i]; i++)
		if (strcasestr(ua, marks[i]))
			return 1;
	return 0;
}

int visits_flush(struct visits *v, struct db *db)
{
	size_t i;
	int any = 0;
	for (i = 0; i < v->n; i++)
		any |= v->counts[i] != 0;
	if (!any)
		return 0;
	if (db_begin(db) < 0)
		return -1;
	for (i = 0; i < v->n; i++) {
		if (v->counts[i] && db_exec(db, ST_PAGE_VIEWS_ADD, "tti", v->day,
					    routes[i].page_kind, v->counts[i]) < 0)
			goto fail;
	}
	if (db_commit(db) < 0)
		goto fail;
	memset(v->counts, 0, v->n * sizeof *v->counts);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

void visits_count(struct visits *v, struct db *db, const struct request *r)
{
	if (!r->route || !r->route->page_kind || r->status != 200 || !req_is_get(r))
		return;
	const char *ua = evhttp_find_header(evhttp_request_get_input_headers(r->ev),
					    "User-Agent");
	if (visits_is_bot(ua))
		return;
	if (strcmp(v->day, r->today)) {
		if (v->day[0])
			visits_flush(v, db);
		memcpy(v->day, r->today, sizeof v->day);
	}
	v->counts[r->route - routes]++;
}
