/* pages — every page and API handler (one file each, or a few related
 * per file), and the page frame they share. The route table in
 * src/http/routes.c says which handler answers which path. */
#ifndef LIFELONG_PAGES_PAGES_H
#define LIFELONG_PAGES_PAGES_H

#include "core/roc.h"
#include "http/request.h"

/* Interface text (po/README.md). The msgid is the zh-Hant text, written as
 * a string literal where it is used so that `make pot` (xgettext) finds it.
 * tr() returns its translation into the request's language, or the msgid
 * when the catalogue lacks it. A msgid with printf conversions is checked
 * by the compiler against the arguments (format_arg). Translations are
 * text, never markup: print them escaped (html_fmt's %s, html_tr). */
__attribute__((format_arg(2)))
static inline const char *tr(const struct request *r, const char *msgid)
{
	return i18n_get(r->lang, msgid);
}

/* As tr() with a context (msgctxt), for a short msgid that means different
 * things in different places: trp(r, "字級", "大"). */
__attribute__((format_arg(3)))
static inline const char *trp(const struct request *r, const char *ctxt, const char *msgid)
{
	return i18n_pget(r->lang, ctxt, msgid);
}

/* The form of a message with a plural for the number n ("%lld course" /
 * "%lld courses"). zh-Hant has one form: pass the same msgid twice. */
__attribute__((format_arg(2), format_arg(3)))
static inline const char *trn(const struct request *r, const char *msgid,
			      const char *msgid_plural, unsigned long n)
{
	return i18n_nget(r->lang, msgid, msgid_plural, n);
}

/* N_() and NC_() (core/i18n.h) mark a literal in a static table for
 * extraction; translate it with tr()/trp() where it is shown. */

/* Append to r->out, HTML-escaped (lang.c): the translation of msgid;
 * the translation of msgid formatted with the arguments (printf
 * conversions; positional %1$s allowed in translations); and the plural
 * form of msgid for n, formatted (pass n among the arguments too). */
void html_tr(struct request *r, const char *msgid);
void html_trf(struct request *r, const char *msgid, ...)
	__attribute__((format(printf, 2, 3)));
void html_trnf(struct request *r, const char *msgid, const char *msgid_plural,
	       unsigned long n, ...) __attribute__((format(printf, 2, 5)));
/* Appends the plural form of msgid for n, whose one conversion (%lld) is
 * written as <span class="num">n</span> and the rest escaped: "<span
 * class="num">3</span> courses". */
void html_count(struct request *r, const char *msgid, const char *msgid_plural, long long n);

/* The page frame (layout.c). page_begin() writes everything up to and
 * including the page's <h1>title</h1>; page_end() closes main and writes the
 * footer. nav marks the current main-menu entry ("home", …) or NULL. */
void page_begin(struct request *r, const char *title, const char *nav);
void page_end(struct request *r);
/* Appends the path and query the request came with, HTML-escaped, for
 * "return here" links. */
void page_self_url(struct request *r, struct buf *b);
/* Content (course titles, institution and district names…) keeps the
 * language it was written in. page_lang_attr() appends ` lang="code"` to
 * an element the caller is writing when code (BCP 47; NULL means zh-Hant,
 * the language of the city's data) differs from the interface language,
 * and nothing when they match. page_content() writes the whole element:
 * <tag lang="…">text</tag>, text escaped. (layout.c) */
void page_lang_attr(struct request *r, const char *code);
void page_content(struct request *r, const char *tag, const char *text, const char *code);
/* The city's name as the interface shows it: the Chinese name in zh-Hant,
 * the English one ("Keelung City") in the other languages. (layout.c) */
const char *page_city(const struct request *r);
/* Appends a date (iso "YYYY-MM-DD…") in the interface language inside
 * <time datetime>: the ROC date in zh-Hant, the Gregorian date in the
 * language's long form otherwise (core/roc.h date_html_lang; flags
 * DATE_WEEKDAY). Use this, not roc_html_date(), in pages. (lang.c) */
void page_date(struct request *r, const char *iso, unsigned flags);

/* The signed-in staff member's strip in the header (staffbar.c). */
void page_staff_bar(struct request *r);

/* Replaces the reply with an error page (or JSON {"error": …} for API
 * routes) for status, using r->error as the message. 5xx pages show only
 * a generic message and the request id. (error.c) */
void render_error(struct request *r, int status);

/* Handlers (see routes.c). */
int page_home(struct request *r);
int page_sitemap(struct request *r);
int page_privacy(struct request *r);
int page_security(struct request *r);
int page_prefs(struct request *r);
int page_map(struct request *r);
int page_guide(struct request *r);
int page_guide_results(struct request *r);
/* The fields of /guide and /guide/results (guide.c). */
extern const struct param_spec guide_params[];
int page_login(struct request *r);
int page_login_post(struct request *r);
/* The sign-in form for a POST that arrived without a live session (401),
 * carrying the posted fields so they can be sent again after signing in.
 * Needs r->form parsed. */
