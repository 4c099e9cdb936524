/* run — running a search: the keyword through FTS5, then one pass over the
 * connection's in-memory course table that filters, counts every facet
 * (each facet's counts apply all the other filters) and collects the
 * matches; then the requested page is selected in order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "db/db.h"
#include "search/search.h"
#include "search/snapshot.h"
#include "search/tokenize.h"

/* One bit per filter that has facet counts. Course filters, then session
 * filters. */
enum {
	B_CAT = 1 << 0, B_AUD = 1 << 1, B_TYPE = 1 << 2, B_FEE = 1 << 3,
	B_FMT = 1 << 4, B_LANG = 1 << 5, B_CC = 1 << 6, B_AV = 1 << 7,
	B_DIST = 1 << 8, B_WD = 1 << 9, B_TIME = 1 << 10, B_WKND = 1 << 11,
	B_WITHIN = 1 << 12,
};

static const int within_days[3] = {7, 30, 90};

/* The filters of a query, resolved against a snapshot. */
struct plan {
	uint32_t now, wstart, wend, within_end[3], sel_end;
	uint64_t dist_mask, type_mask, lang_mask;
	int dist_on, type_on, lang_on, within_on, inst;
	const struct search_query *q;
};

struct counts {
	long long cat[16], aud[16], type[SNAP_MAX_DIM], dist[SNAP_MAX_DIM], wd[7], time[3];
	long long weekend, fee_free, fee_1000, fee_custom, fmt[3], lang[SNAP_MAX_DIM];
	long long childcare, available, within[3];
};

/* What search_result.priv holds. */
struct result_priv {
	struct snapshot *snap;
	char fee_value[24];
	char fee_label[64];
};

static uint64_t named_mask(const struct snapshot *s, const struct snap_named *v, int n,
			   const char (*names)[SEARCH_CODE_MAX], int n_names)
{
	uint64_t m = 0;
	for (int i = 0; i < n; i++)
		for (int k = 0; k < n_names; k++)
			if (!strcmp(snap_str(s, v[i].code), names[k]))
				m |= 1ull << i;
	return m;
}

static void plan_make(struct plan *p, const struct snapshot *s, const struct search_query *q,
		      const char *now)
{
	long long n = snap_minutes(now), today;
	memset(p, 0, sizeof *p);
	p->q = q;
	p->now = (uint32_t)(n < 0 ? 0 : n);
	today = p->now - p->now % 1440;
	p->wstart = q->from[0] ? (uint32_t)snap_minutes(q->from) : p->now;
	p->wend = q->to[0] ? (uint32_t)snap_minutes(q->to) + 1439 : UINT32_MAX;
	for (int i = 0; i < 3; i++) {
		p->within_end[i] = (uint32_t)(today + (within_days[i] + 1) * 1440LL - 1);
		if (q->starts_within == within_days[i]) {
			p->within_on = 1;
			p->sel_end = p->within_end[i];
		}
	}
	if (q->starts_within > 0 && !p->within_on) {
		p->within_on = 1;
		p->sel_end = (uint32_t)(today + (q->starts_within + 1) * 1440LL - 1);
	}
	p->dist_on = q->n_districts > 0;
	p->dist_mask = named_mask(s, s->districts, s->n_districts, q->districts, q->n_districts);
	p->type_on = q->n_types > 0;
	p->type_mask = named_mask(s, s->types, s->n_types, q->types, q->n_types);
	p->lang_on = q->n_languages > 0;
	for (int i = 0; i < s->n_languages; i++)
		for (int k = 0; k < q->n_languages; k++)
			if (!strcasecmp(snap_str(s, s->languages[i].code), q->languages[k]))
				p->lang_mask |= 1ull << i;
	p->inst = -1;
	if (q->institution_id > 0)
		p->inst = snapshot_inst_index(s, q->institution_id);
}

