#include "harness.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <libxml/parser.h>
#include <poll.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

const char *harness_bin(void)
{
	const char *b = getenv("LIFELONG_BIN");
	return b && *b ? b : "build/lifelong";
}

int harness_exec(const char *log, char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int server_prepare(struct server *s, int demo)
{
	memset(s, 0, sizeof *s);
	strcpy(s->dir, "/tmp/lifelong-http-XXXXXX");
	if (!mkdtemp(s->dir))
		return -1;
	snprintf(s->db, sizeof s->db, "%s/test.db", s->dir);
	snprintf(s->log, sizeof s->log, "%s/server.log", s->dir);
	char *argv[] = {(char *)harness_bin(), "init", "--db", s->db,
			demo ? "--demo" : NULL, NULL};
	return harness_exec(s->log, argv) == 0 ? 0 : -1;
}

int server_import(struct server *s, const char *kind, const char *csv)
{
	static int serial;
	char path[192];
	snprintf(path, sizeof path, "%s/import-%d.csv", s->dir, ++serial);
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	size_t n = strlen(csv);
	int ok = fwrite(csv, 1, n, f) == n;
	if (fclose(f) != 0 || !ok)
		return -1;
	char *argv[] = {(char *)harness_bin(), "import", (char *)kind, "--db", s->db, path, NULL};
	return harness_exec(s->log, argv);
}

int server_start(struct server *s, int threads, const char *const *extra)
{
	int out[2];
	char listen[] = "127.0.0.1:0", nthreads[16];
	char *argv[32];
	int n = 0;
	snprintf(nthreads, sizeof nthreads, "%d", threads);
	argv[n++] = (char *)harness_bin();
	argv[n++] = "serve";
	argv[n++] = "--db";
	argv[n++] = s->db;
	argv[n++] = "--listen";
	argv[n++] = listen;
	argv[n++] = "--threads";
	argv[n++] = nthreads;
	for (int i = 0; extra && extra[i] && n < 30; i++)
		argv[n++] = (char *)extra[i];
	argv[n] = NULL;
	if (pipe(out) < 0)
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		int fd = open(s->log, O_WRONLY | O_CREAT | O_APPEND, 0600);
		dup2(out[1], 1);
		if (fd >= 0)
			dup2(fd, 2);
		close(out[0]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(out[1]);
	char line[256];
	size_t len = 0;
	struct pollfd p = {out[0], POLLIN, 0};
	while (len < sizeof line - 1 && !memchr(line, '\n', len)) {
		if (poll(&p, 1, 20000) <= 0)
			break;
		ssize_t got = read(out[0], line + len, sizeof line - 1 - len);
		if (got <= 0)
			break;
		len += (size_t)got;
	}
	line[len] = '\0';
	close(out[0]);
	const char *at = strstr(line, "http://127.0.0.1:");
	s->port = at ? atoi(at + strlen("http://127.0.0.1:")) : 0;
	return s->port > 0 ? 0 : -1;
}

int server_stop(struct server *s, int wait_s)
{
	int st;
	if (s->pid <= 0)
		return -1;
	kill(s->pid, SIGTERM);
	for (int i = 0; i < wait_s * 20; i++) {
		pid_t r = waitpid(s->pid, &st, WNOHANG);
		if (r == s->pid) {
			s->pid = 0;
			if (WIFEXITED(st))
				return WEXITSTATUS(st);
			return 128 + WTERMSIG(st);
		}
		struct timespec ts = {0, 50000000};
		nanosleep(&ts, NULL);
	}
	kill(s->pid, SIGKILL);
	waitpid(s->pid, &st, 0);
	s->pid = 0;
	return -1;
}

void server_cleanup(struct server *s)
{
	char *argv[] = {"/bin/rm", "-rf", s->dir, NULL};
	if (s->dir[0] && strncmp(s->dir, "/tmp/lifelong-http-", 19) == 0)
		harness_exec("/dev/null", argv);
}

void server_finish(struct server *s)
{
	if (s->pid)
		server_stop(s, 10);
	server_cleanup(s);
}

int server_group_finish(void **state)
{
	if (state && *state)
		server_finish(*state);
	return 0;
}

char *server_log(const struct server *s)
{
	FILE *f = fopen(s->log, "r");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	buf_cstr(&b);
	return buf_detach(&b, NULL);
}

char *server_log_wait(const struct server *s, const char *needle, int wait_s)
{
	for (int i = 0; i <= wait_s * 20; i++) {
		char *log = server_log(s);
		if (log && strstr(log, needle))
			return log;
		free(log);
		usleep(50000);
	}
	return NULL;
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	return buf_append(arg, p, size * n) == 0 ? size * n : 0;
}

int http_fetch_h(const struct server *s, const char *method, const char *path,
		 const char *body, const char *content_type, const char *header,
		 struct reply *out)
{
	char url[4096];
	struct curl_slist *hdrs = NULL;
	memset(out, 0, sizeof *out);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
	CURL *c = curl_easy_init();
	if (!c)
		return -1;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "Mozilla/5.0 (lifelong tests)");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
	if (body) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		if (content_type) {
			char h[256];
			snprintf(h, sizeof h, "Content-Type: %s", content_type);
			hdrs = curl_slist_append(hdrs, h);
		}
	}
	if (header)
		hdrs = curl_slist_append(hdrs, header);
	if (hdrs)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	CURLcode rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(c);
	buf_cstr(&out->body);
	buf_cstr(&out->headers);
	return rc == CURLE_OK ? 0 : -1;
}

