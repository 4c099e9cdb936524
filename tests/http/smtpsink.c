#include "smtpsink.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int sink_reserve(struct smtp_sink *s)
{
	struct sockaddr_in a;
	socklen_t al = sizeof a;
	int one = 1;
	memset(s, 0, sizeof *s);
	pthread_mutex_init(&s->mu, NULL);
	s->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s->fd < 0)
		return -1;
	setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	memset(&a, 0, sizeof a);
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s->fd, (struct sockaddr *)&a, sizeof a) < 0 ||
	    getsockname(s->fd, (struct sockaddr *)&a, &al) < 0)
		return -1;
	s->port = ntohs(a.sin_port);
	return 0;
}

/* Sends a reply line. */
static void say(int fd, const char *line)
{
	size_t n = strlen(line);
	while (n) {
		ssize_t w = write(fd, line, n);
		if (w <= 0)
			return;
		line += w;
		n -= (size_t)w;
	}
}

/* Reads one CRLF line into line (size n) from fd with buffer in. Returns
 * its length, or -1 at the end of the connection. */
static int read_line(int fd, struct buf *in, char *line, size_t n, volatile int *stop)
{
	for (;;) {
		char *eol = in->len ? memchr(in->data, '\n', in->len) : NULL;
		if (eol) {
			size_t len = (size_t)(eol - in->data) + 1;
			size_t copy = len < n ? len : n - 1;
			memcpy(line, in->data, copy);
			line[copy] = '\0';
			memmove(in->data, in->data + len, in->len - len);
			in->len -= len;
			return (int)copy;
		}
		struct pollfd p = {fd, POLLIN, 0};
		if (*stop)
			return -1;
		int pr = poll(&p, 1, 100);
		if (pr == 0)
			continue;
		char chunk[4096];
		ssize_t got = pr > 0 ? read(fd, chunk, sizeof chunk) : -1;
		if (got <= 0)
			return -1;
		buf_append(in, chunk, (size_t)got);
	}
}

/* Serves one SMTP connection to its end. */
static void serve(struct smtp_sink *s, int fd)
{
	struct buf in = BUF_INIT, data = BUF_INIT;
	char line[2048], rcpt[256] = "";
	say(fd, "220 sink.test ESMTP test sink\r\n");
	while (read_line(fd, &in, line, sizeof line, &s->stop) >= 0) {
		if (!strncasecmp(line, "EHLO", 4)) {
			say(fd, "250-sink.test\r\n250-8BITMIME\r\n250 SIZE 10000000\r\n");
		} else if (!strncasecmp(line, "HELO", 4)) {
			say(fd, "250 sink.test\r\n");
		} else if (!strncasecmp(line, "MAIL FROM:", 10)) {
			rcpt[0] = '\0';
			say(fd, "250 OK\r\n");
		} else if (!strncasecmp(line, "RCPT TO:", 8)) {
			if (!rcpt[0]) {
				const char *a = strchr(line, '<');
				snprintf(rcpt, sizeof rcpt, "%.255s", a ? a + 1 : line + 8);
				rcpt[strcspn(rcpt, ">\r\n")] = '\0';
			}
			say(fd, "250 OK\r\n");
		} else if (!strncasecmp(line, "DATA", 4)) {
			say(fd, "354 go ahead\r\n");
			buf_reset(&data);
			int len;
			while ((len = read_line(fd, &in, line, sizeof line, &s->stop)) >= 0) {
				if (!strcmp(line, ".\r\n"))
					break;
				buf_append(&data, line[0] == '.' ? line + 1 : line,
					   (size_t)len - (line[0] == '.'));
			}
			if (len < 0)
				break;
			pthread_mutex_lock(&s->mu);
			if (s->n < SINK_MAX) {
				buf_append(&s->msgs[s->n], data.data ? data.data : "", data.len);
				snprintf(s->rcpt[s->n], sizeof s->rcpt[s->n], "%s", rcpt);
				s->n++;
			}
			pthread_mutex_unlock(&s->mu);
			say(fd, "250 OK queued\r\n");
		} else if (!strncasecmp(line, "QUIT", 4)) {
			say(fd, "221 bye\r\n");
			break;
		} else if (!strncasecmp(line, "RSET", 4) || !strncasecmp(line, "NOOP", 4)) {
			say(fd, "250 OK\r\n");
		} else {
			say(fd, "502 not implemented\r\n");
		}
	}
	buf_free(&in);
	buf_free(&data);
	close(fd);
}

static void *sink_main(void *arg)
{
	struct smtp_sink *s = arg;
	while (!s->stop) {
		struct pollfd p = {s->fd, POLLIN, 0};
		if (poll(&p, 1, 100) <= 0)
			continue;
		int c = accept(s->fd, NULL, NULL);
		if (c >= 0)
			serve(s, c);
	}
	return NULL;
}

int sink_start(struct smtp_sink *s)
{
	if (listen(s->fd, 16) < 0 || pthread_create(&s->thread, NULL, sink_main, s) != 0)
		return -1;
	s->started = 1;
	return 0;
}

int sink_wait(struct smtp_sink *s, int n, int timeout_s)
{
	int got = 0;
	for (int i = 0;; i++) {
		pthread_mutex_lock(&s->mu);
		got = s->n;
		pthread_mutex_unlock(&s->mu);
		if (got >= n || i >= timeout_s * 20)
			break;
		struct timespec ts = {0, 50000000};
		nanosleep(&ts, NULL);
	}
	return got;
}

char *sink_message(struct smtp_sink *s, int i)
{
	char *m = NULL;
	pthread_mutex_lock(&s->mu);
	if (i >= 0 && i < s->n)
		m = strndup(s->msgs[i].data ? s->msgs[i].data : "", s->msgs[i].len);
	pthread_mutex_unlock(&s->mu);
	return m;
}

void sink_stop(struct smtp_sink *s)
{
	s->stop = 1;
	if (s->started)
		pthread_join(s->thread, NULL);
	if (s->fd >= 0)
		close(s->fd);
	for (int i = 0; i < SINK_MAX; i++)
		buf_free(&s->msgs[i]);
	pthread_mutex_destroy(&s->mu);
	s->started = 0;
	s->fd = -1;
}

GMimeMessage *sink_parsed(struct smtp_sink *s, int i)
{
	char *raw = sink_message(s, i);
	if (!raw)
		return NULL;
	GMimeStream *st = g_mime_stream_mem_new_with_buffer(raw, strlen(raw));
	GMimeParser *p = g_mime_parser_new_with_stream(st);
	GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
	g_object_unref(p);
	g_object_unref(st);
	free(raw);
	return m;
}

int sink_serve(struct smtp_sink *sink, struct server *srv, const char *const *extra)
{
	char url[64];
	const char *args[24] = {"--smtp", url, "--mail-from", "learning@keelung.example",
				"--mail-retry", "1"};
	size_t n = 6;
	snprintf(url, sizeof url, "smtp://127.0.0.1:%d", sink->port);
	for (; extra && *extra && n + 1 < sizeof args / sizeof *args; extra++)
		args[n++] = *extra;
	args[n] = NULL;
	return server_start(srv, 2, args);
}

void sink_finish(struct smtp_sink *sink, struct server *srv)
{
	server_finish(srv);
	sink_stop(sink);
	g_mime_shutdown();
}
