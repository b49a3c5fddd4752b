/* merge: several form schemas become one form (一表填报), each key asked once, sections merged by key, order stable. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where a key is asked: which form, in which section, as which field. */
typedef struct Occ {
	size_t form;
	const FormSection *sec;
	const FormField *f;
} Occ;

typedef struct KeyInfo {
	const char *key;
	Occ *occ;
	size_t n;
} KeyInfo;

typedef struct SecInfo {
	const char *key;
	const FormSection **occ;
	size_t n;
	FormCond *cond;  /* merged visible_if */
} SecInfo;

typedef struct Plan {
	const FormSchema *const *forms;
	KeyInfo *keys;
	size_t nk;
	SecInfo *secs;
	size_t ns;
} Plan;

/* The section entry for key, appended when new. */
static size_t sec_index(Plan *p, const char *key)
{
	for (size_t i = 0; i < p->ns; i++)
		if (strcmp(p->secs[i].key, key) == 0)
			return i;
	p->secs = xrealloc(p->secs, (p->ns + 1) * sizeof *p->secs);
	memset(&p->secs[p->ns], 0, sizeof p->secs[p->ns]);
	p->secs[p->ns].key = key;
	return p->ns++;
}

/* The key entry for key, appended when new (so in form order). */
static KeyInfo *key_info(Plan *p, const char *key)
{
	for (size_t i = 0; i < p->nk; i++)
		if (strcmp(p->keys[i].key, key) == 0)
			return &p->keys[i];
	p->keys = xrealloc(p->keys, (p->nk + 1) * sizeof *p->keys);
	memset(&p->keys[p->nk], 0, sizeof p->keys[p->nk]);
	p->keys[p->nk].key = key;
	return &p->keys[p->nk++];
}

/* Pass 1: every section key and every field key, in form order. */
static void plan_collect(Plan *p, size_t n)
{
	for (size_t fi = 0; fi < n; fi++) {
		const FormSchema *s = p->forms[fi];
		for (size_t i = 0; i < s->n_sections; i++) {
			const FormSection *sec = &s->sections[i];
			size_t at = sec_index(p, sec->key); /* may move p->secs */
			SecInfo *si = &p->secs[at];
			si->occ = xrealloc(si->occ, (si->n + 1) * sizeof *si->occ);
			si->occ[si->n++] = sec;
			for (size_t k = 0; k < sec->n_fields; k++) {
				KeyInfo *ki = key_info(p, sec->fields[k].key);
				ki->occ = xrealloc(ki->occ, (ki->n + 1) * sizeof *ki->occ);
				ki->occ[ki->n++] = (Occ){ fi, sec, &sec->fields[k] };
			}
		}
	}
}

/* Shown if shown in any form: none when one has none, the one when they
 * agree, else any of them. Takes the conditions in v. */
static FormCond *any_of(FormCond **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!v[i]) {
			for (size_t k = 0; k < n; k++)
				cond_free(v[k]);
			return NULL;
		}
	size_t u = 0;
	for (size_t i = 0; i < n; i++) {
		bool dup = false;
		for (size_t k = 0; k < u && !dup; k++)
			dup = cond_equal(v[k], v[i]);
		if (dup)
			cond_free(v[i]);
		else
			v[u++] = v[i];
	}
	return u ? cond_group(true, v, u) : NULL;
}

/* Each merged section's visible_if: shown when any form shows it. */
static void plan_section_conds(Plan *p)
{
	for (size_t i = 0; i < p->ns; i++) {
		SecInfo *si = &p->secs[i];
		FormCond **v = xcalloc(si->n, sizeof *v);
		for (size_t k = 0; k < si->n; k++)
			v[k] = cond_clone(si->occ[k]->visible_if);
		si->cond = any_of(v, si->n);
		free(v);
	}
}

/* The section a merged field lives in: its first, unless that one is
 * conditional and another form asks it in an unconditional section. */
static size_t home_of(Plan *p, const KeyInfo *ki)
{
	size_t home = sec_index(p, ki->occ[0].sec->key);
	for (size_t j = 1; p->secs[home].cond && j < ki->n; j++) {
		size_t h = sec_index(p, ki->occ[j].sec->key);
		if (!p->secs[h].cond)
			home = h;
	}
	return home;
}

