/* filetype — see filetype.h. */
#include "core/filetype.h"

#include <magic.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *mime, *ext, *label;
} accepted[] = {
	{"application/pdf", "pdf", "PDF"},
	{"application/vnd.oasis.opendocument.text", "odt", "ODT"},
	{"image/png", "png", "PNG"},
	{"image/jpeg", "jpg", "JPEG"},
	{"image/gif", "gif", "GIF"},
	{"image/webp", "webp", "WebP"},
};

int filetype_sniff(const void *data, size_t n, char *detected, size_t dn)
{
	int rc = -1;
	detected[0] = '\0';
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR | MAGIC_NO_CHECK_COMPRESS);
	if (!m)
		return -1;
	if (magic_load(m, NULL) == 0) {
		const char *t = n ? magic_buffer(m, data, n) : "application/x-empty";
		if (t) {
			snprintf(detected, dn, "%s", t);
			rc = 0;
		}
	}
	magic_close(m);
	return rc;
}

const char *filetype_label(const char *mime)
{
	for (size_t i = 0; mime && i < sizeof accepted / sizeof *accepted; i++)
		if (!strcmp(mime, accepted[i].mime))
			return accepted[i].label;
	return mime ? mime : "";
}

const char *filetype_attachment_ext(const char *mime)
{
	for (size_t i = 0; mime && i < sizeof accepted / sizeof *accepted; i++)
		if (!strcmp(mime, accepted[i].mime))
			return accepted[i].ext;
	return NULL;
}
