/* reg_mail — the e-mails that registration sends (see reg.h): the
 * confirmation, and the news that a place in the waiting line became a
 * seat. Written in the learner's language (the one they registered in),
 * plain text, with the course's sessions attached as an .ics file for a
 * seat. Each carries a fresh learner link (a link token is stored only as
 * a hash, so an old one cannot be sent again). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ical.h"
#include "db/db.h"
#include "http/server.h"
#include "mail/mail.h"
#include "pages/pages.h"
#include "pages/portal.h"
#include "pages/reg.h"

#define ICS_TYPE "text/calendar; charset=utf-8; method=PUBLISH"

/* Appends the site's address for links in e-mails: meta site_url when the
 * city set one, else the address the server listens on. Never the
 * request's Host header: whoever registers could forge it and have the
 * mail send someone's private link to another site. */
static void mail_origin(struct request *r, struct buf *b)
{
	char v[300];
	if (portal_meta(r, "site_url", v, sizeof v) == 0 &&
	    (!strncmp(v, "https://", 8) || !strncmp(v, "http://", 7)) &&
	    strcspn(v, " \"'<>\\") == strlen(v)) {
		size_t n = strlen(v);
		while (n && v[n - 1] == '/')
			v[--n] = '\0';
		buf_puts(b, v);
		return;
	}
	buf_puts(b, r->app->origin);
}

void reg_mail_origin(struct request *r, struct buf *b)
{
	mail_origin(r, b);
}

/* Builds course_id's sessions as an iCalendar file (summary title,
 * description institution) into out. Returns 0, or -1 (out unchanged in
 * meaning: the caller sends no attachment). */
static int course_ics(struct request *r, long long course_id, const char *title,
		      const char *institution, struct buf *out)
{
	struct ical_feed f;
	struct dbq q;
	struct buf url = BUF_INIT;
	char domain[128];
	int rc, n = 0;
	portal_uid_domain(r, domain, sizeof domain);
	if (ical_feed_begin(&f, r->app->timezone, domain, title) < 0)
		return -1;
	mail_origin(r, &url);
	buf_printf(&url, "/courses/%lld", course_id);
	db_query(r->db, &q, ST_REG_COURSE_SESSIONS, "i", course_id);
	while ((rc = db_next(&q)) == 1) {
		struct buf loc = BUF_INIT;
		const char *venue = db_text(&q, 4), *addr = db_text(&q, 5), *district = db_text(&q, 6);
		if (!addr || !*addr)
			addr = db_text(&q, 7);
		if (venue)
			buf_puts(&loc, venue);
		if (addr && *addr)
			buf_printf(&loc, "%s%s", loc.len ? ", " : "", addr);
		if (district && (!addr || !strstr(addr, district)))
			buf_printf(&loc, "%s%s", loc.len ? ", " : "", district);
		struct ical_event e = {
			.session_id = db_int(&q, 0), .starts_at = db_text(&q, 1),
			.ends_at = db_text(&q, 2), .summary = title,
			.location = loc.len ? buf_cstr(&loc) : NULL, .description = institution,
			.url = buf_cstr(&url), .cancelled = db_int(&q, 3) != 0,
		};
		if (ical_feed_add(&f, &e) == 0)
			n++;
		buf_free(&loc);
	}
	db_done(&q);
	buf_free(&url);
	if (rc < 0 || n == 0) {
		ical_feed_free(&f);
		return -1;
	}
	return ical_feed_finish(&f, out);
}

/* What both mails need of the registration. */
struct reg_mail {
	long long id, course_id, learner_id, position;
	enum lang lang;
	char status[16];
	char *title, *institution, *inst_phone, *name, *email, *first_start;
};

/* A malloc'd copy of a text column, or NULL (SQL NULL or no memory). */
static char *dup_text(struct dbq *q, int col)
{
	const char *s = db_text(q, col);
	return s ? strdup(s) : NULL;
}

/* Loads registration id; 1 when it exists and its learner has an e-mail
 * address, 0 when no mail can be sent, -1 on failure. */
static int load(struct request *r, long long id, struct reg_mail *m)
{
	struct dbq q;
	memset(m, 0, sizeof *m);
	db_query(r->db, &q, ST_REG_BY_ID, "i", id);
	int rc = db_next(&q);
	if (rc == 1 && db_text(&q, REG_EMAIL)) {
		m->id = id;
		m->course_id = db_int(&q, REG_COURSE_ID);
		m->learner_id = db_int(&q, REG_LEARNER_ID);
		m->position = db_is_null(&q, REG_POSITION) ? 0 : db_int(&q, REG_POSITION);
		snprintf(m->status, sizeof m->status, "%s", db_text(&q, REG_STATUS));
		if (!db_text(&q, REG_LANG) || i18n_parse(db_text(&q, REG_LANG), &m->lang) < 0)
			m->lang = r->lang;
		m->title = dup_text(&q, REG_TITLE);
		m->institution = dup_text(&q, REG_INST_NAME);
		m->inst_phone = dup_text(&q, REG_INST_PHONE);
		m->name = dup_text(&q, REG_NAME);
		m->email = dup_text(&q, REG_EMAIL);
		m->first_start = dup_text(&q, REG_FIRST_START);
		if (!m->title || !m->institution || !m->name || !m->email)
			rc = -1;
	} else if (rc == 1) {
		rc = 0;
	}
	db_done(&q);
	return rc;
}

/* Frees what load() copied; m may be half-filled. */
static void unload(struct reg_mail *m)
{
	free(m->title);
	free(m->institution);
	free(m->inst_phone);
	free(m->name);
	free(m->email);
	free(m->first_start);
}

