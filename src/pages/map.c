/* map — the learning map (學習地圖): the city's districts drawn as an SVG
 * map from their stored boundaries, shaded by the number of upcoming
 * courses, each district a link to the search for it; institutions and
 * venues with a position as markers; and beside it the same content as a
 * text list, so the map is never the only way in. The drawing itself is
 * src/core/geo.c; the view fits whatever boundaries the data holds. */
#include <stdlib.h>
#include <string.h>

#include "core/geo.h"
#include "db/db.h"
#include "pages/pages.h"

#define MAP_MAX_W 800.0		/* viewBox size limits, in units */
#define MAP_MAX_H 800.0
#define MAP_MARGIN 12.0
#define MAP_TOLERANCE 1.0	/* simplification, in units */
#define MAP_CLASSES 4		/* none, few, some, many */

struct district {
	long long id;
	char *name, *name_en;
	struct geo_shape shape;	/* empty when no (valid) boundary is stored */
	long long institutions, courses;
	int cls;
};

struct place {
	long long institution_id;	/* the page to link to; 0 = none */
	long long district_id;		/* 0 = unknown */
	char *name, *kind;		/* kind: type name (institutions) or venue kind */
	int venue;
	int has_pos;
	double lat, lon;
};

struct map {
	struct district *d;
	size_t nd;
	struct place *p;
	size_t np;
	long long upper[MAP_CLASSES];
	int nclasses;
	struct geo_bbox bb;
	struct geo_proj proj;
	int drawable;
};

/* Venue kinds that have a plain name; others show none. */
static const struct {
	const char *kind, *label;
} venue_kinds[] = {
	{"community_reading_station", N_("社區共讀站")},
	{"community_library", N_("社區圖書館")},
	{"family_learning_centre", N_("親子館")},
	{"community_association", N_("社區發展協會")},
	{"youth_centre", N_("青少年中心")},
	{"learning_venue", N_("學習場所")},
};

/* A malloc'd copy of s ("" for NULL), or NULL when memory ran out. */
static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* Releases everything map_load() allocated (also after a failure). */
static void map_free(struct map *m)
{
	for (size_t i = 0; i < m->nd; i++) {
		free(m->d[i].name);
		free(m->d[i].name_en);
		geo_shape_free(&m->d[i].shape);
	}
	for (size_t i = 0; i < m->np; i++) {
		free(m->p[i].name);
		free(m->p[i].kind);
	}
	free(m->d);
	free(m->p);
}

/* Appends one place; returns 0 or -1 when memory ran out. */
static int add_place(struct map *m, struct dbq *q, int venue)
{
	struct place *p = realloc(m->p, (m->np + 1) * sizeof *p);
	if (!p)
		return -1;
	m->p = p;
	p = &m->p[m->np];
	memset(p, 0, sizeof *p);
	p->venue = venue;
	/* venues: name, kind, institution, district; institutions: id, name,
	 * type name, district; then lat, lon for both */
	if (venue) {
		p->name = dup_or_empty(db_text(q, 0));
		p->kind = dup_or_empty(db_text(q, 1));
		p->institution_id = db_int(q, 2);
		p->district_id = db_int(q, 3);
	} else {
		p->institution_id = db_int(q, 0);
		p->name = dup_or_empty(db_text(q, 1));
		p->kind = dup_or_empty(db_text(q, 2));
		p->district_id = db_int(q, 3);
	}
	p->has_pos = !db_is_null(q, 4) && !db_is_null(q, 5);
	p->lat = db_real(q, 4);
	p->lon = db_real(q, 5);
	m->np++;
	return p->name && p->kind ? 0 : -1;
}

