/* harness — HTTP tests against the real binary: a temporary database made
 * by `lifelong init --demo`, the server started on a free port, requests
 * made with libcurl, HTML checked to be well-formed with libxml2. */
#ifndef LIFELONG_TESTS_HARNESS_H
#define LIFELONG_TESTS_HARNESS_H

#include <stddef.h>
#include <sys/types.h>

#include "core/buf.h"

struct server {
	pid_t pid;
	int port;
	char dir[64];	/* temporary folder holding db and log */
	char db[128];
	char log[128];
};

struct reply {
	long status;
	struct buf body;
	struct buf headers;	/* raw header lines */
};

/* The binary under test: $LIFELONG_BIN, default build/lifelong. */
const char *harness_bin(void);
/* Runs argv (argv[0] a path) to completion with stdout and stderr appended
 * to the file log. Returns its exit code, or -1 if it did not exit. */
int harness_exec(const char *log, char *const argv[]);
/* Makes a temporary folder with a seeded database (demo data when demo).
 * Returns 0 or -1. */
int server_prepare(struct server *s, int demo);
/* Writes csv (UTF-8 text) to a file in the server's folder and runs
 * `lifelong import kind --db DB FILE` on it (kind: "institutions" or
 * "sessions"); works before and while the server runs. Returns the
 * command's exit code (0 = imported), or -1. */
int server_import(struct server *s, const char *kind, const char *csv);
/* Starts `lifelong serve` on 127.0.0.1:0 with threads workers and extra
 * arguments (NULL-terminated list, may be NULL); waits for its "listening"
 * line. Returns 0 or -1. */
int server_start(struct server *s, int threads, const char *const *extra);
/* Sends SIGTERM and waits up to wait_s seconds. Returns the exit status,
 * 128+signal if it died of a signal, or -1 if it had to be killed. */
int server_stop(struct server *s, int wait_s);
/* Stops the server and checks the stop was clean: exit status 0, the
 * "stopped" log line, no sanitizer or UBSan report. Returns NULL when
 * clean, else a description of the problem (valid until the next call). */
const char *server_stop_problem(struct server *s);
/* Removes the temporary folder. */
void server_cleanup(struct server *s);
/* Stops s when it still runs, then removes its folder: what the teardown
 * of a test program does. */
void server_finish(struct server *s);
/* A cmocka group teardown: server_finish() of the server the group setup
 * put in *state (`*state = &srv;`). */
int server_group_finish(void **state);
/* The last test of an HTTP test program: the server stops cleanly (exit 0,
 * the "stopped" line, no sanitizer report). Needs <cmocka.h>. */
#define ASSERT_CLEAN_STOP(s)                                   \
	do {                                                   \
		const char *problem_ = server_stop_problem(s); \
		if (problem_)                                  \
			fail_msg("%s", problem_);              \
	} while (0)
/* The server's log so far (malloc'd; caller frees). */
char *server_log(const struct server *s);
/* The server's log once it contains needle, waiting up to wait_s seconds
 * (access-log lines are written within a second); NULL when it never
 * does. Caller frees. */
char *server_log_wait(const struct server *s, const char *needle, int wait_s);

/* Makes a request (body may be NULL). Returns 0 when a reply came, -1 on
 * a transport error. Free the reply with reply_free(). */
int http_fetch(const struct server *s, const char *method, const char *path,
	       const char *body, const char *content_type, struct reply *out);
int http_get(const struct server *s, const char *path, struct reply *out);
/* As http_fetch, with one extra request header line ("Name: value"). */
int http_fetch_h(const struct server *s, const char *method, const char *path,
		 const char *body, const char *content_type, const char *header,
		 struct reply *out);
void reply_free(struct reply *r);
/* Copies the value of a header (first match, case-insensitive) into out.
 * Returns 0 or -1 when absent. */
int reply_header(const struct reply *r, const char *name, char *out, size_t n);
/* Parses the body as XML (the pages are written as well-formed XHTML-
 * compatible HTML5). Returns 0, or -1 with the parser's messages in err. */
int html_well_formed(const struct reply *r, struct buf *err);
/* Counts occurrences of needle in the body. */
int body_count(const struct reply *r, const char *needle);

/* Runs sql (with an optional text parameter ?1) on the server's database
 * through a connection of its own, and returns the first column of the
 * first row as a number (-1: no row or an error). */
long long server_db_int(const struct server *s, const char *sql, const char *arg);
/* As server_db_int, the first column as text (malloc'd; NULL: no row). */
char *server_db_text(const struct server *s, const char *sql, const char *arg);

/* A tiny browser: keeps the cookies the server sets, sends them back. */
struct browser {
	char cookies[2048];	/* "a=1; b=2" */
};

/* GET or POST (form-encoded body, may be NULL) with the browser's cookies;
 * stores the cookies of the reply. Returns 0 or -1 like http_fetch. */
int browser_get(const struct server *s, struct browser *b, const char *path, struct reply *out);
int browser_post(const struct server *s, struct browser *b, const char *path, const char *body,
		 struct reply *out);
/* Appends key=value (value percent-encoded) to a form body. */
void form_add(struct buf *f, const char *key, const char *value);
/* Copies the value of the first hidden csrf field in the reply's body into
 * out. Returns 0, or -1 when the page has no form token. */
int form_csrf(const struct reply *r, char *out, size_t n);
/* Copies the value of cookie name as set by the reply (Set-Cookie). 0/-1. */
int reply_cookie(const struct reply *r, const char *name, char *out, size_t n);
/* Creates a staff account with the CLI (role, institution may be NULL),
 * follows its set-password link and sets password; b ends up signed in.
 * Returns 0 or -1. */
int staff_create(struct server *s, struct browser *b, const char *role,
		 const char *institution, const char *email, const char *password);
/* Signs b in through the login form. Returns the HTTP status of the POST
 * (303 on success) or -1. */
int staff_login(const struct server *s, struct browser *b, const char *email,
		const char *password);

#endif
