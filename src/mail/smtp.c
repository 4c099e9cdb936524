/* smtp — sending one message with libcurl's SMTP client (see mail.h). */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "mail/mail.h"

struct upload {
	const char *p;
	size_t left;
};

/* libcurl's read callback: the next part of the message. */
static size_t read_message(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct upload *u = arg;
	size_t n = size * nmemb;
	if (n > u->left)
		n = u->left;
	memcpy(dst, u->p, n);
	u->p += n;
	u->left -= n;
	return n;
}

/* libcurl's progress callback: a non-zero return abandons the transfer. */
static int check_stop(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		      curl_off_t ulnow)
{
	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	const atomic_int *stop = arg;
	return stop && *stop;
}

/* SMTP replies that refuse this sender, recipient or message for good
 * (RFC 5321 §4.2); other 5xx (authentication, policy) are the server's
 * set-up, worth retrying once someone fixes it. */
static int refused_for_good(long code)
{
	return code == 501 || code == 550 || code == 551 || code == 553 || code == 554;
}

enum smtp_result smtp_send(const char *url, const char *from, const char *to, const char *msg,
			   size_t len, const atomic_int *stop, char *err, size_t n)
{
	char from_b[320], to_b[320], errbuf[CURL_ERROR_SIZE] = "";
	struct upload u = {msg, len};
	enum smtp_result res = SMTP_RETRY;
	long code = 0;
	snprintf(err, n, "%s", "");
	if (snprintf(from_b, sizeof from_b, "<%s>", from) >= (int)sizeof from_b ||
	    snprintf(to_b, sizeof to_b, "<%s>", to) >= (int)sizeof to_b) {
		snprintf(err, n, "address too long");
		return SMTP_REFUSED;
	}
	CURL *c = curl_easy_init();
	struct curl_slist *rcpt = curl_slist_append(NULL, to_b);
	if (!c || !rcpt) {
		snprintf(err, n, "out of memory");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(c, CURLOPT_USE_SSL, (long)CURLUSESSL_TRY);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, from_b);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
	curl_easy_setopt(c, CURLOPT_READDATA, &u);
	curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, check_stop);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)stop);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	CURLcode rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		res = SMTP_SENT;
	} else {
		snprintf(err, n, "%s (SMTP %ld)", errbuf[0] ? errbuf : curl_easy_strerror(rc), code);
		res = refused_for_good(code) ? SMTP_REFUSED : SMTP_RETRY;
	}
out:
	curl_slist_free_all(rcpt);
	if (c)
		curl_easy_cleanup(c);
	return res;
}
