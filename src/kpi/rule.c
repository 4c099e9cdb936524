#include "kpi/rule.h"

#include <jansson.h>
#include <string.h>

static const char *const kind_names[KPI__KINDS] = {
	[KPI_MANUAL] = "manual",
	[KPI_COUNT_SESSIONS] = "count_sessions",
	[KPI_SUM_ATTENDANCE] = "sum_attendance",
	[KPI_COUNT_COURSES] = "count_courses",
	[KPI_COUNT_VENUES] = "count_venues",
	[KPI_SUM_REGISTRATIONS] = "sum_registrations",
	[KPI_GRANTS_COUNT] = "grants_count",
	[KPI_GRANTS_AMOUNT] = "grants_amount",
	[KPI_MEETINGS_COUNT] = "meetings_count",
	[KPI_PAGE_VIEWS] = "page_views",
};

const char *kpi_kind_name(enum kpi_kind kind)
{
	return (int)kind >= 0 && kind < KPI__KINDS ? kind_names[kind] : NULL;
}

int kpi_kind_parse(const char *name, enum kpi_kind *out)
{
	for (int k = 0; name && k < KPI__KINDS; k++)
		if (!strcmp(name, kind_names[k])) {
			*out = (enum kpi_kind)k;
			return 0;
		}
	return -1;
}

int kpi_kind_uses_courses(enum kpi_kind kind)
{
	return kind == KPI_COUNT_SESSIONS || kind == KPI_SUM_ATTENDANCE ||
	       kind == KPI_COUNT_COURSES || kind == KPI_COUNT_VENUES ||
	       kind == KPI_SUM_REGISTRATIONS;
}

int kpi_kind_is_sum(enum kpi_kind kind)
{
	return kind == KPI_SUM_ATTENDANCE || kind == KPI_SUM_REGISTRATIONS ||
	       kind == KPI_GRANTS_AMOUNT || kind == KPI_MANUAL;
}

int kpi_ref_find(const char list[][KPI_CODE_MAX], int n, const char *code)
{
	for (int i = 0; code && i < n; i++)
		if (!strcmp(list[i], code))
			return i;
	return -1;
}

int kpi_ref_type_of(const struct kpi_ref *ref, long long type_id)
{
	for (int i = 0; i < ref->ntypes; i++)
		if (ref->type_id[i] == type_id)
			return i;
	return -1;
}

unsigned kpi_meeting_kind(const char *kind)
{
	if (!kind)
		return 0;
	if (!strcmp(kind, "liaison"))
		return KPI_MEET_LIAISON;
	if (!strcmp(kind, "workshop"))
		return KPI_MEET_WORKSHOP;
	if (!strcmp(kind, "committee"))
		return KPI_MEET_COMMITTEE;
	return 0;
}

/* Appends "a, b, c" (the n codes of list) to err. */
static void list_codes(struct buf *err, const char list[][KPI_CODE_MAX], int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(err, "%s%s", i ? ", " : "", list[i]);
}

/* Reads key's array of codes from list into *mask. Returns 0, or -1
 * (reported). */
static int code_list(json_t *v, const char *key, const char list[][KPI_CODE_MAX], int n,
		     uint64_t *mask, struct buf *err)
{
	size_t i;
	json_t *e;
	*mask = 0;
	if (!json_is_array(v) || json_array_size(v) == 0) {
		buf_printf(err, "%s: a list of one or more codes is needed\n", key);
		return -1;
	}
	json_array_foreach(v, i, e) {
		int k = kpi_ref_find(list, n, json_string_value(e));
		if (k < 0) {
			buf_printf(err, "%s: '%s' is not a code; use one of ", key,
				   json_is_string(e) ? json_string_value(e) : "(not text)");
			list_codes(err, list, n);
			buf_puts(err, "\n");
			return -1;
		}
		*mask |= (uint64_t)1 << k;
	}
	return 0;
}

/* The filter keys, and the kinds each one applies to. */
enum { K_COURSE = 1, K_VOL = 2, K_MEET = 4, K_PAGE = 8 };

static unsigned kind_keys(enum kpi_kind kind)
{
	switch (kind) {
	case KPI_COUNT_SESSIONS:
	case KPI_SUM_ATTENDANCE:
		return K_COURSE | K_VOL;
	case KPI_COUNT_COURSES:
	case KPI_COUNT_VENUES:
	case KPI_SUM_REGISTRATIONS:
		return K_COURSE;
	case KPI_MEETINGS_COUNT:
		return K_MEET;
	case KPI_PAGE_VIEWS:
		return K_PAGE;
	default:
		return 0;
	}
}

