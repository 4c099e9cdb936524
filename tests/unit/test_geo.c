/* Unit tests: src/core/geo.c — GeoJSON rings, projection, SVG paths,
 * label points and choropleth classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/geo.h"

static const char square[] =
	"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]}";

/* Even-odd test of a projected point against every ring of s. */
static int inside(const struct geo_shape *s, const struct geo_proj *p, double x, double y)
{
	int in = 0;
	for (size_t i = 0; i < s->nrings; i++) {
		const struct geo_ring *r = &s->rings[i];
		for (size_t a = 0, b = r->n - 1; a < r->n; b = a++) {
			double ax, ay, bx, by;
			geo_project(p, r->xy[2 * a], r->xy[2 * a + 1], &ax, &ay);
			geo_project(p, r->xy[2 * b], r->xy[2 * b + 1], &bx, &by);
			if ((ay > y) != (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax)
				in = !in;
		}
	}
	return in;
}

static void parses_polygon_with_hole(void **state)
{
	(void)state;
	struct geo_shape s = GEO_SHAPE_INIT;
	assert_int_equal(geo_shape_parse("{\"type\":\"Polygon\",\"coordinates\":["
					 "[[0,0],[4,0],[4,4],[0,4],[0,0]],"
					 "[[1,1],[2,1],[2,2],[1,1]]]}", &s), 0);
	assert_int_equal(s.nrings, 2);
	assert_int_equal(s.rings[0].n, 5);
	assert_true(s.rings[0].outer);
	assert_false(s.rings[1].outer);
	assert_true(s.rings[1].xy[2] == 2.0 && s.rings[1].xy[3] == 1.0);
	geo_shape_free(&s);
	assert_int_equal(s.nrings, 0);
}

static void parses_multipolygon_and_feature(void **state)
{
	(void)state;
	struct geo_shape s = GEO_SHAPE_INIT;
	assert_int_equal(geo_shape_parse("{\"type\":\"MultiPolygon\",\"coordinates\":["
					 "[[[0,0],[1,0],[1,1],[0,0]]],"
					 "[[[5,5],[6,5],[6,6],[5,5]],[[5.2,5.1],[5.8,5.1],[5.8,5.5],[5.2,5.1]]]]}",
					 &s), 0);
	assert_int_equal(s.nrings, 3);
	assert_true(s.rings[0].outer && s.rings[1].outer && !s.rings[2].outer);
	geo_shape_free(&s);
	assert_int_equal(geo_shape_parse("{\"type\":\"Feature\",\"properties\":{},\"geometry\":"
					 "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}}",
					 &s), 0);
	assert_int_equal(s.nrings, 1);
	geo_shape_free(&s);
}

static void rejects_what_is_not_an_area(void **state)
{
	(void)state;
	static const char *const bad[] = {
		NULL, "", "not json", "{}", "[1,2]",
		"{\"type\":\"Point\",\"coordinates\":[121.7,25.1]}",
		"{\"type\":\"Polygon\",\"coordinates\":[]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,\"a\"],[1,1]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,95],[1,1]]]}",
		"{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[181,0],[1,1]]]}",
		"{\"type\":\"MultiPolygon\",\"coordinates\":[]}",
		"{\"type\":\"MultiPolygon\",\"coordinates\":[[[[0,0],[1,0],[1,1]]],[[[0,0]]]]}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		struct geo_shape s = GEO_SHAPE_INIT;
		if (geo_shape_parse(bad[i], &s) != -1)
			fail_msg("accepted %s", bad[i] ? bad[i] : "NULL");
		assert_null(s.rings);
		assert_int_equal(s.nrings, 0);
	}
}

static void bounding_box_grows_and_contains(void **state)
{
	(void)state;
	struct geo_bbox bb;
	struct geo_shape s = GEO_SHAPE_INIT;
	geo_bbox_init(&bb);
	assert_false(geo_bbox_contains(&bb, 0, 0));
	assert_int_equal(geo_shape_parse("{\"type\":\"MultiPolygon\",\"coordinates\":["
					 "[[[121.6,25.1],[121.7,25.05],[121.65,25.2],[121.6,25.1]]],"
					 "[[[121.8,25.12],[121.81,25.12],[121.8,25.13],[121.8,25.12]]]]}",
					 &s), 0);
	geo_bbox_add_shape(&bb, &s);
	assert_false(bb.empty);
	assert_true(bb.west == 121.6 && bb.east == 121.81);
	assert_true(bb.south == 25.05 && bb.north == 25.2);
	assert_true(geo_bbox_contains(&bb, 121.7, 25.1));
	assert_true(geo_bbox_contains(&bb, 121.6, 25.2));
	assert_false(geo_bbox_contains(&bb, 121.59, 25.1));
	assert_false(geo_bbox_contains(&bb, 121.7, 25.21));
	geo_bbox_add(&bb, 122.0, 25.0);
	assert_true(bb.east == 122.0 && bb.south == 25.0 && bb.west == 121.6);
	geo_shape_free(&s);
}

static void projection_scales_longitude_by_cosine(void **state)
{
	(void)state;
	struct geo_bbox bb;
	struct geo_proj p;
	double x, y;
	geo_bbox_init(&bb);
	geo_bbox_add(&bb, 10.0, 59.5);
	geo_bbox_add(&bb, 11.0, 60.5);
	/* at 60 degrees a degree of longitude is half a degree of latitude */
	assert_int_equal(geo_proj_fit(&p, &bb, 100, 100, 0), 0);
	assert_true(fabs(p.width - 50) < 1e-9 && fabs(p.height - 100) < 1e-9);
	geo_project(&p, 10.0, 60.5, &x, &y);
	assert_true(fabs(x) < 1e-9 && fabs(y) < 1e-9);
	geo_project(&p, 10.5, 60.0, &x, &y);
	assert_true(fabs(x - 25) < 1e-9 && fabs(y - 50) < 1e-9);
	geo_project(&p, 11.0, 59.5, &x, &y);
	assert_true(fabs(x - 50) < 1e-9 && fabs(y - 100) < 1e-9);
	/* the margin moves everything in, the width limit wins when wide */
	assert_int_equal(geo_proj_fit(&p, &bb, 40, 1000, 5), 0);
	assert_true(fabs(p.width - 40) < 1e-9 && fabs(p.height - 70) < 1e-9);
	geo_project(&p, 10.0, 60.5, &x, &y);
	assert_true(fabs(x - 5) < 1e-9 && fabs(y - 5) < 1e-9);
	/* north is up: a point further north has a smaller y */
	double y2;
	geo_project(&p, 10.5, 60.4, &x, &y);
	geo_project(&p, 10.5, 59.6, &x, &y2);
	assert_true(y < y2);
}

static void projection_refuses_empty_and_widens_a_point(void **state)
{
	(void)state;
	struct geo_bbox bb;
	struct geo_proj p;
	double x, y;
	geo_bbox_init(&bb);
	assert_int_equal(geo_proj_fit(&p, &bb, 100, 100, 0), -1);
	geo_bbox_add(&bb, 121.7, 25.1);
	assert_int_equal(geo_proj_fit(&p, &bb, 100, 100, 10), 0);
	geo_project(&p, 121.7, 25.1, &x, &y);
	assert_true(fabs(y - p.height / 2) < 1.0);
	assert_true(x > 10 && x < p.width - 10);
	assert_int_equal(geo_proj_fit(&p, &bb, 10, 100, 5), -1);
}

static void path_for_a_small_polygon(void **state)
{
	(void)state;
	struct geo_shape s = GEO_SHAPE_INIT;
	struct geo_bbox bb;
	struct geo_proj p;
	struct buf b = BUF_INIT;
	assert_int_equal(geo_shape_parse(square, &s), 0);
	geo_bbox_init(&bb);
	geo_bbox_add_shape(&bb, &s);
	assert_int_equal(geo_proj_fit(&p, &bb, 10, 10, 0), 0);
	assert_int_equal(geo_svg_path(&b, &s, &p, 0.5), 1);
	assert_string_equal(buf_cstr(&b), "M0 10l10 0 0-10-10 0z");
	geo_shape_free(&s);
	buf_free(&b);
}

static void path_drops_points_within_tolerance(void **state)
{
	(void)state;
	struct geo_shape s = GEO_SHAPE_INIT;
	struct geo_bbox bb;
	struct geo_proj p;
	struct buf b = BUF_INIT;
	/* the same square with extra points on (or almost on) its edges */
	assert_int_equal(geo_shape_parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[0.3,0],"
					 "[0.5,0.001],[0.7,0],[1,0],[1,0.5],[1,1],[0.5,1],[0,1],"
					 "[0,0.6],[0.0001,0.3],[0,0]]]}", &s), 0);
	geo_bbox_init(&bb);
	geo_bbox_add_shape(&bb, &s);
	assert_int_equal(geo_proj_fit(&p, &bb, 10, 10, 0), 0);
	assert_int_equal(geo_svg_path(&b, &s, &p, 0.5), 1);
	assert_string_equal(buf_cstr(&b), "M0 10l10 0 0-10-10 0z");
	/* with no tolerance the kept points still round onto the same grid
	 * and repeated ones go */
	buf_reset(&b);
	assert_int_equal(geo_svg_path(&b, &s, &p, 0), 1);
	assert_int_equal(strspn(buf_cstr(&b), "Mlz0123456789 -"), b.len);
	geo_shape_free(&s);
	buf_free(&b);
}

