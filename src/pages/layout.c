/* layout — the frame every HTML page shares: head, skip link, the ":::"
 * accesskey anchors (U top, C content, Z footer, per Taiwan's government
 * web accessibility conventions), main menu, text-size and contrast
 * switches that work without JavaScript, and the footer. */
#include <string.h>

#include "http/assets.h"
#include "http/server.h"
#include "pages/pages.h"

static const struct {
	const char *key;
	const char *href;
	const char *label;
} menu[] = {
	{"home", "/", "首頁"},
	{"search", "/search", "找課程"},
	{"guide", "/guide", "學習導引"},
	{"map", "/map", "學習地圖"},
	{"calendar", "/calendar", "行事曆"},
	{"institutions", "/institutions", "學習機構"},
};

static const char *const size_names[] = {"normal", "large", "xlarge"};
static const char *const size_labels[] = {"小", "中", "大"};

void page_self_url(struct request *r, struct buf *b)
{
	html_text(b, r->uri ? r->uri : "/");
}

/* Appends a /prefs link that sets one preference and returns here. */
static void pref_link(struct request *r, const char *field, const char *value,
		      const char *label, const char *title, int current)
{
	struct buf *b = &r->out;
	html_fmt(b, "<a href=\"/prefs?%s=%s&amp;back=", field, value);
	html_url_param(b, r->uri ? r->uri : "/");
	html_fmt(b, "\" title=\"%s\"", title);
	if (current)
		html_raw_unescaped(b, " aria-current=\"true\"");
	html_fmt(b, ">%s</a>", label);
}

void page_begin(struct request *r, const char *title, const char *nav)
{
	struct buf *b = &r->out;
	const struct app *app = r->app;
	const char *css = assets_url(&app->assets, "style.css");
	const char *icon = assets_url(&app->assets, "favicon.svg");

	r->content_type = "text/html; charset=utf-8";
	html_fmt(b, "<!DOCTYPE html>\n<html lang=\"zh-Hant\" class=\"size-%s%s\">\n<head>\n"
		 "<meta charset=\"utf-8\"/>\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
		 "<title>%s｜%s終身學習網</title>\n",
		 size_names[r->text_size], r->high_contrast ? " contrast-high" : "",
		 title, app->city_zh);
	if (css)
		html_fmt(b, "<link rel=\"stylesheet\" href=\"%s\"/>\n", css);
	if (icon)
		html_fmt(b, "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\"/>\n", icon);
	html_fmt(b, "</head>\n<body>\n"
		 "<a class=\"skip\" href=\"#content\">跳到主要內容</a>\n"
		 "<header class=\"site\" id=\"top\"><div class=\"wrap\">\n"
		 "<a class=\"acc\" id=\"AU\" accesskey=\"U\" href=\"#AU\" title=\"上方功能區塊\">:::</a>\n"
		 "<div class=\"bar\">\n<p class=\"brand\"><a href=\"/\">%s終身學習網</a></p>\n",
		 app->city_zh);
	html_raw_unescaped(b, "<div class=\"prefs\"><span id=\"size-label\">字級：</span>");
	for (int i = 0; i < 3; i++)
		pref_link(r, "size", size_names[i], size_labels[i],
			  i == 0 ? "標準字級" : i == 1 ? "放大字級" : "特大字級",
			  (int)r->text_size == i);
	pref_link(r, "contrast", r->high_contrast ? "normal" : "high",
		  r->high_contrast ? "一般對比" : "高對比",
		  r->high_contrast ? "切換為一般對比" : "切換為高對比", 0);
	html_raw_unescaped(b, "</div>\n</div>\n<nav class=\"main\" aria-label=\"主選單\"><ul>\n");
	for (size_t i = 0; i < sizeof menu / sizeof *menu; i++) {
		html_fmt(b, "<li><a href=\"%s\"", menu[i].href);
		if (nav && !strcmp(nav, menu[i].key))
			html_raw_unescaped(b, " aria-current=\"page\"");
		html_fmt(b, ">%s</a></li>\n", menu[i].label);
	}
	html_fmt(b, "</ul></nav>\n</div></header>\n"
		 "<main id=\"content\" class=\"wrap\" tabindex=\"-1\">\n"
		 "<a class=\"acc\" id=\"AC\" accesskey=\"C\" href=\"#AC\" title=\"中央內容區塊\">:::</a>\n"
		 "<h1>%s</h1>\n",
		 title);
}

void page_end(struct request *r)
{
	html_fmt(&r->out,
		 "</main>\n<footer class=\"site\" id=\"footer\"><div class=\"wrap\">\n"
		 "<a class=\"acc\" id=\"AZ\" accesskey=\"Z\" href=\"#AZ\" title=\"下方功能區塊\">:::</a>\n"
		 "<nav class=\"foot\" aria-label=\"頁尾連結\"><ul>\n"
		 "<li><a href=\"/sitemap\">網站導覽</a></li>\n"
		 "<li><a href=\"/privacy\">隱私權及個人資料保護政策</a></li>\n"
		 "<li><a href=\"/security\">資訊安全政策</a></li>\n"
		 "<li><a href=\"/api/v1/plan\">開放資料（JSON）</a></li>\n"
		 "</ul></nav>\n"
		 "<p>%s政府教育處　終身學習網</p>\n"
		 "<p class=\"muted\">開放資料依「政府資料開放授權條款－第1版」提供。</p>\n"
		 "</div></footer>\n</body>\n</html>\n",
		 r->app->city_zh);
}
