/* HTTP tests: registration — the JSON API's shapes and statuses, the
 * waiting line and its promotion on cancel, consent and the other fields,
 * the HTML form (with the 個人資料保護法 §8 notice) and a registration's
 * own page, the rate limit (429), and the staff page per course
 * (assisted registration, childcare, own institution only). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "regtest.h"

#define PW "harbour lights at dusk"

static struct server srv;
static struct api_client api;

static int start(void **state)
{
	*state = &srv;
	static const char *const extra[] = {"--no-rate-limit", NULL};
	if (server_prepare(&srv, 1) < 0 || server_start(&srv, 2, extra) < 0 ||
	    api_client_init(&srv, &api) < 0)
		return -1;
	return 0;
}

/* POSTs a registration as JSON; returns the parsed reply (caller
 * json_decref) and the status in *status. */
static json_t *register_json(long long course, const char *body, long *status)
{
	char path[96];
	struct reply r;
	json_error_t e;
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", course);
	assert_int_equal(api_call(&srv, &api, "POST", path, body, 1, &r), 0);
	*status = r.status;
	json_t *j = json_loads(buf_cstr(&r.body), 0, &e);
	reply_free(&r);
	assert_non_null(j);
	return j;
}

/* Registers name with phone for course; asserts 201 and returns the JSON. */
static json_t *reg_ok(long long course, const char *name, const char *extra)
{
	char body[512];
	long st;
	snprintf(body, sizeof body, "{\"name\":\"%s\",\"phone\":\"0912-000-%03d\",\"consent\":true%s%s}",
		 name, (int)(strlen(name) * 7 % 1000), extra ? "," : "", extra ? extra : "");
	json_t *j = register_json(course, body, &st);
	if (st != 201)
		fail_msg("registering %s: status %ld: %s", name, st, json_dumps(j, 0));
	return j;
}

static const char *jstr(json_t *j, const char *key)
{
	return json_string_value(json_object_get(j, key));
}

/* GETs a registration by token as JSON. */
static json_t *reg_get(const char *token, long *status)
{
	char path[96];
	struct reply r;
	json_error_t e;
	snprintf(path, sizeof path, "/api/v1/registrations/%s", token);
	assert_int_equal(http_get(&srv, path, &r), 0);
	*status = r.status;
	json_t *j = json_loads(buf_cstr(&r.body), 0, &e);
	reply_free(&r);
	assert_non_null(j);
	return j;
}

/* A JSON string with an escaped line break reaches the handler's own
 * check of that field (the body parser refused it once, with a 500): a
 * name may not hold one, and the reply says so for that field. */
static void json_line_break_reaches_the_field_check(void **state)
{
	(void)state;
	long long c = regtest_course(&srv, 1, 5, 0, "digital", "報名測試：JSON 換行", NULL);
	assert_true(c > 0);
	long st;
	json_t *j = register_json(c, "{\"name\":\"王\\n小明\",\"phone\":\"0912-000-111\","
				  "\"consent\":true}", &st);
	assert_int_equal(st, 400);
	assert_non_null(json_object_get(json_object_get(j, "fields"), "name"));
	assert_null(json_object_get(json_object_get(j, "fields"), "phone"));
	json_decref(j);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE course_id=%lld",
				     c), 0);
}

