/* kpi_records — the records behind a figure (kpi.h: kpi_records): the
 * sessions, courses, trainings, grants, meetings or page-view months that
 * a rule counted, read from the tables themselves rather than from the
 * summary, and matched by the same filter code. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db.h"
#include "kpi/kpi_int.h"

struct walk {
	const struct kpi_selection *sel;
	size_t offset, limit, total;
	kpi_record_fn fn;
	void *ctx;
	int stop;
};

/* True if a record of institution, district and month is selected. */
static int selected(const struct kpi_selection *sel, long long inst, long long district,
		    int month)
{
	if (sel->institution && (sel->institution < 0 ? inst != 0 : inst != sel->institution))
		return 0;
	if (sel->district && (sel->district < 0 ? district != 0 : district != sel->district))
		return 0;
	return !sel->month || sel->month == month;
}

/* Counts rec and hands it to the callback when inside the page. */
static void emit(struct walk *w, const struct kpi_record *rec)
{
	size_t at = w->total++;
	if (w->stop || at < w->offset || (w->limit && at >= w->offset + w->limit))
		return;
	if (w->fn(w->ctx, rec))
		w->stop = 1;
}

/* Narrows [from, to] to month m of the year when one is selected. */
static void month_bounds(const struct kpi_year *y, int m, char *from, char *to, size_t n,
			 int with_time)
{
	char f[24], t[24];
	unsigned yy = (unsigned)y->year % 10000u, mm = (unsigned)m % 100u;
	if (!m)
		return;
	snprintf(f, sizeof f, "%04u-%02u-01", yy, mm);
	snprintf(t, sizeof t, "%04u-%02u-31%s", yy, mm, with_time ? " 23:59" : "");
	if (strcmp(f, from) > 0)
		snprintf(from, n, "%s", f);
	if (strcmp(t, to) < 0)
		snprintf(to, n, "%s", t);
}