/* Reads districts (with shapes and counts) and places. Returns 0 or -1. */
static int map_load(struct request *r, struct map *m)
{
	struct dbq q;
	int rc;
	long long max = 0;
	geo_bbox_init(&m->bb);
	db_query(r->db, &q, ST_MAP_DISTRICTS, "t", r->now);
	while ((rc = db_next(&q)) == 1) {
		struct district *d = realloc(m->d, (m->nd + 1) * sizeof *d);
		if (!d) {
			rc = -1;
			break;
		}
		m->d = d;
		d = &m->d[m->nd++];
		memset(d, 0, sizeof *d);
		d->id = db_int(&q, 0);
		d->name = dup_or_empty(db_text(&q, 1));
		d->name_en = dup_or_empty(db_text(&q, 2));
		/* a district without a usable boundary is still listed */
		if (geo_shape_parse(db_text(&q, 3), &d->shape) == 0)
			geo_bbox_add_shape(&m->bb, &d->shape);
		d->institutions = db_int(&q, 4);
		d->courses = db_int(&q, 5);
		if (d->courses > max)
			max = d->courses;
		if (!d->name || !d->name_en) {
			rc = -1;
			break;
		}
	}
	db_done(&q);
	if (rc < 0)
		return -1;
	m->nclasses = geo_class_breaks(max, MAP_CLASSES, m->upper);
	for (size_t i = 0; i < m->nd; i++)
		m->d[i].cls = geo_class_of(m->d[i].courses, m->upper, m->nclasses);
	m->drawable = geo_proj_fit(&m->proj, &m->bb, MAP_MAX_W, MAP_MAX_H, MAP_MARGIN) == 0;

	db_query(r->db, &q, ST_MAP_INSTITUTIONS, "");
	while ((rc = db_next(&q)) == 1)
		if (add_place(m, &q, 0) < 0) {
			rc = -1;
			break;
		}
	db_done(&q);
	if (rc < 0)
		return -1;
	db_query(r->db, &q, ST_MAP_VENUES, "");
	while ((rc = db_next(&q)) == 1)
		if (add_place(m, &q, 1) < 0) {
			rc = -1;
			break;
		}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* The translated name of a venue kind, or NULL for an unknown kind. */
static const char *venue_kind_label(struct request *r, const char *kind)
{
	for (size_t i = 0; i < sizeof venue_kinds / sizeof *venue_kinds; i++)
		if (!strcmp(kind, venue_kinds[i].kind))
			return tr(r, venue_kinds[i].label);
	return NULL;
}

/* Appends the legend text of class k: "no upcoming course", "3 courses",
 * "1–4 courses". */
static void class_label(struct request *r, const struct map *m, int k)
{
	long long lo = k > 0 ? m->upper[k - 1] + 1 : 0, hi = m->upper[k];
	if (k == 0)
		html_tr(r, "沒有近期課程");
	else if (lo == hi)
		html_trnf(r, "%lld 門課程", "%lld 門課程", (unsigned long)hi, hi);
	else
		html_trf(r, "%lld–%lld 門課程", lo, hi);
}

/* A small square filled like class k, for the legend and the list. */
static void swatch(struct request *r, int k)
{
	html_fmt(&r->out, "<svg class=\"swatch\" viewBox=\"0 0 20 20\" width=\"20\" height=\"20\" "
		 "aria-hidden=\"true\" focusable=\"false\"><rect class=\"district shade-%d\" "
		 "x=\"1\" y=\"1\" width=\"18\" height=\"18\" fill=\"url(#map-shade-%d)\"/></svg>",
		 k, k);
}

/* The fill patterns: colour plus a texture that grows denser with the
 * class (none, dots, lines, crossed lines), so the classes differ without
 * colour too. Colours come from the stylesheet (both contrast themes). */
static void svg_defs(struct request *r)
{
	html_raw_unescaped(&r->out,
		"<defs>\n"
		"<pattern id=\"map-shade-0\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\">"
		"<rect class=\"shade-bg-0\" width=\"10\" height=\"10\"/></pattern>\n"
		"<pattern id=\"map-shade-1\" width=\"10\" height=\"10\" patternUnits=\"userSpaceOnUse\">"
		"<rect class=\"shade-bg-1\" width=\"10\" height=\"10\"/>"
		"<circle class=\"shade-dot-1\" cx=\"5\" cy=\"5\" r=\"1.5\"/></pattern>\n"
		"<pattern id=\"map-shade-2\" width=\"8\" height=\"8\" patternUnits=\"userSpaceOnUse\" "
		"patternTransform=\"rotate(45)\"><rect class=\"shade-bg-2\" width=\"8\" height=\"8\"/>"
		"<path class=\"shade-ink-2\" d=\"M4 0v8\"/></pattern>\n"
		"<pattern id=\"map-shade-3\" width=\"7\" height=\"7\" patternUnits=\"userSpaceOnUse\" "
		"patternTransform=\"rotate(45)\"><rect class=\"shade-bg-3\" width=\"7\" height=\"7\"/>"
		"<path class=\"shade-ink-3\" d=\"M3.5 0v7M0 3.5h7\"/></pattern>\n"
		"</defs>\n");
}

/* The accessible name of a district: "七堵區：5 門近期課程、3 所學習機構". */
static void district_name(struct request *r, const struct district *d)
{
	html_trf(r, "%s：%lld 門近期課程、%lld 所學習機構", d->name, d->courses, d->institutions);
}

/* Appends a place's name with its kind: "七堵區圖書館（圖書館）". */
static void place_name(struct request *r, const struct place *p)
{
	const char *kind = p->venue ? venue_kind_label(r, p->kind) : p->kind;
	if (kind && *kind)
		html_trf(r, "%s（%s）", p->name, kind);
	else
		html_text(&r->out, p->name);
}

/* The SVG map: districts (links to their search), labels, markers. */
static void map_svg(struct request *r, const struct map *m)
{
	struct buf *b = &r->out;
	html_fmt(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"district-map\" "
		 "viewBox=\"0 0 %.0f %.0f\" role=\"group\" aria-labelledby=\"map-svg-title\">\n"
		 "<title id=\"map-svg-title\">",
		 m->proj.width, m->proj.height);
	html_trf(r, "%s各行政區近期課程地圖", page_city(r));
	html_raw_unescaped(b, "</title>\n");
	svg_defs(r);
	for (size_t i = 0; i < m->nd; i++) {
		const struct district *d = &m->d[i];
		if (!d->shape.nrings)
			continue;
		html_raw_unescaped(b, "<a class=\"district-link\" href=\"/search?district=");
		html_url_param(b, d->name);
		html_fmt(b, "\" data-courses=\"%lld\" aria-label=\"", d->courses);
		district_name(r, d);
		html_raw_unescaped(b, "\"><title>");
		district_name(r, d);
		html_fmt(b, "</title><path class=\"district shade-%d\" fill=\"url(#map-shade-%d)\" "
			 "fill-rule=\"evenodd\" d=\"", d->cls, d->cls);
		geo_svg_path(b, &d->shape, &m->proj, MAP_TOLERANCE);
		html_raw_unescaped(b, "\"/></a>\n");
	}
	/* labels: decoration repeating the links' names, hidden from AT */
	html_raw_unescaped(b, "<g class=\"map-labels\" aria-hidden=\"true\">\n");
	for (size_t i = 0; i < m->nd; i++) {
		const struct district *d = &m->d[i];
		double x, y;
		if (!d->shape.nrings || geo_label_point(&d->shape, &m->proj, &x, &y) < 0)
			continue;
		html_fmt(b, "<text x=\"%.0f\" y=\"%.0f\"><tspan x=\"%.0f\">%s</tspan>"
			 "<tspan x=\"%.0f\" dy=\"1.2em\">", x, y - 4, x, d->name, x);
		html_trnf(r, "%lld 門", "%lld 門", (unsigned long)d->courses, d->courses);
		html_raw_unescaped(b, "</tspan></text>\n");
	}
	html_raw_unescaped(b, "</g>\n<g class=\"map-markers\">\n");
	for (size_t i = 0; i < m->np; i++) {
		const struct place *p = &m->p[i];
		double x, y;
		if (!p->has_pos || !geo_bbox_contains(&m->bb, p->lon, p->lat))
			continue;
		geo_project(&m->proj, p->lon, p->lat, &x, &y);
		if (p->institution_id) {
			html_fmt(b, "<a class=\"marker-link\" href=\"/institutions/%lld\" aria-label=\"",
				 p->institution_id);
			place_name(r, p);
			html_raw_unescaped(b, "\">");
		}
		html_fmt(b, "<circle class=\"marker %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"%s\">"
			 "<title>", p->venue ? "marker-venue" : "marker-institution", x, y,
			 p->venue ? "5" : "7");
		place_name(r, p);
		html_raw_unescaped(b, "</title></circle>");
		html_raw_unescaped(b, p->institution_id ? "</a>\n" : "\n");
	}
	html_raw_unescaped(b, "</g>\n</svg>\n");
}

/* The legend: each class in words with its swatch, and the markers. */
static void map_legend(struct request *r, const struct map *m)
{
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<div class=\"map-legend\"><h3 id=\"h-legend\">");
	html_tr(r, "圖例");
	html_raw_unescaped(b, "</h3>\n<ul aria-labelledby=\"h-legend\">\n");
	for (int k = 0; k < m->nclasses; k++) {
		html_fmt(b, "<li class=\"legend-class-%d\">", k);
		swatch(r, k);
		html_raw_unescaped(b, " ");
		class_label(r, m, k);
		html_raw_unescaped(b, "</li>\n");
	}
	html_raw_unescaped(b, "<li><svg class=\"swatch\" viewBox=\"0 0 20 20\" width=\"20\" "
			   "height=\"20\" aria-hidden=\"true\" focusable=\"false\"><circle "
			   "class=\"marker marker-institution\" cx=\"10\" cy=\"10\" r=\"7\"/></svg> ");
	html_tr(r, "學習機構（可點選）");
	html_raw_unescaped(b, "</li>\n<li><svg class=\"swatch\" viewBox=\"0 0 20 20\" width=\"20\" "
			   "height=\"20\" aria-hidden=\"true\" focusable=\"false\"><circle "
			   "class=\"marker marker-venue\" cx=\"10\" cy=\"10\" r=\"5\"/></svg> ");
	html_tr(r, "其他學習場所");
	html_raw_unescaped(b, "</li>\n</ul>\n<p class=\"muted\">");
	html_tr(r, "顏色越深、花紋越密，表示今天起開課的課程越多；每個行政區上也寫著課程數。");
	html_raw_unescaped(b, "</p>\n</div>\n");
}

