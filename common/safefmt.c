/* safefmt: %s / %N$s / %% formatting for translated message templates. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "common/safefmt.h"
#include <string.h>

/* Drop a UTF-8 character cut off at the end of out[0..*o). */
static void drop_partial(char *out, size_t *o)
{
	size_t i = *o, cont = 0;
	while (i > 0 && cont < 3 && ((unsigned char)out[i - 1] & 0xC0) == 0x80) {
		i--;
		cont++;
	}
	if (i == 0)
		return;
	unsigned char lead = (unsigned char)out[i - 1];
	size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
	if (need > 1 && cont + 1 < need)
		*o = i - 1;
}

/* Append at most the room left, never half a character; keeps out
 * terminated. */
static void put(char *out, size_t n, size_t *o, const char *s, size_t len)
{
	while (len > 0 && *o + 1 < n) {
		out[(*o)++] = *s++;
		len--;
	}
	if (len > 0)
		drop_partial(out, o);
	out[*o] = '\0';
}

void safefmt(char *out, size_t n, const char *fmt, const char *const *argv, int argc)
{
	size_t o = 0;
	int next = 0;
	if (!out || n == 0)
		return;
	out[0] = '\0';
	const char *f = fmt ? fmt : "";
	while (*f) {
		const char *pct = strchr(f, '%');
		if (!pct) {
			put(out, n, &o, f, strlen(f));
			break;
		}
		put(out, n, &o, f, (size_t)(pct - f));
		f = pct + 1;
		int idx = -1;
		if (*f == '%') {
			put(out, n, &o, "%", 1);
			f++;
			continue;
		} else if (*f == 's') {
			idx = next++;
			f++;
		} else if (f[0] >= '1' && f[0] - '0' <= argc && f[0] <= '9' && f[1] == '$' && f[2] == 's') {
			idx = f[0] - '1';
			f += 3;
		} else {
			put(out, n, &o, "%", 1);
			continue;
		}
		const char *a = (idx >= 0 && idx < argc && argv[idx]) ? argv[idx] : "";
		put(out, n, &o, a, strlen(a));
	}
}
