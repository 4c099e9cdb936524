/* sync — see sync.h. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/grow.h"
#include "core/buf.h"
#include "db/db.h"
#include "sync/feedparse.h"
#include "sync/sanitize.h"
#include "sync/sync.h"

/* One feed being fetched. */
struct job {
	long long id, inst;
	char *url, *etag, *last_modified;	/* as stored */
	CURL *h;
	struct curl_slist *hdrs;
	struct buf body;
	char new_etag[256], new_lm[128];
	size_t cap;
	int too_large, done;
	CURLcode res;
	long status;
	char err[CURL_ERROR_SIZE];
};

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

/* libcurl write callback: keeps the body up to the cap. */
static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct job *j = arg;
	size_t len = size * n;
	if (j->body.len + len > j->cap) {
		j->too_large = 1;
		return 0;	/* aborts the transfer (CURLE_WRITE_ERROR) */
	}
	return buf_append(&j->body, p, len) < 0 ? 0 : len;
}

/* Copies the value of header line `Name: value` into out when its name
 * is name. */
static void header_value(const char *line, size_t len, const char *name, char *out, size_t n)
{
	size_t k = strlen(name);
	if (len <= k + 1 || strncasecmp(line, name, k) || line[k] != ':')
		return;
	const char *v = line + k + 1, *e = line + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
		e--;
	snprintf(out, n, "%.*s", (int)(e - v), v);
}

/* libcurl header callback: the validators of the final response (a
 * redirect's headers are cleared at the next status line). */
static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct job *j = arg;
	size_t len = size * n;
	if (len >= 5 && !strncmp(p, "HTTP/", 5)) {
		j->new_etag[0] = j->new_lm[0] = '\0';
		return len;
	}
	header_value(p, len, "ETag", j->new_etag, sizeof j->new_etag);
	header_value(p, len, "Last-Modified", j->new_lm, sizeof j->new_lm);
	return len;
}

