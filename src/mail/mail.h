/* mail — e-mail notifications to learners.
 *
 * outbox: mails are queued in the outbox table, inside the transaction of
 * the change they tell about (a registration, a place freed), so none is
 * lost and none is sent for a change that was rolled back.
 *
 * mailer: one background thread (never a request worker) sends the mails
 * that are due over SMTP with libcurl, and retries a failed one with
 * exponential back-off (base, 2×base, 4×base… capped at an hour), so
 * nothing is lost while the mail server is down. Without an SMTP server
 * configured there is no thread and mails stay queued.
 *
 * MIME: messages are built with GMime: UTF-8 text (base64), and with an
 * attachment multipart/mixed with the attachment base64-encoded. */
#ifndef LIFELONG_MAIL_MAIL_H
#define LIFELONG_MAIL_MAIL_H

#include <stdatomic.h>
#include <stddef.h>

#include "core/buf.h"

struct db;
struct server_config;

/* Retries end after this many attempts (about three days at the default
 * base of 60 s); the mail stays in the outbox marked failed. */
#define MAIL_MAX_ATTEMPTS 80
/* The longest wait between two attempts, in seconds. */
#define MAIL_MAX_DELAY_S 3600

struct mail_attachment {
	const char *name;	/* file name shown to the reader, ASCII */
	const char *type;	/* full content type, e.g. "text/calendar; charset=utf-8; method=PUBLISH" */
	const void *data;
	size_t len;
};

/* Queues a mail to learner_id's address to (the row is deleted with the
 * learner's data). att may be NULL. Call inside the transaction of the
 * change. Returns 0 or -1. */
int outbox_add(struct db *db, long long learner_id, const char *to, const char *subject,
	       const char *body, const struct mail_attachment *att);

/* Builds a whole RFC 5322 message with GMime, CRLF line ends: From, To,
 * Subject (RFC 2047 encoded when not ASCII), Date, Message-ID (in the
 * domain of from), MIME-Version; a text/plain UTF-8 body, base64; with
 * att, multipart/mixed with the attachment base64-encoded. Appends it to
 * out. GMime must be initialised (g_mime_init(); the mailer thread does it
 * for itself). Returns 0, or -1 on a bad address or memory failure. */
int mail_build(const char *from, const char *to, const char *subject, const char *body,
	       const struct mail_attachment *att, struct buf *out);

/* As mail_build(), with the headers List-Unsubscribe: <unsubscribe_url>
 * and List-Unsubscribe-Post: List-Unsubscribe=One-Click (RFC 8058) when
 * unsubscribe_url is not NULL (an https or http URL without spaces or
 * angle brackets, else -1). */
int mail_build_unsub(const char *from, const char *to, const char *subject, const char *body,
		     const struct mail_attachment *att, const char *unsubscribe_url,
		     struct buf *out);

/* Queues a mail about saved search saved_search_id (src/alerts: deleted
 * with it) to address to, with one-click unsubscribe headers pointing to
 * unsubscribe_url (NULL: none). Call inside the transaction of the change.
 * Returns 0 or -1. */
int outbox_add_alert(struct db *db, long long saved_search_id, const char *to,
		     const char *subject, const char *body, const char *unsubscribe_url);

enum smtp_result { SMTP_SENT = 0, SMTP_RETRY = 1, SMTP_REFUSED = 2 };

/* Sends one message (len bytes, CRLF lines) over SMTP with libcurl to the
 * server at url (smtp://host:port, smtps://…; user:password@ for AUTH;
 * STARTTLS is used when the server offers it). Gives up as soon as *stop
 * becomes non-zero (checked at least once a second). Returns SMTP_SENT;
 * SMTP_REFUSED when the server refused the sender, recipient or message
 * for good (5xx reply to it); SMTP_RETRY for anything else (server down,
 * timeout, 4xx). err (size n) receives the reason when not sent. */
enum smtp_result smtp_send(const char *url, const char *from, const char *to, const char *msg,
			   size_t len, const atomic_int *stop, char *err, size_t n);

/* The wait before the next attempt after `attempts` failed ones, for a
 * base delay of base_s seconds: base_s × 2^(attempts-1), at most
 * MAIL_MAX_DELAY_S (or base_s, when that is longer). */
long mail_backoff(int attempts, long base_s);

struct mailer;

/* Starts the sender thread for the database and SMTP settings of cfg
 * (smtp_url, mail_from, mail_retry_s). Without smtp_url it starts nothing:
 * *out is NULL and 0 is returned. Call after the schema is migrated and
 * before any other thread uses libcurl's global state. Returns 0 or -1. */
int mailer_start(struct mailer **out, const struct server_config *cfg);
/* Stops the thread (an SMTP exchange in progress is abandoned within about
 * a second; that mail stays due) and frees m. NULL is ignored. */
void mailer_stop(struct mailer *m);

#endif
