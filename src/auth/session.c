#include "auth/session.h"

#include <event2/http.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "db/db.h"

#define SESSION_COOKIE "ll_session"
#define CSRF_COOKIE "ll_csrf"

void token_new(char out[TOKEN_HEX])
{
	unsigned char raw[16];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, TOKEN_HEX, raw, sizeof raw);
}

int token_hash(const char *hex, unsigned char out[32])
{
	unsigned char raw[16];
	size_t n = 0;
	if (!hex || strlen(hex) != 32 ||
	    sodium_hex2bin(raw, sizeof raw, hex, 32, NULL, &n, NULL) != 0 || n != sizeof raw)
		return -1;
	crypto_generichash(out, 32, raw, sizeof raw, NULL, 0);
	return 0;
}

int token_link_new(struct db *db, int st, long long owner, char token[TOKEN_HEX])
{
	unsigned char h[32];
	token_new(token);
	if (token_hash(token, h) < 0)
		return -1;
	return db_exec(db, (enum stmt_id)st, "bi", h, sizeof h, owner);
}

/* Stores a new token of purpose for user_id, living for lifetime (an
 * SQLite modifier such as "+12 hours"). */
static int token_store(struct db *db, long long user_id, const char *purpose,
		       const char *lifetime, char out[TOKEN_HEX])
{
	unsigned char h[32];
	token_new(out);
	if (token_hash(out, h) < 0)
		return -1;
	return db_exec(db, ST_TOKEN_INSERT, "bitt", h, sizeof h, user_id, purpose, lifetime);
}

int session_create(struct db *db, long long user_id, char out[TOKEN_HEX])
{
	char life[32];
	snprintf(life, sizeof life, "+%d hours", SESSION_ABSOLUTE_H);
	db_exec(db, ST_TOKENS_EXPIRED_DELETE, "");
	return token_store(db, user_id, "session", life, out);
}

int password_token_create(struct db *db, long long user_id, int hours, char out[TOKEN_HEX])
{
	char life[32];
	snprintf(life, sizeof life, "+%d hours", hours);
	return token_store(db, user_id, "set_password", life, out);
}

void session_set_cookie(struct request *r, const char *token)
{
	req_set_cookie(r, SESSION_COOKIE, token, -1, 1);
	snprintf(r->session_token, sizeof r->session_token, "%s", token);
	r->csrf[0] = '\0';	/* forms of this reply use the new secret */
}

static enum role role_of(const char *s)
{
	if (!strcmp(s, "admin"))
		return ROLE_ADMIN;
	if (!strcmp(s, "institution"))
		return ROLE_INSTITUTION;
	return ROLE_VIEWER;
}

int session_load(struct request *r)
{
	unsigned char h[32];
	char idle_back[24], idle_ahead[24];
	struct dbq q;
	int rc;
	req_cookie(r, CSRF_COOKIE, r->csrf_secret, sizeof r->csrf_secret);
	if (req_cookie(r, SESSION_COOKIE, r->session_token, sizeof r->session_token) < 0 ||
	    token_hash(r->session_token, h) < 0) {
		r->session_token[0] = '\0';
		return 0;
	}
	snprintf(idle_back, sizeof idle_back, "-%d minutes", SESSION_IDLE_MIN);
	snprintf(idle_ahead, sizeof idle_ahead, "+%d minutes", SESSION_IDLE_MIN);
	db_query(r->db, &q, ST_SESSION_LOOKUP, "btt", h, sizeof h, idle_back, idle_ahead);
	rc = db_next(&q);
	if (rc == 1) {
		r->staff.user_id = db_int(&q, 0);
		r->role = role_of(db_text(&q, 1));
		r->staff.institution_id = db_int(&q, 2);
		snprintf(r->staff.email, sizeof r->staff.email, "%s", db_text(&q, 3));
		snprintf(r->staff.expires_at, sizeof r->staff.expires_at, "%s", db_text(&q, 4));
	}
	db_done(&q);
	if (rc == 1)
		return db_exec(r->db, ST_SESSION_TOUCH, "b", h, sizeof h);
	/* unknown or expired: the token is no secret for CSRF purposes */
	r->session_token[0] = '\0';
	return rc < 0 ? -1 : 0;
}

void session_end(struct request *r)
{
	unsigned char h[32];
	if (token_hash(r->session_token, h) == 0)
		db_exec(r->db, ST_TOKEN_DELETE, "b", h, sizeof h);
	req_set_cookie(r, SESSION_COOKIE, "", 0, 1);
	r->session_token[0] = '\0';
	r->staff.user_id = 0;
	r->role = ROLE_PUBLIC;
	r->csrf[0] = '\0';
}

/* Derives the form token from a browser-held secret (hex). */
static void csrf_derive(const char *secret, char out[CSRF_HEX])
{
	unsigned char d[32];
	crypto_generichash(d, sizeof d, (const unsigned char *)"lifelong-csrf", 13,
			   (const unsigned char *)secret, strlen(secret));
	sodium_bin2hex(out, CSRF_HEX, d, sizeof d);
}

const char *csrf_token(struct request *r)
{
	r->uncacheable = 1;	/* the token is this browser's alone */
	if (r->csrf[0])
		return r->csrf;
	if (r->session_token[0]) {
		csrf_derive(r->session_token, r->csrf);
	} else {
		if (strlen(r->csrf_secret) != 32) {
			token_new(r->csrf_secret);
			req_set_cookie(r, CSRF_COOKIE, r->csrf_secret, -1, 1);
		}
		csrf_derive(r->csrf_secret, r->csrf);
	}
	return r->csrf;
}

void csrf_field(struct request *r)
{
	html_fmt(&r->out, "<input type=\"hidden\" name=\"csrf\" value=\"%s\"/>", csrf_token(r));
}

int csrf_check(struct request *r)
{
	const char *sent = evhttp_find_header(&r->form, "csrf");
	char want[CSRF_HEX];
	if (!sent)
		sent = evhttp_find_header(evhttp_request_get_input_headers(r->ev), "X-CSRF-Token");
	if (r->session_token[0])
		csrf_derive(r->session_token, want);
	else if (strlen(r->csrf_secret) == 32)
		csrf_derive(r->csrf_secret, want);
	else
		return -1;
	if (!sent || strlen(sent) != CSRF_HEX - 1)
		return -1;
	return sodium_memcmp(sent, want, CSRF_HEX - 1) == 0 ? 0 : -1;
}
