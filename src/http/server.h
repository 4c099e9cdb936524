/* server — the HTTP server: N worker threads, each with its own libevent
 * loop, evhttp instance and database connection, all accepting on one
 * listening socket. SIGTERM/SIGINT stop accepting, let in-flight requests
 * finish (up to 5 s), close the databases and return 0. */
#ifndef LIFELONG_HTTP_SERVER_H
#define LIFELONG_HTTP_SERVER_H

#include <stddef.h>

#include "http/assets.h"

struct server_config {
	const char *db_path;
	const char *host;	/* listen address, e.g. "127.0.0.1" */
	int port;		/* 0 = any free port (printed at start) */
	int threads;
	size_t body_limit;	/* bytes */
	size_t upload_limit;	/* bytes, for routes flagged ROUTE_UPLOAD (file forms) */
	const char *data_dir;	/* uploaded files; NULL: next to the database */
	size_t header_limit;	/* bytes */
	int timeout_s;		/* idle/slow client timeout */
	int secure_cookies;	/* served over TLS (behind a proxy): Secure, __Host- */
	int no_rate_limit;	/* turn anonymous POST rate limits off (load tests) */
	int trust_proxy;	/* take the client address from X-Forwarded-For */
	int registrations_per_hour;	/* per client address */
	int questions_per_hour;		/* per client address */
	int alerts_per_hour;		/* "tell me when" alerts saved, per client address */
	int alerts_interval_min;	/* alerts notifier every N minutes (src/alerts); 0: off */
	int password_max_age_days;	/* 0: passwords never expire */
	int password_history;		/* refuse the last N passwords (0: off) */
	const char *smtp_url;	/* smtp://host:port for e-mail (src/mail); NULL: mails stay queued */
	const char *mail_from;	/* the sender address of e-mails */
	int mail_retry_s;	/* first wait before a failed mail is retried (doubles each time) */
	int sync_interval_min;	/* feed sync every N minutes (src/sync); 0: off */
	int feed_timeout_s;	/* per-feed time limit of the sync; 0: 10 s */
};

/* Read-only state shared by all workers once the server has started. */
struct app {
	struct server_config cfg;
	struct asset_table assets;
	char city_zh[64];	/* from the database's meta table */
	char city_en[64];
	char timezone[64];	/* IANA name, e.g. "Asia/Taipei" */
	unsigned char secret[32];	/* the database's own key (meta.secret) */
	char data_dir[4096];	/* absolute or as given; exists at start */
	char origin[300];	/* "http://HOST:PORT" as listening: links in e-mails
				   when meta site_url is unset (never the Host header) */
};

/* Fills c with the defaults (1 MiB body, 10 MiB for uploads, 16 KiB headers, 30 s, 2 threads,
 * 20 registrations, 5 questions and 10 alerts per hour per address, alerts
 * looked at every 15 minutes, no SMTP server,
 * mail retries after 60 s, then 2, 4, 8… minutes up to an hour). */
void server_config_defaults(struct server_config *c);
/* Runs until SIGTERM/SIGINT. Prints "listening on http://HOST:PORT/" to
 * stdout once ready. Returns 0 after a clean shutdown, -1 on a start-up
 * failure (message on stderr). */
int server_run(const struct server_config *c);

#endif
