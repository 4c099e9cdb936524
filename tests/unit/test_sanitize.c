/* Unit tests: the feed-item HTML sanitizer (src/sync/sanitize.c) against
 * a corpus of known XSS vectors, and what it keeps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libxml/parser.h>
#include <string.h>
#include <strings.h>

#include "sync/sanitize.h"

/* Known XSS vectors (OWASP filter-evasion cheat sheet, html5sec.org,
 * PortSwigger's cheat sheet), as feeds carry them in item HTML. */
static const char *const vectors[] = {
	"<script>alert('XSS')</script>",
	"<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>",
	"<IMG SRC=\"javascript:alert('XSS');\">",
	"<IMG SRC=javascript:alert('XSS')>",
	"<IMG SRC=JaVaScRiPt:alert('XSS')>",
	"<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
	"<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
	"<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\">",
	"<IMG SRC=# onmouseover=\"alert('xxs')\">",
	"<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
	"<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
	"<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
	"<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
	"<IMG SRC=\"jav\tascript:alert('XSS');\">",
	"<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
	"<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
	"<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
	"<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
	"<<SCRIPT>alert(\"XSS\");//<</SCRIPT>",
	"<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
	"<iframe src=http://xss.rocks/scriptlet.html <",
	"</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
	"<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
	"<BODY BACKGROUND=\"javascript:alert('XSS')\">",
	"<svg/onload=alert('XSS')>",
	"<svg><script>alert(1)</script></svg>",
	"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
	"<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
	"<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
	"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
	"<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
	"<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
	"<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
	"<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
	"<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
	"<DIV STYLE=\"width: expression(alert('XSS'));\">",
	"<BASE HREF=\"javascript:alert('XSS');//\">",
	"<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
	"<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
	"<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
	"<a href=\"vbscript:msgbox('XSS')\">vb</a>",
	"<a href=\"  javascript:alert(1)\">sp</a>",
	"<a href=\"java&#x09;script:alert(1)\">tab</a>",
	"<a href=\"jAvAsCrIpT&colon;alert(1)\">colon</a>",
	"<img src=\"data:image/png;base64,iVBORw0KGgo=\" onerror=alert(1)>",
	"<img src=\"http://example.org/x.png\" onload=alert(1)>",
	"<details open ontoggle=alert(1)>",
	"<video><source onerror=\"alert(1)\"></video>",
	"<audio src=x onerror=alert(1)>",
	"<body onpageshow=alert(1)>",
	"<form action=\"javascript:alert(1)\"><button>go</button></form>",
	"<button formaction=javascript:alert(1)>x</button>",
	"<marquee onstart=alert(1)>m</marquee>",
	"<p style=\"x:expression(alert(1))\" class=\"evil\" id=\"evil\">p</p>",
	"<!--<script>alert(1)</script>--><p>ok</p>",
	"<![CDATA[<script>alert(1)</script>]]>",
	"<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
	"<template><script>alert(1)</script></template>",
	"<xmp><script>alert(1)</script></xmp>",
	"<textarea><script>alert(1)</script></textarea>",
	"<a href=\"https://ok.example/\" onclick=\"alert(1)\" target=\"_blank\">ok</a>",
	"<strong onmouseover=alert(1)>s</strong>",
	"<object data=\"javascript:alert(1)\">",
	"<isindex type=image src=1 onerror=alert(1)>",
	"<a href=\"&#106;avascript:alert(1)\">ent</a>",
	"\"><script>alert(1)</script>",
	"<scr<script>ipt>alert(1)</scr</script>ipt>",
};

/* What no output may contain, case-insensitively. */
static const char *const forbidden[] = {
	"<script", "javascript:", "vbscript:", "data:", "onerror", "onload", "onmouseover",
	"onclick", "ontoggle", "onstart", "onpageshow", "<iframe", "<frame", "<svg", "<math",
	"<style", "<link", "<meta", "<base", "<object", "<embed", "<form", "<input", "<button",
	"<body", "<table", "<div", "style=", "class=", "id=", "expression(", "<!--", "<video",
	"<audio", "<source", "<details", "<marquee", "<textarea", "<template", "target=",
	NULL};

/* Returns non-zero when haystack contains needle ignoring case. */
static int has_ci(const char *haystack, const char *needle)
{
	return strcasestr(haystack, needle) != NULL;
}

/* The output must parse as XML inside a wrapper element. */
static void assert_well_formed(const char *html)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "<div>%s</div>", html);
	xmlDoc *d = xmlReadMemory(b.data, (int)b.len, NULL, "UTF-8",
				  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!d)
		fail_msg("not well-formed: %s", html);
	xmlFreeDoc(d);
	buf_free(&b);
}

