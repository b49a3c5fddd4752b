/* replay: a main for the fuzz targets without libFuzzer: every file of the corpus folders, then deterministic mutations of each. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
/* usage: fuzz_NAME [-n MUTATIONS] [-o CRASH_FILE] DIR|FILE...
 * Feeds each file to LLVMFuzzerTestOneInput, then MUTATIONS variants of it
 * (bit flips, byte changes, truncations, inserted and duplicated runs,
 * splices with another file), all from a fixed seed, so a run repeats
 * exactly. When a check or a sanitizer stops the program, the input that
 * did it is written to CRASH_FILE (default crash-<target>) first. */
#include "tests/fuzz/fuzz.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

/* Inputs libFuzzer would not give (its default -max_len is 4096). */
#define REPLAY_MAX 65536

typedef struct Input {
	char *name;
	uint8_t *data;
	size_t size;
} Input;

static Input *inputs;
static size_t n_inputs;

/* The input being run, for the crash handlers. */
static const uint8_t *cur_data;
static size_t cur_size;
static char crash_file[4096];

/* Write the current input out; only async-signal-safe calls. */
static void save_current(void)
{
	if (!cur_data && cur_size)
		return;
	int fd = open(crash_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return;
	size_t off = 0;
	while (off < cur_size) {
		ssize_t w = write(fd, cur_data + off, cur_size - off);
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	close(fd);
	static const char msg[] = "replay: the failing input was written to ";
	(void)!write(2, msg, sizeof msg - 1);
	(void)!write(2, crash_file, strlen(crash_file));
	(void)!write(2, "\n", 1);
}

static volatile sig_atomic_t running;

static void on_signal(int sig)
{
	if (running)
		save_current();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The sanitizers' hook, present when a runtime is linked in. */
void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

static void on_death(void)
{
	if (running)
		save_current();
}

static void run_one(const uint8_t *data, size_t size)
{
	/* A copy of exactly size bytes, so reading past it is caught. */
	uint8_t *copy = malloc(size ? size : 1);
	if (!copy)
		abort();
	if (size)
		memcpy(copy, data, size);
	cur_data = copy;
	cur_size = size;
	running = 1;
	LLVMFuzzerTestOneInput(copy, size);
	running = 0;
	free(copy);
}

static void add_file(const char *path, const char *name)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	uint8_t *buf = malloc(REPLAY_MAX);
	if (!buf)
		abort();
	size_t n = fread(buf, 1, REPLAY_MAX, f);
	fclose(f);
	inputs = realloc(inputs, (n_inputs + 1) * sizeof *inputs);
	if (!inputs)
		abort();
	inputs[n_inputs].name = strdup(name);
	inputs[n_inputs].data = buf;
	inputs[n_inputs].size = n;
	n_inputs++;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const Input *)a)->name, ((const Input *)b)->name);
}

/* A folder's regular files, or one file. */
static void add_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	if (!S_ISDIR(st.st_mode)) {
		add_file(path, path);
		return;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	size_t first = n_inputs;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char full[4096];
		snprintf(full, sizeof full, "%s/%s", path, e->d_name);
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode))
			add_file(full, e->d_name);
	}
	closedir(d);
	/* readdir's order is the file system's: sort for a repeatable run. */
	qsort(inputs + first, n_inputs - first, sizeof *inputs, by_name);
}

