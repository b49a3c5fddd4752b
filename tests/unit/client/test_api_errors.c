/* test_api_errors: transport failures become sentences of our own, from a
 * table by curl result and system errno: refused, reset, name not found
 * (with the host from the URL, not curl's English), an unknown code
 * (a general sentence and the number); curl's text only where it adds
 * the reason (TLS), and cleaned. Under zh_CN no English word is left. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client/api_int.h"
#include "client/i18n.h"
#include "client/paths.h"
#include "common/xalloc.h"

/* api_transport_error for a transfer that ended with code, errno and
 * curl's English error buffer. Caller frees. */
static char *transport(CURLcode code, long os_errno, const char *errbuf)
{
	Req r;
	memset(&r, 0, sizeof r);
	r.result = code;
	r.os_errno = os_errno;
	snprintf(r.errbuf, sizeof r.errbuf, "%s", errbuf ? errbuf : "");
	return api_transport_error(&r);
}

static void expect(CURLcode code, long os_errno, const char *errbuf, const char *want)
{
	char *got = transport(code, os_errno, errbuf);
	assert_string_equal(got, want);
	free(got);
}

static int setup(void **state)
{
	api_init("http://counter.example.invalid:8470", NULL);
	return 0;
}

static int teardown(void **state)
{
	api_shutdown();
	return 0;
}

static void test_table(void **state)
{
	expect(CURLE_COULDNT_CONNECT, ECONNREFUSED,
	       "Failed to connect to 127.0.0.1 port 8470 after 0 ms: Couldn't connect to server",
	       "cannot connect to the server: connection refused");
	expect(CURLE_COULDNT_CONNECT, 0, "Failed to connect to x port 1: Couldn't connect to server",
	       "cannot connect to the server");
	expect(CURLE_COULDNT_CONNECT, ENETUNREACH, "Network is unreachable",
	       "cannot connect to the server: the network is unreachable");
	expect(CURLE_COULDNT_RESOLVE_HOST, 0, "Could not resolve host: counter.example.invalid",
	       "server name not found: counter.example.invalid");
	expect(CURLE_OPERATION_TIMEDOUT, 0, "Operation timed out after 10001 milliseconds with 0 bytes received",
	       "the server did not answer in time");
	expect(CURLE_RECV_ERROR, ECONNRESET, "Recv failure: Connection reset by peer", "the connection was reset");
	expect(CURLE_SEND_ERROR, EPIPE, "Send failure: Broken pipe", "the connection was reset");
	expect(CURLE_RECV_ERROR, 0, "Recv failure", "the connection was lost");
	expect(CURLE_GOT_NOTHING, 0, "Empty reply from server",
	       "the server closed the connection without answering");
	/* TLS: curl knows which check failed; its text is kept, cleaned. */
	expect(CURLE_PEER_FAILED_VERIFICATION, 0, "SSL certificate problem: self-signed\x1b[31m certificate",
	       "the server's TLS certificate is not trusted: SSL certificate problem: self-signed certificate");
	expect(CURLE_PEER_FAILED_VERIFICATION, 0, "", "the server's TLS certificate is not trusted");
	/* No words of ours: a general sentence and the number, not curl's. */
	expect(CURLE_LDAP_CANNOT_BIND, 0, "LDAP: cannot bind", "network error (libcurl code 38)");
}

/* Other answers that are not transport failures keep their own words. */
static void test_fail_error_and_too_large(void **state)
{
	Req r;
	memset(&r, 0, sizeof r);
	r.result = CURLE_WRITE_ERROR;
	r.too_large = true;
	char *s = api_transport_error(&r);
	assert_string_equal(s, "the answer was too large");
	free(s);
}

/* Whether s has an ASCII letter outside the allowed words. */
static bool has_english(const char *s, const char *allowed)
{
	char *copy = xstrdup(s);
	if (allowed && *allowed) {
		char *p;
		while ((p = strstr(copy, allowed)))
			memset(p, ' ', strlen(allowed));
	}
	bool found = false;
	for (const char *p = copy; *p; p++)
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
			found = true;
	free(copy);
	return found;
}

/* In Chinese, the sentences carry no English from curl. */
static void test_zh_cn(void **state)
{
	if (!setlocale(LC_ALL, "zh_CN.UTF-8")) {
		skip();
		return;
	}
	setenv("LANGUAGE", "zh_CN", 1);
	/* The catalogue of the build this test belongs to: B/tests/unit/client/.. */
	char *dir = xasprintf("%s/../../../locale", paths_exe_dir());
	bindtextdomain("yichuang", dir);
	bind_textdomain_codeset("yichuang", "UTF-8");
	textdomain("yichuang");
	free(dir);
	static const struct { CURLcode code; long err; const char *buf; const char *allowed; } cases[] = {
		{CURLE_COULDNT_CONNECT, ECONNREFUSED, "Failed to connect to h port 1: Couldn't connect to server", NULL},
		{CURLE_COULDNT_CONNECT, 0, "Failed to connect to h port 1: Couldn't connect to server", NULL},
		{CURLE_COULDNT_CONNECT, EHOSTUNREACH, "No route to host", NULL},
		{CURLE_COULDNT_CONNECT, ETIMEDOUT, "Connection timed out", NULL},
		{CURLE_COULDNT_RESOLVE_HOST, 0, "Could not resolve host: counter.example.invalid", "counter.example.invalid"},
		{CURLE_OPERATION_TIMEDOUT, 0, "Operation timed out", NULL},
		{CURLE_RECV_ERROR, ECONNRESET, "Recv failure: Connection reset by peer", NULL},
		{CURLE_RECV_ERROR, 0, "Recv failure", NULL},
		{CURLE_GOT_NOTHING, 0, "Empty reply from server", NULL},
		{CURLE_PARTIAL_FILE, 0, "transfer closed with 3 bytes remaining to read", NULL},
		{CURLE_TOO_MANY_REDIRECTS, 0, "Maximum (50) redirects followed", NULL},
		{CURLE_LDAP_CANNOT_BIND, 0, "LDAP: cannot bind", "libcurl"},
		{CURLE_HTTP2, 0, "HTTP/2 error", "HTTP"},
		{CURLE_WEIRD_SERVER_REPLY, 0, "Weird server reply", "HTTP"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *s = transport(cases[i].code, cases[i].err, cases[i].buf);
		if (has_english(s, cases[i].allowed))
			fail_msg("code %d: \"%s\" has English in it", (int)cases[i].code, s);
		free(s);
	}
	char *s = transport(CURLE_COULDNT_CONNECT, ECONNREFUSED, "Couldn't connect to server");
	assert_string_equal(s, "无法连接服务器：连接被拒绝");
	free(s);
	s = transport(CURLE_COULDNT_RESOLVE_HOST, 0, "Could not resolve host: counter.example.invalid");
	assert_string_equal(s, "找不到服务器名称：counter.example.invalid");
	free(s);
	unsetenv("LANGUAGE");
	setlocale(LC_ALL, "C");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fail_error_and_too_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_zh_cn, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