/* Checks one key of the filter object and stores it. 0 or -1 (reported). */
static int filter_key(const struct kpi_ref *ref, enum kpi_kind kind, int indicator_programme,
		      const char *key, json_t *v, struct kpi_filter *f, struct buf *err)
{
	static const struct {
		const char *name;
		unsigned group;
	} keys[] = {
		{"institution_types", K_COURSE}, {"exclude_institution_types", K_COURSE},
		{"categories", K_COURSE}, {"audiences", K_COURSE},
		{"reading_station", K_COURSE}, {"programme", K_COURSE},
		{"volunteer_trainings", K_VOL}, {"meeting_kinds", K_MEET},
		{"page_kinds", K_PAGE},
	};
	size_t k = 0, n = sizeof keys / sizeof keys[0];
	while (k < n && strcmp(keys[k].name, key))
		k++;
	if (k == n) {
		buf_printf(err, "%s: not a filter key; use ", key);
		for (size_t i = 0; i < n; i++)
			buf_printf(err, "%s%s", i ? ", " : "", keys[i].name);
		buf_puts(err, "\n");
		return -1;
	}
	if (!(kind_keys(kind) & keys[k].group)) {
		buf_printf(err, "%s: does not apply to the kind %s\n", key, kpi_kind_name(kind));
		return -1;
	}
	switch (k) {
	case 0: return code_list(v, key, ref->type_code, ref->ntypes, &f->types, err);
	case 1: return code_list(v, key, ref->type_code, ref->ntypes, &f->not_types, err);
	case 2: return code_list(v, key, ref->cat_code, ref->ncats, &f->categories, err);
	case 3: return code_list(v, key, ref->aud_code, ref->nauds, &f->audiences, err);
	case 4:
	case 6:
		if (!json_is_boolean(v)) {
			buf_printf(err, "%s: true or false\n", key);
			return -1;
		}
		*(k == 4 ? &f->reading_station : &f->volunteer_trainings) = json_is_true(v);
		return 0;
	case 5:
		if (!json_is_integer(v) || json_integer_value(v) != indicator_programme) {
			buf_printf(err, "%s: the indicator's own programme number (%d)\n", key,
				   indicator_programme);
			return -1;
		}
		f->programme = indicator_programme;
		return 0;
	case 7: {
		size_t i;
		json_t *e;
		if (!json_is_array(v) || json_array_size(v) == 0)
			goto bad_meet;
		json_array_foreach(v, i, e) {
			unsigned bit = kpi_meeting_kind(json_string_value(e));
			if (!bit)
				goto bad_meet;
			f->meeting_kinds |= bit;
		}
		return 0;
bad_meet:
		buf_printf(err, "%s: a list of liaison, workshop, committee\n", key);
		return -1;
	}
	default: {
		size_t i;
		json_t *e;
		if (!json_is_array(v) || json_array_size(v) == 0 ||
		    json_array_size(v) > KPI_MAX_PAGE_KINDS)
			goto bad_page;
		json_array_foreach(v, i, e) {
			const char *s = json_string_value(e);
			if (!s || !*s || strlen(s) >= KPI_CODE_MAX)
				goto bad_page;
			strcpy(f->page_kinds[f->npage_kinds++], s);
		}
		return 0;
bad_page:
		buf_printf(err, "%s: a list of 1 to %d page kinds (as in the route table)\n", key,
			   KPI_MAX_PAGE_KINDS);
		return -1;
	}
	}
}

int kpi_filter_parse(const struct kpi_ref *ref, enum kpi_kind kind, int indicator_programme,
		     const char *json, struct kpi_filter *out, struct buf *err)
{
	json_error_t jerr;
	json_t *root = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, &jerr), *v;
	const char *key;
	int rc = -1;
	memset(out, 0, sizeof *out);
	if (!root || !json_is_object(root)) {
		buf_printf(err, "filter: a JSON object is needed (%s)\n",
			   root ? "not an object" : jerr.text);
		goto out;
	}
	json_object_foreach(root, key, v)
		if (filter_key(ref, kind, indicator_programme, key, v, out, err) < 0)
			goto out;
	rc = 0;
out:
	if (rc < 0)
		memset(out, 0, sizeof *out);
	json_decref(root);
	return rc;
}

int kpi_filter_uses_place(const struct kpi_filter *f)
{
	return f->reading_station;
}

int kpi_filter_match(const struct kpi_filter *f, int indicator_programme,
		     const struct kpi_subject *s)
{
	uint64_t type = s->type >= 0 ? (uint64_t)1 << s->type : 0;
	uint64_t cat = s->category >= 0 ? (uint64_t)1 << s->category : 0;
	int criteria = f->types || f->not_types || f->categories || f->audiences ||
		       f->reading_station;
	/* a tagged course belongs to its own programme's indicators only
	 * (programme 0: a city-wide figure outside the plan) */
	if (s->programme && indicator_programme && s->programme != indicator_programme)
		return 0;
	if (f->programme && s->programme == f->programme)
		return 1;
	if (!criteria)
		return !f->programme;
	if (f->types && !(f->types & type))
		return 0;
	if (f->not_types & type)
		return 0;
	if (f->categories && !(f->categories & cat))
		return 0;
	if (f->audiences && !(f->audiences & s->audiences))
		return 0;
	if (f->reading_station && !s->reading_station)
		return 0;
	return 1;
}

int kpi_filter_page_kind(const struct kpi_filter *f, const char *page_kind)
{
	if (!f->npage_kinds)
		return 1;
	for (int i = 0; i < f->npage_kinds; i++)
		if (page_kind && !strcmp(f->page_kinds[i], page_kind))
			return 1;
	return 0;
}
