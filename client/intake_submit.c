/* intake_submit: the case body (CaseCreate) and the one submission of an
 * intake: one idempotency key kept with its frozen body in the outbox
 * until the server gives a definite answer, so a double press, a retry
 * after a 500 or a lost answer, or a kill -9 never makes a second case. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/intake.h"
#include "client/intake_int.h"
#include "client/api.h"
#include "client/app.h"
#include "client/i18n.h"
#include "client/intake_draft.h"
#include "client/local.h"
#include "client/outbox.h"
#include "common/jsonx.h"
#include "common/text.h"
#include "common/xalloc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------- the bookkeeping */

void submission_free(Submission *s)
{
	free(s->body);
	free(s->message);
	cJSON_Delete(s->errors);
	cJSON_Delete(s->created);
	memset(s, 0, sizeof *s);
}

const char *submission_begin(Submission *s, const char *body_now)
{
	if (s->state == SUB_SENDING || s->state == SUB_DONE)
		return NULL;
	if ((s->state == SUB_UNKNOWN || s->state == SUB_QUEUED) && s->body && s->key[0]) {
		/* The server may have the case (or it waits in the outbox): ask
		 * again the same way. */
		s->state = SUB_SENDING;
		s->attempts++;
		return s->body;
	}
	free(s->body);
	s->body = xstrdup(body_now);
	api_new_key(s->key);
	s->attempts = 1;
	s->state = SUB_SENDING;
	return s->body;
}

void submission_answer(Submission *s, long status, const cJSON *json, const char *message, bool replayed)
{
	s->status = status;
	free(s->message);
	s->message = message ? text_clean(message, 0) : NULL;
	cJSON_Delete(s->errors);
	s->errors = NULL;
	if (status >= 200 && status <= 299) {
		s->state = SUB_DONE;
		cJSON_Delete(s->created);
		s->created = json ? cJSON_Duplicate(json, 1) : cJSON_CreateObject();
		s->replayed = replayed;
	} else if (status == 0 || (status >= 500 && status != 501) || status == 408 || status == 429) {
		/* No definite answer: the key and the body stay for the retry. */
		s->state = SUB_UNKNOWN;
	} else {
		/* Refused (4xx, or 501: not offered): nothing was created; the
		 * next try is a new request. */
		s->state = SUB_REFUSED;
		const cJSON *e = json_arr(json, "errors");
		s->errors = e ? cJSON_Duplicate(e, 1) : NULL;
		s->key[0] = '\0';
	}
}

/* ------------------------------------------------------------ the body */

/* A text value of the form, or NULL. */
static const char *form_str(const Intake *in, const char *key)
{
	const cJSON *v = in->form ? forms_get(in->form, key) : NULL;
	return cJSON_IsString(v) && *v->valuestring ? v->valuestring : NULL;
}

/* The first of the form's keys that has text, else the record's member. */
static const char *pick(const Intake *in, const char *const *keys, const cJSON *rec, const char *member)
{
	for (; *keys; keys++) {
		const char *v = form_str(in, *keys);
		if (v)
			return v;
	}
	const char *r = member ? json_str(rec, member, NULL) : NULL;
	return r && *r ? r : NULL;
}

/* The contract's phone pattern; anything else is sent as null. */
static bool phone_ok(const char *p)
{
	size_t n = p ? strlen(p) : 0;
	if (n < 5 || n > 20)
		return false;
	return strspn(p, "0123456789+-") == n;
}

static void add_str_or_null(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
	else
		cJSON_AddNullToObject(o, k);
}

/* The id_type of a checked identifier. */
static const char *id_type_of(const IdCheck *c)
{
	switch (c->kind) {
	case ID_KIND_HMT_PERMIT:
		return strncmp(c->normalized, "83", 2) == 0 ? "taiwan_permit" : "hk_macao_permit";
	case ID_KIND_FOREIGN_PR:
		return "foreign_permanent";
	case ID_KIND_USCC:
		return "uscc";
	default:
		return "resident_id";
	}
}

