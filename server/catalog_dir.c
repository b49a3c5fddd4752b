/* catalog_dir: read a catalog from a directory laid out like data/catalog (yichuangd --catalog DIR). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "server/catalog.h"
#include "common/readall.h"
#include "common/xalloc.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct catalog_file *)a)->name, ((const struct catalog_file *)b)->name);
}

/* Add DIR/name to the list; -1 (err set) when it cannot be read. */
static int add(struct catalog_file **v, size_t *n, const char *dir, const char *name, char *err, size_t errsz)
{
	char *path = xasprintf("%s/%s", dir, name);
	size_t len = 0;
	char *text = read_file(path, 0, &len);
	if (!text) {
		snprintf(err, errsz, "--catalog: cannot read %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = (struct catalog_file){ xstrdup(name), text, len };
	return 0;
}

int catalog_dir_read(const char *dir, struct catalog_file **out, size_t *n, char *err, size_t errsz)
{
	*out = NULL;
	*n = 0;
	char *mdir = xasprintf("%s/matters", dir);
	DIR *d = opendir(mdir);
	if (!d) {
		snprintf(err, errsz, "--catalog: %s is not a catalog directory (no matters/ folder: %s)", dir,
			 strerror(errno));
		free(mdir);
		return -1;
	}
	free(mdir);
	int rc = add(out, n, dir, "bundles.json", err, errsz);
	struct dirent *e;
	while (rc == 0 && (e = readdir(d))) {
		size_t l = strlen(e->d_name);
		if (l <= 5 || e->d_name[0] == '.' || strcmp(e->d_name + l - 5, ".json") != 0)
			continue;
		char *name = xasprintf("matters/%s", e->d_name);
		rc = add(out, n, dir, name, err, errsz);
		free(name);
	}
	closedir(d);
	if (rc != 0) {
		catalog_dir_free(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	qsort(*out, *n, sizeof **out, by_name);
	return 0;
}

void catalog_dir_free(struct catalog_file *files, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free((char *)files[i].name);
		free((char *)files[i].text);
	}
	free(files);
}
