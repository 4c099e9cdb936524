/* lifelong — command-line entry: serve, init, import, demo. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "alerts/alerts.h"
#include "db/db.h"
#include "db/import.h"
#include "db/seed.h"
#include "db/synthetic.h"
#include "cli/user.h"
#include "http/server.h"
#include "kpi/report_cli.h"
#include "sync/sync.h"

#define DEFAULT_SEED "seed/keelung"

static void usage(FILE *f)
{
	fprintf(f,
		"usage:\n"
		"  lifelong serve --db FILE [--listen HOST:PORT] [--threads N]\n"
		"                 [--body-limit BYTES] [--upload-limit BYTES] [--timeout SECONDS]\n"
		"                 [--data DIR]\n"
		"                 [--secure-cookies] [--trust-proxy] [--no-rate-limit]\n"
		"                 [--registrations-per-hour N] [--questions-per-hour N]\n"
		"                 [--password-max-age DAYS] [--password-history N]\n"
		"                 [--smtp URL --mail-from ADDRESS] [--mail-retry SECONDS]\n"
		"                 [--sync-interval MINUTES] [--feed-timeout SECONDS]\n"
		"                 [--alerts-interval MINUTES] [--alerts-per-hour N]\n"
		"  lifelong alerts --db FILE [--base-url URL]\n"
		"  lifelong sync --db FILE [--feed-timeout SECONDS]\n"
		"  lifelong init --db FILE [--seed DIR] [--demo]\n"
		"  lifelong import institutions|sessions --db FILE CSV\n"
		"  lifelong demo --remove --db FILE\n"
		"  lifelong report --db FILE --year YEAR --format pdf|ods|csv|xlsx --out FILE\n"
		"                  [--indicator CODE --by institution|district|month]\n"
		"  lifelong seed --synthetic N --db FILE [--seed DIR]\n"
		"  lifelong user add --db FILE --role admin|institution|viewer\n"
		"                [--institution NAME] [--base-url URL] EMAIL\n"
		"  lifelong user link --db FILE [--base-url URL] EMAIL\n"
		"Defaults: --listen 127.0.0.1:8080, --threads 2, --seed " DEFAULT_SEED "\n");
}

/* Parses "HOST:PORT" or "[V6]:PORT" into c. Returns 0 or -1. */
static int parse_listen(const char *s, struct server_config *c, char *host, size_t hn)
{
	const char *colon = strrchr(s, ':');
	char *end;
	if (!colon)
		return -1;
	size_t len = (size_t)(colon - s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s++;
		len -= 2;
	}
	if (len == 0 || len >= hn)
		return -1;
	memcpy(host, s, len);
	host[len] = '\0';
	errno = 0;
	long port = strtol(colon + 1, &end, 10);
	if (errno || *end || port < 0 || port > 65535)
		return -1;
	c->host = host;
	c->port = (int)port;
	return 0;
}

/* Reads a whole file into a malloc'd buffer (caller frees). */
static char *read_file(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0, len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			char *p = realloc(data, cap);
			if (!p) {
				free(data);
				data = NULL;
				goto out;
			}
			data = p;
		}
		size_t got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(data);
		data = NULL;
	}
	*n = len;
out:
	fclose(f);
	return data;
}

enum { OPT_DB = 1, OPT_LISTEN, OPT_THREADS, OPT_SEED, OPT_DEMO, OPT_REMOVE,
       OPT_BODY, OPT_TIMEOUT, OPT_HELP, OPT_ROLE, OPT_INSTITUTION, OPT_BASE_URL,
       OPT_SECURE_COOKIES, OPT_NO_RATE_LIMIT, OPT_TRUST_PROXY, OPT_REG_LIMIT, OPT_Q_LIMIT,
       OPT_PW_AGE, OPT_PW_HISTORY,
       OPT_SYNTHETIC, OPT_UPLOAD_LIMIT, OPT_DATA,
       OPT_SMTP, OPT_MAIL_FROM, OPT_MAIL_RETRY, OPT_SYNC_INTERVAL, OPT_FEED_TIMEOUT,
       OPT_ALERTS_INTERVAL, OPT_ALERTS_LIMIT };