static void api_answers_201_with_status_position_and_token(void **state)
{
	(void)state;
	long long c = regtest_course(&srv, 1, 2, 0, "digital", "報名測試：兩個名額", NULL);
	assert_true(c > 0);
	json_t *a = reg_ok(c, "王小明", NULL), *b = reg_ok(c, "李大華", NULL);
	json_t *w1 = reg_ok(c, "陳美玲", NULL), *w2 = reg_ok(c, "林志強", NULL);
	assert_string_equal(jstr(a, "status"), "enrolled");
	assert_true(json_is_null(json_object_get(a, "position")));
	assert_string_equal(jstr(b, "status"), "enrolled");
	assert_string_equal(jstr(w1, "status"), "waitlisted");
	assert_int_equal(json_integer_value(json_object_get(w1, "position")), 1);
	assert_string_equal(jstr(w2, "status"), "waitlisted");
	assert_int_equal(json_integer_value(json_object_get(w2, "position")), 2);
	const char *tok = jstr(w2, "token");
	assert_non_null(tok);
	assert_int_equal(strlen(tok), 32);
	assert_int_equal(strspn(tok, "0123456789abcdef"), 32);
	assert_string_not_equal(tok, jstr(w1, "token"));
	/* only the hash is stored */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE token_hash=%Q", tok), 0);

	long st;
	json_t *g = reg_get(tok, &st);
	assert_int_equal(st, 200);
	assert_string_equal(jstr(g, "status"), "waitlisted");
	assert_int_equal(json_integer_value(json_object_get(g, "position")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(g, "course"), "id")), c);
	json_decref(g);
	/* an unknown token, and one that is not a token at all */
	g = reg_get("0123456789abcdef0123456789abcdef", &st);
	assert_int_equal(st, 404);
	assert_non_null(json_object_get(g, "error"));
	json_decref(g);
	struct reply r;
	assert_int_equal(http_get(&srv, "/api/v1/registrations/0123456789abcdef0123456789abcde", &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	json_decref(a);
	json_decref(b);
	json_decref(w1);
	json_decref(w2);
}

static void form_encoded_api_body_is_accepted(void **state)
{
	(void)state;
	char path[96];
	struct reply r;
	long long c = regtest_course(&srv, 1, 5, 0, "language", "報名測試：表單格式", NULL);
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", c);
	struct buf body = BUF_INIT;
	buf_printf(&body, "csrf=%s&name=%%E9%%84%%AD%%E5%%AE%%B6&email=cheng%%40example.org&consent=yes"
		   "&childcare=yes", api.token);
	char cookie[160];
	snprintf(cookie, sizeof cookie, "Cookie: %s", api.cookie);
	assert_int_equal(http_fetch_h(&srv, "POST", path, buf_cstr(&body),
				      "application/x-www-form-urlencoded", cookie, &r), 0);
	assert_int_equal(r.status, 201);
	assert_non_null(strstr(buf_cstr(&r.body), "\"status\":\"enrolled\""));
	reply_free(&r);
	buf_free(&body);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM learners WHERE name='鄭家' "
				     "AND email='cheng@example.org'"), 1);
	/* the course offers no childcare: the request for it is not kept */
	assert_int_equal(regtest_int(&srv, "SELECT childcare_requested FROM registrations WHERE "
				     "course_id=%lld", c), 0);
}

static void post_without_csrf_token_is_refused(void **state)
{
	(void)state;
	char path[96];
	struct reply r;
	long long c = regtest_course(&srv, 1, 5, 0, "language", "報名測試：沒有表單憑證", NULL);
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", c);
	assert_int_equal(api_call(&srv, &api, "POST", path,
				  "{\"name\":\"甲\",\"phone\":\"0912345678\",\"consent\":true}", 0, &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE course_id=%lld", c), 0);
}

static void consent_and_contact_are_required(void **state)
{
	(void)state;
	long st;
	long long c = regtest_course(&srv, 1, 5, 0, "language", "報名測試：同意", NULL);
	json_t *j = register_json(c, "{\"name\":\"張三\",\"phone\":\"0912345678\"}", &st);
	assert_int_equal(st, 400);
	assert_non_null(strstr(jstr(j, "error"), "consent"));
	assert_non_null(json_object_get(json_object_get(j, "fields"), "consent"));
	json_decref(j);
	j = register_json(c, "{\"name\":\"張三\",\"phone\":\"0912345678\",\"consent\":false}", &st);
	assert_int_equal(st, 400);
	assert_non_null(json_object_get(json_object_get(j, "fields"), "consent"));
	json_decref(j);
	/* neither phone nor e-mail */
	j = register_json(c, "{\"name\":\"張三\",\"consent\":true}", &st);
	assert_int_equal(st, 400);
	assert_non_null(json_object_get(json_object_get(j, "fields"), "phone"));
	json_decref(j);
	/* a malformed e-mail, an empty name, a district that does not exist */
	j = register_json(c, "{\"name\":\"  \",\"email\":\"not an address\",\"district\":\"台北區\","
			  "\"consent\":true}", &st);
	assert_int_equal(st, 400);
	json_t *f = json_object_get(j, "fields");
	assert_non_null(json_object_get(f, "name"));
	assert_non_null(json_object_get(f, "email"));
	assert_non_null(json_object_get(f, "district"));
	json_decref(j);
	/* an age band outside the list: the edge check names it */
	j = register_json(c, "{\"name\":\"張三\",\"phone\":\"0912345678\",\"age_band\":\"old\","
			  "\"consent\":true}", &st);
	assert_int_equal(st, 400);
	assert_non_null(strstr(jstr(j, "error"), "age_band"));
	json_decref(j);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE course_id=%lld", c), 0);
	/* full-width digits and a district are fine */
	j = register_json(c, "{\"name\":\"張三\",\"phone\":\"０９１２－３４５－６７８\","
			  "\"district\":\"中正區\",\"age_band\":\"65plus\",\"consent\":true}", &st);
	assert_int_equal(st, 201);
	json_decref(j);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM learners WHERE name='張三' AND "
				     "phone='0912345678' AND age_band='65plus' AND district_id="
				     "(SELECT id FROM districts WHERE name_zh='中正區')"), 1);
}