/* Visibility and requirement of a merged field: shown when any form
 * shows it (its own section's condition folded in when the home section
 * does not carry it), required when a form that shows it requires it. */
static void field_conds(FormField *mf, const KeyInfo *ki, const FormCond *home)
{
	FormCond **vx = xcalloc(ki->n, sizeof *vx), **tmp = xcalloc(ki->n, sizeof *tmp);
	for (size_t j = 0; j < ki->n; j++) {
		const FormCond *sc = ki->occ[j].sec->visible_if;
		FormCond *fc = cond_clone(ki->occ[j].f->visible_if);
		if (sc && !cond_equal(sc, home)) {
			FormCond *two[2] = { cond_clone(sc), fc };
			vx[j] = fc ? cond_group(false, two, 2) : two[0];
		} else {
			vx[j] = fc;
		}
		tmp[j] = cond_clone(vx[j]);
	}
	cond_free(mf->visible_if);
	mf->visible_if = any_of(tmp, ki->n);
	cond_free(mf->required_if);
	mf->required_if = NULL;
	mf->required = false;
	for (size_t j = 0; j < ki->n; j++)
		mf->required = mf->required || (!vx[j] && ki->occ[j].f->required);
	size_t nt = 0;
	for (size_t j = 0; !mf->required && j < ki->n; j++) {
		const FormField *f = ki->occ[j].f;
		if (!f->required && !f->required_if)
			continue;
		FormCond *two[2] = { cond_clone(vx[j]), cond_clone(f->required_if) };
		FormCond *t = f->required ? two[0] : !two[0] ? two[1] : cond_group(false, two, 2);
		if (cond_equal(t, mf->visible_if) && mf->visible_if)
			mf->required = true; /* required whenever shown */
		tmp[nt++] = t;
	}
	if (mf->required) {
		for (size_t j = 0; j < nt; j++)
			cond_free(tmp[j]);
	} else if (nt) {
		mf->required_if = any_of(tmp, nt);
	}
	for (size_t j = 0; j < ki->n; j++)
		cond_free(vx[j]);
	free(vx);
	free(tmp);
}

/* Pass 2: one field per key, appended to its home section. */
static void plan_fields(Plan *p, FormSchema *m, FormsErrors *e)
{
	m->sections = xcalloc(p->ns ? p->ns : 1, sizeof *m->sections);
	m->n_sections = p->ns;
	for (size_t i = 0; i < p->ns; i++) {
		const FormSection *first = p->secs[i].occ[0];
		m->sections[i].key = xstrdup(first->key);
		m->sections[i].title = xstrdup(first->title);
		for (size_t k = 0; k < p->secs[i].n && !m->sections[i].description; k++)
			m->sections[i].description = xstrdup(p->secs[i].occ[k]->description);
		m->sections[i].visible_if = p->secs[i].cond;
		p->secs[i].cond = NULL;
	}
	for (size_t i = 0; i < p->nk; i++) {
		const KeyInfo *ki = &p->keys[i];
		size_t home = home_of(p, ki);
		FormField mf;
		field_clone(&mf, ki->occ[0].f);
		for (size_t j = 1; j < ki->n; j++)
			field_merge(&mf, p->forms[ki->occ[0].form]->id, ki->occ[j].f, p->forms[ki->occ[j].form]->id,
			            ki->key, e);
		field_conds(&mf, ki, m->sections[home].visible_if);
		FormSection *sec = &m->sections[home];
		sec->fields = xrealloc(sec->fields, (sec->n_fields + 1) * sizeof *sec->fields);
		sec->fields[sec->n_fields++] = mf;
	}
	size_t kept = 0; /* a section whose fields all live elsewhere goes */
	for (size_t i = 0; i < m->n_sections; i++) {
		if (m->sections[i].n_fields)
			m->sections[kept++] = m->sections[i];
		else
			section_free(&m->sections[i]);
	}
	m->n_sections = kept;
}

