/* assets — static files (CSS, SVG, JS) embedded in the binary at build time
 * by tools/embed, served at /static/NAME.HASH.EXT with a content hash in the
 * URL so they can be cached forever (Cache-Control: immutable). */
#ifndef LIFELONG_HTTP_ASSETS_H
#define LIFELONG_HTTP_ASSETS_H

#include <stddef.h>

struct embedded_file {
	const char *name;
	const unsigned char *data;
	size_t size;
};
extern const struct embedded_file embedded_files[];
extern const size_t embedded_files_count;

struct asset {
	const struct embedded_file *file;
	const char *content_type;
	char url[128];	/* "/static/style.0123456789abcdef.css" */
};

/* The asset table: built once by assets_load(), read-only afterwards. */
struct asset_table {
	struct asset *items;
	size_t count;
};

/* Fills t from the embedded files, hashing each (BLAKE2b via libsodium).
 * Returns 0 or -1 (out of memory). Free with assets_free(). */
int assets_load(struct asset_table *t);
void assets_free(struct asset_table *t);
/* The versioned URL of the embedded file called name, or NULL. */
const char *assets_url(const struct asset_table *t, const char *name);
/* The asset whose versioned URL path is path ("/static/…"), or NULL. */
const struct asset *assets_find(const struct asset_table *t, const char *path);

#endif
