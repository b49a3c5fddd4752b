/* gen-pinyin: build the pinyin table (C source) from Unihan_Readings.txt on stdin. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Run by make: bzcat Unihan_Readings.txt.bz2 | gen-pinyin > pinyin_data.c
 *
 * Every reading of every character is kept, toneless, lowercase, with ü as
 * v, in this order: kMandarin (the customary reading first), kTGHZ2013 (the
 * 2013 standard dictionary), kXHC1983 (Xiandai Hanyu Cidian), kHanyuPinyin
 * (Hanyu Da Zidian, which adds literary and archaic readings). The output is
 * the set of tables declared in common/pinyin_table.h. Fails (exit 1) on a
 * reading it cannot spell in ASCII or when the input looks truncated.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	MAX_CP = 0x110000,
	MAX_SYL = 1024,      /* distinct toneless syllables (about 420 exist) */
	SYL_LEN = 8,         /* "zhuang" + NUL fits */
	MAX_PER_CHAR = 16,   /* readings kept per character */
	MIN_CHARS = 20000,   /* fewer means the input was cut short */
};

/* The fields that carry Mandarin readings, most authoritative first. */
static const char *const fields[] = { "kMandarin", "kTGHZ2013", "kXHC1983", "kHanyuPinyin" };
enum { NFIELDS = sizeof fields / sizeof fields[0] };

/* Accented letters of Hanyu Pinyin and the ASCII letter each stands for. */
static const struct { uint32_t cp; char ascii; } accents[] = {
	{ 0x00E0, 'a' }, { 0x00E1, 'a' }, { 0x0101, 'a' }, { 0x01CE, 'a' },
	{ 0x00E8, 'e' }, { 0x00E9, 'e' }, { 0x0113, 'e' }, { 0x011B, 'e' },
	{ 0x00EA, 'e' }, { 0x1EBF, 'e' }, { 0x1EC1, 'e' },   /* ê, ế, ề */
	{ 0x00EC, 'i' }, { 0x00ED, 'i' }, { 0x012B, 'i' }, { 0x01D0, 'i' },
	{ 0x00F2, 'o' }, { 0x00F3, 'o' }, { 0x014D, 'o' }, { 0x01D2, 'o' },
	{ 0x00F9, 'u' }, { 0x00FA, 'u' }, { 0x016B, 'u' }, { 0x01D4, 'u' },
	{ 0x00FC, 'v' }, { 0x01D6, 'v' }, { 0x01D8, 'v' }, { 0x01DA, 'v' }, { 0x01DC, 'v' },
	{ 0x0144, 'n' }, { 0x0148, 'n' }, { 0x01F9, 'n' }, { 0x1E3F, 'm' },
};

static char syl[MAX_SYL][SYL_LEN];
static int nsyl;

/* Readings gathered per field for the character being read. */
static int cur_cp = -1;
static int cur[NFIELDS][MAX_PER_CHAR];
static int ncur[NFIELDS];

/* Result: per character the index of its reading set (0 = none). */
static uint16_t *set_of;
static int *set_syl;            /* all sets' syllable ids, back to back */
static int *set_off;            /* set i is set_syl[set_off[i] .. set_off[i+1]) */
static int nset = 1, set_syl_len, set_cap = 1024, set_syl_cap = 4096;
static long nchars, nreadings;

/* Exit with a message naming the input line. */
static void die(long line, const char *what, const char *detail)
{
	fprintf(stderr, "gen-pinyin: line %ld: %s%s%s\n", line, what, detail ? ": " : "", detail ? detail : "");
	exit(1);
}

/* Grow-or-die realloc. */
static void *grow(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		fprintf(stderr, "gen-pinyin: out of memory\n");
		exit(1);
	}
	return p;
}

/* Decode one UTF-8 character; returns bytes used, 0 when invalid. */
static int utf8(const unsigned char *s, uint32_t *cp)
{
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	int n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
	if (!n)
		return 0;
	uint32_t v = s[0] & (0x7F >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3F);
	}
	*cp = v;
	return n;
}

