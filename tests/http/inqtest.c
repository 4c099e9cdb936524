/* inqtest — see inqtest.h. */
#include "inqtest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "regtest.h"

long inq_post(const struct server *s, struct browser *b, const char *path, struct buf *f,
	      struct reply *out)
{
	char csrf[80];
	struct reply r;
	long st = -1;
	if (browser_get(s, b, "/ask", &r) == 0 && form_csrf(&r, csrf, sizeof csrf) == 0) {
		reply_free(&r);
		form_add(f, "csrf", csrf);
		if (browser_post(s, b, path, buf_cstr(f), &r) == 0) {
			st = r.status;
			if (out)
				*out = r;
			else
				reply_free(&r);
		}
	} else {
		reply_free(&r);
	}
	buf_reset(f);
	return st;
}

long inq_ask(const struct server *s, struct browser *b, const char *topic, const char *question,
	     long long inst, const char *email, const char *phone, int consent,
	     const char *honeypot, const char *action, struct reply *out)
{
	struct buf f = BUF_INIT;
	char n[32];
	if (topic)
		form_add(&f, "topic", topic);
	form_add(&f, "question", question);
	if (inst) {
		snprintf(n, sizeof n, "%lld", inst);
		form_add(&f, "institution", n);
	}
	form_add(&f, "email", email ? email : "");
	form_add(&f, "phone", phone ? phone : "");
	if (consent)
		form_add(&f, "consent", "yes");
	form_add(&f, "url", honeypot ? honeypot : "");
	form_add(&f, "action", action);
	long st = inq_post(s, b, "/ask", &f, out);
	buf_free(&f);
	return st;
}

long long inq_new_case(const struct server *s, const char *question, long long inst,
		       const char *email, char token[33])
{
	struct browser b = {""};
	struct reply r;
	token[0] = '\0';
	if (inq_ask(s, &b, "courses", question, inst, email, email ? NULL : "0912-345-678", 1, NULL,
		    "send", &r) != 200)
		return -1;
	int rc = find_token(buf_cstr(&r.body), "/inquiries/", token);
	reply_free(&r);
	if (rc < 0)
		return -1;
	return regtest_int(s, "SELECT max(id) FROM inquiries");
}

void inq_well_formed(const struct reply *r, const char *what)
{
	struct buf err = BUF_INIT;
	if (html_well_formed(r, &err) < 0)
		fail_msg("%s is not well-formed: %s", what, buf_cstr(&err));
	buf_free(&err);
}
