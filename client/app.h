/* app: the client's model (session, queue, current ticket, connection) and
 * the operations screens call. Screens read the model and redraw when told;
 * operations talk to the server through api.h and report back through
 * app_notify(). All strings in the model were cleaned by text_clean(). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YC_APP_H
#define YC_APP_H
#include <stdbool.h>
#include <time.h>
#include "client/config.h"

typedef struct Staff {
	char *id, *username, *name, *role;      /* role: clerk | agent | supervisor */
	char *hall_id, *hall_name;
	char *window_id, *window_name;          /* NULL when no window */
	char **categories;                      /* the window's categories */
	int ncategories;
} Staff;

typedef enum TicketStatus {
	TS_WAITING, TS_CALLED, TS_HELD, TS_SKIPPED, TS_FINISHED, TS_UNKNOWN
} TicketStatus;

typedef struct Ticket {
	char *id, *number, *category;
	TicketStatus status;
	bool priority;
	time_t issued_at, called_at, finished_at; /* 0 when not set */
	char *window, *transferred_from, *note;
	int recalls;
} Ticket;

typedef struct Category {
	char *code, *name, *name_en;
	bool priority;
	int waiting;
} Category;

typedef struct QueueStats {
	int waiting, avg_wait_seconds, served_today, longest_wait_seconds;
} QueueStats;

/* What changed, for app_notify / screens. */
enum {
	CH_SESSION = 1 << 0,   /* logged in / out, staff */
	CH_QUEUE = 1 << 1,     /* waiting list, categories, stats */
	CH_CURRENT = 1 << 2,   /* current ticket or held list */
	CH_ONLINE = 1 << 3,    /* connection state */
	CH_MESSAGE = 1 << 4,   /* message line */
	CH_BUSY = 1 << 5,      /* an operation started or ended */
	CH_DRAFTS = 1 << 6,    /* drafts or the outbox changed (counts) */
};

typedef struct App {
	Config cfg;
	char *server;          /* base URL in use */
	bool logged_in;
	Staff me;
	bool online;           /* events stream up */
	char *offline_reason;
	Ticket *waiting; int nwaiting;   /* in call order */
	Category *cats; int ncats;
	QueueStats stats;
	Ticket *current;                 /* this window's called ticket, or NULL */
	Ticket *held; int nheld;
	char *message;                   /* message line text, or NULL */
	bool message_error;
	int busy;                        /* operations in flight */
	time_t server_clock_offset;      /* server time − local time */
	bool offline_session;            /* working from the cached session (no
	                                  * server session yet): --offline, or
	                                  * the server could not be reached;
	                                  * logged_in is true too, online false
	                                  * (client/offline.h) */
	int outbox_waiting;              /* submissions queued in the outbox */
	bool outbox_sending;             /* one is being sent now */
	int drafts_attention;            /* drafts the server refused */
	bool draft_unsaved;              /* the intake's last autosave failed
	                                  * (full disk…): the values are only
	                                  * on screen until a save works */
} App;

extern App app;

/* Screens register one listener; the model calls it with CH_* bits. */
void app_set_listener(void (*fn)(unsigned what, void *ud), void *ud);
void app_notify(unsigned what);
/* Message line (printf-style; shown until replaced). */
void app_message(bool error, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Completion callback: ok false comes with a message already on the message
 * line; problem is the problem slug (e.g. "account-locked") or NULL. */
typedef void (*app_done_cb)(bool ok, const char *problem, void *ud);

/* Log in with a password; on success stores the refresh token in the
 * keyring (in the background), loads the queue and starts the events
 * stream. The password is wiped by the caller. */
void app_login(const char *username, const char *password, app_done_cb cb, void *ud);
/* Unlock the idle lock: check the password of the user logged in with
 * POST /v1/auth/login. Only when it is accepted does the new session
 * replace the running one (queue, events and operations go on; the old
 * session is ended on the server). A wrong password changes nothing but
 * the message (attempts left); when the account gets locked, the session
 * ends (cb problem "account-locked", app.logged_in false). When the
 * session was lost while locked, an accepted password starts a new one.
 * The password is wiped by the caller. */
void app_unlock(const char *password, app_done_cb cb, void *ud);
/* Try the stored refresh token for username (keyring), then
 * password_command; cb(false) means the login screen must ask. */
void app_resume_session(const char *username, app_done_cb cb, void *ud);
void app_logout(app_done_cb cb, void *ud);

/* Queue operations; each updates the model and notifies. They run one at
 * a time, in the order asked: one asked while another runs waits its turn
 * (up to 4 wait; more are refused with problem "busy") and acts on the
 * ticket the earlier ones left (e.g. call next, then finish: the ticket
 * just called). When one fails, those waiting are dropped (problem
 * "dropped") and the message line says how many. */
void app_refresh(void);                       /* GET /v1/queue */
void app_call_next(app_done_cb cb, void *ud);
void app_recall(app_done_cb cb, void *ud);    /* the current ticket, else the first held, else the last skipped */
void app_skip(app_done_cb cb, void *ud);
void app_hold(app_done_cb cb, void *ud);
void app_finish(app_done_cb cb, void *ud);
void app_transfer(const char *category, app_done_cb cb, void *ud);
/* Recall a specific held ticket. */
void app_recall_ticket(const char *ticket_id, app_done_cb cb, void *ud);
/* Queue operations running or waiting their turn (0: none). */
int app_queue_pending(void);

/* Helpers for screens. */
const char *ticket_status_label(TicketStatus s);   /* translated */
const Category *app_category(const char *code);
const char *category_label(const Category *c);     /* name or name_en by locale */
time_t app_server_now(void);

/* main loads app.cfg (config_load) and calls api_init first. */
void app_init(void);
void app_free(void);

#endif
