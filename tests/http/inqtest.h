/* inqtest — what the consultation service's HTTP tests share: posting a
 * form with the browser's token, and asking a question through /ask. */
#ifndef LIFELONG_TESTS_INQTEST_H
#define LIFELONG_TESTS_INQTEST_H

#include "harness.h"

/* POSTs the form f as b to path, adding b's form token (taken from
 * GET /ask); f is reset. Returns the status, -1 on a transport error;
 * *out holds the reply (free it) when out is not NULL. */
long inq_post(const struct server *s, struct browser *b, const char *path, struct buf *f,
	      struct reply *out);

/* Sends /ask's form as b: topic, question, institution (0: none), e-mail
 * and phone (NULL: empty), consent, the honeypot value (NULL: empty) and
 * action ("next", "back", "send"). Returns the status like inq_post. */
long inq_ask(const struct server *s, struct browser *b, const char *topic, const char *question,
	     long long inst, const char *email, const char *phone, int consent,
	     const char *honeypot, const char *action, struct reply *out);

/* Asks a valid question (topic "courses") as a new citizen and returns
 * the case id (-1 on failure); token receives the private link's token. */
long long inq_new_case(const struct server *s, const char *question, long long inst,
		       const char *email, char token[33]);

/* Fails the test unless the reply's body is well-formed HTML. */
void inq_well_formed(const struct reply *r, const char *what);

#endif
