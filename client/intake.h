/* intake: one applicant at the counter, from the identifier to the receipt:
 * the shared-data lookups, the chosen matter or bundle with its merged form,
 * the materials checklist and the one submission. No curses: screens read
 * it and redraw when the model says CH_INTAKE. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_INTAKE_H
#define YC_INTAKE_H
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "common/ids.h"
#include "forms/forms.h"

/* app_notify() bit for intake changes (above the model's CH_* bits, below
 * the screens' DRAW_* bits). */
#define CH_INTAKE (1u << 12)

/* ------------------------------------------------------------ lookups */

/* The five shared databases, asked at once when the identifier is in. */
typedef enum IntakeSource {
	SRC_PERSON,    /* GET /v1/people/{id}      人口库 */
	SRC_ENTITY,    /* GET /v1/entities/{uscc}  法人库 */
	SRC_LICENSES,  /* GET /v1/licenses?holder= 电子证照 */
	SRC_CREDIT,    /* GET /v1/credit/{holder}  信用 */
	SRC_PROOFS,    /* GET /v1/proofs?holder=   证明 */
	SRC__COUNT
} IntakeSource;

typedef enum LookupState {
	LK_IDLE = 0,    /* not started */
	LK_LOADING,
	LK_FOUND,       /* a record (licenses/proofs: at least one; credit: a report) */
	LK_NOT_FOUND,   /* 404, or an empty list */
	LK_FAILED,      /* transport, 5xx, 501, malformed, refused: see error */
	LK_NA,          /* does not apply (a person has no 法人库 record; no purpose) */
} LookupState;

typedef struct Lookup {
	LookupState state;
	unsigned req;           /* request in flight */
	cJSON *doc;             /* the answer when found (owned) */
	char *error;            /* why it failed or does not apply (clean, translated) */
	int64_t started_ms, done_ms;
	char *as_of, *source;   /* provenance of the record (clean), or NULL */
} Lookup;

/* The translated name of a source ("人口库" / "People"), and of a state. */
const char *intake_source_name(IntakeSource s);
const char *intake_state_name(LookupState s);

/* ------------------------------------------------------------ materials */

typedef enum MatStatus {
	MS_MISSING = 0, /* 缺 */
	MS_SUBMITTED,   /* 已收 */
	MS_ELICENSE,    /* 免提交: an e-license of the applicant satisfies it */
	MS_DEFERRED,    /* 容缺后补 */
	MS_NA,          /* 不适用: its condition does not hold */
} MatStatus;

typedef enum MatReq { MR_REQUIRED = 0, MR_DEFERRABLE, MR_OPTIONAL } MatReq;

/* One (matter, material) the case must report. */
typedef struct MatRef {
	char *matter_code, *material_id;
	char *form;             /* what that matter accepts when handed in */
	int copies;             /* originals and copies that matter asks for */
} MatRef;

/* One row of the checklist: materials of several matters with the same
 * name are one row (a bundle asks for the 营业执照 once). */
typedef struct IntakeMaterial {
	char *name, *condition, *notes, *source_note;  /* clean */
	char *elicense_type;    /* or NULL */
	char *form;             /* "original" | "copy" | "electronic": what is handed in */
	int originals, copies;
	MatReq req;
	MatRef *refs;
	size_t n_refs;
	char *matters;          /* names of the matters that ask for it, joined with "、" */
	MatStatus status;
	bool touched;           /* the clerk set it: lookups no longer change it */
	char *license_id, *license_name; /* the e-license that satisfies it */
} IntakeMaterial;

const char *intake_mat_status_name(MatStatus s);   /* translated, short */
const char *intake_mat_req_name(MatReq r);         /* translated */
/* A row that stops acceptance: needed and neither handed in, replaced by an
 * e-license, deferred nor not applicable. */
bool intake_mat_blocks(const IntakeMaterial *m);

/* ------------------------------------------------------------ submission */

typedef enum SubmitState {
	SUB_NONE = 0,   /* not sent */
	SUB_SENDING,    /* in flight: pressing submit again does nothing */
	SUB_UNKNOWN,    /* 5xx or no answer: may or may not exist; retry sends
	                 * the same body with the same key */
	SUB_REFUSED,    /* 4xx: nothing was created; fix and submit again (new key) */
	SUB_DONE,       /* 201: the case exists */
	SUB_QUEUED,     /* in the outbox: sent in the background when the
	                 * server is back (offline); the intake may close */
} SubmitState;

typedef struct Submission {
	SubmitState state;
	char key[37];           /* the Idempotency-Key, kept until a definite answer */
	char *body;             /* the CaseCreate sent with that key (frozen) */
	int attempts;           /* requests sent with this key */
	unsigned req;
	long status;            /* the last HTTP status (0: none) */
	char *message;          /* the last failure, clean */
	cJSON *errors;          /* the last 422's errors[] (owned) */
	cJSON *created;         /* the CaseCreated answer (owned) */
	bool replayed;
} Submission;

/* ------------------------------------------------------------ the intake */

