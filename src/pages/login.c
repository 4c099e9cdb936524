/* login — staff sign-in and sign-out, setting a password from a one-time
 * link, extending an idle session, and the staff home page. Citizens never
 * need an account. */
#include <event2/http.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "auth/audit.h"
#include "core/i18n.h"
#include "auth/password.h"
#include "auth/session.h"
#include "db/db.h"
#include "http/router.h"
#include "http/server.h"
#include "pages/pages.h"

/* A safe place to return to: a local path, else the staff home. */
static const char *back_or(const struct param_value *back, const char *fallback)
{
	const char *b = back->present ? back->s : NULL;
	if (!b || b[0] != '/' || b[1] == '/' || b[1] == '\\')
		return fallback;
	return b;
}

/* A form posted without a live session (it expired while the page was
 * open) is not lost: the sign-in form carries its fields as hidden
 * "resume:NAME" inputs and its address as "resume_to", and after signing
 * in the staff member gets a page that posts them again, with a new form
 * token. Never carried: the old form token, passwords and files. */
#define RESUME_PREFIX "resume:"
#define RESUME_MAX_FIELDS 500

/* Appends a hidden input; line breaks in value are written as character
 * references, so they survive any parser of attribute values. */
static void hidden_input(struct buf *b, const char *prefix, const char *name,
			 const char *value)
{
	html_fmt(b, "<input type=\"hidden\" name=\"%s%s\" value=\"", prefix, name);
	for (const char *p = value;; p++) {
		size_t n = strcspn(p, "\r\n");
		html_textn(b, p, n);
		p += n;
		if (!*p)
			break;
		html_raw_unescaped(b, *p == '\r' ? "&#13;" : "&#10;");
	}
	html_raw_unescaped(b, "\"/>\n");
}

/* Whether a posted field may be carried over a sign-in. */
static int resumable(const char *name)
{
	return strcmp(name, "csrf") && !strstr(name, "password") && strlen(name) < 128;
}

/* The local path a resumed form goes to, or NULL. */
static const char *resume_target(struct request *r)
{
	const char *to = req_field(r, "resume_to");
	if (!to || to[0] != '/' || to[1] == '/' || to[1] == '\\' || strpbrk(to, "\r\n"))
		return NULL;
	return to;
}

/* Writes the fields to carry: on the sign-in form shown for an expired
 * post (from_login 0: r->form is that post, its address is r->uri), or
 * again after a failed sign-in (from_login 1: copies the resume fields). */
static void resume_fields(struct request *r, int from_login)
{
	int n = 0;
	if (!from_login)
		hidden_input(&r->out, "", "resume_to", r->uri);
	else if (resume_target(r))
		hidden_input(&r->out, "", "resume_to", resume_target(r));
	else
		return;
	for (struct evkeyval *kv = r->form.tqh_first; kv && n < RESUME_MAX_FIELDS;
	     kv = kv->next.tqe_next) {
		if (from_login && !strncmp(kv->key, RESUME_PREFIX, strlen(RESUME_PREFIX)) &&
		    resumable(kv->key + strlen(RESUME_PREFIX))) {
			hidden_input(&r->out, "", kv->key, kv->value);
			n++;
		} else if (!from_login && resumable(kv->key)) {
			hidden_input(&r->out, RESUME_PREFIX, kv->key, kv->value);
			n++;
		}
	}
}

/* Writes the sign-in form, keeping the e-mail typed and showing error;
 * resume: 0 none, 1 carry the fields of an expired post, 2 carry the
 * resume fields of this sign-in post. */
static void login_form_resume(struct request *r, const char *email, const char *back,
			      const char *error, int resume);

static void login_form(struct request *r, const char *email, const char *back,
		       const char *error)
{
	login_form_resume(r, email, back, error, r->method == EVHTTP_REQ_POST ? 2 : 0);
}

static void login_form_resume(struct request *r, const char *email, const char *back,
			      const char *error, int resume)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "工作人員登入"), NULL);
	if (error)
		html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"login-error\"><p>%s</p></div>\n",
			 error);
	html_fmt(b, "<p>%s</p>\n", tr(r, "本頁供教育處與各學習機構工作人員使用。民眾查詢與報名課程不需要帳號。"));
	resume = resume == 1 || (resume == 2 && resume_target(r)) ? resume : 0;
	if (resume)
		html_fmt(b, "<div class=\"notice\" role=\"status\"><p>%s</p></div>\n",
			 tr(r, "您的登入已逾時。剛才填寫的內容已經保留，重新登入後可以再送出。"));
	html_raw_unescaped(b, "<form method=\"post\" action=\"/login\" class=\"form\">\n");
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"back\" value=\"%s\"/>\n", back ? back : "");
	if (resume)
		resume_fields(r, resume == 2);
	html_fmt(b, "<p><label for=\"email\">%s</label><br/>"
		 "<input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"username\" "
		 "required=\"required\" maxlength=\"254\" value=\"%s\"%s/></p>\n",
		 tr(r, "電子郵件"), email ? email : "",
		 error ? " aria-describedby=\"login-error\"" : "");
	html_fmt(b, "<p><label for=\"password\">%s</label><br/>"
		 "<input id=\"password\" name=\"password\" type=\"password\" "
		 "autocomplete=\"current-password\" required=\"required\" maxlength=\"1024\"/></p>\n",
		 tr(r, "密碼"));
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "登入"));
	html_fmt(b, "<p class=\"muted\">%s</p>\n",
		 tr(r, "連續 5 次密碼錯誤，帳號會暫停 15 分鐘。忘記密碼請洽教育處系統管理員。"));
	page_end(r);
}

