#include "regtest.h"

#include "search/tokenize.h"

#include <curl/curl.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs sql; with want_row, copies the first value of the first row into
 * *text (malloc'd) and *num. Returns 0, 1 (no row) or -1. */
static int run_sql(const struct server *s, const char *sql, int want_row, char **text,
		   long long *num)
{
	sqlite3 *h;
	int rc = -1;
	if (sqlite3_open(s->db, &h) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(h, 10000);
	/* the search index's tokenizer: triggers on courses use it */
	if (tok_register(h) < 0) {
		sqlite3_close(h);
		return -1;
	}
	if (!want_row) {
		char *err = NULL;
		rc = sqlite3_exec(h, sql, NULL, NULL, &err) == SQLITE_OK ? 0 : -1;
		if (err) {
			fprintf(stderr, "regtest: %s: %s\n", sql, err);
			sqlite3_free(err);
		}
	} else {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK) {
			int step = sqlite3_step(st);
			if (step == SQLITE_ROW) {
				const unsigned char *t = sqlite3_column_text(st, 0);
				if (text)
					*text = t ? strdup((const char *)t) : NULL;
				if (num)
					*num = sqlite3_column_int64(st, 0);
				rc = 0;
			} else {
				rc = step == SQLITE_DONE ? 1 : -1;
			}
			sqlite3_finalize(st);
		} else {
			fprintf(stderr, "regtest: %s: %s\n", sql, sqlite3_errmsg(h));
		}
	}
	sqlite3_close(h);
	return rc;
}

int regtest_sql(const struct server *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	int rc = sql ? run_sql(s, sql, 0, NULL, NULL) : -1;
	sqlite3_free(sql);
	return rc;
}

long long regtest_int(const struct server *s, const char *fmt, ...)
{
	va_list ap;
	long long v = -1;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (!sql || run_sql(s, sql, 1, NULL, &v) != 0)
		v = -1;
	sqlite3_free(sql);
	return v;
}

char *regtest_text(const struct server *s, const char *fmt, ...)
{
	va_list ap;
	char *t = NULL;
	va_start(ap, fmt);
	char *sql = sqlite3_vmprintf(fmt, ap);
	va_end(ap);
	if (!sql || run_sql(s, sql, 1, &t, NULL) != 0)
		t = NULL;
	sqlite3_free(sql);
	return t;
}

long long regtest_course(const struct server *s, int institution_n, int capacity, int childcare,
			 const char *category, const char *title, const char *const *sessions)
{
	static const char *const one[] = {"2099-01-05 09:00|2099-01-05 11:00", NULL};
	char cap[16];
	if (capacity < 0)
		snprintf(cap, sizeof cap, "NULL");
	else
		snprintf(cap, sizeof cap, "%d", capacity);
	if (regtest_sql(s, "INSERT INTO courses(institution_id,title,category,capacity,childcare,status) "
			"VALUES((SELECT id FROM institutions ORDER BY id LIMIT 1 OFFSET %d),%Q,%Q,%s,%d,"
			"'published')", institution_n - 1, title, category, cap, childcare) < 0)
		return -1;
	long long id = regtest_int(s, "SELECT id FROM courses WHERE title=%Q", title);
	for (const char *const *p = sessions ? sessions : one; id > 0 && *p; p++) {
		char start[17], end[17];
		if (sscanf(*p, "%16[^|]|%16[^\n]", start, end) != 2 ||
		    regtest_sql(s, "INSERT INTO sessions(course_id,starts_at,ends_at) VALUES(%lld,%Q,%Q)",
				id, start, end) < 0)
			return -1;
	}
	return id;
}

int api_client_init(const struct server *s, struct api_client *c)
{
	struct reply r;
	char v[96];
	memset(c, 0, sizeof *c);
	if (http_get(s, "/api/v1/csrf", &r) < 0)
		return -1;
	int ok = r.status == 200 && reply_cookie(&r, "ll_csrf", v, sizeof v) == 0;
	const char *t = ok ? strstr(buf_cstr(&r.body), "\"token\"") : NULL;
	if (t && (t = strchr(t + 7, '"'))) {
		snprintf(c->token, sizeof c->token, "%.*s", (int)strcspn(t + 1, "\""), t + 1);
		snprintf(c->cookie, sizeof c->cookie, "ll_csrf=%s", v);
	}
	reply_free(&r);
	return c->token[0] && c->cookie[0] ? 0 : -1;
}

static size_t on_data(char *p, size_t size, size_t n, void *arg)
{
	return buf_append(arg, p, size * n) == 0 ? size * n : 0;
}

int api_call(const struct server *s, const struct api_client *c, const char *method,
	     const char *path, const char *json, int with_token, struct reply *out)
{
	char url[1024], h1[256], h2[256];
	struct curl_slist *hdrs = NULL;
	memset(out, 0, sizeof *out);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", s->port, path);
	CURL *e = curl_easy_init();
	if (!e)
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &out->body);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_data);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, &out->headers);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, 30L);
	snprintf(h1, sizeof h1, "Cookie: %s", c->cookie);
	hdrs = curl_slist_append(hdrs, h1);
	if (with_token) {
		snprintf(h2, sizeof h2, "X-CSRF-Token: %s", c->token);
		hdrs = curl_slist_append(hdrs, h2);
	}
	if (c->extra[0])
		hdrs = curl_slist_append(hdrs, c->extra);
	if (json) {
		hdrs = curl_slist_append(hdrs, "Content-Type: application/json");
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, json);
	}
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	CURLcode rc = curl_easy_perform(e);
	if (rc == CURLE_OK)
		curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hdrs);
	curl_easy_cleanup(e);
	buf_cstr(&out->body);
	buf_cstr(&out->headers);
	return rc == CURLE_OK ? 0 : -1;
}

int find_token(const char *text, const char *prefix, char out[33])
{
	size_t pl = strlen(prefix);
	for (const char *p = text; p && (p = strstr(p, prefix)); p += pl) {
		const char *t = p + pl;
		if (strspn(t, "0123456789abcdef") >= 32) {
			memcpy(out, t, 32);
			out[32] = '\0';
			return 0;
		}
	}
	return -1;
}
