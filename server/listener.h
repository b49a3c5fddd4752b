/* listener: the listening socket for --listen, and its printable address. */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef YCD_LISTENER_H
#define YCD_LISTENER_H
#include <stddef.h>

/* Bind and listen on host:port (port "0" picks one). Returns the socket
 * and the real address as "127.0.0.1:8470" or "[::1]:8470" in addr; -1
 * with a message in err on failure. */
int listener_open(const char *host, const char *port, char *addr, size_t addrsz, char *err, size_t errsz);

#endif
