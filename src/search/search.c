/* search — the query: its fields, their validation from a request, and
 * writing it back as a URL. Running it is in run.c. */
#include "search/search.h"

#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/i18n.h"
#include "core/roc.h"
#include "core/text.h"
#include "db/db.h"
#include "http/request.h"
#include "search/snapshot.h"

const char *const search_category_codes[] = {"basic", "language", "digital", "health",
	"arts", "local", "civic", "family", "career", "reading", "volunteer", NULL};
const char *const search_audience_codes[] = {"all", "senior", "new_immigrant", "indigenous",
	"family", "women", "basic_education", "youth", "worker", NULL};
const char *const search_time_codes[] = {"morning", "afternoon", "evening", NULL};
const char *const search_format_codes[] = {"in_person", "online", "blended", NULL};
const char *const search_within_codes[] = {"7", "30", "90", NULL};
const char *const search_sort_codes[] = {"soonest", "relevance", "newest", NULL};

const struct param_spec search_params[] = {
	SEARCH_PARAM_SPECS,
	{NULL, 0, 0, 0, NULL, 0},
};

static const char *const field_names[SQ__COUNT] = {
	"q", "category", "audience", "institution_type", "district", "institution",
	"weekday", "time", "weekend", "fee_max", "format", "language", "childcare",
	"available", "starts_within", "from", "to", "sort", "page", "per_page",
};

void search_query_init(struct search_query *q)
{
	memset(q, 0, sizeof *q);
	q->fee_max = -1;
	q->sort = SEARCH_SORT_SOONEST;
	q->page = 1;
	q->per_page = SEARCH_PER_PAGE_DEFAULT;
}

/* ---- reading a request ----------------------------------------------- */

/* The values of a field: every non-empty occurrence in the query string;
 * when it has none, the validated value (a form body). Returns the count
 * written to out (at most max); *more is set when there were more. */
static int field_values(const struct evkeyvalq *query, const struct param_value *in, int field,
			const char **out, int max, int *more)
{
	int n = 0;
	*more = 0;
	for (struct evkeyval *kv = query->tqh_first; kv; kv = kv->next.tqe_next) {
		if (strcmp(kv->key, field_names[field]) || !kv->value || !*kv->value)
			continue;
		if (n == max) {
			*more = 1;
			break;
		}
		out[n++] = kv->value;
	}
	if (!n && in[field].present)
		out[n++] = in[field].s;
	return n;
}

static int code_index(const char *const *codes, const char *s)
{
	for (int i = 0; codes[i]; i++)
		if (!strcmp(codes[i], s))
			return i;
	return -1;
}

/* Appends "a, b, c" to err. */
static void list_codes(struct buf *err, const char *const *codes)
{
	for (int i = 0; codes[i]; i++)
		buf_printf(err, "%s%s", i ? ", " : "", codes[i]);
}

static void list_named(struct buf *err, const struct snapshot *s,
		       const struct snap_named *v, int n)
{
	for (int i = 0; i < n; i++)
		buf_printf(err, "%s%s", i ? ", " : "", snap_str(s, v[i].code));
}

static int named_has(const struct snapshot *s, const struct snap_named *v, int n,
		     const char *value)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(snap_str(s, v[i].code), value))
			return 1;
	return 0;
}

/* A BCP 47 language tag as the import accepts it: a 2-3 letter language,
 * then hyphen-separated subtags of 1-8 letters or digits. */
static int language_tag_ok(const char *t)
{
	size_t n = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
	if (n < 2 || n > 3)
		return 0;
	t += n;
	while (*t == '-') {
		t++;
		n = strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
		if (n < 1 || n > 8)
			return 0;
		t += n;
	}
	return *t == '\0';
}

static int date_ok(const char *s)
{
	int y, m, d;
	return strlen(s) == 10 && roc_parse_date(s, &y, &m, &d) == 0;
}

/* Reads a repeatable field whose values are codes of a fixed list into a
 * bit mask. Returns 0 or -1 (message in err). */
static int read_codes(const struct evkeyvalq *query, const struct param_value *in, int field,
		      const char *const *codes, unsigned *mask, struct buf *err)
{
	const char *v[SEARCH_MAX_VALUES];
	int more, n = field_values(query, in, field, v, SEARCH_MAX_VALUES, &more), rc = 0;
	for (int i = 0; i < n; i++) {
		int k = code_index(codes, v[i]);
		if (k < 0) {
			buf_printf(err, "%s: must be one of: ", field_names[field]);
			list_codes(err, codes);
			buf_puts(err, "\n");
			rc = -1;
			break;
		}
		*mask |= 1u << k;
	}
	return rc;
}

