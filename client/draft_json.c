/* draft_json: a draft as a self-contained JSON document
 * ({"yichuang_draft": 1, …}) and back, for the store's doc column and
 * for export and import; refuses what is not a draft with a sentence. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/drafts.h"
#include "client/drafts_int.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FORMAT 1

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
}

static void add_json(cJSON *o, const char *k, const cJSON *v)
{
	if (v)
		cJSON_AddItemToObject(o, k, cJSON_Duplicate(v, 1));
}

cJSON *draft_to_json(const Draft *d)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "yichuang_draft", FORMAT);
	cJSON_AddStringToObject(o, "id", d->id);
	cJSON_AddNumberToObject(o, "created_at", (double)d->created_at);
	cJSON_AddNumberToObject(o, "updated_at", (double)d->updated_at);
	cJSON_AddStringToObject(o, "state", draft_state_word(d->state));
	cJSON_AddStringToObject(o, "holder", d->holder ? d->holder : "");
	cJSON_AddStringToObject(o, "applicant", d->applicant ? d->applicant : "");
	cJSON_AddStringToObject(o, "title", d->title ? d->title : "");
	add_str(o, "bundle_id", d->bundle_id);
	cJSON *m = cJSON_AddArrayToObject(o, "matters");
	for (size_t i = 0; i < d->n_matters; i++)
		cJSON_AddItemToArray(m, cJSON_CreateString(d->matters[i]));
	add_str(o, "ticket_id", d->ticket_id);
	add_str(o, "ticket_number", d->ticket_number);
	add_str(o, "step", d->step);
	add_str(o, "cursor", d->cursor);
	add_json(o, "forms", d->forms);
	add_json(o, "form", d->form);
	add_json(o, "materials", d->materials);
	cJSON_AddBoolToObject(o, "credit_seen", d->credit_seen);
	add_json(o, "errors", d->errors);
	add_str(o, "message", d->message);
	add_str(o, "case_number", d->case_number);
	return o;
}

/* A string member: NULL when absent; *bad when present and not a string. */
static char *opt_str(const cJSON *o, const char *k, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (!v || cJSON_IsNull(v))
		return NULL;
	if (!cJSON_IsString(v)) {
		*bad = true;
		return NULL;
	}
	return xstrdup(v->valuestring);
}

/* A member of a given JSON type, duplicated; NULL when absent. */
static cJSON *opt_json(const cJSON *o, const char *k, int type, bool *bad)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (!v || cJSON_IsNull(v))
		return NULL;
	if ((v->type & 0xff) != type) {
		*bad = true;
		return NULL;
	}
	return cJSON_Duplicate(v, 1);
}

/* A time in unix ms, 0 when missing or out of range. */
static int64_t ms_of(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
	if (!cJSON_IsNumber(v) || !(v->valuedouble >= 0 && v->valuedouble < 9e15))
		return 0;
	return (int64_t)v->valuedouble;
}

static char *refuse(char **err, const char *why)
{
	if (err)
		*err = xasprintf(_("This file is not a yichuang draft: %s."), why);
	return NULL;
}

Draft *drafts_parse(const cJSON *doc, bool import, char **err)
{
	if (err)
		*err = NULL;
	if (!cJSON_IsObject(doc))
		return (Draft *)refuse(err, _("it is not a JSON object"));
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(doc, "yichuang_draft");
	if (!cJSON_IsNumber(fmt))
		return (Draft *)refuse(err, _("it has no \"yichuang_draft\" member"));
	if (fmt->valueint != FORMAT) {
		if (err)
			*err = xasprintf(_("This draft was written in format %d; this yichuang reads format %d. Use the yichuang that wrote it."),
					 fmt->valueint, FORMAT);
		return NULL;
	}
	const char *holder = json_str(doc, "holder", NULL);
	if (!holder || !*holder)
		return (Draft *)refuse(err, _("it names no applicant"));
	int state = draft_state_parse(json_str(doc, "state", "open"));
	if (state < 0)
		return (Draft *)refuse(err, _("its state is unknown"));
	Draft *d = xcalloc(1, sizeof *d);
	bool bad = false;
	snprintf(d->id, sizeof d->id, "%s", json_str(doc, "id", ""));
	if (!drafts_id_ok(d->id))
		d->id[0] = '\0';
	d->created_at = ms_of(doc, "created_at");
	d->updated_at = ms_of(doc, "updated_at");
	d->state = (DraftState)state;
	/* An imported queued draft has no outbox row here: it is a draft
	 * again, submitted from this store with a new key. */
	if (import && d->state == DRAFT_QUEUED)
		d->state = DRAFT_OPEN;
	d->holder = xstrdup(holder);
	d->applicant = opt_str(doc, "applicant", &bad);
	d->title = opt_str(doc, "title", &bad);
	if (!d->applicant)
		d->applicant = xstrdup("");
	if (!d->title)
		d->title = xstrdup("");
	d->bundle_id = opt_str(doc, "bundle_id", &bad);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(doc, "matters"), *it;
	if (m && !cJSON_IsArray(m))
		bad = true;
	d->matters = xcalloc((size_t)cJSON_GetArraySize(m) + 1, sizeof *d->matters);
	const cJSON *list = cJSON_IsArray(m) ? m : NULL;
	cJSON_ArrayForEach(it, list) {
		if (cJSON_IsString(it))
			d->matters[d->n_matters++] = xstrdup(it->valuestring);
		else
			bad = true;
	}
	d->ticket_id = opt_str(doc, "ticket_id", &bad);
	d->ticket_number = opt_str(doc, "ticket_number", &bad);
	d->step = opt_str(doc, "step", &bad);
	d->cursor = opt_str(doc, "cursor", &bad);
	d->forms = opt_json(doc, "forms", cJSON_Array, &bad);
	d->form = opt_json(doc, "form", cJSON_Object, &bad);
	d->materials = opt_json(doc, "materials", cJSON_Array, &bad);
	d->credit_seen = json_bool(doc, "credit_seen", false);
	d->errors = opt_json(doc, "errors", cJSON_Array, &bad);
	d->message = opt_str(doc, "message", &bad);
	d->case_number = opt_str(doc, "case_number", &bad);
	if (!d->n_matters && !d->bundle_id)
		bad = true;
	if (bad) {
		draft_free(d);
		return (Draft *)refuse(err, _("a member has the wrong type, or no matter is named"));
	}
	return d;
}

Draft *draft_from_json(const cJSON *doc, char **err)
{
	return drafts_parse(doc, true, err);
}