typedef struct Intake {
	unsigned serial;                /* tells intakes apart in late callbacks */
	unsigned choice_seq;            /* the same for choices of one intake */
	char *ticket_id, *ticket_number; /* the ticket being served, or NULL */
	IdCheck id;                     /* the identifier as checked */
	char holder[32];                /* normalized */
	bool entity;                    /* a credit code: a legal person */
	Lookup lk[SRC__COUNT];
	int64_t started_ms;
	bool credit_seen;               /* the clerk acknowledged the credit warnings */

	/* The choice: one matter, or a bundle of matters. */
	char *bundle_id, *title;        /* title: the matter's or bundle's name */
	char **matters;                 /* codes */
	size_t n_matters;
	cJSON **guides;                 /* Matter objects, one per code (owned copies) */
	bool loading;                   /* guides and forms being fetched */
	char *load_error;
	FormSchema **parts;             /* the forms as fetched */
	size_t n_parts;
	FormSchema *schema;             /* merged (or the single form); NULL: no form */
	FormState *form;
	int prefilled;                  /* fields filled from shared data so far */

	IntakeMaterial *mat;
	size_t n_mat;

	Submission sub;
	unsigned gen;                   /* bumped on every change (screens compare) */

	/* Its draft in the local store (intake_draft.h). */
	char draft_id[24];              /* "" until first saved */
	char *resume_step, *resume_cursor; /* where a resumed draft left off, or NULL */
	cJSON *resume_errors;           /* the server's FieldError[] of a refused draft, or NULL */
	char *draft_error;              /* the last save failure (clean), NULL once it works */
} Intake;

/* The intake at the counter, or NULL. */
Intake *intake_current(void);
/* Start one for an identifier that passed its check (holder is what was
 * typed; it is normalized). The ticket is app.current when there is one.
 * Starts every lookup at once. Replaces an intake that was going on. */
Intake *intake_start(const char *holder);
/* Drop the intake (cancels what is in flight). */
void intake_end(void);
/* Something changed: bump gen and tell the screens. */
void intake_changed(Intake *in);

/* The applicant's name as best known: the form, else the lookup; "" when
 * unknown. Borrowed until the next change. */
const char *intake_applicant_name(const Intake *in);
/* Credit flags that must warn the clerk (black list, watch list). */
int intake_credit_warnings(const Intake *in);

/* lookups (intake_lookup.c) */
/* Start every lookup (again for those that failed when retry is set). */
void intake_lookups_start(Intake *in, bool retry);
void intake_lookups_cancel(Intake *in);
/* Lookups still loading. */
int intake_lookups_pending(const Intake *in);
/* Apply one answer (also used by the tests without a network). */
void intake_lookup_answer(Intake *in, IntakeSource s, long status, const cJSON *json,
			  const char *error);
/* Called after each lookup's answer has been applied (the form screen
 * shows late prefills, a late credit warning stops the clerk). One
 * observer; NULL removes it. */
void intake_on_lookup(void (*fn)(Intake *in, IntakeSource s));
/* Fill the form from every source found so far; returns fields filled. */
int intake_prefill_all(Intake *in);

/* the choice (intake.c): fetch the guides and forms of a matter or bundle
 * (from the session cache when there), merge the forms, prefill, build the
 * checklist; cb(ok, ud) from the loop. Replaces an earlier choice. */
typedef void (*intake_cb)(bool ok, void *ud);
void intake_choose_matter(Intake *in, const char *code, intake_cb cb, void *ud);
void intake_choose_bundle(Intake *in, const char *bundle_id, intake_cb cb, void *ud);
/* Build the choice from guides and form schemas already at hand (the
 * tests, and the loaders above when everything has arrived). Takes
 * ownership of guides and parts. False (and load_error) when the forms do
 * not merge. */
bool intake_set_choice(Intake *in, const char *bundle_id, const char *title,
		       cJSON **guides, size_t n_guides, FormSchema **parts, size_t n_parts);

/* materials (intake_materials.c) */
void intake_materials_build(Intake *in);
/* Set e-license rows from the licenses found (rows the clerk touched stay). */
void intake_materials_refresh(Intake *in);
/* Clerk actions on row i; false with a translated reason in *why. */
bool intake_mat_toggle(Intake *in, size_t i, const char **why);
bool intake_mat_defer(Intake *in, size_t i, const char **why);
bool intake_mat_not_needed(Intake *in, size_t i, const char **why);
int intake_mat_all_received(Intake *in);
/* Rows that block acceptance. */
int intake_mat_blocking(const Intake *in);
/* The 一次性告知: everything missing or deferred, as text (caller frees). */
char *intake_notice_text(const Intake *in, time_t now);
/* CaseMaterialInput[] for the case. */
cJSON *intake_materials_json(const Intake *in);

/* submission (intake_submit.c) */
/* The CaseCreate body of the intake as it stands (caller deletes). */
cJSON *intake_case_body(const Intake *in);
/* Submit through the outbox (outbox.h): the draft saved and the body
 * frozen with the intake's one idempotency key in the local store first,
 * then sent at once when online, else SUB_QUEUED (sent when the server is
 * back). While a submission is in flight this does nothing and returns
 * false; after an unknown outcome (5xx, no answer) the outbox sends the
 * same body with the same key again by itself, and this asks it to go at
 * once; after a refusal it builds a new body with a new key; after
 * success it returns false (the case exists), and false with
 * in->sub.message when the store cannot keep it (nothing is sent). cb(ok,
 * ud) from the loop after each attempt that got no answer (ok false, the
 * outbox goes on) and at the definite answer (its last call). */
bool intake_submit(Intake *in, intake_cb cb, void *ud);

/* The pure bookkeeping of a submission, unit-tested on its own. begin
 * returns the body to send (the frozen one when the last outcome is
 * unknown, else body_now, adopted) and fills key; NULL when nothing may be
 * sent now (in flight or done). answer records the outcome. */
const char *submission_begin(Submission *s, const char *body_now);
void submission_answer(Submission *s, long status, const cJSON *json, const char *message, bool replayed);
void submission_free(Submission *s);

#endif
