/* mhd_fixed: the HTTP yardstick — libmicrohttpd answering a fixed 1 KB body (epoll, pool of 2 threads). */
/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <microhttpd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char body[1024];

/* Answer on the second call of a request, so connections stay alive. */
static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
			       const char *method, const char *version, const char *data,
			       size_t *size, void **state)
{
	static int first;
	(void)cls, (void)url, (void)method, (void)version, (void)data, (void)size;
	if (!*state) {
		*state = &first;
		return MHD_YES;
	}
	struct MHD_Response *r = MHD_create_response_from_buffer(sizeof body, body,
								 MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

int main(int argc, char **argv)
{
	int seconds = argc > 1 ? atoi(argv[1]) : 60;
	memset(body, 'x', sizeof body);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGALRM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* the MHD threads inherit the mask */
	struct sockaddr_in sa = {.sin_family = AF_INET};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, 0,
						NULL, NULL, handler, NULL,
						MHD_OPTION_SOCK_ADDR, &sa,
						MHD_OPTION_THREAD_POOL_SIZE, 2,
						MHD_OPTION_CONNECTION_LIMIT, 4000,
						MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "mhd_fixed: cannot start\n");
		return 1;
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	printf("listening on http://127.0.0.1:%u\n", info ? info->port : 0);
	fflush(stdout);
	alarm((unsigned)seconds); /* stops by itself */
	int sig;
	sigwait(&set, &sig);
	MHD_stop_daemon(d);
	return 0;
}