/* Spell one reading in ASCII (tone marks dropped, ü as v); 0 on failure. */
static int toneless(const char *in, char *out, long line)
{
	const unsigned char *s = (const unsigned char *)in;
	int o = 0;
	while (*s) {
		uint32_t cp;
		int n = utf8(s, &cp);
		if (!n)
			die(line, "invalid UTF-8 in reading", in);
		s += n;
		char c = 0;
		if (cp >= 'a' && cp <= 'z')
			c = (char)cp;
		else if (cp >= 0x0300 && cp <= 0x036F)
			continue;       /* a combining tone mark (ê̄, m̄ …) */
		for (size_t i = 0; !c && i < sizeof accents / sizeof accents[0]; i++)
			if (accents[i].cp == cp)
				c = accents[i].ascii;
		if (!c)
			die(line, "letter outside Hanyu Pinyin in reading", in);
		if (o + 1 >= SYL_LEN)
			die(line, "reading too long", in);
		out[o++] = c;
	}
	out[o] = 0;
	return o;
}

/* The id of a syllable, added when new. */
static int syl_id(const char *s, long line)
{
	for (int i = 0; i < nsyl; i++)
		if (strcmp(syl[i], s) == 0)
			return i;
	if (nsyl == MAX_SYL)
		die(line, "too many distinct syllables", s);
	memcpy(syl[nsyl], s, SYL_LEN);
	return nsyl++;
}

/* Add every reading in one field value ("xíng", "0442.080:háng 0443.050:hàng",
 * "20811.060:háng,xìng"): a token's readings follow its last ':'. */
static void add_value(int field, char *value, long line)
{
	for (char *tok = strtok(value, " "); tok; tok = strtok(NULL, " ")) {
		char *colon = strrchr(tok, ':');
		char *list = colon ? colon + 1 : tok;
		char *save = NULL;
		for (char *r = strtok_r(list, ",", &save); r; r = strtok_r(NULL, ",", &save)) {
			char ascii[SYL_LEN];
			if (!toneless(r, ascii, line))
				continue;
			if (ncur[field] == MAX_PER_CHAR)
				die(line, "too many readings for one character", r);
			cur[field][ncur[field]++] = syl_id(ascii, line);
		}
	}
}

/* Close the current character: merge its fields in order, drop repeats,
 * and point it at a shared reading set. */
static void flush(void)
{
	if (cur_cp < 0)
		return;
	int list[NFIELDS * MAX_PER_CHAR], n = 0;
	for (int f = 0; f < NFIELDS; f++)
		for (int i = 0; i < ncur[f]; i++) {
			int k = 0;
			while (k < n && list[k] != cur[f][i])
				k++;
			if (k == n)
				list[n++] = cur[f][i];
		}
	memset(ncur, 0, sizeof ncur);
	if (n == 0) {
		cur_cp = -1;
		return;
	}
	int id = 1;
	for (; id < nset; id++)
		if (set_off[id + 1] - set_off[id] == n &&
		    memcmp(set_syl + set_off[id], list, (size_t)n * sizeof *list) == 0)
			break;
	if (id == nset) {
		if (nset + 2 > set_cap)
			set_off = grow(set_off, (size_t)(set_cap *= 2) * sizeof *set_off);
		while (set_syl_len + n > set_syl_cap)
			set_syl = grow(set_syl, (size_t)(set_syl_cap *= 2) * sizeof *set_syl);
		memcpy(set_syl + set_syl_len, list, (size_t)n * sizeof *list);
		set_syl_len += n;
		set_off[++nset] = set_syl_len;
		if (nset > UINT16_MAX)
			die(0, "too many reading sets", NULL);
	}
	set_of[cur_cp] = (uint16_t)id;
	nchars++;
	nreadings += n;
	cur_cp = -1;
}

/* Read Unihan lines "U+XXXX<TAB>field<TAB>value". */
static void read_input(FILE *in)
{
	char buf[4096];
	long line = 0;
	while (fgets(buf, sizeof buf, in)) {
		line++;
		if (buf[0] != 'U' || buf[1] != '+')
			continue;
		buf[strcspn(buf, "\r\n")] = 0;
		char *f = strchr(buf, '\t');
		char *v = f ? strchr(f + 1, '\t') : NULL;
		if (!v)
			die(line, "not a Unihan line", buf);
		*f++ = 0;
		*v++ = 0;
		int field = 0;
		while (field < NFIELDS && strcmp(f, fields[field]) != 0)
			field++;
		if (field == NFIELDS)
			continue;
		char *end;
		long cp = strtol(buf + 2, &end, 16);
		if (*end || cp <= 0 || cp >= MAX_CP)
			die(line, "bad code point", buf);
		if (cp != cur_cp) {
			flush();
			if (set_of[cp])
				die(line, "input not grouped by code point", buf);
			cur_cp = (int)cp;
		}
		add_value(field, v, line);
	}
	flush();
	if (ferror(in))
		die(line, "read error", NULL);
	if (nchars < MIN_CHARS)
		die(line, "too few characters with readings; is the input complete?", NULL);
}