int page_login(struct request *r)
{
	if (r->staff.user_id)
		return req_redirect(r, back_or(&r->in[0], "/admin"));
	login_form(r, NULL, r->in[0].present ? r->in[0].s : NULL, NULL);
	return 0;
}

/* After signing in: one button that posts the carried fields again to
 * where they were going, with this session's form token. */
static int resume_page(struct request *r)
{
	struct buf *b = &r->out;
	const char *prefix = RESUME_PREFIX;
	page_begin(r, tr(r, "重新送出剛才的資料"), NULL);
	html_fmt(b, "<p>%s</p>\n", tr(r, "已重新登入。剛才填寫的內容還沒有儲存，請按下面的按鈕送出。"));
	html_fmt(b, "<form method=\"post\" action=\"%s\" class=\"form\">\n", resume_target(r));
	csrf_field(r);
	int n = 0;
	for (struct evkeyval *kv = r->form.tqh_first; kv && n < RESUME_MAX_FIELDS;
	     kv = kv->next.tqe_next) {
		if (!strncmp(kv->key, prefix, strlen(prefix)) && resumable(kv->key + strlen(prefix))) {
			hidden_input(b, "", kv->key + strlen(prefix), kv->value);
			n++;
		}
	}
	html_fmt(b, "<p><button type=\"submit\">%s</button> <a href=\"/admin\">%s</a></p>\n</form>\n",
		 tr(r, "送出剛才的資料"), tr(r, "不送出，回到工作人員首頁"));
	page_end(r);
	return 0;
}

int page_login_post(struct request *r)
{
	const char *email = r->in[0].s, *pw = r->in[1].s;
	const char *generic = tr(r, "電子郵件或密碼不正確。");
	struct dbq q;
	long long id = 0;
	int locked = 0, disabled = 0, ok = 0;
	char hash[PASSWORD_HASH_MAX] = "";

	if (!r->in[0].present || !r->in[1].present) {
		r->status = 400;
		login_form(r, email, r->in[2].s, tr(r, "請輸入電子郵件與密碼。"));
		return 0;
	}
	db_query(r->db, &q, ST_USER_BY_EMAIL, "t", email);
	int rc = db_next(&q);
	if (rc == 1) {
		id = db_int(&q, 0);
		if (!db_is_null(&q, 1))
			snprintf(hash, sizeof hash, "%s", db_text(&q, 1));
		locked = (int)db_int(&q, 2);
		disabled = (int)db_int(&q, 3);
	}
	db_done(&q);
	if (rc < 0)
		return req_fail(r, 500, "user lookup failed");
	ok = password_verify(hash[0] ? hash : NULL, pw);
	if (id && locked) {
		r->status = 403;
		audit_record(r, "login_locked", "user", id, NULL, NULL);
		login_form(r, email, r->in[2].s,
			   tr(r, "這個帳號因連續登入失敗，暫停使用 15 分鐘，請稍後再試。"));
		return 0;
	}
	if (!id || disabled || !ok) {
		if (id) {
			char lock[24];
			snprintf(lock, sizeof lock, "+%d minutes", LOGIN_LOCK_MIN);
			db_exec(r->db, ST_USER_LOGIN_FAILED, "iit", id, (long long)LOGIN_MAX_FAILURES, lock);
			audit_record(r, "login_failed", "user", id, NULL, NULL);
		}
		r->status = 401;
		login_form(r, email, r->in[2].s, generic);
		return 0;
	}
	char token[TOKEN_HEX];
	long long age = 0;
	int max_age = r->app->cfg.password_max_age_days;
	if (max_age > 0 && db_scalar(r->db, &age, ST_PASSWORD_AGE_DAYS, "i", id) == 1 &&
	    age > max_age) {
		/* The city's policy says this password is too old: a short-lived
		 * set-password link instead of a session. */
		char path[128];
		if (db_exec(r->db, ST_USER_LOGIN_OK, "i", id) < 0 ||
		    password_token_create(r->db, id, 1, token) < 0)
			return req_fail(r, 500, "cannot make a password link");
		audit_record(r, "password_expired", "user", id, NULL, NULL);
		snprintf(path, sizeof path, "/password/set?token=%s&expired=1", token);
		return req_redirect(r, path);
	}
	if (r->session_token[0])
		session_end(r);
	if (db_exec(r->db, ST_USER_LOGIN_OK, "i", id) < 0 ||
	    session_create(r->db, id, token) < 0)
		return req_fail(r, 500, "cannot start a session");
	session_set_cookie(r, token);
	r->staff.user_id = id;
	audit_record(r, "login", "user", id, NULL, NULL);
	if (resume_target(r))
		return resume_page(r);
	return req_redirect(r, back_or(&r->in[2], "/admin"));
}

