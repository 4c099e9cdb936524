/* sanitize — see sanitize.h. */
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <string.h>
#include <strings.h>

#include "sync/sanitize.h"

/* Elements written back without attributes; b and i map to strong, em. */
static const char *plain_tag(const char *name)
{
	static const char *const keep[] = {"p", "br", "strong", "em", "ul", "ol", "li", NULL};
	for (int i = 0; keep[i]; i++)
		if (!strcasecmp(name, keep[i]))
			return keep[i];
	if (!strcasecmp(name, "b"))
		return "strong";
	if (!strcasecmp(name, "i"))
		return "em";
	return NULL;
}

/* Elements dropped together with everything inside them. */
static int dropped_whole(const char *name)
{
	static const char *const drop[] = {
		"script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
		"template", "svg", "math", "noscript", "noembed", "noframes", "textarea",
		"select", "option", "head", "title", "meta", "link", "base", "xml", "form",
		"button", "input", "video", "audio", "canvas", "plaintext", "xmp", "param",
		NULL};
	for (int i = 0; drop[i]; i++)
		if (!strcasecmp(name, drop[i]))
			return 1;
	return 0;
}

int sanitize_url_ok(const char *url, int with_mailto)
{
	if (!url)
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	if (!strncasecmp(url, "https://", 8))
		return url[8] != '\0' && url[8] != '/';
	if (!strncasecmp(url, "http://", 7))
		return url[7] != '\0' && url[7] != '/';
	if (with_mailto && !strncasecmp(url, "mailto:", 7))
		return strchr(url + 7, '@') != NULL;
	return 0;
}

/* The value of attribute name of n (xmlFree it), or NULL. */
static char *attr(xmlNode *n, const char *name)
{
	for (xmlAttr *a = n->properties; a; a = a->next)
		if (a->name && !strcasecmp((const char *)a->name, name))
			return (char *)xmlNodeGetContent((xmlNode *)a);
	return NULL;
}

/* Writes the children of n. depth bounds the recursion. */
static void walk(xmlNode *n, struct buf *out, int depth);

/* Writes one node. */
static void emit(xmlNode *n, struct buf *out, int depth)
{
	const char *name = (const char *)n->name, *tag;
	char *v = NULL, *alt = NULL;
	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		html_text(out, (const char *)n->content);
		return;
	}
	if (n->type != XML_ELEMENT_NODE || !name || depth > 64)
		return;
	if (dropped_whole(name))
		return;
	if ((tag = plain_tag(name))) {
		if (!strcmp(tag, "br")) {
			buf_puts(out, "<br/>");
			return;
		}
		buf_printf(out, "<%s>", tag);
		walk(n, out, depth + 1);
		buf_printf(out, "</%s>", tag);
	} else if (!strcasecmp(name, "a")) {
		v = attr(n, "href");
		if (sanitize_url_ok(v, 1)) {
			html_fmt(out, "<a href=\"%s\" rel=\"noopener noreferrer nofollow external\">", v);
			walk(n, out, depth + 1);
			buf_puts(out, "</a>");
		} else {
			walk(n, out, depth + 1);
		}
	} else if (!strcasecmp(name, "img")) {
		v = attr(n, "src");
		alt = attr(n, "alt");
		if (v && !strncasecmp(v, "https://", 8) && sanitize_url_ok(v, 0))
			html_fmt(out, "<img src=\"%s\" alt=\"%s\"/>", v, alt ? alt : "");
	} else {
		walk(n, out, depth + 1);	/* unknown or unsafe tag: its text only */
	}
	xmlFree(v);
	xmlFree(alt);
}

static void walk(xmlNode *n, struct buf *out, int depth)
{
	for (xmlNode *c = n->children; c; c = c->next)
		emit(c, out, depth);
}

int html_sanitize(const char *html, size_t len, struct buf *out)
{
	htmlDocPtr doc;
	xmlNode *root;
	if (!html || !len)
		return 0;
	if (len > 4 * 1024 * 1024)
		return -1;
	/* a fragment: parsed inside a <div> (not kept), so that whatever it
	 * starts with has an element around it */
	struct buf in = BUF_INIT;
	buf_puts(&in, "<div>");
	buf_append(&in, html, len);
	buf_puts(&in, "</div>");
	if (buf_failed(&in)) {
		buf_free(&in);
		return -1;
	}
	doc = htmlReadMemory(in.data, (int)in.len, NULL, "UTF-8",
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_NOIMPLIED);
	buf_free(&in);
	if (!doc)
		return -1;
	for (root = doc->children; root; root = root->next)
		emit(root, out, 0);
	xmlFreeDoc(doc);
	return buf_failed(out) ? -1 : 0;
}