static const struct option options[] = {
	{"db", required_argument, NULL, OPT_DB},
	{"listen", required_argument, NULL, OPT_LISTEN},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"seed", required_argument, NULL, OPT_SEED},
	{"demo", no_argument, NULL, OPT_DEMO},
	{"remove", no_argument, NULL, OPT_REMOVE},
	{"body-limit", required_argument, NULL, OPT_BODY},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"help", no_argument, NULL, OPT_HELP},
	{"role", required_argument, NULL, OPT_ROLE},
	{"institution", required_argument, NULL, OPT_INSTITUTION},
	{"base-url", required_argument, NULL, OPT_BASE_URL},
	{"secure-cookies", no_argument, NULL, OPT_SECURE_COOKIES},
	{"no-rate-limit", no_argument, NULL, OPT_NO_RATE_LIMIT},
	{"trust-proxy", no_argument, NULL, OPT_TRUST_PROXY},
	{"password-max-age", required_argument, NULL, OPT_PW_AGE},
	{"password-history", required_argument, NULL, OPT_PW_HISTORY},
	{"registrations-per-hour", required_argument, NULL, OPT_REG_LIMIT},
	{"questions-per-hour", required_argument, NULL, OPT_Q_LIMIT},
	{"smtp", required_argument, NULL, OPT_SMTP},
	{"mail-from", required_argument, NULL, OPT_MAIL_FROM},
	{"mail-retry", required_argument, NULL, OPT_MAIL_RETRY},
	{"synthetic", required_argument, NULL, OPT_SYNTHETIC},
	{"upload-limit", required_argument, NULL, OPT_UPLOAD_LIMIT},
	{"data", required_argument, NULL, OPT_DATA},
	{"sync-interval", required_argument, NULL, OPT_SYNC_INTERVAL},
	{"feed-timeout", required_argument, NULL, OPT_FEED_TIMEOUT},
	{"alerts-interval", required_argument, NULL, OPT_ALERTS_INTERVAL},
	{"alerts-per-hour", required_argument, NULL, OPT_ALERTS_LIMIT},
	{NULL, 0, NULL, 0},
};

struct cli {
	const char *db;
	const char *seed;
	int demo, remove;
	long long synthetic;	/* seed --synthetic N */
	const char *role, *institution, *base_url;
	struct server_config server;
	char host[256];
};

