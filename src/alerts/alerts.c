/* alerts — saved searches, their mails and the notifier (see alerts.h). */
#include "alerts/alerts.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/grow.h"
#include "core/roc.h"
#include "db/db.h"
#include "inquiry/retention.h"
#include "mail/mail.h"
#include "search/search.h"

#define OMIT_PAGING ((1u << SQ_SORT) | (1u << SQ_PAGE) | (1u << SQ_PER_PAGE))

int alerts_canonical(const struct search_query *q, struct buf *b)
{
	return search_query_append_url(q, b, "&", OMIT_PAGING);
}

/* A meta value copied into out (size n); 0, or -1 when unset. */
static int meta(struct db *db, const char *key, char *out, size_t n)
{
	struct dbq q;
	int rc = -1;
	if (db_query(db, &q, ST_META_GET, "t", key) == 0 && db_next(&q) == 1 && db_text(&q, 0) &&
	    *db_text(&q, 0) && strlen(db_text(&q, 0)) < n) {
		snprintf(out, n, "%s", db_text(&q, 0));
		rc = 0;
	}
	db_done(&q);
	return rc;
}

void alerts_origin(struct db *db, const char *fallback, struct buf *b)
{
	char v[300];
	if (meta(db, "site_url", v, sizeof v) == 0) {
		size_t n = strlen(v);
		while (n && v[n - 1] == '/')
			v[--n] = '\0';
		const char *host = !strncmp(v, "https://", 8) ? v + 8
				   : !strncmp(v, "http://", 7) ? v + 7 : NULL;
		if (host && *host &&
		    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
			    strlen(host)) {
			buf_puts(b, v);
			return;
		}
	}
	buf_puts(b, fallback ? fallback : "");
}

/* ---- the search in words ---- */

/* Appends "title：" in l. */
static void term(struct buf *b, enum lang l, const char *title_msgid)
{
	buf_puts(b, i18n_get(l, title_msgid));
	buf_puts(b, i18n_pget(l, "標點", "："));
}

int alerts_describe(struct db *db, const char *now, enum lang l, const struct search_query *q,
		    struct buf *b)
{
	static const int order[] = {SF_CATEGORY, SF_AUDIENCE, SF_DISTRICT, SF_WEEKDAY, SF_TIME,
		SF_WEEKEND, SF_STARTS_WITHIN, SF_FEE, SF_FORMAT, SF_LANGUAGE, SF_CHILDCARE,
		SF_AVAILABLE, SF_INSTITUTION_TYPE};
	/* facets of one value that says it all ("週末（六、日）") */
	static const char yes_no[SF__COUNT] = {[SF_WEEKEND] = 1, [SF_CHILDCARE] = 1,
					       [SF_AVAILABLE] = 1};
	struct search_query w = *q;
	struct search_result res;
	struct dbq dq;
	w.page = 1;
	w.per_page = 1;
	w.unpaged = 0;
	if (q->q[0]) {
		i18n_append(b, l, N_("關鍵字「%s」"), q->q);
		buf_puts(b, "\n");
	}
	if (q->institution_id > 0) {
		db_query(db, &dq, ST_INSTITUTION_GET, "i", q->institution_id);
		if (db_next(&dq) == 1) {
			term(b, l, N_("開課單位"));
			buf_puts(b, l != LANG_ZH_HANT && db_text(&dq, 2) && *db_text(&dq, 2)
					    ? db_text(&dq, 2) : db_text(&dq, 1));
			buf_puts(b, "\n");
		}
		db_done(&dq);
	}
	int rc = search_run(db, now, &w, &res);
	for (size_t k = 0; rc == 0 && k < sizeof order / sizeof *order; k++) {
		const struct search_facet *fc = &res.facets[order[k]];
		int n = 0;
		for (int i = 0; i < fc->n; i++) {
			const struct search_facet_value *v = &fc->values[i];
			if (!v->selected)
				continue;
			if (n++)
				buf_puts(b, i18n_pget(l, "標點", "、"));
			else if (!yes_no[order[k]])
				term(b, l, search_facet_title((enum search_facet_id)order[k]));
			buf_puts(b, fc->translatable ? i18n_get(l, v->label)
				    : l != LANG_ZH_HANT && v->label_en ? v->label_en : v->label);
		}
		if (n)
			buf_puts(b, "\n");
	}
	search_result_free(&res);
	if (q->from[0] || q->to[0]) {
		term(b, l, N_("日期"));
		if (q->from[0])
			date_format_lang(b, l, q->from, 0);
		buf_puts(b, " – ");
		if (q->to[0])
			date_format_lang(b, l, q->to, 0);
		buf_puts(b, "\n");
	}
	return rc < 0 || buf_failed(b) ? -1 : 0;
}

