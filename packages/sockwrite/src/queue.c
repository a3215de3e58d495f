// A connection's queue: what the kernel did not take at once, as references to the JS buffers
// it came in (the flush's and the ring's, shared by every listener), sent when the socket is
// writable again.
#include "conn.h"

void drop_queue(conn *c) {
  napi_env env = (napi_env)c->poll.data;
  for (unsigned i = c->qhead; i < c->qhead + c->qn; i++) napi_delete_reference(env, c->q[i].ref);
  free(c->q);
  c->q = NULL;
  c->qhead = c->qn = c->qcap = 0;
  c->qoff = c->qlen = 0;
}

int queue_piece(napi_env env, conn *c, napi_value buf, const char *data, size_t len) {
  if (c->qhead + c->qn == c->qcap) {
    if (c->qhead > 0) {
      memmove(c->q, c->q + c->qhead, sizeof *c->q * c->qn);
      c->qhead = 0;
    } else {
      unsigned cap = c->qcap ? c->qcap * 2 : 8;
      piece *q = realloc(c->q, sizeof *q * cap);
      if (!q) return -1;
      c->q = q;
      c->qcap = cap;
    }
  }
  piece *p = &c->q[c->qhead + c->qn];
  if (napi_create_reference(env, buf, 1, &p->ref) != napi_ok) return -1;
  p->data = data;
  p->len = len;
  c->qn++;
  c->qlen += len;
  return 0;
}

int flush_queue(conn *c) {
  napi_env env = (napi_env)c->poll.data;
  while (c->qn > 0) {
    struct iovec iov[MAX_IOV];
    size_t n = 0, total = 0;
    for (unsigned i = c->qhead; i < c->qhead + c->qn && n < MAX_IOV; i++, n++) {
      size_t skip = n == 0 ? c->qoff : 0;
      iov[n].iov_base = (char *)c->q[i].data + skip;
      iov[n].iov_len = c->q[i].len - skip;
      total += iov[n].iov_len;
    }
    struct msghdr msg = {.msg_iov = iov, .msg_iovlen = n};
    ssize_t w = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (w < 0) {
      if (errno == EINTR) continue;
      return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
    }
    c->qlen -= (size_t)w;
    size_t left = (size_t)w;
    while (c->qn > 0 && left >= c->q[c->qhead].len - c->qoff) {
      left -= c->q[c->qhead].len - c->qoff;
      napi_delete_reference(env, c->q[c->qhead].ref);
      c->qhead++;
      c->qn--;
      c->qoff = 0;
    }
    c->qoff += left;
    if ((size_t)w < total) return 0; /* the kernel's buffer is full */
  }
  c->qhead = 0;
  if (c->qcap > 64) { /* a listener that caught up gives back what its lag took */
    free(c->q);
    c->q = NULL;
    c->qcap = 0;
  }
  return 0;
}
