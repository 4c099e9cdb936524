/* sanitize — reduces HTML from outside (feed items) to a safe subset.
 *
 * The input is parsed into a tree by libxml2's HTML parser (never matched
 * with patterns); only these nodes are written back, as well-formed XHTML:
 * p, br, strong, em, ul, ol, li (no attributes), a with an http:, https:
 * or mailto: href (rel="noopener noreferrer nofollow external"), img with
 * an https: src and its alt text. b and i become strong and em. Text of
 * any other element is kept (its tags dropped), except inside elements
 * whose content is never text to read (script, style, iframe, object,
 * template, svg, math, noscript, textarea, select, head…), which go whole.
 * Comments, processing instructions and every other attribute (event
 * handlers, style, class…) go. */
#ifndef LIFELONG_SYNC_SANITIZE_H
#define LIFELONG_SYNC_SANITIZE_H

#include <stddef.h>

#include "core/buf.h"

/* Appends the safe form of html (len bytes, UTF-8) to out. Returns 0, or
 * -1 when the parser or memory failed (out may hold part of the result). */
int html_sanitize(const char *html, size_t len, struct buf *out);

/* Is url an absolute URL with one of the schemes allowed for links
 * (http, https, mailto; with_mailto = 0: http, https only), with no
 * control characters or spaces? */
int sanitize_url_ok(const char *url, int with_mailto);

#endif
