/* The route table: every path the server answers, in one place. */
#include <event2/http.h>
#include <stddef.h>

#include "http/router.h"
#include "pages/backoffice.h"
#include "pages/inquiry.h"
#include "pages/kpi_pages.h"
#include "pages/pages.h"
#include "pages/reg.h"
#include "pages/alerts.h"
#include "search/search.h"

#define GET EVHTTP_REQ_GET
#define POST EVHTTP_REQ_POST
#define DELETE EVHTTP_REQ_DELETE

static const char *const text_sizes[] = {"normal", "large", "xlarge", NULL};
static const char *const contrasts[] = {"normal", "high", NULL};

static const struct param_spec prefs_params[] = {
	{"size", P_ENUM, 0, 0, text_sizes, -1},
	{"contrast", P_ENUM, 0, 0, contrasts, -1},
	{"back", P_TEXT, 0, 2000, NULL, 0},
	{"lang", P_ENUM, 0, 0, i18n_codes, -1},
	{NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec back_params[] = {
	{"back", P_TEXT, 0, 2000, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec login_params[] = {
	{"email", P_TEXT, 0, 254, NULL, 0},
	{"password", P_TEXT, 0, 1024, NULL, 0},
	{"back", P_TEXT, 0, 2000, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec password_params[] = {
	{"token", P_TEXT, 0, 64, NULL, 0},
	{"password", P_TEXT, 0, 1024, NULL, 0},
	{"password2", P_TEXT, 0, 1024, NULL, 0},
	{"expired", P_BOOL, 0, 0, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec change_password_params[] = {
	{"current", P_TEXT, 0, 1024, NULL, 0},
	{"password", P_TEXT, 0, 1024, NULL, 0},
	{"password2", P_TEXT, 0, 1024, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

static const struct param_spec page_params[] = {
	{"page", P_INT_CLAMP, 1, 1000000, NULL, 1},
	{NULL, 0, 0, 0, NULL, 0},
};

/* The institution directory and its open-data download: type code and
 * district name, checked against the data by the handler. */
static const struct param_spec directory_params[] = {
	{"type", P_TEXT, 0, 64, NULL, 0},
	{"district", P_TEXT, 0, 64, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* The calendar: the search filters, then the view and the month
 * (YYYY-MM) or a day of the week (YYYY-MM-DD) to show. */
static const char *const calendar_views[] = {"month", "week", NULL};
static const struct param_spec calendar_params[] = {
	SEARCH_PARAM_SPECS,
	{"view", P_ENUM, 0, 0, calendar_views, 0},
	{"month", P_TEXT, 0, 7, NULL, 0},
	{"week", P_TEXT, 0, 10, NULL, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

/* Plan tracking. year: Gregorian, or ROC when 1-200 (default: the plan
 * year of today). by and format in the order of enum kpi_by and enum
 * report_format (src/kpi). */
static const char *const kpi_by[] = {"institution", "district", "month", NULL};
static const char *const kpi_formats[] = {"ods", "xlsx", "csv", "pdf", NULL};
static const struct param_spec kpi_params[] = {
	{"year", P_INT, 1, 9999, NULL, 0},
	{"indicator", P_TEXT, 0, 64, NULL, 0},
	{"by", P_ENUM, 0, 0, kpi_by, 0},
	{NULL, 0, 0, 0, NULL, 0},
};
static const struct param_spec kpi_staff_params[] = {
	{"year", P_INT, 1, 9999, NULL, 0},
	{"code", P_TEXT, 0, 64, NULL, 0},
	{"institution", P_INT, -1, 1000000000000LL, NULL, 0},
	{"district", P_INT, -1, 1000000000000LL, NULL, 0},
	{"month", P_INT, 1, 12, NULL, 0},
	{"page", P_INT_CLAMP, 1, 1000000, NULL, 1},
	{"format", P_ENUM, 0, 0, kpi_formats, 0},
	{"by", P_ENUM, 0, 0, kpi_by, 0},
	{NULL, 0, 0, 0, NULL, 0},
};

const struct route routes[] = {
	/* public pages */
	{GET, "/", page_home, ROLE_PUBLIC, ROUTE_CACHE, NULL, "home"},
	{GET, "/sitemap", page_sitemap, ROLE_PUBLIC, ROUTE_CACHE, NULL, "sitemap"},
	{GET, "/privacy", page_privacy, ROLE_PUBLIC, ROUTE_CACHE, NULL, "privacy"},
	{GET, "/security", page_security, ROLE_PUBLIC, ROUTE_CACHE, NULL, "security"},
	{GET, "/prefs", page_prefs, ROLE_PUBLIC, 0, prefs_params, NULL},
	{GET, "/search", page_search, ROLE_PUBLIC, ROUTE_CACHE, search_params, "search"},
	{GET, "/alerts/new", page_alert_new, ROLE_PUBLIC, 0, search_params, "alerts"},
	{POST, "/alerts", page_alert_post, ROLE_PUBLIC, 0, alert_params, NULL},
	{GET, "/alerts/{token}", page_alert, ROLE_PUBLIC, 0, NULL, NULL},
	{POST, "/alerts/{token}/confirm", page_alert_confirm_post, ROLE_PUBLIC, 0, NULL, NULL},
	{GET, "/alerts/{token}/unsubscribe", page_alert, ROLE_PUBLIC, 0, NULL, NULL},
	{POST, "/alerts/{token}/unsubscribe", page_alert_unsubscribe_post, ROLE_PUBLIC, ROUTE_NO_CSRF, NULL, NULL},
	{GET, "/map", page_map, ROLE_PUBLIC, ROUTE_CACHE, NULL, "map"},
	{GET, "/guide", page_guide, ROLE_PUBLIC, ROUTE_CACHE, guide_params, "guide"},
	{GET, "/guide/results", page_guide_results, ROLE_PUBLIC, ROUTE_CACHE, guide_params, "guide"},
	{GET, "/institutions", page_institutions, ROLE_PUBLIC, ROUTE_CACHE, directory_params, "institutions"},
	{GET, "/institutions/{id}", page_institution, ROLE_PUBLIC, ROUTE_CACHE, NULL, "institution"},
	{GET, "/institutions/{id}.ics", ics_institution, ROLE_PUBLIC, 0, NULL, "ics"},
	{GET, "/courses/{id}", page_course, ROLE_PUBLIC, ROUTE_CACHE, NULL, "course"},
	{GET, "/announcements", page_news, ROLE_PUBLIC, ROUTE_CACHE, page_params, "announcements"},
	{GET, "/announcements/{id}", page_announcement, ROLE_PUBLIC, 0, NULL, "announcement"},
	{GET, "/feeds/announcements.rss", feed_news_rss, ROLE_PUBLIC, 0, NULL, "feed"},
	{GET, "/feeds/announcements.atom", feed_news_atom, ROLE_PUBLIC, 0, NULL, "feed"},
	{GET, "/feeds/institutions/{id}.rss", feed_institution_news_rss, ROLE_PUBLIC, 0, NULL, "feed"},
	{GET, "/feeds/institutions/{id}.atom", feed_institution_news_atom, ROLE_PUBLIC, 0, NULL, "feed"},
	{GET, "/attachments/{id}", page_attachment, ROLE_PUBLIC, 0, NULL, "download"},
	{GET, "/courses/{id}.ics", ics_course, ROLE_PUBLIC, 0, NULL, "ics"},
	/* registration and the learner's own page (private links) */
	{GET, "/courses/{id}/register", page_register, ROLE_PUBLIC, 0, NULL, "register"},
	{POST, "/courses/{id}/register", page_register_post, ROLE_PUBLIC, 0, reg_params, NULL},
	{GET, "/registrations/{token}", page_registration, ROLE_PUBLIC, 0, NULL, NULL},
	{GET, "/registrations/{token}/cancel", page_registration_cancel, ROLE_PUBLIC, 0, NULL, NULL},
	{POST, "/registrations/{token}/cancel", page_registration_cancel_post, ROLE_PUBLIC, 0, NULL, NULL},
	{GET, "/me/{token}", page_learner, ROLE_PUBLIC, 0, reg_learner_params, NULL},
	{POST, "/me/{token}/cancel", page_learner_cancel_post, ROLE_PUBLIC, 0, reg_action_params, NULL},
	{GET, "/me/{token}/export", learner_export, ROLE_PUBLIC, 0, NULL, NULL},
	{GET, "/me/{token}/delete", page_learner_delete, ROLE_PUBLIC, 0, NULL, NULL},
	{POST, "/me/{token}/delete", page_learner_delete_post, ROLE_PUBLIC, 0, reg_confirm_params, NULL},
	{GET, "/calendar", page_calendar, ROLE_PUBLIC, ROUTE_CACHE, calendar_params, "calendar"},
	{GET, "/calendar.ics", ics_calendar, ROLE_PUBLIC, 0, search_params, "ics"},
	{GET, "/plan", page_plan, ROLE_PUBLIC, ROUTE_CACHE, kpi_params, "plan"},
	{GET, "/open-data", page_open_data, ROLE_PUBLIC, ROUTE_CACHE, NULL, "open_data"},
	{GET, "/open-data/institutions.csv", od_institutions, ROLE_PUBLIC, 0, directory_params, "download"},
	{GET, "/open-data/institutions.json", od_institutions, ROLE_PUBLIC, 0, directory_params, "download"},
	{GET, "/open-data/institutions.ods", od_institutions, ROLE_PUBLIC, 0, directory_params, "download"},
	{GET, "/open-data/courses.csv", od_courses, ROLE_PUBLIC, 0, search_params, "download"},
	{GET, "/open-data/courses.json", od_courses, ROLE_PUBLIC, 0, search_params, "download"},
	{GET, "/open-data/courses.ods", od_courses, ROLE_PUBLIC, 0, search_params, "download"},
	{GET, "/open-data/sessions.csv", od_sessions, ROLE_PUBLIC, 0, search_params, "download"},
	{GET, "/open-data/sessions.json", od_sessions, ROLE_PUBLIC, 0, search_params, "download"},
	{GET, "/open-data/sessions.ods", od_sessions, ROLE_PUBLIC, 0, search_params, "download"},
	/* the consultation service: asking, the case's private link, the FAQ */
	{GET, "/ask", page_ask, ROLE_PUBLIC, 0, ask_params, "ask"},
	{POST, "/ask", page_ask_post, ROLE_PUBLIC, 0, ask_params, NULL},
	{GET, "/inquiries/{token}", page_inquiry, ROLE_PUBLIC, 0, NULL, NULL},
	{POST, "/inquiries/{token}/close", page_inquiry_close_post, ROLE_PUBLIC, 0, NULL, NULL},
	{POST, "/inquiries/{token}/delete", page_inquiry_delete_post, ROLE_PUBLIC, 0, inquiry_confirm_params, NULL},
	{GET, "/faq", page_faq, ROLE_PUBLIC, ROUTE_CACHE, faq_params, "faq"},
	/* staff sign-in and back office */
	{GET, "/login", page_login, ROLE_PUBLIC, 0, back_params, NULL},
	{POST, "/login", page_login_post, ROLE_PUBLIC, 0, login_params, NULL},
	{POST, "/logout", page_logout, ROLE_VIEWER, 0, NULL, NULL},
	{POST, "/session/extend", page_session_extend, ROLE_VIEWER, 0, back_params, NULL},
	{GET, "/password/set", page_password, ROLE_PUBLIC, 0, password_params, NULL},
	{POST, "/password/set", page_password_post, ROLE_PUBLIC, 0, password_params, NULL},
	{GET, "/admin/password", page_change_password, ROLE_VIEWER, 0, NULL, NULL},
	{POST, "/admin/password", page_change_password_post, ROLE_VIEWER, 0,
	 change_password_params, NULL},
	{GET, "/admin", page_admin, ROLE_VIEWER, 0, NULL, NULL},
	{GET, "/admin/audit", page_admin_audit, ROLE_ADMIN, 0, page_params, NULL},
	/* the institution back office (src/pages/admin_*.c); each handler
	 * also checks that institution staff touch only their own rows */
	{GET, "/admin/institutions", page_bo_institutions, ROLE_INSTITUTION, 0, NULL, NULL},
	{GET, "/admin/institutions/{id}", page_bo_institution, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/institutions/{id}", page_bo_institution_update, ROLE_INSTITUTION, 0, bo_institution_params, NULL},
	{GET, "/admin/courses", page_bo_courses, ROLE_INSTITUTION, 0, bo_list_params, NULL},
	{POST, "/admin/courses", page_bo_course_create, ROLE_INSTITUTION, 0, bo_course_params, NULL},
	{GET, "/admin/courses/new", page_bo_course_new, ROLE_INSTITUTION, 0, bo_course_params, NULL},
	{GET, "/admin/courses/{id}", page_bo_course, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/courses/{id}", page_bo_course_update, ROLE_INSTITUTION, 0, bo_course_params, NULL},
	{GET, "/admin/courses/{id}/edit", page_bo_course_edit, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/courses/{id}/status", page_bo_course_status, ROLE_INSTITUTION, 0, bo_course_status_params, NULL},
	{GET, "/admin/courses/{id}/copy", page_bo_course_copy_form, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/courses/{id}/copy", page_bo_course_copy, ROLE_INSTITUTION, 0, bo_course_copy_params, NULL},
	{GET, "/admin/courses/{id}/delete", page_bo_course_delete_form, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/courses/{id}/delete", page_bo_course_delete, ROLE_INSTITUTION, 0, bo_confirm_params, NULL},
	{GET, "/admin/courses/{id}/sessions/new", page_bo_session_new, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/courses/{id}/sessions", page_bo_session_create, ROLE_INSTITUTION, 0, bo_session_new_params, NULL},
	{GET, "/admin/sessions/{id}", page_bo_session, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/sessions/{id}", page_bo_session_update, ROLE_INSTITUTION, 0, bo_session_params, NULL},
	{POST, "/admin/sessions/{id}/delete", page_bo_session_delete, ROLE_INSTITUTION, 0, bo_confirm_params, NULL},
	{GET, "/admin/sessions/{id}/attendance", page_bo_attendance, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/sessions/{id}/attendance", page_bo_attendance_post, ROLE_INSTITUTION, 0, bo_attendance_params, NULL},
	{GET, "/admin/announcements", page_bo_announcements, ROLE_INSTITUTION, 0, bo_list_params, NULL},
	{POST, "/admin/announcements", page_bo_announcement_create, ROLE_INSTITUTION, ROUTE_UPLOAD, bo_announcement_params, NULL},
	{GET, "/admin/announcements/new", page_bo_announcement_new, ROLE_INSTITUTION, 0, bo_list_params, NULL},
	{GET, "/admin/announcements/{id}", page_bo_announcement, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/announcements/{id}", page_bo_announcement_update, ROLE_INSTITUTION, ROUTE_UPLOAD, bo_announcement_params, NULL},
	{POST, "/admin/announcements/{id}/delete", page_bo_announcement_delete, ROLE_INSTITUTION, 0, bo_confirm_params, NULL},
	{POST, "/admin/attachments/{id}/delete", page_bo_attachment_delete, ROLE_INSTITUTION, 0, NULL, NULL},
	{GET, "/admin/import", page_bo_import, ROLE_INSTITUTION, 0, bo_import_params, NULL},
	{POST, "/admin/import", page_bo_import_preview, ROLE_INSTITUTION, ROUTE_UPLOAD, bo_import_params, NULL},
	{POST, "/admin/import/{id}/commit", page_bo_import_commit, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/import/{id}/delete", page_bo_import_delete, ROLE_INSTITUTION, 0, NULL, NULL},
	{GET, "/admin/courses/{id}/registrations", page_staff_registrations, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/courses/{id}/registrations", page_staff_register_post, ROLE_INSTITUTION, 0, reg_staff_params, NULL},
	{POST, "/admin/courses/{id}/registrations/childcare", page_staff_childcare_post, ROLE_INSTITUTION, 0, reg_action_params, NULL},
	{POST, "/admin/courses/{id}/registrations/cancel", page_staff_cancel_post, ROLE_INSTITUTION, 0, reg_action_params, NULL},
	{GET, "/admin/kpi", page_admin_kpi, ROLE_VIEWER, 0, kpi_staff_params, NULL},
	{GET, "/admin/kpi/indicator", page_admin_kpi_indicator, ROLE_VIEWER, 0, kpi_staff_params, NULL},
	{GET, "/admin/kpi/records", page_admin_kpi_records, ROLE_VIEWER, 0, kpi_staff_params, NULL},
	{GET, "/admin/kpi/report", page_admin_kpi_report, ROLE_VIEWER, 0, kpi_staff_params, NULL},
	{GET, "/admin/plan", page_admin_plan, ROLE_ADMIN, 0, kpi_staff_params, NULL},
	{GET, "/admin/plan/new", page_admin_plan_new, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/plan/new", page_admin_plan_create, ROLE_ADMIN, ROUTE_UPLOAD, kpi_new_plan_params, NULL},
	{GET, "/admin/plan/indicators/{id}", page_admin_plan_indicator, ROLE_ADMIN, 0, kpi_indicator_params, NULL},
	{POST, "/admin/plan/indicators/{id}", page_admin_plan_indicator_post, ROLE_ADMIN, 0, kpi_indicator_params, NULL},
	{GET, "/admin/grants", page_admin_grants, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/grants", page_admin_grant_create, ROLE_ADMIN, 0, kpi_grant_params, NULL},
	{GET, "/admin/grants/new", page_admin_grant_new, ROLE_ADMIN, 0, NULL, NULL},
	{GET, "/admin/grants/{id}", page_admin_grant, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/grants/{id}", page_admin_grant_update, ROLE_ADMIN, 0, kpi_grant_params, NULL},
	{POST, "/admin/grants/{id}/delete", page_admin_grant_delete, ROLE_ADMIN, 0, bo_confirm_params, NULL},
	{GET, "/admin/meetings", page_admin_meetings, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/meetings", page_admin_meeting_create, ROLE_ADMIN, 0, kpi_meeting_params, NULL},
	{GET, "/admin/meetings/new", page_admin_meeting_new, ROLE_ADMIN, 0, NULL, NULL},
	{GET, "/admin/meetings/{id}", page_admin_meeting, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/meetings/{id}", page_admin_meeting_update, ROLE_ADMIN, 0, kpi_meeting_params, NULL},
	{POST, "/admin/meetings/{id}/delete", page_admin_meeting_delete, ROLE_ADMIN, 0, bo_confirm_params, NULL},
	{GET, "/admin/volunteers", page_admin_volunteers, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/volunteers", page_admin_volunteer_create, ROLE_ADMIN, 0, kpi_vgroup_params, NULL},
	{GET, "/admin/volunteers/{id}", page_admin_volunteer, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/volunteers/{id}", page_admin_volunteer_update, ROLE_ADMIN, 0, kpi_vgroup_params, NULL},
	{POST, "/admin/volunteers/{id}/delete", page_admin_volunteer_delete, ROLE_ADMIN, 0, bo_confirm_params, NULL},
	{POST, "/admin/volunteers/{id}/trainings", page_admin_training_create, ROLE_ADMIN, 0, kpi_vtraining_params, NULL},
	{GET, "/admin/trainings/{id}", page_admin_training, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/trainings/{id}", page_admin_training_update, ROLE_ADMIN, 0, kpi_vtraining_params, NULL},
	{POST, "/admin/trainings/{id}/delete", page_admin_training_delete, ROLE_ADMIN, 0, bo_confirm_params, NULL},
	/* the consultation service's inbox (institution staff: their own
	 * institution's cases; each handler checks the case), statistics, FAQ */
	{GET, "/admin/inquiries", page_bo_inquiries, ROLE_INSTITUTION, 0, inq_list_params, NULL},
	{GET, "/admin/inquiries/stats", page_bo_inquiry_stats, ROLE_VIEWER, 0, inq_stats_params, NULL},
	{GET, "/admin/inquiries/stats.csv", page_bo_inquiry_stats_csv, ROLE_VIEWER, 0, inq_stats_params, NULL},
	{GET, "/admin/inquiries/{id}", page_bo_inquiry, ROLE_INSTITUTION, 0, NULL, NULL},
	{POST, "/admin/inquiries/{id}/answer", page_bo_inquiry_answer, ROLE_INSTITUTION, 0, inq_answer_params, NULL},
	{POST, "/admin/inquiries/{id}/note", page_bo_inquiry_note, ROLE_INSTITUTION, 0, inq_note_params, NULL},
	{POST, "/admin/inquiries/{id}/assign", page_bo_inquiry_assign, ROLE_INSTITUTION, 0, inq_assign_params, NULL},
	{POST, "/admin/inquiries/{id}/route", page_bo_inquiry_route, ROLE_INSTITUTION, 0, inq_route_params, NULL},
	{POST, "/admin/inquiries/{id}/status", page_bo_inquiry_status, ROLE_INSTITUTION, 0, inq_status_params, NULL},
	{GET, "/admin/faqs", page_bo_faqs, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/faqs", page_bo_faq_create, ROLE_ADMIN, 0, faq_edit_params, NULL},
	{GET, "/admin/faqs/{id}", page_bo_faq, ROLE_ADMIN, 0, NULL, NULL},
	{POST, "/admin/faqs/{id}", page_bo_faq_update, ROLE_ADMIN, 0, faq_edit_params, NULL},
	{POST, "/admin/faqs/{id}/delete", page_bo_faq_delete, ROLE_ADMIN, 0, faq_edit_params, NULL},
	/* JSON API */
	{GET, "/api/v1/csrf", api_csrf, ROLE_PUBLIC, ROUTE_API, NULL, NULL},
	{GET, "/healthz", api_healthz, ROLE_PUBLIC, ROUTE_API, NULL, NULL},
	{GET, "/api/v1/plan", api_plan, ROLE_PUBLIC, ROUTE_API | ROUTE_CACHE, NULL, NULL},
	{GET, "/api/v1/kpi", api_kpi, ROLE_PUBLIC, ROUTE_API | ROUTE_CACHE, kpi_params, NULL},
	{GET, "/api/v1/institutions", api_institutions, ROLE_PUBLIC, ROUTE_API | ROUTE_CACHE, NULL, NULL},
	{GET, "/api/v1/announcements", api_news, ROLE_PUBLIC, ROUTE_API, page_params, NULL},
	{GET, "/api/v1/courses", api_courses, ROLE_PUBLIC, ROUTE_API | ROUTE_CACHE, search_params, NULL},
	{GET, "/api/v1/courses/{id}", api_course, ROLE_PUBLIC, ROUTE_API | ROUTE_CACHE, NULL, NULL},
	{POST, "/api/v1/courses/{id}/registrations", api_register, ROLE_PUBLIC, ROUTE_API, reg_params, NULL},
	{GET, "/api/v1/registrations/{token}", api_registration, ROLE_PUBLIC, ROUTE_API, NULL, NULL},
	{DELETE, "/api/v1/registrations/{token}", api_registration_delete, ROLE_PUBLIC, ROUTE_API, NULL, NULL},
	{0, NULL, NULL, 0, 0, NULL, NULL},
};
