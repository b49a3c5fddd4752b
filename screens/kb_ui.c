/* kb_ui: the knowledge base's hooks into the rest of the client: the
 * form's F1 (a field's help article, or a search for its label), the
 * index's changes redrawing the search, and the names of links. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "screens/kb_screens_int.h"
#include "screens/screen_form.h"
#include "client/catalog.h"
#include "client/knowledge.h"
#include "common/text.h"

#include <stdio.h>
#include <stdlib.h>

const char *kb_link_name(bool matter, const char *target, void *ud)
{
	static char name[256];
	if (matter) {
		const CatMatter *m = catalog_state() == CAT_READY ? catalog_matter(target) : NULL;
		return m ? m->name : NULL;
	}
	KbArticle *a = knowledge_article_now(target);
	if (!a)
		return NULL;
	snprintf(name, sizeof name, "%s", a->title);
	kb_article_free(a);
	return name;
}

/* The index changed (a sync page, its end). */
static void on_knowledge(void *ud)
{
	kbs_index_changed();
}

/* F1 on a form field: its help article, or a search for its label. */
static void form_help(const FormField *f, const char *path, void *ud)
{
	char *label = text_clean(f->label, TEXT_ONE_LINE);
	if (f->help && *f->help)
		kb_article_open(f->help, NULL, label);
	else
		kb_search_open(label);
	free(label);
}

void kb_ui_init(void)
{
	knowledge_set_listener(on_knowledge, NULL);
	screen_form_on_help(form_help, NULL);
}

void kb_ui_shutdown(void)
{
	knowledge_set_listener(NULL, NULL);
	screen_form_on_help(NULL, NULL);
	kbs_recent_clear();
	knowledge_close();
}
