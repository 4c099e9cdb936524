/* inquiry — the consultation service (終身學習諮詢): citizens ask a
 * question (ask.c), staff answer it (inquiry_admin.c), the Education
 * Department follows the response times (inquiry_stats.c) and keeps an FAQ
 * (faq.c). What those pages share is here (inquiry.c).
 *
 * A case is routed to the institution the citizen chose, else to the
 * Education Department (institution_id NULL: the administrators' cases),
 * who can hand it on. Institution staff see only their institution's
 * cases; a case of another institution is a 404 to them. The citizen
 * reaches the case by private links (a token shown once and e-mailed;
 * only hashes are stored) and can close it or delete its content and
 * contact data. Answered cases left idle are closed, and closed cases
 * lose their content and contact data, by the rules of
 * inquiry/retention.h. */
#ifndef LIFELONG_PAGES_INQUIRY_H
#define LIFELONG_PAGES_INQUIRY_H

#include "auth/session.h"
#include "db/statements.h"
#include "inquiry/retention.h"
#include "pages/pages.h"

#define INQUIRY_QUESTION_MAX 2000	/* code points, counted by the server */
#define INQUIRY_ANSWER_MAX 5000
#define FAQ_TEXT_MAX 2000

/* Columns of ST_INQ_GET and ST_INQ_BY_TOKEN. */
enum inq_col {
	IQ_ID, IQ_CASE_NO, IQ_TOPIC, IQ_INST_ID, IQ_INST_NAME, IQ_QUESTION, IQ_EMAIL, IQ_PHONE,
	IQ_STATUS, IQ_CREATED, IQ_ANSWERED, IQ_CLOSED, IQ_ASSIGNED_ID, IQ_ASSIGNED_EMAIL,
	IQ_LANG, IQ_REDACTED, IQ_AGE_DAYS
};

/* A case as loaded by inquiry_load(); strings malloc'd (NULL when the
 * column is NULL), freed by inquiry_free(). */
struct inquiry {
	long long id, institution_id, assigned_id, age_days;	/* 0: none */
	char *case_no, *topic, *institution, *question, *email, *phone, *status;
	char *created_at, *answered_at, *closed_at, *assigned_email, *lang, *redacted_at;
};

/* The topic codes a question (and an FAQ entry) is filed under,
 * NULL-terminated; their names for people (translated). */
extern const char *const inquiry_topics[];
const char *inquiry_topic_name(const struct request *r, const char *code);
/* "open", "answered", "closed" for people. */
const char *inquiry_status_name(const struct request *r, const char *status);

/* Loads case id (hash NULL) or the case of a private link's token hash
 * (32 bytes). Returns 1 and fills q, 0 when there is none, -1 on failure
 * (q is then empty; inquiry_free is safe in every case). */
int inquiry_load(struct request *r, long long id, const unsigned char *hash, struct inquiry *q);
void inquiry_free(struct inquiry *q);

/* Makes a new private link to case id: token receives it, its hash is
 * stored. Returns 0 or -1. */
int inquiry_link_new(struct request *r, long long id, char token[TOKEN_HEX]);

/* Removes the question, contact data, notes, links and queued mails of
 * case id (0: of every case closed longer ago than the retention period)
 * and marks it closed and redacted. Inside the caller's transaction.
 * Returns 0 or -1. */
int inquiry_redact(struct request *r, long long id);

/* Queues the e-mail telling the citizen of case id (who gave an address)
 * that it was received (note_id 0) or answered (note_id: the answer, with
 * its suggested courses), in the language they asked in, with a private
 * link (token: the one just made, or NULL to make a fresh one). Inside
 * the caller's transaction. Returns 1 queued, 0 no address, -1 failure. */
int inquiry_mail(struct request *r, long long id, long long note_id, const char *token);

/* Appends an <option> per row of st, value column 0 (an id) and label
 * column 1, selected when the id is sel: ST_INQ_INSTITUTIONS (arg
 * unused), or ST_INQ_ASSIGNABLE for institution arg. Returns 0 or -1. */
int inquiry_options(struct request *r, enum stmt_id st, long long arg, long long sel);

/* The answers (kind 'answer') of case id with their suggested courses as
 * links, or also the internal notes (staff), as a list with author and
 * time. Returns 0 or -1. */
int inquiry_history_html(struct request *r, long long id, int staff);

/* Writes the published FAQ entries matching expr (an FTS expression),
 * at most limit, as <details> items inside a list; returns how many, or
 * -1. */
int faq_list_html(struct request *r, const char *expr, int limit, int heading_level);

/* Handlers and their fields (routes.c). */
int page_ask(struct request *r);
int page_ask_post(struct request *r);
int page_inquiry(struct request *r);
int page_inquiry_close_post(struct request *r);
int page_inquiry_delete_post(struct request *r);
int page_faq(struct request *r);
int page_bo_inquiries(struct request *r);
int page_bo_inquiry(struct request *r);
int page_bo_inquiry_answer(struct request *r);
int page_bo_inquiry_note(struct request *r);
int page_bo_inquiry_assign(struct request *r);
int page_bo_inquiry_route(struct request *r);
int page_bo_inquiry_status(struct request *r);
int page_bo_inquiry_stats(struct request *r);
int page_bo_inquiry_stats_csv(struct request *r);
int page_bo_faqs(struct request *r);
int page_bo_faq_create(struct request *r);
int page_bo_faq(struct request *r);
int page_bo_faq_update(struct request *r);
int page_bo_faq_delete(struct request *r);

extern const struct param_spec ask_params[];
extern const struct param_spec inquiry_confirm_params[];
extern const struct param_spec faq_params[];
extern const struct param_spec inq_list_params[];
extern const struct param_spec inq_answer_params[];
extern const struct param_spec inq_note_params[];
extern const struct param_spec inq_assign_params[];
extern const struct param_spec inq_route_params[];
extern const struct param_spec inq_status_params[];
extern const struct param_spec inq_stats_params[];
extern const struct param_spec faq_edit_params[];

/* Writes the response-time table of the consultation service for the
 * Gregorian year (a heading, the table, a link to the full page) into
 * r->out, for the plan dashboard. 0, or -1 when the database failed. */
int inquiry_stats_section(struct request *r, int year);

#endif