/* Print an array of numbers, twelve a line. */
static void print_nums(const char *decl, const long *v, long n)
{
	printf("%s = {", decl);
	for (long i = 0; i < n; i++)
		printf("%s%ld,", i % 12 ? " " : "\n\t", v[i]);
	printf("\n};\n");
}

/* Emit the tables: syllables, sets (ids, offsets, initial masks), pages. */
static void write_output(void)
{
	long maxcp = 0;
	for (long cp = 0; cp < MAX_CP; cp++)
		if (set_of[cp])
			maxcp = cp;
	long npage_idx = (maxcp >> 8) + 1, npages = 1;
	long *page_idx = calloc((size_t)npage_idx, sizeof *page_idx);
	long *tmp = calloc((size_t)(set_syl_len > nset ? set_syl_len : nset) + 1, sizeof *tmp);
	if (!page_idx || !tmp)
		exit(1);
	for (long p = 0; p < npage_idx; p++)
		for (int i = 0; i < 256; i++)
			if (set_of[(p << 8) + i]) {
				page_idx[p] = npages++;
				break;
			}

	printf("/* pinyin_data: generated by tools/gen-pinyin from Unihan_Readings.txt (unicode-data); do not edit. */\n");
	printf("/* SPDX-License-Identifier: GPL-3.0-or-later */\n");
	printf("/* %ld characters, %ld readings, %d syllables, %d reading sets, %ld pages. */\n",
	       nchars, nreadings, nsyl, nset - 1, npages - 1);
	printf("#include \"common/pinyin_table.h\"\n\n");
	printf("const uint32_t pinyin_nchars = %ld, pinyin_nreadings = %ld;\n", nchars, nreadings);
	printf("const uint16_t pinyin_nsets = %d;\n", nset);
	printf("const uint32_t pinyin_max_cp = 0x%lX;\n\n", maxcp);

	printf("const char pinyin_syl[%d][PINYIN_SYL_LEN] = {", nsyl);
	for (int i = 0; i < nsyl; i++)
		printf("%s\"%s\",", i % 10 ? " " : "\n\t", syl[i]);
	printf("\n};\n\n");

	for (int i = 0; i < set_syl_len; i++)
		tmp[i] = set_syl[i];
	print_nums("const uint16_t pinyin_set_syl[]", tmp, set_syl_len);
	for (int i = 0; i <= nset; i++)
		tmp[i] = i == 0 ? 0 : set_off[i];
	print_nums("const uint32_t pinyin_set_off[]", tmp, nset + 1);
	for (int i = 0; i < nset; i++) {
		unsigned long mask = 0;
		for (int k = set_off[i]; k < set_off[i + 1]; k++)
			mask |= 1UL << (syl[set_syl[k]][0] - 'a');
		tmp[i] = (long)mask;
	}
	print_nums("const uint32_t pinyin_set_mask[]", tmp, nset);
	print_nums("const uint16_t pinyin_page_idx[]", page_idx, npage_idx);

	printf("const uint16_t pinyin_pages[%ld][256] = {\n\t{ 0 },", npages);
	for (long p = 0; p < npage_idx; p++) {
		if (!page_idx[p])
			continue;
		printf("\n\t/* U+%04lX */ {", p << 8);
		for (int i = 0; i < 256; i++)
			printf("%s%d,", i % 16 ? " " : "\n\t\t", set_of[(p << 8) + i]);
		printf("\n\t},");
	}
	printf("\n};\n");
	free(page_idx);
	free(tmp);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gen-pinyin: write error\n");
		exit(1);
	}
}

/* Read stdin, write the C source to stdout. */
int main(void)
{
	set_of = grow(NULL, MAX_CP * sizeof *set_of);
	memset(set_of, 0, MAX_CP * sizeof *set_of);
	set_off = grow(NULL, (size_t)set_cap * sizeof *set_off);
	set_syl = grow(NULL, (size_t)set_syl_cap * sizeof *set_syl);
	set_off[0] = set_off[1] = 0;
	read_input(stdin);
	write_output();
	return 0;
}
