/* events_fanout: time for one ticket event to reach N concurrent SSE streams of yichuangd. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/jsonx.h"
#include "common/xalloc.h"

#define LINE_MAX_LEN 16384
#define DEADLINE_MS 30000

/* One SSE stream: a raw socket, a chunked-encoding decoder and an SSE line reader. */
typedef struct Stream {
	int fd;
	int sent;               /* request written */
	int status;             /* HTTP status, 0 until the head is in */
	char head[2048];
	size_t headlen;
	int chunked;
	long chunk_left;        /* -1: reading a size line; >0: data bytes left; -2: CRLF after data */
	char sizeline[32];
	size_t sizelen;
	char line[LINE_MAX_LEN];
	size_t linelen;
	int want_data;          /* the event line was ticket.issued: the next data line is ours */
	double seen;            /* when this round's event arrived, 0 not yet */
	char *data;             /* its data line */
	int closed;
} Stream;

static int port;
static char token[256];
static char request[1024];
static int nstreams = 1000, rounds = 5;
static Stream *st;
static int round_active;

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* libcurl write callback: collect the body. */
static size_t collect(char *p, size_t sz, size_t n, void *ud)
{
	char **buf = ud;
	size_t old = *buf ? strlen(*buf) : 0;
	*buf = xrealloc(*buf, old + sz * n + 1);
	memcpy(*buf + old, p, sz * n);
	(*buf)[old + sz * n] = 0;
	return sz * n;
}

/* A blocking JSON call with libcurl (set-up only, never timed). */
static cJSON *call(const char *base, const char *method, const char *path, const char *body)
{
	CURL *c = curl_easy_init();
	char url[512], auth[300];
	char *out = NULL;
	struct curl_slist *h = curl_slist_append(NULL, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	if (token[0]) {
		snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
		h = curl_slist_append(h, auth);
	}
	snprintf(url, sizeof url, "%s%s", base, path);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	if (body)
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &out);
	CURLcode rc = curl_easy_perform(c);
	long code = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK || code >= 300) {
		fprintf(stderr, "events_fanout: %s %s: %s (HTTP %ld) %s\n", method, path,
			curl_easy_strerror(rc), code, out ? out : "");
		exit(1);
	}
	cJSON *j = json_parse_n(out ? out : "", out ? strlen(out) : 0);
	free(out);
	return j;
}

/* A non-blocking socket connecting to the server. */
static int dial(void)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || (connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0 && errno != EINPROGRESS)) {
		perror("events_fanout: connect");
		exit(1);
	}
	return fd;
}

/* One complete SSE line of stream s. */
static void sse_line(Stream *s)
{
	s->line[s->linelen] = 0;
	if (strncmp(s->line, "event:", 6) == 0) {
		const char *t = s->line + 6 + (s->line[6] == ' ');
		s->want_data = strcmp(t, "ticket.issued") == 0;
		if (s->want_data && round_active && !s->seen)
			s->seen = now_ms();
	} else if (strncmp(s->line, "data:", 5) == 0 && s->want_data && round_active) {
		free(s->data);
		s->data = xstrdup(s->line);
		s->want_data = 0;
	}
	s->linelen = 0;
}

/* Body bytes (after de-chunking) of stream s. */
static void body_bytes(Stream *s, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n') {
			if (s->linelen && s->line[s->linelen - 1] == '\r')
				s->linelen--;
			sse_line(s);
		} else if (s->linelen < LINE_MAX_LEN - 1) {
			s->line[s->linelen++] = p[i];
		}
	}
}

/* Raw bytes after the response head: undo chunked transfer encoding. */
static void raw_bytes(Stream *s, const char *p, size_t n)
{
	if (!s->chunked) {
		body_bytes(s, p, n);
		return;
	}
	while (n > 0) {
		if (s->chunk_left == -1) {          /* size line */
			if (*p == '\n') {
				s->sizeline[s->sizelen] = 0;
				s->chunk_left = strtol(s->sizeline, NULL, 16);
				s->sizelen = 0;
				if (s->chunk_left == 0)
					s->closed = 1;
			} else if (s->sizelen < sizeof s->sizeline - 1) {
				s->sizeline[s->sizelen++] = *p;
			}
			p++, n--;
		} else if (s->chunk_left == -2) {   /* CRLF after the data */
			if (*p == '\n')
				s->chunk_left = -1;
			p++, n--;
		} else {
			size_t k = n < (size_t)s->chunk_left ? n : (size_t)s->chunk_left;
			body_bytes(s, p, k);
			p += k, n -= k;
			s->chunk_left -= (long)k;
			if (s->chunk_left == 0)
				s->chunk_left = -2;
		}
	}
}