/* Lists the places of one district (district_id 0: those without one).
 * Returns how many were listed. */
static int list_places(struct request *r, const struct map *m, long long district_id)
{
	struct buf *b = &r->out;
	int n = 0, nv = 0;
	for (size_t i = 0; i < m->np; i++) {
		const struct place *p = &m->p[i];
		if (p->venue || p->district_id != district_id)
			continue;
		if (!n++)
			html_raw_unescaped(b, "<ul class=\"place-list\">\n");
		html_fmt(b, "<li><a href=\"/institutions/%lld\"", p->institution_id);
		page_lang_attr(r, NULL);
		html_fmt(b, ">%s</a> <span class=\"muted\"", p->name);
		page_lang_attr(r, NULL);
		html_fmt(b, ">%s</span></li>\n", p->kind);
	}
	if (n)
		html_raw_unescaped(b, "</ul>\n");
	for (size_t i = 0; i < m->np; i++) {
		const struct place *p = &m->p[i];
		if (!p->venue || p->district_id != district_id)
			continue;
		if (!nv++) {
			html_raw_unescaped(b, "<p class=\"venues\">");
			html_tr(r, "其他學習場所：");
		} else {
			html_tr(r, "、");
		}
		if (p->institution_id)
			html_fmt(b, "<a href=\"/institutions/%lld\">", p->institution_id);
		page_content(r, "span", p->name, NULL);
		if (p->institution_id)
			html_raw_unescaped(b, "</a>");
	}
	if (nv)
		html_raw_unescaped(b, "</p>\n");
	return n + nv;
}

