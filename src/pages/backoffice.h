/* backoffice — what the institution back office pages (admin_*.c) share:
 * who may touch which institution's rows, the back-office menu, and form
 * fields that show their error next to them, keep what was typed and are
 * tied to their message for screen readers (aria-describedby,
 * aria-invalid). */
#ifndef LIFELONG_PAGES_BACKOFFICE_H
#define LIFELONG_PAGES_BACKOFFICE_H

#include <jansson.h>

#include "pages/pages.h"

#define BO_MAX_ERRORS 40

/* The problems found in a submitted form: field name → message. */
struct form_errors {
	int n;
	struct {
		const char *field;	/* static or owned by the request */
		char msg[400];
	} e[BO_MAX_ERRORS];
};

/* Records the message (already translated; printf-style) for field. The
 * first message of a field wins. */
void fe_add(struct form_errors *fe, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The message for field, or NULL. */
const char *fe_get(const struct form_errors *fe, const char *field);

/* Access: 0 when r's staff member may work on the rows of institution
 * (administrators: any; institution staff: their own), else sets a 403
 * reply and returns 403. An institution of 0 (unknown) is refused. */
int bo_may(struct request *r, long long institution);

/* The institution a list shows: an institution user's own; for an
 * administrator the ?institution= choice (0: all). */
long long bo_scope(struct request *r, const struct param_value *choice);

/* The raw submitted value of a field (form for POST, query for GET) or
 * "" — for redisplaying what was typed. */
const char *bo_val(struct request *r, const char *name);

/* The back-office menu under the page title; current is "courses",
 * "announcements", "import", "institution" or NULL. */
void bo_nav(struct request *r, const char *current);

/* For administrators, a GET form choosing the institution of a list
 * (action: the list's path); nothing for institution staff. */
void bo_institution_chooser(struct request *r, const char *action, long long current);

/* Writes the summary of the form's problems (role="alert", each linked to
 * its field), or nothing when there are none. */
void bo_error_summary(struct request *r, const struct form_errors *fe);

/* A field's <div>: label, optional hint, the error message, then the
 * control. type: "text", "number" (a text field with the numeric
 * keyboard), "url", "tel", "email"; required adds the (必填) mark and
 * required attribute. */
void bo_input(struct request *r, const struct form_errors *fe, const char *name,
	      const char *label, const char *type, const char *value, int maxlength,
	      const char *hint, int required);
void bo_textarea(struct request *r, const struct form_errors *fe, const char *name,
		 const char *label, const char *value, int maxlength, int rows, const char *hint);
/* <select>: options is a NULL-terminated list of value, label pairs. */
void bo_select(struct request *r, const struct form_errors *fe, const char *name,
	       const char *label, const char *const *options, const char *value,
	       const char *hint);
/* <option value="value">label</option> (both escaped), selected when sel. */
void bo_option(struct request *r, const char *value, const char *label, int sel);
/* Appends ` aria-describedby="ids"` when ids is not empty and
 * ` aria-invalid="true"` when invalid, inside a tag being written. */
void bo_aria(struct request *r, const char *ids, int invalid);

/* The opening part of a fieldset with a legend, hint and error (for
 * groups of checkboxes or radio buttons); close with bo_fieldset_end. */
void bo_fieldset_begin(struct request *r, const struct form_errors *fe, const char *name,
		       const char *legend, const char *hint);
void bo_fieldset_end(struct request *r);
/* One checkbox or radio button (kind "checkbox"/"radio") inside a
 * fieldset, or alone; id must be unique in the page. */
void bo_choice(struct request *r, const char *kind, const char *name, const char *id,
	       const char *value, const char *label, int checked);

/* Dates typed by people: "2026-03-05", "2026/3/5", or the ROC date
 * "115/3/5" / "115-03-05" (民國). Writes "YYYY-MM-DD" into out; 0 or -1
 * (not a real date). */
int bo_parse_date(const char *s, char out[11]);
/* Times typed by people: "9:30", "09:30", "19:00". Writes "HH:MM"; 0 or -1. */
int bo_parse_time(const char *s, char out[6]);
/* A whole number from lo to hi with nothing else (spaces around allowed);
 * 0 and *out, or -1. */
int bo_parse_count(const char *s, long long lo, long long hi, long long *out);

/* Appends a session's time as people read it: the date in the interface
 * language with the weekday, then "19:00–21:00". */
void bo_session_when(struct request *r, const char *starts_at, const char *ends_at);

/* The audit record of a change, when ok (the change so far succeeded,
 * inside its transaction): audit_record(); otherwise it only releases the
 * JSON values. Both references are always stolen. Returns 0 when ok and
 * recorded, else -1. Lets a handler chain its steps without leaking. */
int bo_audit(struct request *r, int ok, const char *action, const char *entity, long long id,
	     json_t *old_value, json_t *new_value);

/* Columns of ST_BO_COURSE_GET. */
enum bo_course_col {
	CG_ID, CG_INST, CG_TITLE, CG_DESC, CG_CATEGORY, CG_LANGUAGE, CG_FEE, CG_FORMAT,
	CG_CHILDCARE, CG_PROGRAMME, CG_CAPACITY, CG_URL, CG_STATUS, CG_INST_NAME, CG_UPDATED,
	CG_AUDIENCES, CG_CATEGORY_NAME, CG_ENROLLED, CG_WAITLISTED
};

/* The course of the URL ({id}): its institution into *inst; 0, or 404
 * when there is no such course, or 403 (bo_may). */
int bo_course_access(struct request *r, long long *inst);

/* JSON of a course row as stored (for the audit log); NULL if not found.
 * The caller owns the reference. */
json_t *bo_course_json(struct request *r, long long id);

/* Back-office route fields (in the order each handler reads r->in). */
extern const struct param_spec bo_list_params[];
extern const struct param_spec bo_institution_params[];
extern const struct param_spec bo_course_params[];
extern const struct param_spec bo_course_status_params[];
extern const struct param_spec bo_course_copy_params[];
extern const struct param_spec bo_confirm_params[];
extern const struct param_spec bo_session_new_params[];
extern const struct param_spec bo_session_params[];
extern const struct param_spec bo_attendance_params[];
extern const struct param_spec bo_announcement_params[];
extern const struct param_spec bo_import_params[];

#endif
