/* pages — every page and API handler (one file each, or a few related
 * per file), and the page frame they share. The route table in
 * src/http/routes.c says which handler answers which path. */
#ifndef LIFELONG_PAGES_PAGES_H
#define LIFELONG_PAGES_PAGES_H

#include "http/request.h"

/* The interface text msgid (zh-Hant) in the request's language. */
static inline const char *tr(const struct request *r, const char *msgid)
{
	return i18n_get(r->lang, msgid);
}

/* The page frame (layout.c). page_begin() writes everything up to and
 * including the page's <h1>title</h1>; page_end() closes main and writes the
 * footer. nav marks the current main-menu entry ("home", …) or NULL. */
void page_begin(struct request *r, const char *title, const char *nav);
void page_end(struct request *r);
/* Appends the path and query the request came with, HTML-escaped, for
 * "return here" links. */
void page_self_url(struct request *r, struct buf *b);

/* Replaces the reply with an error page (or JSON {"error": …} for API
 * routes) for status, using r->error as the message. 5xx pages show only
 * a generic message and the request id. (error.c) */
void render_error(struct request *r, int status);

/* Handlers (see routes.c). */
int page_home(struct request *r);
int page_sitemap(struct request *r);
int page_privacy(struct request *r);
int page_security(struct request *r);
int page_prefs(struct request *r);
int api_healthz(struct request *r);
int api_plan(struct request *r);
int api_institutions(struct request *r);
int api_courses(struct request *r);

#endif
