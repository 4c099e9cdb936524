/* mailer — the outbox and the thread that empties it (see mail.h). */
#include <curl/curl.h>
#include <errno.h>
#include <gmime/gmime.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "http/server.h"
#include "mail/mail.h"

#define BATCH 20		/* mails taken per pass */
#define POLL_S 1		/* how often the outbox is looked at */
#define PURGE_EVERY_S 3600	/* how often sent mails older than a week go */

struct mailer {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	atomic_int stop;
	struct db *db;
	char *url, *from;
	long base_s;
};

/* One due mail, copied out of the query so no statement stays open while
 * the SMTP exchange runs. */
struct due {
	long long id;
	int attempts;
	char *to, *subject, *body, *att_name, *att_type, *unsub;
	void *att;
	size_t att_len;
};

int outbox_add(struct db *db, long long learner_id, const char *to, const char *subject,
	       const char *body, const struct mail_attachment *att)
{
	return db_exec(db, ST_OUTBOX_INSERT, "Itttttb", learner_id > 0 ? learner_id : DB_NULL_INT,
		       to, subject, body, att ? att->name : NULL, att ? att->type : NULL,
		       att ? att->data : NULL, att ? att->len : (size_t)0);
}

int outbox_add_alert(struct db *db, long long saved_search_id, const char *to,
		     const char *subject, const char *body, const char *unsubscribe_url)
{
	return db_exec(db, ST_ALERT_OUTBOX_INSERT, "itttt", saved_search_id, to, subject, body,
		       unsubscribe_url);
}

long mail_backoff(int attempts, long base_s)
{
	long cap = base_s > MAIL_MAX_DELAY_S ? base_s : MAIL_MAX_DELAY_S, d = base_s;
	if (d < 1)
		d = 1;
	for (int i = 1; i < attempts && d < cap; i++)
		d *= 2;
	return d > cap ? cap : d;
}

/* strdup(s), or NULL for NULL. */
static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Frees a due mail's copies and clears it. */
static void due_free(struct due *d)
{
	free(d->to);
	free(d->subject);
	free(d->body);
	free(d->att_name);
	free(d->att_type);
	free(d->att);
	free(d->unsub);
	memset(d, 0, sizeof *d);
}

/* Reads up to BATCH due mails into list. Returns how many, or -1. */
static int take_due(struct mailer *m, struct due *list)
{
	struct dbq q;
	int n = 0, rc = 0;
	db_query(m->db, &q, ST_OUTBOX_DUE, "i", (long long)BATCH);
	while (n < BATCH && (rc = db_next(&q)) == 1) {
		struct due *d = &list[n];
		memset(d, 0, sizeof *d);
		d->id = db_int(&q, 0);
		d->to = dup_or_null(db_text(&q, 1));
		d->subject = dup_or_null(db_text(&q, 2));
		d->body = dup_or_null(db_text(&q, 3));
		d->att_name = dup_or_null(db_text(&q, 4));
		d->att_type = dup_or_null(db_text(&q, 5));
		size_t len = 0;
		const void *blob = db_blob(&q, 6, &len);
		d->attempts = (int)db_int(&q, 7);
		d->unsub = dup_or_null(db_text(&q, 8));
		if (blob && len && d->att_name && d->att_type) {
			d->att = malloc(len);
			if (d->att) {
				memcpy(d->att, blob, len);
				d->att_len = len;
			}
		}
		n++;
	}
	db_done(&q);
	return rc < 0 && n == 0 ? -1 : n;
}

