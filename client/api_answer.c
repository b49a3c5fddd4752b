/* api_answer: what a finished request got, turned into an ApiResponse:
 * parsed JSON, the problem slug, a clean message, or a transport error in
 * words a clerk understands. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/api_int.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdlib.h>
#include <string.h>

/* Transport failures in words a clerk understands; detail: curl's own
 * text (host, certificate name) helps the administrator there. */
static const struct { CURLcode code; const char *text; bool detail; } curl_texts[] = {
	{CURLE_COULDNT_CONNECT, N_("cannot connect to the server"), false},
	{CURLE_COULDNT_RESOLVE_HOST, N_("unknown server name"), true},
	{CURLE_COULDNT_RESOLVE_PROXY, N_("unknown proxy name"), true},
	{CURLE_OPERATION_TIMEDOUT, N_("the server did not answer in time"), false},
	{CURLE_GOT_NOTHING, N_("the server closed the connection without answering"), false},
	{CURLE_RECV_ERROR, N_("the connection was lost"), false},
	{CURLE_SEND_ERROR, N_("the connection was lost"), false},
	{CURLE_PARTIAL_FILE, N_("the answer was cut off"), false},
	{CURLE_PEER_FAILED_VERIFICATION, N_("the server's TLS certificate is not trusted"), true},
	{CURLE_SSL_CONNECT_ERROR, N_("the TLS handshake failed"), true},
	{CURLE_SSL_CACERT_BADFILE, N_("cannot read the CA file (ca_file)"), true},
	{CURLE_UNSUPPORTED_PROTOCOL, N_("the server address must start with http:// or https://"), false},
	{CURLE_URL_MALFORMAT, N_("the server address is malformed"), false},
	{CURLE_OUT_OF_MEMORY, N_("out of memory"), false},
};

/* A clean, translated sentence for a failed transfer. */
char *api_transport_error(const Req *r)
{
	if (r->fail_error)
		return xstrdup(r->fail_error);
	if (r->too_large)
		return xstrdup(_("the answer was too large"));
	const char *base = NULL;
	bool detail = true;
	for (size_t i = 0; i < sizeof curl_texts / sizeof curl_texts[0]; i++)
		if (curl_texts[i].code == r->result) {
			base = _(curl_texts[i].text);
			detail = curl_texts[i].detail;
		}
	if (!base)
		base = curl_easy_strerror(r->result);
	if (detail && r->errbuf[0]) {
		char *raw = xasprintf("%s (%s)", base, r->errbuf);
		char *c = text_clean(raw, TEXT_ONE_LINE);
		free(raw);
		return c;
	}
	return text_clean(base, TEXT_ONE_LINE);
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
