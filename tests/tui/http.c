/* http: a small HTTP/1.1 client on loopback for the scenarios' direct calls to yichuangd. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define HTTP_TIMEOUT_MS 10000

/* Write all of buf or fail. */
static int send_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, buf, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w, n -= (size_t)w;
	}
	return 0;
}

/* Decode a chunked body in place; returns its new length or -1. */
static long dechunk(char *b, size_t n)
{
	size_t in = 0, out = 0;
	for (;;) {
		char *end;
		unsigned long len = strtoul(b + in, &end, 16);
		char *crlf = strstr(b + in, "\r\n");
		if (!crlf || end == b + in)
			return -1;
		in = (size_t)(crlf - b) + 2;
		if (len == 0)
			return (long)out;
		if (in + len > n)
			return -1;
		memmove(b + out, b + in, len);
		out += len;
		in += len + 2;
	}
}

int http_call(int port, const char *method, const char *path, const char *body,
	      const char *token, HttpReply *out, char *err, size_t errsz)
{
	out->status = 0;
	out->body = NULL;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
		snprintf(err, errsz, "connect 127.0.0.1:%d: %s", port, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	char head[2048];
	size_t blen = body ? strlen(body) : 0;
	int hn = snprintf(head, sizeof head,
			  "%s %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nAccept: application/json\r\n"
			  "Connection: close\r\n%s%s%s%s",
			  method, path, port, token ? "Authorization: Bearer " : "", token ? token : "",
			  token ? "\r\n" : "", body ? "Content-Type: application/json\r\n" : "");
	hn += snprintf(head + hn, sizeof head - (size_t)hn, "Content-Length: %zu\r\n\r\n", blen);
	if (send_all(fd, head, (size_t)hn) < 0 || (blen && send_all(fd, body, blen) < 0)) {
		snprintf(err, errsz, "send: %s", strerror(errno));
		close(fd);
		return -1;
	}
	size_t cap = 16384, n = 0;
	char *buf = malloc(cap);
	double end = now_ms() + HTTP_TIMEOUT_MS;
	for (;;) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		int left = (int)(end - now_ms());
		if (left <= 0 || poll(&p, 1, left) <= 0) {
			snprintf(err, errsz, "%s %s: no complete answer within %d s", method, path,
				 HTTP_TIMEOUT_MS / 1000);
			free(buf);
			close(fd);
			return -1;
		}
		if (n + 4096 > cap)
			buf = realloc(buf, cap *= 2);
		ssize_t r = recv(fd, buf + n, cap - n - 1, 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = 0;
	char *sep = strstr(buf, "\r\n\r\n");
	if (strncmp(buf, "HTTP/1.", 7) != 0 || !sep || n < 12) {
		snprintf(err, errsz, "%s %s: not an HTTP answer (%zu bytes)", method, path, n);
		free(buf);
		return -1;
	}
	out->status = atoi(buf + 9);
	*sep = 0;
	int chunked = strcasestr(buf, "\r\ntransfer-encoding: chunked") != NULL;
	char *b = sep + 4;
	size_t bn = n - (size_t)(b - buf);
	if (chunked) {
		long dn = dechunk(b, bn);
		if (dn < 0) {
			snprintf(err, errsz, "%s %s: bad chunked body", method, path);
			free(buf);
			return -1;
		}
		bn = (size_t)dn;
	}
	out->body = malloc(bn + 1);
	memcpy(out->body, b, bn);
	out->body[bn] = 0;
	free(buf);
	return 0;
}

/* Four hex digits at s, or -1. */
static long hex4(const char *s)
{
	long v = 0;
	for (int i = 0; i < 4; i++) {
		int c = s[i], d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

char *json_find_string(const char *json, const char *key)
{
	char pat[128];
	snprintf(pat, sizeof pat, "\"%s\"", key);
	for (const char *p = json; (p = strstr(p, pat)); p++) {
		const char *q = p + strlen(pat);
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (*q++ != ':')
			continue;
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (*q++ != '"')
			continue;
		char *out = malloc(strlen(q) + 1);
		size_t n = 0;
		for (; *q && *q != '"'; q++) {
			if (*q != '\\') {
				out[n++] = *q;
				continue;
			}
			q++;
			long u = *q == 'u' ? hex4(q + 1) : -1;
			if (u >= 0) {
				q += 4;
				if (u < 0x80)
					out[n++] = (char)u;
				else if (u < 0x800)
					out[n++] = (char)(0xC0 | u >> 6), out[n++] = (char)(0x80 | (u & 0x3F));
				else
					out[n++] = (char)(0xE0 | u >> 12), out[n++] = (char)(0x80 | (u >> 6 & 0x3F)),
					out[n++] = (char)(0x80 | (u & 0x3F));
			} else if (*q) {
				out[n++] = *q == 'n' ? '\n' : *q == 't' ? '\t' : *q;
			} else {
				break;
			}
		}
		out[n] = 0;
		return out;
	}
	return NULL;
}
