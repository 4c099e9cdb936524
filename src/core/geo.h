/* geo — drawing a city's districts as an SVG map on the server.
 *
 * District boundaries are GeoJSON geometries (WGS 84 longitude/latitude,
 * Polygon or MultiPolygon), parsed with jansson into a flat list of rings.
 * They are projected equirectangularly with the longitude scaled by the
 * cosine of the bounding box's middle latitude, which at city scale (a few
 * tens of kilometres) keeps shapes and distances true to within a fraction
 * of a percent. Paths are simplified (Douglas-Peucker) and written with
 * integer coordinates in relative moves, so that a whole city stays a few
 * kilobytes of markup.
 *
 * Nothing here knows about a particular city: the view is fitted to
 * whatever bounding box the data gives. Coordinates are x to the east and
 * y to the south (SVG's axes), in viewBox units. */
#ifndef LIFELONG_CORE_GEO_H
#define LIFELONG_CORE_GEO_H

#include <stddef.h>

#include "core/buf.h"

/* One closed ring: n positions, xy[2i] = longitude, xy[2i+1] = latitude.
 * The closing position (equal to the first) is kept if the data has it. */
struct geo_ring {
	double *xy;
	size_t n;
	int outer;	/* 1 for a polygon's exterior ring, 0 for a hole */
};

/* A Polygon or MultiPolygon as its rings, in the order of the GeoJSON. */
struct geo_shape {
	struct geo_ring *rings;
	size_t nrings;
};

#define GEO_SHAPE_INIT {NULL, 0}

/* A longitude/latitude box; empty until a point is added. */
struct geo_bbox {
	double west, south, east, north;
	int empty;
};

/* A fitted projection onto a viewBox of width x height units. */
struct geo_proj {
	double west, north;	/* the bounding box's top-left corner */
	double kx, ky;		/* viewBox units per degree of lon / lat */
	double margin;		/* units left free around the box */
	double width, height;	/* the viewBox size */
};

/* Parses GeoJSON text holding a Polygon or MultiPolygon geometry (or a
 * Feature wrapping one) into out, which must be GEO_SHAPE_INIT or freed.
 * Every position must be two finite numbers within longitude/latitude
 * range and every ring at least 3 positions. Returns 0, or -1 (out left
 * empty) for anything else. Free with geo_shape_free(). */
int geo_shape_parse(const char *geojson, struct geo_shape *out);
/* Releases the rings; the shape is empty and reusable afterwards. */
void geo_shape_free(struct geo_shape *s);

/* Makes bb empty. */
void geo_bbox_init(struct geo_bbox *bb);
/* Grows bb to hold the point. */
void geo_bbox_add(struct geo_bbox *bb, double lon, double lat);
/* Grows bb to hold every position of s. */
void geo_bbox_add_shape(struct geo_bbox *bb, const struct geo_shape *s);
/* True if the point lies in bb (edges included); false when bb is empty. */
int geo_bbox_contains(const struct geo_bbox *bb, double lon, double lat);

/* Fits bb, with margin units on every side, into a viewBox at most max_w
 * wide and max_h high, keeping the aspect ratio; p->width and p->height
 * receive the viewBox size used. A box of zero extent (one point) is
 * given a small extent around it. Returns 0, or -1 when bb is empty or
 * the sizes leave no room. */
int geo_proj_fit(struct geo_proj *p, const struct geo_bbox *bb, double max_w,
		 double max_h, double margin);
/* Projects a longitude/latitude into viewBox units. */
void geo_project(const struct geo_proj *p, double lon, double lat, double *x, double *y);

/* Appends SVG path data for s projected with p: one subpath per ring,
 * "M x y l dx dy … z", integer viewBox coordinates, each ring simplified
 * with Douglas-Peucker at tolerance tol (units) and repeated points
 * dropped; a ring left with fewer than 3 points is omitted. Draw it with
 * fill-rule evenodd so that holes show. Returns the number of rings
 * written (0 if none survived), or -1 when memory ran out. */
int geo_svg_path(struct buf *b, const struct geo_shape *s, const struct geo_proj *p,
		 double tol);

/* Finds a point inside s (projected with p) to put a label on: across a
 * few horizontal lines through the largest exterior ring, the middle of
 * the widest stretch that lies inside the shape. Returns 0 and the point,
 * or -1 when s has no ring with area. */
int geo_label_point(const struct geo_shape *s, const struct geo_proj *p, double *x,
		    double *y);

/* Choropleth classes for counts 0..max: class 0 holds exactly 0, and the
 * counts 1..max are cut into at most n-1 classes of equal width. upper[k]
 * receives the largest count in class k (upper[0] = 0); upper must hold n
 * values. Returns the number of classes used (1 when max <= 0). */
int geo_class_breaks(long long max, int n, long long *upper);
/* The class of count given breaks from geo_class_breaks() (nclasses of
 * them): 0 for count <= 0, the last class for counts above the top. */
int geo_class_of(long long count, const long long *upper, int nclasses);

#endif
