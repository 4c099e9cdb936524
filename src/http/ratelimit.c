#include "http/ratelimit.h"

#include <event2/http.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/server.h"

/* The client's address: the peer, or with --trust-proxy the last address
 * the proxy added to X-Forwarded-For. */
static void client_address(struct request *r, char *out, size_t n)
{
	char *host = NULL;
	ev_uint16_t port = 0;
	struct evhttp_connection *c = evhttp_request_get_connection(r->ev);
	const char *xff = evhttp_find_header(evhttp_request_get_input_headers(r->ev),
					     "X-Forwarded-For");
	if (r->app->cfg.trust_proxy && xff) {
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		snprintf(out, n, "%s", last);
		return;
	}
	if (c)
		evhttp_connection_get_peer(c, &host, &port);
	snprintf(out, n, "%s", host ? host : "-");
}

int ratelimit_hit(struct request *r, const char *bucket, int max, int window_s)
{
	char addr[128];
	unsigned char h[16];
	long long hits = 0;
	if (r->app->cfg.no_rate_limit || max <= 0 || window_s <= 0)
		return 0;
	client_address(r, addr, sizeof addr);
	crypto_generichash(h, sizeof h, (const unsigned char *)addr, strlen(addr),
			   r->app->secret, sizeof r->app->secret);
	long long now = (long long)time(NULL);
	long long window = now - now % window_s;
	if (db_scalar(r->db, &hits, ST_RATE_HIT, "tbi", bucket, h, sizeof h, window) != 1)
		return -1;
	/* Forget windows that ended a day ago; cheap and keeps the table small. */
	if (hits == 1)
		db_exec(r->db, ST_RATE_PURGE, "i", now - 86400 - window_s);
	return hits > max ? 1 : 0;
}
