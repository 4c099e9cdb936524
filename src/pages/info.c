/* info — the fixed pages every government site has: site guide (網站導覽,
 * with the accesskey explanation), privacy and personal-data policy,
 * information-security policy; and /prefs, which remembers the text size
 * and contrast in a cookie and returns to the page the visitor was on. */
#include <stdio.h>
#include <string.h>

#include "http/server.h"
#include "pages/pages.h"

/* TRANSLATORS: the colon between a term and its explanation. */
#define COLON(r) trp(r, "標點", "：")
/* TRANSLATORS: the comma between items of a short list. */
#define LIST_SEP(r) trp(r, "標點", "、")

/* Appends one row of the accesskey table. */
static void accesskey_row(struct request *r, const char *key, const char *area,
			  const char *what)
{
	html_fmt(&r->out, "<tr><td>%s</td><td>%s</td><td>%s</td></tr>\n", key, area, what);
}

int page_sitemap(struct request *r)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "網站導覽"), "sitemap");
	html_fmt(b, "<p class=\"lead\">%s</p>\n<h2>%s</h2>\n<p>%s</p>\n",
		 tr(r, "本網站依「網站無障礙規範」設計，可以只用鍵盤操作，"
		       "也可以放大字級或切換高對比。"),
		 tr(r, "快速鍵（Accesskey）"),
		 tr(r, "每一頁都有三個區塊，各有一個以「:::」標示的定位點："));
	html_fmt(b, "<table><caption class=\"muted\">%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th></tr></thead><tbody>\n",
		 tr(r, "快速鍵一覽"), tr(r, "快速鍵"), tr(r, "區塊"), tr(r, "內容"));
	accesskey_row(r, "Alt+U", tr(r, "上方功能區塊"),
		      tr(r, "網站名稱、語言選擇、字級與對比切換、主選單"));
	accesskey_row(r, "Alt+C", tr(r, "中央內容區塊"), tr(r, "本頁的主要內容"));
	accesskey_row(r, "Alt+Z", tr(r, "下方功能區塊"),
		      tr(r, "網站導覽、隱私權政策、資訊安全政策、開放資料"));
	html_fmt(b, "</tbody></table>\n<p>%s</p>\n<h2>%s</h2>\n<p>%s</p>\n<h2>%s</h2>\n<p>%s</p>\n",
		 tr(r, "Windows 的 Chrome 與 Edge 使用 Alt+字母；Firefox 使用 Alt+Shift+字母；"
		       "macOS 使用 Control+Option+字母。每頁最上方的「跳到主要內容」連結，"
		       "按 Tab 鍵即會出現。"),
		 tr(r, "字級與對比"),
		 tr(r, "頁首的「字級：小／中／大」可放大文字，「高對比」可改成黑底亮色字；"
		       "設定會記在這部電腦的瀏覽器中，不需要 JavaScript。"),
		 tr(r, "語言"),
		 tr(r, "頁首最上方可以選擇網站介面的語言：中文、English、Tiếng Việt、"
		       "Bahasa Indonesia、ภาษาไทย。課程名稱、課程說明與機構名稱等內容，"
		       "以原本撰寫的語言顯示。"));
	html_fmt(b, "<h2>%s</h2>\n<ul>\n"
		 "<li><a href=\"/\">%s</a>%s%s</li>\n"
		 "<li><a href=\"/ask\">%s</a>%s<a href=\"/faq\">%s</a></li>\n"
		 "<li><a href=\"/sitemap\">%s</a></li>\n"
		 "<li><a href=\"/privacy\">%s</a></li>\n"
		 "<li><a href=\"/security\">%s</a></li>\n",
		 tr(r, "網站架構"), tr(r, "首頁"), COLON(r), tr(r, "各行政區與各類終身學習機構"),
		 tr(r, "我要諮詢"), LIST_SEP(r), tr(r, "常見問題"),
		 tr(r, "網站導覽"), tr(r, "隱私權及個人資料保護政策"), tr(r, "資訊安全政策"));
	html_fmt(b, "<li>%s%s<a href=\"/api/v1/plan\">%s</a>%s"
		 "<a href=\"/api/v1/institutions\">%s</a>%s"
		 "<a href=\"/api/v1/courses\">%s</a>%s</li>\n</ul>\n",
		 tr(r, "開放資料"), COLON(r), tr(r, "計畫指標"), LIST_SEP(r), tr(r, "學習機構"),
		 LIST_SEP(r), tr(r, "課程"), tr(r, "（JSON）"));
	page_end(r);
	return 0;
}

