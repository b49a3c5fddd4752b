/* script: reads a scenario file, splits lines into words, expands $VARS and runs each command from the table. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"
#include "tests/tui/commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 64

const char *g_file = "";
int g_line;
char g_cmdline[512];

/* Append n bytes to a growing string. */
static void put(char **s, size_t *len, size_t *cap, const char *b, size_t n)
{
	if (*len + n + 1 > *cap) {
		*cap = (*len + n + 1) * 2;
		*s = realloc(*s, *cap);
		if (!*s)
			abort();
	}
	memcpy(*s + *len, b, n);
	*len += n;
	(*s)[*len] = 0;
}

/* Expand $NAME, ${NAME} and $$ in s; an unset variable is an error. */
static char *expand(const char *s)
{
	char *out = NULL;
	size_t len = 0, cap = 0;
	put(&out, &len, &cap, "", 0);
	while (*s) {
		if (*s != '$') {
			put(&out, &len, &cap, s++, 1);
			continue;
		}
		if (s[1] == '$') {
			put(&out, &len, &cap, "$", 1);
			s += 2;
			continue;
		}
		int braced = s[1] == '{';
		const char *p = s + 1 + braced, *start = p;
		while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		       *p == '_')
			p++;
		if (p == start || (braced && *p != '}')) {
			put(&out, &len, &cap, s++, 1);
			continue;
		}
		char name[128];
		snprintf(name, sizeof name, "%.*s", (int)(p - start), start);
		const char *v = var_get(name);
		if (!v)
			fail("variable $%s is not set", name);
		put(&out, &len, &cap, v, strlen(v));
		s = p + braced;
	}
	return out;
}

/* One escape of a double-quoted word: \" \\ \n \t \r \e \xHH. */
static const char *unescape(const char *p, char *c)
{
	static const char from[] = "nrte\"\\$", to[] = "\n\r\t\033\"\\$";
	const char *f = strchr(from, *p);
	if (*p && f) {
		*c = to[f - from];
		return p + 1;
	}
	if (*p == 'x' && p[1] && p[2]) {
		char hex[3] = {p[1], p[2], 0};
		*c = (char)strtol(hex, NULL, 16);
		return p + 3;
	}
	fail("bad escape \\%c in a quoted word", *p ? *p : '0');
}

/* Split a line into words: bare words run to the next blank and are
 * expanded; "double quoted" words take escapes and are expanded; 'single
 * quoted' words are taken as they are. Returns the word count. */
static int split(const char *line, char **w)
{
	int n = 0;
	const char *p = line;
	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '\n' || *p == '\r')
			return n;
		if (n == MAX_WORDS)
			fail("more than %d words on one line", MAX_WORDS);
		char *raw = NULL;
		size_t len = 0, cap = 0;
		put(&raw, &len, &cap, "", 0);
		if (*p == '\'') {
			const char *e = strchr(p + 1, '\'');
			if (!e)
				fail("unterminated 'quote'");
			put(&raw, &len, &cap, p + 1, (size_t)(e - p - 1));
			w[n++] = raw;
			p = e + 1;
			continue;
		}
		if (*p == '"') {
			/* escapes first, then $ expansion, but \$ stays a literal $ */
			for (p++; *p && *p != '"'; ) {
				char c = *p;
				if (*p == '\\') {
					p = unescape(p + 1, &c);
					if (c == '$') {
						put(&raw, &len, &cap, "$$", 2);
						continue;
					}
				} else {
					p++;
				}
				put(&raw, &len, &cap, &c, 1);
			}
			if (*p != '"')
				fail("unterminated \"quote\"");
			p++;
		} else {
			size_t k = strcspn(p, " \t\r\n");
			put(&raw, &len, &cap, p, k);
			p += k;
		}
		w[n++] = expand(raw);
		free(raw);
	}
}

/* The lines of a file; *n gets the count. */
static char **read_lines(const char *path, int *n)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		fprintf(stderr, "tui-driver: cannot open %s\n", path);
		exit(2);
	}
	char **lines = NULL, *buf = NULL;
	size_t bcap = 0;
	int cnt = 0;
	ssize_t r;
	while ((r = getline(&buf, &bcap, f)) >= 0) {
		while (r > 0 && (buf[r - 1] == '\n' || buf[r - 1] == '\r'))
			buf[--r] = 0;
		lines = realloc(lines, (size_t)(cnt + 1) * sizeof *lines);
		lines[cnt++] = strdup(buf);
	}
	free(buf);
	fclose(f);
	*n = cnt;
	return lines;
}

int script_run(const char *path)
{
	int nlines;
	char **lines = read_lines(path, &nlines);
	g_file = path;
	for (int i = 0; i < nlines; i++) {
		const char *l = lines[i];
		while (*l == ' ' || *l == '\t')
			l++;
		g_line = i + 1;
		if (!*l || *l == '#')
			continue;
		snprintf(g_cmdline, sizeof g_cmdline, "%s", l);
		char *w[MAX_WORDS + 1];
		int n = split(l, w);
		/* a last word "<<END" takes the following lines up to END as one more word */
		if (n > 1 && strncmp(w[n - 1], "<<", 2) == 0 && w[n - 1][2]) {
			char *body = NULL;
			size_t len = 0, cap = 0;
			put(&body, &len, &cap, "", 0);
			int j = i + 1;
			for (; j < nlines && strcmp(lines[j], w[n - 1] + 2) != 0; j++) {
				put(&body, &len, &cap, lines[j], strlen(lines[j]));
				put(&body, &len, &cap, "\n", 1);
			}
			if (j == nlines)
				fail("no line %s ends the here-document", w[n - 1] + 2);
			free(w[n - 1]);
			w[n - 1] = expand(body);
			free(body);
			i = j;
		}
		w[n] = NULL;
		if (g_verbose)
			fprintf(stderr, "%s:%d: %s\n", g_file, g_line, g_cmdline);
		command_run(n, w);
		for (int k = 0; k < n; k++)
			free(w[k]);
	}
	for (int i = 0; i < nlines; i++)
		free(lines[i]);
	free(lines);
	return 0;
}
