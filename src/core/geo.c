#include "core/geo.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DEG2RAD (3.14159265358979323846 / 180.0)

void geo_shape_free(struct geo_shape *s)
{
	for (size_t i = 0; i < s->nrings; i++)
		free(s->rings[i].xy);
	free(s->rings);
	s->rings = NULL;
	s->nrings = 0;
}

/* Appends one ring (a JSON array of [lon, lat] positions) to s. Returns 0,
 * or -1 when the ring is malformed or memory ran out. */
static int add_ring(struct geo_shape *s, json_t *ring, int outer)
{
	size_t n = json_is_array(ring) ? json_array_size(ring) : 0;
	if (n < 3)
		return -1;
	struct geo_ring *rings = realloc(s->rings, (s->nrings + 1) * sizeof *rings);
	if (!rings)
		return -1;
	s->rings = rings;
	double *xy = malloc(2 * n * sizeof *xy);
	if (!xy)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *pos = json_array_get(ring, i);
		json_t *lon = json_array_get(pos, 0), *lat = json_array_get(pos, 1);
		if (!json_is_number(lon) || !json_is_number(lat))
			goto bad;
		xy[2 * i] = json_number_value(lon);
		xy[2 * i + 1] = json_number_value(lat);
		if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1]) ||
		    fabs(xy[2 * i]) > 180.0 || fabs(xy[2 * i + 1]) > 90.0)
			goto bad;
	}
	s->rings[s->nrings++] = (struct geo_ring){xy, n, outer};
	return 0;
bad:
	free(xy);
	return -1;
}

/* Appends the rings of one polygon (an array of rings, exterior first). */
static int add_polygon(struct geo_shape *s, json_t *poly)
{
	size_t n = json_is_array(poly) ? json_array_size(poly) : 0;
	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (add_ring(s, json_array_get(poly, i), i == 0) < 0)
			return -1;
	return 0;
}

int geo_shape_parse(const char *geojson, struct geo_shape *out)
{
	int rc = -1;
	json_t *root = geojson ? json_loads(geojson, 0, NULL) : NULL;
	json_t *geom = root;
	out->rings = NULL;
	out->nrings = 0;
	if (!root)
		return -1;
	const char *type = json_string_value(json_object_get(geom, "type"));
	if (type && !strcmp(type, "Feature")) {
		geom = json_object_get(root, "geometry");
		type = json_string_value(json_object_get(geom, "type"));
	}
	json_t *coords = json_object_get(geom, "coordinates");
	if (!type || !json_is_array(coords))
		goto out;
	if (!strcmp(type, "Polygon")) {
		rc = add_polygon(out, coords);
	} else if (!strcmp(type, "MultiPolygon") && json_array_size(coords) > 0) {
		rc = 0;
		for (size_t i = 0; rc == 0 && i < json_array_size(coords); i++)
			rc = add_polygon(out, json_array_get(coords, i));
	}
out:
	if (rc < 0)
		geo_shape_free(out);
	json_decref(root);
	return rc;
}

void geo_bbox_init(struct geo_bbox *bb)
{
	*bb = (struct geo_bbox){0, 0, 0, 0, 1};
}

void geo_bbox_add(struct geo_bbox *bb, double lon, double lat)
{
	if (bb->empty) {
		*bb = (struct geo_bbox){lon, lat, lon, lat, 0};
		return;
	}
	bb->west = fmin(bb->west, lon);
	bb->east = fmax(bb->east, lon);
	bb->south = fmin(bb->south, lat);
	bb->north = fmax(bb->north, lat);
}

void geo_bbox_add_shape(struct geo_bbox *bb, const struct geo_shape *s)
{
	for (size_t i = 0; i < s->nrings; i++)
		for (size_t k = 0; k < s->rings[i].n; k++)
			geo_bbox_add(bb, s->rings[i].xy[2 * k], s->rings[i].xy[2 * k + 1]);
}

int geo_bbox_contains(const struct geo_bbox *bb, double lon, double lat)
{
	return !bb->empty && lon >= bb->west && lon <= bb->east && lat >= bb->south &&
	       lat <= bb->north;
}