/* Appends one item of the personal-data notice: a bold heading and text. */
static void notice_item(struct request *r, const char *heading, const char *text)
{
	html_fmt(&r->out, "<li><strong>%s</strong>%s%s</li>\n", heading, COLON(r), text);
}

int page_privacy(struct request *r)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "隱私權及個人資料保護政策"), NULL);
	html_raw_unescaped(b, "<p class=\"lead\">");
	/* TRANSLATORS: %s is the city ("Keelung City"). */
	html_trf(r, "%s政府教育處依《個人資料保護法》蒐集、處理及利用您的個人資料。", page_city(r));
	html_fmt(b, "</p>\n<h2>%s</h2>\n<ol>\n", tr(r, "個人資料保護法第8條告知事項"));
	notice_item(r, tr(r, "蒐集目的"),
		    tr(r, "終身學習課程報名與通知（教育或訓練行政）、學習諮詢服務、"
			  "學習時數紀錄（學習護照）、統計與施政研究（不識別個人）。"));
	notice_item(r, tr(r, "個人資料類別"),
		    tr(r, "姓名、聯絡電話或電子郵件；您自願提供的年齡層、居住行政區。"));
	notice_item(r, tr(r, "利用期間、地區、對象及方式"),
		    tr(r, "於蒐集目的存續期間，在中華民國境內，由本府及您報名或諮詢之學習機構，"
			  "以電子或書面方式利用；統計結果不含可識別個人之資料。"));
	notice_item(r, tr(r, "您的權利"),
		    tr(r, "依同法第3條，您可以查詢、閱覽、複製、補充或更正、"
			  "請求停止蒐集處理利用或刪除您的個人資料。"));
	notice_item(r, tr(r, "不提供的影響"),
		    tr(r, "您可以自由選擇是否提供；不提供必要欄位時，將無法完成報名或回覆諮詢。"));
	html_fmt(b, "</ol>\n<h2>%s</h2>\n<p>%s</p>\n", tr(r, "網站瀏覽"),
		 tr(r, "本網站只按日期與頁面類別計算瀏覽次數，不記錄您的 IP 位址，"
		       "不使用追蹤或廣告 Cookie。字級、對比與語言的設定存在您瀏覽器的 "
		       "Cookie 中，只用於顯示。"));
	if (r->lang != LANG_ZH_HANT)
		html_fmt(b, "<p class=\"muted\">%s</p>\n",
			 tr(r, "本頁譯文僅供參考；如有不一致，以中文版為準。"));
	page_end(r);
	return 0;
}

int page_security(struct request *r)
{
	static const char *const items[] = {
		N_("所有連線資料依《資通安全管理法》及本府資訊安全規定保護。"),
		N_("工作人員帳號的密碼以 Argon2id 單向雜湊保存，連續登入失敗會暫停帳號。"),
		N_("系統記錄每一筆資料異動（誰、何時、改了什麼），紀錄不能修改或刪除。"),
		N_("個人資料只在報名、諮詢及學習紀錄所需的範圍內保存，並可由本人申請刪除。"),
		N_("發現本網站的安全問題，請透過本府教育處聯絡窗口通報。"),
	};
	page_begin(r, tr(r, "資訊安全政策"), NULL);
	html_raw_unescaped(&r->out, "<ul>\n");
	for (size_t i = 0; i < sizeof items / sizeof *items; i++)
		html_fmt(&r->out, "<li>%s</li>\n", tr(r, items[i]));
	html_raw_unescaped(&r->out, "</ul>\n");
	page_end(r);
	return 0;
}

/* GET /prefs?size=…|contrast=…|lang=…&back=/path: stores the choice in a
 * cookie (one year; ll_lang for the interface language) and returns to
 * back, which must be a local path. */
int page_prefs(struct request *r)
{
	const struct param_value *size = &r->in[0], *contrast = &r->in[1], *back = &r->in[2];
	const struct param_value *lang = &r->in[3];
	if (size->present)
		req_set_cookie(r, "ll_size", size->s, 31536000, 0);
	if (contrast->present)
		req_set_cookie(r, "ll_contrast", contrast->s, 31536000, 0);
	if (lang->present)	/* validated against i18n_codes by the route */
		req_set_cookie(r, "ll_lang", lang->s, 31536000, 0);
	return req_redirect(r, back->present ? back->s : "/");
}
