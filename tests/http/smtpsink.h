/* smtpsink — a tiny SMTP server for HTTP tests: it accepts every message
 * sent to it on 127.0.0.1 and keeps them in memory (test code only; it
 * speaks just enough SMTP for libcurl: EHLO/HELO, MAIL, RCPT, DATA with
 * dot-unstuffing, RSET, NOOP, QUIT).
 *
 * sink_reserve() binds a free port without listening, so that a server
 * pointed at it finds nobody there (connection refused) until
 * sink_start() opens it: the way to test retries while the mail server is
 * down. */
#ifndef LIFELONG_TESTS_SMTPSINK_H
#define LIFELONG_TESTS_SMTPSINK_H

#include <gmime/gmime.h>
#include <pthread.h>

#include "core/buf.h"
#include "harness.h"

#define SINK_MAX 64

struct smtp_sink {
	int fd;
	int port;
	int started;
	volatile int stop;
	pthread_t thread;
	pthread_mutex_t mu;
	int n;				/* messages received */
	struct buf msgs[SINK_MAX];	/* each message's DATA, dot-unstuffed */
	char rcpt[SINK_MAX][256];	/* each message's first RCPT TO address */
};

/* Binds 127.0.0.1 on a free port (s->port) without listening. 0 or -1. */
int sink_reserve(struct smtp_sink *s);
/* Starts listening and serving in a thread. 0 or -1. */
int sink_start(struct smtp_sink *s);
/* Waits up to timeout_s seconds for at least n messages; returns the
 * number received. */
int sink_wait(struct smtp_sink *s, int n, int timeout_s);
/* A malloc'd copy of message i (caller frees), or NULL. */
char *sink_message(struct smtp_sink *s, int i);
/* Message i parsed with GMime (call g_mime_init() first); the caller
 * unrefs it. NULL when there is no message i or it does not parse. */
GMimeMessage *sink_parsed(struct smtp_sink *s, int i);
/* Stops the thread, closes the socket and frees the messages. */
void sink_stop(struct smtp_sink *s);
/* Starts srv (prepared) with 2 threads, sending mail to the sink from
 * learning@keelung.example with a 1 s retry, plus the serve options in
 * extra (NULL-terminated, may be NULL; at most 16). 0 or -1. */
int sink_serve(struct smtp_sink *sink, struct server *srv, const char *const *extra);
/* The teardown of a program with a server and a sink: stops both and
 * shuts GMime down. */
void sink_finish(struct smtp_sink *sink, struct server *srv);

#endif
