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
	size_t header_limit;	/* bytes */
	int timeout_s;		/* idle/slow client timeout */
};

/* Read-only state shared by all workers once the server has started. */
struct app {
	struct server_config cfg;
	struct asset_table assets;
	char city_zh[64];	/* from the database's meta table */
	char city_en[64];
	char timezone[64];	/* IANA name, e.g. "Asia/Taipei" */
};

/* Fills c with the defaults (1 MiB body, 16 KiB headers, 30 s, 2 threads). */
void server_config_defaults(struct server_config *c);
/* Runs until SIGTERM/SIGINT. Prints "listening on http://HOST:PORT/" to
 * stdout once ready. Returns 0 after a clean shutdown, -1 on a start-up
 * failure (message on stderr). */
int server_run(const struct server_config *c);

#endif
