/* kpi_charts — the plan-tracking charts, drawn as SVG on the server so
 * that no chart library is needed in the browser: percentage of target
 * per indicator, the monthly cumulative figure against the target line,
 * and the districts shaded by the figure per 1,000 residents. Every chart
 * is an image with a <title> and a <desc>, followed by (or next to) a
 * table holding the same numbers for screen readers and for printing.
 * Colours come from the stylesheet (both contrast themes); shapes, text
 * and textures carry the meaning too. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/geo.h"
#include "kpi/chart.h"
#include "pages/kpi_pages.h"

#define BAR_W 720.0		/* the 0-150 % track */
#define BAR_ROW 50.0
#define BAR_TOP 26.0
#define BAR_MAX 150.0

/* Opens an <svg> that is one image named by its title and description. */
static void svg_open(struct request *r, const char *id, double w, double h, const char *title,
		     const char *desc)
{
	html_fmt(&r->out, "<div class=\"kpi-chart-wrap\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
		 "class=\"kpi-chart\" id=\"%s\" "
		 "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"%s-t %s-d\">\n"
		 "<title id=\"%s-t\">%s</title>\n<desc id=\"%s-d\">%s</desc>\n",
		 id, w, h, id, id, id, title, id, desc);
}

void kpi_svg_bars(struct request *r, const struct kpi_year *y, const int *idx, size_t n,
		  const char *id, const char *title)
{
	struct buf *b = &r->out, desc = BUF_INIT;
	char a[64], t[64];
	double h = BAR_TOP + BAR_ROW * (double)n + 6, x100 = BAR_W * 100 / BAR_MAX;
	buf_printf(&desc, tr(r, "每個指標一列：長條是實際數字佔年度目標的百分比，直線是目標（100%%），"
			     "超過 %.0f%% 的長條畫到圖的右緣為止。同樣的數字列在下方表格。"),
		   BAR_MAX);
	svg_open(r, id, BAR_W + 2, h, title, buf_cstr(&desc));
	buf_free(&desc);
	html_raw_unescaped(b, "<g class=\"kpi-axis\">\n");
	for (int p = 0; p <= 150; p += 50) {
		double x = BAR_W * p / BAR_MAX + 1;
		html_fmt(b, "<line class=\"kpi-grid\" x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%.1f\"/>"
			 "<text x=\"%.1f\" y=\"13\" text-anchor=\"%s\">%d%%</text>\n",
			 x, x, h - 4, x, p == 0 ? "start" : p == 150 ? "end" : "middle", p);
	}
	html_raw_unescaped(b, "</g>\n");
	for (size_t k = 0; k < n; k++) {
		const struct kpi_indicator *d = &y->ind[idx[k]];
		double y0 = BAR_TOP + BAR_ROW * (double)k;
		html_fmt(b, "<g class=\"kpi-row kpi-%s\"><text class=\"kpi-label\" x=\"1\" y=\"%.1f\">%s</text>",
			 kpi_status_code(d->status), y0 + 14, d->name);
		html_fmt(b, "<text class=\"kpi-value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">",
			 BAR_W + 1, y0 + 14);
		if (d->has_actual) {
			kpi_num(a, sizeof a, d->actual);
			if (d->has_target) {
				kpi_num(t, sizeof t, d->target);
				html_fmt(b, "%s／%s %s", a, t, d->unit);
			} else {
				html_fmt(b, "%s %s", a, d->unit);
			}
			if (d->has_percent)
				html_fmt(b, "（%.0f%%）", d->percent);
		} else {
			html_tr(r, "尚無資料");
		}
		html_fmt(b, "</text><rect class=\"kpi-track\" x=\"1\" y=\"%.1f\" width=\"%.1f\" "
			 "height=\"18\"/>", y0 + 22, BAR_W);
		if (d->has_percent) {
			double w = BAR_W * fmin(d->percent, BAR_MAX) / BAR_MAX;
			html_fmt(b, "<rect class=\"kpi-bar\" x=\"1\" y=\"%.1f\" width=\"%.1f\" height=\"18\"/>",
				 y0 + 22, w);
		}
		html_raw_unescaped(b, "</g>\n");
	}
	html_fmt(b, "<line class=\"kpi-target\" x1=\"%.1f\" y1=\"18\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
		 "</svg></div>\n", x100 + 1, x100 + 1, h - 4);
}

static const char *const month_names[12] = {
	NC_("月份", "1月"), NC_("月份", "2月"), NC_("月份", "3月"), NC_("月份", "4月"),
	NC_("月份", "5月"), NC_("月份", "6月"), NC_("月份", "7月"), NC_("月份", "8月"),
	NC_("月份", "9月"), NC_("月份", "10月"), NC_("月份", "11月"), NC_("月份", "12月"),
};

