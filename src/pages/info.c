/* info — the fixed pages every government site has: site guide (網站導覽,
 * with the accesskey explanation), privacy and personal-data policy,
 * information-security policy; and /prefs, which remembers the text size
 * and contrast in a cookie and returns to the page the visitor was on. */
#include <stdio.h>
#include <string.h>

#include "http/server.h"
#include "pages/pages.h"

int page_sitemap(struct request *r)
{
	struct buf *b = &r->out;
	page_begin(r, "網站導覽", "sitemap");
	html_raw_unescaped(b,
		"<p class=\"lead\">本網站依「網站無障礙規範」設計，可以只用鍵盤操作，"
		"也可以放大字級或切換高對比。</p>\n"
		"<h2>快速鍵（Accesskey）</h2>\n"
		"<p>每一頁都有三個區塊，各有一個以「:::」標示的定位點：</p>\n"
		"<table><caption class=\"muted\">快速鍵一覽</caption>\n"
		"<thead><tr><th scope=\"col\">快速鍵</th><th scope=\"col\">區塊</th>"
		"<th scope=\"col\">內容</th></tr></thead><tbody>\n"
		"<tr><td>Alt+U</td><td>上方功能區塊</td><td>網站名稱、字級與對比切換、主選單</td></tr>\n"
		"<tr><td>Alt+C</td><td>中央內容區塊</td><td>本頁的主要內容</td></tr>\n"
		"<tr><td>Alt+Z</td><td>下方功能區塊</td><td>網站導覽、隱私權政策、資訊安全政策、開放資料</td></tr>\n"
		"</tbody></table>\n"
		"<p>Windows 的 Chrome 與 Edge 使用 Alt+字母；Firefox 使用 Alt+Shift+字母；"
		"macOS 使用 Control+Option+字母。每頁最上方的「跳到主要內容」連結，"
		"按 Tab 鍵即會出現。</p>\n"
		"<h2>字級與對比</h2>\n"
		"<p>頁首的「字級：小／中／大」可放大文字，「高對比」可改成黑底亮色字；"
		"設定會記在這部電腦的瀏覽器中，不需要 JavaScript。</p>\n"
		"<h2>網站架構</h2>\n<ul>\n"
		"<li><a href=\"/\">首頁</a>：各行政區與各類終身學習機構</li>\n"
		"<li><a href=\"/sitemap\">網站導覽</a></li>\n"
		"<li><a href=\"/privacy\">隱私權及個人資料保護政策</a></li>\n"
		"<li><a href=\"/security\">資訊安全政策</a></li>\n"
		"<li>開放資料：<a href=\"/api/v1/plan\">計畫指標</a>、"
		"<a href=\"/api/v1/institutions\">學習機構</a>、"
		"<a href=\"/api/v1/courses\">課程</a>（JSON）</li>\n"
		"</ul>\n");
	page_end(r);
	return 0;
}

int page_privacy(struct request *r)
{
	struct buf *b = &r->out;
	page_begin(r, "隱私權及個人資料保護政策", NULL);
	html_fmt(b, "<p class=\"lead\">%s政府教育處依《個人資料保護法》蒐集、處理及利用您的個人資料。</p>\n",
		 r->app->city_zh);
	html_raw_unescaped(b,
		"<h2>個人資料保護法第8條告知事項</h2>\n<ol>\n"
		"<li><strong>蒐集目的</strong>：終身學習課程報名與通知（教育或訓練行政）、"
		"學習諮詢服務、學習時數紀錄（學習護照）、統計與施政研究（不識別個人）。</li>\n"
		"<li><strong>個人資料類別</strong>：姓名、聯絡電話或電子郵件；您自願提供的年齡層、居住行政區。</li>\n"
		"<li><strong>利用期間、地區、對象及方式</strong>：於蒐集目的存續期間，在中華民國境內，"
		"由本府及您報名或諮詢之學習機構，以電子或書面方式利用；統計結果不含可識別個人之資料。</li>\n"
		"<li><strong>您的權利</strong>：依同法第3條，您可以查詢、閱覽、複製、補充或更正、"
		"請求停止蒐集處理利用或刪除您的個人資料。</li>\n"
		"<li><strong>不提供的影響</strong>：您可以自由選擇是否提供；不提供必要欄位時，"
		"將無法完成報名或回覆諮詢。</li>\n"
		"</ol>\n"
		"<h2>網站瀏覽</h2>\n"
		"<p>本網站只按日期與頁面類別計算瀏覽次數，不記錄您的 IP 位址，不使用追蹤或廣告 Cookie。"
		"字級與對比設定存在您瀏覽器的 Cookie 中，只用於顯示。</p>\n");
	page_end(r);
	return 0;
}

int page_security(struct request *r)
{
	page_begin(r, "資訊安全政策", NULL);
	html_raw_unescaped(&r->out,
		"<ul>\n"
		"<li>所有連線資料依《資通安全管理法》及本府資訊安全規定保護。</li>\n"
		"<li>工作人員帳號的密碼以 Argon2id 單向雜湊保存，連續登入失敗會暫停帳號。</li>\n"
		"<li>系統記錄每一筆資料異動（誰、何時、改了什麼），紀錄不能修改或刪除。</li>\n"
		"<li>個人資料只在報名、諮詢及學習紀錄所需的範圍內保存，並可由本人申請刪除。</li>\n"
		"<li>發現本網站的安全問題，請透過本府教育處聯絡窗口通報。</li>\n"
		"</ul>\n");
	page_end(r);
	return 0;
}

/* GET /prefs?size=…|contrast=…&back=/path: stores the choice in a cookie
 * (one year) and returns to back, which must be a local path. */
int page_prefs(struct request *r)
{
	const struct param_value *size = &r->in[0], *contrast = &r->in[1], *back = &r->in[2];
	char cookie[96];
	if (size->present) {
		snprintf(cookie, sizeof cookie, "ll_size=%s; Path=/; Max-Age=31536000; SameSite=Lax",
			 size->s);
		req_header(r, "Set-Cookie", cookie);
	}
	if (contrast->present) {
		snprintf(cookie, sizeof cookie,
			 "ll_contrast=%s; Path=/; Max-Age=31536000; SameSite=Lax", contrast->s);
		req_header(r, "Set-Cookie", cookie);
	}
	return req_redirect(r, back->present ? back->s : "/");
}