/* Readable stream: the head first, then the body. */
static void on_read(Stream *s)
{
	char buf[16384];
	for (;;) {
		ssize_t r = recv(s->fd, buf, sizeof buf, 0);
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			return;
		if (r <= 0) {
			s->closed = 1;
			return;
		}
		size_t off = 0;
		if (!s->status) {
			size_t k = (size_t)r < sizeof s->head - 1 - s->headlen ? (size_t)r
				: sizeof s->head - 1 - s->headlen;
			memcpy(s->head + s->headlen, buf, k);
			s->headlen += k;
			s->head[s->headlen] = 0;
			char *end = strstr(s->head, "\r\n\r\n");
			if (!end) {
				if (s->headlen == sizeof s->head - 1)
					s->closed = 1;
				continue;
			}
			s->status = atoi(s->head + 9);
			s->chunked = strcasestr(s->head, "transfer-encoding: chunked") != NULL;
			s->chunk_left = -1;
			off = k - (s->headlen - (size_t)(end + 4 - s->head));
		}
		raw_bytes(s, buf + off, (size_t)r - off);
	}
}

static void on_write(Stream *s)
{
	size_t n = strlen(request);
	if (!s->sent && send(s->fd, request, n, MSG_NOSIGNAL) == (ssize_t)n)
		s->sent = 1;
}

