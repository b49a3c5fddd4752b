/* keys: key names of the scenario language → the bytes the chosen TERM sends, read from terminfo. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "tests/tui/driver.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The compiled terminfo entry of the current TERM (the legacy and the
 * 32-bit-number formats share the string part this driver needs). */
static struct {
	char name[64];
	unsigned char *data;
	size_t len;
	const unsigned char *offsets; /* str_count little-endian shorts */
	int str_count;
	const char *table;
	size_t table_len;
} ti;

/* Keys that come from terminfo: scenario name → index of the string
 * capability in the standard (SVr4) order, as in <term.h>. */
static const struct { const char *name; int cap; const char *capname; } ti_keys[] = {
	{"F1", 66, "kf1"}, {"F2", 68, "kf2"}, {"F3", 69, "kf3"}, {"F4", 70, "kf4"},
	{"F5", 71, "kf5"}, {"F6", 72, "kf6"}, {"F7", 73, "kf7"}, {"F8", 74, "kf8"},
	{"F9", 75, "kf9"}, {"F10", 67, "kf10"}, {"F11", 216, "kf11"}, {"F12", 217, "kf12"},
	{"Up", 87, "kcuu1"}, {"Down", 61, "kcud1"}, {"Left", 79, "kcub1"}, {"Right", 83, "kcuf1"},
	{"PgUp", 82, "kpp"}, {"PgDn", 81, "knp"}, {"Home", 76, "khome"}, {"End", 164, "kend"},
	{"Backspace", 55, "kbs"}, {"Delete", 59, "kdch1"}, {"Insert", 77, "kich1"},
	{"BTab", 148, "kcbt"}, {"KPEnter", 165, "kent"},
};

/* Keys every terminal sends the same way. */
static const struct { const char *name; const char *bytes; } fixed_keys[] = {
	{"Enter", "\r"}, {"Tab", "\t"}, {"Esc", "\033"}, {"Space", " "},
};

/* Read a whole file; NULL when it cannot be read. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 8192, n = 0, got;
	unsigned char *buf = malloc(cap);
	while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0)
		if ((n += got) == cap) {
			unsigned char *nb = realloc(buf, cap *= 2);
			if (!nb)
				free(buf);
			buf = nb;
		}
	fclose(f);
	*len = n;
	return buf;
}

static int le16(const unsigned char *p)
{
	return (int16_t)(uint16_t)(p[0] | (p[1] << 8));
}

/* Try dir/x/name and dir/78/name (the hashed layout some systems use). */
static unsigned char *find_in_dir(const char *dir, const char *name, size_t *len)
{
	char path[4096];
	unsigned char *d;
	snprintf(path, sizeof path, "%s/%c/%s", dir, name[0], name);
	if ((d = slurp(path, len)))
		return d;
	snprintf(path, sizeof path, "%s/%02x/%s", dir, (unsigned char)name[0], name);
	return slurp(path, len);
}

/* Look for the entry the way ncurses does: $TERMINFO, ~/.terminfo,
 * $TERMINFO_DIRS, then the system directories. */
static unsigned char *find_entry(const char *name, size_t *len)
{
	static const char *sys[] = {"/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo",
		"/usr/lib/terminfo", "/usr/share/lib/terminfo"};
	unsigned char *d = NULL;
	const char *env = getenv("TERMINFO");
	char buf[4096];
	if (env && (d = find_in_dir(env, name, len)))
		return d;
	if ((env = getenv("HOME"))) {
		snprintf(buf, sizeof buf, "%s/.terminfo", env);
		if ((d = find_in_dir(buf, name, len)))
			return d;
	}
	if ((env = getenv("TERMINFO_DIRS"))) {
		snprintf(buf, sizeof buf, "%s", env);
		for (char *save = NULL, *p = strtok_r(buf, ":", &save); p; p = strtok_r(NULL, ":", &save))
			if ((d = find_in_dir(p, name, len)))
				return d;
	}
	for (size_t i = 0; i < sizeof sys / sizeof sys[0]; i++)
		if ((d = find_in_dir(sys[i], name, len)))
			return d;
	return NULL;
}