/* Reads a repeatable field of data values (district names, type codes)
 * checked against the snapshot. */
static int read_named(const struct evkeyvalq *query, const struct param_value *in, int field,
		      const struct snapshot *s, const struct snap_named *names, int n_names,
		      char (*out)[SEARCH_CODE_MAX], int *n_out, struct buf *err)
{
	const char *v[SEARCH_MAX_VALUES];
	int more, n = field_values(query, in, field, v, SEARCH_MAX_VALUES, &more);
	for (int i = 0; i < n; i++) {
		if (strlen(v[i]) >= SEARCH_CODE_MAX || !named_has(s, names, n_names, v[i])) {
			buf_printf(err, "%s: must be one of: ", field_names[field]);
			list_named(err, s, names, n_names);
			buf_puts(err, "\n");
			return -1;
		}
		snprintf(out[(*n_out)++], SEARCH_CODE_MAX, "%s", v[i]);
	}
	return 0;
}

static int read_weekdays(const struct evkeyvalq *query, const struct param_value *in,
			 unsigned *mask, struct buf *err)
{
	const char *v[SEARCH_MAX_VALUES];
	int more, n = field_values(query, in, SQ_WEEKDAY, v, SEARCH_MAX_VALUES, &more);
	for (int i = 0; i < n; i++) {
		if (strlen(v[i]) != 1 || v[i][0] < '1' || v[i][0] > '7') {
			buf_puts(err, "weekday: must be one of: 1, 2, 3, 4, 5, 6, 7 "
				 "(1 = Monday, 7 = Sunday)\n");
			return -1;
		}
		*mask |= 1u << (v[i][0] - '1');
	}
	return 0;
}

static int read_languages(const struct evkeyvalq *query, const struct param_value *in,
			  const struct snapshot *s, struct search_query *q, struct buf *err)
{
	const char *v[SEARCH_MAX_VALUES];
	int more, n = field_values(query, in, SQ_LANGUAGE, v, SEARCH_MAX_VALUES, &more);
	for (int i = 0; i < n; i++) {
		if (strlen(v[i]) >= SEARCH_LANG_MAX || !language_tag_ok(v[i])) {
			buf_puts(err, "language: must be a language tag (BCP 47) such as: ");
			list_named(err, s, s->languages, s->n_languages);
			buf_puts(err, "\n");
			return -1;
		}
		snprintf(q->languages[q->n_languages++], SEARCH_LANG_MAX, "%s", v[i]);
	}
	return 0;
}

