/* local: the local store of the user at work (drafts, outbox, cached
 * session), opened on first use for (server, user) and shared by the
 * drafts, the outbox and the catalog cache of the main thread. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_LOCAL_H
#define YC_LOCAL_H
#include "client/store.h"

/* The store of app.server and the user logged in (else the user of the
 * config or --user); NULL when no user is known or it cannot be opened:
 * local_error() then says why (translated). Borrowed until local_close. */
Store *local_store(void);
const char *local_error(void);
/* Close it (logout, another user, the end). */
void local_close(void);

#endif
