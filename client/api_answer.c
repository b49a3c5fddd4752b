/* api_answer: what a finished request got, turned into an ApiResponse:
 * parsed JSON, the problem slug, a clean message, or a transport error in
 * words a clerk understands. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/api_int.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* What to add after a transport failure's own words: nothing, the server's
 * host name (from the URL, not curl's English sentence), or curl's text
 * where only it knows the reason (which TLS check failed, which file). */
enum { DETAIL_NONE, DETAIL_HOST, DETAIL_CURL };

/* Transport failures in words a clerk understands, by curl's result and
 * the system error behind it (0: any). The first matching row wins, so the
 * rows with an errno come before their code's general row. */
static const struct {
	CURLcode code;
	int os_errno;
	const char *text;
	int detail;
} curl_texts[] = {
	{CURLE_COULDNT_CONNECT, ECONNREFUSED, N_("cannot connect to the server: connection refused"), DETAIL_NONE},
	{CURLE_COULDNT_CONNECT, ENETUNREACH, N_("cannot connect to the server: the network is unreachable"), DETAIL_NONE},
	{CURLE_COULDNT_CONNECT, EHOSTUNREACH, N_("cannot connect to the server: no route to it"), DETAIL_NONE},
	{CURLE_COULDNT_CONNECT, ETIMEDOUT, N_("cannot connect to the server: no answer in time"), DETAIL_NONE},
	{CURLE_COULDNT_CONNECT, 0, N_("cannot connect to the server"), DETAIL_NONE},
	{CURLE_COULDNT_RESOLVE_HOST, 0, N_("server name not found"), DETAIL_HOST},
	{CURLE_COULDNT_RESOLVE_PROXY, 0, N_("proxy name not found (check http_proxy / https_proxy)"), DETAIL_NONE},
	{CURLE_PROXY, 0, N_("the proxy refused the connection"), DETAIL_NONE},
	{CURLE_OPERATION_TIMEDOUT, 0, N_("the server did not answer in time"), DETAIL_NONE},
	{CURLE_GOT_NOTHING, 0, N_("the server closed the connection without answering"), DETAIL_NONE},
	{CURLE_RECV_ERROR, ECONNRESET, N_("the connection was reset"), DETAIL_NONE},
	{CURLE_SEND_ERROR, ECONNRESET, N_("the connection was reset"), DETAIL_NONE},
	{CURLE_SEND_ERROR, EPIPE, N_("the connection was reset"), DETAIL_NONE},
	{CURLE_RECV_ERROR, 0, N_("the connection was lost"), DETAIL_NONE},
	{CURLE_SEND_ERROR, 0, N_("the connection was lost"), DETAIL_NONE},
	{CURLE_PARTIAL_FILE, 0, N_("the answer was cut off"), DETAIL_NONE},
	{CURLE_WEIRD_SERVER_REPLY, 0, N_("the server's answer is not HTTP"), DETAIL_NONE},
	{CURLE_HTTP2, 0, N_("the HTTP/2 connection failed"), DETAIL_NONE},
	{CURLE_HTTP2_STREAM, 0, N_("the HTTP/2 connection failed"), DETAIL_NONE},
	{CURLE_BAD_CONTENT_ENCODING, 0, N_("the answer's compression is broken"), DETAIL_NONE},
	{CURLE_TOO_MANY_REDIRECTS, 0, N_("too many redirects"), DETAIL_NONE},
	{CURLE_PEER_FAILED_VERIFICATION, 0, N_("the server's TLS certificate is not trusted"), DETAIL_CURL},
	{CURLE_SSL_ISSUER_ERROR, 0, N_("the server's TLS certificate is not trusted"), DETAIL_CURL},
	{CURLE_SSL_INVALIDCERTSTATUS, 0, N_("the server's TLS certificate has an invalid status"), DETAIL_CURL},
	{CURLE_SSL_CONNECT_ERROR, 0, N_("the TLS handshake failed"), DETAIL_CURL},
	{CURLE_SSL_CIPHER, 0, N_("the TLS handshake failed"), DETAIL_CURL},
	{CURLE_SSL_CACERT_BADFILE, 0, N_("cannot read the CA file (ca_file)"), DETAIL_CURL},
	{CURLE_UNSUPPORTED_PROTOCOL, 0, N_("the server address must start with http:// or https://"), DETAIL_NONE},
	{CURLE_URL_MALFORMAT, 0, N_("the server address is malformed"), DETAIL_NONE},
	{CURLE_OUT_OF_MEMORY, 0, N_("out of memory"), DETAIL_NONE},
	{CURLE_FAILED_INIT, 0, N_("the network library could not start the request"), DETAIL_NONE},
};

