/* lifecycle: free, copy and index fields, sections and schemas; look fields up by key. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdlib.h>
#include <string.h>

void limits_init(FormLimits *l)
{
	memset(l, 0, sizeof *l);
	l->min_length = l->max_length = l->min_items = l->max_items = -1;
}

void field_free(FormField *f)
{
	if (!f)
		return;
	free(f->key);
	free(f->label);
	free(f->prefill);
	free(f->help);
	free(f->placeholder);
	free(f->limits.min_date);
	free(f->limits.max_date);
	free(f->limits.pattern);
	for (size_t i = 0; i < f->n_options; i++) {
		free(f->options[i].value);
		free(f->options[i].label);
	}
	free(f->options);
	cJSON_Delete(f->def);
	cond_free(f->visible_if);
	cond_free(f->required_if);
	for (size_t i = 0; i < f->n_fields; i++)
		field_free(&f->fields[i]);
	free(f->fields);
	patterns_free(f->patterns);
	memset(f, 0, sizeof *f);
}

/* A deep copy; patterns are compiled again from their sources. */
void field_clone(FormField *d, const FormField *s)
{
	*d = *s;
	d->key = xstrdup(s->key);
	d->label = xstrdup(s->label);
	d->prefill = xstrdup(s->prefill);
	d->help = xstrdup(s->help);
	d->placeholder = xstrdup(s->placeholder);
	d->limits.min_date = xstrdup(s->limits.min_date);
	d->limits.max_date = xstrdup(s->limits.max_date);
	d->limits.pattern = xstrdup(s->limits.pattern);
	d->options = s->n_options ? xcalloc(s->n_options, sizeof *d->options) : NULL;
	for (size_t i = 0; i < s->n_options; i++) {
		d->options[i].value = xstrdup(s->options[i].value);
		d->options[i].label = xstrdup(s->options[i].label);
	}
	d->def = s->def ? cJSON_Duplicate(s->def, true) : NULL;
	d->visible_if = cond_clone(s->visible_if);
	d->required_if = cond_clone(s->required_if);
	d->fields = s->n_fields ? xcalloc(s->n_fields, sizeof *d->fields) : NULL;
	for (size_t i = 0; i < s->n_fields; i++)
		field_clone(&d->fields[i], &s->fields[i]);
	d->patterns = NULL;
	char err[128];
	for (size_t i = 0; s->patterns && i < s->patterns->n; i++)
		patterns_add(&d->patterns, s->patterns->src[i], err, sizeof err);
}

void section_free(FormSection *s)
{
	free(s->key);
	free(s->title);
	free(s->description);
	cond_free(s->visible_if);
	for (size_t i = 0; i < s->n_fields; i++)
		field_free(&s->fields[i]);
	free(s->fields);
	memset(s, 0, sizeof *s);
}

void forms_schema_free(FormSchema *s)
{
	if (!s)
		return;
	free(s->id);
	free(s->title);
	free(s->updated_at);
	for (size_t i = 0; i < s->n_matters; i++)
		free(s->matters[i]);
	free(s->matters);
	for (size_t i = 0; i < s->n_sections; i++)
		section_free(&s->sections[i]);
	free(s->sections);
	for (size_t i = 0; i < s->n_sources; i++)
		free(s->sources[i].id);
	free(s->sources);
	free(s->index);
	free(s->order);
	free(s);
}

void schema_index(FormSchema *s)
{
	size_t n = 0;
	for (size_t i = 0; i < s->n_sections; i++)
		n += s->sections[i].n_fields;
	free(s->index);
	s->index = xcalloc(n ? n : 1, sizeof *s->index);
	s->n_index = 0;
	for (size_t i = 0; i < s->n_sections; i++)
		for (size_t k = 0; k < s->sections[i].n_fields; k++) {
			s->sections[i].fields[k].section = i;
			s->index[s->n_index++] = &s->sections[i].fields[k];
		}
}

long schema_find(const FormSchema *s, const char *key)
{
	for (size_t i = 0; s && key && i < s->n_index; i++)
		if (s->index[i]->key && strcmp(s->index[i]->key, key) == 0)
			return (long)i;
	return -1;
}

const FormField *forms_field(const FormSchema *s, const char *key)
{
	long i = schema_find(s, key);
	return i < 0 ? NULL : s->index[i];
}

const FormField *forms_subfield(const FormField *t, const char *key)
{
	for (size_t i = 0; t && key && i < t->n_fields; i++)
		if (t->fields[i].key && strcmp(t->fields[i].key, key) == 0)
			return &t->fields[i];
	return NULL;
}