/* Pump every socket for up to ms. */
static void pump(int ep, int ms)
{
	struct epoll_event ev[256];
	int n = epoll_wait(ep, ev, 256, ms);
	for (int i = 0; i < n; i++) {
		Stream *s = ev[i].data.ptr;
		if (ev[i].events & EPOLLOUT && !s->sent) {
			on_write(s);
			struct epoll_event e = {.events = EPOLLIN, .data.ptr = s};
			epoll_ctl(ep, EPOLL_CTL_MOD, s->fd, &e);
		}
		if (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
			on_read(s);
		if (s->closed && s->fd >= 0) {
			epoll_ctl(ep, EPOLL_CTL_DEL, s->fd, NULL);
			close(s->fd);
			s->fd = -1;
		}
	}
}

static int count(int (*pred)(const Stream *))
{
	int k = 0;
	for (int i = 0; i < nstreams; i++)
		k += pred(&st[i]);
	return k;
}

static int is_up(const Stream *s) { return s->status == 200 && s->fd >= 0; }
static int has_seen(const Stream *s) { return s->seen > 0; }

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Issue a ticket through its own non-blocking socket, so the streams keep
 * being read while the server answers. Returns the ticket id. */
static char *issue(int ep, double *t0)
{
	Stream post = {.fd = dial(), .chunk_left = -1};
	const char *body = "{\"category\":\"A\",\"priority\":false}";
	char req[1024];
	snprintf(req, sizeof req,
		 "POST /v1/queue/tickets HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAuthorization: Bearer %s\r\n"
		 "Content-Type: application/json\r\nContent-Length: %zu\r\nConnection: close\r\n\r\n%s",
		 port, token, strlen(body), body);
	struct epoll_event e = {.events = EPOLLOUT, .data.ptr = &post};
	epoll_ctl(ep, EPOLL_CTL_ADD, post.fd, &e);
	char *resp = NULL;
	size_t rlen = 0;
	double end = now_ms() + DEADLINE_MS;
	*t0 = 0;
	while (now_ms() < end) {
		struct epoll_event ev[256];
		int n = epoll_wait(ep, ev, 256, 100);
		for (int i = 0; i < n; i++) {
			if (ev[i].data.ptr != &post) {
				Stream *s = ev[i].data.ptr;
				if (ev[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
					on_read(s);
				continue;
			}
			if (ev[i].events & EPOLLOUT && !post.sent) {
				*t0 = now_ms();
				if (send(post.fd, req, strlen(req), MSG_NOSIGNAL) < 0) {
					perror("events_fanout: send");
					exit(1);
				}
				post.sent = 1;
				e.events = EPOLLIN;
				epoll_ctl(ep, EPOLL_CTL_MOD, post.fd, &e);
				continue;
			}
			char buf[8192];
			ssize_t r;
			while ((r = recv(post.fd, buf, sizeof buf, 0)) > 0) {
				resp = xrealloc(resp, rlen + (size_t)r + 1);
				memcpy(resp + rlen, buf, (size_t)r);
				rlen += (size_t)r;
				resp[rlen] = 0;
			}
			if (r == 0) {
				epoll_ctl(ep, EPOLL_CTL_DEL, post.fd, NULL);
				close(post.fd);
				char *b = resp ? strstr(resp, "\r\n\r\n") : NULL;
				char *id = b ? strstr(b, "\"id\"") : NULL;
				if (!resp || atoi(resp + 9) != 201 || !id) {
					fprintf(stderr, "events_fanout: issuing a ticket failed: %s\n",
						resp ? resp : "(no answer)");
					exit(1);
				}
				char *q = strchr(id + 4, '"'), *qe = q ? strchr(q + 1, '"') : NULL;
				char *tid = q && qe ? xstrndup(q + 1, (size_t)(qe - q - 1)) : xstrdup("");
				free(resp);
				return tid;
			}
		}
	}
	fprintf(stderr, "events_fanout: no answer to POST /v1/queue/tickets\n");
	exit(1);
}

int main(int argc, char **argv)
{
	int opt;
	while ((opt = getopt(argc, argv, "n:r:")) != -1) {
		if (opt == 'n')
			nstreams = atoi(optarg);
		else if (opt == 'r')
			rounds = atoi(optarg);
		else
			goto usage;
	}
	if (optind != argc - 1 || nstreams < 1 || nstreams > 100000 || rounds < 1 || rounds > 100 ||
	    sscanf(argv[optind], "http://127.0.0.1:%d", &port) != 1) {
usage:
		fprintf(stderr, "usage: events_fanout [-n STREAMS] [-r ROUNDS] http://127.0.0.1:PORT\n");
		return 2;
	}
	struct rlimit rl;
	getrlimit(RLIMIT_NOFILE, &rl);
	rlim_t want = (rlim_t)nstreams + 64;
	if (rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur < want) {
		fprintf(stderr, "events_fanout: RLIMIT_NOFILE %lu is too low for %d streams\n",
			(unsigned long)rl.rlim_cur, nstreams);
		return 1;
	}
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const char *base = argv[optind];
	cJSON *j = call(base, "POST", "/v1/auth/login", "{\"username\":\"clerk01\",\"password\":\"demo\"}");
	snprintf(token, sizeof token, "%s", json_str(j, "access_token", ""));
	cJSON_Delete(j);
	j = call(base, "GET", "/v1/events", NULL);
	char cursor[64];
	snprintf(cursor, sizeof cursor, "%s", json_str(j, "next_cursor", "0"));
	cJSON_Delete(j);
	snprintf(request, sizeof request,
		 "GET /v1/events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: text/event-stream\r\n"
		 "Authorization: Bearer %s\r\nLast-Event-ID: %s\r\n\r\n", port, token, cursor);

	int ep = epoll_create1(EPOLL_CLOEXEC);
	st = xcalloc((size_t)nstreams, sizeof *st);
	double t_open = now_ms();
	for (int i = 0; i < nstreams; i++) {
		st[i].fd = dial();
		st[i].chunk_left = -1;
		struct epoll_event e = {.events = EPOLLOUT, .data.ptr = &st[i]};
		epoll_ctl(ep, EPOLL_CTL_ADD, st[i].fd, &e);
		if (i % 64 == 63)
			pump(ep, 0);
	}
	double end = now_ms() + DEADLINE_MS;
	while (count(is_up) < nstreams && now_ms() < end)
		pump(ep, 50);
	int up = count(is_up);
	printf("MEASURE streams_open %d\n", up);
	printf("MEASURE streams_open_ms %.1f\n", now_ms() - t_open);
	if (up < nstreams) {
		fprintf(stderr, "events_fanout: only %d of %d streams opened\n", up, nstreams);
		return 1;
	}
	/* a moment for the server to register every subscriber */
	for (double settle = now_ms() + 300; now_ms() < settle;)
		pump(ep, 20);

	double *lat = xcalloc((size_t)rounds, sizeof *lat);
	int done = 0;
	for (int r = 0; r < rounds; r++) {
		for (int i = 0; i < nstreams; i++)
			st[i].seen = 0;
		round_active = 1;
		double t0;
		char *tid = issue(ep, &t0);
		end = now_ms() + DEADLINE_MS;
		while (count(has_seen) < nstreams && now_ms() < end)
			pump(ep, 20);
		round_active = 0;
		int got = count(has_seen), right = 0;
		double last = 0;
		for (int i = 0; i < nstreams; i++) {
			last = st[i].seen > last ? st[i].seen : last;
			right += st[i].data && strstr(st[i].data, tid) != NULL;
		}
		if (got < nstreams || right < nstreams) {
			fprintf(stderr, "events_fanout: round %d: %d of %d streams got the event, %d with ticket %s\n",
				r + 1, got, nstreams, right, tid);
			free(tid);
			return 1;
		}
		lat[done++] = last - t0;
		free(tid);
	}
	qsort(lat, (size_t)done, sizeof *lat, cmp_double);
	printf("MEASURE fanout_ms_median %.2f\n", lat[done / 2]);
	printf("MEASURE fanout_ms_max %.2f\n", lat[done - 1]);
	for (int i = 0; i < nstreams; i++) {
		if (st[i].fd >= 0)
			close(st[i].fd);
		free(st[i].data);
	}
	free(st);
	free(lat);
	curl_global_cleanup();
	return 0;
}
