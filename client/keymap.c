/* keymap: the action table and the bindings per context, loaded from
 * "bind CONTEXT KEY ACTION" files; each bad line is reported, the rest
 * loads. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/keymap.h"
#include "client/i18n.h"
#include "client/linefile.h"
#include "client/paths.h"
#include "common/xalloc.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef linefile_warn_fn warn_fn;

static const struct { const char *name, *help; } actions[ACT_COUNT] = {
	[ACT_NONE] = {"none", "No action (hides a global binding)"},
#define YC_ACTION(id, name, help) [id] = {name, help},
#include "client/actions.def"
#undef YC_ACTION
};

static const char *const ctx_names[KC_COUNT] = {
	[KC_GLOBAL] = "global", [KC_LOGIN] = "login", [KC_HOME] = "home",
	[KC_LIST] = "list", [KC_DIALOG] = "dialog", [KC_HELP] = "help",
	[KC_INTAKE] = "intake", [KC_FORM] = "form",
};

typedef struct Binding {
	int key;
	Action act;
} Binding;

static struct {
	Binding *b;
	size_t n, cap;
} maps[KC_COUNT];

/* Used when no default.keys can be found at all: enough to work and quit. */
static const char builtin_keys[] =
	"bind global F1 help\nbind global M-1 help\nbind global F3 back\nbind global M-3 back\n"
	"bind global F5 refresh\nbind global M-5 refresh\nbind global F10 submit\n"
	"bind global M-0 submit\nbind global F12 cancel\nbind global C-l redraw\n"
	"bind global C-q quit\nbind global Up up\nbind global Down down\n"
	"bind global PgUp page-up\nbind global PgDn page-down\nbind global Home top\n"
	"bind global End bottom\nbind global Tab next-field\nbind global BTab prev-field\n"
	"bind global Enter select\nbind home F6 call-next\nbind home M-6 call-next\n"
	"bind home n call-next\nbind home F7 recall\nbind home M-7 recall\nbind home r recall\n"
	"bind home s skip\nbind home h hold\nbind home t transfer\nbind home f finish\n"
	"bind home q quit\nbind dialog Esc cancel\nbind help Esc back\n";

const char *action_name(Action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].name : "";
}

const char *action_help(Action a)
{
	return (unsigned)a < ACT_COUNT ? actions[a].help : "";
}

Action action_by_name(const char *name)
{
	for (int a = 0; a < ACT_COUNT; a++)
		if (name && strcmp(actions[a].name, name) == 0)
			return (Action)a;
	return ACT_COUNT;
}

const char *keyctx_name(KeyContext c)
{
	return (unsigned)c < KC_COUNT ? ctx_names[c] : "";
}

int keyctx_by_name(const char *name)
{
	for (int c = 0; c < KC_COUNT; c++)
		if (strcmp(ctx_names[c], name) == 0)
			return c;
	return -1;
}

void keymap_clear(void)
{
	for (int c = 0; c < KC_COUNT; c++) {
		free(maps[c].b);
		maps[c].b = NULL;
		maps[c].n = maps[c].cap = 0;
	}
}

static Binding *find_binding(KeyContext ctx, int key)
{
	for (size_t i = 0; i < maps[ctx].n; i++)
		if (maps[ctx].b[i].key == key)
			return &maps[ctx].b[i];
	return NULL;
}

/* Bind key in ctx (a later binding of the same key replaces it). */
static void bind_key(KeyContext ctx, int key, Action act)
{
	Binding *b = find_binding(ctx, key);
	if (b) {
		b->act = act;
		return;
	}
	if (maps[ctx].n == maps[ctx].cap) {
		maps[ctx].cap = maps[ctx].cap ? maps[ctx].cap * 2 : 32;
		maps[ctx].b = xrealloc(maps[ctx].b, maps[ctx].cap * sizeof *maps[ctx].b);
	}
	maps[ctx].b[maps[ctx].n++] = (Binding){ key, act };
}

static void unbind_key(KeyContext ctx, int key)
{
	Binding *b = find_binding(ctx, key);
	if (!b)
		return;
	size_t i = (size_t)(b - maps[ctx].b);
	memmove(b, b + 1, (maps[ctx].n - i - 1) * sizeof *b);
	maps[ctx].n--;
}

Action keymap_lookup(KeyContext ctx, int key)
{
	if ((unsigned)ctx >= KC_COUNT)
		ctx = KC_GLOBAL;
	key = key_normalize(key);
	const KeyContext order[2] = { ctx, KC_GLOBAL };
	for (int pass = 0; pass < 2; pass++) {
		Binding *b = find_binding(order[pass], key);
		/* ^H is Backspace on many terminals unless bound on its own. */
		if (!b && key == 8)
			b = find_binding(order[pass], KEY_BACKSPACE);
		if (b)
			return b->act;
	}
	return ACT_NONE;
}

static bool is_fkey(int key)
{
	return key >= KEY_F(1) && key <= KEY_F(63);
}

int keymap_keys(KeyContext ctx, Action a, int *keys, int max)
{
	int n = 0;
	if ((unsigned)ctx >= KC_COUNT)
		return 0;
	for (size_t i = 0; i < maps[ctx].n; i++)
		if (maps[ctx].b[i].act == a) {
			if (n < max)
				keys[n] = maps[ctx].b[i].key;
			n++;
		}
	return n;
}