int page_login_resume(struct request *r)
{
	r->status = 401;
	login_form_resume(r, NULL, NULL, NULL, 1);
	return 0;
}

int page_logout(struct request *r)
{
	long long id = r->staff.user_id;
	audit_record(r, "logout", "user", id, NULL, NULL);
	session_end(r);
	return req_redirect(r, "/");
}

int page_session_extend(struct request *r)
{
	/* session_load() has already moved the idle deadline on. */
	return req_redirect(r, back_or(&r->in[0], "/admin"));
}

/* Looks up a set-password token; fills id and email. 1 found, 0 not. */
static int password_link(struct request *r, const char *token, long long *id, char *email,
			 size_t n)
{
	unsigned char h[32];
	struct dbq q;
	if (token_hash(token, h) < 0)
		return 0;
	db_query(r->db, &q, ST_PASSWORD_TOKEN_LOOKUP, "b", h, sizeof h);
	int rc = db_next(&q);
	if (rc == 1) {
		*id = db_int(&q, 0);
		snprintf(email, n, "%s", db_text(&q, 1));
	}
	db_done(&q);
	return rc == 1;
}

static void password_form(struct request *r, const char *token, const char *email,
			  const char *error, int expired)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "設定密碼"), NULL);
	if (expired)
		html_fmt(b, "<p role=\"status\">%s</p>\n",
			 tr(r, "您的密碼已超過本府規定的使用期限，請設定新密碼後繼續。"));
	if (error)
		html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"pw-error\"><p>%s</p></div>\n",
			 error);
	html_fmt(b, "<p>%s <strong>%s</strong></p>\n", tr(r, "帳號："), email);
	html_raw_unescaped(b, "<form method=\"post\" action=\"/password/set\">\n");
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"token\" value=\"%s\"/>\n", token);
	html_fmt(b, "<p><label for=\"password\">%s</label><br/>"
		 "<input id=\"password\" name=\"password\" type=\"password\" "
		 "autocomplete=\"new-password\" required=\"required\" minlength=\"8\" "
		 "maxlength=\"128\" aria-describedby=\"pw-rules\"/></p>\n"
		 "<p id=\"pw-rules\" class=\"muted\">%s</p>\n",
		 tr(r, "新密碼"), tr(r, "8 到 128 個字元；不能是常見的密碼。可以用一句好記的話。"));
	html_fmt(b, "<p><label for=\"password2\">%s</label><br/>"
		 "<input id=\"password2\" name=\"password2\" type=\"password\" "
		 "autocomplete=\"new-password\" required=\"required\" maxlength=\"128\"/></p>\n",
		 tr(r, "再輸入一次新密碼"));
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "設定密碼"));
	page_end(r);
}

int page_password(struct request *r)
{
	long long id = 0;
	char email[256];
	if (!r->in[0].present || !password_link(r, r->in[0].s, &id, email, sizeof email))
		return req_fail(r, 404, "%s", tr(r, "這個連結無效或已過期，請向系統管理員索取新的連結。"));
	password_form(r, r->in[0].s, email, NULL, r->in[3].n == 1);
	return 0;
}

/* True if pw equals the user's current password or one of the last
 * history-1 earlier ones (the city's policy; history 0 checks nothing). */
static int recently_used(struct request *r, long long id, const char *pw, int history)
{
	struct dbq q;
	int used = 0;
	if (history <= 0)
		return 0;
	db_query(r->db, &q, ST_PASSWORD_RECENT, "ii", id, (long long)(history - 1));
	while (!used && db_next(&q) == 1)
		used = password_verify(db_text(&q, 0), pw);
	db_done(&q);
	return used;
}

/* Checks and stores a new password for user id and signs them in with a
 * fresh session. Returns 0 when done, 1 with *why (a msgid) when the
 * password breaks a rule, -1 on a failure (already answered 500). */