static unsigned course_fails(const struct plan *p, const struct snapshot *s,
			     const struct snap_course *c)
{
	const struct search_query *q = p->q;
	unsigned f = 0;
	uint16_t type = c->inst >= 0 ? s->insts[c->inst].type : SNAP_NONE;
	if (q->categories && (c->category > 31 || !(q->categories & (1u << c->category))))
		f |= B_CAT;
	if (q->audiences && !(q->audiences & c->audiences))
		f |= B_AUD;
	if (p->type_on && (type >= SNAP_MAX_DIM || !(p->type_mask >> type & 1)))
		f |= B_TYPE;
	if (q->fee_max >= 0 && c->fee > q->fee_max)
		f |= B_FEE;
	if (q->formats && (c->format > 31 || !(q->formats & (1u << c->format))))
		f |= B_FMT;
	if (p->lang_on && (c->language >= SNAP_MAX_DIM || !(p->lang_mask >> c->language & 1)))
		f |= B_LANG;
	if (q->childcare && !c->childcare)
		f |= B_CC;
	if (q->available && c->seats_left == 0)
		f |= B_AV;
	return f;
}

static unsigned session_fails(const struct plan *p, const struct snap_session *x)
{
	const struct search_query *q = p->q;
	unsigned f = 0;
	if (p->dist_on && (x->district >= SNAP_MAX_DIM || !(p->dist_mask >> x->district & 1)))
		f |= B_DIST;
	if (q->weekdays && !(q->weekdays & (1u << (x->weekday - 1))))
		f |= B_WD;
	if (q->times && !(q->times & x->timebit))
		f |= B_TIME;
	if (q->weekend && x->weekday < 6)
		f |= B_WKND;
	if (p->within_on && (x->start < p->now || x->start > p->sel_end))
		f |= B_WITHIN;
	return f;
}

/* Counts course c's own value in the facet of bit b. */
static void count_course(struct counts *k, const struct plan *p, const struct snapshot *s,
			 const struct snap_course *c, unsigned b)
{
	if (b & B_CAT && c->category < 16)
		k->cat[c->category]++;
	if (b & B_AUD)
		for (int i = 0; i < 16; i++)
			if (c->audiences & (1u << i))
				k->aud[i]++;
	if (b & B_TYPE && c->inst >= 0 && s->insts[c->inst].type < SNAP_MAX_DIM)
		k->type[s->insts[c->inst].type]++;
	if (b & B_FEE) {
		k->fee_free += c->fee == 0;
		k->fee_1000 += c->fee <= 1000;
		k->fee_custom += p->q->fee_max >= 0 && c->fee <= p->q->fee_max;
	}
	if (b & B_FMT && c->format < 3)
		k->fmt[c->format]++;
	if (b & B_LANG && c->language < SNAP_MAX_DIM)
		k->lang[c->language]++;
	if (b & B_CC)
		k->childcare += c->childcare;
	if (b & B_AV)
		k->available += c->seats_left != 0;
}

/* Per course: the values of each session facet seen on sessions that pass
 * every other filter. */
struct acc {
	uint64_t dist;
	unsigned wd, time, weekend, within;
};

static void acc_add(struct acc *a, const struct plan *p, const struct snap_session *x,
		    unsigned only)
{
	if (only & B_DIST && x->district < SNAP_MAX_DIM)
		a->dist |= 1ull << x->district;
	if (only & B_WD)
		a->wd |= 1u << (x->weekday - 1);
	if (only & B_TIME)
		a->time |= x->timebit;
	if (only & B_WKND && x->weekday >= 6)
		a->weekend = 1;
	if (only & B_WITHIN && x->start >= p->now)
		for (int i = 0; i < 3; i++)
			if (x->start <= p->within_end[i])
				a->within |= 1u << i;
}

static void acc_count(struct counts *k, const struct acc *a)
{
	for (int i = 0; i < SNAP_MAX_DIM; i++)
		if (a->dist >> i & 1)
			k->dist[i]++;
	for (int i = 0; i < 7; i++)
		if (a->wd >> i & 1)
			k->wd[i]++;
	for (int i = 0; i < 3; i++) {
		if (a->time & (1u << i))
			k->time[i]++;
		if (a->within & (1u << i))
			k->within[i]++;
	}
	k->weekend += a->weekend;
}