int page_login_resume(struct request *r);
int page_logout(struct request *r);
int page_session_extend(struct request *r);
int page_password(struct request *r);
int page_password_post(struct request *r);
int page_change_password(struct request *r);
int page_change_password_post(struct request *r);
int page_admin(struct request *r);
int page_admin_audit(struct request *r);
int api_csrf(struct request *r);
int api_healthz(struct request *r);
int api_plan(struct request *r);
int api_institutions(struct request *r);
/* GET /search and GET /api/v1/courses: the course search (search.c) */
int page_search(struct request *r);
/* announcements of all institutions, their JSON and outgoing feeds (news.c) */
int page_news(struct request *r);
int api_news(struct request *r);
int feed_news_rss(struct request *r);
int feed_news_atom(struct request *r);
int feed_institution_news_rss(struct request *r);
int feed_institution_news_atom(struct request *r);
/* The home page's section of the latest announcements. Returns 0 or -1. */
int home_news(struct request *r);
/* The back office's table of institution inst's feeds: last success,
 * last error, items held (nothing when it has no feeds). */
void bo_feed_status(struct request *r, long long inst);
int api_courses(struct request *r);
/* the public portal: directory.c, course.c, feeds.c, calendar.c, opendata.c */
int page_institutions(struct request *r);
int page_institution(struct request *r);
int page_course(struct request *r);
int page_calendar(struct request *r);
int page_open_data(struct request *r);
int ics_course(struct request *r);
int ics_institution(struct request *r);
int ics_calendar(struct request *r);
int od_institutions(struct request *r);
int od_courses(struct request *r);
int od_sessions(struct request *r);
int api_course(struct request *r);
/* plan tracking: public summary and API (kpi_public.c), staff dashboard
 * (kpi_dashboard.c), downloads (kpi_reports.c) */
int page_plan(struct request *r);
int api_kpi(struct request *r);
int page_admin_kpi(struct request *r);
int page_admin_kpi_indicator(struct request *r);
int page_admin_kpi_records(struct request *r);
int page_admin_kpi_report(struct request *r);
/* plan back office: grants and meetings (kpi_records_admin.c), volunteers
 * (kpi_volunteers.c), the plan, targets and rules (kpi_plan_admin.c) */
int page_admin_grants(struct request *r);
int page_admin_grant_new(struct request *r);
int page_admin_grant(struct request *r);
int page_admin_grant_create(struct request *r);
int page_admin_grant_update(struct request *r);
int page_admin_grant_delete(struct request *r);
int page_admin_meetings(struct request *r);
int page_admin_meeting_new(struct request *r);
int page_admin_meeting(struct request *r);
int page_admin_meeting_create(struct request *r);
int page_admin_meeting_update(struct request *r);
int page_admin_meeting_delete(struct request *r);
int page_admin_volunteers(struct request *r);
int page_admin_volunteer(struct request *r);
int page_admin_volunteer_create(struct request *r);
int page_admin_volunteer_update(struct request *r);
int page_admin_volunteer_delete(struct request *r);
int page_admin_training_create(struct request *r);
int page_admin_training(struct request *r);
int page_admin_training_update(struct request *r);
int page_admin_training_delete(struct request *r);
int page_admin_plan(struct request *r);
int page_admin_plan_indicator(struct request *r);
int page_admin_plan_indicator_post(struct request *r);
int page_admin_plan_new(struct request *r);
int page_admin_plan_create(struct request *r);
/* registration and the learner's own page: registration.c, learner.c,
 * reg_staff.c (the shared work and the routes' fields: reg.h) */
int page_register(struct request *r);
int page_register_post(struct request *r);
int page_registration(struct request *r);
int page_registration_cancel(struct request *r);
int page_registration_cancel_post(struct request *r);
int api_register(struct request *r);
int api_registration(struct request *r);
int api_registration_delete(struct request *r);
int page_learner(struct request *r);
int page_learner_cancel_post(struct request *r);
int learner_export(struct request *r);
int page_learner_delete(struct request *r);
int page_learner_delete_post(struct request *r);
int page_staff_registrations(struct request *r);
int page_staff_register_post(struct request *r);
int page_staff_childcare_post(struct request *r);
int page_staff_cancel_post(struct request *r);
/* the institution back office (admin_*.c; shared parts and the routes'
 * fields: backoffice.h) and the public news item and attachments
 * (announcement.c) */
int page_bo_institutions(struct request *r);
int page_bo_institution(struct request *r);
int page_bo_institution_update(struct request *r);
int page_bo_courses(struct request *r);
int page_bo_course_new(struct request *r);
int page_bo_course_create(struct request *r);
int page_bo_course(struct request *r);
int page_bo_course_edit(struct request *r);
int page_bo_course_update(struct request *r);
int page_bo_course_status(struct request *r);
int page_bo_course_copy_form(struct request *r);
int page_bo_course_copy(struct request *r);
int page_bo_course_delete_form(struct request *r);
int page_bo_course_delete(struct request *r);
int page_bo_session_new(struct request *r);
int page_bo_session_create(struct request *r);
int page_bo_session(struct request *r);
int page_bo_session_update(struct request *r);
int page_bo_session_delete(struct request *r);
int page_bo_attendance(struct request *r);
int page_bo_attendance_post(struct request *r);
int page_bo_announcements(struct request *r);
int page_bo_announcement_new(struct request *r);
int page_bo_announcement_create(struct request *r);
int page_bo_announcement(struct request *r);
int page_bo_announcement_update(struct request *r);
int page_bo_announcement_delete(struct request *r);
int page_bo_attachment_delete(struct request *r);
int page_bo_import(struct request *r);
int page_bo_import_preview(struct request *r);
int page_bo_import_commit(struct request *r);
int page_bo_import_delete(struct request *r);
int page_announcement(struct request *r);
int page_attachment(struct request *r);

#endif
