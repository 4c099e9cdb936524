/* kpi_reports — the dashboard's downloads (/admin/kpi/report): the year's
 * indicators or one indicator's split as ODS, XLSX or CSV, and the
 * committee report as PDF; the same files `lifelong report` writes. */
#include <stdio.h>
#include <string.h>

#include "db/db.h"
#include "http/server.h"
#include "kpi/report.h"
#include "pages/kpi_pages.h"
#include "pages/portal.h"

/* Fields (routes.c: kpi_staff_params). */
enum { IN_YEAR, IN_CODE, IN_INSTITUTION, IN_DISTRICT, IN_MONTH, IN_PAGE, IN_FORMAT, IN_BY };

int page_admin_kpi_report(struct request *r)
{
	struct kpi_year y;
	char code[64] = "city", file[160];
	enum report_format f = r->in[IN_FORMAT].present ? (enum report_format)r->in[IN_FORMAT].n
						       : REPORT_ODS;
	const char *ind = r->in[IN_CODE].present ? r->in[IN_CODE].s : NULL;
	int rc;
	if (ind && !r->in[IN_BY].present)
		return req_fail(r, 400, "by: institution, district or month (with code)");
	if (ind && f == REPORT_PDF)
		return req_fail(r, 400, "format: the PDF report covers the whole year; leave out code");
	if ((rc = kpi_page_year(r, IN_YEAR, &y)) != 0)
		return rc;
	if (portal_meta(r, "code", code, sizeof code) < 0)
		snprintf(code, sizeof code, "city");
	rc = report_make(r->db, &y, ind, ind ? (enum kpi_by)r->in[IN_BY].n : KPI_BY_MONTH, f, code,
			 r->app->city_zh, &r->out, file, sizeof file);
	kpi_free(&y);
	if (rc == 1)
		return req_fail(r, 404, tr(r, "沒有這項指標，或這個指標沒有這種細目。"));
	if (rc < 0)
		return req_fail(r, 500, "the report could not be written");
	portal_download(r, report_content_type(f), file);
	r->cache_control = "private, no-store";
	return 0;
}
