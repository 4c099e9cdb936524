/* markup — the small formatting language of announcements written in the
 * back office. Staff type plain text; a few marks format it:
 *
 *   a blank line            starts a new paragraph
 *   a line break            is kept (<br/>)
 *   "- " or "* " at the start of a line       a bulleted list item
 *   "1. " (any number) at the start of a line  a numbered list item
 *   **bold**   *italic*      within one line
 *   [text](https://…)        a link; http, https and mailto only
 *   https://… or http://…    a bare address becomes a link
 *
 * The text is stored as typed and rendered at display time: every
 * character of it is HTML-escaped, and the renderer itself writes only
 * <p> <br/> <ul> <ol> <li> <strong> <em> <a href rel>. So nothing a person
 * types — <script>, on…= attributes, javascript: links — can reach the
 * page as markup. The output is well-formed XML. */
#ifndef LIFELONG_CORE_MARKUP_H
#define LIFELONG_CORE_MARKUP_H

#include "core/buf.h"

/* Appends the HTML of src (UTF-8 markup text; NULL is empty) to b.
 * Returns 0, or -1 when memory ran out (b's sticky failure). */
int markup_render(struct buf *b, const char *src);

/* Appends src as plain text without the marks (for summaries and feeds):
 * list marks become "・", emphasis marks disappear, [text](url) becomes
 * "text (url)". Not escaped: the caller escapes as its output needs.
 * Returns 0 or -1 like markup_render. */
int markup_plain(struct buf *b, const char *src);

/* True when url (n bytes) may be a link target: an absolute http:// or
 * https:// address with a host, or mailto: with an address, and no
 * control characters, spaces, quotes or angle brackets. */
int markup_url_ok(const char *url, size_t n);

#endif