/* First session of c starting at or after m (binary search). */
static uint32_t first_from(const struct snapshot *s, const struct snap_course *c, uint32_t m)
{
	uint32_t lo = c->sess_off, hi = c->sess_off + c->sess_n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (s->sessions[mid].start < m)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The pass. Returns the number of hits (in s->hits). */
static int scan(struct snapshot *s, const struct plan *p, int use_kw, struct counts *k)
{
	int nh = 0;
	for (int ci = 0; ci < s->n_courses; ci++) {
		const struct snap_course *c = &s->courses[ci];
		if (use_kw && s->kw_stamp[ci] != s->stamp)
			continue;
		if (p->q->institution_id > 0 && c->inst != p->inst)
			continue;
		unsigned cf = course_fails(p, s, c);
		if (cf & (cf - 1))
			continue;
		uint32_t end = c->sess_off + c->sess_n, first = 0;
		uint16_t first_d = SNAP_NONE;
		int full = 0;
		struct acc a = {0, 0, 0, 0, 0};
		for (uint32_t i = first_from(s, c, p->wstart); i < end; i++) {
			const struct snap_session *x = &s->sessions[i];
			if (x->start > p->wend)
				break;
			unsigned sf = session_fails(p, x);
			if (cf) {
				if (!sf) {
					full = 1;
					break;
				}
				continue;
			}
			if (!sf) {
				if (!full) {
					full = 1;
					first = x->start;
					first_d = x->district;
				}
				acc_add(&a, p, x, ~0u);
			} else if (!(sf & (sf - 1))) {
				acc_add(&a, p, x, sf);
			}
		}
		if (cf) {
			if (full)
				count_course(k, p, s, c, cf);
			continue;
		}
		acc_count(k, &a);
		if (full) {
			count_course(k, p, s, c, ~0u);
			s->hits[nh] = ci;
			s->hit_start[nh] = first;
			s->hit_district[nh] = first_d;
			nh++;
		}
	}
	return nh;
}

/* ---- order and paging ------------------------------------------------- */

struct order_ctx {
	const struct snapshot *s;
	enum search_sort sort;
};

/* Compares hit numbers a and b: < 0 when a comes first. */
static int cmp_hits(const void *pa, const void *pb, void *ctx)
{
	const struct order_ctx *o = ctx;
	const struct snapshot *s = o->s;
	int a = *(const int *)pa, b = *(const int *)pb;
	const struct snap_course *ca = &s->courses[s->hits[a]], *cb = &s->courses[s->hits[b]];
	if (o->sort == SEARCH_SORT_NEWEST)
		return ca->newest < cb->newest ? -1 : ca->newest > cb->newest;
	if (o->sort == SEARCH_SORT_RELEVANCE) {
		float x = s->kw_score[s->hits[a]], y = s->kw_score[s->hits[b]];
		if (x != y)
			return x > y ? -1 : 1;
	}
	if (s->hit_start[a] != s->hit_start[b])
		return s->hit_start[a] < s->hit_start[b] ? -1 : 1;
	return ca->id < cb->id ? -1 : ca->id > cb->id;
}

static void sift_down(int *h, int n, int i, struct order_ctx *o)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && cmp_hits(&h[l], &h[m], o) > 0)
			m = l;
		if (r < n && cmp_hits(&h[r], &h[m], o) > 0)
			m = r;
		if (m == i)
			return;
		int t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

/* The first k hits in order, into out[k] (a max-heap keeps the best k). */
static void select_first(int nh, int k, int *out, struct order_ctx *o)
{
	int n = 0;
	for (int i = 0; i < nh; i++) {
		if (n < k) {
			out[n] = i;
			for (int c = n++; c > 0;) {
				int parent = (c - 1) / 2;
				if (cmp_hits(&out[c], &out[parent], o) <= 0)
					break;
				int t = out[c];
				out[c] = out[parent];
				out[parent] = t;
				c = parent;
			}
		} else if (cmp_hits(&i, &out[0], o) < 0) {
			out[0] = i;
			sift_down(out, n, 0, o);
		}
	}
	qsort_r(out, (size_t)n, sizeof *out, cmp_hits, o);
}

/* ---- facets ------------------------------------------------------------ */

/* Marks interface text for extraction (tools/pot.sh); the labels of the
 * fixed facets are msgids that pages pass through tr(). */
#define N_(msgid) (msgid)

static const char *const weekday_values[] = {"1", "2", "3", "4", "5", "6", "7"};
static const char *const weekday_labels[] = {N_("星期一"), N_("星期二"), N_("星期三"),
	N_("星期四"), N_("星期五"), N_("星期六"), N_("星期日")};