int geo_proj_fit(struct geo_proj *p, const struct geo_bbox *bb, double max_w,
		 double max_h, double margin)
{
	if (bb->empty || max_w - 2 * margin <= 0 || max_h - 2 * margin <= 0)
		return -1;
	double west = bb->west, east = bb->east, south = bb->south, north = bb->north;
	if (east - west < 1e-9 && north - south < 1e-9) {
		west -= 0.005;
		east += 0.005;
		south -= 0.005;
		north += 0.005;
	}
	double c = cos((south + north) / 2 * DEG2RAD);
	double span_x = (east - west) * c, span_y = north - south;
	double sx = span_x > 0 ? (max_w - 2 * margin) / span_x : INFINITY;
	double sy = span_y > 0 ? (max_h - 2 * margin) / span_y : INFINITY;
	double s = fmin(sx, sy);
	p->west = west;
	p->north = north;
	p->kx = s * c;
	p->ky = s;
	p->margin = margin;
	/* rounded up to whole units, forgiving floating-point dust */
	p->width = ceil(2 * margin + span_x * s - 1e-6);
	p->height = ceil(2 * margin + span_y * s - 1e-6);
	return 0;
}

void geo_project(const struct geo_proj *p, double lon, double lat, double *x, double *y)
{
	*x = p->margin + (lon - p->west) * p->kx;
	*y = p->margin + (p->north - lat) * p->ky;
}

/* Squared distance from point i to the segment a-b (all in pts, x y pairs). */
static double seg_dist2(const double *pts, size_t i, size_t a, size_t b)
{
	double px = pts[2 * i], py = pts[2 * i + 1];
	double ax = pts[2 * a], ay = pts[2 * a + 1], bx = pts[2 * b], by = pts[2 * b + 1];
	double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
	double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
	t = t < 0 ? 0 : t > 1 ? 1 : t;
	double ex = ax + t * dx - px, ey = ay + t * dy - py;
	return ex * ex + ey * ey;
}

/* Douglas-Peucker over pts[first..last], marking the points to keep
 * (first and last must already be marked). Uses an explicit stack of
 * spans (at most n), so long rings cannot overflow the C stack. */
static void simplify(const double *pts, size_t first, size_t last, double tol2,
		     unsigned char *keep, size_t *stack)
{
	size_t top = 0;
	stack[top++] = first;
	stack[top++] = last;
	while (top) {
		size_t b = stack[--top], a = stack[--top];
		double best = -1;
		size_t at = a;
		for (size_t i = a + 1; i < b; i++) {
			double d = seg_dist2(pts, i, a, b);
			if (d > best) {
				best = d;
				at = i;
			}
		}
		if (at != a && best > tol2) {
			keep[at] = 1;
			stack[top++] = a;
			stack[top++] = at;
			stack[top++] = at;
			stack[top++] = b;
		}
	}
}

/* Appends a path number, with a space only where the sign does not
 * already separate it from the previous one. */
static void put_num(struct buf *b, long v, int first)
{
	if (first || v < 0)
		html_fmt(b, "%ld", v);
	else
		html_fmt(b, " %ld", v);
}

/* Writes one projected ring as a subpath. Returns 1 if written, 0 if it
 * collapsed, -1 when memory ran out. */
static int ring_path(struct buf *b, const struct geo_ring *ring, const struct geo_proj *p,
		     double tol)
{
	size_t n = ring->n;
	int rc = -1, written = 0;
	double *pts = malloc(2 * n * sizeof *pts);
	unsigned char *keep = calloc(n, 1);
	size_t *stack = malloc(4 * n * sizeof *stack);
	long *ix = malloc(2 * n * sizeof *ix);
	if (!pts || !keep || !stack || !ix)
		goto out;
	for (size_t i = 0; i < n; i++)
		geo_project(p, ring->xy[2 * i], ring->xy[2 * i + 1], &pts[2 * i], &pts[2 * i + 1]);
	/* a closed ring: split at the point farthest from the first, and
	 * simplify both halves (a span from a point to itself has no line) */
	size_t far = 0;
	double best = -1;
	for (size_t i = 1; i < n; i++) {
		double dx = pts[2 * i] - pts[0], dy = pts[2 * i + 1] - pts[1];
		if (dx * dx + dy * dy > best) {
			best = dx * dx + dy * dy;
			far = i;
		}
	}
	keep[0] = keep[far] = keep[n - 1] = 1;
	simplify(pts, 0, far, tol * tol, keep, stack);
	simplify(pts, far, n - 1, tol * tol, keep, stack);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		long x = lround(pts[2 * i]), y = lround(pts[2 * i + 1]);
		if (m && ix[2 * (m - 1)] == x && ix[2 * (m - 1) + 1] == y)
			continue;
		ix[2 * m] = x;
		ix[2 * m + 1] = y;
		m++;
	}
	if (m > 1 && ix[0] == ix[2 * (m - 1)] && ix[1] == ix[2 * (m - 1) + 1])
		m--;	/* "z" closes the ring */
	rc = 0;
	if (m < 3)
		goto out;
	html_fmt(b, "M%ld %ldl", ix[0], ix[1]);
	for (size_t i = 1; i < m; i++) {
		put_num(b, ix[2 * i] - ix[2 * (i - 1)], i == 1);
		put_num(b, ix[2 * i + 1] - ix[2 * (i - 1) + 1], 0);
	}
	html_raw_unescaped(b, "z");
	written = 1;
