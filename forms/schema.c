/* schema: parse a FormSchema and check it, every problem reported with its JSON path. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/jsonx.h"
#include "common/timefmt.h"
#include "common/xalloc.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const schema_members[] = { "id", "version", "title", "matters", "sections", "updated_at", NULL };
static const char *const section_members[] = { "key", "title", "description", "visible_if", "fields", NULL };

/* One part of a key: [a-z][a-z0-9_]*; returns its length, 0 if none. */
static size_t part_len(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return 0;
	size_t n = 1;
	while ((s[n] >= 'a' && s[n] <= 'z') || (s[n] >= '0' && s[n] <= '9') || s[n] == '_')
		n++;
	return n;
}

/* FieldKey: parts joined by dots. */
bool key_ok(const char *key)
{
	if (!key || strlen(key) > 200)
		return false;
	for (;;) {
		size_t n = part_len(key);
		if (!n)
			return false;
		key += n;
		if (!*key)
			return true;
		if (*key++ != '.')
			return false;
	}
}

/* Only the characters in set, between min and max of them. */
static bool charset_ok(const char *s, const char *set, size_t min, size_t max)
{
	size_t n = strlen(s);
	return n >= min && n <= max && strspn(s, set) == n;
}

/* Keys seen so far, to name the first place of a duplicate. */
typedef struct Seen {
	const char **key;
	char **path;
	size_t n;
} Seen;

/* The path where key was first seen, or NULL after recording it at path. */
static const char *seen(Seen *s, const char *key, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(s->key[i], key) == 0)
			return s->path[i];
	s->key = xrealloc(s->key, (s->n + 1) * sizeof *s->key);
	s->path = xrealloc(s->path, (s->n + 1) * sizeof *s->path);
	s->key[s->n] = key;
	s->path[s->n++] = xstrdup(path);
	return NULL;
}

/* Free the record of seen keys. */
static void seen_free(Seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->path[i]);
	free(s->key);
	free(s->path);
}

/* One section and its fields; field keys unique across the whole form. */
static void section_read(FormSection *sec, const cJSON *j, const char *path, Seen *sections, Seen *keys,
                         FormsErrors *e)
{
	if (!cJSON_IsObject(j)) {
		ferr(e, path, S_NOT_OBJECT, 0);
		return;
	}
	members_ok(j, section_members, path, e);
	const char *key = get_str(j, "key", path, GS_REQUIRED, e);
	char *kp = path_member(path, "key");
	const char *first;
	if (key && part_len(key) != strlen(key))
		ferr(e, kp, S_BAD_KEY, 1, key);
	else if (key && (first = seen(sections, key, path)))
		ferr(e, kp, S_DUP_SECTION, 2, key, first);
	else
		sec->key = xstrdup(key);
	free(kp);
	sec->title = xstrdup(get_str(j, "title", path, GS_REQUIRED | GS_NONEMPTY, e));
	sec->description = xstrdup(get_str(j, "description", path, 0, e));
	const cJSON *vis = cJSON_GetObjectItemCaseSensitive(j, "visible_if");
	if (vis) {
		char *vp = path_member(path, "visible_if");
		sec->visible_if = cond_parse(vis, vp, 1, e);
		free(vp);
	}
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(j, "fields");
	char *fp = path_member(path, "fields");
	if (!fields)
		ferr(e, fp, S_MISSING, 0);
	else if (!cJSON_IsArray(fields))
		ferr(e, fp, S_NOT_ARRAY, 0);
	else if (cJSON_GetArraySize(fields) == 0)
		ferr(e, fp, S_EMPTY_ARRAY, 0);
	else {
		sec->fields = xcalloc((size_t)cJSON_GetArraySize(fields), sizeof *sec->fields);
		const cJSON *it;
		cJSON_ArrayForEach(it, fields) {
			char *ip = path_index(fp, sec->n_fields);
			FormField *f = &sec->fields[sec->n_fields++];
			field_parse(f, it, ip, false, e);
			if (f->key && (first = seen(keys, f->key, ip))) {
				char *kp2 = path_member(ip, "key");
				ferr(e, kp2, S_DUP_KEY, 2, f->key, first);
				free(kp2);
			}
			free(ip);
		}
	}
	free(fp);
}

/* A section, unless its fields would make the form too big. */
static void section_parse(FormSection *sec, const cJSON *j, const char *path, Seen *sections, Seen *keys,
                          FormsErrors *e)
{
	size_t room = keys->n < MAX_FIELDS ? MAX_FIELDS - keys->n : 0;
	const cJSON *fields = cJSON_GetObjectItemCaseSensitive(j, "fields");
	char *fp = path_member(path, "fields");
	bool fits = !cJSON_IsArray(fields) || count_ok(fields, (int)room, fp, e);
	free(fp);
	if (fits)
		section_read(sec, j, path, sections, keys, e);
}