/* ---- links and mails ---- */

int alerts_link_new(struct db *db, long long id, char token[TOKEN_HEX])
{
	return token_link_new(db, ST_ALERT_LINK_ADD, id, token);
}

/* Appends the description's lines, each indented with "  - ". */
static void conditions(struct buf *b, const char *description)
{
	for (const char *s = description; *s;) {
		size_t n = strcspn(s, "\n");
		buf_printf(b, "  - %.*s\n", (int)n, s);
		s += n + (s[n] == '\n');
	}
}

/* The end of every mail: the signature. */
static void signature(struct buf *b, enum lang l, const char *city)
{
	buf_puts(b, "\n-- \n");
	i18n_append(b, l, N_("%s政府教育處 終身學習網\n"), city);
	i18n_append(b, l, N_("這封信由系統自動寄出，請不要直接回覆。\n"));
}

/* Queues subject and body to email about alert id, with a one-click
 * unsubscribe link origin/alerts/TOKEN/unsubscribe. */
static int queue(struct db *db, long long id, const char *email, struct buf *subject,
		 struct buf *body, struct buf *unsub)
{
	if (buf_failed(subject) || buf_failed(body) || buf_failed(unsub))
		return -1;
	return outbox_add_alert(db, id, email, buf_cstr(subject), buf_cstr(body), buf_cstr(unsub));
}

int alerts_mail_saved(struct db *db, const char *origin, const char *city, enum lang l,
		      long long id, const char *email, const char *description, int confirmed,
		      const char *token)
{
	struct buf subject = BUF_INIT, body = BUF_INIT, url = BUF_INIT, unsub = BUF_INIT;
	int rc;
	buf_printf(&url, "%s/alerts/%s", origin, token);
	buf_printf(&unsub, "%s/unsubscribe", buf_cstr(&url));
	i18n_append(&body, l, N_("您好：\n\n"));
	if (confirmed) {
		i18n_append(&subject, l, N_("您已訂閱這個新課程通知"));
		i18n_append(&body, l, N_("這個電子郵件地址已經訂閱了這個新課程通知，條件是：\n"));
		conditions(&body, description);
		i18n_append(&body, l, N_("\n有符合的新課程公開時，我們會寄信給您。查看或取消這個通知：\n%s\n"),
		    buf_cstr(&url));
	} else {
		i18n_append(&subject, l, N_("請確認您訂閱的新課程通知"));
		i18n_append(&body, l, N_("有人（希望是您）在終身學習網用這個電子郵件地址訂閱了新課程通知，"
				 "條件是：\n"));
		conditions(&body, description);
		i18n_append(&body, l, N_("\n請打開下面的連結，按「確認訂閱」按鈕。確認以後，有符合的新課程公開時，"
				 "我們才會寄信給您：\n%s\n\n"), buf_cstr(&url));
		i18n_append(&body, l, N_("如果不是您訂閱的，請不要理會這封信，我們不會再寄信給您；"
				 "沒有確認的訂閱會在 %d 天後自動刪除。\n"), ALERTS_CONFIRM_DAYS);
	}
	signature(&body, l, city);
	rc = queue(db, id, email, &subject, &body, &unsub);
	buf_free(&subject);
	buf_free(&body);
	buf_free(&url);
	buf_free(&unsub);
	return rc;
}

/* ---- the notifier ---- */

/* A confirmed alert, copied out of ST_ALERT_CONFIRMED. */
struct alert {
	long long id;
	enum lang lang;
	char *email, *query, *confirmed_at;
};

/* What a pass needs besides the database. */
struct site {
	const char *origin;
	char city_zh[64], city_en[64];
	char now[17];
};

