/* error — error replies: an HTML page in the site frame, or JSON
 * {"error": "…"} for API routes. Server errors reveal nothing but the
 * request id; the details are in the log under that id. */
#include <jansson.h>
#include <string.h>

#include "http/reply.h"
#include "http/router.h"
#include "pages/pages.h"

static const char *title_for(int status)
{
	switch (status) {
	case 400: return N_("輸入的資料有誤");
	case 403: return N_("沒有權限");
	case 404: return N_("找不到這個網頁");
	case 405: return N_("不支援的操作");
	case 413: return N_("送出的資料太大");
	case 429: return N_("操作太頻繁，請稍後再試");
	default: return N_("系統發生錯誤");
	}
}

/* True if the request is for the JSON API (by route, or by path when no
 * route matched). */
static int wants_json(const struct request *r)
{
	if (r->route)
		return (r->route->flags & ROUTE_API) != 0;
	return r->path && (!strncmp(r->path, "/api/", 5) || !strcmp(r->path, "/healthz"));
}

void render_error(struct request *r, int status)
{
	const char *msg = status >= 500 ? "internal error" : buf_cstr(&r->error);
	buf_free(&r->out);
	r->status = status;
	r->cache_control = NULL;
	if (wants_json(r)) {
		json_t *j = json_pack("{s:s, s:s}", "error", msg, "request_id", r->id);
		if (reply_json(r, j) != 0) {
			buf_free(&r->out);
			buf_puts(&r->out, "{\"error\":\"internal error\"}\n");
		}
		r->status = status;
		return;
	}
	page_begin(r, tr(r, title_for(status)), NULL);
	html_raw_unescaped(&r->out, "<div class=\"error-box\" role=\"alert\">\n");
	if (status >= 500)
		html_fmt(&r->out, "<p>%s</p>\n<p>%s<code>%s</code></p>\n",
			 tr(r, "很抱歉，系統暫時無法處理您的要求。請稍後再試；"
			       "若問題持續，請將下列代碼告知我們。"),
			 tr(r, "錯誤代碼："), r->id);
	else
		html_fmt(&r->out, "<p>%s</p>\n", msg);
	html_fmt(&r->out, "</div>\n<p><a href=\"/\">%s</a>%s<a href=\"/sitemap\">%s</a></p>\n",
		 tr(r, "回首頁"), trp(r, "分隔", "　"), tr(r, "網站導覽"));
	page_end(r);
}