int http_fetch(const struct server *s, const char *method, const char *path,
	       const char *body, const char *content_type, struct reply *out)
{
	return http_fetch_h(s, method, path, body, content_type, NULL, out);
}

int http_get(const struct server *s, const char *path, struct reply *out)
{
	return http_fetch_h(s, "GET", path, NULL, NULL, NULL, out);
}

void reply_free(struct reply *r)
{
	buf_free(&r->body);
	buf_free(&r->headers);
}

int reply_header(const struct reply *r, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (const char *line = r->headers.data; line && *line;) {
		const char *end = strstr(line, "\r\n");
		if (!end)
			end = line + strlen(line);
		if (!strncasecmp(line, name, nl) && line[nl] == ':') {
			const char *v = line + nl + 1;
			while (*v == ' ')
				v++;
			size_t vl = (size_t)(end - v);
			if (vl >= n)
				vl = n - 1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 0;
		}
		line = *end ? end + 2 : end;
	}
	return -1;
}

static void collect_error(void *ctx, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(ctx, fmt, ap);
	va_end(ap);
}

int html_well_formed(const struct reply *r, struct buf *err)
{
	xmlSetGenericErrorFunc(err, collect_error);
	xmlDocPtr doc = xmlReadMemory(r->body.data ? r->body.data : "", (int)r->body.len,
				      "page.html", "UTF-8", XML_PARSE_NONET);
	xmlSetGenericErrorFunc(NULL, NULL);
	if (!doc)
		return -1;
	xmlFreeDoc(doc);
	return err->len ? -1 : 0;
}