/* Copies the keyword text, NFC-normalised, cut at a character boundary. */
static void read_keyword(const struct param_value *v, struct search_query *q)
{
	if (!v->present)
		return;
	char *nfc = text_nfc(v->s);
	const char *src = nfc ? nfc : v->s;
	size_t n = strlen(src);
	if (n > SEARCH_Q_MAX_BYTES) {
		n = SEARCH_Q_MAX_BYTES;
		while (n > 0 && ((unsigned char)src[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(q->q, src, n);
	q->q[n] = '\0';
	free(nfc);
}

/* Fills q from the validated fields in[] and the repeated values in
 * query, checked against the snapshot s. Problems are appended to err,
 * one line each. */
static void query_fill(const struct snapshot *s, const struct evkeyvalq *query,
		       const struct param_value *in, struct search_query *q, struct buf *err)
{
	search_query_init(q);
	read_keyword(&in[SQ_Q], q);
	read_codes(query, in, SQ_CATEGORY, search_category_codes, &q->categories, err);
	read_codes(query, in, SQ_AUDIENCE, search_audience_codes, &q->audiences, err);
	read_named(query, in, SQ_INSTITUTION_TYPE, s, s->types, s->n_types, q->types,
		   &q->n_types, err);
	read_named(query, in, SQ_DISTRICT, s, s->districts, s->n_districts, q->districts,
		   &q->n_districts, err);
	if (in[SQ_INSTITUTION].present) {
		q->institution_id = in[SQ_INSTITUTION].n;
		if (snapshot_inst_index(s, q->institution_id) < 0)
			buf_printf(err, "institution: no institution has the id %lld\n",
				   q->institution_id);
	}
	read_weekdays(query, in, &q->weekdays, err);
	read_codes(query, in, SQ_TIME, search_time_codes, &q->times, err);
	q->weekend = in[SQ_WEEKEND].present && in[SQ_WEEKEND].n;
	q->fee_max = in[SQ_FEE_MAX].present ? in[SQ_FEE_MAX].n : -1;
	read_codes(query, in, SQ_FORMAT, search_format_codes, &q->formats, err);
	read_languages(query, in, s, q, err);
	q->childcare = in[SQ_CHILDCARE].present && in[SQ_CHILDCARE].n;
	q->available = in[SQ_AVAILABLE].present && in[SQ_AVAILABLE].n;
	if (in[SQ_STARTS_WITHIN].present && in[SQ_STARTS_WITHIN].n >= 0)
		q->starts_within = atoi(search_within_codes[in[SQ_STARTS_WITHIN].n]);
	for (int f = SQ_FROM; f <= SQ_TO; f++) {
		if (!in[f].present)
			continue;
		if (!date_ok(in[f].s))
			buf_printf(err, "%s: must be a date YYYY-MM-DD\n", field_names[f]);
		else
			snprintf(f == SQ_FROM ? q->from : q->to, 11, "%s", in[f].s);
	}
	if (q->from[0] && q->to[0] && strcmp(q->from, q->to) > 0)
		buf_puts(err, "to: must not be before from\n");
	if (in[SQ_SORT].present && in[SQ_SORT].n >= 0)
		q->sort = (enum search_sort)in[SQ_SORT].n;
	q->page = in[SQ_PAGE].present ? in[SQ_PAGE].n : 1;
	q->per_page = in[SQ_PER_PAGE].present ? in[SQ_PER_PAGE].n : SEARCH_PER_PAGE_DEFAULT;
	if (q->page < 1)
		q->page = 1;
	if (q->per_page < 1 || q->per_page > SEARCH_PER_PAGE_MAX)
		q->per_page = q->per_page < 1 ? 1 : SEARCH_PER_PAGE_MAX;
	if (err->len && err->data[err->len - 1] == '\n')
		err->data[--err->len] = '\0';
}

int search_query_from_request(struct request *r, const struct param_value *in,
			      struct search_query *q)
{
	struct buf err = BUF_INIT;
	struct snapshot *s = snapshot_get(r->db);
	int st = 0;
	search_query_init(q);
	if (!s)
		return req_fail(r, 500, "search is unavailable");
	query_fill(s, &r->query, in, q, &err);
	snapshot_release(s);
	if (err.len)
		st = req_fail(r, 400, "%s", buf_cstr(&err));
	buf_free(&err);
	return st;
}

/* A field of a parsed query string, for params_validate(). */
static const char *kv_lookup(void *ctx, const char *name)
{
	return evhttp_find_header(ctx, name);
}

int search_query_parse(struct db *db, const char *qs, struct search_query *q, struct buf *err)
{
	struct evkeyvalq kv = {NULL, NULL};
	struct param_value in[PARAMS_MAX];
	struct snapshot *s = NULL;
	int rc = -1;
	kv.tqh_last = &kv.tqh_first;
	search_query_init(q);
	memset(in, 0, sizeof in);
	if (evhttp_parse_query_str(qs, &kv) < 0) {
		buf_puts(err, "not a query string");
		goto out;
	}
	for (struct evkeyval *e = kv.tqh_first; e; e = e->next.tqe_next) {
		if (!text_utf8_valid(e->key, strlen(e->key)) ||
		    !text_utf8_valid(e->value, strlen(e->value))) {
			buf_puts(err, "not valid UTF-8");
			goto out;
		}
	}
	if (params_validate(search_params, kv_lookup, &kv, in, err) < 0)
		goto out;
	if (!(s = snapshot_get(db))) {
		rc = -2;
		goto out;
	}
	query_fill(s, &kv, in, q, err);
	rc = err->len ? -1 : 0;
out:
	snapshot_release(s);
	evhttp_clear_headers(&kv);
	return rc;
}

const char *search_facet_title(enum search_facet_id f)
{
	static const char *const titles[SF__COUNT] = {
		[SF_CATEGORY] = N_("學習類別"), [SF_AUDIENCE] = N_("適合對象"),
		[SF_INSTITUTION_TYPE] = N_("機構類型"), [SF_DISTRICT] = N_("上課地區"),
		[SF_WEEKDAY] = N_("星期"), [SF_TIME] = N_("時段"), [SF_WEEKEND] = N_("週末"),
		[SF_FEE] = N_("費用"), [SF_FORMAT] = N_("上課方式"), [SF_LANGUAGE] = N_("授課語言"),
		[SF_CHILDCARE] = N_("托育服務"), [SF_AVAILABLE] = N_("名額"),
		[SF_STARTS_WITHIN] = N_("開課時間"),
	};
	return (unsigned)f < SF__COUNT ? titles[f] : "";
}

/* ---- writing it back as a URL -------------------------------------- */

static void url_field(struct buf *b, const char *sep, int *n, const char *name,
		      const char *value)
{
	if (*n)
		buf_puts(b, sep);
	buf_puts(b, name);
	buf_puts(b, "=");
	html_url_param(b, value);
	(*n)++;
}

static void url_mask(struct buf *b, const char *sep, int *n, int field, unsigned mask,
		     const char *const *codes)
{
	for (int i = 0; codes[i]; i++)
		if (mask & (1u << i))
			url_field(b, sep, n, field_names[field], codes[i]);
}

int search_query_append_url(const struct search_query *q, struct buf *b,
			    const char *sep, unsigned omit)
{
	int n = 0;
	char num[32];
#define KEEP(f) (!(omit & (1u << (f))))
	if (KEEP(SQ_Q) && q->q[0])
		url_field(b, sep, &n, "q", q->q);
	if (KEEP(SQ_CATEGORY))
		url_mask(b, sep, &n, SQ_CATEGORY, q->categories, search_category_codes);
	if (KEEP(SQ_AUDIENCE))
		url_mask(b, sep, &n, SQ_AUDIENCE, q->audiences, search_audience_codes);
	for (int i = 0; KEEP(SQ_INSTITUTION_TYPE) && i < q->n_types; i++)
		url_field(b, sep, &n, "institution_type", q->types[i]);
	for (int i = 0; KEEP(SQ_DISTRICT) && i < q->n_districts; i++)
		url_field(b, sep, &n, "district", q->districts[i]);
	if (KEEP(SQ_INSTITUTION) && q->institution_id > 0) {
		snprintf(num, sizeof num, "%lld", q->institution_id);
		url_field(b, sep, &n, "institution", num);
	}
	for (int d = 1; KEEP(SQ_WEEKDAY) && d <= 7; d++) {
		if (q->weekdays & (1u << (d - 1))) {
			snprintf(num, sizeof num, "%d", d);
			url_field(b, sep, &n, "weekday", num);
		}
	}
	if (KEEP(SQ_TIME))
		url_mask(b, sep, &n, SQ_TIME, q->times, search_time_codes);
	if (KEEP(SQ_WEEKEND) && q->weekend)
		url_field(b, sep, &n, "weekend", "yes");
	if (KEEP(SQ_FEE_MAX) && q->fee_max >= 0) {
		snprintf(num, sizeof num, "%lld", q->fee_max);
		url_field(b, sep, &n, "fee_max", num);
	}
	if (KEEP(SQ_FORMAT))
		url_mask(b, sep, &n, SQ_FORMAT, q->formats, search_format_codes);
	for (int i = 0; KEEP(SQ_LANGUAGE) && i < q->n_languages; i++)
		url_field(b, sep, &n, "language", q->languages[i]);
	if (KEEP(SQ_CHILDCARE) && q->childcare)
		url_field(b, sep, &n, "childcare", "yes");
	if (KEEP(SQ_AVAILABLE) && q->available)
		url_field(b, sep, &n, "available", "yes");
	if (KEEP(SQ_STARTS_WITHIN) && q->starts_within > 0) {
		snprintf(num, sizeof num, "%d", q->starts_within);
		url_field(b, sep, &n, "starts_within", num);
	}
	if (KEEP(SQ_FROM) && q->from[0])
		url_field(b, sep, &n, "from", q->from);
	if (KEEP(SQ_TO) && q->to[0])
		url_field(b, sep, &n, "to", q->to);
	if (KEEP(SQ_SORT) && q->sort != SEARCH_SORT_SOONEST)
		url_field(b, sep, &n, "sort", search_sort_codes[q->sort]);
	if (KEEP(SQ_PAGE) && q->page > 1) {
		snprintf(num, sizeof num, "%lld", q->page);
		url_field(b, sep, &n, "page", num);
	}
	if (KEEP(SQ_PER_PAGE) && q->per_page != SEARCH_PER_PAGE_DEFAULT) {
		snprintf(num, sizeof num, "%lld", q->per_page);
		url_field(b, sep, &n, "per_page", num);
	}
#undef KEEP
	return n;
}
