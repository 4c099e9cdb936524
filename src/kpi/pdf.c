/* pdf — the committee report (report.h: report_pdf), laid out with pango
 * and drawn with cairo into a PDF with a real text layer (the text can be
 * searched, copied and read aloud): a cover, the summary by goal, one
 * section per programme with its chart and table, and the indicators
 * behind target. A4 portrait, Noto Sans CJK TC (fonts-noto-cjk). */
#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "kpi/chart.h"
#include "kpi/report.h"

#define PAGE_W 595.28
#define PAGE_H 841.89
#define MARGIN 56.0
#define BODY_W (PAGE_W - 2 * MARGIN)
#define BOTTOM (PAGE_H - MARGIN - 14)
#define FONT "Noto Sans CJK TC"

struct pdf {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoFontMap *fonts;	/* this report's own, released at its end */
	PangoContext *pango;
	struct buf *out;
	const struct kpi_year *y;
	char footer[512];
	int page;
	double at;	/* the next line's top */
};

static cairo_status_t write_out(void *closure, const unsigned char *data, unsigned int len)
{
	return buf_append(closure, data, len) < 0 ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

/* A pango layout of text in the report font, wrapped to width points. */
static PangoLayout *layout(struct pdf *p, const char *text, double size, int bold, double width)
{
	PangoLayout *l = pango_layout_new(p->pango);
	PangoFontDescription *fd = pango_font_description_from_string(FONT);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	if (bold)
		pango_font_description_set_weight(fd, PANGO_WEIGHT_BOLD);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	if (width > 0)
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
	pango_layout_set_text(l, text, -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

/* Draws text at x, y (top); returns its height. */
static double text_at(struct pdf *p, double x, double y, double width, const char *text,
		      double size, int bold, PangoAlignment align)
{
	PangoLayout *l = layout(p, text, size, bold, width);
	double h = layout_height(l);
	pango_layout_set_alignment(l, align);
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	return h;
}

static double text_height(struct pdf *p, const char *text, double size, int bold, double width)
{
	PangoLayout *l = layout(p, text, size, bold, width);
	double h = layout_height(l);
	g_object_unref(l);
	return h;
}

/* Writes the footer of the current page and emits it. */
static void end_page(struct pdf *p)
{
	char n[32];
	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	text_at(p, MARGIN, PAGE_H - MARGIN + 4, BODY_W * 0.8, p->footer, 8, 0, PANGO_ALIGN_LEFT);
	snprintf(n, sizeof n, "%d", p->page);
	text_at(p, MARGIN, PAGE_H - MARGIN + 4, BODY_W, n, 8, 0, PANGO_ALIGN_RIGHT);
	cairo_show_page(p->cr);
}

/* Ends the page (with its footer) and starts the next. */
static void new_page(struct pdf *p)
{
	if (p->page > 0)
		end_page(p);
	p->page++;
	p->at = MARGIN;
	cairo_set_source_rgb(p->cr, 0, 0, 0);
}

/* Starts a new page unless h points fit below the current line. */
static void need(struct pdf *p, double h)
{
	if (p->at + h > BOTTOM)
		new_page(p);
}

/* A paragraph across the body. */
static void para(struct pdf *p, const char *text, double size, int bold, double space_after)
{
	double h = text_height(p, text, size, bold, BODY_W);
	need(p, h);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	text_at(p, MARGIN, p->at, BODY_W, text, size, bold, PANGO_ALIGN_LEFT);
	p->at += h + space_after;
}

/* "1,234" or "12.5". */
static void num(char *out, size_t n, double v)
{
	char d[64];
	snprintf(d, sizeof d, fabs(v - round(v)) < 0.005 ? "%.0f" : "%.2f", v);
	if (strchr(d, '.')) {
		size_t e = strlen(d);
		while (d[e - 1] == '0')
			d[--e] = '\0';
	}
	/* thousands separators */
	char *dot = strchr(d, '.');
	size_t whole = dot ? (size_t)(dot - d) : strlen(d), o = 0, start = d[0] == '-';
	for (size_t i = 0; i < strlen(d) && o + 2 < n; i++) {
		if (i > start && i < whole && (whole - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
}

static const char *status_words(enum kpi_status s)
{
	switch (s) {
	case KPI_REACHED: return "✔ 已達成";
	case KPI_ON_TRACK: return "▲ 進度正常";
	case KPI_BEHIND: return "▼ 落後";
	case KPI_NO_TARGET: return "– 未訂目標";
	default: return "○ 尚無資料";
	}
}

/* A table: columns of widths w (summing to BODY_W), a header row, then
 * rows of cells; the header is repeated after a page break. */
struct ptable {
	int ncols;
	const double *w;
	const char *const *head;
	const int *right;	/* 1: right-aligned column */
};

static double row_height(struct pdf *p, const struct ptable *t, const char *const *cells,
			 double size, int bold)
{
	double h = 0;
	for (int c = 0; c < t->ncols; c++) {
		double ch = text_height(p, cells[c] ? cells[c] : "", size, bold, t->w[c] - 8);
		if (ch > h)
			h = ch;
	}
	return h + 8;
}

static void draw_row(struct pdf *p, const struct ptable *t, const char *const *cells, double size,
		     int bold, int shade)
{
	double h = row_height(p, t, cells, size, bold), x = MARGIN;
	if (shade) {
		cairo_set_source_rgb(p->cr, 0.92, 0.95, 0.93);
		cairo_rectangle(p->cr, MARGIN, p->at, BODY_W, h);
		cairo_fill(p->cr);
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	for (int c = 0; c < t->ncols; c++) {
		text_at(p, x + 4, p->at + 4, t->w[c] - 8, cells[c] ? cells[c] : "", size, bold,
			t->right && t->right[c] ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
		x += t->w[c];
	}
	cairo_set_source_rgb(p->cr, 0.6, 0.6, 0.6);
	cairo_set_line_width(p->cr, 0.5);
	cairo_move_to(p->cr, MARGIN, p->at + h);
	cairo_line_to(p->cr, MARGIN + BODY_W, p->at + h);
	cairo_stroke(p->cr);
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	p->at += h;
}

static void table_row(struct pdf *p, const struct ptable *t, const char *const *cells)
{
	double h = row_height(p, t, cells, 9, 0);
	if (p->at + h > BOTTOM) {
		new_page(p);
		draw_row(p, t, t->head, 9, 1, 1);
	}
	draw_row(p, t, cells, 9, 0, 0);
}

static void table_head(struct pdf *p, const struct ptable *t)
{
	need(p, row_height(p, t, t->head, 9, 1) + 40);
	draw_row(p, t, t->head, 9, 1, 1);
}

static void cover(struct pdf *p, const char *city)
{
	const struct kpi_year *y = p->y;
	char s[512], today[32];
	time_t now = time(NULL);
	struct tm tm;
	int count[KPI__STATUSES] = {0};
	localtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	for (size_t i = 0; i < y->n; i++)
		count[y->ind[i].status]++;
	p->at = 200;
	snprintf(s, sizeof s, "%s終身學習發展計畫", city);
	para(p, s, 16, 0, 10);
	snprintf(s, sizeof s, "民國%d年（%d年）執行成果報告", y->year - 1911, y->year);
	para(p, s, 26, 1, 18);
	para(p, y->plan_title, 13, 0, 30);
	snprintf(s, sizeof s, "提報：%s終身學習推展委員會", city);
	para(p, s, 12, 0, 6);
	snprintf(s, sizeof s, "資料統計至：%s", y->asof);
	para(p, s, 12, 0, 6);
	snprintf(s, sizeof s, "製表日期：%s", today);
	para(p, s, 12, 0, 6);
	snprintf(s, sizeof s, "製表單位：%s政府教育處", city);
	para(p, s, 12, 0, 30);
	snprintf(s, sizeof s, "共 %zu 項指標：已達成 %d 項、進度正常 %d 項、落後 %d 項、尚無資料 %d 項%s",
		 y->n, count[KPI_REACHED], count[KPI_ON_TRACK], count[KPI_BEHIND],
		 count[KPI_NO_DATA], count[KPI_NO_TARGET] ? "（另有未訂目標者）" : "");
	para(p, s, 12, 1, 8);
	para(p, "各項數字依系統中各學習機構登錄的課程、場次、出席人數與後台登錄之會議、補助案計算；"
		"「尚無資料」表示還沒有可計算的紀錄，不等於零。每項指標的計算方式列在其方案的表格中。",
	     10, 0, 0);
}

static void summary(struct pdf *p)
{
	static const double w[] = {243.28, 40, 50, 50, 50, 50};
	static const char *const head[] = {"目標", "指標數", "已達成", "進度正常", "落後", "尚無資料"};
	static const int right[] = {0, 1, 1, 1, 1, 1};
	const struct ptable t = {6, w, head, right};
	const struct kpi_year *y = p->y;
	new_page(p);
	para(p, "壹、各目標執行摘要", 16, 1, 10);
	table_head(p, &t);
	for (size_t g = 0; g < y->ngoals; g++) {
		int count[KPI__STATUSES] = {0}, n = 0;
		char title[512], c[6][16];
		for (size_t i = 0; i < y->n; i++)
			if (y->ind[i].goal == y->goals[g].number) {
				count[y->ind[i].status]++;
				n++;
			}
		snprintf(title, sizeof title, "目標%d：%s", y->goals[g].number, y->goals[g].title);
		snprintf(c[1], sizeof c[1], "%d", n);
		snprintf(c[2], sizeof c[2], "%d", count[KPI_REACHED]);
		snprintf(c[3], sizeof c[3], "%d", count[KPI_ON_TRACK]);
		snprintf(c[4], sizeof c[4], "%d", count[KPI_BEHIND]);
		snprintf(c[5], sizeof c[5], "%d", count[KPI_NO_DATA] + count[KPI_NO_TARGET]);
		const char *cells[] = {title, c[1], c[2], c[3], c[4], c[5]};
		table_row(p, &t, cells);
	}
	p->at += 16;
}

/* The programme's bars: percentage of target per indicator, with the
 * target line at 100 % (the same chart as the dashboard's). */
static void chart(struct pdf *p, const int *idx, size_t n)
{
	const double row = 30, track = BODY_W, max = 150;
	double h = 16 + row * (double)n + 6, top;
	char label[64];
	need(p, h + 10);
	top = p->at;
	cairo_set_source_rgb(p->cr, 0.3, 0.3, 0.3);
	for (int pc = 0; pc <= 150; pc += 50) {
		double x = MARGIN + track * pc / max;
		snprintf(label, sizeof label, "%d%%", pc);
		if (pc == 0)
			text_at(p, x, top, 40, label, 7, 0, PANGO_ALIGN_LEFT);
		else if (pc == 150)
			text_at(p, x - 40, top, 40, label, 7, 0, PANGO_ALIGN_RIGHT);
		else
			text_at(p, x - 20, top, 40, label, 7, 0, PANGO_ALIGN_CENTER);
	}
	for (size_t k = 0; k < n; k++) {
		const struct kpi_indicator *d = &p->y->ind[idx[k]];
		double y0 = top + 16 + row * (double)k;
		char a[64], tgt[64], v[192];
		cairo_set_source_rgb(p->cr, 0, 0, 0);
		text_at(p, MARGIN, y0, track * 0.6, d->name, 8, 0, PANGO_ALIGN_LEFT);
		if (d->has_actual) {
			num(a, sizeof a, d->actual);
			num(tgt, sizeof tgt, d->target);
			if (d->has_percent)
				snprintf(v, sizeof v, "%s／%s %s（%.0f%%）", a, tgt, d->unit, d->percent);
			else
				snprintf(v, sizeof v, "%s %s", a, d->unit);
		} else {
			snprintf(v, sizeof v, "尚無資料");
		}
		text_at(p, MARGIN + track * 0.4, y0, track * 0.6, v, 8, 0, PANGO_ALIGN_RIGHT);
		cairo_set_source_rgb(p->cr, 0.9, 0.9, 0.9);
		cairo_rectangle(p->cr, MARGIN, y0 + 13, track, 11);
		cairo_fill(p->cr);
		if (d->has_percent) {
			if (d->status == KPI_REACHED)
				cairo_set_source_rgb(p->cr, 0.04, 0.43, 0.31);
			else if (d->status == KPI_ON_TRACK)
				cairo_set_source_rgb(p->cr, 0.16, 0.45, 0.69);
			else
				cairo_set_source_rgb(p->cr, 0.70, 0.30, 0.05);
			cairo_rectangle(p->cr, MARGIN, y0 + 13, track * fmin(d->percent, max) / max, 11);
			cairo_fill(p->cr);
		}
	}
	cairo_set_source_rgb(p->cr, 0, 0, 0);
	cairo_set_line_width(p->cr, 1.2);
	cairo_move_to(p->cr, MARGIN + track * 100 / max, top + 12);
	cairo_line_to(p->cr, MARGIN + track * 100 / max, top + h);
	cairo_stroke(p->cr);
	p->at = top + h + 10;
}

static void programme(struct pdf *p, const struct kpi_programme *pr)
{
	static const double w[] = {203.28, 60, 60, 50, 70};
	static const char *const head[] = {"指標與計算方式", "年度目標", "實際", "達成率", "狀態"};
	static const int right[] = {0, 1, 1, 1, 0};
	const struct ptable t = {5, w, head, right};
	const struct kpi_year *y = p->y;
	int idx[64];
	size_t n = 0;
	char title[512];
	for (size_t i = 0; i < y->n && n < 64; i++)
		if (y->ind[i].programme == pr->number)
			idx[n++] = (int)i;
	snprintf(title, sizeof title, "方案%d：%s", pr->number, pr->title);
	need(p, 160);
	para(p, title, 13, 1, 8);
	if (!n) {
		para(p, "（本方案沒有量化指標）", 9, 0, 12);
		return;
	}
	chart(p, idx, n);
	table_head(p, &t);
	for (size_t k = 0; k < n; k++) {
		const struct kpi_indicator *d = &y->ind[idx[k]];
		char name[1024], tg[64], ac[64], pc[32];
		snprintf(name, sizeof name, "%s（%s）\n%s", d->name, d->code,
			 d->rule_error ? d->rule_error : d->rule_text ? d->rule_text : "");
		if (d->has_target) {
			num(tg, sizeof tg, d->target);
			strncat(tg, " ", sizeof tg - strlen(tg) - 1);
			strncat(tg, d->unit, sizeof tg - strlen(tg) - 1);
		} else {
			snprintf(tg, sizeof tg, "—");
		}
		if (d->has_actual) {
			num(ac, sizeof ac, d->actual);
			strncat(ac, " ", sizeof ac - strlen(ac) - 1);
			strncat(ac, d->unit, sizeof ac - strlen(ac) - 1);
		} else {
			snprintf(ac, sizeof ac, "尚無資料");
		}
		if (d->has_percent)
			snprintf(pc, sizeof pc, "%.1f%%", d->percent);
		else
			snprintf(pc, sizeof pc, "—");
		const char *cells[] = {name, tg, ac, pc, status_words(d->status)};
		table_row(p, &t, cells);
	}
	p->at += 16;
}

static void behind(struct pdf *p)
{
	const struct kpi_year *y = p->y;
	int any = 0;
	new_page(p);
	para(p, "參、未達目標的指標", 16, 1, 10);
	for (size_t i = 0; i < y->n; i++) {
		const struct kpi_indicator *d = &y->ind[i];
		char s[1024], a[64], t[64], pace[128] = "";
		if (d->status != KPI_BEHIND)
			continue;
		any = 1;
		num(a, sizeof a, d->actual);
		num(t, sizeof t, d->target);
		if (d->has_pace) {
			char pc[64];
			num(pc, sizeof pc, d->pace);
			snprintf(pace, sizeof pace, "；其餘月份每月約需 %s %s", pc, d->unit);
		}
		snprintf(s, sizeof s, "・方案%d %s（%s）：實際 %s／目標 %s %s，達成 %.1f%%%s", d->programme,
			 d->name, d->code, a, t, d->unit, d->percent, pace);
		para(p, s, 10, 0, 4);
	}
	if (!any)
		para(p, "沒有落後的指標。", 10, 0, 4);
	p->at += 10;
	para(p, "尚無資料的指標", 12, 1, 6);
	any = 0;
	for (size_t i = 0; i < y->n; i++) {
		const struct kpi_indicator *d = &y->ind[i];
		char s[1024];
		if (d->status != KPI_NO_DATA)
			continue;
		any = 1;
		snprintf(s, sizeof s, "・方案%d %s（%s）：%s", d->programme, d->name, d->code,
			 d->rule_error ? d->rule_error : "尚無可計算的紀錄");
		para(p, s, 10, 0, 4);
	}
	if (!any)
		para(p, "每項指標都有資料。", 10, 0, 4);
}

int report_pdf(struct db *db, struct kpi_year *y, const char *city, struct buf *out)
{
	struct pdf p = {.out = out, .y = y};
	char title[256];
	int rc = -1;
	(void)db;
	p.surface = cairo_pdf_surface_create_for_stream(write_out, out, PAGE_W, PAGE_H);
	if (cairo_surface_status(p.surface) != CAIRO_STATUS_SUCCESS)
		goto out;
	snprintf(title, sizeof title, "%s終身學習發展計畫 民國%d年（%d年）執行成果報告", city,
		 y->year - 1911, y->year);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_TITLE, title);
	snprintf(p.footer, sizeof p.footer, "%s　統計至 %s", title, y->asof);
	snprintf(title, sizeof title, "%s政府教育處", city);
	cairo_pdf_surface_set_metadata(p.surface, CAIRO_PDF_METADATA_AUTHOR, title);
	p.cr = cairo_create(p.surface);
	if (cairo_status(p.cr) != CAIRO_STATUS_SUCCESS)
		goto out;
	/* a font map of its own rather than the thread's default, so that
	 * nothing of a report outlives it on a server thread */
	p.fonts = pango_cairo_font_map_new();
	p.pango = p.fonts ? pango_font_map_create_context(p.fonts) : NULL;
	if (!p.pango)
		goto out;
	pango_cairo_update_context(p.cr, p.pango);
	new_page(&p);
	cover(&p, city);
	summary(&p);
	para(&p, "貳、各方案執行情形", 16, 1, 10);
	for (size_t i = 0; i < y->nprogs; i++)
		programme(&p, &y->progs[i]);
	behind(&p);
	end_page(&p);
	cairo_destroy(p.cr);
	p.cr = NULL;
	cairo_surface_finish(p.surface);
	rc = cairo_surface_status(p.surface) == CAIRO_STATUS_SUCCESS && !buf_failed(out) ? 0 : -1;
out:
	if (p.pango)
		g_object_unref(p.pango);
	if (p.fonts)
		g_object_unref(p.fonts);
	if (p.cr)
		cairo_destroy(p.cr);
	cairo_surface_destroy(p.surface);
	return rc;
}

void report_pdf_cleanup(void)
{
	cairo_debug_reset_static_data();
	FcFini();
}