/* The text version of the map: every district with its count, link and
 * places; then the places whose district is unknown. */
static void map_list(struct request *r, const struct map *m)
{
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<section id=\"map-list\" class=\"map-list\" aria-labelledby=\"h-map-list\">\n"
			   "<h2 id=\"h-map-list\">");
	html_tr(r, "各行政區的課程與學習機構");
	html_raw_unescaped(b, "</h2>\n<ul class=\"district-list\">\n");
	for (size_t i = 0; i < m->nd; i++) {
		const struct district *d = &m->d[i];
		html_fmt(b, "<li id=\"district-%lld\"><h3><a href=\"/search?district=", d->id);
		html_url_param(b, d->name);
		html_raw_unescaped(b, "\"");
		page_lang_attr(r, NULL);
		html_fmt(b, ">%s</a></h3>\n<p class=\"district-count\" data-class=\"%d\">", d->name,
			 d->cls);
		swatch(r, d->cls);
		html_raw_unescaped(b, " ");
		html_count(r, "%lld 門近期課程", "%lld 門近期課程", d->courses);
		html_raw_unescaped(b, "・");
		html_count(r, "%lld 所學習機構", "%lld 所學習機構", d->institutions);
		if (d->courses > 0) {
			html_raw_unescaped(b, "・<a href=\"/search?district=");
			html_url_param(b, d->name);
			html_raw_unescaped(b, "\">");
			html_trf(r, "看%s的課程", d->name);
			html_raw_unescaped(b, "</a>");
		}
		html_raw_unescaped(b, "</p>\n");
		list_places(r, m, d->id);
		html_raw_unescaped(b, "</li>\n");
	}
	int unknown = 0;
	for (size_t i = 0; i < m->np; i++)
		unknown += m->p[i].district_id == 0;
	if (unknown) {
		html_raw_unescaped(b, "<li id=\"district-none\"><h3>");
		html_tr(r, "服務全市或行政區未登錄");
		html_raw_unescaped(b, "</h3>\n");
		list_places(r, m, 0);
		html_raw_unescaped(b, "</li>\n");
	}
	html_raw_unescaped(b, "</ul>\n</section>\n");
}