static void path_for_multipolygon_omits_specks(void **state)
{
	(void)state;
	struct geo_shape s = GEO_SHAPE_INIT;
	struct geo_bbox bb;
	struct geo_proj p;
	struct buf b = BUF_INIT;
	assert_int_equal(geo_shape_parse("{\"type\":\"MultiPolygon\",\"coordinates\":["
					 "[[[0,0],[1,0],[1,1],[0,1],[0,0]]],"
					 "[[[2,0],[3,0],[3,1],[2,1],[2,0]]],"
					 "[[[1.5,0.5],[1.501,0.5],[1.501,0.501],[1.5,0.5]]]]}", &s), 0);
	geo_bbox_init(&bb);
	geo_bbox_add_shape(&bb, &s);
	assert_int_equal(geo_proj_fit(&p, &bb, 30, 30, 0), 0);
	assert_true(fabs(p.width - 30) < 1e-9);
	assert_int_equal(geo_svg_path(&b, &s, &p, 0.5), 2);
	assert_string_equal(buf_cstr(&b), "M0 10l10 0 0-10-10 0zM20 10l10 0 0-10-10 0z");
	geo_shape_free(&s);
	buf_free(&b);
}

static void label_point_lies_inside_a_u_shape(void **state)
{
	(void)state;
	struct geo_shape s = GEO_SHAPE_INIT;
	struct geo_bbox bb;
	struct geo_proj p;
	double x, y;
	/* a U: its centroid falls in the empty notch */
	assert_int_equal(geo_shape_parse("{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[3,0],[3,3],"
					 "[2,3],[2,1],[1,1],[1,3],[0,3],[0,0]]]}", &s), 0);
	geo_bbox_init(&bb);
	geo_bbox_add_shape(&bb, &s);
	assert_int_equal(geo_proj_fit(&p, &bb, 300, 300, 0), 0);
	assert_int_equal(geo_label_point(&s, &p, &x, &y), 0);
	assert_true(inside(&s, &p, x, y));
	geo_shape_free(&s);
	/* a square with a big hole in the middle */
	assert_int_equal(geo_shape_parse("{\"type\":\"Polygon\",\"coordinates\":["
					 "[[0,0],[3,0],[3,3],[0,3],[0,0]],"
					 "[[0.5,0.5],[2.5,0.5],[2.5,2.5],[0.5,2.5],[0.5,0.5]]]}", &s), 0);
	assert_int_equal(geo_label_point(&s, &p, &x, &y), 0);
	assert_true(inside(&s, &p, x, y));
	geo_shape_free(&s);
}

