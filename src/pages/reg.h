/* reg — registering learners for courses, shared by the public form
 * (registration.c), the JSON API (registration.c), the staff pages
 * (reg_staff.c) and the learner's own page (learner.c):
 *
 * - places are allocated in one transaction (BEGIN IMMEDIATE), comparing
 *   the enrolled count with the capacity, so a course is never oversold;
 *   the rest join the waiting line at places 1, 2, 3…;
 * - a place given up goes to the first in line, the line moves up
 *   (renumbered without gaps) and the person is told by e-mail;
 * - a learner is the same person across registrations when name and
 *   e-mail match (without an e-mail: name and phone), so the learning
 *   passport adds up across institutions;
 * - private links: each registration has its own (its token's hash is
 *   stored), and a learner's page is reached by learner links sent by
 *   e-mail (shown on screen only to staff, or to a new learner who gave
 *   no e-mail address, so the screen never reveals whether someone has
 *   registered before).
 *
 * Personal data is kept to name, phone or e-mail, and the optional age
 * band and district; the notice of 個人資料保護法 §8 is on every form. */
#ifndef LIFELONG_PAGES_REG_H
#define LIFELONG_PAGES_REG_H

#include "auth/session.h"
#include "core/buf.h"
#include "http/params.h"
#include "http/request.h"

/* Columns of ST_REG_BY_TOKEN and ST_REG_BY_ID. */
enum reg_col {
	REG_ID, REG_COURSE_ID, REG_LEARNER_ID, REG_STATUS, REG_POSITION, REG_CHANNEL,
	REG_CHILDCARE, REG_CREATED, REG_UPDATED, REG_PROMOTED, REG_TITLE, REG_INST_ID,
	REG_INST_NAME, REG_INST_PHONE, REG_NAME, REG_EMAIL, REG_PHONE, REG_LANG, REG_LAST_END,
	REG_FIRST_START
};

/* Columns of ST_REG_COURSE. */
enum reg_course_col {
	RC_ID, RC_TITLE, RC_CAPACITY, RC_INST_ID, RC_INST_NAME, RC_CHILDCARE, RC_PROGRAMME,
	RC_LAST_END, RC_ENROLLED, RC_WAITING, RC_LAST_PLACE, RC_INST_PHONE, RC_STATUS
};

/* The fields of a registration (form or JSON), in the order of reg_params
 * and so of r->in; reg_staff_params adds RF_CHANNEL. */
enum reg_field {
	RF_NAME, RF_PHONE, RF_EMAIL, RF_AGE_BAND, RF_DISTRICT, RF_CHILDCARE, RF_CONSENT,
	RF_CHANNEL, RF__COUNT
};

extern const struct param_spec reg_params[];
extern const struct param_spec reg_staff_params[];
/* registration (an id), confirm (yes/no), childcare (yes/no): the staff
 * actions on one registration and the learner's own cancelling */
extern const struct param_spec reg_action_params[];
/* cancelled (an id): the notice after the learner cancelled one */
extern const struct param_spec reg_learner_params[];
/* confirm (yes/no) */
extern const struct param_spec reg_confirm_params[];
/* The age-band codes, NULL-terminated (the choices of age_band). */
extern const char *const reg_age_bands[];

/* A registration read from r->in and checked. */
struct reg_form {
	char *name;		/* NFC, trimmed; malloc'd */
	char *phone;		/* digits (and + / #extension); NULL when not given */
	char *email;		/* lower case; NULL when not given */
	const char *age_band;	/* a code of reg_age_bands, or NULL */
	long long district_id;	/* 0: not given */
	int childcare;		/* childcare requested (programme 1) */
	int consent;
	const char *channel;	/* "web", "counter" or "phone" */
	const char *err[RF__COUNT];	/* the message for each wrong field, or NULL */
	int n_err;
};

/* Reads and checks the fields of r->in (reg_params, or reg_staff_params
 * when staff). Fills f (free with reg_form_free). Returns 0 when all is
 * well, 1 when some field is wrong (f->err), -1 on a database error. */
int reg_form_read(struct request *r, struct reg_form *f, int staff);
void reg_form_free(struct reg_form *f);

/* The outcome of reg_create(). */
struct reg_result {
	long long id;		/* the registration */
	long long learner_id;
	int enrolled;		/* 1 enrolled, 0 on the waiting line */
	long long position;	/* place in the waiting line (0 when enrolled) */
	int new_learner;	/* the learner was created now */
	int mailed;		/* a confirmation e-mail was queued */
	char token[TOKEN_HEX];	/* the registration's private link token */
	char learner_token[TOKEN_HEX];	/* a learner link to show, or "" */
};