/* The part every mail ends with: the learner link, the first session,
 * whom to ask, and who sent it. */
static void closing(struct request *r, struct reg_mail *m, struct buf *b, const char *link)
{
	enum lang l = m->lang;
	struct buf url = BUF_INIT;
	if (m->first_start && strlen(m->first_start) >= 16) {
		i18n_append(b, l, N_("第一次上課："));
		date_format_lang(b, l, m->first_start, DATE_WEEKDAY);
		buf_printf(b, " %.5s\n", m->first_start + 11);
	}
	mail_origin(r, &url);
	i18n_append(b, l, N_("課程介紹：%s/courses/%lld\n"), buf_cstr(&url), m->course_id);
	buf_puts(&url, "/me/");
	buf_puts(&url, link);
	i18n_append(b, l, N_("\n您的個人學習頁（所有報名、候補順位與學習時數；可下載或刪除您的資料）：\n%s\n"),
	    buf_cstr(&url));
	i18n_append(b, l, N_("這個連結是您專屬的，請不要轉寄給別人。\n"));
	if (m->inst_phone && *m->inst_phone)
		i18n_append(b, l, N_("\n有問題請洽 %s，電話 %s。\n"), m->institution, m->inst_phone);
	else
		i18n_append(b, l, N_("\n有問題請洽 %s。\n"), m->institution);
	buf_puts(b, "\n-- \n");
	/* TRANSLATORS: the signature of e-mails; %s is the city ("Keelung City"). */
	i18n_append(b, l, N_("%s政府教育處 終身學習網\n"), l == LANG_ZH_HANT ? r->app->city_zh : r->app->city_en);
	i18n_append(b, l, N_("這封信由系統自動寄出，請不要直接回覆。\n"));
	buf_free(&url);
}

/* Queues the mail of m with subject and body; with a seat, the .ics. */
static int queue(struct request *r, struct reg_mail *m, struct buf *subject, struct buf *body)
{
	struct buf ics = BUF_INIT;
	struct mail_attachment att = {"course.ics", ICS_TYPE, NULL, 0};
	int with_ics = !strcmp(m->status, "enrolled") &&
		       course_ics(r, m->course_id, m->title, m->institution, &ics) == 0 &&
		       !buf_failed(&ics);
	if (with_ics) {
		att.data = ics.data;
		att.len = ics.len;
	}
	int rc = buf_failed(subject) || buf_failed(body) ? -1
		 : outbox_add(r->db, m->learner_id, m->email, buf_cstr(subject), buf_cstr(body),
			      with_ics ? &att : NULL);
	buf_free(&ics);
	return rc < 0 ? -1 : 1;
}

int reg_mail_confirmation(struct request *r, long long reg_id, const char *token)
{
	struct reg_mail m;
	struct buf subject = BUF_INIT, body = BUF_INIT, url = BUF_INIT;
	char link[TOKEN_HEX];
	int rc = load(r, reg_id, &m);
	if (rc <= 0)
		goto out;
	enum lang l = m.lang;
	rc = -1;
	if (reg_learner_link(r->db, m.learner_id, link) < 0)
		goto out;
	if (!strcmp(m.status, "enrolled"))
		i18n_append(&subject, l, N_("報名成功：%s"), m.title);
	else
		i18n_append(&subject, l, N_("已排入候補第 %lld 位：%s"), m.position, m.title);
	i18n_append(&body, l, N_("%s 您好：\n\n"), m.name);
	if (!strcmp(m.status, "enrolled"))
		i18n_append(&body, l, N_("您已報名「%s」（%s），並且已經錄取。\n"
				 "上課時間附在這封信的行事曆檔（course.ics），可以加入手機或電腦的行事曆。\n\n"),
		    m.title, m.institution);
	else
		i18n_append(&body, l, N_("「%s」（%s）目前額滿，您已排入候補第 %lld 位。\n"
				 "有人取消時，依序遞補，我們會再寄信通知您。\n\n"),
		    m.title, m.institution, m.position);
	mail_origin(r, &url);
	buf_printf(&url, "/registrations/%s", token);
	i18n_append(&body, l, N_("查看或取消這筆報名：\n%s\n\n"), buf_cstr(&url));
	closing(r, &m, &body, link);
	rc = queue(r, &m, &subject, &body);
out:
	unload(&m);
	buf_free(&subject);
	buf_free(&body);
	buf_free(&url);
	return rc;
}

int reg_mail_promoted(struct request *r, long long reg_id)
{
	struct reg_mail m;
	struct buf subject = BUF_INIT, body = BUF_INIT;
	char link[TOKEN_HEX];
	int rc = load(r, reg_id, &m);
	if (rc <= 0)
		goto out;
	enum lang l = m.lang;
	rc = -1;
	if (reg_learner_link(r->db, m.learner_id, link) < 0)
		goto out;
	i18n_append(&subject, l, N_("候補成功，您已錄取：%s"), m.title);
	i18n_append(&body, l, N_("%s 您好：\n\n"), m.name);
	i18n_append(&body, l, N_("好消息：「%s」（%s）有名額空出來，您已從候補名單遞補錄取。\n"
			 "上課時間附在這封信的行事曆檔（course.ics）。\n"
			 "如果不能參加，請在您的個人學習頁取消，把名額讓給下一位。\n\n"),
	    m.title, m.institution);
	closing(r, &m, &body, link);
	rc = queue(r, &m, &subject, &body);
out:
	unload(&m);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}
