/* HTTP tests: staff accounts, sessions, CSRF, lockout, audit (ASVS L2). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

#define PW "harbour lights at dusk"

static struct server srv;

static int start(void **state)
{
	*state = &srv;
	static const char *const policy[] = {"--password-max-age", "90", "--password-history", "3",
					      NULL};
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, policy) < 0)
		return -1;
	return 0;
}

static char *db_string(const char *sql, const char *arg)
{
	return server_db_text(&srv, sql, arg);
}

static long get_status(struct browser *b, const char *path)
{
	struct reply r;
	long st = -1;
	if (browser_get(&srv, b, path, &r) == 0)
		st = r.status;
	reply_free(&r);
	return st;
}

static void staff_pages_send_signed_out_people_to_login(void **state)
{
	(void)state;
	struct reply r;
	char loc[256];
	assert_int_equal(http_get(&srv, "/admin", &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(reply_header(&r, "Location", loc, sizeof loc), 0);
	assert_string_equal(loc, "/login?back=%2Fadmin");
	reply_free(&r);
}

static void set_password_link_signs_in(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	assert_int_equal(staff_create(&srv, &b, "admin", NULL, "admin@example.org", PW), 0);
	assert_int_equal(browser_get(&srv, &b, "/admin", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "admin@example.org"));
	assert_non_null(strstr(r.body.data, "action=\"/logout\""));
	reply_free(&r);
}

static void password_is_stored_as_argon2id(void **state)
{
	(void)state;
	char *h = db_string("SELECT password_hash FROM users WHERE email=?1", "admin@example.org");
	assert_non_null(h);
	assert_true(!strncmp(h, "$argon2id$v=19$m=19456,t=2,", 27));
	assert_null(strstr(h, PW));
	free(h);
}

static void weak_passwords_are_refused(void **state)
{
	(void)state;
	struct browser b = {""};
	/* staff_create fails because the link rejects these passwords */
	assert_int_equal(staff_create(&srv, &b, "viewer", NULL, "weak1@example.org", "password1"), -1);
	assert_int_equal(staff_create(&srv, &b, "viewer", NULL, "weak2@example.org", "short"), -1);
	char *h = db_string("SELECT coalesce(password_hash,'none') FROM users WHERE email=?1",
			    "weak1@example.org");
	assert_string_equal(h, "none");
	free(h);
}

