/* drafts_file: export a draft to a JSON file (0600, written whole then
 * renamed) and import one from a file, for the drafts screen and
 * `yichuang drafts`. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/drafts.h"
#include "client/paths.h"
#include "common/readall.h"
#include "client/i18n.h"
#include "common/jsonx.h"
#include "common/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_DRAFT_FILE = 8 << 20 };

char *drafts_export_dir(void)
{
	const char *x = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	return x && *x == '/' ? xasprintf("%s/yichuang/exports", x)
			      : xasprintf("%s/.local/share/yichuang/exports", home && *home ? home : ".");
}

char *drafts_export_text(const Draft *d)
{
	cJSON *doc = draft_to_json(d);
	char *text = cJSON_Print(doc);
	cJSON_Delete(doc);
	char *out = xasprintf("%s\n", text ? text : "{}");
	free(text);
	return out;
}

char *drafts_export_file(const Draft *d, const char *path, char **err)
{
	char *p = path ? xstrdup(path) : NULL;
	if (!p) {
		char *dir = drafts_export_dir();
		int e = paths_make_dirs(dir);
		if (e) {
			*err = xasprintf(_("cannot make the folder %s: %s"), dir, strerror(e));
			free(dir);
			return NULL;
		}
		p = xasprintf("%s/%s.json", dir, d->id);
		free(dir);
	}
	char *text = drafts_export_text(d);
	char *tmp = xasprintf("%s.tmp%ld", p, (long)getpid());
	size_t len = strlen(text);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	bool ok = fd >= 0 && write(fd, text, len) == (ssize_t)len && fsync(fd) == 0;
	int e = errno;
	if (fd >= 0 && close(fd) != 0 && ok) {
		ok = false;
		e = errno;
	}
	if (ok && rename(tmp, p) != 0) {
		ok = false;
		e = errno;
	}
	free(text);
	if (!ok) {
		unlink(tmp);
		*err = xasprintf(_("cannot write %s: %s"), p, strerror(e));
		free(p);
		p = NULL;
	}
	free(tmp);
	return p;
}

Draft *drafts_import_file(Store *s, const char *path, char **err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f) {
		*err = xasprintf(_("cannot read %s: %s"), path, strerror(errno));
		return NULL;
	}
	size_t n = 0;
	char *buf = read_all(f, MAX_DRAFT_FILE, &n);
	int e = errno;
	if (f != stdin)
		fclose(f);
	if (!buf) {
		*err = e == EFBIG ? xasprintf(_("%s is too big to be a draft"), path)
				  : xasprintf(_("cannot read %s"), path);
		return NULL;
	}
	cJSON *doc = json_parse_n(buf, n);
	free(buf);
	if (!doc) {
		*err = xasprintf(_("%s is not JSON: this file is not a yichuang draft."), path);
		return NULL;
	}
	Draft *d = drafts_import(s, doc, err);
	cJSON_Delete(doc);
	return d;
}