/* splitmix64 */
static uint64_t rnd(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static size_t below(uint64_t *s, size_t n)
{
	return n ? (size_t)(rnd(s) % n) : 0;
}

/* Bytes that make parsers take other paths. */
static const uint8_t special[] = {
	0x00, 0x0A, 0x0D, 0x09, 0x1B, 0x7F, 0x80, 0x9B, 0xC2, 0xE2, 0xEF, 0xF0, 0xFF,
	'"', '\\', '[', ']', '{', '}', ':', ',', '-', '#', '(', ')', '.', ' ', '0', '9', 'X',
};

/* One mutation of in into out (room for REPLAY_MAX); returns the new size. */
static size_t mutate(uint64_t *s, const Input *in, uint8_t *out)
{
	size_t n = in->size;
	memcpy(out, in->data, n);
	int steps = 1 + (int)below(s, 3);
	for (int k = 0; k < steps; k++) {
		switch (below(s, 7)) {
		case 0: /* flip a bit */
			if (n)
				out[below(s, n)] ^= (uint8_t)(1u << below(s, 8));
			break;
		case 1: /* set a byte to one that matters */
			if (n)
				out[below(s, n)] = special[below(s, sizeof special)];
			break;
		case 2: /* truncate */
			n = below(s, n + 1);
			break;
		case 3: { /* insert random bytes */
			size_t at = below(s, n + 1), len = 1 + below(s, 8);
			if (n + len > REPLAY_MAX)
				break;
			memmove(out + at + len, out + at, n - at);
			for (size_t i = 0; i < len; i++)
				out[at + i] = (uint8_t)rnd(s);
			n += len;
			break;
		}
		case 4: { /* duplicate a run */
			if (!n)
				break;
			size_t from = below(s, n), len = 1 + below(s, n - from);
			size_t at = below(s, n + 1);
			if (n + len > REPLAY_MAX)
				break;
			static uint8_t run[REPLAY_MAX];
			memcpy(run, out + from, len);
			memmove(out + at + len, out + at, n - at);
			memcpy(out + at, run, len);
			n += len;
			break;
		}
		case 5: { /* erase a run */
			if (!n)
				break;
			size_t at = below(s, n), len = 1 + below(s, n - at);
			memmove(out + at, out + at + len, n - at - len);
			n -= len;
			break;
		}
		default: { /* splice: our head, another input's tail */
			const Input *o = &inputs[below(s, n_inputs)];
			size_t at = below(s, n + 1), from = below(s, o->size + 1);
			size_t len = o->size - from;
			if (at + len > REPLAY_MAX)
				len = REPLAY_MAX - at;
			memcpy(out + at, o->data + from, len);
			n = at + len;
			break;
		}
		}
	}
	return n;
}

int main(int argc, char **argv)
{
	long mutations = 100;
	const char *base = strrchr(argv[0], '/');
	snprintf(crash_file, sizeof crash_file, "crash-%s", base ? base + 1 : argv[0]);
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			mutations = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			snprintf(crash_file, sizeof crash_file, "%s", argv[++i]);
		else {
			fprintf(stderr, "usage: %s [-n MUTATIONS] [-o CRASH_FILE] DIR|FILE...\n", argv[0]);
			return 2;
		}
	}
	if (i == argc) {
		fprintf(stderr, "usage: %s [-n MUTATIONS] [-o CRASH_FILE] DIR|FILE...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++)
		add_path(argv[i]);
	if (n_inputs == 0) {
		fprintf(stderr, "replay: no inputs\n");
		return 2;
	}
	signal(SIGABRT, on_signal);
	signal(SIGSEGV, on_signal);
	signal(SIGBUS, on_signal);
	signal(SIGFPE, on_signal);
	if (__sanitizer_set_death_callback)
		__sanitizer_set_death_callback(on_death);
	LLVMFuzzerInitialize(&argc, &argv);

	for (size_t k = 0; k < n_inputs; k++)
		run_one(inputs[k].data, inputs[k].size);
	uint8_t *buf = malloc(REPLAY_MAX);
	if (!buf)
		abort();
	uint64_t seed = 0x7969636875616E67ull; /* "yichuang" */
	for (size_t k = 0; k < n_inputs; k++)
		for (long m = 0; m < mutations; m++)
			run_one(buf, mutate(&seed, &inputs[k], buf));
	printf("%s: %zu inputs, %ld mutations each: ok\n", base ? base + 1 : argv[0], n_inputs, mutations);
	free(buf);
	for (size_t k = 0; k < n_inputs; k++) {
		free(inputs[k].name);
		free(inputs[k].data);
	}
	free(inputs);
	return 0;
}