/* The host part of the server's URL (caller frees), or NULL. */
static char *server_host(void)
{
	const char *base = api_base_url();
	CURLU *u = curl_url();
	char *host = NULL, *out = NULL;
	if (u && base && curl_url_set(u, CURLUPART_URL, base, CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host)
		out = xstrdup(host);
	curl_free(host);
	curl_url_cleanup(u);
	return out;
}

/* A clean, translated sentence for a failed transfer. */
char *api_transport_error(const Req *r)
{
	if (r->fail_error)
		return xstrdup(r->fail_error);
	if (r->too_large)
		return xstrdup(_("the answer was too large"));
	size_t i, n = sizeof curl_texts / sizeof curl_texts[0];
	for (i = 0; i < n; i++)
		if (curl_texts[i].code == r->result &&
		    (curl_texts[i].os_errno == 0 || curl_texts[i].os_errno == r->os_errno))
			break;
	/* A failure without words of ours: a general sentence and curl's
	 * number, never curl's English text inside a translated one. */
	if (i == n)
		return xasprintf(_("network error (libcurl code %d)"), (int)r->result);
	const char *base = _(curl_texts[i].text);
	char *detail = NULL;
	if (curl_texts[i].detail == DETAIL_HOST)
		detail = server_host();
	else if (curl_texts[i].detail == DETAIL_CURL && r->errbuf[0])
		detail = xstrdup(r->errbuf);
	if (!detail)
		return text_clean(base, TEXT_ONE_LINE);
	/* TRANSLATORS: a transport failure, then what it concerns (a host
	 * name, or curl's reason for a TLS failure). */
	char *raw = xasprintf(_("%s: %s"), base, detail);
	char *c = text_clean(raw, TEXT_ONE_LINE);
	free(raw);
	free(detail);
	return c;
}

/* Wipe every string in a parsed answer (the TokenPair of an auth call). */
void api_json_wipe(cJSON *j)
{
	for (; j; j = j->next) {
		if (cJSON_IsString(j) && j->valuestring)
			xwipe(j->valuestring, strlen(j->valuestring));
		api_json_wipe(j->child);
	}
}

/* Turn what a request got into an answer: JSON body, problem slug and a
 * clean message, or a transport / malformed-answer error. */
void api_answer_build(ApiAnswer *a, const Req *r)
{
	memset(a, 0, sizeof *a);
	a->r.retry_after = r->retry_after;
	a->r.server_date = r->date;
	a->r.replayed = r->replayed;
	if (r->cancelled) {
		a->error = xstrdup(_("cancelled"));
	} else if (r->result != CURLE_OK || r->fail_error) {
		a->error = api_transport_error(r);
	} else {
		a->r.status = r->status;
		bool jsonish = r->content_type && strstr(r->content_type, "json");
		if (r->resp.len > 0) {
			a->r.json = json_parse_n(r->resp.p, r->resp.len);
			if (!a->r.json && (jsonish || r->status < 300))
				a->error = xstrdup(_("malformed answer from the server"));
		} else if (r->status < 300 && r->status != 204 && jsonish) {
			a->error = xstrdup(_("empty answer from the server"));
		}
	}
	const cJSON *j = a->r.json;
	if (j && r->status >= 400 && cJSON_IsObject(j)) {
		const char *type = json_str(j, "type", NULL);
		if (type && strcmp(type, "about:blank") != 0) {
			const char *slug = strstr(type, "/problems/");
			slug = slug ? slug + strlen("/problems/") : (strrchr(type, '/') ? strrchr(type, '/') + 1 : type);
			a->problem = text_clean(slug, TEXT_ONE_LINE);
		}
		const char *m = json_str(j, "detail", NULL);
		if (!m || !*m)
			m = json_str(j, "title", NULL);
		if (m && *m)
			a->message = text_clean(m, TEXT_ONE_LINE);
	}
	if (!a->message && a->error)
		a->message = xstrdup(a->error);
	if (!a->message && r->status >= 400)
		a->message = xasprintf(_("the server answered with HTTP status %ld"), r->status);
	a->r.error = a->error;
	a->r.problem = a->problem;
	a->r.message = a->message;
}

void api_answer_free(ApiAnswer *a, bool secret)
{
	if (a->r.json) {
		if (secret)
			api_json_wipe(a->r.json);
		cJSON_Delete(a->r.json);
	}
	free(a->error);
	free(a->problem);
	free(a->message);
}