static int change_password(struct request *r, long long id, const char *pw, const char *pw2,
			   const char **why)
{
	char hash[PASSWORD_HASH_MAX], session[TOKEN_HEX];
	int history = r->app->cfg.password_history;
	*why = NULL;
	if (!pw || password_acceptable(pw, why) < 0)
		return 1;
	if (!pw2 || strcmp(pw, pw2)) {
		*why = N_("兩次輸入的密碼不一樣。");
		return 1;
	}
	if (recently_used(r, id, pw, history)) {
		*why = N_("不能使用最近用過的密碼，請換一個新的。");
		return 1;
	}
	if (password_hash(pw, hash) < 0)
		return req_fail(r, 500, "cannot hash the password"), -1;
	if (db_begin(r->db) < 0)
		return req_fail(r, 500, "cannot start a transaction"), -1;
	r->staff.user_id = id;
	if ((history > 0 && db_exec(r->db, ST_PASSWORD_HISTORY_ADD, "i", id) < 0) ||
	    db_exec(r->db, ST_USER_SET_PASSWORD, "it", id, hash) < 0 ||
	    db_exec(r->db, ST_USER_TOKENS_CLEAR, "i", id) < 0 ||
	    session_create(r->db, id, session) < 0 ||
	    audit_record(r, "set_password", "user", id, NULL, NULL) < 0 ||
	    db_commit(r->db) < 0) {
		db_rollback(r->db);
		return req_fail(r, 500, "cannot set the password"), -1;
	}
	session_set_cookie(r, session);
	return 0;
}

int page_password_post(struct request *r)
{
	const char *token = r->in[0].s, *why = NULL;
	long long id = 0;
	char email[256];
	if (!r->in[0].present || !password_link(r, token, &id, email, sizeof email))
		return req_fail(r, 404, "%s", tr(r, "這個連結無效或已過期，請向系統管理員索取新的連結。"));
	int rc = change_password(r, id, r->in[1].s, r->in[2].s, &why);
	if (rc < 0)
		return 500;
	if (rc == 1) {
		r->status = 400;
		r->staff.user_id = 0;
		password_form(r, token, email, tr(r, why), 0);
		return 0;
	}
	return req_redirect(r, "/admin");
}

/* GET /admin/password: a signed-in person changes their own password,
 * giving the current one first. */
static void change_form(struct request *r, const char *error)
{
	struct buf *b = &r->out;
	page_begin(r, tr(r, "變更密碼"), NULL);
	if (error)
		html_fmt(b, "<div class=\"error-box\" role=\"alert\" id=\"pw-error\"><p>%s</p></div>\n",
			 error);
	html_raw_unescaped(b, "<form method=\"post\" action=\"/admin/password\">\n");
	csrf_field(r);
	html_fmt(b, "<p><label for=\"current\">%s</label><br/>"
		 "<input id=\"current\" name=\"current\" type=\"password\" "
		 "autocomplete=\"current-password\" required=\"required\" maxlength=\"1024\"/></p>\n",
		 tr(r, "目前的密碼"));
	html_fmt(b, "<p><label for=\"password\">%s</label><br/>"
		 "<input id=\"password\" name=\"password\" type=\"password\" "
		 "autocomplete=\"new-password\" required=\"required\" minlength=\"8\" "
		 "maxlength=\"128\" aria-describedby=\"pw-rules\"/></p>\n"
		 "<p id=\"pw-rules\" class=\"muted\">%s</p>\n",
		 tr(r, "新密碼"), tr(r, "8 到 128 個字元；不能是常見的密碼。可以用一句好記的話。"));
	html_fmt(b, "<p><label for=\"password2\">%s</label><br/>"
		 "<input id=\"password2\" name=\"password2\" type=\"password\" "
		 "autocomplete=\"new-password\" required=\"required\" maxlength=\"128\"/></p>\n",
		 tr(r, "再輸入一次新密碼"));
	html_fmt(b, "<p><button type=\"submit\">%s</button></p>\n</form>\n", tr(r, "變更密碼"));
	page_end(r);
}

int page_change_password(struct request *r)
{
	change_form(r, NULL);
	return 0;
}

int page_change_password_post(struct request *r)
{
	struct dbq q;
	char hash[PASSWORD_HASH_MAX] = "";
	const char *why = NULL;
	long long id = r->staff.user_id;
	db_query(r->db, &q, ST_PASSWORD_RECENT, "ii", id, 0LL);
	if (db_next(&q) == 1)
		snprintf(hash, sizeof hash, "%s", db_text(&q, 0));
	db_done(&q);
	if (!r->in[0].present || !password_verify(hash[0] ? hash : NULL, r->in[0].s)) {
		r->status = 400;
		change_form(r, tr(r, "目前的密碼不正確。"));
		return 0;
	}
	int rc = change_password(r, id, r->in[1].s, r->in[2].s, &why);
	if (rc < 0)
		return 500;
	if (rc == 1) {
		r->status = 400;
		change_form(r, tr(r, why));
		return 0;
	}
	return req_redirect(r, "/admin");
}