static void corpus_is_neutralised(void **state)
{
	(void)state;
	size_t n = sizeof vectors / sizeof *vectors;
	assert_true(n >= 30);
	for (size_t i = 0; i < n; i++) {
		struct buf out = BUF_INIT;
		assert_int_equal(html_sanitize(vectors[i], strlen(vectors[i]), &out), 0);
		const char *s = buf_cstr(&out);
		for (int k = 0; forbidden[k]; k++)
			if (has_ci(s, forbidden[k]))
				fail_msg("vector %zu kept \"%s\": %s -> %s", i, forbidden[k], vectors[i], s);
		/* no attribute other than href, rel, src, alt survives */
		for (const char *p = strchr(s, '<'); p; p = strchr(p + 1, '<')) {
			const char *e = strchr(p, '>');
			assert_non_null(e);
			for (const char *a = strchr(p, ' '); a && a < e; a = strchr(a + 1, ' ')) {
				if (strncmp(a + 1, "href=\"http", 10) && strncmp(a + 1, "href=\"mailto:", 13) &&
				    strncmp(a + 1, "rel=\"noopener", 13) && strncmp(a + 1, "src=\"https://", 13) &&
				    strncmp(a + 1, "alt=\"", 5) && strncmp(a + 1, "nofollow", 8) &&
				    strncmp(a + 1, "noreferrer", 10) && strncmp(a + 1, "external", 8) &&
				    a[1] != '/')
					fail_msg("vector %zu kept an attribute: %s", i, s);
			}
		}
		assert_well_formed(s);
		buf_free(&out);
	}
}

static void safe_subset_is_kept(void **state)
{
	(void)state;
	const char *in = "<p>Hello <b>bold</b> <i>it</i> <strong>s</strong> <em>e</em><br>"
			 "<a href=\"https://example.org/a?x=1&amp;y=2\" title=\"t\">link</a> "
			 "<a href=\"mailto:info@example.org\">mail</a></p>"
			 "<ul><li>one</li></ul><ol><li>two</li></ol>"
			 "<img src=\"https://example.org/p.png\" alt=\"photo\" width=\"3\">"
			 "<img src=\"http://example.org/insecure.png\" alt=\"no\">"
			 "<h1>Heading text</h1><span>span text</span> 5 &lt; 6";
	struct buf out = BUF_INIT;
	assert_int_equal(html_sanitize(in, strlen(in), &out), 0);
	const char *s = buf_cstr(&out);
	assert_non_null(strstr(s, "<p>Hello <strong>bold</strong> <em>it</em> <strong>s</strong> <em>e</em><br/>"));
	assert_non_null(strstr(s, "<a href=\"https://example.org/a?x=1&amp;y=2\" rel=\"noopener noreferrer nofollow external\">link</a>"));
	assert_non_null(strstr(s, "<a href=\"mailto:info@example.org\""));
	assert_non_null(strstr(s, "<ul><li>one</li></ul><ol><li>two</li></ol>"));
	assert_non_null(strstr(s, "<img src=\"https://example.org/p.png\" alt=\"photo\"/>"));
	assert_null(strstr(s, "insecure.png"));
	assert_non_null(strstr(s, "Heading text"));
	assert_null(strstr(s, "<h1"));
	assert_non_null(strstr(s, "span text"));
	assert_non_null(strstr(s, "5 &lt; 6"));
	assert_well_formed(s);
	buf_free(&out);
}

static void urls_are_checked(void **state)
{
	(void)state;
	assert_true(sanitize_url_ok("https://example.org/", 0));
	assert_true(sanitize_url_ok("http://example.org", 0));
	assert_true(sanitize_url_ok("mailto:a@b.tw", 1));
	assert_false(sanitize_url_ok("mailto:a@b.tw", 0));
	assert_false(sanitize_url_ok("javascript:alert(1)", 1));
	assert_false(sanitize_url_ok("data:text/html,x", 1));
	assert_false(sanitize_url_ok("//evil.example/x", 1));
	assert_false(sanitize_url_ok("https:///x", 1));
	assert_false(sanitize_url_ok("https://a b", 1));
	assert_false(sanitize_url_ok("/relative", 1));
	assert_false(sanitize_url_ok(NULL, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corpus_is_neutralised),
		cmocka_unit_test(safe_subset_is_kept),
		cmocka_unit_test(urls_are_checked),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