static void session_cookie_is_new_at_login_and_flags_are_set(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char before[128], csrf[80], body[512], after[128];
	assert_int_equal(browser_get(&srv, &b, "/login", &r), 0);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	/* a session cookie planted before login (fixation attempt) */
	snprintf(before, sizeof before, "ll_session=%s", "00112233445566778899aabbccddeeff");
	strcat(b.cookies, "; ");
	strcat(b.cookies, before);
	snprintf(body, sizeof body, "csrf=%s&email=admin%%40example.org&password=harbour+lights+at+dusk",
		 csrf);
	assert_int_equal(browser_post(&srv, &b, "/login", body, &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(reply_cookie(&r, "ll_session", after, sizeof after), 0);
	assert_string_not_equal(after, "00112233445566778899aabbccddeeff");
	assert_int_equal(strlen(after), 32);
	const char *sc = strstr(r.headers.data, "Set-Cookie: ll_session=");
	assert_non_null(sc);
	const char *eol = strstr(sc, "\r\n");
	char attrs[512];
	snprintf(attrs, sizeof attrs, "%.*s", (int)(eol - sc), sc);
	assert_non_null(strstr(attrs, "HttpOnly"));
	assert_non_null(strstr(attrs, "SameSite=Lax"));
	assert_non_null(strstr(attrs, "Path=/"));
	reply_free(&r);
}

static void post_without_or_with_wrong_csrf_is_refused(void **state)
{
	(void)state;
	struct browser b = {""};
	assert_int_equal(staff_login(&srv, &b, "admin@example.org", PW), 303);
	struct reply r;
	assert_int_equal(browser_post(&srv, &b, "/logout", "", &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_int_equal(browser_post(&srv, &b, "/logout",
				      "csrf=0000000000000000000000000000000000000000000000000000000000000000",
				      &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	/* still signed in: nothing happened */
	assert_int_equal(get_status(&b, "/admin"), 200);
}

static void logout_ends_the_session_on_the_server(void **state)
{
	(void)state;
	struct browser b = {""}, old;
	struct reply r;
	char csrf[80], body[128];
	assert_int_equal(staff_login(&srv, &b, "admin@example.org", PW), 303);
	old = b;
	assert_int_equal(browser_get(&srv, &b, "/admin", &r), 0);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	snprintf(body, sizeof body, "csrf=%s", csrf);
	assert_int_equal(browser_post(&srv, &b, "/logout", body, &r), 0);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	/* the old cookie, replayed, no longer opens staff pages */
	assert_int_equal(get_status(&old, "/admin"), 303);
}

static void five_failures_lock_the_account(void **state)
{
	(void)state;
	struct browser b = {""}, fresh = {""};
	assert_int_equal(staff_create(&srv, &b, "viewer", NULL, "lock@example.org", PW), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(staff_login(&srv, &fresh, "lock@example.org", "wrong password!"), 401);
	/* the right password no longer works while locked */
	assert_int_equal(staff_login(&srv, &fresh, "lock@example.org", PW), 403);
	assert_int_equal(staff_login(&srv, &fresh, "lock@example.org", PW), 403);
	char *until = db_string("SELECT locked_until FROM users WHERE email=?1", "lock@example.org");
	assert_non_null(until);
	free(until);
}

static void unknown_email_gets_the_same_answer(void **state)
{
	(void)state;
	struct browser b = {""};
	assert_int_equal(staff_login(&srv, &b, "nobody@example.org", PW), 401);
}

static void viewer_cannot_read_the_audit_log(void **state)
{
	(void)state;
	struct browser b = {""};
	assert_int_equal(staff_create(&srv, &b, "viewer", NULL, "viewer@example.org", PW), 0);
	assert_int_equal(get_status(&b, "/admin"), 200);
	assert_int_equal(get_status(&b, "/admin/audit"), 403);
}

static void audit_log_shows_sign_ins_to_admins(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	assert_int_equal(staff_login(&srv, &b, "admin@example.org", PW), 303);
	assert_int_equal(browser_get(&srv, &b, "/admin/audit", &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "login_failed"));
	assert_non_null(strstr(r.body.data, "set_password"));
	struct buf err = BUF_INIT;
	if (html_well_formed(&r, &err) < 0)
		fail_msg("audit page: %s", buf_cstr(&err));
	buf_free(&err);
	reply_free(&r);
}

static void used_or_bad_link_is_404(void **state)
{
	(void)state;
	struct reply r;
	assert_int_equal(http_get(&srv, "/password/set?token=00000000000000000000000000000000", &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
}

static void cli_refuses_bad_accounts(void **state)
{
	(void)state;
	char out[160];
	snprintf(out, sizeof out, "%s/cli.out", srv.dir);
	char *dup[] = {(char *)harness_bin(), "user", "add", "--db", srv.db, "--role", "admin",
		       "admin@example.org", NULL};
	assert_int_equal(harness_exec(out, dup), 2);
	char *role[] = {(char *)harness_bin(), "user", "add", "--db", srv.db, "--role", "root",
			"x@example.org", NULL};
	assert_int_equal(harness_exec(out, role), 2);
	char *inst[] = {(char *)harness_bin(), "user", "add", "--db", srv.db, "--role",
			"institution", "y@example.org", NULL};
	assert_int_equal(harness_exec(out, inst), 2);
	char *noinst[] = {(char *)harness_bin(), "user", "add", "--db", srv.db, "--role",
			  "institution", "--institution", "不存在的機構", "z@example.org", NULL};
	assert_int_equal(harness_exec(out, noinst), 2);
}

/* Posts the change-password form of a signed-in browser; returns the status. */
static long change_pw(struct browser *b, const char *current, const char *pw)
{
	struct reply r;
	char csrf[80], body[512];
	long st = -1;
	if (browser_get(&srv, b, "/admin/password", &r) < 0 || form_csrf(&r, csrf, sizeof csrf) < 0) {
		reply_free(&r);
		return -1;
	}
	reply_free(&r);
	snprintf(body, sizeof body, "csrf=%s&current=%s&password=%s&password2=%s", csrf, current, pw,
		 pw);
	if (browser_post(&srv, b, "/admin/password", body, &r) == 0)
		st = r.status;
	reply_free(&r);
	return st;
}

static void changing_a_password_needs_the_current_one(void **state)
{
	(void)state;
	struct browser b = {""}, other = {""};
	assert_int_equal(staff_create(&srv, &b, "viewer", NULL, "change@example.org",
				      "first harbour phrase"), 0);
	assert_int_equal(change_pw(&b, "not+it+at+all", "second+harbour+phrase"), 400);
	assert_int_equal(change_pw(&b, "first+harbour+phrase", "second+harbour+phrase"), 303);
	assert_int_equal(staff_login(&srv, &other, "change@example.org", "second harbour phrase"), 303);
	struct browser third = {""};
	assert_int_equal(staff_login(&srv, &third, "change@example.org", "first harbour phrase"), 401);
}

static void recent_passwords_cannot_be_reused(void **state)
{
	(void)state;
	struct browser b = {""};
	assert_int_equal(staff_login(&srv, &b, "change@example.org", "second harbour phrase"), 303);
	/* the current one and the one before it are both refused (history 3) */
	assert_int_equal(change_pw(&b, "second+harbour+phrase", "second+harbour+phrase"), 400);
	assert_int_equal(change_pw(&b, "second+harbour+phrase", "first+harbour+phrase"), 400);
	assert_int_equal(change_pw(&b, "second+harbour+phrase", "third+harbour+phrase"), 303);
}

static void an_expired_password_must_be_replaced(void **state)
{
	(void)state;
	sqlite3 *h;
	struct browser b = {""};
	struct reply r;
	char csrf[80], body[512], loc[256];
	assert_int_equal(sqlite3_open(srv.db, &h), SQLITE_OK);
	sqlite3_busy_timeout(h, 5000);
	assert_int_equal(sqlite3_exec(h, "UPDATE users SET password_changed_at='2020-01-01T00:00:00Z' "
				      "WHERE email='change@example.org'", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(h);
	assert_int_equal(browser_get(&srv, &b, "/login", &r), 0);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	snprintf(body, sizeof body, "csrf=%s&email=change%%40example.org&password=third+harbour+phrase",
		 csrf);
	assert_int_equal(browser_post(&srv, &b, "/login", body, &r), 0);
	assert_int_equal(r.status, 303);
	assert_int_equal(reply_header(&r, "Location", loc, sizeof loc), 0);
	assert_non_null(strstr(loc, "/password/set?token="));
	assert_non_null(strstr(loc, "expired=1"));
	assert_null(strstr(r.headers.data, "ll_session="));
	reply_free(&r);
	assert_int_equal(browser_get(&srv, &b, loc, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body.data, "使用期限"));
	reply_free(&r);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

static void assert_well_formed(const struct reply *r)
{
	struct buf err = BUF_INIT;
	int rc = html_well_formed(r, &err);
	if (rc)
		print_error("%s\n", buf_cstr(&err));
	buf_free(&err);
	assert_int_equal(rc, 0);
}

/* Copies the value of the hidden input name="name" in the reply's body
 * into out, undoing the escapes the server writes. 0, or -1 when absent. */
static int hidden_value(const struct reply *r, const char *name, char *out, size_t n)
{
	char needle[160];
	snprintf(needle, sizeof needle, "name=\"%s\" value=\"", name);
	const char *p = strstr(r->body.data, needle);
	if (!p)
		return -1;
	p += strlen(needle);
	size_t k = 0;
	static const struct { const char *ent; char c; } ents[] = {
		{"&#10;", '\n'}, {"&#13;", '\r'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'},
		{"&quot;", '"'}, {"&#39;", '\''}};
	while (*p && *p != '"' && k + 1 < n) {
		size_t e = 0;
		for (; e < sizeof ents / sizeof *ents; e++)
			if (!strncmp(p, ents[e].ent, strlen(ents[e].ent)))
				break;
		if (e < sizeof ents / sizeof *ents) {
			out[k++] = ents[e].c;
			p += strlen(ents[e].ent);
		} else {
			out[k++] = *p++;
		}
	}
	out[k] = '\0';
	return 0;
}

/* Adds the fields of a new grant, each name after prefix ("" or
 * "resume:"). */
static void grant_fields(struct buf *f, const char *prefix, const char *title)
{
	static const char *const kv[] = {"year", "2024", "scheme", "教育部補助",
					  "amount_applied", "120000", "status", "draft"};
	char name[64];
	for (size_t i = 0; i < sizeof kv / sizeof *kv; i += 2) {
		snprintf(name, sizeof name, "%s%s", prefix, kv[i]);
		form_add(f, name, kv[i + 1]);
	}
	snprintf(name, sizeof name, "%stitle", prefix);
	form_add(f, name, title);
}

/* A form posted after the session ran out is not lost: the sign-in form
 * carries it (never the old token or a password), a wrong password keeps
 * carrying it, and after signing in one button posts it again. */
static void a_form_posted_after_the_session_expired_is_kept(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char csrf[80], v[512];
	const char *title = "港區社區大學\n第二行 <說明> & \"引號\"";
	assert_int_equal(staff_create(&srv, &b, "admin", NULL, "resume@example.org", PW), 0);
	assert_int_equal(browser_get(&srv, &b, "/admin/grants/new", &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	/* the session runs out while the form is open */
	server_db_int(&srv, "UPDATE user_tokens SET expires_at='2000-01-01T00:00:00Z' WHERE "
		      "purpose='session' AND user_id=(SELECT id FROM users WHERE email=?1)",
		      "resume@example.org");
	struct buf f = BUF_INIT;
	form_add(&f, "csrf", csrf);
	grant_fields(&f, "", title);
	form_add(&f, "new_password", "never-carried");
	assert_int_equal(browser_post(&srv, &b, "/admin/grants", buf_cstr(&f), &r), 0);
	buf_free(&f);
	assert_int_equal(r.status, 401);
	assert_well_formed(&r);
	assert_non_null(strstr(r.body.data, "action=\"/login\""));
	assert_null(strstr(r.body.data, "never-carried"));
	assert_null(strstr(r.body.data, csrf));
	assert_int_equal(hidden_value(&r, "resume_to", v, sizeof v), 0);
	assert_string_equal(v, "/admin/grants");
	assert_int_equal(hidden_value(&r, "resume:title", v, sizeof v), 0);
	assert_string_equal(v, title);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	assert_int_equal(server_db_int(&srv, "SELECT count(*) FROM grants WHERE scheme=?1",
				       "教育部補助"), 0);

	/* a wrong password: still carried */
	f = (struct buf)BUF_INIT;
	form_add(&f, "csrf", csrf);
	form_add(&f, "email", "resume@example.org");
	form_add(&f, "password", "not the password");
	form_add(&f, "resume_to", "/admin/grants");
	grant_fields(&f, "resume:", title);
	assert_int_equal(browser_post(&srv, &b, "/login", buf_cstr(&f), &r), 0);
	assert_int_equal(r.status, 401);
	assert_int_equal(hidden_value(&r, "resume:title", v, sizeof v), 0);
	assert_string_equal(v, title);
	reply_free(&r);

	/* the right one: a page that posts it again, with a new token */
	buf_reset(&f);
	form_add(&f, "csrf", csrf);
	form_add(&f, "email", "resume@example.org");
	form_add(&f, "password", PW);
	form_add(&f, "resume_to", "/admin/grants");
	grant_fields(&f, "resume:", title);
	assert_int_equal(browser_post(&srv, &b, "/login", buf_cstr(&f), &r), 0);
	assert_int_equal(r.status, 200);
	assert_well_formed(&r);
	assert_non_null(strstr(r.body.data, "action=\"/admin/grants\""));
	assert_int_equal(hidden_value(&r, "title", v, sizeof v), 0);
	assert_string_equal(v, title);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	buf_reset(&f);
	form_add(&f, "csrf", csrf);
	grant_fields(&f, "", title);
	assert_int_equal(browser_post(&srv, &b, "/admin/grants", buf_cstr(&f), &r), 0);
	buf_free(&f);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(server_db_int(&srv, "SELECT count(*) FROM grants WHERE scheme=?1",
				       "教育部補助"), 1);
	char *t = db_string("SELECT title FROM grants WHERE scheme=?1", "教育部補助");
	assert_non_null(t);
	assert_non_null(strstr(t, "第二行 <說明>"));
	free(t);
}

/* A resumed form goes only to a path of this site. */
static void a_resumed_form_never_goes_off_site(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char csrf[80];
	assert_int_equal(browser_get(&srv, &b, "/login", &r), 0);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	struct buf f = BUF_INIT;
	form_add(&f, "csrf", csrf);
	form_add(&f, "email", "resume@example.org");
	form_add(&f, "password", PW);
	form_add(&f, "resume_to", "//evil.example/steal");
	form_add(&f, "resume:title", "x");
	assert_int_equal(browser_post(&srv, &b, "/login", buf_cstr(&f), &r), 0);
	buf_free(&f);
	assert_int_equal(r.status, 303);
	assert_null(strstr(r.body.data, "evil.example"));
	reply_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(staff_pages_send_signed_out_people_to_login),
		cmocka_unit_test(set_password_link_signs_in),
		cmocka_unit_test(password_is_stored_as_argon2id),
		cmocka_unit_test(weak_passwords_are_refused),
		cmocka_unit_test(session_cookie_is_new_at_login_and_flags_are_set),
		cmocka_unit_test(post_without_or_with_wrong_csrf_is_refused),
		cmocka_unit_test(logout_ends_the_session_on_the_server),
		cmocka_unit_test(five_failures_lock_the_account),
		cmocka_unit_test(unknown_email_gets_the_same_answer),
		cmocka_unit_test(viewer_cannot_read_the_audit_log),
		cmocka_unit_test(audit_log_shows_sign_ins_to_admins),
		cmocka_unit_test(used_or_bad_link_is_404),
		cmocka_unit_test(cli_refuses_bad_accounts),
		cmocka_unit_test(changing_a_password_needs_the_current_one),
		cmocka_unit_test(recent_passwords_cannot_be_reused),
		cmocka_unit_test(an_expired_password_must_be_replaced),
		cmocka_unit_test(a_form_posted_after_the_session_expired_is_kept),
		cmocka_unit_test(a_resumed_form_never_goes_off_site),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
