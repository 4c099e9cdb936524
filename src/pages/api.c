/* api — the JSON API of the foundation: health, the plan with its
 * indicators and yearly targets, institutions. (The course list,
 * GET /api/v1/courses, is the search: src/pages/search.c.) */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "auth/session.h"
#include "db/db.h"
#include "http/reply.h"
#include "pages/pages.h"

/* GET /api/v1/csrf: the token that API clients send back in X-CSRF-Token
 * (or a csrf field) with every POST, PUT and DELETE. */
int api_csrf(struct request *r)
{
	return reply_json(r, json_pack("{s:s}", "token", csrf_token(r)));
}

int api_healthz(struct request *r)
{
	long long one = 0;
	if (db_scalar(r->db, &one, ST_PING, "") != 1 || one != 1)
		return req_fail(r, 503, "database unavailable");
	return reply_json(r, json_pack("{s:s}", "status", "ok"));
}

/* A JSON string, or null for SQL NULL. */
static json_t *jtext(struct dbq *q, int col)
{
	const char *s = db_text(q, col);
	return s ? json_string(s) : json_null();
}

/* A JSON number: an integer when the value is whole, else a real. */
static json_t *jnumber(double v)
{
	long long i = (long long)v;
	return (double)i == v ? json_integer(i) : json_real(v);
}

/* Appends the goals and programmes of plan_id to plan. Returns 0 or -1. */
static int plan_structure(struct request *r, long long plan_id, json_t *plan)
{
	struct dbq q;
	int rc;
	json_t *goals = json_array(), *progs = json_array();
	json_object_set_new(plan, "goals", goals);
	json_object_set_new(plan, "programmes", progs);
	db_query(r->db, &q, ST_PLAN_GOALS, "i", plan_id);
	while ((rc = db_next(&q)) == 1)
		json_array_append_new(goals, json_pack("{s:I, s:o, s:o}", "number",
				      (json_int_t)db_int(&q, 1), "title", jtext(&q, 2),
				      "title_en", jtext(&q, 3)));
	db_done(&q);
	if (rc < 0)
		return -1;
	db_query(r->db, &q, ST_PLAN_PROGRAMMES, "i", plan_id);
	while ((rc = db_next(&q)) == 1)
		json_array_append_new(progs, json_pack("{s:I, s:I, s:o, s:o, s:o}", "number",
				      (json_int_t)db_int(&q, 1), "goal", (json_int_t)db_int(&q, 2),
				      "title", jtext(&q, 3), "title_en", jtext(&q, 4),
				      "lead_agencies", jtext(&q, 5)));
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

/* Appends the indicators (rows come one per indicator and year). */
static int plan_indicators(struct request *r, long long plan_id, json_t *plan)
{
	struct dbq q;
	int rc;
	long long last = -1;
	json_t *list = json_array(), *targets = NULL;
	json_object_set_new(plan, "indicators", list);
	db_query(r->db, &q, ST_PLAN_INDICATORS, "i", plan_id);
	while ((rc = db_next(&q)) == 1) {
		if (db_int(&q, 0) != last) {
			last = db_int(&q, 0);
			targets = json_object();
			json_array_append_new(list, json_pack("{s:o, s:I, s:o, s:o, s:o, s:o}",
					      "id", jtext(&q, 1), "programme", (json_int_t)db_int(&q, 2),
					      "name", jtext(&q, 3), "name_en", jtext(&q, 4),
					      "unit", jtext(&q, 5), "targets", targets));
		}
		if (!db_is_null(&q, 6))
			json_object_set_new(targets, db_text(&q, 6), jnumber(db_real(&q, 7)));
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

int api_plan(struct request *r)
{
	struct dbq q;
	int year = atoi(r->today);
	if (db_query(r->db, &q, ST_PLAN_CURRENT, "i", (long long)year) < 0 || db_next(&q) != 1) {
		db_done(&q);
		return req_fail(r, 404, "no plan has been loaded");
	}
	long long plan_id = db_int(&q, 0);
	json_t *plan = json_pack("{s:o, s:o, s:o, s:I, s:I, s:o, s:o}", "code", jtext(&q, 1),
				 "title", jtext(&q, 2), "title_en", jtext(&q, 3),
				 "first_year", (json_int_t)db_int(&q, 4), "last_year",
				 (json_int_t)db_int(&q, 5), "vision", jtext(&q, 6),
				 "vision_en", jtext(&q, 7));
	db_done(&q);
	if (!plan || plan_structure(r, plan_id, plan) < 0 ||
	    plan_indicators(r, plan_id, plan) < 0) {
		json_decref(plan);
		return req_fail(r, 500, "plan query failed");
	}
	return reply_json(r, plan);
}

int api_institutions(struct request *r)
{
	struct dbq q;
	int rc;
	json_t *items = json_array();
	db_query(r->db, &q, ST_INSTITUTIONS_LIST, "");
	while ((rc = db_next(&q)) == 1) {
		json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b}",
				      "id", (json_int_t)db_int(&q, 0), "name", jtext(&q, 1),
				      "type", jtext(&q, 2), "type_name", jtext(&q, 3),
				      "district", jtext(&q, 4), "address", jtext(&q, 5),
				      "phone", jtext(&q, 8), "website", jtext(&q, 9),
				      "updated_at", jtext(&q, 10), "demo", (int)db_int(&q, 11));
		json_object_set_new(o, "lat", db_is_null(&q, 6) ? json_null() : json_real(db_real(&q, 6)));
		json_object_set_new(o, "lon", db_is_null(&q, 7) ? json_null() : json_real(db_real(&q, 7)));
		json_array_append_new(items, o);
	}
	db_done(&q);
	if (rc < 0) {
		json_decref(items);
		return req_fail(r, 500, "institution query failed");
	}
	return reply_json(r, json_pack("{s:I, s:o}", "total",
				       (json_int_t)json_array_size(items), "items", items));
}