/* id, version, title, matters, updated_at. */
static void header_parse(FormSchema *s, const cJSON *j, FormsErrors *e)
{
	const char *id = get_str(j, "id", "", GS_REQUIRED, e);
	if (id && !charset_ok(id, "abcdefghijklmnopqrstuvwxyz0123456789_-", 1, 64))
		ferr(e, "id", S_BAD_ID, 1, id);
	else
		s->id = xstrdup(id);
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(j, "version");
	if (!ver)
		ferr(e, "version", S_MISSING, 0);
	else if (!cJSON_IsNumber(ver) || ver->valuedouble < 1 || ver->valuedouble > 2147483647.0 ||
	         ver->valuedouble != floor(ver->valuedouble))
		ferr(e, "version", S_BAD_VERSION, 0);
	else
		s->version = (int)ver->valuedouble;
	s->title = xstrdup(get_str(j, "title", "", GS_REQUIRED | GS_NONEMPTY, e));
	const char *at = get_str(j, "updated_at", "", GS_REQUIRED, e);
	size_t at_len = at ? strlen(at) : 0;
	if (at && (time_parse_rfc3339(at) == (time_t)-1 || at_len == 0 || at[at_len - 1] != 'Z'))
		ferr(e, "updated_at", S_BAD_TIME, 1, at);
	else
		s->updated_at = xstrdup(at);
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "matters");
	if (!m) {
		ferr(e, "matters", S_MISSING, 0);
	} else if (!cJSON_IsArray(m)) {
		ferr(e, "matters", S_NOT_ARRAY, 0);
	} else {
		s->matters = xcalloc((size_t)cJSON_GetArraySize(m) + 1, sizeof *s->matters);
		const cJSON *it;
		size_t i = 0;
		cJSON_ArrayForEach(it, m) {
			char *ip = path_index("matters", i++);
			if (!cJSON_IsString(it))
				ferr(e, ip, S_NOT_STRING, 0);
			else if (!charset_ok(it->valuestring,
			                     "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-", 4, 64))
				ferr(e, ip, S_BAD_MATTER, 1, it->valuestring);
			else
				s->matters[s->n_matters++] = xstrdup(it->valuestring);
			free(ip);
		}
	}
}

/* Parse into s, collecting problems in e. */
static void schema_parse_into(FormSchema *s, const cJSON *doc, FormsErrors *e)
{
	if (!cJSON_IsObject(doc)) {
		ferr(e, "", S_NOT_OBJECT, 0);
		return;
	}
	members_ok(doc, schema_members, "", e);
	header_parse(s, doc, e);
	const cJSON *secs = cJSON_GetObjectItemCaseSensitive(doc, "sections");
	if (!secs) {
		ferr(e, "sections", S_MISSING, 0);
		return;
	}
	if (!cJSON_IsArray(secs) || cJSON_GetArraySize(secs) == 0) {
		ferr(e, "sections", cJSON_IsArray(secs) ? S_EMPTY_ARRAY : S_NOT_ARRAY, 0);
		return;
	}
	if (!count_ok(secs, MAX_SECTIONS, "sections", e))
		return;
	Seen sections = { 0 }, keys = { 0 };
	s->sections = xcalloc((size_t)cJSON_GetArraySize(secs), sizeof *s->sections);
	const cJSON *it;
	cJSON_ArrayForEach(it, secs) {
		char *ip = path_index("sections", s->n_sections);
		section_parse(&s->sections[s->n_sections++], it, ip, &sections, &keys, e);
		free(ip);
	}
	seen_free(&sections);
	seen_free(&keys);
	schema_index(s);
	schema_check_conditions(s, e);
}

FormSchema *forms_schema_from_json(const cJSON *doc, FormsErrors *errs)
{
	FormsErrors local;
	forms_errors_init(&local);
	FormSchema *s = xcalloc(1, sizeof *s);
	schema_parse_into(s, doc, &local);
	if (local.n == 0 && s->id) {
		s->sources = xcalloc(1, sizeof *s->sources);
		s->sources[0].id = xstrdup(s->id);
		s->sources[0].version = s->version;
		s->n_sources = 1;
	}
	bool bad = local.n > 0;
	if (errs) {
		for (size_t i = 0; i < local.n; i++) {
			if (errs->n == errs->cap) {
				errs->cap = errs->cap ? errs->cap * 2 : 8;
				errs->v = xrealloc(errs->v, errs->cap * sizeof *errs->v);
			}
			errs->v[errs->n++] = local.v[i];
		}
		free(local.v);
	} else {
		forms_errors_free(&local);
	}
	if (bad) {
		forms_schema_free(s);
		return NULL;
	}
	return s;
}

FormSchema *forms_schema_parse(const char *json, size_t len, FormsErrors *errs)
{
	cJSON *doc = json_parse_n(json, len);
	if (!doc) {
		ferr(errs, "", S_JSON, 0);
		return NULL;
	}
	FormSchema *s = forms_schema_from_json(doc, errs);
	cJSON_Delete(doc);
	return s;
}