/* The last month (0-12) whose end the line may show: 12 for a year gone
 * by, the current month for this year, 0 for a year to come. */
static int last_month(const struct kpi_year *y)
{
	int ay = atoi(y->asof), am = atoi(y->asof + 5);
	return ay > y->year ? 12 : ay < y->year ? 0 : am;
}

void kpi_svg_line(struct request *r, const struct kpi_year *y, const struct kpi_indicator *d,
		  const struct kpi_split *month, const char *id)
{
	struct buf *b = &r->out, title = BUF_INIT, desc = BUF_INIT;
	const double W = 720, H = 300, L = 70, R = 700, T = 16, B = 256;
	double max = d->has_target ? d->target : 0, top, step;
	char n[64], t[64];
	int last = last_month(y);
	for (int m = 1; m <= last; m++)
		if (month->has_cum[m] && month->cum[m] > max)
			max = month->cum[m];
	chart_axis(max, &top, &step);
	buf_printf(&title, tr(r, "%s：每月累計與目標"), d->name);
	if (d->has_target) {
		kpi_num(t, sizeof t, d->target);
		buf_printf(&desc, tr(r, "折線是到每月月底為止的累計數字；虛線是在12月底剛好達到目標 %s %s "
				     "的平均進度，橫線是目標本身。同樣的數字列在下方表格。"),
			   t, d->unit);
	} else {
		buf_printf(&desc, "%s", tr(r, "折線是到每月月底為止的累計數字；這一年沒有訂目標。"
					  "同樣的數字列在下方表格。"));
	}
	svg_open(r, id, W, H, buf_cstr(&title), buf_cstr(&desc));
	buf_free(&title);
	buf_free(&desc);
#define X(m) (L + (R - L) * (m) / 12.0)
#define Y(v) (B - (B - T) * (v) / top)
	html_raw_unescaped(b, "<g class=\"kpi-axis\">\n");
	for (double v = 0; v <= top + step / 2; v += step) {
		kpi_num(n, sizeof n, v);
		html_fmt(b, "<line class=\"kpi-grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			 "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			 L, Y(v), R, Y(v), L - 6, Y(v) + 5, n);
	}
	for (int m = 1; m <= 12; m++)
		html_fmt(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n", X(m),
			 B + 22, trp(r, "月份", month_names[m - 1]));
	html_raw_unescaped(b, "</g>\n");
	if (d->has_target) {
		html_fmt(b, "<line class=\"kpi-pace\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
			 "<line class=\"kpi-target\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n"
			 "<text class=\"kpi-target-label\" x=\"%.1f\" y=\"%.1f\">%s %s</text>\n",
			 X(0), Y(0), X(12), Y(d->target), X(0), Y(d->target), X(12), Y(d->target),
			 X(0) + 4, Y(d->target) - 6, tr(r, "目標"), t);
	}
	if (last > 0) {
		html_fmt(b, "<polyline class=\"kpi-actual\" points=\"%.1f,%.1f", X(0), Y(0));
		for (int m = 1; m <= last; m++)
			html_fmt(b, " %.1f,%.1f", X(m), Y(month->cum[m]));
		html_raw_unescaped(b, "\"/>\n");
		for (int m = 1; m <= last; m++) {
			kpi_num(n, sizeof n, month->cum[m]);
			html_fmt(b, "<circle class=\"kpi-point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\">"
				 "<title>%d-%02d %s</title></circle>\n", X(m), Y(month->cum[m]),
				 y->year, m, n);
		}
	}
	html_raw_unescaped(b, "</svg></div>\n");
#undef X
#undef Y
	/* the same numbers */
	html_fmt(b, "<div class=\"table-scroll\"><table class=\"kpi-months\">\n<caption>%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "每月數字"), tr(r, "月份"), tr(r, "當月"), tr(r, "累計"),
		 tr(r, "達成目標的平均進度"));
	for (int m = 1; m <= 12; m++) {
		const struct kpi_group *g = &month->g[m - 1];
		html_fmt(b, "<tr><th scope=\"row\">%d-%02d</th><td class=\"num\">", y->year, m);
		if (m > last)
			html_raw_unescaped(b, "—");
		else if (g->has_value) {
			kpi_num(n, sizeof n, g->value);
			html_text(b, n);
		} else
			html_raw_unescaped(b, "0");
		html_raw_unescaped(b, "</td><td class=\"num\">");
		if (m > last || !month->has_cum[m])
			html_raw_unescaped(b, "—");
		else {
			kpi_num(n, sizeof n, month->cum[m]);
			html_text(b, n);
		}
		html_raw_unescaped(b, "</td><td class=\"num\">");
		if (d->has_target) {
			kpi_num(n, sizeof n, d->target * m / 12.0);
			html_text(b, n);
		} else
			html_raw_unescaped(b, "—");
		html_raw_unescaped(b, "</td></tr>\n");
	}
	html_raw_unescaped(b, "</tbody>\n</table></div>\n");
}