/* Parses the options after the command word. Returns 0, or 2 on misuse. */
static int parse_options(int argc, char **argv, struct cli *o)
{
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case OPT_DB: o->db = optarg; break;
		case OPT_SEED: o->seed = optarg; break;
		case OPT_DEMO: o->demo = 1; break;
		case OPT_REMOVE: o->remove = 1; break;
		case OPT_THREADS: o->server.threads = atoi(optarg); break;
		case OPT_BODY: o->server.body_limit = strtoul(optarg, NULL, 10); break;
		case OPT_UPLOAD_LIMIT: o->server.upload_limit = strtoul(optarg, NULL, 10); break;
		case OPT_DATA: o->server.data_dir = optarg; break;
		case OPT_TIMEOUT: o->server.timeout_s = atoi(optarg); break;
		case OPT_LISTEN:
			if (parse_listen(optarg, &o->server, o->host, sizeof o->host) < 0) {
				fprintf(stderr, "lifelong: --listen wants HOST:PORT, got %s\n", optarg);
				return 2;
			}
			break;
		case OPT_ROLE: o->role = optarg; break;
		case OPT_INSTITUTION: o->institution = optarg; break;
		case OPT_BASE_URL: o->base_url = optarg; break;
		case OPT_SECURE_COOKIES: o->server.secure_cookies = 1; break;
		case OPT_NO_RATE_LIMIT: o->server.no_rate_limit = 1; break;
		case OPT_TRUST_PROXY: o->server.trust_proxy = 1; break;
		case OPT_PW_AGE: o->server.password_max_age_days = atoi(optarg); break;
		case OPT_PW_HISTORY: o->server.password_history = atoi(optarg); break;
		case OPT_REG_LIMIT: o->server.registrations_per_hour = atoi(optarg); break;
		case OPT_Q_LIMIT: o->server.questions_per_hour = atoi(optarg); break;
		case OPT_SMTP: o->server.smtp_url = optarg; break;
		case OPT_MAIL_FROM: o->server.mail_from = optarg; break;
		case OPT_MAIL_RETRY: o->server.mail_retry_s = atoi(optarg); break;
		case OPT_SYNC_INTERVAL: o->server.sync_interval_min = atoi(optarg); break;
		case OPT_FEED_TIMEOUT: o->server.feed_timeout_s = atoi(optarg); break;
		case OPT_ALERTS_INTERVAL: o->server.alerts_interval_min = atoi(optarg); break;
		case OPT_ALERTS_LIMIT: o->server.alerts_per_hour = atoi(optarg); break;
		case OPT_SYNTHETIC: o->synthetic = strtoll(optarg, NULL, 10); break;
		case OPT_HELP: usage(stdout); exit(0);
		default: usage(stderr); return 2;
		}
	}
	if (!o->db) {
		fprintf(stderr, "lifelong: --db FILE is required\n");
		return 2;
	}
	if (o->server.smtp_url && (!o->server.mail_from || !strchr(o->server.mail_from, '@'))) {
		fprintf(stderr, "lifelong: --smtp needs --mail-from ADDRESS (the sender of e-mails)\n");
		return 2;
	}
	if (o->server.smtp_url && strncmp(o->server.smtp_url, "smtp://", 7) &&
	    strncmp(o->server.smtp_url, "smtps://", 8)) {
		fprintf(stderr, "lifelong: --smtp wants smtp://HOST[:PORT] or smtps://…, got %s\n",
			o->server.smtp_url);
		return 2;
	}
	return 0;
}

/* Removes a database file and its WAL companions (a failed init must not
 * leave a half-made city behind for `make run` to serve). */