/* Registers f for course_id in one transaction: finds or creates the
 * learner, takes a place or the next place in the waiting line, queues
 * the confirmation e-mail (with the course's sessions as an .ics for an
 * enrolled place) and records it in the audit log. A learner link is put
 * in out->learner_token when show_link (staff) or when the learner is
 * new and gave no e-mail address. Returns 0, or an HTTP status after
 * req_fail(): 404 no such published course, 409 course over or already
 * registered, 503 the database stayed busy, 500. */
int reg_create(struct request *r, long long course_id, const struct reg_form *f, int show_link,
	       struct reg_result *out);

/* Cancels registration id in one transaction; a place freed goes to the
 * waiting line (reg_fill_places). Cancelling a cancelled registration
 * changes nothing. Returns 0 or an HTTP status after req_fail(). */
int reg_cancel(struct request *r, long long id);
/* As reg_cancel() inside the caller's transaction. Returns 0, 1 when
 * there is no such registration, -1 on failure. */
int reg_cancel_tx(struct request *r, long long id);
/* Fails a request whose transaction could not start, run or commit:
 * rolls back, then 503 with Retry-After when the database stayed busy,
 * else 500 (after req_fail()). */
int reg_tx_failed(struct request *r);

/* Inside a transaction: gives the free places of course_id to the first
 * in its waiting line, one after another, moving the line up and telling
 * each by e-mail (with a learner link and the .ics). Nothing moves once
 * the course is over. For any change that frees places (a cancellation,
 * a larger capacity). Returns how many moved up, or -1. */
int reg_fill_places(struct request *r, long long course_id);

/* Makes a new learner link for learner_id: token receives it, its hash
 * is stored. Returns 0 or -1. */
int reg_learner_link(struct db *db, long long learner_id, char token[TOKEN_HEX]);

/* Appends the absolute address origin + path + token (for links shown to
 * be kept, and in e-mails). Unescaped: escape it for HTML. */
void reg_url(struct request *r, struct buf *b, const char *path, const char *token);

/* The name of a status ("enrolled", "waitlisted", "cancelled") for
 * people, with the place in line for waitlisted ("候補第 3 位"), escaped
 * into r->out. */
void reg_status_html(struct request *r, const char *status, long long position);
/* The name of an age-band code for people, or "" for NULL/unknown. */
const char *reg_age_band_name(struct request *r, const char *code);
/* The name of a channel code (web, counter, phone) for people. */
const char *reg_channel_name(struct request *r, const char *code);

/* The notice of 個人資料保護法 §8 (purpose, data, period, area,
 * recipients and manner of use, rights, what happens without the data),
 * as a box on a form that collects personal data. */
void reg_pdpa_notice(struct request *r);

/* The fields of a registration form (inside <form>, after the CSRF
 * field): what was typed kept from r->in, each error of f (may be NULL)
 * next to its field. childcare: the course offers childcare (or, on the
 * staff form, belongs to programme 1), so it can be asked for; staff: the
 * staff form (channel, consent given on the learner's behalf). */
void reg_form_fields(struct request *r, const struct reg_form *f, int childcare, int staff);
/* The list of f's errors, each linking to its field, for the top of a
 * form that came back (role="alert"). */
void reg_form_error_summary(struct request *r, const struct reg_form *f);

/* The checks of the registration form, for other forms that ask for
 * contact data: reg_trimmed() is a malloc'd NFC copy of s without spaces
 * at either end (NULL: no memory); reg_phone_norm() writes a phone number
 * as digits (and + / #extension) into out, 0 or -1 (not a phone number);
 * reg_email_norm() checks and lower-cases an address in place, 0 or -1. */
char *reg_trimmed(const char *s);
int reg_phone_norm(const char *in, char *out, size_t n);
int reg_email_norm(char *s);
/* Appends the site's address for links in e-mails (meta site_url, else
 * the address the server listens on; never the request's Host). */
void reg_mail_origin(struct request *r, struct buf *b);

/* Marks a reply as private (a page reached by a private link): not
 * stored by caches, not indexed. */
void reg_private_reply(struct request *r);

/* Queues the e-mails (reg_mail.c). Each carries a new learner link.
 * confirmation: after registering (token: the registration's link
 * token); promoted: a waiting place became a seat. Both do nothing for a
 * learner without an e-mail address. Return 1 when a mail was queued, 0
 * when none, -1 on failure. Call inside the registration's transaction. */
int reg_mail_confirmation(struct request *r, long long reg_id, const char *token);
int reg_mail_promoted(struct request *r, long long reg_id);

#endif
