/* staffbar — the strip in the page header for a signed-in staff member:
 * who is signed in, when an idle session will end (WCAG 2.2.1: the time is
 * shown and can be extended), and sign-out. Forms, so no JavaScript. */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "auth/session.h"
#include "pages/pages.h"

/* Converts a UTC "YYYY-MM-DDTHH:MM:SSZ" to local "HH:MM". 0 or -1. */
static int local_hhmm(const char *utc, char out[6])
{
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	if (!utc || !strptime(utc, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return -1;
	time_t t = timegm(&tm);
	localtime_r(&t, &tm);
	return strftime(out, 6, "%H:%M", &tm) == 5 ? 0 : -1;
}

void page_staff_bar(struct request *r)
{
	struct buf *b = &r->out;
	char until[6];
	if (!r->staff.user_id)
		return;
	html_fmt(b, "<div class=\"staffbar\" role=\"region\" aria-label=\"%s\">"
		 "<span>%s <a href=\"/admin\">%s</a></span>",
		 tr(r, "工作人員"), tr(r, "已登入："), r->staff.email);
	if (local_hhmm(r->staff.expires_at, until) == 0)
		html_fmt(b, " <span>%s %s</span>", tr(r, "閒置將於此時間自動登出："), until);
	html_raw_unescaped(b, " <form method=\"post\" action=\"/session/extend\" class=\"inline\">");
	csrf_field(r);
	html_fmt(b, "<input type=\"hidden\" name=\"back\" value=\"%s\"/>"
		 "<button type=\"submit\">%s</button></form>",
		 r->uri ? r->uri : "/admin", tr(r, "延長登入"));
	html_raw_unescaped(b, " <form method=\"post\" action=\"/logout\" class=\"inline\">");
	csrf_field(r);
	html_fmt(b, "<button type=\"submit\">%s</button></form></div>\n", tr(r, "登出"));
}
