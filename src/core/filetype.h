/* filetype — what an uploaded file really is, judged from its bytes by
 * libmagic (never from the name or the type the browser claims), and
 * whether the back office accepts it as an announcement attachment: PDF,
 * OpenDocument text, and PNG/JPEG/GIF/WebP images. Everything else —
 * programs, scripts, HTML, SVG (it can carry script), office macros — is
 * refused. */
#ifndef LIFELONG_CORE_FILETYPE_H
#define LIFELONG_CORE_FILETYPE_H

#include <stddef.h>

/* Sniffs data (n bytes) into detected (a MIME type such as
 * "application/pdf"; "application/octet-stream" when unknown). Returns 0,
 * or -1 when libmagic could not run (detected is then empty). Opens its
 * own libmagic handle per call, so it is safe on any thread. */
int filetype_sniff(const void *data, size_t n, char *detected, size_t dn);

/* For an accepted attachment type, its usual file extension ("pdf",
 * "odt", "png", "jpg", "gif", "webp"); NULL for any other type. */
const char *filetype_attachment_ext(const char *mime);
/* A short name of an accepted type for people ("PDF", "ODT", "PNG"…);
 * mime itself for any other. */
const char *filetype_label(const char *mime);

#endif
