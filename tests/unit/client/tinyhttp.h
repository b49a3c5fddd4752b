/* tinyhttp: a tiny real HTTP/1.1 server on 127.0.0.1 for the client's
 * unit tests: one thread per connection, canned answers from a handler,
 * every request logged. Header-only; included by test files. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_TEST_TINYHTTP_H
#define YC_TEST_TINYHTTP_H
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

typedef struct THReq {
	char method[16];
	char path[512];
	char head[8192];         /* the header lines */
	char body[8192];
} THReq;

typedef void (*th_handler)(int fd, const THReq *req, void *ud);

#define TH_MAX_LOG 512

static struct {
	int lfd;
	int port;
	pthread_t thread;
	th_handler handler;
	void *ud;
	pthread_mutex_t lock;
	THReq log[TH_MAX_LOG];
	int nlog;
	volatile bool stop;
} TH = { .lfd = -1, .lock = PTHREAD_MUTEX_INITIALIZER };

/* The value of header name in a logged request, copied into out ("" when
 * absent). */
static inline const char *th_header(const THReq *r, const char *name, char *out, size_t outsz)
{
	out[0] = '\0';
	size_t nl = strlen(name);
	for (const char *p = r->head; *p;) {
		const char *e = strstr(p, "\r\n");
		if (!e)
			break;
		if ((size_t)(e - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(out, outsz, "%.*s", (int)(e - v), v);
			return out;
		}
		p = e + 2;
	}
	return out;
}

static inline void th_send(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, s, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* A whole answer; extra is more header lines ("X: y\r\n") or "". */
static inline void th_reply(int fd, int status, const char *ctype, const char *extra, const char *body)
{
	char head[1024];
	int n = snprintf(head, sizeof head,
			 "HTTP/1.1 %d X\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Date: Mon, 23 Nov 2026 08:00:00 GMT\r\nConnection: close\r\n%s\r\n",
			 status, ctype, strlen(body), extra);
	th_send(fd, head, (size_t)n);
	th_send(fd, body, strlen(body));
}

/* Read one request (head and Content-Length body) from fd. */
static inline bool th_read_request(int fd, THReq *r)
{
	char buf[16384];
	size_t len = 0;
	char *end = NULL;
	while (!end && len < sizeof buf - 1) {
		ssize_t n = recv(fd, buf + len, sizeof buf - 1 - len, 0);
		if (n <= 0)
			return false;
		len += (size_t)n;
		buf[len] = '\0';
		end = strstr(buf, "\r\n\r\n");
	}
	if (!end)
		return false;
	memset(r, 0, sizeof *r);
	sscanf(buf, "%15s %511s", r->method, r->path);
	char *hs = strstr(buf, "\r\n") + 2;
	snprintf(r->head, sizeof r->head, "%.*s", (int)(end + 2 - hs), hs);
	char cl[32];
	size_t want = (size_t)atol(th_header(r, "Content-Length", cl, sizeof cl));
	size_t have = len - (size_t)(end + 4 - buf);
	memcpy(r->body, end + 4, have < sizeof r->body ? have : sizeof r->body - 1);
	while (have < want && have < sizeof r->body - 1) {
		ssize_t n = recv(fd, r->body + have, sizeof r->body - 1 - have, 0);
		if (n <= 0)
			break;
		have += (size_t)n;
	}
	return true;
}

static void *th_conn(void *arg)
{
	int fd = (int)(intptr_t)arg;
	THReq *r = malloc(sizeof *r);
	if (th_read_request(fd, r)) {
		pthread_mutex_lock(&TH.lock);
		if (TH.nlog < TH_MAX_LOG)
			TH.log[TH.nlog++] = *r;
		pthread_mutex_unlock(&TH.lock);
		TH.handler(fd, r, TH.ud);
	}
	free(r);
	close(fd);
	return NULL;
}

static void *th_accept(void *arg)
{
	while (!TH.stop) {
		int fd = accept(TH.lfd, NULL, NULL);
		if (fd < 0) {
			if (TH.stop)
				break;
			continue;
		}
		pthread_t t;
		pthread_attr_t at;
		pthread_attr_init(&at);
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		pthread_create(&t, &at, th_conn, (void *)(intptr_t)fd);
		pthread_attr_destroy(&at);
	}
	return NULL;
}

/* Start listening on 127.0.0.1 (a free port); returns the port. */
static inline int th_start(th_handler h, void *ud)
{
	TH.handler = h;
	TH.ud = ud;
	TH.stop = false;
	TH.nlog = 0;
	TH.lfd = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(TH.lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (bind(TH.lfd, (struct sockaddr *)&a, sizeof a) != 0 || listen(TH.lfd, 64) != 0)
		return -1;
	socklen_t al = sizeof a;
	getsockname(TH.lfd, (struct sockaddr *)&a, &al);
	TH.port = ntohs(a.sin_port);
	pthread_create(&TH.thread, NULL, th_accept, NULL);
	return TH.port;
}

static inline void th_stop(void)
{
	TH.stop = true;
	shutdown(TH.lfd, SHUT_RDWR);
	close(TH.lfd);
	pthread_join(TH.thread, NULL);
	TH.lfd = -1;
}

/* How many logged requests had this path (prefix match when it ends in *). */
static inline int th_count(const char *path)
{
	int n = 0;
	size_t pl = strlen(path);
	bool prefix = pl > 0 && path[pl - 1] == '*';
	pthread_mutex_lock(&TH.lock);
	for (int i = 0; i < TH.nlog; i++)
		if (prefix ? strncmp(TH.log[i].path, path, pl - 1) == 0 : strcmp(TH.log[i].path, path) == 0)
			n++;
	pthread_mutex_unlock(&TH.lock);
	return n;
}

/* A copy of the last logged request with this path; false when none. */
static inline bool th_last(const char *path, THReq *out)
{
	bool found = false;
	pthread_mutex_lock(&TH.lock);
	for (int i = TH.nlog - 1; i >= 0 && !found; i--)
		if (strcmp(TH.log[i].path, path) == 0) {
			*out = TH.log[i];
			found = true;
		}
	pthread_mutex_unlock(&TH.lock);
	return found;
}

static inline void th_clear_log(void)
{
	pthread_mutex_lock(&TH.lock);
	TH.nlog = 0;
	pthread_mutex_unlock(&TH.lock);
}

#endif
