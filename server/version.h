/* version: the server's version strings. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_VERSION_H
#define YCD_VERSION_H

#ifdef YC_VERSION
#define YCD_VERSION YC_VERSION
#else
#define YCD_VERSION "0.1.0"
#endif
#define YCD_API_VERSION "1.0"

#endif
