/* schema_check: conditions of a parsed or merged schema: known fields, operands that suit them, no visibility cycles. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "forms/forms_int.h"
#include "common/xalloc.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How a condition's keys resolve: top-level fields, or in a table's row
 * its sibling columns first. */
typedef struct Resolver {
	const FormSchema *s;
	const FormField *table;
} Resolver;

static const FormField *resolve(void *ctx, const char *key)
{
	Resolver *r = ctx;
	const FormField *f = r->table ? forms_subfield(r->table, key) : NULL;
	return f ? f : forms_field(r->s, key);
}

/* A dependency graph: node i reads nodes adj[i][0..n[i]). */
typedef struct Graph {
	size_t nodes;
	size_t **adj;
	size_t *n;
} Graph;

/* Collects the node numbers of referenced keys. */
typedef struct RefCollect {
	Graph *g;
	size_t from;
	const FormSchema *s;
	const FormField *table; /* NULL: top-level keys */
} RefCollect;

/* cond_refs callback: an edge to the node of key, if it is one. */
static void add_ref(void *ctx, const char *key)
{
	RefCollect *rc = ctx;
	long to = -1;
	if (rc->table) {
		for (size_t i = 0; i < rc->table->n_fields; i++)
			if (rc->table->fields[i].key && strcmp(rc->table->fields[i].key, key) == 0)
				to = (long)i;
	} else {
		to = schema_find(rc->s, key);
	}
	if (to < 0)
		return;
	Graph *g = rc->g;
	g->adj[rc->from] = xrealloc(g->adj[rc->from], (g->n[rc->from] + 1) * sizeof **g->adj);
	g->adj[rc->from][g->n[rc->from]++] = (size_t)to;
}

/* Free the edges. */
static void graph_free(Graph *g)
{
	for (size_t i = 0; i < g->nodes; i++)
		free(g->adj[i]);
	free(g->adj);
	free(g->n);
}

/* Iterative depth-first search; report(ctx, u, v) for each edge u→v that
 * closes a cycle. No recursion: a fuzzed schema may have many fields. The
 * nodes in the order they finish (each after what it reads) go to order
 * when not NULL. */
static void find_cycles(const Graph *g, void (*report)(void *, size_t, size_t), void *ctx, size_t *order)
{
	enum { WHITE, GREY, BLACK };
	unsigned char *color = xcalloc(g->nodes ? g->nodes : 1, 1);
	size_t *stack = xcalloc(g->nodes ? g->nodes : 1, sizeof *stack);
	size_t *edge = xcalloc(g->nodes ? g->nodes : 1, sizeof *edge);
	size_t done = 0;
	for (size_t root = 0; root < g->nodes; root++) {
		if (color[root] != WHITE)
			continue;
		size_t top = 0;
		stack[top++] = root;
		color[root] = GREY;
		edge[root] = 0;
		while (top) {
			size_t u = stack[top - 1];
			if (edge[u] == g->n[u]) {
				if (order)
					order[done++] = u;
				color[u] = BLACK;
				top--;
				continue;
			}
			size_t v = g->adj[u][edge[u]++];
			if (color[v] == GREY) {
				report(ctx, u, v);
			} else if (color[v] == WHITE) {
				color[v] = GREY;
				edge[v] = 0;
				stack[top++] = v;
			}
		}
	}
	free(color);
	free(stack);
	free(edge);
}

/* Where to report a cycle, and the fields' keys. */
typedef struct CycleCtx {
	FormsErrors *e;
	char **paths;          /* visible_if path of each node */
	const char **keys;
} CycleCtx;

/* A cycle closes at u → v: reported at u's visible_if. */
static void report_cycle(void *ctx, size_t u, size_t v)
{
	CycleCtx *c = ctx;
	ferr(c->e, c->paths[u], S_CYCLE, 1, c->keys[v]);
}

/* Top-level fields: each reads its own visible_if and its section's. */
static void top_cycles(FormSchema *s, FormsErrors *e)
{
	Graph g = { s->n_index, xcalloc(s->n_index + 1, sizeof *g.adj), xcalloc(s->n_index + 1, sizeof *g.n) };
	CycleCtx c = { e, xcalloc(s->n_index + 1, sizeof *c.paths), xcalloc(s->n_index + 1, sizeof *c.keys) };
	size_t idx = 0;
	for (size_t i = 0; i < s->n_sections; i++)
		for (size_t k = 0; k < s->sections[i].n_fields; k++, idx++) {
			const FormField *f = &s->sections[i].fields[k];
			RefCollect rc = { &g, idx, s, NULL };
			cond_refs(f->visible_if, add_ref, &rc);
			cond_refs(s->sections[i].visible_if, add_ref, &rc);
			c.paths[idx] = xasprintf("sections[%zu].fields[%zu].visible_if", i, k);
			c.keys[idx] = f->key ? f->key : "";
		}
	free(s->order);
	s->order = xcalloc(s->n_index + 1, sizeof *s->order);
	find_cycles(&g, report_cycle, &c, s->order);
	for (size_t i = 0; i < s->n_index; i++)
		free(c.paths[i]);
	free(c.paths);
	free(c.keys);
	graph_free(&g);
}

/* A table's columns among themselves. */
static void row_cycles(const FormSchema *s, const FormField *t, const char *path, FormsErrors *e)
{
	Graph g = { t->n_fields, xcalloc(t->n_fields + 1, sizeof *g.adj), xcalloc(t->n_fields + 1, sizeof *g.n) };
	CycleCtx c = { e, xcalloc(t->n_fields + 1, sizeof *c.paths), xcalloc(t->n_fields + 1, sizeof *c.keys) };
	for (size_t i = 0; i < t->n_fields; i++) {
		RefCollect rc = { &g, i, s, t };
		cond_refs(t->fields[i].visible_if, add_ref, &rc);
		c.paths[i] = xasprintf("%s.fields[%zu].visible_if", path, i);
		c.keys[i] = t->fields[i].key ? t->fields[i].key : "";
	}
	find_cycles(&g, report_cycle, &c, NULL);
	for (size_t i = 0; i < t->n_fields; i++)
		free(c.paths[i]);
	free(c.paths);
	free(c.keys);
	graph_free(&g);
}

/* visible_if and required_if of one field at path, resolved by r. */
static void field_conds(const FormField *f, const char *path, Resolver *r, FormsErrors *e)
{
	char *vp = path_member(path, "visible_if"), *rp = path_member(path, "required_if");
	cond_check(f->visible_if, vp, resolve, r, e);
	cond_check(f->required_if, rp, resolve, r, e);
	free(vp);
	free(rp);
}

void schema_check_conditions(FormSchema *s, FormsErrors *e)
{
	Resolver top = { s, NULL };
	for (size_t i = 0; i < s->n_sections; i++) {
		const FormSection *sec = &s->sections[i];
		char *sp = xasprintf("sections[%zu].visible_if", i);
		cond_check(sec->visible_if, sp, resolve, &top, e);
		free(sp);
		for (size_t k = 0; k < sec->n_fields; k++) {
			const FormField *f = &sec->fields[k];
			char *fp = xasprintf("sections[%zu].fields[%zu]", i, k);
			field_conds(f, fp, &top, e);
			Resolver row = { s, f };
			for (size_t m = 0; f->type == FORM_TABLE && m < f->n_fields; m++) {
				char *cp = xasprintf("%s.fields[%zu]", fp, m);
				field_conds(&f->fields[m], cp, &row, e);
				free(cp);
			}
			if (f->type == FORM_TABLE && f->n_fields)
				row_cycles(s, f, fp, e);
			free(fp);
		}
	}
	top_cycles(s, e);
}
