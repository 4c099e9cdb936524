/* session — staff sign-in sessions and the CSRF tokens of forms.
 *
 * A session is a 128-bit random token (libsodium) sent in the cookie
 * ll_session (HttpOnly, SameSite=Lax, Path=/; Secure and the __Host- prefix
 * when served over TLS). Only its BLAKE2b hash is stored. A session ends
 * after 30 minutes idle or 12 hours in all, or at sign-out.
 *
 * CSRF: every POST carries a token derived from a secret the browser holds
 * in a cookie — the session token for staff, else the random ll_csrf
 * cookie — so a page of another site cannot produce it. */
#ifndef LIFELONG_AUTH_SESSION_H
#define LIFELONG_AUTH_SESSION_H

#include "http/request.h"

#define TOKEN_HEX 33		/* 16 random bytes as hex, plus NUL */
#define CSRF_HEX 65		/* 32-byte digest as hex, plus NUL */
#define SESSION_IDLE_MIN 30
#define SESSION_ABSOLUTE_H 12
#define LOGIN_MAX_FAILURES 5
#define LOGIN_LOCK_MIN 15

struct db;

/* Makes a new random token as hex into out. */
void token_new(char out[TOKEN_HEX]);
/* Hashes a token given as hex into a 32-byte digest. Returns 0, or -1 if
 * hex is not a well-formed token. */
int token_hash(const char *hex, unsigned char out[32]);
/* Makes a new private-link token into token and stores its hash for the
 * row owner with statement st, whose parameters are (?1 hash, ?2 owner):
 * the registration, learner, case and alert links. 0, or -1 (the caller
 * rolls back its transaction). */
int token_link_new(struct db *db, int st, long long owner, char token[TOKEN_HEX]);

/* Starts a session for user_id; out receives the cookie value. 0 or -1. */
int session_create(struct db *db, long long user_id, char out[TOKEN_HEX]);
/* Reads the session cookie of r and, when it names a live session, fills
 * r->staff and r->role and refreshes its idle timer. Returns 0 (signed in
 * or anonymous) or -1 on a database error. */
int session_load(struct request *r);
/* Ends r's session server-side and clears the cookie. */
void session_end(struct request *r);
/* Sets the session cookie on the reply. */
void session_set_cookie(struct request *r, const char *token);

/* A one-time link token to set a password, valid for hours. 0 or -1. */
int password_token_create(struct db *db, long long user_id, int hours, char out[TOKEN_HEX]);

/* The CSRF token for r's forms (creating the ll_csrf cookie if needed). */
const char *csrf_token(struct request *r);
/* Appends <input type="hidden" name="csrf" value="…"/> to r->out. */
void csrf_field(struct request *r);
/* Checks the csrf form field or X-CSRF-Token header of a state-changing
 * request. Returns 0 when it matches, else -1. */
int csrf_check(struct request *r);

#endif
