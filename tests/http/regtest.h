/* regtest — what the registration tests share: courses made directly in
 * the test database, SQL checks, and a JSON API client that holds the
 * CSRF cookie and sends the token as X-CSRF-Token. */
#ifndef LIFELONG_TESTS_REGTEST_H
#define LIFELONG_TESTS_REGTEST_H

#include "harness.h"

/* Runs SQL on the server's database; fmt is formatted by
 * sqlite3_mprintf (printf conversions plus %Q: a quoted SQL literal).
 * Returns 0 or -1. */
int regtest_sql(const struct server *s, const char *fmt, ...);
/* The first column of the first row of a query as a number (-1 when no
 * row or on error). */
long long regtest_int(const struct server *s, const char *fmt, ...);
/* The same as malloc'd text (caller frees), or NULL. */
char *regtest_text(const struct server *s, const char *fmt, ...);

/* Makes a published course of the institution with the n-th lowest id
 * (1 = first), with capacity (-1: none), childcare, category and title,
 * and sessions: a NULL-terminated list of "YYYY-MM-DD HH:MM|YYYY-MM-DD
 * HH:MM" (start|end; NULL list: one session on 2099-01-05 09:00-11:00).
 * Returns the course id, or -1. */
long long regtest_course(const struct server *s, int institution_n, int capacity, int childcare,
			 const char *category, const char *title, const char *const *sessions);

/* A JSON API client: the ll_csrf cookie and its token. */
struct api_client {
	char cookie[128];	/* "ll_csrf=…" */
	char token[96];
	char extra[128];	/* one more header line ("Host: …"), or "" */
};
/* Gets a token from GET /api/v1/csrf. Returns 0 or -1. */
int api_client_init(const struct server *s, struct api_client *c);
/* A request with the client's cookie and X-CSRF-Token (when with_token);
 * body (may be NULL) sent as application/json. 0 or -1 like http_fetch. */
int api_call(const struct server *s, const struct api_client *c, const char *method,
	     const char *path, const char *json, int with_token, struct reply *out);

/* Copies the first "/<prefix>/<32 hex>" token in text into out (33
 * bytes). Returns 0 or -1. */
int find_token(const char *text, const char *prefix, char out[33]);

#endif
