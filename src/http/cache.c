#include "http/cache.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cache_key(const struct request *r, struct buf *key)
{
	buf_printf(key, "%d|%d|%d|%s", (int)r->lang, (int)r->text_size, r->high_contrast,
		   r->uri ? r->uri : "/");
}

/* The slot a key lives in (direct-mapped: a collision evicts). */
static struct cache_entry *slot_of(struct page_cache *c, const char *key)
{
	unsigned char h[8];
	unsigned long long v = 0;
	crypto_generichash(h, sizeof h, (const unsigned char *)key, strlen(key), NULL, 0);
	memcpy(&v, h, sizeof v);
	return &c->slots[v % CACHE_SLOTS];
}

void cache_body_release(const void *data, size_t len, void *b)
{
	(void)data;
	(void)len;
	struct cache_body *body = b;
	if (body && --body->refs == 0)
		free(body);
}

static void entry_clear(struct cache_entry *e)
{
	free(e->key);
	cache_body_release(NULL, 0, e->body);
	memset(e, 0, sizeof *e);
}

int cache_get(struct page_cache *c, struct request *r, const char *key, long long version)
{
	struct cache_entry *e = slot_of(c, key);
	if (!e->key || strcmp(e->key, key) || e->version != version ||
	    strcmp(e->minute, r->now)) {
		c->misses++;
		return 0;
	}
	buf_reset(&r->out);
	e->body->refs++;
	r->shared_out = e->body;
	r->status = e->status;
	r->content_type = e->content_type;
	c->hits++;
	return 1;
}

int cache_put(struct page_cache *c, const struct request *r, const char *key, long long version)
{
	struct cache_entry *e = slot_of(c, key);
	if (r->out.len > CACHE_MAX_BODY || buf_failed(&r->out) || r->status != 200)
		return -1;
	entry_clear(e);
	e->key = strdup(key);
	e->body = malloc(sizeof *e->body + (r->out.len ? r->out.len : 1));
	if (!e->key || !e->body) {
		free(e->body);
		e->body = NULL;
		entry_clear(e);
		return -1;
	}
	e->body->refs = 1;
	e->body->len = r->out.len;
	memcpy(e->body->data, r->out.data, r->out.len);
	e->version = version;
	e->status = r->status;
	memcpy(e->minute, r->now, sizeof e->minute);
	snprintf(e->content_type, sizeof e->content_type, "%s",
		 r->content_type ? r->content_type : "text/html; charset=utf-8");
	return 0;
}

void cache_free(struct page_cache *c)
{
	for (int i = 0; i < CACHE_SLOTS; i++)
		entry_clear(&c->slots[i]);
}