static int cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* The ids of the courses published after a's confirmation and not yet
 * announced to it, sorted, into *out (malloc'd). Returns how many, or -1. */
static long long new_courses(struct db *db, const struct alert *a, long long **out)
{
	struct dbq q;
	long long *ids = NULL;
	size_t n = 0, cap = 0;
	int rc;
	db_query(db, &q, ST_ALERT_NEW_COURSES, "it", a->id, a->confirmed_at);
	while ((rc = db_next(&q)) == 1) {
		if (grow(&ids, &cap, n, sizeof *ids, 16) < 0) {
			rc = -1;
			break;
		}
		ids[n++] = db_int(&q, 0);
	}
	db_done(&q);
	if (rc < 0) {
		free(ids);
		return -1;
	}
	*out = ids;
	return (long long)n;
}

/* Appends one announced course to the digest body. */
static void digest_item(struct buf *b, enum lang l, const char *origin,
			const struct search_item *it)
{
	buf_printf(b, "• %s\n  %s\n", it->title, it->institution);
	if (strlen(it->next_session) >= 16) {
		buf_puts(b, "  ");
		i18n_append(b, l, N_("第一次上課："));
		date_format_lang(b, l, it->next_session, DATE_WEEKDAY);
		buf_printf(b, " %.5s\n", it->next_session + 11);
	}
	buf_printf(b, "  %s/courses/%lld\n\n", origin, it->course_id);
}

/* Inside the transaction: records the found courses of a that are new
 * to it and queues the digest listing them. Returns the number of
 * courses announced (0: no mail), or -1. */
static long long digest(struct db *db, const struct site *site, const struct alert *a,
			const struct search_query *q, const struct search_item **found, long long n)
{
	struct buf subject = BUF_INIT, body = BUF_INIT, url = BUF_INIT, unsub = BUF_INIT,
		   words = BUF_INIT;
	enum lang l = a->lang;
	const char *city = l == LANG_ZH_HANT ? site->city_zh : site->city_en;
	char token[TOKEN_HEX];
	long long told = 0, rc = -1;
	for (long long i = 0; i < n; i++) {
		if (db_exec(db, ST_ALERT_HIT_ADD, "ii", a->id, found[i]->course_id) < 0)
			goto out;
		if (db_changes(db) == 1)
			found[told++] = found[i];	/* another pass may have told it */
	}
	if (told == 0) {
		rc = 0;
		goto out;
	}
	if (alerts_link_new(db, a->id, token) < 0 || alerts_describe(db, site->now, l, q, &words) < 0)
		goto out;
	buf_printf(&url, "%s/alerts/%s", site->origin, token);
	buf_printf(&unsub, "%s/unsubscribe", buf_cstr(&url));
	i18n_append(&subject, l, N_("新課程通知：%.*s"), (int)strcspn(buf_cstr(&words), "\n"),
	    buf_cstr(&words));
	i18n_append(&body, l, N_("您好：\n\n"));
	i18n_append(&body, l, N_("有 %lld 門新課程符合您訂閱的條件：\n"), told);
	conditions(&body, buf_cstr(&words));
	buf_puts(&body, "\n");
	for (long long i = 0; i < told && i < ALERTS_DIGEST_MAX; i++)
		digest_item(&body, l, site->origin, found[i]);
	if (told > ALERTS_DIGEST_MAX)
		i18n_append(&body, l, N_("……還有 %lld 門。\n"), told - ALERTS_DIGEST_MAX);
	i18n_append(&body, l, N_("看所有符合條件的課程：\n%s/search?%s\n\n"), site->origin, a->query);
	i18n_append(&body, l, N_("查看或取消這個通知（按一下就能取消，並刪除您的電子郵件地址）：\n%s\n"),
	    buf_cstr(&url));
	signature(&body, l, city);
	if (queue(db, a->id, a->email, &subject, &body, &unsub) < 0 ||
	    db_exec(db, ST_ALERT_NOTIFIED, "i", a->id) < 0)
		goto out;
	rc = told;
out:
	buf_free(&subject);
	buf_free(&body);
	buf_free(&url);
	buf_free(&unsub);
	buf_free(&words);
	return rc;
}

/* Looks at one alert: its new courses that its search finds, announced
 * in one mail. Returns 0 or -1 (database failure). */
static int notify_one(struct db *db, const struct site *site, const struct alert *a,
		      struct alerts_report *rep)
{
	struct search_query q;
	struct search_result res;
	struct buf err = BUF_INIT;
	long long *ids = NULL, n = new_courses(db, a, &ids), found_n = 0;
	const struct search_item **found = NULL;
	int rc = n < 0 ? -1 : 0;
	memset(&res, 0, sizeof res);
	if (n <= 0)
		goto out;
	int st = search_query_parse(db, a->query, &q, &err);
	if (st == -1)
		fprintf(stderr, "lifelong: alerts: alert %lld skipped, its search is no longer "
			"valid: %s\n", a->id, buf_cstr(&err));
	if (st < 0) {
		rc = st == -1 ? 0 : -1;
		goto out;
	}
	q.unpaged = 1;
	if (search_run(db, site->now, &q, &res) < 0 ||
	    !(found = calloc((size_t)res.n_items + 1, sizeof *found))) {
		rc = -1;
		goto out;
	}
	for (int i = 0; i < res.n_items; i++)
		if (bsearch(&res.items[i].course_id, ids, (size_t)n, sizeof *ids, cmp_id))
			found[found_n++] = &res.items[i];
	if (found_n == 0)
		goto out;
	if (db_begin(db) < 0) {
		rc = -1;
		goto out;
	}
	long long live = 0, told = 0;
	if (db_scalar(db, &live, ST_ALERT_LIVE, "i", a->id) < 0 ||
	    (live && (told = digest(db, site, a, &q, found, found_n)) < 0) || db_commit(db) < 0) {
		db_rollback(db);
		rc = -1;
		goto out;
	}
	if (told > 0) {
		rep->mailed++;
		rep->courses += told;
	}
out:
	search_result_free(&res);
	free(found);
	free(ids);
	buf_free(&err);
	return rc;
}

/* Reads every confirmed alert into *out, and into *n how many were
 * copied, also when it fails part way (free with alerts_free(*out, *n)
 * in every case; an entry may then hold NULL strings). Returns 0, or -1
 * on a database or allocation failure (stops at once). */
static int alerts_load(struct db *db, struct alert **out, int *n)
{
	struct dbq q;
	struct alert *list = NULL;
	size_t cap = 0;
	int rc;
	*n = 0;
	db_query(db, &q, ST_ALERT_CONFIRMED, "");
	while ((rc = db_next(&q)) == 1) {
		if (grow(&list, &cap, (size_t)*n, sizeof *list, 16) < 0) {
			rc = -1;
			break;
		}
		struct alert *a = &list[(*n)++];
		a->id = db_int(&q, 0);
		a->email = strdup(db_text(&q, 1));
		a->query = strdup(db_text(&q, 2));
		a->confirmed_at = strdup(db_text(&q, 4));
		if (!db_text(&q, 3) || i18n_parse(db_text(&q, 3), &a->lang) < 0)
			a->lang = LANG_ZH_HANT;
		if (!a->email || !a->query || !a->confirmed_at) {
			rc = -1;
			break;
		}
	}
	db_done(&q);
	*out = list;
	return rc < 0 ? -1 : 0;
}

static void alerts_free(struct alert *list, int n)
{
	for (int i = 0; list && i < n; i++) {
		free(list[i].email);
		free(list[i].query);
		free(list[i].confirmed_at);
	}
	free(list);
}

int alerts_run(struct db *db, const char *origin, const atomic_int *stop,
	       struct alerts_report *rep)
{
	struct site site;
	struct alert *list = NULL;
	time_t t = time(NULL);
	struct tm tm;
	int n = 0, rc = -1;
	memset(rep, 0, sizeof *rep);
	memset(&site, 0, sizeof site);
	site.origin = origin;
	localtime_r(&t, &tm);
	strftime(site.now, sizeof site.now, "%Y-%m-%d %H:%M", &tm);
	meta(db, "name_zh", site.city_zh, sizeof site.city_zh);
	if (meta(db, "name_en", site.city_en, sizeof site.city_en) < 0)
		snprintf(site.city_en, sizeof site.city_en, "%s", site.city_zh);
	if (db_exec(db, ST_ALERT_PURGE, "i", (long long)ALERTS_CONFIRM_DAYS) < 0)
		goto out;
	rep->purged = db_changes(db);
	if (alerts_load(db, &list, &n) < 0)
		goto out;	/* before any mail: none goes to a missing address */
	rep->alerts = n;
	for (int i = 0; i < n && !(stop && *stop); i++)
		if (notify_one(db, &site, &list[i], rep) < 0)
			goto out;
	rc = 0;
out:
	alerts_free(list, n);
	return rc;
}

int alerts_command(const char *db_path, const char *base_url)
{
	struct db *db = NULL;
	struct alerts_report rep;
	struct buf origin = BUF_INIT;
	char tz[64];
	int rc = 1;
	if (db_open(&db, db_path, DB_OPEN_MIGRATE) < 0)
		goto out;
	if (meta(db, "timezone", tz, sizeof tz) == 0) {
		setenv("TZ", tz, 1);	/* session times are the city's wall clock */
		tzset();
	}
	if (base_url && *base_url) {
		buf_puts(&origin, base_url);
		while (origin.len && origin.data[origin.len - 1] == '/')
			origin.data[--origin.len] = '\0';
	} else {
		alerts_origin(db, "", &origin);
	}
	if (!origin.len) {
		fprintf(stderr, "lifelong: alerts: links need the site's address: "
			"--base-url URL, or the city's site_url\n");
		goto out;
	}
	if (alerts_run(db, buf_cstr(&origin), NULL, &rep) < 0) {
		fprintf(stderr, "lifelong: alerts: database error: %s\n", db_errmsg(db));
		goto out;
	}
	printf("lifelong: alerts: %d confirmed, %d e-mails queued announcing %lld courses, "
	       "%d unconfirmed removed\n", rep.alerts, rep.mailed, rep.courses, rep.purged);
	int closed = inquiry_retention_run(db);
	if (closed < 0) {
		fprintf(stderr, "lifelong: inquiries: database error: %s\n", db_errmsg(db));
		goto out;
	}
	printf("lifelong: inquiries: %d idle answered cases closed\n", closed);
	rc = 0;
out:
	buf_free(&origin);
	db_close(db);
	return rc;
}

/* ---- the thread of serve ---- */

struct notifier {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_int stop;
	struct db *db;
	char *origin;
	int interval_s;
};

static void *notifier_main(void *arg)
{
	struct notifier *nt = arg;
	while (!nt->stop) {
		struct alerts_report rep;
		struct buf origin = BUF_INIT;
		alerts_origin(nt->db, nt->origin, &origin);
		if (alerts_run(nt->db, buf_cstr(&origin), &nt->stop, &rep) < 0)
			fprintf(stderr, "lifelong: alerts: database error: %s\n", db_errmsg(nt->db));
		else if (rep.mailed || rep.purged)
			fprintf(stderr, "lifelong: alerts: %d e-mails queued announcing %lld courses, "
				"%d unconfirmed removed\n", rep.mailed, rep.courses, rep.purged);
		buf_free(&origin);
		/* the consultation cases' retention rules run on the same clock */
		if (inquiry_retention_run(nt->db) < 0)
			fprintf(stderr, "lifelong: inquiries: database error: %s\n", db_errmsg(nt->db));
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += nt->interval_s;
		pthread_mutex_lock(&nt->mu);
		while (!nt->stop && pthread_cond_timedwait(&nt->cv, &nt->mu, &until) == 0)
			;
		pthread_mutex_unlock(&nt->mu);
	}
	return NULL;
}

static void notifier_free(struct notifier *nt)
{
	db_close(nt->db);
	free(nt->origin);
	pthread_mutex_destroy(&nt->mu);
	pthread_cond_destroy(&nt->cv);
	free(nt);
}

int notifier_start(struct notifier **out, const char *db_path, const char *origin,
		   int interval_min)
{
	*out = NULL;
	if (interval_min <= 0)
		return 0;
	struct notifier *nt = calloc(1, sizeof *nt);
	if (!nt)
		return -1;
	pthread_mutex_init(&nt->mu, NULL);
	pthread_cond_init(&nt->cv, NULL);
	nt->interval_s = interval_min * 60;
	if (!(nt->origin = strdup(origin ? origin : "")) || db_open(&nt->db, db_path, 0) < 0 ||
	    pthread_create(&nt->thread, NULL, notifier_main, nt)) {
		notifier_free(nt);
		return -1;
	}
	*out = nt;
	return 0;
}

void notifier_stop(struct notifier *nt)
{
	if (!nt)
		return;
	pthread_mutex_lock(&nt->mu);
	nt->stop = 1;
	pthread_cond_signal(&nt->cv);
	pthread_mutex_unlock(&nt->mu);
	pthread_join(nt->thread, NULL);
	notifier_free(nt);
}