/* The real boundaries of the seed: every district draws, its label lies
 * inside it, and the whole city stays small. */
static void seed_districts_draw_small(void **state)
{
	(void)state;
	json_t *fc = json_load_file("seed/keelung/districts.geojson", 0, NULL);
	assert_non_null(fc);
	json_t *features = json_object_get(fc, "features");
	size_t n = json_array_size(features);
	assert_true(n > 0);
	struct geo_shape *shapes = calloc(n, sizeof *shapes);
	struct geo_bbox bb;
	struct geo_proj p;
	struct buf b = BUF_INIT;
	geo_bbox_init(&bb);
	for (size_t i = 0; i < n; i++) {
		char *text = json_dumps(json_object_get(json_array_get(features, i), "geometry"), 0);
		assert_int_equal(geo_shape_parse(text, &shapes[i]), 0);
		free(text);
		geo_bbox_add_shape(&bb, &shapes[i]);
	}
	assert_int_equal(geo_proj_fit(&p, &bb, 800, 800, 10), 0);
	for (size_t i = 0; i < n; i++) {
		double x, y;
		assert_true(geo_svg_path(&b, &shapes[i], &p, 1.0) >= 1);
		assert_int_equal(geo_label_point(&shapes[i], &p, &x, &y), 0);
		assert_true(inside(&shapes[i], &p, x, y));
		assert_true(x >= 0 && x <= p.width && y >= 0 && y <= p.height);
		geo_shape_free(&shapes[i]);
	}
	assert_true(b.len > 1000 && b.len < 16000);
	free(shapes);
	buf_free(&b);
	json_decref(fc);
}