static void remove_db_files(const char *path)
{
	char side[4096];
	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

static int cmd_init(struct cli *o)
{
	struct db *db = NULL;
	long long n = 0;
	int rc = 1;
	int existed = access(o->db, F_OK) == 0;
	if (db_open(&db, o->db, DB_OPEN_CREATE | DB_OPEN_MIGRATE) < 0)
		goto out;
	if (db_scalar(db, &n, ST_DISTRICTS_COUNT, "") == 1 && n > 0) {
		fprintf(stderr, "lifelong: %s already holds a city; nothing done\n", o->db);
		goto out;
	}
	if (seed_load(db, o->seed, o->demo) < 0)
		goto out;
	printf("lifelong: created %s from %s%s\n", o->db, o->seed, o->demo ? " with demo data" : "");
	rc = 0;
out:
	db_close(db);
	if (rc != 0 && !existed)
		remove_db_files(o->db);
	return rc;
}

static int cmd_import(struct cli *o, const char *what, const char *file)
{
	struct db *db = NULL;
	struct import_result res;
	size_t n = 0;
	char *data = NULL;
	int rc = 1;
	enum import_kind kind;
	memset(&res, 0, sizeof res);
	if (!strcmp(what, "institutions"))
		kind = IMPORT_INSTITUTIONS;
	else if (!strcmp(what, "sessions"))
		kind = IMPORT_SESSIONS;
	else {
		fprintf(stderr, "lifelong: import institutions|sessions, not %s\n", what);
		return 2;
	}
	data = read_file(file, &n);
	if (!data) {
		fprintf(stderr, "lifelong: cannot read %s: %s\n", file, strerror(errno));
		return 2;
	}
	if (db_open(&db, o->db, DB_OPEN_MIGRATE) < 0)
		goto out;
	int r = import_csv(db, kind, data, n, 0, &res);
	if (r == 1) {
		fprintf(stderr, "%s: nothing imported; fix these rows:\n%s", file,
			buf_cstr(&res.errors));
		rc = 2;
	} else if (r == 0) {
		printf("%s: imported %d rows (%d institutions, %d courses, %d sessions)\n", file,
		       res.rows, res.institutions, res.courses, res.sessions);
		rc = 0;
	}
out:
	import_result_free(&res);
	free(data);
	db_close(db);
	return rc;
}

/* seed --synthetic N: N made-up courses for benchmarks (db/synthetic.h);
 * creates the database from the city's seed first when it has no city. */
static int cmd_seed(struct cli *o)
{
	struct db *db = NULL;
	struct synthetic_counts c;
	long long n = 0;
	char today[16];
	time_t now = time(NULL);
	int rc = 1;
	if (o->synthetic < 1) {
		fprintf(stderr, "lifelong: seed wants --synthetic N (N >= 1)\n");
		return 2;
	}
	strftime(today, sizeof today, "%Y-%m-%d", localtime(&now));
	if (db_open(&db, o->db, DB_OPEN_CREATE | DB_OPEN_MIGRATE) < 0)
		goto out;
	if ((db_scalar(db, &n, ST_DISTRICTS_COUNT, "") != 1 || n == 0) &&
	    seed_load(db, o->seed, 0) < 0)
		goto out;
	if (synthetic_seed(db, o->synthetic, today, 1, &c) < 0)
		goto out;
	printf("lifelong: added %lld synthetic courses (%lld sessions, %lld institutions, "
	       "%lld venues) to %s\n", c.courses, c.sessions, c.institutions, c.venues, o->db);
	rc = 0;
out:
	db_close(db);
	return rc;
}

static int cmd_demo(struct cli *o)
{
	struct db *db = NULL;
	int rc = 1;
	if (!o->remove) {
		fprintf(stderr, "lifelong: demo --remove is the only demo command\n");
		return 2;
	}
	if (db_open(&db, o->db, DB_OPEN_MIGRATE) < 0)
		goto out;
	int n = seed_remove_demo(db);
	if (n >= 0) {
		printf("lifelong: removed %d demo rows\n", n);
		rc = 0;
	}
out:
	db_close(db);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli o;
	memset(&o, 0, sizeof o);
	server_config_defaults(&o.server);
	o.seed = DEFAULT_SEED;
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "user")) {
		if (argc < 3) {
			usage(stderr);
			return 2;
		}
		int rc = parse_options(argc - 2, argv + 2, &o);
		if (rc)
			return rc;
		if (optind != argc - 2 - 1) {
			fprintf(stderr, "lifelong: user %s wants exactly one e-mail address\n", argv[2]);
			return 2;
		}
		return cli_user(o.db, argv[2], o.role, o.institution, argv[2 + optind],
				o.base_url ? o.base_url : "http://127.0.0.1:8080");
	}
	if (!strcmp(cmd, "report"))
		return report_command(argc - 1, argv + 1);
	if (!strcmp(cmd, "import")) {
		if (argc < 3) {
			usage(stderr);
			return 2;
		}
		const char *what = argv[2];
		int rc = parse_options(argc - 2, argv + 2, &o);
		if (rc)
			return rc;
		if (optind != argc - 2 - 1) {
			fprintf(stderr, "lifelong: import wants exactly one CSV file\n");
			return 2;
		}
		return cmd_import(&o, what, argv[2 + optind]);
	}
	int rc = parse_options(argc - 1, argv + 1, &o);
	if (rc)
		return rc;
	o.server.db_path = o.db;
	if (!strcmp(cmd, "serve"))
		return server_run(&o.server) == 0 ? 0 : 1;
	if (!strcmp(cmd, "init"))
		return cmd_init(&o);
	if (!strcmp(cmd, "demo"))
		return cmd_demo(&o);
	if (!strcmp(cmd, "seed"))
		return cmd_seed(&o);
	if (!strcmp(cmd, "sync"))
		return sync_command(o.db, o.server.feed_timeout_s);
	if (!strcmp(cmd, "alerts"))
		return alerts_command(o.db, o.base_url);
	if (!strcmp(cmd, "help") || !strcmp(cmd, "--help")) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 2;
}