/* Applicant: the form first (what the clerk confirmed), the records second. */
static cJSON *applicant_json(const Intake *in)
{
	static const char *const pname[] = {"applicant.name", "operator.name", NULL};
	static const char *const ename[] = {"entity.name", NULL};
	static const char *const pphone[] = {"applicant.phone", NULL};
	static const char *const ephone[] = {"entity.phone", "contact.phone", NULL};
	static const char *const paddr[] = {"applicant.address", "applicant.household_address", NULL};
	static const char *const eaddr[] = {"entity.address", NULL};
	const cJSON *rec = in->lk[in->entity ? SRC_ENTITY : SRC_PERSON].doc;
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "kind", in->entity ? "entity" : "person");
	cJSON_AddStringToObject(a, "id_type", id_type_of(&in->id));
	cJSON_AddStringToObject(a, "id_number", in->holder);
	const char *name = pick(in, in->entity ? ename : pname, rec, "name");
	cJSON_AddStringToObject(a, "name", name ? name : in->holder);
	const char *phone = pick(in, in->entity ? ephone : pphone, rec, "phone");
	add_str_or_null(a, "phone", phone_ok(phone) ? phone : NULL);
	add_str_or_null(a, "address", pick(in, in->entity ? eaddr : paddr, rec, in->entity ? "address" : "residence_address"));
	return a;
}

/* The agent when the form says one applies (代办人). */
static cJSON *agent_json(const Intake *in)
{
	const cJSON *ent = in->form ? forms_get(in->form, "agent.entrusted") : NULL;
	const char *name = form_str(in, "agent.name"), *id = form_str(in, "agent.id_number");
	if (!cJSON_IsTrue(ent) || !name || !id)
		return cJSON_CreateNull();
	IdCheck c;
	id_detect_and_check(id, &c);
	cJSON *a = cJSON_CreateObject();
	cJSON_AddStringToObject(a, "name", name);
	cJSON_AddStringToObject(a, "id_type", c.kind == ID_KIND_USCC ? "resident_id" : id_type_of(&c));
	cJSON_AddStringToObject(a, "id_number", c.normalized[0] ? c.normalized : id);
	const char *phone = form_str(in, "agent.phone");
	add_str_or_null(a, "phone", phone_ok(phone) ? phone : NULL);
	return a;
}

cJSON *intake_case_body(const Intake *in)
{
	cJSON *b = cJSON_CreateObject();
	cJSON *m = cJSON_AddArrayToObject(b, "matters");
	for (size_t i = 0; i < in->n_matters; i++)
		cJSON_AddItemToArray(m, cJSON_CreateString(in->matters[i]));
	add_str_or_null(b, "bundle_id", in->bundle_id);
	add_str_or_null(b, "ticket_id", in->ticket_id);
	cJSON_AddItemToObject(b, "applicant", applicant_json(in));
	cJSON_AddItemToObject(b, "agent", agent_json(in));
	if (in->form) {
		cJSON_AddItemToObject(b, "form", forms_case_form(in->form));
		cJSON_AddItemToObject(b, "overrides", forms_overrides_json(in->form));
	} else {
		/* A matter without a form (居住证签注): the contract's form is null. */
		cJSON_AddNullToObject(b, "form");
		cJSON_AddArrayToObject(b, "overrides");
	}
	cJSON_AddItemToObject(b, "materials", intake_materials_json(in));
	cJSON *d = cJSON_AddObjectToObject(b, "delivery");
	const char *method = form_str(in, "delivery.method");
	bool post = method && strcmp(method, "post") == 0;
	cJSON_AddStringToObject(d, "method", post ? "post" : "window");
	add_str_or_null(d, "address", post ? form_str(in, "delivery.address") : NULL);
	cJSON_AddNullToObject(b, "note");
	return b;
}

/* ------------------------------------------------ through the outbox */

/* The one submission waiting for its outcome (an intake has one at a
 * time; only the intake at the counter is followed). */
static struct {
	bool listening;
	unsigned serial;
	intake_cb cb;
	void *ud;
} W;

/* Whether a request can go out now. */
static bool sendable(void)
{
	return app.logged_in && app.online;
}

/* Tell the waiting callback (the intake is still at the counter): after
 * each attempt without an answer (ok false; the outbox goes on), and once
 * more at the definite answer, its last call. */
