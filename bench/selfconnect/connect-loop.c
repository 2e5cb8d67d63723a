/*
 * The anchor for bench/selfconnect.mjs: the leanest self-connect reproducer,
 * blocking connect() in a loop to 127.0.0.1:PORT until the kernel hands out
 * PORT itself as the source port. Same bounds and output as
 * `nettk selfconnect PORT --json` (attempts, elapsedMs, reproduced), and the
 * same RST close (SO_LINGER 0), so no TIME_WAIT is left for the next run.
 *
 * With a 4th argument `epoll`, each connect is non-blocking and waited for
 * through epoll, the way libuv (and so Node) does it: socket, connect
 * (EINPROGRESS), epoll_ctl ADD, epoll_wait, getsockopt(SO_ERROR), epoll_ctl
 * DEL, close. That variant measures what the event-loop model itself costs.
 *
 * usage: connect-loop PORT MAX_ATTEMPTS TIMEOUT_MS [epoll]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

/* Non-blocking connect completed through epoll; returns 0 when connected. */
static int connect_via_epoll(int ep, int fd, const struct sockaddr_in *dst) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  if (connect(fd, (const struct sockaddr *)dst, sizeof *dst) == 0) return 0;
  if (errno != EINPROGRESS) return -1;
  struct epoll_event ev = {.events = EPOLLOUT, .data.fd = fd};
  epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
  struct epoll_event out;
  while (epoll_wait(ep, &out, 1, -1) < 0 && errno == EINTR) {
  }
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  epoll_ctl(ep, EPOLL_CTL_DEL, fd, NULL);
  return err == 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: %s PORT MAX_ATTEMPTS TIMEOUT_MS [epoll]\n", argv[0]);
    return 2;
  }
  int ep = argc == 5 && strcmp(argv[4], "epoll") == 0 ? epoll_create1(0) : -1;
  int port = atoi(argv[1]);
  long max = atol(argv[2]);
  double deadline_ms = atof(argv[3]);
  struct sockaddr_in dst;
  memset(&dst, 0, sizeof dst);
  dst.sin_family = AF_INET;
  dst.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &dst.sin_addr);

  double started = now_ms();
  long attempts = 0;
  int reproduced = 0;
  while (attempts < max) {
    /* One clock read per 256 attempts: the deadline check must not cost more than the loop. */
    if ((attempts & 255) == 0 && now_ms() - started >= deadline_ms) break;
    attempts++;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
      perror("socket");
      return 3;
    }
    int rc = ep >= 0 ? connect_via_epoll(ep, fd, &dst) : connect(fd, (struct sockaddr *)&dst, sizeof dst);
    if (rc == 0) {
      struct sockaddr_in local, peer;
      socklen_t n = sizeof local, m = sizeof peer;
      getsockname(fd, (struct sockaddr *)&local, &n);
      getpeername(fd, (struct sockaddr *)&peer, &m);
      if (local.sin_port == peer.sin_port && local.sin_addr.s_addr == peer.sin_addr.s_addr) reproduced = 1;
      struct linger rst = {1, 0};
      setsockopt(fd, SOL_SOCKET, SO_LINGER, &rst, sizeof rst);
      close(fd);
      if (reproduced) break;
      fprintf(stderr, "a listener answered on port %d\n", port);
      return 1;
    }
    close(fd);
  }
  printf("{\"reproduced\":%s,\"attempts\":%ld,\"elapsedMs\":%.3f}\n", reproduced ? "true" : "false", attempts, now_ms() - started);
  return reproduced ? 0 : 1;
}