#define MAP_CLASSES 4

/* The figure per 1,000 residents of district g, or -1 when unknown. */
static double rate_of(const struct kpi_group *g)
{
	if (g->population <= 0)
		return -1;
	return (g->has_value ? g->value : 0) * 1000.0 / (double)g->population;
}

/* A district's name for the map and its row: "安樂區：每千人 12.3 人次". */
static void district_text(struct request *r, const struct kpi_indicator *d,
			  const struct kpi_group *g)
{
	char n[64];
	double rate = rate_of(g);
	if (rate < 0) {
		html_trf(r, "%s：無人口資料", g->label);
		return;
	}
	kpi_num(n, sizeof n, round(rate * 10) / 10);
	html_trf(r, "%s：每千人 %s %s", g->label, n, d->unit);
}

void kpi_svg_map(struct request *r, const struct kpi_indicator *d,
		 const struct kpi_split *district, const char *id, const char *records_base)
{
	struct buf *b = &r->out, title = BUF_INIT, desc = BUF_INIT;
	struct geo_shape *shape = calloc(district->n ? district->n : 1, sizeof *shape);
	struct geo_bbox bb;
	struct geo_proj proj;
	long long upper[MAP_CLASSES], max = 0;
	int ncl, drawable;
	char n[64];
	if (!shape)
		return;
	geo_bbox_init(&bb);
	for (size_t i = 0; i < district->n; i++) {
		const struct kpi_group *g = &district->g[i];
		double rate = rate_of(g);
		if (g->boundary && geo_shape_parse(g->boundary, &shape[i]) == 0)
			geo_bbox_add_shape(&bb, &shape[i]);
		if (rate > 0 && llround(rate * 10) > max)
			max = llround(rate * 10);
	}
	ncl = geo_class_breaks(max, MAP_CLASSES, upper);
	drawable = geo_proj_fit(&proj, &bb, 720, 560, 10) == 0;
	if (drawable) {
		buf_printf(&title, tr(r, "%s：各行政區每千人數字"), d->name);
		buf_printf(&desc, "%s", tr(r, "行政區依每千位居民的數字著色，顏色越深、花紋越密表示越高；"
					  "斜線表示沒有人口資料。各區的數字列在下方表格。"));
		svg_open(r, id, proj.width, proj.height, buf_cstr(&title), buf_cstr(&desc));
		html_fmt(b, "<defs>\n"
			 "<pattern id=\"%s-0\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\">"
			 "<rect class=\"shade-bg-0\" width=\"10\" height=\"10\"/></pattern>\n"
			 "<pattern id=\"%s-1\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\">"
			 "<rect class=\"shade-bg-1\" width=\"10\" height=\"10\"/>"
			 "<circle class=\"shade-dot-1\" cx=\"5\" cy=\"5\" r=\"1.5\"/></pattern>\n"
			 "<pattern id=\"%s-2\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
			 "patternTransform=\"rotate(45)\"><rect class=\"shade-bg-2\" width=\"8\" height=\"8\"/>"
			 "<path class=\"shade-ink-2\" d=\"M4 0v8\"/></pattern>\n"
			 "<pattern id=\"%s-3\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" "
			 "patternTransform=\"rotate(45)\"><rect class=\"shade-bg-3\" width=\"7\" height=\"7\"/>"
			 "<path class=\"shade-ink-3\" d=\"M3.5 0v7M0 3.5h7\"/></pattern>\n"
			 "<pattern id=\"%s-none\" width=\"12\" height=\"12\" patternUnits=\"userSpaceOnUse\" "
			 "patternTransform=\"rotate(-45)\"><rect class=\"kpi-nopop-bg\" width=\"12\" "
			 "height=\"12\"/><path class=\"kpi-nopop-ink\" d=\"M0 6h12\"/></pattern>\n</defs>\n",
			 id, id, id, id, id);
		for (size_t i = 0; i < district->n; i++) {
			const struct kpi_group *g = &district->g[i];
			double rate = rate_of(g);
			char cls[16];
			if (!shape[i].nrings)
				continue;
			if (rate < 0)
				snprintf(cls, sizeof cls, "none");
			else
				snprintf(cls, sizeof cls, "%d", geo_class_of(llround(rate * 10), upper, ncl));
			html_raw_unescaped(b, "<path class=\"district\" fill-rule=\"evenodd\" fill=\"url(#");
			html_fmt(b, "%s-%s)\" d=\"", id, cls);
			geo_svg_path(b, &shape[i], &proj, 1.0);
			html_raw_unescaped(b, "\"><title>");
			district_text(r, d, g);
			html_raw_unescaped(b, "</title></path>\n");
		}
		html_raw_unescaped(b, "<g class=\"map-labels\" aria-hidden=\"true\">\n");
		for (size_t i = 0; i < district->n; i++) {
			const struct kpi_group *g = &district->g[i];
			double x, yy, rate = rate_of(g);
			if (!shape[i].nrings || geo_label_point(&shape[i], &proj, &x, &yy) < 0)
				continue;
			if (rate < 0)
				snprintf(n, sizeof n, "%s", tr(r, "無人口資料"));
			else
				kpi_num(n, sizeof n, round(rate * 10) / 10);
			html_fmt(b, "<text x=\"%.0f\" y=\"%.0f\"><tspan x=\"%.0f\">%s</tspan>"
				 "<tspan x=\"%.0f\" dy=\"1.2em\">%s</tspan></text>\n",
				 x, yy - 4, x, g->label, x, n);
		}
		html_raw_unescaped(b, "</g>\n</svg></div>\n");
		/* the legend */
		html_fmt(b, "<ul class=\"kpi-legend\" aria-label=\"%s\">\n", tr(r, "圖例"));
		for (int k = 0; k < ncl; k++) {
			char lo[32], hi[32];
			kpi_num(lo, sizeof lo, k ? (double)(upper[k - 1] + 1) / 10 : 0);
			kpi_num(hi, sizeof hi, (double)upper[k] / 10);
			html_fmt(b, "<li><svg class=\"swatch\" viewBox=\"0 0 20 20\" width=\"20\" height=\"20\" "
				 "aria-hidden=\"true\" focusable=\"false\">"
				 "<rect x=\"1\" y=\"1\" width=\"18\" height=\"18\" fill=\"url(#%s-%d)\" "
				 "class=\"district\"/></svg> ", id, k);
			if (k == 0)
				html_tr(r, "0");
			else
				html_trf(r, "每千人 %s–%s", lo, hi);
			html_raw_unescaped(b, "</li>\n");
		}
		html_fmt(b, "<li><svg class=\"swatch\" viewBox=\"0 0 20 20\" width=\"20\" height=\"20\" "
			 "aria-hidden=\"true\" focusable=\"false\"><rect x=\"1\" y=\"1\" width=\"18\" "
			 "height=\"18\" fill=\"url(#%s-none)\" class=\"district\"/></svg> %s</li>\n</ul>\n",
			 id, tr(r, "無人口資料"));
	}
	buf_free(&title);
	buf_free(&desc);
	for (size_t i = 0; i < district->n; i++)
		geo_shape_free(&shape[i]);
	free(shape);

	/* the same numbers */
	html_fmt(b, "<div class=\"table-scroll\"><table class=\"kpi-districts\">\n<caption>%s</caption>\n"
		 "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		 "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>\n<tbody>\n",
		 tr(r, "各行政區"), tr(r, "行政區"), d->unit, tr(r, "人口（資料時間）"),
		 tr(r, "每千人"));
	for (size_t i = 0; i < district->n; i++) {
		const struct kpi_group *g = &district->g[i];
		double rate = rate_of(g);
		html_fmt(b, "<tr><th scope=\"row\">%s</th><td class=\"num\">",
			 g->label ? g->label : tr(r, "未填行政區"));
		if (g->has_value) {
			kpi_num(n, sizeof n, g->value);
			if (records_base) {
				html_raw_unescaped(b, "<a href=\"");
				html_raw_unescaped(b, records_base);
				html_fmt(b, "&amp;district=%lld\">%s</a>", g->key ? g->key : -1, n);
			} else {
				html_text(b, n);
			}
		} else {
			html_raw_unescaped(b, "0");
		}
		html_raw_unescaped(b, "</td><td class=\"num\">");
		if (g->population > 0) {
			kpi_num(n, sizeof n, (double)g->population);
			html_fmt(b, "%s（%s）", n, g->population_year ? g->population_year : "?");
		} else {
			html_fmt(b, "<span class=\"muted\">%s</span>", tr(r, "無人口資料"));
		}
		html_raw_unescaped(b, "</td><td class=\"num\">");
		if (rate >= 0) {
			kpi_num(n, sizeof n, round(rate * 10) / 10);
			html_text(b, n);
		} else {
			html_raw_unescaped(b, "—");
		}
		html_raw_unescaped(b, "</td></tr>\n");
	}
	html_raw_unescaped(b, "</tbody>\n</table></div>\n");
}
