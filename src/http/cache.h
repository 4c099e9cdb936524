/* cache — each worker's cache of whole public pages. A page is cached only
 * when the route allows it (ROUTE_CACHE), nobody is signed in, and building
 * it set no cookie and made no form token. An entry is valid for the same
 * database state (SQLite's data_version plus this worker's own writes) and
 * the same minute of local time (pages show "upcoming" lists), for the same
 * address, language and display preferences. */
#ifndef LIFELONG_HTTP_CACHE_H
#define LIFELONG_HTTP_CACHE_H

#include <stddef.h>

#include "http/request.h"

#define CACHE_SLOTS 512
#define CACHE_MAX_BODY (256 * 1024)

/* A cached page body, shared between the cache and the replies that are
 * still being written (each holds a reference until libevent is done with
 * the bytes), so a hit sends the page without copying it. Only the worker
 * thread that owns the cache touches it. */
struct cache_body {
	unsigned refs;
	size_t len;
	char data[];
};

struct cache_entry {
	char *key;		/* NULL: empty slot */
	long long version;
	char minute[17];
	int status;
	char content_type[64];
	struct cache_body *body;
};

struct page_cache {
	struct cache_entry slots[CACHE_SLOTS];
	long long own_writes;	/* bumped when this worker changes data */
	unsigned long hits, misses;
};

/* Builds r's cache key into key (freed by the caller with buf_free). */
void cache_key(const struct request *r, struct buf *key);
/* On a hit, gives r the page (r->shared_out holds a new reference to the
 * body, which send_reply passes on to libevent; status and content type
 * are set) and returns 1; else 0. version is the current database
 * version. */
int cache_get(struct page_cache *c, struct request *r, const char *key, long long version);
/* Stores r's reply under key. Returns 0, or -1 when not storable. */
int cache_put(struct page_cache *c, const struct request *r, const char *key, long long version);
/* Drops one reference to b, freeing it with the last. The signature is
 * libevent's evbuffer_ref_cleanup_cb (b is arg; data and len unused). */
void cache_body_release(const void *data, size_t len, void *b);
/* Frees every entry (bodies still being sent live until they are sent). */
void cache_free(struct page_cache *c);

#endif
