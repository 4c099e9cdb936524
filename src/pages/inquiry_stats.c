/* inquiry_stats — the response times of the consultation service for
 * the Education Department (/admin/inquiries/stats, linked from the plan
 * dashboard): per institution the cases, how many are open, and the
 * median and 90th percentile of the days to the first answer; the same
 * table as CSV (/admin/inquiries/stats.csv). The numbers come from
 * kpi/inquiry_stats.h; no personal data is shown. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/table.h"
#include "db/db.h"
#include "kpi/inquiry_stats.h"
#include "pages/inquiry.h"
#include "pages/portal.h"

/* year: Gregorian, or ROC when 1-200; absent: every year */
const struct param_spec inq_stats_params[] = {
	{"year", P_INT, 1, 9999, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Loads the statistics of the requested year into s; *year_out receives
 * the Gregorian year (0: all). Returns 0, or 500 after req_fail(). */
static int load(struct request *r, struct inquiry_stats *s, long long *year_out)
{
	char year[8] = "";
	long long y = r->in[0].present ? r->in[0].n : 0;
	if (y > 0 && y <= 200)
		y += 1911;
	if (y)
		snprintf(year, sizeof year, "%04lld", y % 10000);
	*year_out = y;
	if (inquiry_stats_load(r->db, year, s) < 0)
		return req_fail(r, 500, "inquiry statistics failed");
	return 0;
}

/* Days with one decimal, or "" for no data. */
static void days_text(char *out, size_t n, double v)
{
	if (isnan(v))
		out[0] = '\0';
	else
		snprintf(out, n, "%.1f", v);
}

/* One row of the page's table. */
static void row(struct request *r, const struct inquiry_stat *st, const char *name, int total)
{
	char med[32], p90[32];
	days_text(med, sizeof med, st->median_days);
	days_text(p90, sizeof p90, st->p90_days);
	html_raw_unescaped(&r->out, total ? "<tr class=\"total\">" : "<tr>");
	html_fmt(&r->out, "<th scope=\"row\">%s</th><td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
		 "<td class=\"num\">%zu</td><td class=\"num\">%s</td><td class=\"num\">%s</td></tr>\n",
		 name, st->cases, st->open, st->answered,
		 med[0] ? med : tr(r, "尚無資料"), p90[0] ? p90 : tr(r, "尚無資料"));
}

/* Writes the table of s: a row per receiving unit, then the total. */
static void stats_table(struct request *r, const struct inquiry_stats *s)
{
	struct buf *b = &r->out;
	html_fmt(b, "<div class=\"table-scroll\"><table class=\"inq-stats\">\n<caption>%s</caption>\n<thead><tr>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "</tr></thead>\n<tbody>\n", tr(r, "依受理單位（案件以目前受理的單位計）"),
		 tr(r, "受理單位"), tr(r, "案件數"), tr(r, "處理中"), tr(r, "已回覆"),
		 tr(r, "回覆天數中位數"), tr(r, "回覆天數第90百分位數"));
	for (size_t i = 0; i < s->n; i++)
		row(r, &s->rows[i], s->rows[i].institution_id ? s->rows[i].name : tr(r, "教育處"), 0);
	if (!s->n)
		html_fmt(b, "<tr><td colspan=\"6\">%s</td></tr>\n", tr(r, "這段期間沒有諮詢案件。"));
	else
		row(r, &s->total, tr(r, "合計"), 1);
	html_raw_unescaped(b, "</tbody></table></div>\n");
}

int inquiry_stats_section(struct request *r, int year)
{
	struct buf *b = &r->out;
	struct inquiry_stats s;
	char y[8];
	snprintf(y, sizeof y, "%04d", year % 10000);
	if (inquiry_stats_load(r->db, y, &s) < 0)
		return -1;
	html_fmt(b, "<h2 id=\"inquiry-times\">%s</h2>\n", tr(r, "諮詢回覆時間"));
	stats_table(r, &s);
	html_fmt(b, "<p><a href=\"/admin/inquiries/stats?year=%d\">%s</a></p>\n", year,
		 tr(r, "諮詢回覆時間統計（各機構中位數與第90百分位數）"));
	inquiry_stats_free(&s);
	return 0;
}

int page_bo_inquiry_stats(struct request *r)
{
	struct buf *b = &r->out;
	struct inquiry_stats s;
	long long y;
	int rc = load(r, &s, &y);
	if (rc)
		return rc;
	page_begin(r, tr(r, "諮詢回覆時間統計"), NULL);
	html_fmt(b, "<p><a href=\"/admin/kpi\">%s</a>%s<a href=\"/admin/inquiries\">%s</a></p>\n",
		 tr(r, "計畫指標儀表板"), trp(r, "分隔", "　"), tr(r, "諮詢信箱"));
	html_fmt(b, "<form method=\"get\" action=\"/admin/inquiries/stats\" class=\"filters\">\n"
		 "<div class=\"field\"><label for=\"f-year\">%s</label>"
		 "<span class=\"hint\" id=\"f-year-hint\">%s</span>"
		 "<input id=\"f-year\" name=\"year\" type=\"text\" inputmode=\"numeric\" class=\"short\" "
		 "aria-describedby=\"f-year-hint\" value=\"", tr(r, "年度"),
		 tr(r, "西元或民國年，例如 2026 或 115；空白表示全部年度。"));
	if (y)
		html_fmt(b, "%lld", y);
	html_fmt(b, "\"/></div>\n<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "顯示"));
	html_fmt(b, "<p>%s</p>\n",
		 tr(r, "天數從民眾送出問題算到第一次回覆；還沒回覆的案件不計入天數。"
		       "中位數：一半的案件在這個天數內得到回覆。第90百分位數：九成的案件在這個天數內得到回覆"
		       "（依序排列後在相鄰兩筆之間線性內插，與試算表的 PERCENTILE.INC 相同）。"));
	stats_table(r, &s);
	html_fmt(b, "<p><a href=\"/admin/inquiries/stats.csv");
	if (y)
		html_fmt(b, "?year=%lld", y);
	html_fmt(b, "\">%s</a></p>\n", tr(r, "下載 CSV"));
	page_end(r);
	inquiry_stats_free(&s);
	return 0;
}

int page_bo_inquiry_stats_csv(struct request *r)
{
	static const struct table_col cols[] = {
		{"institution_id", COL_INT}, {"institution", COL_TEXT}, {"cases", COL_INT},
		{"open", COL_INT}, {"answered", COL_INT}, {"median_days", COL_REAL},
		{"p90_days", COL_REAL},
	};
	struct inquiry_stats s;
	struct table t;
	long long y;
	char v[5][32], file[64];
	int rc = load(r, &s, &y);
	if (rc)
		return rc;
	table_init(&t, cols, sizeof cols / sizeof *cols);
	for (size_t i = 0; i <= s.n; i++) {
		const struct inquiry_stat *st = i < s.n ? &s.rows[i] : &s.total;
		snprintf(v[0], sizeof v[0], "%lld", st->institution_id);
		snprintf(v[1], sizeof v[1], "%lld", st->cases);
		snprintf(v[2], sizeof v[2], "%lld", st->open);
		snprintf(v[3], sizeof v[3], "%zu", st->answered);
		days_text(v[4], sizeof v[4], st->median_days);
		table_add(&t, i < s.n && st->institution_id ? v[0] : NULL);
		table_add(&t, i == s.n ? "total" : st->institution_id ? st->name : "Education Department");
		table_add(&t, v[1]);
		table_add(&t, v[2]);
		table_add(&t, v[3]);
		table_add(&t, v[4][0] ? v[4] : NULL);
		days_text(v[4], sizeof v[4], st->p90_days);
		table_add(&t, v[4][0] ? v[4] : NULL);
	}
	inquiry_stats_free(&s);
	snprintf(file, sizeof file, "inquiry-response-times-%lld.csv", y);
	if (t.failed || table_csv(&t, &r->out) < 0)
		rc = req_fail(r, 500, "cannot write CSV");
	else
		portal_download(r, "text/csv; charset=utf-8", file);
	table_free(&t);
	return rc;
}
