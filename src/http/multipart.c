/* multipart — see multipart.h. GMime parses the body as a MIME entity:
 * the Content-Type header of the request is put in front of the body, so
 * the parser sees the multipart with its boundary. */
#include "http/multipart.h"

#include <event2/keyvalq_struct.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>

#include "core/text.h"

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;
static int gmime_ready;

static void gmime_start(void)
{
	g_mime_init();
	gmime_ready = 1;
}

void multipart_init(void)
{
	pthread_once(&gmime_once, gmime_start);
}

void multipart_shutdown(void)
{
	if (gmime_ready) {
		g_mime_shutdown();
		gmime_ready = 0;
	}
}

void multipart_free(struct upload *u)
{
	while (u) {
		struct upload *next = u->next;
		free(u->field);
		free(u->filename);
		free(u->data);
		free(u);
		u = next;
	}
}

const struct upload *multipart_file(const struct request *r, const char *name)
{
	for (const struct upload *u = r->uploads; u; u = u->next)
		if (!strcmp(u->field, name) && u->size)
			return u;
	return NULL;
}

/* Adds a text field to r->form. evhttp_add_header() refuses values with
 * line breaks (it is meant for headers), but a textarea has them, as
 * evhttp_parse_query_str() allows for url-encoded forms; so the entry is
 * linked in directly, allocated with malloc like libevent's own (the
 * default allocator; evhttp_clear_headers() frees it). 0 or -1. */
static int form_add(struct request *r, const char *key, const char *value, size_t n)
{
	struct evkeyval *kv = calloc(1, sizeof *kv);
	if (!kv)
		return -1;
	kv->key = strdup(key);
	kv->value = strndup(value, n);
	if (!kv->key || !kv->value) {
		free(kv->key);
		free(kv->value);
		free(kv);
		return -1;
	}
	TAILQ_INSERT_TAIL(&r->form, kv, next);
	return 0;
}

/* Decodes the content of part into a new byte array (caller unrefs). */
static GByteArray *part_bytes(GMimePart *part)
{
	GMimeDataWrapper *w = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *out = NULL;
	if (!w || g_mime_data_wrapper_write_to_stream(w, mem) >= 0) {
		GByteArray *a = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
		out = g_byte_array_sized_new(a ? a->len : 0);
		if (a && a->len)
			g_byte_array_append(out, a->data, a->len);
	}
	g_object_unref(mem);
	return out;
}

/* Handles one part: a file (with a filename parameter) or a text field.
 * Returns 0 or an HTTP error status. */
static int take_part(struct request *r, GMimeObject *obj, struct upload ***tail)
{
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
	const char *name = cd ? g_mime_content_disposition_get_parameter(cd, "name") : NULL;
	const char *filename = cd ? g_mime_content_disposition_get_parameter(cd, "filename") : NULL;
	GByteArray *bytes;
	int rc = 0;
	if (!GMIME_IS_PART(obj) || !name || !*name)
		return 0;	/* not a form field: ignored */
	if (!text_utf8_valid(name, strlen(name)) ||
	    (filename && !text_utf8_valid(filename, strlen(filename))))
		return req_fail(r, 400, "a form field name is not valid UTF-8 text");
	if (!(bytes = part_bytes(GMIME_PART(obj))))
		return req_fail(r, 400, "malformed form data");
	if (filename) {
		if (!*filename && !bytes->len)
			goto out;	/* an empty file input */
		struct upload *u = calloc(1, sizeof *u);
		if (!u || !(u->field = strdup(name)) || !(u->filename = strdup(filename)) ||
		    !(u->data = malloc(bytes->len ? bytes->len : 1))) {
			multipart_free(u);
			rc = req_fail(r, 500, "out of memory");
			goto out;
		}
		memcpy(u->data, bytes->data, bytes->len);
		u->size = bytes->len;
		**tail = u;
		*tail = &u->next;
	} else if (bytes->len > MULTIPART_MAX_TEXT ||
		   !text_utf8_valid((const char *)bytes->data, bytes->len) ||
		   memchr(bytes->data, '\0', bytes->len)) {
		rc = req_fail(r, 400, "field %s is too long or not valid UTF-8 text", name);
	} else if (form_add(r, name, (const char *)bytes->data, bytes->len) < 0) {
		rc = req_fail(r, 500, "out of memory");
	}
out:
	g_byte_array_unref(bytes);
	return rc;
}

int multipart_parse(struct request *r, const char *ctype, const char *body, size_t n)
{
	static const char head[] = "Content-Type: ";
	struct upload **tail = &r->uploads;
	GMimeParser *parser = NULL;
	GMimeObject *top = NULL;
	int rc = 0;

	if (strncasecmp(ctype, "multipart/form-data", 19) || !strstr(ctype, "boundary="))
		return req_fail(r, 400, "the form data has no boundary");
	pthread_once(&gmime_once, gmime_start);
	while (*tail)
		tail = &(*tail)->next;
	GByteArray *all = g_byte_array_sized_new((guint)(n + strlen(ctype) + 32));
	g_byte_array_append(all, (const guint8 *)head, sizeof head - 1);
	g_byte_array_append(all, (const guint8 *)ctype, (guint)strlen(ctype));
	g_byte_array_append(all, (const guint8 *)"\r\n\r\n", 4);
	g_byte_array_append(all, (const guint8 *)body, (guint)n);
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(all);	/* owns all */
	parser = g_mime_parser_new_with_stream(stream);
	g_object_unref(stream);
	top = g_mime_parser_construct_part(parser, NULL);
	if (!top || !GMIME_IS_MULTIPART(top)) {
		rc = req_fail(r, 400, "malformed form data");
		goto out;
	}
	int count = g_mime_multipart_get_count(GMIME_MULTIPART(top));
	if (count > MULTIPART_MAX_PARTS) {
		rc = req_fail(r, 400, "the form has more than %d fields", MULTIPART_MAX_PARTS);
		goto out;
	}
	for (int i = 0; i < count && !rc; i++)
		rc = take_part(r, g_mime_multipart_get_part(GMIME_MULTIPART(top), i), &tail);
out:
	if (top)
		g_object_unref(top);
	g_object_unref(parser);
	return rc;
}
