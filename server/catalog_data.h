/* catalog_data: the demo catalog (data/catalog) embedded at build time by tools/gen-catalog. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_CATALOG_DATA_H
#define YCD_CATALOG_DATA_H
#include <stddef.h>

struct catalog_file {
	const char *name;   /* relative to data/catalog: "bundles.json", "matters/<code>.json" */
	const char *text;
	size_t len;
};

extern const struct catalog_file catalog_files[];
extern const size_t catalog_files_len;

#endif