/* Sends one mail and records the outcome. */
static void send_one(struct mailer *m, struct due *d)
{
	struct buf msg = BUF_INIT;
	char err[512];
	struct mail_attachment att = {d->att_name, d->att_type, d->att, d->att_len};
	enum smtp_result res;
	if (!d->to || !d->subject || !d->body ||
	    mail_build_unsub(m->from, d->to, d->subject, d->body, d->att ? &att : NULL, d->unsub,
			     &msg) < 0) {
		snprintf(err, sizeof err, "cannot build the message (bad address?)");
		res = SMTP_REFUSED;
	} else {
		res = smtp_send(m->url, m->from, d->to, msg.data, msg.len, &m->stop, err, sizeof err);
	}
	buf_free(&msg);
	if (res == SMTP_RETRY && m->stop)
		return;		/* abandoned at shutdown: still due, not an attempt */
	if (res == SMTP_SENT) {
		db_exec(m->db, ST_OUTBOX_SENT, "i", d->id);
	} else if (res == SMTP_REFUSED || d->attempts + 1 >= MAIL_MAX_ATTEMPTS) {
		fprintf(stderr, "lifelong: mail %lld to the outbox's address not sent, giving up: %s\n",
			d->id, err);
		db_exec(m->db, ST_OUTBOX_FAILED, "it", d->id, err);
	} else {
		long wait = mail_backoff(d->attempts + 1, m->base_s);
		fprintf(stderr, "lifelong: mail %lld not sent (attempt %d), retry in %ld s: %s\n",
			d->id, d->attempts + 1, wait, err);
		db_exec(m->db, ST_OUTBOX_RETRY, "iti", d->id, err, (long long)wait);
	}
}

/* The thread: every POLL_S seconds (or at once while a full batch was
 * due), sends the due mails; once an hour forgets old sent ones. */
static void *mailer_main(void *arg)
{
	struct mailer *m = arg;
	struct due list[BATCH];
	time_t last_purge = 0;
	g_mime_init();
	while (!m->stop) {
		int n = take_due(m, list);
		for (int i = 0; i < n; i++) {
			if (!m->stop)
				send_one(m, &list[i]);
			due_free(&list[i]);
		}
		if (time(NULL) - last_purge >= PURGE_EVERY_S) {
			db_exec(m->db, ST_OUTBOX_PURGE, "");
			last_purge = time(NULL);
		}
		if (n == BATCH)
			continue;	/* more may be due at once */
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += POLL_S;
		pthread_mutex_lock(&m->mu);
		while (!m->stop && pthread_cond_timedwait(&m->cv, &m->mu, &until) != ETIMEDOUT)
			;
		pthread_mutex_unlock(&m->mu);
	}
	g_mime_shutdown();
	return NULL;
}

/* Closes the connection and frees m (the thread has ended or never ran). */
static void mailer_free(struct mailer *m)
{
	db_close(m->db);
	free(m->url);
	free(m->from);
	pthread_mutex_destroy(&m->mu);
	pthread_cond_destroy(&m->cv);
	free(m);
}

int mailer_start(struct mailer **out, const struct server_config *cfg)
{
	*out = NULL;
	if (!cfg->smtp_url || !*cfg->smtp_url)
		return 0;
	struct mailer *m = calloc(1, sizeof *m);
	if (!m)
		return -1;
	pthread_mutex_init(&m->mu, NULL);
	pthread_cond_init(&m->cv, NULL);
	m->url = strdup(cfg->smtp_url);
	m->from = strdup(cfg->mail_from ? cfg->mail_from : "");
	m->base_s = cfg->mail_retry_s > 0 ? cfg->mail_retry_s : 60;
	if (!m->url || !m->from || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		mailer_free(m);
		return -1;
	}
	if (db_open(&m->db, cfg->db_path, 0) < 0 ||
	    pthread_create(&m->thread, NULL, mailer_main, m) != 0) {
		mailer_free(m);
		curl_global_cleanup();
		return -1;
	}
	*out = m;
	return 0;
}

void mailer_stop(struct mailer *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->mu);
	m->stop = 1;
	pthread_cond_signal(&m->cv);
	pthread_mutex_unlock(&m->mu);
	pthread_join(m->thread, NULL);
	mailer_free(m);
	curl_global_cleanup();
}