/* Sets up j's easy handle. Returns 0 or -1. */
static int job_setup(struct job *j, const struct sync_options *o)
{
	char line[400];
	j->h = curl_easy_init();
	if (!j->h)
		return -1;
	j->cap = o->max_bytes ? o->max_bytes : SYNC_MAX_BYTES;
	curl_easy_setopt(j->h, CURLOPT_URL, j->url);
	curl_easy_setopt(j->h, CURLOPT_PRIVATE, j);
	curl_easy_setopt(j->h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(j->h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(j->h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(j->h, CURLOPT_MAXREDIRS, (long)SYNC_MAX_REDIRECTS);
	curl_easy_setopt(j->h, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : SYNC_TIMEOUT_S * 1000L);
	curl_easy_setopt(j->h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)j->cap);
	curl_easy_setopt(j->h, CURLOPT_USERAGENT, SYNC_USER_AGENT);
	curl_easy_setopt(j->h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(j->h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(j->h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(j->h, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(j->h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(j->h, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(j->h, CURLOPT_ERRORBUFFER, j->err);
	j->hdrs = curl_slist_append(NULL, "Accept: application/rss+xml, application/atom+xml, "
					  "text/calendar, application/xml;q=0.9, */*;q=0.1");
	if (j->etag && strlen(j->etag) < 300) {
		snprintf(line, sizeof line, "If-None-Match: %s", j->etag);
		j->hdrs = curl_slist_append(j->hdrs, line);
	}
	if (j->last_modified && strlen(j->last_modified) < 300) {
		snprintf(line, sizeof line, "If-Modified-Since: %s", j->last_modified);
		j->hdrs = curl_slist_append(j->hdrs, line);
	}
	curl_easy_setopt(j->h, CURLOPT_HTTPHEADER, j->hdrs);
	return 0;
}

static void job_free(struct job *j)
{
	if (j->h)
		curl_easy_cleanup(j->h);
	curl_slist_free_all(j->hdrs);
	free(j->url);
	free(j->etag);
	free(j->last_modified);
	buf_free(&j->body);
}

/* Runs all transfers in parallel until each is done or stop is set. */
static void fetch_all(struct job *jobs, size_t n, const atomic_int *stop)
{
	CURLM *m = curl_multi_init();
	int running = 0;
	if (!m)
		return;
	curl_multi_setopt(m, CURLMOPT_MAX_TOTAL_CONNECTIONS, 16L);
	for (size_t i = 0; i < n; i++)
		if (jobs[i].h)
			curl_multi_add_handle(m, jobs[i].h);
	do {
		if (curl_multi_perform(m, &running) != CURLM_OK)
			break;
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left))) {
			struct job *j = NULL;
			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&j);
			j->res = msg->data.result;
			j->done = 1;
			curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &j->status);
		}
		if (running && curl_multi_poll(m, NULL, 0, 200, NULL) != CURLM_OK)
			break;
	} while (running && !(stop && *stop));
	for (size_t i = 0; i < n; i++)
		if (jobs[i].h)
			curl_multi_remove_handle(m, jobs[i].h);
	curl_multi_cleanup(m);
}

/* Applies the items of a good fetch of feed j. Runs inside a
 * transaction. Returns 0 or -1. */
static int apply_items(struct db *db, struct job *j, struct feed_items *fi,
		       struct sync_report *rep)
{
	long long before = 0, after = 0;
	int rc = 0;
	if (fi->kind == FEED_ICAL) {
		/* a feed says nothing of the plan's categories: civic is the
		 * broadest (community events); staff may edit the course */
		const char *cat = "civic";
		if (db_exec(db, ST_SYNC_EXT_MISSING, "i", j->id) < 0)
			return -1;
		for (size_t i = 0; i < fi->n && rc == 0; i++) {
			struct feed_item *it = &fi->v[i];
			struct buf desc = BUF_INIT;
			struct dbq q;
			long long course = 0;
			if (it->location)
				buf_printf(&desc, "地點：%s\n\n", it->location);
			buf_printf(&desc, "本活動資料由機構網站的行事曆自動同步（來源：%s）。", j->url);
			db_query(db, &q, ST_SYNC_EXT_COURSE, "itttti", j->inst, it->title,
				 buf_cstr(&desc), cat,
				 it->link && sanitize_url_ok(it->link, 0) ? it->link : NULL, j->id);
			int r = db_next(&q);
			if (r == 1)
				course = db_int(&q, 0);
			db_done(&q);
			buf_free(&desc);
			if (r < 0)
				rc = -1;
			else if (course && db_exec(db, ST_SYNC_EXT_SESSION, "ittt", course, it->starts,
						   it->ends, it->key) < 0)
				rc = -1;
			else if (course)
				rep->items++;
		}
		if (!rc && (db_exec(db, ST_SYNC_EXT_PURGE, "i", j->id) < 0 ||
			    db_exec(db, ST_SYNC_EXT_PURGE_COURSES, "i", j->id) < 0))
			rc = -1;
		return rc;
	}
	if (db_scalar(db, &before, ST_SYNC_ANN_COUNT, "i", j->id) < 0 ||
	    db_exec(db, ST_SYNC_ANN_MISSING, "i", j->id) < 0)
		return -1;
	for (size_t i = 0; i < fi->n && rc == 0; i++) {
		struct feed_item *it = &fi->v[i];
		struct buf safe = BUF_INIT;
		if (it->body_html)
			html_sanitize(it->body_html, strlen(it->body_html), &safe);
		const char *link = it->link && sanitize_url_ok(it->link, 0) ? it->link : NULL;
		if (db_exec(db, ST_SYNC_ANN_UPSERT, "iitttt" "t", j->inst, j->id, it->key, it->title,
			    buf_cstr(&safe), link, it->published) < 0)
			rc = -1;
		buf_free(&safe);
	}
	if (rc == 0) {
		if (db_exec(db, ST_SYNC_ANN_PURGE, "i", j->id) < 0)
			return -1;
		long long purged = db_changes(db);
		if (db_scalar(db, &after, ST_SYNC_ANN_COUNT, "i", j->id) < 0)
			return -1;
		rep->items += after;
		rep->removed += purged;
		rep->added += after - before + purged;
	}
	return rc;
}

/* Records the outcome of job j: the items of a good fetch, or the error.
 * Returns 0, or -1 when the database failed. */
static int finish_job(struct db *db, struct job *j, struct sync_report *rep, int verbose,
		      const char *tz)
{
	char err[300] = "";
	struct feed_items fi;
	memset(&fi, 0, sizeof fi);
	if (!j->done)
		snprintf(err, sizeof err, "not fetched (stopped)");
	else if (j->too_large || j->res == CURLE_FILESIZE_EXCEEDED)
		snprintf(err, sizeof err, "larger than %zu bytes", j->cap);
	else if (j->res == CURLE_OPERATION_TIMEDOUT)
		snprintf(err, sizeof err, "no complete answer within the time limit");
	else if (j->res == CURLE_TOO_MANY_REDIRECTS)
		snprintf(err, sizeof err, "more than %d redirects", SYNC_MAX_REDIRECTS);
	else if (j->res == CURLE_UNSUPPORTED_PROTOCOL)
		snprintf(err, sizeof err, "only http:// and https:// addresses are fetched");
	else if (j->res != CURLE_OK)
		snprintf(err, sizeof err, "%s", j->err[0] ? j->err : curl_easy_strerror(j->res));
	else if (j->status == 304) {
		if (db_begin(db) < 0)
			return -1;
		if (db_exec(db, ST_SYNC_FEED_OK, "itti", j->id, NULL, NULL, 0LL) < 0 ||
		    db_exec(db, ST_SYNC_ANN_TOUCH, "i", j->id) < 0 || db_commit(db) < 0) {
			db_rollback(db);
			return -1;
		}
		rep->not_modified++;
		if (verbose)
			printf("feed %lld %s: not modified\n", j->id, j->url);
		return 0;
	} else if (j->status != 200)
		snprintf(err, sizeof err, "HTTP status %ld", j->status);
	else if (feed_parse(j->body.data, j->body.len, tz, SYNC_MAX_ITEMS, &fi, err, sizeof err) == 0) {
		struct sync_report r0 = *rep;
		if (db_begin(db) < 0) {
			feed_items_free(&fi);
			return -1;
		}
		if (apply_items(db, j, &fi, rep) < 0 ||
		    db_exec(db, ST_SYNC_FEED_OK, "itti", j->id, j->new_etag[0] ? j->new_etag : NULL,
			    j->new_lm[0] ? j->new_lm : NULL, 1LL) < 0 ||
		    db_commit(db) < 0) {
			db_rollback(db);
			*rep = r0;
			snprintf(err, sizeof err, "could not be stored: %s", db_errmsg(db));
		} else {
			rep->updated++;
			if (verbose)
				printf("feed %lld %s: %zu items\n", j->id, j->url, fi.n);
		}
		feed_items_free(&fi);
	}
	if (!err[0])
		return 0;
	rep->failed++;
	if (verbose)
		printf("feed %lld %s: failed: %s\n", j->id, j->url, err);
	return db_exec(db, ST_SYNC_FEED_FAIL, "it", j->id, err) < 0 ? -1 : 0;
}

int sync_all(struct db *db, const struct sync_options *o, const atomic_int *stop,
	     struct sync_report *rep)
{
	struct dbq q;
	struct job *jobs = NULL;
	size_t n = 0, cap = 0;
	char tz[64] = "";
	int rc = 0, r;
	memset(rep, 0, sizeof *rep);
	if (db_query(db, &q, ST_META_GET, "t", "timezone") == 0 && db_next(&q) == 1)
		snprintf(tz, sizeof tz, "%s", db_text(&q, 0));
	db_done(&q);
	db_query(db, &q, ST_SYNC_FEEDS, "");
	while ((r = db_next(&q)) == 1) {
		if (grow(&jobs, &cap, n, sizeof *jobs, 16) < 0) {
			r = -1;
			break;
		}
		struct job *j = &jobs[n++];
		memset(j, 0, sizeof *j);
		j->id = db_int(&q, 0);
		j->inst = db_int(&q, 1);
		j->url = dup_or_null(db_text(&q, 2));
		j->etag = dup_or_null(db_text(&q, 3));
		j->last_modified = dup_or_null(db_text(&q, 4));
	}
	db_done(&q);
	if (r < 0)
		rc = -1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		db_exec(db, ST_SYNC_FEED_ATTEMPT, "i", jobs[i].id);
		if (!jobs[i].url || job_setup(&jobs[i], o) < 0)
			rc = -1;
	}
	if (rc == 0) {
		rep->feeds = (int)n;
		fetch_all(jobs, n, stop);
		for (size_t i = 0; i < n && rc == 0; i++)
			if (!(stop && *stop) && finish_job(db, &jobs[i], rep, o->verbose, tz) < 0)
				rc = -1;
	}
	for (size_t i = 0; i < n; i++)
		job_free(&jobs[i]);
	free(jobs);
	return rc;
}

int sync_command(const char *db_path, long timeout_s)
{
	struct db *db = NULL;
	struct dbq q;
	struct sync_report rep;
	struct sync_options o = {timeout_s > 0 ? timeout_s * 1000 : 0, 0, 1};
	int rc = 1;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	if (db_open(&db, db_path, DB_OPEN_MIGRATE) < 0)
		goto out;
	/* event times are the city's wall clock */
	if (db_query(db, &q, ST_META_GET, "t", "timezone") == 0 && db_next(&q) == 1) {
		setenv("TZ", db_text(&q, 0), 1);
		tzset();
	}
	db_done(&q);
	if (sync_all(db, &o, NULL, &rep) < 0) {
		fprintf(stderr, "lifelong: sync: database error: %s\n", db_errmsg(db));
		goto out;
	}
	printf("lifelong: synced %d feeds: %d updated, %d not modified, %d failed; "
	       "%lld items held, %lld new, %lld removed\n", rep.feeds, rep.updated,
	       rep.not_modified, rep.failed, rep.items, rep.added, rep.removed);
	rc = 0;
out:
	db_close(db);
	curl_global_cleanup();
	return rc;
}

struct syncer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_int stop;
	struct db *db;
	int interval_s;
	long timeout_ms;
};

/* The thread: a pass at once, then every interval, until stopped. */
static void *syncer_main(void *arg)
{
	struct syncer *s = arg;
	struct sync_options o = {s->timeout_ms, 0, 0};
	while (!s->stop) {
		struct sync_report rep;
		if (sync_all(s->db, &o, &s->stop, &rep) < 0)
			fprintf(stderr, "lifelong: feed sync: database error: %s\n", db_errmsg(s->db));
		else if (!s->stop)
			fprintf(stderr, "lifelong: feed sync: %d feeds, %d updated, %d not modified, "
				"%d failed\n", rep.feeds, rep.updated, rep.not_modified, rep.failed);
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->interval_s;
		pthread_mutex_lock(&s->mu);
		while (!s->stop && pthread_cond_timedwait(&s->cv, &s->mu, &until) == 0)
			;
		pthread_mutex_unlock(&s->mu);
	}
	return NULL;
}

static void syncer_free(struct syncer *s)
{
	db_close(s->db);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s);
}

int syncer_start(struct syncer **out, const char *db_path, int interval_min, long timeout_s)
{
	*out = NULL;
	if (interval_min <= 0)
		return 0;
	struct syncer *s = calloc(1, sizeof *s);
	if (!s)
		return -1;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	s->interval_s = interval_min * 60;
	s->timeout_ms = timeout_s > 0 ? timeout_s * 1000 : 0;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		syncer_free(s);
		return -1;
	}
	if (db_open(&s->db, db_path, 0) < 0 || pthread_create(&s->thread, NULL, syncer_main, s)) {
		syncer_free(s);
		curl_global_cleanup();
		return -1;
	}
	*out = s;
	return 0;
}

void syncer_stop(struct syncer *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stop = 1;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	syncer_free(s);
	curl_global_cleanup();
}
