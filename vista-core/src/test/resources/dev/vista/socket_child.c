/*
 * What CommandTracingKernelTest's commands do with sockets, one action per run, as plain syscalls:
 *   socket_child tcp HOST PORT          connect (IPv4 or IPv6 literal), send a byte, close
 *   socket_child udp HOST PORT          two unconnected sendto()s to HOST:PORT
 *   socket_child udp-connect HOST PORT  connect a UDP socket, send a byte
 *   socket_child unix-stream PATH       connect to a listening Unix stream socket
 *   socket_child unix-dgram PATH        bind a Unix datagram socket at PATH and sendto() it from another
 *   socket_child accept HOST PORT READY listen, create file READY, accept one connection
 * Exits 0 on success, 1 (with a message) on failure.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void fail(const char *what)
{
	perror(what);
	exit(1);
}

static socklen_t inet_address(const char *host, const char *port, struct sockaddr_storage *out)
{
	struct sockaddr_in *in4 = (struct sockaddr_in *)out;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)out;

	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, host, &in4->sin_addr) == 1) {
		in4->sin_family = AF_INET;
		in4->sin_port = htons(atoi(port));
		return sizeof(*in4);
	}
	if (inet_pton(AF_INET6, host, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(atoi(port));
		return sizeof(*in6);
	}
	fprintf(stderr, "not an address: %s\n", host);
	exit(1);
}

static socklen_t unix_address(const char *path, struct sockaddr_un *out)
{
	memset(out, 0, sizeof(*out));
	out->sun_family = AF_UNIX;
	strncpy(out->sun_path, path, sizeof(out->sun_path) - 1);
	return sizeof(*out);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage addr;
	struct sockaddr_un un;
	socklen_t len;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: socket_child MODE ARGS\n");
		return 1;
	}
	if (!strcmp(argv[1], "tcp") || !strcmp(argv[1], "udp") || !strcmp(argv[1], "udp-connect")) {
		int udp = argv[1][0] == 'u';

		len = inet_address(argv[2], argv[3], &addr);
		fd = socket(addr.ss_family, udp ? SOCK_DGRAM : SOCK_STREAM, 0);
		if (fd < 0)
			fail("socket");
		if (!strcmp(argv[1], "udp")) {
			for (int i = 0; i < 2; i++)
				if (sendto(fd, "x", 1, 0, (struct sockaddr *)&addr, len) != 1)
					fail("sendto");
		} else {
			if (connect(fd, (struct sockaddr *)&addr, len))
				fail("connect");
			if (write(fd, "x", 1) != 1)
				fail("write");
		}
	} else if (!strcmp(argv[1], "unix-stream")) {
		len = unix_address(argv[2], &un);
		fd = socket(AF_UNIX, SOCK_STREAM, 0);
		if (fd < 0 || connect(fd, (struct sockaddr *)&un, len))
			fail("unix connect");
	} else if (!strcmp(argv[1], "unix-dgram")) {
		int receiver = socket(AF_UNIX, SOCK_DGRAM, 0);

		len = unix_address(argv[2], &un);
		unlink(argv[2]);
		if (receiver < 0 || bind(receiver, (struct sockaddr *)&un, len))
			fail("unix bind");
		fd = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (fd < 0 || sendto(fd, "x", 1, 0, (struct sockaddr *)&un, len) != 1)
			fail("unix sendto");
		unlink(argv[2]);
	} else if (!strcmp(argv[1], "accept") && argc == 5) {
		int one = 1;
		int listener;
		FILE *ready;

		len = inet_address(argv[2], argv[3], &addr);
		listener = socket(addr.ss_family, SOCK_STREAM, 0);
		setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (listener < 0 || bind(listener, (struct sockaddr *)&addr, len) || listen(listener, 1))
			fail("listen");
		ready = fopen(argv[4], "w");
		if (!ready)
			fail(argv[4]);
		fclose(ready);
		fd = accept(listener, NULL, NULL);
		if (fd < 0)
			fail("accept");
	} else {
		fprintf(stderr, "unknown mode %s\n", argv[1]);
		return 1;
	}
	close(fd);
	return 0;
}
