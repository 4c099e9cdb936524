/* cache — rendered search output kept with the connection's snapshot of
 * the data, so it is dropped whenever the data change (search.h). */
#include <stdlib.h>
#include <string.h>

#include "search/search.h"
#include "search/snapshot.h"

int search_cache_get(struct db *db, const char *key, struct buf *out)
{
	struct snapshot *s = snapshot_get(db);
	int hit = 0;
	if (!s)
		return 0;
	for (int i = 0; i < SNAP_CACHE; i++) {
		struct snap_cached *c = &s->cache[i];
		if (c->used && !strcmp(c->key, key)) {
			c->used = ++s->tick;
			buf_append(out, c->data, c->len);
			hit = 1;
			break;
		}
	}
	snapshot_release(s);
	return hit;
}

void search_cache_put(struct db *db, const char *key, const char *data, size_t len)
{
	struct snapshot *s;
	if (len > SNAP_CACHE_MAX_BYTES || !(s = snapshot_get(db)))
		return;
	struct snap_cached *victim = &s->cache[0];
	for (int i = 0; i < SNAP_CACHE; i++) {
		struct snap_cached *c = &s->cache[i];
		if (c->used && !strcmp(c->key, key)) {
			victim = c;	/* replace the same key */
			break;
		}
		if (c->used < victim->used)
			victim = c;
	}
	char *k = strdup(key), *d = malloc(len ? len : 1);
	if (k && d) {
		memcpy(d, data, len);
		free(victim->key);
		free(victim->data);
		victim->key = k;
		victim->data = d;
		victim->len = len;
		victim->used = ++s->tick;
	} else {
		free(k);
		free(d);
	}
	snapshot_release(s);
}
