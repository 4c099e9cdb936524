/* The route table: every path the server answers, in one place. */
#include <event2/http.h>
#include <stddef.h>

#include "http/router.h"
#include "pages/pages.h"

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST

static const char *const text_sizes[] = {"normal", "large", "xlarge", NULL};
static const char *const contrasts[] = {"normal", "high", NULL};

static const struct param_spec prefs_params[] = {
	{"size", P_ENUM, 0, 0, text_sizes, -1},
	{"contrast", P_ENUM, 0, 0, contrasts, -1},
	{"back", P_TEXT, 0, 2000, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Paging shared by list APIs: page >= 1, per_page 1..100 (clamped). */
static const struct param_spec paged_params[] = {
	{"page", P_INT_CLAMP, 1, 1000000, NULL, 1},
	{"per_page", P_INT_CLAMP, 1, 100, NULL, 20},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct route routes[] = {
	/* public pages */
	{GET, "/", page_home, ROLE_PUBLIC, 0, NULL, "home"},
	{GET, "/sitemap", page_sitemap, ROLE_PUBLIC, 0, NULL, "sitemap"},
	{GET, "/privacy", page_privacy, ROLE_PUBLIC, 0, NULL, "privacy"},
	{GET, "/security", page_security, ROLE_PUBLIC, 0, NULL, "security"},
	{GET, "/prefs", page_prefs, ROLE_PUBLIC, 0, prefs_params, NULL},
	/* JSON API */
	{GET, "/healthz", api_healthz, ROLE_PUBLIC, ROUTE_API, NULL, NULL},
	{GET, "/api/v1/plan", api_plan, ROLE_PUBLIC, ROUTE_API, NULL, NULL},
	{GET, "/api/v1/institutions", api_institutions, ROLE_PUBLIC, ROUTE_API, NULL, NULL},
	{GET, "/api/v1/courses", api_courses, ROLE_PUBLIC, ROUTE_API, paged_params, NULL},
	{0, NULL, NULL, 0, 0, NULL, NULL},
};
