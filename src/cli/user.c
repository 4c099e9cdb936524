#include "cli/user.h"

#include <stdio.h>
#include <string.h>

#include "auth/session.h"
#include "db/db.h"

#define LINK_HOURS 72

/* A plausible e-mail address: one '@', something on each side, no spaces. */
static int email_ok(const char *e)
{
	const char *at = strchr(e, '@');
	return at && at != e && at[1] && !strchr(at + 1, '@') && strlen(e) <= 254 &&
	       !strpbrk(e, " \t\r\n<>\"");
}

static long long user_id(struct db *db, const char *email)
{
	struct dbq q;
	long long id = 0;
	db_query(db, &q, ST_USER_BY_EMAIL, "t", email);
	if (db_next(&q) == 1)
		id = db_int(&q, 0);
	db_done(&q);
	return id;
}

int cli_user(const char *db_path, const char *verb, const char *role, const char *institution,
	     const char *email, const char *base_url)
{
	struct db *db = NULL;
	char token[TOKEN_HEX];
	long long id = 0, inst = 0;
	int rc = 1;
	int add = !strcmp(verb, "add");
	if ((!add && strcmp(verb, "link")) || !email || !email_ok(email)) {
		fprintf(stderr, "lifelong: user add|link needs a valid e-mail address\n");
		return 2;
	}
	if (add && (!role || (strcmp(role, "admin") && strcmp(role, "institution") &&
			      strcmp(role, "viewer")))) {
		fprintf(stderr, "lifelong: --role must be admin, institution or viewer\n");
		return 2;
	}
	if (add && !strcmp(role, "institution") != !!institution) {
		fprintf(stderr, "lifelong: --institution NAME goes with --role institution, "
			"and only with it\n");
		return 2;
	}
	if (db_open(&db, db_path, DB_OPEN_MIGRATE) < 0)
		goto out;
	if (institution) {
		struct dbq q;
		db_query(db, &q, ST_INSTITUTION_BY_NAME, "t", institution);
		if (db_next(&q) == 1)
			inst = db_int(&q, 0);
		db_done(&q);
		if (!inst) {
			fprintf(stderr, "lifelong: no institution is called %s\n", institution);
			rc = 2;
			goto out;
		}
	}
	if (db_begin(db) < 0)
		goto out;
	if (add) {
		if (db_scalar(db, &id, ST_USER_INSERT, "tti", email, role, inst) != 1) {
			fprintf(stderr, "lifelong: cannot add %s%s\n", email,
				db_is_constraint(db) ? ": that e-mail already has an account" : "");
			rc = db_is_constraint(db) ? 2 : 1;
			db_rollback(db);
			goto out;
		}
	} else if (!(id = user_id(db, email))) {
		fprintf(stderr, "lifelong: no account for %s\n", email);
		db_rollback(db);
		rc = 2;
		goto out;
	}
	if (password_token_create(db, id, LINK_HOURS, token) < 0 ||
	    db_exec(db, ST_AUDIT_INSERT, "ittitt", 0LL, add ? "create" : "password_link", "user",
		    id, NULL, add ? role : NULL) < 0 ||
	    db_commit(db) < 0) {
		db_rollback(db);
		goto out;
	}
	printf("%s/password/set?token=%s\n", base_url, token);
	fprintf(stderr, "lifelong: send this link to %s; it works once, for %d hours\n", email,
		LINK_HOURS);
	rc = 0;
out:
	db_close(db);
	return rc;
}