int body_count(const struct reply *r, const char *needle)
{
	int n = 0;
	for (const char *p = r->body.data; p && (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

const char *server_stop_problem(struct server *s)
{
	static _Thread_local char why[160];
	int st = server_stop(s, 10);
	char *log = server_log(s);
	const char *problem = NULL;
	if (st != 0) {
		snprintf(why, sizeof why, "server exited with status %d", st);
		problem = why;
	} else if (!log || !strstr(log, "lifelong: stopped")) {
		problem = "server did not log a clean stop";
	} else if (strstr(log, "AddressSanitizer") || strstr(log, "LeakSanitizer")) {
		problem = "sanitizer report in the server log";
	} else if (strstr(log, "runtime error")) {
		problem = "UBSan runtime error in the server log";
	}
	free(log);
	return problem;
}

int reply_cookie(const struct reply *r, const char *name, char *out, size_t n)
{
	size_t nl = strlen(name);
	for (const char *line = r->headers.data; line && *line;) {
		const char *end = strstr(line, "\r\n");
		if (!end)
			end = line + strlen(line);
		if (!strncasecmp(line, "Set-Cookie: ", 12) && !strncmp(line + 12, name, nl) &&
		    line[12 + nl] == '=') {
			const char *v = line + 12 + nl + 1;
			size_t vl = strcspn(v, ";\r\n");
			if (vl >= n)
				return -1;
			memcpy(out, v, vl);
			out[vl] = '\0';
			return 0;
		}
		line = *end ? end + 2 : end;
	}
	return -1;
}

/* Replaces or adds name=value in the cookie string; an empty value (a
 * deleted cookie) removes it. */
static void jar_set(struct browser *b, const char *name, const char *value)
{
	char next[sizeof b->cookies] = "";
	size_t nl = strlen(name);
	for (char *p = b->cookies; *p;) {
		char *end = strstr(p, "; ");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (!(len > nl && !strncmp(p, name, nl) && p[nl] == '='))
			snprintf(next + strlen(next), sizeof next - strlen(next), "%s%.*s",
				 next[0] ? "; " : "", (int)len, p);
		p += len + (end ? 2 : 0);
	}
	if (value[0])
		snprintf(next + strlen(next), sizeof next - strlen(next), "%s%s=%s",
			 next[0] ? "; " : "", name, value);
	memcpy(b->cookies, next, sizeof next);
}

/* Stores every Set-Cookie of the reply in the jar. */
static void jar_update(struct browser *b, const struct reply *r)
{
	for (const char *line = r->headers.data; line && *line;) {
		const char *end = strstr(line, "\r\n");
		if (!end)
			end = line + strlen(line);
		if (!strncasecmp(line, "Set-Cookie: ", 12)) {
			char name[64], value[256];
			const char *eq = strchr(line + 12, '=');
			size_t nl = eq ? (size_t)(eq - line - 12) : 0;
			size_t vl = eq ? strcspn(eq + 1, ";\r\n") : 0;
			if (eq && nl < sizeof name && vl < sizeof value) {
				memcpy(name, line + 12, nl);
				name[nl] = '\0';
				memcpy(value, eq + 1, vl);
				value[vl] = '\0';
				jar_set(b, name, value);
			}
		}
		line = *end ? end + 2 : end;
	}
}

static int browser_fetch(const struct server *s, struct browser *b, const char *method,
			 const char *path, const char *body, struct reply *out)
{
	char h[sizeof b->cookies + 16];
	snprintf(h, sizeof h, "Cookie: %s", b->cookies);
	int rc = http_fetch_h(s, method, path, body, body ? "application/x-www-form-urlencoded" : NULL,
			      b->cookies[0] ? h : NULL, out);
	if (rc == 0)
		jar_update(b, out);
	return rc;
}

int browser_get(const struct server *s, struct browser *b, const char *path, struct reply *out)
{
	return browser_fetch(s, b, "GET", path, NULL, out);
}

int browser_post(const struct server *s, struct browser *b, const char *path, const char *body,
		 struct reply *out)
{
	return browser_fetch(s, b, "POST", path, body ? body : "", out);
}

int form_csrf(const struct reply *r, char *out, size_t n)
{
	const char *at = r->body.data ? strstr(r->body.data, "name=\"csrf\" value=\"") : NULL;
	if (!at)
		return -1;
	at += strlen("name=\"csrf\" value=\"");
	size_t len = strcspn(at, "\"");
	if (len >= n)
		return -1;
	memcpy(out, at, len);
	out[len] = '\0';
	return 0;
}

/* Appends key=value, percent-encoded, to a form body. */
void form_add(struct buf *f, const char *key, const char *value)
{
	char *enc = curl_easy_escape(NULL, value, 0);
	buf_printf(f, "%s%s=%s", f->len ? "&" : "", key, enc ? enc : "");
	curl_free(enc);
}

int staff_create(struct server *s, struct browser *b, const char *role,
		 const char *institution, const char *email, const char *password)
{
	char out[160], token[80], csrf[80], path[160];
	struct reply r;
	struct buf f = BUF_INIT;
	int rc = -1;
	snprintf(out, sizeof out, "%s/user-add.out", s->dir);
	unlink(out);
	char *argv[] = {(char *)harness_bin(), "user", "add", "--db", s->db, "--role", (char *)role,
			institution ? "--institution" : (char *)email,
			institution ? (char *)institution : NULL, institution ? (char *)email : NULL,
			NULL};
	if (harness_exec(out, argv) != 0)
		return -1;
	FILE *fp = fopen(out, "r");
	char line[512];
	token[0] = '\0';
	while (fp && fgets(line, sizeof line, fp)) {
		char *t = strstr(line, "token=");
		if (t) {
			snprintf(token, sizeof token, "%.32s", t + 6);
			break;
		}
	}
	if (fp)
		fclose(fp);
	if (strlen(token) != 32)
		return -1;
	snprintf(path, sizeof path, "/password/set?token=%s", token);
	if (browser_get(s, b, path, &r) < 0 || r.status != 200 || form_csrf(&r, csrf, sizeof csrf) < 0)
		goto out;
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	form_add(&f, "token", token);
	form_add(&f, "password", password);
	form_add(&f, "password2", password);
	if (browser_post(s, b, "/password/set", buf_cstr(&f), &r) == 0 && r.status == 303)
		rc = 0;
out:
	reply_free(&r);
	buf_free(&f);
	return rc;
}

int staff_login(const struct server *s, struct browser *b, const char *email,
		const char *password)
{
	struct reply r;
	struct buf f = BUF_INIT;
	char csrf[80];
	int status = -1;
	if (browser_get(s, b, "/login", &r) < 0)
		return -1;
	if (form_csrf(&r, csrf, sizeof csrf) < 0) {
		reply_free(&r);
		return -1;
	}
	reply_free(&r);
	form_add(&f, "csrf", csrf);
	form_add(&f, "email", email);
	form_add(&f, "password", password);
	if (browser_post(s, b, "/login", buf_cstr(&f), &r) == 0)
		status = (int)r.status;
	reply_free(&r);
	buf_free(&f);
	return status;
}

/* Prepares sql with ?1 = arg on a fresh connection and steps once. Returns
 * the statement positioned on the first row, or NULL (the connection is
 * closed then). */
static sqlite3_stmt *db_first_row(const struct server *s, const char *sql, const char *arg,
				  sqlite3 **h)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_open(s->db, h) != SQLITE_OK) {
		sqlite3_close(*h);
		return NULL;
	}
	sqlite3_busy_timeout(*h, 5000);
	if (sqlite3_prepare_v2(*h, sql, -1, &st, NULL) == SQLITE_OK) {
		if (arg)
			sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) == SQLITE_ROW)
			return st;
	}
	sqlite3_finalize(st);
	sqlite3_close(*h);
	return NULL;
}

long long server_db_int(const struct server *s, const char *sql, const char *arg)
{
	sqlite3 *h;
	sqlite3_stmt *st = db_first_row(s, sql, arg, &h);
	long long v = -1;
	if (!st)
		return -1;
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}

char *server_db_text(const struct server *s, const char *sql, const char *arg)
{
	sqlite3 *h;
	sqlite3_stmt *st = db_first_row(s, sql, arg, &h);
	char *v = NULL;
	if (!st)
		return NULL;
	if (sqlite3_column_text(st, 0))
		v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return v;
}
