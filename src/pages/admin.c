/* admin — the staff home page (what a signed-in person can do) and the
 * audit log reader for administrators. */
#include <stdio.h>

#include "auth/session.h"
#include "db/db.h"
#include "pages/pages.h"

static const char *role_name(const struct request *r)
{
	switch (r->role) {
	case ROLE_ADMIN: return tr(r, "系統管理員（教育處）");
	case ROLE_INSTITUTION: return tr(r, "學習機構工作人員");
	default: return tr(r, "委員（唯讀）");
	}
}

int page_admin(struct request *r)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "工作人員首頁"), NULL);
	html_fmt(b, "<p>%s <strong>%s</strong>（%s）</p>\n", tr(r, "您已登入："), r->staff.email,
		 role_name(r));
	html_fmt(b, "<h2>%s</h2>\n<ul class=\"cards\">\n", tr(r, "可以做的事"));
	html_fmt(b, "<li><a href=\"/admin/kpi\">%s</a></li>\n", tr(r, "計畫指標儀表板"));
	if (r->role >= ROLE_INSTITUTION)
		html_fmt(b, "<li><a href=\"/admin/inquiries\">%s</a><br/><span class=\"hint\">%s</span></li>\n",
			 tr(r, "諮詢信箱"), tr(r, "回覆民眾的終身學習諮詢"));
	if (r->role >= ROLE_ADMIN)
		html_fmt(b, "<li><a href=\"/admin/faqs\">%s</a></li>\n", tr(r, "常見問題管理"));
	if (r->role >= ROLE_INSTITUTION) {
		html_fmt(b, "<li><a href=\"/admin/courses\">%s</a><br/><span class=\"hint\">%s</span></li>\n",
			 tr(r, "課程與場次管理"), tr(r, "新增課程、排場次、發布、點名與出席人次"));
		html_fmt(b, "<li><a href=\"/admin/announcements\">%s</a><br/><span class=\"hint\">%s</span></li>\n",
			 tr(r, "最新消息管理"), tr(r, "公告、上下架日期、附加檔案"));
		html_fmt(b, "<li><a href=\"/admin/import\">%s</a><br/><span class=\"hint\">%s</span></li>\n",
			 tr(r, "匯入 CSV"), tr(r, "一次匯入很多課程與場次：先預覽，再確定"));
		html_fmt(b, "<li><a href=\"/admin/institutions\">%s</a><br/><span class=\"hint\">%s</span></li>\n",
			 r->role == ROLE_ADMIN ? tr(r, "機構資料") : tr(r, "本機構資料"),
			 tr(r, "地址、電話、網站、消息來源、地圖位置"));
	}
	if (r->role >= ROLE_ADMIN)
		html_fmt(b, "<li><a href=\"/admin/audit\">%s</a></li>\n", tr(r, "異動稽核紀錄"));
	html_fmt(b, "<li><a href=\"/admin/password\">%s</a></li>\n", tr(r, "變更密碼"));
	html_raw_unescaped(b, "</ul>\n");
	page_end(r);
	return 0;
}

int page_admin_audit(struct request *r)
{
	struct buf *b = &r->out;
	long long page = r->in[0].n, per = 50;
	struct dbq q;
	int rc, n = 0;
	page_begin(r, tr(r, "異動稽核紀錄"), NULL);
	html_fmt(b, "<p>%s</p>\n", tr(r, "每一筆資料異動與登入都記錄在這裡；紀錄不能修改或刪除。"));
	html_fmt(b, "<table>\n<caption>%s</caption>\n<thead><tr><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "最新的紀錄在最上面"), tr(r, "時間（UTC）"), tr(r, "人員"), tr(r, "動作"),
		 tr(r, "對象"), tr(r, "原本"), tr(r, "改為"));
	db_query(r->db, &q, ST_AUDIT_LIST, "ii", per, (page - 1) * per);
	while ((rc = db_next(&q)) == 1) {
		html_fmt(b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s #%lld</td>"
			 "<td><code>%s</code></td><td><code>%s</code></td></tr>\n",
			 db_text(&q, 1), db_text(&q, 2), db_text(&q, 3), db_text(&q, 4),
			 db_int(&q, 5), db_text(&q, 6) ? db_text(&q, 6) : "",
			 db_text(&q, 7) ? db_text(&q, 7) : "");
		n++;
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "audit query failed");
	html_raw_unescaped(b, "</tbody>\n</table>\n<p>");
	if (page > 1)
		html_fmt(b, "<a href=\"/admin/audit?page=%lld\">%s</a> ", page - 1, tr(r, "較新的紀錄"));
	if (n == per)
		html_fmt(b, "<a href=\"/admin/audit?page=%lld\">%s</a>", page + 1, tr(r, "較舊的紀錄"));
	html_raw_unescaped(b, "</p>\n");
	page_end(r);
	return 0;
}