static void registering_twice_is_a_conflict(void **state)
{
	(void)state;
	long st;
	long long c = regtest_course(&srv, 1, 5, 0, "health", "報名測試：重複", NULL);
	json_t *j = register_json(c, "{\"name\":\"趙六\",\"phone\":\"0912-000-014\",\"consent\":true}", &st);
	assert_int_equal(st, 201);
	json_decref(j);
	/* the same person (same name and phone, written differently) */
	j = register_json(c, "{\"name\":\" 趙六 \",\"phone\":\"0912 000 014\",\"consent\":true}", &st);
	assert_int_equal(st, 409);
	json_decref(j);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE course_id=%lld", c), 1);
}

static void drafts_and_finished_courses_take_no_registrations(void **state)
{
	(void)state;
	long st;
	static const char *const past[] = {"2020-01-05 09:00|2020-01-05 11:00", NULL};
	long long over = regtest_course(&srv, 1, 5, 0, "health", "報名測試：已結束", past);
	long long draft = regtest_course(&srv, 1, 5, 0, "health", "報名測試：草稿", NULL);
	regtest_sql(&srv, "UPDATE courses SET status='draft' WHERE id=%lld", draft);
	json_t *j = register_json(over, "{\"name\":\"甲\",\"phone\":\"0912345678\",\"consent\":true}", &st);
	assert_int_equal(st, 409);
	json_decref(j);
	j = register_json(draft, "{\"name\":\"甲\",\"phone\":\"0912345678\",\"consent\":true}", &st);
	assert_int_equal(st, 404);
	json_decref(j);
}

/* The status and position of a registration by token (position 0 when
 * null). */
static void expect(const char *token, const char *status, long long position)
{
	long st;
	json_t *g = reg_get(token, &st);
	assert_int_equal(st, 200);
	assert_string_equal(jstr(g, "status"), status);
	json_t *p = json_object_get(g, "position");
	assert_int_equal(json_is_null(p) ? 0 : json_integer_value(p), position);
	json_decref(g);
}