/* Free the plan (not the fields it points into). */
static void plan_free(Plan *p)
{
	for (size_t i = 0; i < p->nk; i++)
		free(p->keys[i].occ);
	for (size_t i = 0; i < p->ns; i++) {
		free(p->secs[i].occ);
		cond_free(p->secs[i].cond);
	}
	free(p->keys);
	free(p->secs);
}

/* Join s to *out with sep unless it is already one of the parts. */
static void join_unique(char **out, const char *s, const char *sep)
{
	if (!s)
		return;
	if (!*out) {
		*out = xstrdup(s);
		return;
	}
	size_t n = strlen(s), sl = strlen(sep);
	for (const char *p = *out; p; p = strstr(p, sep)) {
		if (p != *out)
			p += sl;
		if (strncmp(p, s, n) == 0 && (p[n] == '\0' || strncmp(p + n, sep, sl) == 0))
			return;
		if (!*p)
			break;
	}
	char *next = xasprintf("%s%s%s", *out, sep, s);
	free(*out);
	*out = next;
}

/* id, title, matters, updated_at and the list of forms it is made of. */
static void merge_header(FormSchema *m, const FormSchema *const *v, size_t n, FormsErrors *e)
{
	m->version = 1;
	m->matters = NULL;
	for (size_t i = 0; i < n; i++) {
		join_unique(&m->id, v[i]->id, "+");
		join_unique(&m->title, v[i]->title, " \xC2\xB7 ");
		if (v[i]->updated_at && (!m->updated_at || strcmp(v[i]->updated_at, m->updated_at) > 0)) {
			free(m->updated_at);
			m->updated_at = xstrdup(v[i]->updated_at);
		}
		for (size_t k = 0; k < v[i]->n_matters; k++) {
			bool have = false;
			for (size_t j = 0; j < m->n_matters && !have; j++)
				have = strcmp(m->matters[j], v[i]->matters[k]) == 0;
			if (!have) {
				m->matters = xrealloc(m->matters, (m->n_matters + 1) * sizeof *m->matters);
				m->matters[m->n_matters++] = xstrdup(v[i]->matters[k]);
			}
		}
		for (size_t k = 0; k < v[i]->n_sources; k++) {
			const FormRef *r = &v[i]->sources[k];
			size_t j = 0;
			while (j < m->n_sources && strcmp(m->sources[j].id, r->id) != 0)
				j++;
			if (j < m->n_sources) {
				if (m->sources[j].version != r->version) {
					char a[16], b[16];
					snprintf(a, sizeof a, "%d", m->sources[j].version);
					snprintf(b, sizeof b, "%d", r->version);
					ferr(e, "forms", S_MERGE_VERSION, 3, r->id, a, b);
				}
				continue;
			}
			m->sources = xrealloc(m->sources, (m->n_sources + 1) * sizeof *m->sources);
			m->sources[m->n_sources].id = xstrdup(r->id);
			m->sources[m->n_sources++].version = r->version;
		}
	}
}

FormSchema *forms_merge(const FormSchema *const *v, size_t n, FormsErrors *errs)
{
	FormsErrors local;
	forms_errors_init(&local);
	for (size_t i = 0; i < n; i++)
		if (!v[i])
			n = 0;
	if (n == 0) {
		ferr(errs, "forms", S_MERGE_NONE, 0);
		return NULL;
	}
	FormSchema *m = xcalloc(1, sizeof *m);
	merge_header(m, v, n, &local);
	Plan p = { v, NULL, 0, NULL, 0 };
	plan_collect(&p, n);
	plan_section_conds(&p);
	plan_fields(&p, m, &local);
	plan_free(&p);
	schema_index(m);
	schema_check_conditions(m, &local);
	bool bad = local.n > 0;
	for (size_t i = 0; errs && i < local.n; i++) {
		if (errs->n == errs->cap) {
			errs->cap = errs->cap ? errs->cap * 2 : 8;
			errs->v = xrealloc(errs->v, errs->cap * sizeof *errs->v);
		}
		errs->v[errs->n++] = local.v[i];
	}
	if (errs)
		free(local.v);
	else
		forms_errors_free(&local);
	if (bad) {
		forms_schema_free(m);
		return NULL;
	}
	return m;
}
