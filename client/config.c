/* config: defaults, then "key = value" lines from the user's config file;
 * a bad line is reported as file:line and the rest still loads. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/config.h"
#include "client/i18n.h"
#include "client/linefile.h"
#include "common/xalloc.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

typedef linefile_warn_fn warn_fn;

/* A value parser: stores into the config, or returns a reason (English,
 * translated by the caller) when the value is bad. */
typedef const char *(*set_fn)(Config *c, const char *v);

static const char *set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v);
	return NULL;
}

static const char *set_server(Config *c, const char *v)
{
	if (strncmp(v, "http://", 7) != 0 && strncmp(v, "https://", 8) != 0)
		return N_("the server must start with http:// or https://");
	if (strlen(v) < 9)
		return N_("the server address is empty");
	return set_str(&c->server, v);
}

static const char *set_username(Config *c, const char *v)
{
	for (const char *p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return N_("the user name holds a control character");
	return set_str(&c->username, v);
}

static const char *set_password_command(Config *c, const char *v)
{
	return set_str(&c->password_command, v);
}

static const char *set_keymap(Config *c, const char *v)
{
	return set_str(&c->keymap, v);
}

static const char *set_ca_file(Config *c, const char *v)
{
	return set_str(&c->ca_file, v);
}

/* A printer queue name for lpr -P, or "default" (lpr's own default); an
 * empty value turns printing off. */
static const char *set_printer(Config *c, const char *v)
{
	if (!*v) {
		free(c->printer);
		c->printer = NULL;
		return NULL;
	}
	if (*v == '-' || strlen(v) > 127 || strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.@") != strlen(v))
		return N_("printer must be a printer name (letters, digits, - _ . @) or default");
	return set_str(&c->printer, v);
}

/* A whole decimal number in [lo, hi]. */
static bool parse_int(const char *v, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return false;
	*out = (int)n;
	return true;
}

static const char *set_timeout(Config *c, const char *v)
{
	return parse_int(v, 1, 600, &c->timeout) ? NULL
		: N_("timeout must be a number of seconds from 1 to 600");
}

static const char *set_idle_lock(Config *c, const char *v)
{
	return parse_int(v, 0, 1440, &c->idle_lock) ? NULL
		: N_("idle_lock must be a number of minutes from 0 (off) to 1440");
}

/* yes/no and the usual synonyms. */
static int parse_bool(const char *v)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	for (size_t i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

static const char *set_color(Config *c, const char *v)
{
	int b = parse_bool(v);
	if (b < 0)
		return N_("color must be yes or no");
	c->color = b;
	return NULL;
}

static const struct {
	const char *key;
	set_fn set;
} keys[] = {
	{"server", set_server},
	{"username", set_username},
	{"password_command", set_password_command},
	{"keymap", set_keymap},
	{"ca_file", set_ca_file},
	{"timeout", set_timeout},
	{"idle_lock", set_idle_lock},
	{"color", set_color},
	{"printer", set_printer},
};

/* Strip blanks at both ends, in place. */
static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* One line of the file. */
static void config_line(Config *c, char *raw, const char *file, int line, warn_fn warn, void *ud)
{
	char *s = trim(raw);
	if (*s == '\0' || *s == '#')
		return;
	char *eq = strchr(s, '=');
	if (!eq) {
		linefile_warn(warn, ud, file, line, _("expected \"key = value\""));
		return;
	}
	*eq = '\0';
	char *key = trim(s);
	char *val = trim(eq + 1);
	size_t vl = strlen(val);
	if (vl >= 2 && val[0] == '"' && val[vl - 1] == '"') {
		val[vl - 1] = '\0';
		val++;
	}
	if (strcmp(key, "password") == 0) {
		linefile_warn(warn, ud, file, line, _("passwords are never read from the config file; use password_command"));
		return;
	}
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		if (strcmp(key, keys[i].key) != 0)
			continue;
		const char *why = keys[i].set(c, val);
		if (why)
			linefile_warn(warn, ud, file, line, "%s: \"%s\"", _(why), val);
		return;
	}
	linefile_warn(warn, ud, file, line, _("unknown key \"%s\""), key);
}

/* Fill in every default. */
static void config_defaults(Config *c)
{
	memset(c, 0, sizeof *c);
	c->server = xstrdup("http://127.0.0.1:8470");
	c->keymap = xstrdup("default");
	c->timeout = 10;
	c->idle_lock = 15;
	c->color = true;
}

char *config_default_dir(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && *x == '/')
		return xasprintf("%s/yichuang", x);
	const char *home = getenv("HOME");
	if (!home || !*home) {
		struct passwd *pw = getpwuid(getuid());
		home = pw && pw->pw_dir ? pw->pw_dir : "/";
	}
	return xasprintf("%s/.config/yichuang", home);
}

int config_load(Config *c, const char *path, warn_fn warn, void *ud)
{
	config_defaults(c);
	if (path) {
		c->path = xstrdup(path);
		const char *slash = strrchr(path, '/');
		c->dir = slash ? xstrndup(path, (size_t)(slash - path) + (slash == path)) : xstrdup(".");
	} else {
		c->dir = config_default_dir();
		c->path = xasprintf("%s/config", c->dir);
	}
	int rc = 0;
	FILE *f = fopen(c->path, "r");
	struct stat st;
	if (f && fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		f = NULL;
		errno = EISDIR;
	}
	if (f) {
		char *line = NULL;
		size_t cap = 0;
		int no = 0;
		while (getline(&line, &cap, f) >= 0)
			config_line(c, line, c->path, ++no, warn, ud);
		free(line);
		fclose(f);
	} else if (errno != ENOENT) {
		linefile_warn(warn, ud, c->path, 0, "%s", strerror(errno));
		rc = -1;
	}
	const char *nc = getenv("NO_COLOR");
	if (nc && *nc)
		c->color = false;
	return rc;
}

void config_free(Config *c)
{
	free(c->path);
	free(c->dir);
	free(c->server);
	free(c->username);
	free(c->password_command);
	free(c->keymap);
	free(c->ca_file);
	free(c->printer);
	memset(c, 0, sizeof *c);
}