static void cancelling_promotes_the_first_in_line(void **state)
{
	(void)state;
	char path[96];
	struct reply r;
	long long c = regtest_course(&srv, 1, 1, 0, "arts", "報名測試：遞補", NULL);
	json_t *a = reg_ok(c, "甲一", NULL);
	json_t *b = reg_ok(c, "乙二", "\"email\":\"yi@example.org\"");
	json_t *d = reg_ok(c, "丙三", NULL);
	json_t *e = reg_ok(c, "丁四", NULL);
	expect(jstr(b, "token"), "waitlisted", 1);
	expect(jstr(e, "token"), "waitlisted", 3);
	long long mails = regtest_int(&srv, "SELECT count(*) FROM outbox WHERE to_addr='yi@example.org'");
	/* the enrolled one cancels: the first waiting gets the seat, the line moves up */
	snprintf(path, sizeof path, "/api/v1/registrations/%s", jstr(a, "token"));
	assert_int_equal(api_call(&srv, &api, "DELETE", path, NULL, 1, &r), 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(buf_cstr(&r.body), "\"status\":\"cancelled\""));
	reply_free(&r);
	expect(jstr(a, "token"), "cancelled", 0);
	expect(jstr(b, "token"), "enrolled", 0);
	expect(jstr(d, "token"), "waitlisted", 1);
	expect(jstr(e, "token"), "waitlisted", 2);
	/* they were told: a mail in the outbox (no SMTP server here: it stays queued) */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox WHERE to_addr='yi@example.org'"),
			 mails + 1);
	char *subject = regtest_text(&srv, "SELECT subject FROM outbox WHERE to_addr='yi@example.org' "
				     "ORDER BY id DESC LIMIT 1");
	assert_non_null(subject);
	assert_non_null(strstr(subject, "報名測試：遞補"));
	assert_non_null(strstr(subject, "錄取"));
	free(subject);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM outbox WHERE to_addr='yi@example.org' "
				     "AND sent_at IS NULL AND attempts=0"), mails + 1);
	char *promoted = regtest_text(&srv, "SELECT promoted_at FROM registrations WHERE course_id=%lld "
				      "AND status='enrolled'", c);
	assert_non_null(promoted);
	free(promoted);
	/* someone waiting leaves: those behind move up */
	snprintf(path, sizeof path, "/api/v1/registrations/%s", jstr(d, "token"));
	assert_int_equal(api_call(&srv, &api, "DELETE", path, NULL, 1, &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	expect(jstr(e, "token"), "waitlisted", 1);
	/* cancelling again changes nothing; without the CSRF token it is refused */
	assert_int_equal(api_call(&srv, &api, "DELETE", path, NULL, 1, &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	snprintf(path, sizeof path, "/api/v1/registrations/%s", jstr(e, "token"));
	assert_int_equal(api_call(&srv, &api, "DELETE", path, NULL, 0, &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	expect(jstr(e, "token"), "waitlisted", 1);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE course_id=%lld "
				     "AND status='enrolled'", c), 1);
	/* the audit log has the changes, without personal data */
	assert_true(regtest_int(&srv, "SELECT count(*) FROM audit_log WHERE entity='registration' "
				"AND action IN ('cancel','promote')") >= 3);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM audit_log WHERE new_value LIKE '%%乙二%%' "
				     "OR old_value LIKE '%%乙二%%'"), 0);
	json_decref(a);
	json_decref(b);
	json_decref(d);
	json_decref(e);
}

static void well_formed(const struct reply *r)
{
	struct buf err = BUF_INIT;
	if (html_well_formed(r, &err) < 0)
		fail_msg("not well-formed: %s", buf_cstr(&err));
	buf_free(&err);
}

/* The §8 notice is on the page. */
static void has_pdpa_notice(const struct reply *r)
{
	assert_true(body_count(r, "個人資料保護法第8條告知事項") >= 1);
	assert_true(body_count(r, "蒐集目的") >= 1);
	assert_true(body_count(r, "個人資料類別") >= 1);
	assert_true(body_count(r, "利用期間、地區、對象及方式") >= 1);
	assert_true(body_count(r, "您的權利") >= 1);
	assert_true(body_count(r, "不提供的影響") >= 1);
	assert_true(body_count(r, "href=\"/privacy\"") >= 1);
}

static void the_html_form_registers_and_shows_the_private_link(void **state)
{
	(void)state;
	struct browser b = {""};
	struct reply r;
	char path[96], csrf[96], token[33];
	struct buf f = BUF_INIT;
	long long c = regtest_course(&srv, 1, 1, 1, "family", "報名測試：網頁表單", NULL);
	/* the course page leads to the form */
	snprintf(path, sizeof path, "/courses/%lld", c);
	assert_int_equal(browser_get(&srv, &b, path, &r), 0);
	assert_int_equal(r.status, 200);
	snprintf(path, sizeof path, "href=\"/courses/%lld/register\"", c);
	assert_true(body_count(&r, path) >= 1);
	reply_free(&r);

	snprintf(path, sizeof path, "/courses/%lld/register", c);
	assert_int_equal(browser_get(&srv, &b, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	has_pdpa_notice(&r);
	assert_int_equal(body_count(&r, "name=\"consent\""), 1);
	assert_int_equal(body_count(&r, "name=\"childcare\""), 1);	/* the course offers childcare */
	assert_int_equal(body_count(&r, "<label for=\"f-name\">"), 1);
	/* "phone or e-mail, at least one" is read out with both fields */
	assert_int_equal(body_count(&r, "id=\"contact-hint\""), 1);
	assert_int_equal(body_count(&r, "aria-describedby=\"f-phone-hint contact-hint\""), 1);
	assert_int_equal(body_count(&r, "aria-describedby=\"contact-hint\""), 1);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);

	/* without consent: 400, the message next to the box, what was typed kept */
	form_add(&f, "csrf", csrf);
	form_add(&f, "name", "黃阿嬤");
	form_add(&f, "phone", "02-2422-5520");
	assert_int_equal(browser_post(&srv, &b, path, buf_cstr(&f), &r), 0);
	assert_int_equal(r.status, 400);
	well_formed(&r);
	assert_int_equal(body_count(&r, "id=\"f-consent-error\""), 1);
	assert_int_equal(body_count(&r, "href=\"#f-consent\""), 1);
	assert_int_equal(body_count(&r, "value=\"黃阿嬤\""), 1);
	assert_int_equal(body_count(&r, "value=\"02-2422-5520\""), 1);
	has_pdpa_notice(&r);
	reply_free(&r);

	form_add(&f, "consent", "yes");
	form_add(&f, "childcare", "yes");
	assert_int_equal(browser_post(&srv, &b, path, buf_cstr(&f), &r), 0);
	assert_int_equal(r.status, 201);
	well_formed(&r);
	assert_int_equal(find_token(buf_cstr(&r.body), "/registrations/", token), 0);
	assert_true(body_count(&r, "/me/") >= 1);	/* new learner without e-mail: the page link */
	assert_true(body_count(&r, "您已錄取") >= 1);
	char cc[16];
	assert_int_equal(reply_header(&r, "Cache-Control", cc, sizeof cc), 0);
	assert_string_equal(cc, "no-store");
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT childcare_requested FROM registrations WHERE course_id=%lld", c), 1);

	/* the course is now full: the next one sees the waiting line */
	buf_reset(&f);
	form_add(&f, "csrf", csrf);
	form_add(&f, "name", "黃阿公");
	form_add(&f, "email", "huang@example.org");
	form_add(&f, "consent", "yes");
	assert_int_equal(browser_post(&srv, &b, path, buf_cstr(&f), &r), 0);
	assert_int_equal(r.status, 201);
	well_formed(&r);
	assert_true(body_count(&r, "候補第 1 位") >= 1);
	assert_int_equal(body_count(&r, "/me/"), 0);	/* sent by e-mail only */
	reply_free(&r);

	/* the registration's own page, then cancelling it (confirm, then do) */
	snprintf(path, sizeof path, "/registrations/%s", token);
	assert_int_equal(browser_get(&srv, &b, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	assert_true(body_count(&r, "已錄取") >= 1);
	assert_true(body_count(&r, "報名測試：網頁表單") >= 1);
	reply_free(&r);
	snprintf(path, sizeof path, "/registrations/%s/cancel", token);
	assert_int_equal(browser_get(&srv, &b, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE course_id=%lld "
				     "AND status='cancelled'", c), 0);
	buf_reset(&f);
	form_add(&f, "csrf", csrf);
	assert_int_equal(browser_post(&srv, &b, path, buf_cstr(&f), &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	reply_free(&r);
	/* the waiting one took the seat */
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations g JOIN learners l ON "
				     "l.id=g.learner_id WHERE g.course_id=%lld AND g.status='enrolled' "
				     "AND l.name='黃阿公'", c), 1);
	buf_free(&f);
}

static void staff_register_at_the_counter_for_their_own_institution(void **state)
{
	(void)state;
	struct browser staff = {""}, other = {""}, viewer = {""};
	struct reply r;
	char path[128], csrf[96];
	struct buf f = BUF_INIT;
	long long mine = regtest_course(&srv, 1, 1, 1, "basic", "報名測試：臨櫃", NULL);
	long long theirs = regtest_course(&srv, 2, 5, 0, "basic", "報名測試：別的機構", NULL);
	char *inst = regtest_text(&srv, "SELECT name_zh FROM institutions ORDER BY id LIMIT 1");
	char *inst2 = regtest_text(&srv, "SELECT name_zh FROM institutions ORDER BY id LIMIT 1 OFFSET 1");
	assert_non_null(inst);
	assert_non_null(inst2);
	assert_int_equal(staff_create(&srv, &staff, "institution", inst, "counter@example.org", PW), 0);
	assert_int_equal(staff_create(&srv, &other, "institution", inst2, "other@example.org", PW), 0);
	assert_int_equal(staff_create(&srv, &viewer, "viewer", NULL, "viewer@example.org", PW), 0);

	json_t *w = reg_ok(mine, "先來的人", NULL);
	json_decref(w);
	snprintf(path, sizeof path, "/admin/courses/%lld/registrations", mine);
	assert_int_equal(browser_get(&srv, &staff, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	assert_true(body_count(&r, "先來的人") >= 1);
	has_pdpa_notice(&r);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	/* another institution's staff and a viewer may not see it */
	assert_int_equal(browser_get(&srv, &other, path, &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	assert_int_equal(browser_get(&srv, &viewer, path, &r), 0);
	assert_int_equal(r.status, 403);
	reply_free(&r);
	/* nor can they register someone there by form */
	form_add(&f, "csrf", csrf);
	form_add(&f, "name", "陳阿伯");
	form_add(&f, "phone", "(02)2422-1234");
	form_add(&f, "channel", "phone");
	form_add(&f, "childcare", "yes");
	form_add(&f, "consent", "yes");
	struct reply o;
	snprintf(path, sizeof path, "/admin/courses/%lld/registrations", theirs);
	assert_int_equal(browser_get(&srv, &staff, path, &o), 0);
	assert_int_equal(o.status, 403);
	reply_free(&o);
	assert_int_equal(browser_post(&srv, &staff, path, buf_cstr(&f), &o), 0);
	assert_int_equal(o.status, 403);
	reply_free(&o);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE course_id=%lld", theirs), 0);

	/* at the counter, by phone, with childcare: the course is full, so waiting */
	snprintf(path, sizeof path, "/admin/courses/%lld/registrations", mine);
	assert_int_equal(browser_post(&srv, &staff, path, buf_cstr(&f), &r), 0);
	assert_int_equal(r.status, 201);
	well_formed(&r);
	assert_true(body_count(&r, "候補第 1 位") >= 1);
	assert_true(body_count(&r, "/registrations/") >= 1);
	assert_true(body_count(&r, "/me/") >= 1);	/* staff see the learner's link to hand over */
	assert_true(body_count(&r, "陳阿伯") >= 1);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations g JOIN learners l ON "
				     "l.id=g.learner_id WHERE g.course_id=%lld AND l.name='陳阿伯' AND "
				     "g.channel='phone' AND g.childcare_requested=1 AND g.position=1", mine), 1);
	assert_true(regtest_int(&srv, "SELECT count(*) FROM audit_log a JOIN users u ON u.id=a.user_id "
				"WHERE u.email='counter@example.org' AND a.entity='registration'") >= 1);

	/* childcare off again */
	long long id = regtest_int(&srv, "SELECT g.id FROM registrations g JOIN learners l ON "
				   "l.id=g.learner_id WHERE l.name='陳阿伯'");
	char body[256];
	snprintf(body, sizeof body, "csrf=%s&registration=%lld&childcare=no", csrf, id);
	snprintf(path, sizeof path, "/admin/courses/%lld/registrations/childcare", mine);
	assert_int_equal(browser_post(&srv, &staff, path, body, &r), 0);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT childcare_requested FROM registrations WHERE id=%lld", id), 0);
	/* someone else's registration id through this course's URL: 404 */
	long long foreign = regtest_int(&srv, "SELECT id FROM registrations WHERE course_id<>%lld LIMIT 1", mine);
	snprintf(body, sizeof body, "csrf=%s&registration=%lld&childcare=yes", csrf, foreign);
	assert_int_equal(browser_post(&srv, &staff, path, body, &r), 0);
	assert_int_equal(r.status, 404);
	reply_free(&r);

	/* cancel the enrolled one on their behalf: a confirmation first */
	long long first = regtest_int(&srv, "SELECT id FROM registrations WHERE course_id=%lld AND "
				      "status='enrolled'", mine);
	snprintf(path, sizeof path, "/admin/courses/%lld/registrations/cancel", mine);
	snprintf(body, sizeof body, "csrf=%s&registration=%lld", csrf, first);
	assert_int_equal(browser_post(&srv, &staff, path, body, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT count(*) FROM registrations WHERE id=%lld AND "
				     "status='enrolled'", first), 1);
	snprintf(body, sizeof body, "csrf=%s&registration=%lld&confirm=yes", csrf, first);
	assert_int_equal(browser_post(&srv, &staff, path, body, &r), 0);
	assert_int_equal(r.status, 303);
	reply_free(&r);
	assert_int_equal(regtest_int(&srv, "SELECT status='enrolled' AND position IS NULL FROM "
				     "registrations WHERE id=%lld", id), 1);
	/* the list shows who to phone */
	snprintf(path, sizeof path, "/admin/courses/%lld/registrations", mine);
	assert_int_equal(browser_get(&srv, &staff, path, &r), 0);
	assert_int_equal(r.status, 200);
	well_formed(&r);
	assert_true(body_count(&r, "請電話通知") >= 1);
	reply_free(&r);
	/* an admin sees any course's list */
	struct browser admin = {""};
	assert_int_equal(staff_create(&srv, &admin, "admin", NULL, "admin@example.org", PW), 0);
	snprintf(path, sizeof path, "/admin/courses/%lld/registrations", theirs);
	assert_int_equal(browser_get(&srv, &admin, path, &r), 0);
	assert_int_equal(r.status, 200);
	reply_free(&r);
	buf_free(&f);
	free(inst);
	free(inst2);
}

static void rate_limit_answers_429_after_the_configured_number(void **state)
{
	(void)state;
	struct server lim;
	struct api_client c;
	struct reply r;
	char path[96], body[160];
	static const char *const extra[] = {"--registrations-per-hour", "3", NULL};
	assert_int_equal(server_prepare(&lim, 1), 0);
	long long course = regtest_course(&lim, 1, 10, 0, "reading", "報名測試：頻率限制", NULL);
	assert_int_equal(server_start(&lim, 1, extra), 0);
	assert_int_equal(api_client_init(&lim, &c), 0);
	snprintf(path, sizeof path, "/api/v1/courses/%lld/registrations", course);
	for (int i = 0; i < 3; i++) {
		snprintf(body, sizeof body, "{\"name\":\"限制%d\",\"phone\":\"091200000%d\",\"consent\":true}",
			 i, i);
		assert_int_equal(api_call(&lim, &c, "POST", path, body, 1, &r), 0);
		assert_int_equal(r.status, 201);
		reply_free(&r);
	}
	assert_int_equal(api_call(&lim, &c, "POST", path,
				  "{\"name\":\"限制9\",\"phone\":\"0912000009\",\"consent\":true}", 1, &r), 0);
	assert_int_equal(r.status, 429);
	assert_non_null(strstr(buf_cstr(&r.body), "\"error\""));
	assert_non_null(strstr(buf_cstr(&r.body), "3"));
	char ra[16];
	assert_int_equal(reply_header(&r, "Retry-After", ra, sizeof ra), 0);
	reply_free(&r);
	/* the HTML form too: a page that says what happened */
	struct browser b = {""};
	char csrf[96];
	snprintf(path, sizeof path, "/courses/%lld/register", course);
	assert_int_equal(browser_get(&lim, &b, path, &r), 0);
	assert_int_equal(form_csrf(&r, csrf, sizeof csrf), 0);
	reply_free(&r);
	snprintf(body, sizeof body, "csrf=%s&name=x&phone=0912000008&consent=yes", csrf);
	assert_int_equal(browser_post(&lim, &b, path, body, &r), 0);
	assert_int_equal(r.status, 429);
	well_formed(&r);
	assert_true(body_count(&r, "一小時") >= 1);
	reply_free(&r);
	assert_int_equal(regtest_int(&lim, "SELECT count(*) FROM registrations WHERE course_id=%lld", course), 3);
	const char *problem = server_stop_problem(&lim);
	server_cleanup(&lim);
	if (problem)
		fail_msg("%s", problem);
}

static void server_stops_cleanly(void **state)
{
	(void)state;
	ASSERT_CLEAN_STOP(&srv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_answers_201_with_status_position_and_token),
		cmocka_unit_test(json_line_break_reaches_the_field_check),
		cmocka_unit_test(form_encoded_api_body_is_accepted),
		cmocka_unit_test(post_without_csrf_token_is_refused),
		cmocka_unit_test(consent_and_contact_are_required),
		cmocka_unit_test(registering_twice_is_a_conflict),
		cmocka_unit_test(drafts_and_finished_courses_take_no_registrations),
		cmocka_unit_test(cancelling_promotes_the_first_in_line),
		cmocka_unit_test(the_html_form_registers_and_shows_the_private_link),
		cmocka_unit_test(staff_register_at_the_counter_for_their_own_institution),
		cmocka_unit_test(rate_limit_answers_429_after_the_configured_number),
		cmocka_unit_test(server_stops_cleanly),
	};
	return cmocka_run_group_tests(tests, start, server_group_finish);
}
