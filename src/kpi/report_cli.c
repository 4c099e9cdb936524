/* report_cli — `lifelong report`: the dashboard's downloads from the
 * command line, for the committee's papers or a scheduled job. */
#include "kpi/report_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db.h"
#include "kpi/report.h"

static const char usage_text[] =
	"usage: lifelong report --db FILE --year YEAR --format pdf|ods|csv|xlsx --out FILE\n"
	"                       [--indicator CODE --by institution|district|month]\n"
	"YEAR is Gregorian (2023) or ROC (112). Without --indicator: the year's\n"
	"indicators (PDF: the committee report); with it: that indicator's split.\n";

/* Reads meta key into out (empty when absent). */
static void meta(struct db *db, const char *key, char *out, size_t n)
{
	struct dbq q;
	out[0] = '\0';
	db_query(db, &q, ST_META_GET, "t", key);
	if (db_next(&q) == 1 && db_text(&q, 0))
		snprintf(out, n, "%s", db_text(&q, 0));
	db_done(&q);
}

/* Writes n bytes of data to path. Returns 0 or -1 (reported). */
static int write_file(const char *path, const char *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "lifelong: cannot write %s: %s\n", path, strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	return 0;
}

int report_command(int argc, char **argv)
{
	enum { O_DB = 1, O_YEAR, O_FORMAT, O_OUT, O_INDICATOR, O_BY, O_HELP };
	static const struct option opts[] = {
		{"db", required_argument, NULL, O_DB},
		{"year", required_argument, NULL, O_YEAR},
		{"format", required_argument, NULL, O_FORMAT},
		{"out", required_argument, NULL, O_OUT},
		{"indicator", required_argument, NULL, O_INDICATOR},
		{"by", required_argument, NULL, O_BY},
		{"help", no_argument, NULL, O_HELP},
		{NULL, 0, NULL, 0},
	};
	static const char *const by_names[] = {"institution", "district", "month"};
	const char *dbpath = NULL, *out = NULL, *code = NULL, *fmt = NULL, *by_name = NULL;
	long year = 0;
	int c, f = -1, by = -1, rc = 1;
	char *end, asof[17], tz[64], city[128], city_code[64], file[160];
	struct db *db = NULL;
	struct kpi_year y;
	struct buf data = BUF_INIT;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case O_DB: dbpath = optarg; break;
		case O_OUT: out = optarg; break;
		case O_INDICATOR: code = optarg; break;
		case O_FORMAT: fmt = optarg; break;
		case O_BY: by_name = optarg; break;
		case O_YEAR:
			errno = 0;
			year = strtol(optarg, &end, 10);
			if (errno || *end || year < 1 || year > 9999) {
				fprintf(stderr, "lifelong: --year wants a year such as 2023 or 112\n");
				return 2;
			}
			break;
		case O_HELP: fputs(usage_text, stdout); return 0;
		default: fputs(usage_text, stderr); return 2;
		}
	}
	for (int i = 0; fmt && report_format_names[i]; i++)
		if (!strcmp(fmt, report_format_names[i]))
			f = i;
	for (int i = 0; by_name && i < 3; i++)
		if (!strcmp(by_name, by_names[i]))
			by = i;
	if (!dbpath || !out || !year || f < 0 || optind != argc || (code && by < 0) ||
	    (!code && by_name) || (code && f == REPORT_PDF)) {
		fputs(usage_text, stderr);
		return 2;
	}
	if (db_open(&db, dbpath, DB_OPEN_MIGRATE) < 0)
		goto out;
	/* figures stand at the city's local time, as on the dashboard */
	meta(db, "timezone", tz, sizeof tz);
	if (*tz) {
		setenv("TZ", tz, 1);
		tzset();
	}
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(asof, sizeof asof, "%Y-%m-%d %H:%M", &tm);
	meta(db, "name_zh", city, sizeof city);
	meta(db, "code", city_code, sizeof city_code);
	int lr = kpi_load(db, kpi_gregorian((int)year), asof, &y);
	if (lr == 1) {
		fprintf(stderr, "lifelong: no plan covers the year %d\n", kpi_gregorian((int)year));
		goto out;
	}
	if (lr < 0) {
		fprintf(stderr, "lifelong: the indicators could not be computed\n");
		goto out;
	}
	int mr = report_make(db, &y, code, by < 0 ? KPI_BY_MONTH : (enum kpi_by)by,
			     (enum report_format)f, *city_code ? city_code : "city",
			     *city ? city : "", &data, file, sizeof file);
	kpi_free(&y);
	if (f == REPORT_PDF)
		report_pdf_cleanup();
	if (mr == 1)
		fprintf(stderr, "lifelong: %s is not an indicator of that year's plan, or has no "
			"split by %s\n", code, by_name);
	else if (mr < 0)
		fprintf(stderr, "lifelong: the report could not be made\n");
	else if (write_file(out, data.data ? data.data : "", data.len) == 0) {
		printf("lifelong: wrote %s (%zu bytes)\n", out, data.len);
		rc = 0;
	}
out:
	buf_free(&data);
	db_close(db);
	return rc;
}