/* GET /map: the map (when any boundary is stored) and the text list. */
int page_map(struct request *r)
{
	struct map m;
	memset(&m, 0, sizeof m);
	int rc = 0;
	if (map_load(r, &m) < 0) {
		rc = req_fail(r, 500, "map query failed");
		goto out;
	}
	page_begin(r, tr(r, "學習地圖"), "map");
	struct buf *b = &r->out;
	html_raw_unescaped(b, "<p class=\"lead\">");
	html_trf(r, "看看%s各區有多少近期課程與學習機構。點選行政區，就能找該區的課程。",
		 page_city(r));
	html_raw_unescaped(b, "</p>\n<p><a href=\"#map-list\">");
	html_tr(r, "跳過地圖，看文字清單");
	html_raw_unescaped(b, "</a>・<a href=\"/guide\">");
	html_tr(r, "不知道從哪裡開始？用學習導引找課程");
	html_raw_unescaped(b, "</a></p>\n");
	html_raw_unescaped(b, "<div class=\"map-layout\">\n<section class=\"map-figure\" "
			   "aria-labelledby=\"h-map\">\n<h2 id=\"h-map\">");
	html_tr(r, "地圖");
	html_raw_unescaped(b, "</h2>\n");
	if (m.drawable) {
		map_svg(r, &m);
		map_legend(r, &m);
	} else {
		html_raw_unescaped(b, "<p class=\"notice\">");
		html_tr(r, "目前沒有行政區界線資料，請使用下方的文字清單。");
		html_raw_unescaped(b, "</p>\n");
	}
	html_raw_unescaped(b, "</section>\n");
	map_list(r, &m);
	html_raw_unescaped(b, "</div>\n");
	page_end(r);
out:
	map_free(&m);
	return rc;
}
