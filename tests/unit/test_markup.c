/* Unit tests: src/core/markup.c — the announcements' small markup. The
 * output must be well-formed, and no markup or script a person types may
 * survive as HTML: every element and attribute is one the renderer
 * writes itself, and links go only to http(s) and mailto addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/markup.h"

static char *render(const char *src)
{
	struct buf b = BUF_INIT;
	assert_int_equal(markup_render(&b, src), 0);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

#define EXPECT(src, html)                                  \
	do {                                               \
		char *got_ = render(src);                  \
		assert_string_equal(got_, html);           \
		free(got_);                                \
	} while (0)

static void paragraphs_and_line_breaks(void **state)
{
	(void)state;
	EXPECT("", "");
	EXPECT("第一段\n還是第一段\n\n第二段", "<p>第一段<br/>\n還是第一段</p>\n<p>第二段</p>\n");
	EXPECT("a\r\n\r\n\r\nb  \r\n", "<p>a</p>\n<p>b</p>\n");
}

static void lists(void **state)
{
	(void)state;
	EXPECT("- 一\n- 二\n\n1. 甲\n2. 乙", "<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n"
					       "<ol>\n<li>甲</li>\n<li>乙</li>\n</ol>\n");
	EXPECT("3. 三\n4. 四", "<ol start=\"3\">\n<li>三</li>\n<li>四</li>\n</ol>\n");
	EXPECT("說明：\n* 一\n之後", "<p>說明：</p>\n<ul>\n<li>一</li>\n</ul>\n<p>之後</p>\n");
}

static void emphasis(void **state)
{
	(void)state;
	EXPECT("**重要**與*注意*", "<p><strong>重要</strong>與<em>注意</em></p>\n");
	EXPECT("**粗*斜*體**", "<p><strong>粗<em>斜</em>體</strong></p>\n");
	EXPECT("2 * 3 * 4 和 ** 沒有關", "<p>2 * 3 * 4 和 ** 沒有關</p>\n");
	EXPECT("**不跨\n行**", "<p>**不跨<br/>\n行**</p>\n");
}

static void links(void **state)
{
	(void)state;
	EXPECT("[簡章](https://example.org/a?b=1&c=2)",
	       "<p><a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow\">簡章</a></p>\n");
	EXPECT("見 https://example.org/x。", "<p>見 <a href=\"https://example.org/x\" "
					     "rel=\"nofollow\">https://example.org/x</a>。</p>\n");
	EXPECT("(https://example.org/y).", "<p>(<a href=\"https://example.org/y\" "
					   "rel=\"nofollow\">https://example.org/y</a>).</p>\n");
	EXPECT("[寫信](mailto:office@example.org)",
	       "<p><a href=\"mailto:office@example.org\" rel=\"nofollow\">寫信</a></p>\n");
	EXPECT("[x](javascript:alert(1))", "<p>[x](javascript:alert(1))</p>\n");
	EXPECT("[x](data:text/html,hi)", "<p>[x](data:text/html,hi)</p>\n");
	/* a quote ends an address: the rest stays text */
	EXPECT("[x](https://a\"onmouseover=\"b)", "<p>[x](<a href=\"https://a\" rel=\"nofollow\">"
						  "https://a</a>&quot;onmouseover=&quot;b)</p>\n");
	EXPECT("https://", "<p>https://</p>\n");
}

static void html_is_only_text(void **state)
{
	(void)state;
	EXPECT("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
	EXPECT("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>\n");
	EXPECT("https://x.org/\"><script>", "<p><a href=\"https://x.org/\" rel=\"nofollow\">"
					    "https://x.org/</a>&quot;&gt;&lt;script&gt;</p>\n");
	EXPECT("**<b>**", "<p><strong>&lt;b&gt;</strong></p>\n");
	EXPECT("&amp; 'q'", "<p>&amp;amp; &#39;q&#39;</p>\n");
}

static const char *const allowed_elements[] = {"root", "p", "br", "ul", "ol", "li", "strong",
						 "em", "a", NULL};

/* Walks the tree: only the renderer's elements and attributes, links only
 * to http(s)/mailto. Returns the number of violations. */
static int check_tree(xmlNode *n)
{
	int bad = 0;
	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		int ok = 0;
		for (int i = 0; allowed_elements[i]; i++)
			ok |= !strcmp((const char *)n->name, allowed_elements[i]);
		bad += !ok;
		for (xmlAttr *a = n->properties; a; a = a->next) {
			xmlChar *v = xmlNodeGetContent((xmlNode *)a);
			const char *s = (const char *)v;
			if (!strcmp((const char *)a->name, "href"))
				bad += strncmp(s, "https://", 8) && strncmp(s, "http://", 7) &&
				       strncmp(s, "mailto:", 7);
			else if (!strcmp((const char *)a->name, "rel"))
				bad += strcmp(s, "nofollow") != 0;
			else if (!strcmp((const char *)a->name, "start"))
				bad += strspn(s, "0123456789") != strlen(s);
			else
				bad++;
			xmlFree(v);
		}
		bad += check_tree(n->children);
	}
	return bad;
}

static void random_input_never_breaks_out(void **state)
{
	(void)state;
	static const char *const pieces[] = {
		"*", "**", "[", "]", "(", ")", "](", "<", ">", "\"", "'", "&", " ", "\n", "\n\n",
		"- ", "1. ", "https://", "http://e.x/", "javascript:", "mailto:", "<script>",
		"onerror=", "字", "a", "/", ".", "\r", "\t", "&lt;", "<a href=", "`",
	};
	unsigned seed = 12345;
	char src[400];
	for (int round = 0; round < 3000; round++) {
		size_t n = 0;
		int parts = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 40;
		for (int i = 0; i < parts; i++) {
			seed = seed * 1103515245u + 12345u;
			const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof *pieces)];
			size_t k = strlen(p);
			if (n + k >= sizeof src)
				break;
			memcpy(src + n, p, k);
			n += k;
		}
		src[n] = '\0';
		char *html = render(src);
		struct buf doc = BUF_INIT;
		buf_printf(&doc, "<root>%s</root>", html);
		xmlDoc *d = xmlReadMemory(doc.data, (int)doc.len, "m.xml", "UTF-8",
					  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
		if (!d)
			fail_msg("not well-formed for input [%s]: %s", src, html);
		if (check_tree(xmlDocGetRootElement(d)))
			fail_msg("unexpected markup for input [%s]: %s", src, html);
		xmlFreeDoc(d);
		buf_free(&doc);
		free(html);
	}
}

static void plain_text(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_int_equal(markup_plain(&b, "**重要**：見[簡章](https://e.org/a)\n\n- 一\n- 二"), 0);
	assert_string_equal(buf_cstr(&b), "重要：見簡章 (https://e.org/a)\n\n・一\n・二\n\n");
	buf_free(&b);
}

static void url_check(void **state)
{
	(void)state;
	assert_true(markup_url_ok("https://example.org", 19));
	assert_false(markup_url_ok("https:///x", 10));
	assert_false(markup_url_ok("ftp://example.org", 17));
	assert_false(markup_url_ok("https://exa mple.org", 20));
	assert_false(markup_url_ok("JAVASCRIPT:alert(1)", 19));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(paragraphs_and_line_breaks),
		cmocka_unit_test(lists),
		cmocka_unit_test(emphasis),
		cmocka_unit_test(links),
		cmocka_unit_test(html_is_only_text),
		cmocka_unit_test(random_input_never_breaks_out),
		cmocka_unit_test(plain_text),
		cmocka_unit_test(url_check),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
