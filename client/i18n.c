/* i18n: locale and the gettext domain, from the build tree when running
 * from it, else from the installed locale directory. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "client/i18n.h"
#include "client/paths.h"
#include "common/xalloc.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Does dir hold a compiled catalogue of ours (any language)? */
static bool has_catalogue(const char *dir)
{
	static const char *const langs[] = {"zh_CN", "zh"};
	for (size_t i = 0; i < sizeof langs / sizeof langs[0]; i++) {
		char *p = xasprintf("%s/%s/LC_MESSAGES/yichuang.mo", dir, langs[i]);
		bool ok = access(p, R_OK) == 0;
		free(p);
		if (ok)
			return true;
	}
	return false;
}

void i18n_init(const char *argv0)
{
	setlocale(LC_ALL, "");
	const char *dir = YC_LOCALEDIR;
	char *local = NULL;
	if (paths_in_build_tree()) {
		/* build/yichuang next to build/locale, or the tree's default build. */
		local = xasprintf("%s/locale", paths_exe_dir());
		if (has_catalogue(local)) {
			dir = local;
		} else {
			free(local);
			local = xstrdup(YC_SRCDIR "/build/locale");
			if (has_catalogue(local))
				dir = local;
		}
	}
	bindtextdomain("yichuang", dir);
	bind_textdomain_codeset("yichuang", "UTF-8");
	textdomain("yichuang");
	free(local);
}

int i18n_is_chinese(void)
{
	const char *loc = setlocale(LC_MESSAGES, NULL);
	if (!loc || strcmp(loc, "C") == 0 || strcmp(loc, "POSIX") == 0)
		return 0;
	/* gettext honours LANGUAGE before the locale when one is set. */
	const char *lang = getenv("LANGUAGE");
	if (lang && *lang)
		return strncmp(lang, "zh", 2) == 0;
	return strncmp(loc, "zh", 2) == 0;
}
