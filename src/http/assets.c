#include "http/assets.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *ext;
	const char *type;
} content_types[] = {
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".ico", "image/x-icon"},
	{".txt", "text/plain; charset=utf-8"},
};

static const char *type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof content_types / sizeof *content_types; i++)
		if (!strcmp(dot, content_types[i].ext))
			return content_types[i].type;
	return "application/octet-stream";
}

int assets_load(struct asset_table *t)
{
	t->count = embedded_files_count;
	t->items = calloc(t->count ? t->count : 1, sizeof *t->items);
	if (!t->items)
		return -1;
	for (size_t i = 0; i < t->count; i++) {
		const struct embedded_file *f = &embedded_files[i];
		unsigned char h[8];
		char hex[17];
		crypto_generichash(h, sizeof h, f->data, f->size, NULL, 0);
		sodium_bin2hex(hex, sizeof hex, h, sizeof h);
		const char *dot = strrchr(f->name, '.');
		int stem = dot ? (int)(dot - f->name) : (int)strlen(f->name);
		snprintf(t->items[i].url, sizeof t->items[i].url, "/static/%.*s.%s%s",
			 stem, f->name, hex, dot ? dot : "");
		t->items[i].file = f;
		t->items[i].content_type = type_of(f->name);
	}
	return 0;
}

void assets_free(struct asset_table *t)
{
	free(t->items);
	t->items = NULL;
	t->count = 0;
}

const char *assets_url(const struct asset_table *t, const char *name)
{
	for (size_t i = 0; i < t->count; i++)
		if (!strcmp(t->items[i].file->name, name))
			return t->items[i].url;
	return NULL;
}

const struct asset *assets_find(const struct asset_table *t, const char *path)
{
	for (size_t i = 0; i < t->count; i++)
		if (!strcmp(t->items[i].url, path))
			return &t->items[i];
	return NULL;
}