static const char *const weekday_en[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
	"Friday", "Saturday", "Sunday"};
static const char *const time_labels[] = {N_("上午"), N_("下午"), N_("晚上（18:00 起）")};
static const char *const time_en[] = {"Morning", "Afternoon", "Evening (from 18:00)"};
static const char *const format_labels[] = {N_("實體課程"), N_("線上課程"),
	N_("實體與線上混成")};
static const char *const format_en[] = {"In person", "Online", "Blended"};
static const char *const within_labels[] = {N_("7 天內開課"), N_("30 天內開課"),
	N_("90 天內開課")};
static const char *const within_en[] = {"Within 7 days", "Within 30 days", "Within 90 days"};

static struct search_facet_value *facet_alloc(struct search_facet *f, const char *field,
					      int translatable, int n)
{
	f->field = field;
	f->translatable = translatable;
	f->n = n;
	f->values = n ? calloc((size_t)n, sizeof *f->values) : NULL;
	return f->values;
}

static void fv(struct search_facet_value *v, const char *value, const char *label,
	       const char *label_en, long long count, int selected)
{
	v->value = value;
	v->label = label;
	v->label_en = label_en && *label_en ? label_en : NULL;
	v->count = count;
	v->selected = selected;
}

static int named_selected(const char *value, const char (*vals)[SEARCH_CODE_MAX], int n)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(vals[i], value))
			return 1;
	return 0;
}

static int build_facets(struct search_result *res, const struct snapshot *s,
			const struct search_query *q, const struct counts *k,
			struct result_priv *rp)
{
	struct search_facet *F = res->facets;
	struct search_facet_value *v;
	if (!(v = facet_alloc(&F[SF_CATEGORY], "category", 0, 11)))
		return -1;
	for (int i = 0; i < 11; i++)
		fv(&v[i], search_category_codes[i], snap_str(s, s->categories[i].name_zh),
		   snap_str(s, s->categories[i].name_en), k->cat[i], !!(q->categories & (1u << i)));
	if (!(v = facet_alloc(&F[SF_AUDIENCE], "audience", 0, 9)))
		return -1;
	for (int i = 0; i < 9; i++)
		fv(&v[i], search_audience_codes[i], snap_str(s, s->audiences[i].name_zh),
		   snap_str(s, s->audiences[i].name_en), k->aud[i], !!(q->audiences & (1u << i)));
	if (!(v = facet_alloc(&F[SF_INSTITUTION_TYPE], "institution_type", 0, s->n_types)) &&
	    s->n_types)
		return -1;
	for (int i = 0; i < s->n_types; i++) {
		const char *code = snap_str(s, s->types[i].code);
		fv(&v[i], code, snap_str(s, s->types[i].name_zh), snap_str(s, s->types[i].name_en),
		   k->type[i], named_selected(code, q->types, q->n_types));
	}
	if (!(v = facet_alloc(&F[SF_DISTRICT], "district", 0, s->n_districts)) && s->n_districts)
		return -1;
	for (int i = 0; i < s->n_districts; i++) {
		const char *name = snap_str(s, s->districts[i].name_zh);
		fv(&v[i], name, name, snap_str(s, s->districts[i].name_en), k->dist[i],
		   named_selected(name, q->districts, q->n_districts));
	}
	if (!(v = facet_alloc(&F[SF_WEEKDAY], "weekday", 1, 7)))
		return -1;
	for (int i = 0; i < 7; i++)
		fv(&v[i], weekday_values[i], weekday_labels[i], weekday_en[i], k->wd[i],
		   !!(q->weekdays & (1u << i)));
	if (!(v = facet_alloc(&F[SF_TIME], "time", 1, 3)))
		return -1;
	for (int i = 0; i < 3; i++)
		fv(&v[i], search_time_codes[i], time_labels[i], time_en[i], k->time[i],
		   !!(q->times & (1u << i)));
	if (!(v = facet_alloc(&F[SF_WEEKEND], "weekend", 1, 1)))
		return -1;
	fv(&v[0], "yes", N_("週末（六、日）"), "Weekend (Sat, Sun)", k->weekend, q->weekend);
	int custom = q->fee_max > 0 && q->fee_max != 1000;
	if (!(v = facet_alloc(&F[SF_FEE], "fee_max", 1, 2 + custom)))
		return -1;
	fv(&v[0], "0", N_("免費"), "Free", k->fee_free, q->fee_max == 0);
	fv(&v[1], "1000", N_("1,000 元以下"), "NT$1,000 or less", k->fee_1000, q->fee_max == 1000);
	if (custom) {
		snprintf(rp->fee_value, sizeof rp->fee_value, "%lld", q->fee_max);
		snprintf(rp->fee_label, sizeof rp->fee_label, "NT$%lld", q->fee_max);
		fv(&v[2], rp->fee_value, rp->fee_label, rp->fee_label, k->fee_custom, 1);
	}
	if (!(v = facet_alloc(&F[SF_FORMAT], "format", 1, 3)))
		return -1;
	for (int i = 0; i < 3; i++)
		fv(&v[i], search_format_codes[i], format_labels[i], format_en[i], k->fmt[i],
		   !!(q->formats & (1u << i)));
	if (!(v = facet_alloc(&F[SF_LANGUAGE], "language", 0, s->n_languages)) && s->n_languages)
		return -1;
	for (int i = 0; i < s->n_languages; i++) {
		const char *tag = snap_str(s, s->languages[i].code);
		int sel = 0;
		for (int j = 0; j < q->n_languages; j++)
			sel |= !strcasecmp(q->languages[j], tag);
		fv(&v[i], tag, snap_str(s, s->languages[i].name_zh),
		   snap_str(s, s->languages[i].name_en), k->lang[i], sel);
	}
	if (!(v = facet_alloc(&F[SF_CHILDCARE], "childcare", 1, 1)))
		return -1;
	fv(&v[0], "yes", N_("提供臨時托育"), "Childcare offered", k->childcare, q->childcare);
	if (!(v = facet_alloc(&F[SF_AVAILABLE], "available", 1, 1)))
		return -1;
	fv(&v[0], "yes", N_("尚有名額"), "Places left", k->available, q->available);
	if (!(v = facet_alloc(&F[SF_STARTS_WITHIN], "starts_within", 1, 3)))
		return -1;
	for (int i = 0; i < 3; i++)
		fv(&v[i], search_within_codes[i], within_labels[i], within_en[i], k->within[i],
		   q->starts_within == within_days[i]);
	return 0;
}