int keymap_key_for(KeyContext ctx, Action a, int *alt)
{
	if (alt)
		*alt = 0;
	if ((unsigned)ctx >= KC_COUNT)
		ctx = KC_GLOBAL;
	/* Every key that really gives a in ctx, context bindings first. */
	int cand[64], n = 0;
	const KeyContext order[2] = { ctx, KC_GLOBAL };
	for (int pass = 0; pass < (ctx == KC_GLOBAL ? 1 : 2); pass++)
		for (size_t i = 0; i < maps[order[pass]].n && n < 64; i++) {
			const Binding *b = &maps[order[pass]].b[i];
			if (b->act == a && keymap_lookup(ctx, b->key) == a)
				cand[n++] = b->key;
		}
	if (n == 0)
		return 0;
	int first = cand[0];
	for (int i = 0; i < n; i++)
		if (is_fkey(cand[i])) {
			first = cand[i];
			break;
		}
	if (alt)
		for (int i = 0; i < n; i++)
			if (cand[i] != first && !is_fkey(cand[i])) {
				*alt = cand[i];
				break;
			}
	return first;
}

/* Split a line into words; a word starting with '#' after the command's
 * words (or as the first word) starts a comment. */
static int split_words(char *s, char **w, int max, int keep)
{
	int n = 0;
	for (char *tok = strtok(s, " \t\r\n"); tok; tok = strtok(NULL, " \t\r\n")) {
		if (tok[0] == '#' && (n == 0 || n >= keep))
			break;
		if (n < max)
			w[n] = tok;
		n++;
	}
	return n;
}

/* The words of a command: "bind" needs 3 after it, "unbind" 2. */
static const struct { const char *cmd; int args; const char *usage; } commands[] = {
	{"bind", 3, "bind CONTEXT KEY ACTION"},
	{"unbind", 2, "unbind CONTEXT KEY"},
};

/* One line; false when it was bad (already reported). */
static bool keymap_line(char *line, const char *file, int no, warn_fn warn, void *ud)
{
	char *w[8];
	int n = split_words(line, w, 8, 4);
	if (n == 0)
		return true;
	int ci = -1;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(w[0], commands[i].cmd) == 0)
			ci = (int)i;
	if (ci < 0) {
		linefile_warn(warn, ud, file, no, _("unknown command \"%s\" (bind or unbind)"), w[0]);
		return false;
	}
	if (n != commands[ci].args + 1) {
		linefile_warn(warn, ud, file, no, _("wrong number of words: %s"), commands[ci].usage);
		return false;
	}
	int ctx = keyctx_by_name(w[1]);
	if (ctx < 0) {
		linefile_warn(warn, ud, file, no,
			      _("unknown context \"%s\" (global, login, home, list, dialog, help)"), w[1]);
		return false;
	}
	int key = key_parse(w[2]);
	if (key < 0) {
		linefile_warn(warn, ud, file, no, _("unknown key \"%s\""), w[2]);
		return false;
	}
	if (commands[ci].args == 2) {
		unbind_key((KeyContext)ctx, key);
		return true;
	}
	Action act = action_by_name(w[3]);
	if (act == ACT_COUNT) {
		linefile_warn(warn, ud, file, no, _("unknown action \"%s\" (yichuang --list-actions)"), w[3]);
		return false;
	}
	bind_key((KeyContext)ctx, key, act);
	return true;
}

int keymap_load_string(const char *text, const char *file, warn_fn warn, void *ud)
{
	int bad = 0, no = 0;
	const char *p = text;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = xstrndup(p, len);
		if (!keymap_line(line, file, ++no, warn, ud))
			bad++;
		free(line);
		p += len + (nl ? 1 : 0);
	}
	return bad;
}

int keymap_load_file(const char *path, warn_fn warn, void *ud)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		linefile_warn(warn, ud, path, 0, "%s", strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	int bad = 0, no = 0;
	while (getline(&line, &cap, f) >= 0)
		if (!keymap_line(line, path, ++no, warn, ud))
			bad++;
	free(line);
	fclose(f);
	return bad;
}

/* The first readable dir/NAME.keys along the search path; caller frees. */
static char *find_keymap(const char *name, const char *config_dir)
{
	const char *dirs[3];
	int n = 0;
	if (config_dir && *config_dir)
		dirs[n++] = config_dir;
	dirs[n++] = YC_KEYMAPDIR;
	if (paths_in_build_tree())
		dirs[n++] = YC_SRCDIR "/keymaps";
	for (int i = 0; i < n; i++) {
		char *p = xasprintf("%s/%s.keys", dirs[i], name);
		if (access(p, R_OK) == 0)
			return p;
		free(p);
	}
	return NULL;
}

void keymap_setup(const char *name, const char *config_dir, warn_fn warn, void *ud)
{
	keymap_clear();
	char *def = find_keymap("default", config_dir);
	if (def) {
		keymap_load_file(def, warn, ud);
		free(def);
	} else {
		linefile_warn(warn, ud, "default.keys", 0, _("not found; using the built-in keys"));
		keymap_load_string(builtin_keys, "built-in", warn, ud);
	}
	if (name && *name && strcmp(name, "default") != 0) {
		if (strchr(name, '/')) {
			keymap_load_file(name, warn, ud);
		} else {
			char *p = find_keymap(name, config_dir);
			if (p)
				keymap_load_file(p, warn, ud);
			else
				linefile_warn(warn, ud, name, 0, _("keymap not found (default, emacs, vi or a file)"));
			free(p);
		}
	}
	if (config_dir && *config_dir) {
		char *user = xasprintf("%s/user.keys", config_dir);
		if (access(user, F_OK) == 0)
			keymap_load_file(user, warn, ud);
		free(user);
	}
}