/* Load and check the compiled entry of name (cached while TERM stays). */
static int ti_load(const char *name, char *err, size_t errsz)
{
	if (ti.data && strcmp(ti.name, name) == 0)
		return 0;
	free(ti.data);
	memset(&ti, 0, sizeof ti);
	if (!name[0] || strchr(name, '/') || strlen(name) >= sizeof ti.name) {
		snprintf(err, errsz, "bad TERM name '%s'", name);
		return -1;
	}
	size_t len = 0;
	unsigned char *d = find_entry(name, &len);
	if (!d) {
		snprintf(err, errsz, "no terminfo entry for TERM=%s", name);
		return -1;
	}
	int magic = le16(d), numsz = magic == 0432 ? 2 : magic == 01036 ? 4 : 0;
	if (len < 12 || !numsz) {
		free(d);
		snprintf(err, errsz, "terminfo entry for %s is not in a known format", name);
		return -1;
	}
	int names = le16(d + 2), bools = le16(d + 4), nums = le16(d + 6);
	int strs = le16(d + 8), tsize = le16(d + 10);
	size_t off = 12 + (size_t)names + (size_t)bools;
	off += off & 1;
	off += (size_t)nums * numsz;
	if (names < 0 || bools < 0 || nums < 0 || strs < 0 || tsize < 0 ||
	    off + (size_t)strs * 2 + (size_t)tsize > len) {
		free(d);
		snprintf(err, errsz, "terminfo entry for %s is truncated", name);
		return -1;
	}
	snprintf(ti.name, sizeof ti.name, "%s", name);
	ti.data = d;
	ti.len = len;
	ti.offsets = d + off;
	ti.str_count = strs;
	ti.table = (const char *)d + off + (size_t)strs * 2;
	ti.table_len = (size_t)tsize;
	return 0;
}

/* String capability cap of the loaded entry, or NULL when absent. */
static const char *ti_string(int cap)
{
	if (cap >= ti.str_count)
		return NULL;
	int o = le16(ti.offsets + 2 * cap);
	if (o < 0 || (size_t)o >= ti.table_len || !memchr(ti.table + o, 0, ti.table_len - o))
		return NULL;
	return ti.table + o;
}

/* Control character for C-x: letters and @[\]^_ map to 0..31, ? to DEL. */
static int ctrl_char(const char *s)
{
	if (strcasecmp(s, "Space") == 0)
		return 0;
	if (strlen(s) != 1)
		return -1;
	int c = toupper((unsigned char)s[0]);
	if (c == '?')
		return 0x7f;
	if (c >= '@' && c <= '_')
		return c & 0x1f;
	return -1;
}

int keys_lookup(const char *term, const char *name, char *out, size_t outsz,
		char *err, size_t errsz)
{
	size_t n;
	if ((name[0] == 'C' || name[0] == 'M') && name[1] == '-' && name[2]) {
		/* C-x, M-x and M-C-x */
		int meta = name[0] == 'M';
		const char *rest = name + 2;
		if (meta && rest[0] == 'C' && rest[1] == '-' && rest[2]) {
			int c = ctrl_char(rest + 2);
			if (c < 0 || outsz < 3)
				goto bad;
			out[0] = '\033', out[1] = (char)c;
			return 2;
		}
		int c = meta ? (strlen(rest) == 1 ? (unsigned char)rest[0] : -1) : ctrl_char(rest);
		if (c < 0 || outsz < 3)
			goto bad;
		n = 0;
		if (meta)
			out[n++] = '\033';
		out[n++] = (char)c;
		return (int)n;
	}
	/* a single printable character (any UTF-8 character) is itself */
	n = strlen(name);
	if (n > 0 && n <= 4 && n < outsz && (n == 1 ? name[0] > ' ' && name[0] < 0x7f
			: ((unsigned char)name[0] & 0xC0) == 0xC0 &&
			  (((unsigned char)name[0] >= 0xF0) + ((unsigned char)name[0] >= 0xE0) + 2) == (int)n)) {
		memcpy(out, name, n);
		return (int)n;
	}
	for (size_t i = 0; i < sizeof fixed_keys / sizeof fixed_keys[0]; i++)
		if (strcasecmp(name, fixed_keys[i].name) == 0) {
			n = strlen(fixed_keys[i].bytes);
			memcpy(out, fixed_keys[i].bytes, n);
			return (int)n;
		}
	for (size_t i = 0; i < sizeof ti_keys / sizeof ti_keys[0]; i++) {
		if (strcasecmp(name, ti_keys[i].name) != 0)
			continue;
		if (ti_load(term, err, errsz) < 0)
			return -1;
		const char *s = ti_string(ti_keys[i].cap);
		if (!s || !s[0]) {
			snprintf(err, errsz, "TERM=%s has no %s (terminfo %s)", term,
				 ti_keys[i].name, ti_keys[i].capname);
			return -1;
		}
		n = strlen(s);
		if (n >= outsz)
			goto bad;
		memcpy(out, s, n);
		return (int)n;
	}
bad:
	snprintf(err, errsz, "unknown key name '%s'", name);
	return -1;
}