/* ---- the keyword ------------------------------------------------------- */

/* Marks the courses matching q's keyword text; 0 when q has none to
 * search for, 1 when marked, -1 on failure. */
static int keyword(struct db *db, struct snapshot *s, const struct search_query *q)
{
	struct buf expr = BUF_INIT;
	struct dbq dq;
	int rc = 0, rank = q->sort == SEARCH_SORT_RELEVANCE;
	if (!q->q[0] || tok_fts_query(&expr, q->q) == 0)
		goto out;
	if (++s->stamp == 0) {
		memset(s->kw_stamp, 0, (size_t)s->n_courses * sizeof *s->kw_stamp);
		s->stamp = 1;
	}
	db_query(db, &dq, rank ? ST_SEARCH_FTS_RANK : ST_SEARCH_FTS, "t", buf_cstr(&expr));
	while ((rc = db_next(&dq)) == 1) {
		int i = snapshot_course_index(s, db_int(&dq, 0));
		if (i < 0)
			continue;
		s->kw_stamp[i] = s->stamp;
		s->kw_score[i] = rank ? (float)-db_real(&dq, 1) : 0.0f;
	}
	db_done(&dq);
	rc = rc < 0 ? -1 : 1;
out:
	buf_free(&expr);
	return rc;
}

/* ---- the whole ------------------------------------------------------------ */

static long long now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
}