static int sessions(struct db *db, struct kpi_year *y, const struct kpi_indicator *d,
		    const struct kpi_range *rg, struct walk *w)
{
	struct dbq q;
	int rc;
	char from[24], to[24];
	snprintf(from, sizeof from, "%s", rg->first_from);
	snprintf(to, sizeof to, "%s", rg->first_to);
	month_bounds(y, w->sel->month, from, to, sizeof from, 1);
	if (kpi_courses_load(db, y) < 0)
		return -1;
	db_query(db, &q, ST_KPI_SESSIONS_RAW, "tti", from, to,
		 w->sel->institution > 0 ? w->sel->institution : 0LL);
	while ((rc = db_next(&q)) == 1 && !w->stop) {
		const struct kpi_course *c = kpi_course_get(y, db_int(&q, 1));
		struct kpi_subject s;
		if (!c)
			continue;
		kpi_subject_of(c, (int)db_int(&q, 6), &s);
		if (!kpi_filter_match(&d->filter, d->programme, &s) ||
		    !selected(w->sel, c->institution, db_int(&q, 3), atoi(db_text(&q, 4) + 5)))
			continue;
		struct kpi_record rec = {
			.kind = KPI_REC_SESSION, .id = db_int(&q, 0), .course_id = c->id,
			.date = db_text(&q, 4), .title = db_text(&q, 7),
			.institution = db_text(&q, 8), .place = db_text(&q, 9),
			.district = db_text(&q, 10),
		};
		if (d->kind == KPI_SUM_ATTENDANCE) {
			rec.has_value = !db_is_null(&q, 5);
			rec.value = (double)db_int(&q, 5);
		} else {
			rec.has_value = 1;
			rec.value = 1;
		}
		emit(w, &rec);
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

static int courses(struct db *db, struct kpi_year *y, const struct kpi_indicator *d,
		   const struct kpi_range *rg, struct walk *w)
{
	struct dbq q;
	int rc;
	char from[24], to[24];
	snprintf(from, sizeof from, "%s", rg->first_from);
	snprintf(to, sizeof to, "%s", rg->first_to);
	month_bounds(y, w->sel->month, from, to, sizeof from, 1);
	if (kpi_courses_load(db, y) < 0)
		return -1;
	db_query(db, &q, ST_KPI_COURSE_FIRSTS_LIST, "tti", from, to,
		 w->sel->institution > 0 ? w->sel->institution : 0LL);
	while ((rc = db_next(&q)) == 1 && !w->stop) {
		const struct kpi_course *c = kpi_course_get(y, db_int(&q, 0));
		const struct kpi_venue *v = kpi_venue_get(y, db_int(&q, 1));
		const char *first = db_text(&q, 3);
		struct kpi_subject s;
		long long district;
		if (!c)
			continue;
		kpi_subject_of(c, v && v->station, &s);
		district = db_int(&q, 2) ? db_int(&q, 2) : v && v->district ? v->district : c->district;
		if (!kpi_filter_match(&d->filter, d->programme, &s) ||
		    !selected(w->sel, c->institution, district,
			      first && strlen(first) >= 7 ? atoi(first + 5) : 0))
			continue;
		struct kpi_record rec = {
			.kind = KPI_REC_COURSE, .id = c->id, .course_id = c->id, .date = first,
			.title = db_text(&q, 6), .institution = db_text(&q, 7),
			.place = db_text(&q, 8), .district = db_text(&q, 9), .has_value = 1,
			.value = 1,
		};
		if (d->kind == KPI_SUM_REGISTRATIONS) {
			if (db_int(&q, 5) > 0) {
				rec.value = (double)db_int(&q, 5);
				rec.detail = "registrations";
			} else {
				rec.has_value = !db_is_null(&q, 4);
				rec.value = (double)db_int(&q, 4);
				rec.detail = "first_session";
			}
		}
		emit(w, &rec);
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

static int trainings(struct db *db, struct kpi_year *y, const struct kpi_indicator *d,
		     const struct kpi_range *rg, struct walk *w)
{
	struct dbq q;
	int rc;
	char from[24], to[24];
	snprintf(from, sizeof from, "%s", rg->day_from);
	snprintf(to, sizeof to, "%s", rg->day_to);
	month_bounds(y, w->sel->month, from, to, sizeof from, 0);
	db_query(db, &q, ST_KPI_TRAININGS, "tti", from, to,
		 w->sel->institution > 0 ? w->sel->institution : 0LL);
	while ((rc = db_next(&q)) == 1 && !w->stop) {
		if (!selected(w->sel, db_int(&q, 1), db_int(&q, 2), (int)db_int(&q, 3)))
			continue;
		struct kpi_record rec = {
			.kind = KPI_REC_TRAINING, .id = db_int(&q, 0), .date = db_text(&q, 5),
			.title = db_text(&q, 6), .place = db_text(&q, 7),
			.institution = db_text(&q, 9), .district = db_text(&q, 10), .has_value = 1,
			.value = d->kind == KPI_SUM_ATTENDANCE ? (double)db_int(&q, 4) : 1,
		};
		emit(w, &rec);
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

static int grants(struct db *db, struct kpi_year *y, const struct kpi_indicator *d,
		  struct walk *w)
{
	struct dbq q;
	int rc;
	db_query(db, &q, ST_KPI_GRANTS, "ii", (long long)y->year,
		 w->sel->institution > 0 ? w->sel->institution : 0LL);
	while ((rc = db_next(&q)) == 1 && !w->stop) {
		const char *status = db_text(&q, 4);
		struct kpi_record rec = {
			.kind = KPI_REC_GRANT, .id = db_int(&q, 0), .date = db_text(&q, 6),
			.title = db_text(&q, 7), .detail = status, .institution = db_text(&q, 10),
			.district = db_text(&q, 11), .has_value = 1, .value = 1,
		};
		if (d->kind == KPI_GRANTS_COUNT ? !status || !strcmp(status, "draft")
		    : !status || strcmp(status, "approved") || db_is_null(&q, 5))
			continue;
		if (!selected(w->sel, db_int(&q, 1), db_int(&q, 2), (int)db_int(&q, 3)))
			continue;
		if (d->kind == KPI_GRANTS_AMOUNT)
			rec.value = (double)db_int(&q, 5) / 10000.0;
		emit(w, &rec);
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

static int meetings(struct db *db, struct kpi_year *y, const struct kpi_indicator *d,
		    const struct kpi_range *rg, struct walk *w)
{
	struct dbq q;
	int rc;
	char from[24], to[24];
	snprintf(from, sizeof from, "%s", rg->day_from);
	snprintf(to, sizeof to, "%s", rg->day_to);
	month_bounds(y, w->sel->month, from, to, sizeof from, 0);
	db_query(db, &q, ST_KPI_MEETINGS, "tti", from, to,
		 w->sel->institution > 0 ? w->sel->institution : 0LL);
	while ((rc = db_next(&q)) == 1 && !w->stop) {
		unsigned kind = kpi_meeting_kind(db_text(&q, 4));
		if ((d->filter.meeting_kinds && !(d->filter.meeting_kinds & kind)) ||
		    !selected(w->sel, db_int(&q, 1), db_int(&q, 2), (int)db_int(&q, 3)))
			continue;
		struct kpi_record rec = {
			.kind = KPI_REC_MEETING, .id = db_int(&q, 0), .date = db_text(&q, 5),
			.title = db_text(&q, 6), .detail = db_text(&q, 4),
			.institution = db_text(&q, 8), .district = db_text(&q, 9), .has_value = 1,
			.value = 1,
		};
		emit(w, &rec);
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

static int pages(struct db *db, struct kpi_year *y, const struct kpi_indicator *d,
		 const struct kpi_range *rg, struct walk *w)
{
	struct dbq q;
	int rc;
	if (w->sel->institution || w->sel->district)
		return 0;
	db_query(db, &q, ST_KPI_PAGE_VIEWS, "tt", rg->day_from, rg->day_to);
	while ((rc = db_next(&q)) == 1 && !w->stop) {
		char month[32];
		int m = (int)db_int(&q, 0);
		if (!kpi_filter_page_kind(&d->filter, db_text(&q, 1)) || !selected(w->sel, 0, 0, m))
			continue;
		snprintf(month, sizeof month, "%04d-%02d", y->year % 10000, m);
		struct kpi_record rec = {
			.kind = KPI_REC_PAGES, .date = month, .title = db_text(&q, 1),
			.has_value = 1, .value = (double)db_int(&q, 2),
		};
		emit(w, &rec);
	}
	db_done(&q);
	return rc < 0 ? -1 : 0;
}

int kpi_records(struct db *db, struct kpi_year *y, int i, const struct kpi_selection *sel,
		size_t offset, size_t limit, kpi_record_fn fn, void *ctx, size_t *total)
{
	const struct kpi_indicator *d = &y->ind[i];
	struct walk w = {.sel = sel, .offset = offset, .limit = limit, .fn = fn, .ctx = ctx};
	struct kpi_range rg;
	int rc = 0;
	kpi_range_of(y, &rg);
	*total = 0;
	if (d->rule_error)
		return 0;
	switch (d->kind) {
	case KPI_COUNT_SESSIONS:
	case KPI_SUM_ATTENDANCE:
	case KPI_COUNT_VENUES:
		rc = sessions(db, y, d, &rg, &w);
		if (rc == 0 && d->filter.volunteer_trainings)
			rc = trainings(db, y, d, &rg, &w);
		break;
	case KPI_COUNT_COURSES:
	case KPI_SUM_REGISTRATIONS:
		rc = courses(db, y, d, &rg, &w);
		break;
	case KPI_GRANTS_COUNT:
	case KPI_GRANTS_AMOUNT:
		rc = grants(db, y, d, &w);
		break;
	case KPI_MEETINGS_COUNT:
		rc = meetings(db, y, d, &rg, &w);
		break;
	case KPI_PAGE_VIEWS:
		rc = pages(db, y, d, &rg, &w);
		break;
	case KPI_MANUAL:
	default:
		if (d->has_actual && !sel->institution && !sel->district && !sel->month) {
			struct kpi_record rec = {.kind = KPI_REC_MANUAL, .title = d->note,
						 .has_value = 1, .value = d->actual};
			emit(&w, &rec);
		}
		break;
	}
	*total = w.total;
	return rc;
}
