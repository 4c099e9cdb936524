/* multipart — request bodies of type multipart/form-data (forms with a
 * file field), parsed by GMime. The text fields join the request's other
 * submitted fields (r->form), so the CSRF check and the route's field
 * table work as for any form; the files are kept aside as uploads. */
#ifndef LIFELONG_HTTP_MULTIPART_H
#define LIFELONG_HTTP_MULTIPART_H

#include <stddef.h>

#include "http/request.h"

#define MULTIPART_MAX_PARTS 64
#define MULTIPART_MAX_TEXT (256 * 1024)	/* bytes of one text field */

/* One uploaded file. */
struct upload {
	struct upload *next;
	char *field;		/* the form field's name */
	char *filename;		/* as the browser named it (UTF-8; may be "") */
	unsigned char *data;
	size_t size;
};

/* Parses body (n bytes) sent with the Content-Type header value ctype
 * into r->form (text fields) and r->uploads (files, in the order sent).
 * Returns 0 or an HTTP error status (through req_fail). A file field
 * left empty by the browser (no name, no bytes) is dropped. */
int multipart_parse(struct request *r, const char *ctype, const char *body, size_t n);

/* The first upload of field name with at least one byte, or NULL. */
const struct upload *multipart_file(const struct request *r, const char *name);

/* Frees a list of uploads. NULL is ignored. */
void multipart_free(struct upload *u);

/* Initialises GMime (once; later calls do nothing). The server calls it
 * on the main thread before any other thread starts, since g_mime_init()
 * itself is not thread-safe (the mailer thread also uses GMime). */
void multipart_init(void);

/* Releases GMime's global state at program end (after all threads that
 * parsed have stopped). Safe when nothing was ever parsed. */
void multipart_shutdown(void);

#endif
