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
	{"home", "/", N_("首頁")},
	{"search", "/search", N_("找課程")},
	{"guide", "/guide", N_("學習導引")},
	{"map", "/map", N_("學習地圖")},
	{"calendar", "/calendar", N_("行事曆")},
	{"institutions", "/institutions", N_("學習機構")},
	{"announcements", "/announcements", N_("最新消息")},
};

static const char *const size_names[] = {"normal", "large", "xlarge"};
/* TRANSLATORS: the three text sizes after "字級：" (text size): small,
 * medium, large. Keep them short. */
static const char *const size_labels[] = {NC_("字級", "小"), NC_("字級", "中"), NC_("字級", "大")};

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

/* Appends the language switch: one /prefs?lang=… link per interface
 * language, each named in its own language (lang and hreflang set), that
 * returns to this page. */
static void lang_switch(struct request *r)
{
	struct buf *b = &r->out;
	html_fmt(b, "<nav class=\"langs\" aria-label=\"%s\"><ul>\n",
		 tr(r, "語言"));
	for (int i = 0; i < LANG__COUNT; i++) {
		const char *code = i18n_code((enum lang)i);
		html_fmt(b, "<li><a href=\"/prefs?lang=%s&amp;back=", code);
		html_url_param(b, r->uri ? r->uri : "/");
		html_fmt(b, "\" lang=\"%s\" hreflang=\"%s\"", code, code);
		if ((int)r->lang == i)
			html_raw_unescaped(b, " aria-current=\"true\"");
		html_fmt(b, ">%s</a></li>\n", i18n_native_name((enum lang)i));
	}
	html_raw_unescaped(b, "</ul></nav>\n");
}

const char *page_city(const struct request *r)
{
	const struct app *app = r->app;
	return r->lang != LANG_ZH_HANT && app->city_en[0] ? app->city_en : app->city_zh;
}

void page_lang_attr(struct request *r, const char *code)
{
	enum lang l;
	if (!code || !*code)
		code = "zh-Hant";
	if (i18n_parse(code, &l) == 0 && l == r->lang)
		return;
	html_fmt(&r->out, " lang=\"%s\"", code);
}

void page_content(struct request *r, const char *tag, const char *text, const char *code)
{
	html_fmt(&r->out, "<%s", tag);
	page_lang_attr(r, code);
	html_fmt(&r->out, ">%s</%s>", text ? text : "", tag);
}

void page_begin(struct request *r, const char *title, const char *nav)
{
	struct buf *b = &r->out;
	const struct app *app = r->app;
	const char *css = assets_url(&app->assets, "style.css");
	const char *icon = assets_url(&app->assets, "favicon.svg");

	r->content_type = "text/html; charset=utf-8";
	html_fmt(b, "<!DOCTYPE html>\n<html lang=\"%s\" class=\"size-%s%s\">\n<head>\n"
		 "<meta charset=\"utf-8\"/>\n"
		 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
		 "<title>%s%s",
		 i18n_code(r->lang), size_names[r->text_size],
		 r->high_contrast ? " contrast-high" : "", title,
		 /* TRANSLATORS: between the page's and the site's name in the
		  * browser's title bar. */
		 trp(r, "標題", "｜"));
	/* TRANSLATORS: the site's name; %s is the city ("Keelung City"). */
	html_trf(r, "%s終身學習網", page_city(r));
	html_raw_unescaped(b, "</title>\n");
	if (css)
		html_fmt(b, "<link rel=\"stylesheet\" href=\"%s\"/>\n", css);
	if (icon)
		html_fmt(b, "<link rel=\"icon\" href=\"%s\" type=\"image/svg+xml\"/>\n", icon);
	html_fmt(b, "</head>\n<body>\n"
		 "<a class=\"skip\" href=\"#content\">%s</a>\n"
		 "<header class=\"site\" id=\"top\"><div class=\"wrap\">\n"
		 "<a class=\"acc\" id=\"AU\" accesskey=\"U\" href=\"#AU\" title=\"%s\">:::</a>\n",
		 tr(r, "跳到主要內容"), tr(r, "上方功能區塊"));
	lang_switch(r);
	html_raw_unescaped(b, "<div class=\"bar\">\n<p class=\"brand\"><a href=\"/\">");
	html_trf(r, "%s終身學習網", page_city(r));
	html_fmt(b, "</a></p>\n<div class=\"prefs\"><span id=\"size-label\">%s</span>",
		 tr(r, "字級："));
	for (int i = 0; i < 3; i++)
		pref_link(r, "size", size_names[i], trp(r, "字級", size_labels[i]),
			  i == 0 ? tr(r, "標準字級") : i == 1 ? tr(r, "放大字級") : tr(r, "特大字級"),
			  (int)r->text_size == i);
	pref_link(r, "contrast", r->high_contrast ? "normal" : "high",
		  r->high_contrast ? tr(r, "一般對比") : tr(r, "高對比"),
		  r->high_contrast ? tr(r, "切換為一般對比") : tr(r, "切換為高對比"), 0);
	html_fmt(b, "</div>\n</div>\n<nav class=\"main\" aria-label=\"%s\"><ul>\n",
		 tr(r, "主選單"));
	for (size_t i = 0; i < sizeof menu / sizeof *menu; i++) {
		html_fmt(b, "<li><a href=\"%s\"", menu[i].href);
		if (nav && !strcmp(nav, menu[i].key))
			html_raw_unescaped(b, " aria-current=\"page\"");
		html_fmt(b, ">%s</a></li>\n", tr(r, menu[i].label));
	}
	html_raw_unescaped(b, "</ul></nav>\n");
	page_staff_bar(r);
	html_fmt(b, "</div></header>\n"
		 "<main id=\"content\" class=\"wrap\" tabindex=\"-1\">\n"
		 "<a class=\"acc\" id=\"AC\" accesskey=\"C\" href=\"#AC\" title=\"%s\">:::</a>\n"
		 "<h1>%s</h1>\n",
		 tr(r, "中央內容區塊"), title);
}

void page_end(struct request *r)
{
	struct buf *b = &r->out;
	html_fmt(b,
		 "</main>\n<footer class=\"site\" id=\"footer\"><div class=\"wrap\">\n"
		 "<a class=\"acc\" id=\"AZ\" accesskey=\"Z\" href=\"#AZ\" title=\"%s\">:::</a>\n"
		 "<nav class=\"foot\" aria-label=\"%s\"><ul>\n"
		 "<li><a href=\"/ask\">%s</a></li>\n"
		 "<li><a href=\"/sitemap\">%s</a></li>\n"
		 "<li><a href=\"/privacy\">%s</a></li>\n"
		 "<li><a href=\"/security\">%s</a></li>\n"
		 "<li><a href=\"/open-data\">%s</a></li>\n"
		 "<li><a href=\"/plan\">%s</a></li>\n"
		 "</ul></nav>\n<p>",
		 tr(r, "下方功能區塊"), tr(r, "頁尾連結"), tr(r, "我要諮詢"), tr(r, "網站導覽"),
		 tr(r, "隱私權及個人資料保護政策"), tr(r, "資訊安全政策"), tr(r, "開放資料"),
		 tr(r, "終身學習計畫執行進度"));
	/* TRANSLATORS: who runs the site; %s is the city ("Keelung City"). */
	html_trf(r, "%s政府教育處　終身學習網", page_city(r));
	html_fmt(b, "</p>\n<p class=\"muted\">%s</p>\n"
		 "</div></footer>\n</body>\n</html>\n",
		 tr(r, "開放資料依「政府資料開放授權條款－第1版」提供。"));
}