static void answered(bool ok, bool last)
{
	intake_cb cb = W.cb;
	void *ud = W.ud;
	if (last) {
		W.cb = NULL;
		W.ud = NULL;
	}
	if (cb)
		cb(ok, ud);
}

/* The outbox moved the row of the intake at the counter. */
static void on_outbox(const OutboxEvent *ev, void *ud)
{
	Intake *in = intake_current();
	if (!in || !in->draft_id[0] || strcmp(in->draft_id, ev->draft_id) != 0)
		return;
	Submission *sb = &in->sub;
	switch (ev->what) {
	case OB_SENDING:
		if (sb->state != SUB_SENDING)
			sb->attempts++;
		sb->state = SUB_SENDING;
		intake_changed(in);
		return;
	case OB_DELIVERED:
		submission_answer(sb, ev->status ? ev->status : 201, ev->created, NULL, ev->replayed);
		break;
	case OB_REFUSED: {
		cJSON *j = cJSON_CreateObject();
		if (ev->errors)
			cJSON_AddItemToObject(j, "errors", cJSON_Duplicate(ev->errors, 1));
		submission_answer(sb, ev->status >= 400 ? ev->status : 422, j, ev->message, false);
		cJSON_Delete(j);
		break;
	}
	default: {
		/* No definite answer: the outbox keeps the row and sends it again
		 * by itself (a 401 or a 409 of a key in use count as none). */
		long st = ev->status;
		bool unknown = st == 0 || st == 408 || st == 429 || (st >= 500 && st != 501);
		submission_answer(sb, unknown ? st : 0, NULL, ev->message, false);
		break;
	}
	}
	intake_changed(in);
	if (W.serial == in->serial)
		answered(sb->state == SUB_DONE, sb->state == SUB_DONE || sb->state == SUB_REFUSED);
}

/* Queue the intake's submission: the draft saved, then its row (key and
 * frozen body) durable in the outbox before anything is sent. False with
 * sb->message when the store cannot keep it (nothing is sent then). */
static bool enqueue(Intake *in)
{
	Submission *sb = &in->sub;
	Store *s = local_store();
	bool ok = s && intake_draft_save(in, "review", NULL);
	Draft *d = ok ? intake_draft_make(in, "review", NULL) : NULL;
	ok = d && outbox_enqueue(s, d, sb->key, sb->body);
	draft_free(d);
	if (ok)
		return true;
	const char *why = !s ? local_error() : in->draft_error ? in->draft_error : store_last_message(s);
	free(sb->message);
	sb->message = xasprintf(_("the submission could not be kept in the local store (%s); nothing was sent"),
				why ? why : "?");
	return false;
}

bool intake_submit(Intake *in, intake_cb cb, void *ud)
{
	if (in->sub.state == SUB_SENDING || in->sub.state == SUB_DONE)
		return false;
	if (!W.listening) {
		outbox_listen(on_outbox, &W);
		W.listening = true;
	}
	W.serial = in->serial;
	W.cb = cb;
	W.ud = ud;
	cJSON *body = intake_case_body(in);
	char *now = json_print(body);
	cJSON_Delete(body);
	SubmitState was = in->sub.state;
	bool queued = (was == SUB_UNKNOWN || was == SUB_QUEUED) && in->sub.key[0];
	const char *send = submission_begin(&in->sub, now);
	free(now);
	if (!send)
		return false;
	if (queued) {
		/* Its row is in the outbox already, key and body: let it go now. */
		if (sendable()) {
			outbox_send_now(in->draft_id);
		} else {
			in->sub.state = SUB_QUEUED;
			in->sub.attempts--;
		}
		intake_changed(in);
		return true;
	}
	/* A new submission: the old refusal is past (kept if this one cannot be queued). */
	cJSON *refusal = in->resume_errors;
	in->resume_errors = NULL;
	if (!enqueue(in)) {
		in->resume_errors = refusal;
		in->sub.state = was;
		in->sub.key[0] = '\0';
		in->sub.attempts = 0;
		W.cb = NULL;
		intake_changed(in);
		return false;
	}
	cJSON_Delete(refusal);
	if (!sendable()) {
		in->sub.state = SUB_QUEUED;
		in->sub.attempts = 0;
	}
	outbox_kick();
	intake_changed(in);
	return true;
}