static void classes_split_counts_evenly(void **state)
{
	(void)state;
	long long up[4];
	assert_int_equal(geo_class_breaks(0, 4, up), 1);
	assert_int_equal(up[0], 0);
	assert_int_equal(geo_class_of(0, up, 1), 0);
	assert_int_equal(geo_class_breaks(2, 4, up), 3);
	assert_true(up[0] == 0 && up[1] == 1 && up[2] == 2);
	assert_int_equal(geo_class_breaks(3, 4, up), 4);
	assert_true(up[1] == 1 && up[2] == 2 && up[3] == 3);
	assert_int_equal(geo_class_breaks(10, 4, up), 4);
	assert_true(up[1] == 4 && up[2] == 8 && up[3] == 10);
	assert_int_equal(geo_class_of(0, up, 4), 0);
	assert_int_equal(geo_class_of(1, up, 4), 1);
	assert_int_equal(geo_class_of(4, up, 4), 1);
	assert_int_equal(geo_class_of(5, up, 4), 2);
	assert_int_equal(geo_class_of(9, up, 4), 3);
	assert_int_equal(geo_class_of(99, up, 4), 3);
	assert_int_equal(geo_class_breaks(7, 4, up), 4);
	assert_true(up[1] == 3 && up[2] == 6 && up[3] == 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_polygon_with_hole),
		cmocka_unit_test(parses_multipolygon_and_feature),
		cmocka_unit_test(rejects_what_is_not_an_area),
		cmocka_unit_test(bounding_box_grows_and_contains),
		cmocka_unit_test(projection_scales_longitude_by_cosine),
		cmocka_unit_test(projection_refuses_empty_and_widens_a_point),
		cmocka_unit_test(path_for_a_small_polygon),
		cmocka_unit_test(path_drops_points_within_tolerance),
		cmocka_unit_test(path_for_multipolygon_omits_specks),
		cmocka_unit_test(label_point_lies_inside_a_u_shape),
		cmocka_unit_test(seed_districts_draw_small),
		cmocka_unit_test(classes_split_counts_evenly),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