static void fill_item(struct search_item *it, const struct snapshot *s, int hit)
{
	const struct snap_course *c = &s->courses[s->hits[hit]];
	const struct snap_inst *in = c->inst >= 0 ? &s->insts[c->inst] : NULL;
	uint16_t d = s->hit_district[hit];
	if (d >= SNAP_MAX_DIM && in)
		d = in->district;
	it->course_id = c->id;
	it->title = snap_str(s, c->title);
	it->institution = in ? snap_str(s, in->name) : "";
	it->institution_id = in ? in->id : 0;
	it->district = d < s->n_districts ? snap_str(s, s->districts[d].name_zh) : NULL;
	it->category = c->category < 11 ? search_category_codes[c->category] : "";
	it->audiences = c->audiences;
	it->fee_twd = c->fee;
	it->format = c->format < 3 ? search_format_codes[c->format] : "";
	it->language = c->language < s->n_languages ? snap_str(s, s->languages[c->language].code)
						    : "";
	it->childcare = c->childcare;
	it->seats_left = c->seats_left;
	snap_format(s->hit_start[hit], it->next_session);
	it->score = s->kw_score[s->hits[hit]];
}

int search_run(struct db *db, const char *now, const struct search_query *q,
	       struct search_result *res)
{
	long long t0 = now_us();
	struct plan p;
	struct counts *k = calloc(1, sizeof *k);
	struct result_priv *rp = calloc(1, sizeof *rp);
	int *order = NULL, rc = -1;
	memset(res, 0, sizeof *res);
	res->priv = rp;
	if (!k || !rp || !(rp->snap = snapshot_get(db)))
		goto out;
	struct snapshot *s = rp->snap;
	int use_kw = keyword(db, s, q);
	if (use_kw < 0)
		goto out;
	plan_make(&p, s, q, now);
	int nh = scan(s, &p, use_kw, k);
	res->total = nh;
	if (build_facets(res, s, q, k, rp) < 0)
		goto out;
	long long page = q->page < 1 ? 1 : q->page;
	long long per = q->per_page < 1 ? 1 : q->per_page > SEARCH_PER_PAGE_MAX
					   ? SEARCH_PER_PAGE_MAX : q->per_page;
	long long from = q->unpaged ? 0 : (page - 1) * per;
	long long want = q->unpaged ? nh : from + per;
	res->page = q->unpaged ? 1 : page;
	res->per_page = q->unpaged ? nh : per;
	if (want > nh)
		want = nh;
	if (from < want) {
		struct order_ctx o = {s, q->sort == SEARCH_SORT_RELEVANCE && !use_kw
					 ? SEARCH_SORT_SOONEST : q->sort};
		order = malloc((size_t)want * sizeof *order);
		res->items = calloc((size_t)(want - from), sizeof *res->items);
		if (!order || !res->items)
			goto out;
		select_first(nh, (int)want, order, &o);
		for (long long i = from; i < want; i++)
			fill_item(&res->items[res->n_items++], s, order[i]);
	}
	rc = 0;
out:
	if (rc < 0)
		fprintf(stderr, "lifelong: search failed\n");
	free(order);
	free(k);
	res->elapsed_us = now_us() - t0;
	return rc;
}

void search_result_free(struct search_result *res)
{
	struct result_priv *rp = res->priv;
	for (int i = 0; i < SF__COUNT; i++)
		free(res->facets[i].values);
	free(res->items);
	if (rp) {
		snapshot_release(rp->snap);
		free(rp);
	}
	memset(res, 0, sizeof *res);
}

int search_session_matches(const struct search_query *q, const char *now,
			   const char *starts_at, const char *district)
{
	long long m = snap_minutes(starts_at), n = snap_minutes(now);
	if (m < 0 || n < 0)
		return 0;
	long long wstart = q->from[0] ? snap_minutes(q->from) : n;
	long long wend = q->to[0] ? snap_minutes(q->to) + 1439 : INT64_MAX;
	if (m < wstart || m > wend)
		return 0;
	if (q->starts_within > 0 && (m < n || m > n - n % 1440 + (q->starts_within + 1) * 1440LL - 1))
		return 0;
	int wd = (int)((m / 1440 + 5) % 7 + 1), mod = (int)(m % 1440);
	unsigned tb = mod < 720 ? SEARCH_MORNING : mod < 1080 ? SEARCH_AFTERNOON : SEARCH_EVENING;
	if (q->weekdays && !(q->weekdays & (1u << (wd - 1))))
		return 0;
	if (q->weekend && wd < 6)
		return 0;
	if (q->times && !(q->times & tb))
		return 0;
	if (q->n_districts) {
		int ok = 0;
		for (int i = 0; district && i < q->n_districts; i++)
			ok |= !strcmp(q->districts[i], district);
		if (!ok)
			return 0;
	}
	return 1;
}