out:
	free(pts);
	free(keep);
	free(stack);
	free(ix);
	return rc < 0 ? -1 : written;
}

int geo_svg_path(struct buf *b, const struct geo_shape *s, const struct geo_proj *p,
		 double tol)
{
	int count = 0;
	for (size_t i = 0; i < s->nrings; i++) {
		int rc = ring_path(b, &s->rings[i], p, tol);
		if (rc < 0)
			return -1;
		count += rc;
	}
	return count;
}

/* The projected signed area (shoelace) of a ring, and its y extent. */
static double ring_area(const struct geo_ring *r, const struct geo_proj *p, double *ymin,
			double *ymax)
{
	double a = 0, x0, y0, x1, y1;
	geo_project(p, r->xy[2 * (r->n - 1)], r->xy[2 * (r->n - 1) + 1], &x0, &y0);
	*ymin = *ymax = y0;
	for (size_t i = 0; i < r->n; i++) {
		geo_project(p, r->xy[2 * i], r->xy[2 * i + 1], &x1, &y1);
		a += x0 * y1 - x1 * y0;
		*ymin = fmin(*ymin, y1);
		*ymax = fmax(*ymax, y1);
		x0 = x1;
		y0 = y1;
	}
	return a / 2;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The widest inside stretch of the horizontal line at y (even-odd over
 * every ring of s): its middle in *mx and width returned (0 if none). */
static double widest_at(const struct geo_shape *s, const struct geo_proj *p, double y,
			double *xs, double *mx)
{
	size_t k = 0;
	for (size_t i = 0; i < s->nrings; i++) {
		const struct geo_ring *r = &s->rings[i];
		double ax, ay, bx, by;
		geo_project(p, r->xy[2 * (r->n - 1)], r->xy[2 * (r->n - 1) + 1], &ax, &ay);
		for (size_t j = 0; j < r->n; j++) {
			geo_project(p, r->xy[2 * j], r->xy[2 * j + 1], &bx, &by);
			if ((ay <= y && y < by) || (by <= y && y < ay))
				xs[k++] = ax + (y - ay) * (bx - ax) / (by - ay);
			ax = bx;
			ay = by;
		}
	}
	qsort(xs, k, sizeof *xs, cmp_double);
	double best = 0;
	for (size_t i = 0; i + 1 < k; i += 2) {
		if (xs[i + 1] - xs[i] > best) {
			best = xs[i + 1] - xs[i];
			*mx = (xs[i] + xs[i + 1]) / 2;
		}
	}
	return best;
}

int geo_label_point(const struct geo_shape *s, const struct geo_proj *p, double *x,
		    double *y)
{
	static const double lines[] = {0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8};
	size_t total = 0;
	double best_area = 0, ymin = 0, ymax = 0;
	for (size_t i = 0; i < s->nrings; i++) {
		double lo, hi, a = fabs(ring_area(&s->rings[i], p, &lo, &hi));
		total += s->rings[i].n;
		if (s->rings[i].outer && a > best_area) {
			best_area = a;
			ymin = lo;
			ymax = hi;
		}
	}
	if (best_area <= 0)
		return -1;
	double *xs = malloc(total * sizeof *xs);
	if (!xs)
		return -1;
	double best = 0;
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) {
		double ly = ymin + (ymax - ymin) * lines[i], mx = 0;
		/* prefer the middle lines: a side line must be clearly wider */
		double w = widest_at(s, p, ly, xs, &mx) * (1.0 - fabs(lines[i] - 0.5) / 2);
		if (w > best) {
			best = w;
			*x = mx;
			*y = ly;
		}
	}
	free(xs);
	return best > 0 ? 0 : -1;
}

int geo_class_breaks(long long max, int n, long long *upper)
{
	if (n < 1)
		return 0;
	upper[0] = 0;
	if (max <= 0 || n == 1)
		return 1;
	long long width = (max + (n - 1) - 1) / (n - 1);
	int k = 1;
	for (long long top = width; k < n; top += width) {
		upper[k++] = top < max ? top : max;
		if (top >= max)
			break;
	}
	return k;
}

int geo_class_of(long long count, const long long *upper, int nclasses)
{
	if (count <= 0 || nclasses <= 1)
		return 0;
	for (int k = 1; k < nclasses; k++)
		if (count <= upper[k])
			return k;
	return nclasses - 1;
}
