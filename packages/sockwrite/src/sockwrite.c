// sockwrite: writes stream bytes to TCP connections taken over from Node (issue #18), and hands
// what a reading connection's peer sends (an HLS player's polls) to JavaScript (calls.c). A
// net.Socket costs ~4-6 KB of RSS per connection (its JS objects, write requests, heap headroom);
// a slot here is one malloc'd struct with a libuv poll handle, plus a queue only while the
// kernel's buffer is full. Context-aware (NAPI_MODULE_INIT, per-instance data): it is loaded on
// the stream thread, a worker, and may be loaded on several threads.
#include "conn.h"

static void unref_inst(inst *in) {
  if (--in->refs > 0) return;
  free(in->slots);
  free(in->free_slots);
  free(in);
}

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char msg[160];
  snprintf(msg, sizeof msg, "sockwrite %s: %s", what, strerror(err));
  napi_throw_error(env, NULL, msg);
  return NULL;
}

static void on_handle_closed(uv_handle_t *h) {
  conn *c = (conn *)h;
  inst *in = c->in;
  free(c);
  if (--in->live == 0 && in->cleanup) {
    /* the last conn of a tearing-down instance: the thread may end now */
    napi_remove_async_cleanup_hook(in->cleanup);
    in->cleanup = NULL;
  }
  unref_inst(in);
}

/* Frees the slot and closes the connection at once (unsent queue dropped). */
static void release(conn *c) {
  inst *in = c->in;
  in->slots[c->slot] = NULL;
  in->free_slots[in->nfree++] = c->slot;
  drop_queue(c);
  uv_close((uv_handle_t *)&c->poll, on_handle_closed); /* stops the poll (epoll DEL) first */
  close(c->fd);
  c->fd = -1;
}

static void on_poll(uv_poll_t *h, int status, int events);

/* Watches for the peer's bytes and hang-up until it half-closed, for room in the kernel's buffer
 * while a queue waits. */
static void watch(conn *c) {
  int ev = (c->peer_eof ? 0 : UV_READABLE | UV_DISCONNECT) | (c->qlen > 0 ? UV_WRITABLE : 0);
  if (ev == c->events) return;
  c->events = ev;
  uv_poll_start(&c->poll, ev, on_poll);
}

/* Reads what the peer sent: a reading connection's bytes go to onData until it is closing, anything
 * else is dropped. 1: the connection is gone (hang-up, error). A reading peer that half-closed
 * after its last request gets its answers first. */
static int read_peer(napi_env env, conn *c) {
  char buf[4096];
  for (int i = 0; i < 16; i++) {
    ssize_t r = recv(c->fd, buf, sizeof buf, MSG_DONTWAIT);
    if (r > 0) {
      if (c->reading && !c->closing) {
        call_data(env, c, buf, (size_t)r);
        if (c->fd < 0) return 0; /* JavaScript closed it (and knows) */
      }
      continue;
    }
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
    if (r == 0 && c->reading && c->qlen > 0) {
      c->peer_eof = 1;
      c->closing = 1;
      watch(c);
      return 0;
    }
    return 1;
  }
  return 0;
}

/* The poll handle's data is the env: a conn reports its end through the instance's callback. */
static void on_poll(uv_poll_t *h, int status, int events) {
  conn *c = (conn *)h;
  napi_env env = (napi_env)h->data;
  int gone = status < 0;
  if (!gone && (events & UV_WRITABLE)) {
    gone = flush_queue(c) < 0;
    if (!gone && c->qlen == 0 && c->closing) {
      if (c->peer_eof) gone = 1; /* all out, and the peer has gone already */
      else shutdown(c->fd, SHUT_WR);
    }
    if (!gone) watch(c);
  }
  if (!gone && !c->peer_eof && (events & (UV_READABLE | UV_DISCONNECT))) {
    gone = read_peer(env, c);
    if (c->fd < 0) return;
  }
  if (!gone) return;
  int slot = c->slot;
  inst *in = c->in;
  release(c);
  call_closed(env, in, slot);
}

inst *get_inst(napi_env env) {
  void *data = NULL;
  napi_get_instance_data(env, &data);
  return data;
}

/* The call's `want` arguments, the first a slot in use (else a JS exception and NULL). */
static conn *slot_args(napi_env env, napi_callback_info info, napi_value *argv, size_t want) {
  size_t argc = want;
  int32_t slot = -1;
  inst *in = get_inst(env);
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc >= want) napi_get_value_int32(env, argv[0], &slot);
  if (slot < 0 || slot >= in->next || !in->slots[slot]) {
    napi_throw_range_error(env, NULL, "sockwrite: no such slot");
    return NULL;
  }
  return in->slots[slot];
}

/* adopt(fd, reading) -> slot: a duplicate of fd, non-blocking, close-on-exec; fd itself stays
 * Node's. reading: the peer's bytes go to onData (else they are read and dropped). */
static napi_value js_adopt(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  bool reading = false;
  inst *in = get_inst(env);
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
    napi_throw_type_error(env, NULL, "sockwrite adopt: a file descriptor");
    return NULL;
  }
  if (argc >= 2) napi_get_value_bool(env, argv[1], &reading);
  if (in->tearing_down) return throw_errno(env, "adopt", ESHUTDOWN);
  int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (nfd < 0) return throw_errno(env, "adopt (dup)", errno);
  int fl = fcntl(nfd, F_GETFL);
  if (fl < 0 || fcntl(nfd, F_SETFL, fl | O_NONBLOCK) < 0) {
    int err = errno;
    close(nfd);
    return throw_errno(env, "adopt (O_NONBLOCK)", err);
  }
  if (in->nfree == 0 && in->next == in->cap) {
    int cap = in->cap ? in->cap * 2 : 256;
    conn **slots = realloc(in->slots, sizeof(conn *) * cap);
    if (slots) in->slots = slots;
    int *fs = slots ? realloc(in->free_slots, sizeof(int) * cap) : NULL;
    if (!fs) {
      close(nfd);
      return throw_errno(env, "adopt", ENOMEM);
    }
    in->free_slots = fs;
    in->cap = cap;
  }
  conn *c = calloc(1, sizeof *c);
  if (!c) {
    close(nfd);
    return throw_errno(env, "adopt", ENOMEM);
  }
  int err = uv_poll_init(in->loop, &c->poll, nfd);
  if (err != 0) {
    free(c);
    close(nfd);
    return throw_errno(env, "adopt (poll)", -err);
  }
  c->in = in;
  c->fd = nfd;
  c->reading = reading;
  c->poll.data = env;
  c->slot = in->nfree > 0 ? in->free_slots[--in->nfree] : in->next++;
  in->slots[c->slot] = c;
  in->refs++;
  in->live++;
  c->events = UV_READABLE | UV_DISCONNECT;
  err = uv_poll_start(&c->poll, c->events, on_poll);
  if (err != 0) {
    release(c);
    return throw_errno(env, "adopt (poll)", -err);
  }
  napi_value r;
  napi_create_int32(env, c->slot, &r);
  return r;
}

/* write(slot, pieces) -> bytes queued in user space after it, or -1: the connection failed (the
 * slot is freed). pieces: a Uint8Array or an array of them, sent in order in one sendmsg. */
static napi_value js_write(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  conn *c = slot_args(env, info, argv, 2);
  if (!c) return NULL;
  struct iovec small[MAX_IOV];
  struct iovec *iov = small;
  napi_value vals_small[MAX_IOV];
  napi_value *vals = vals_small;
  size_t n = 0, total = 0;
  bool is_array = false;
  napi_is_array(env, argv[1], &is_array);
  uint32_t count = 1;
  if (is_array) napi_get_array_length(env, argv[1], &count);
  if (count > MAX_IOV) {
    iov = malloc(sizeof *iov * count);
    vals = malloc(sizeof *vals * count);
    if (!iov || !vals) {
      free(iov);
      free(vals);
      return throw_errno(env, "write", ENOMEM);
    }
  }
  for (uint32_t i = 0; i < count; i++) {
    napi_value v = argv[1];
    if (is_array) napi_get_element(env, argv[1], i, &v);
    napi_typedarray_type type;
    size_t len;
    void *data;
    if (napi_get_typedarray_info(env, v, &type, &len, &data, NULL, NULL) != napi_ok ||
        type != napi_uint8_array) {
      if (iov != small) {
        free(iov);
        free(vals);
      }
      napi_throw_type_error(env, NULL, "sockwrite write: Uint8Array pieces");
      return NULL;
    }
    if (len == 0) continue;
    iov[n].iov_base = data;
    iov[n].iov_len = len;
    vals[n] = v;
    n++;
    total += len;
  }
  int failed = 0;
  if (!c->closing && total > 0) {
    if (c->qlen > 0) failed = flush_queue(c) < 0;
    size_t sent = 0;
    if (!failed && c->qlen == 0) {
      struct msghdr msg = {.msg_iov = iov, .msg_iovlen = n};
      ssize_t w;
      do w = sendmsg(c->fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
      while (w < 0 && errno == EINTR);
      if (w >= 0) sent = (size_t)w;
      else if (errno != EAGAIN && errno != EWOULDBLOCK) failed = 1;
    }
    /* what the kernel did not take waits in this slot's own queue */
    for (size_t i = 0; !failed && i < n; i++) {
      size_t len = iov[i].iov_len;
      size_t skip = sent < len ? sent : len;
      sent -= skip;
      const char *rest = (char *)iov[i].iov_base + skip;
      if (skip < len && queue_piece(env, c, vals[i], rest, len - skip) < 0) failed = 1;
    }
  }
  if (iov != small) {
    free(iov);
    free(vals);
  }
  napi_value r;
  if (failed) {
    release(c);
    napi_create_int32(env, -1, &r);
    return r;
  }
  watch(c);
  napi_create_double(env, (double)c->qlen, &r);
  return r;
}

/* queued(slot) -> bytes waiting in this slot's queue (user space) */
static napi_value js_queued(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  conn *c = slot_args(env, info, argv, 1);
  if (!c) return NULL;
  napi_create_double(env, (double)c->qlen, &r);
  return r;
}

/* kernelQueued(slot) -> bytes the kernel holds, sent or not, unacknowledged (SIOCOUTQ) */
static napi_value js_kernel_queued(napi_env env, napi_callback_info info) {
  napi_value argv[1], r;
  conn *c = slot_args(env, info, argv, 1);
  if (!c) return NULL;
  int n = 0;
  if (ioctl(c->fd, SIOCOUTQ, &n) < 0) return throw_errno(env, "kernelQueued", errno);
  napi_create_int32(env, n, &r);
  return r;
}

/* fdQueued(fd) -> SIOCOUTQ of a socket Node still owns (a para_recv listener's): the lag watch
 * asks for the few of them instead of reading all of /proc/net/tcp; -1 when it cannot */
static napi_value js_fd_queued(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1], r;
  int32_t fd = -1;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_int32(env, argv[0], &fd) != napi_ok || fd < 0) {
    napi_throw_type_error(env, NULL, "sockwrite fdQueued: a file descriptor");
    return NULL;
  }
  int n = 0;
  if (ioctl(fd, SIOCOUTQ, &n) < 0) n = -1;
  napi_create_int32(env, n, &r);
  return r;
}

/* close(slot, graceful): graceful shuts the sending side once the queue is out (like
 * socket.end()) and reports the slot when the peer closes; otherwise closes at once, silently. */
static napi_value js_close(napi_env env, napi_callback_info info) {
  napi_value argv[2];
  conn *c = slot_args(env, info, argv, 2);
  if (!c) return NULL;
  bool graceful = false;
  napi_get_value_bool(env, argv[1], &graceful);
  if (!graceful) {
    release(c);
    return NULL;
  }
  c->closing = 1;
  if (c->qlen == 0) shutdown(c->fd, SHUT_WR);
  return NULL;
}

/* The thread ends: every connection is closed; the thread waits for the handles' close. */
static void on_teardown(napi_async_cleanup_hook_handle handle, void *arg) {
  inst *in = arg;
  in->tearing_down = 1;
  in->cleanup = handle;
  for (int i = 0; i < in->next; i++)
    if (in->slots[i]) release(in->slots[i]);
  if (in->live == 0) { /* no handle left to wait for */
    napi_remove_async_cleanup_hook(handle);
    in->cleanup = NULL;
  }
}

static void finalize_inst(napi_env env, void *data, void *hint) {
  (void)hint;
  inst *in = data;
  if (in->on_closed) napi_delete_reference(env, in->on_closed);
  if (in->on_data) napi_delete_reference(env, in->on_data);
  in->on_closed = in->on_data = NULL;
  unref_inst(in);
}

NAPI_MODULE_INIT() {
  inst *in = calloc(1, sizeof *in);
  if (!in || napi_get_uv_event_loop(env, &in->loop) != napi_ok) {
    free(in);
    napi_throw_error(env, NULL, "sockwrite: no event loop");
    return NULL;
  }
  in->refs = 1;
  napi_set_instance_data(env, in, finalize_inst, NULL);
  napi_add_async_cleanup_hook(env, on_teardown, in, NULL);
  static const struct {
    const char *name;
    napi_callback fn;
  } fns[] = {{"adopt", js_adopt},   {"write", js_write}, {"queued", js_queued},
             {"kernelQueued", js_kernel_queued}, {"fdQueued", js_fd_queued},
             {"close", js_close}, {"onClosed", js_on_closed}, {"onData", js_on_data}};
  for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++) {
    napi_value f;
    napi_create_function(env, fns[i].name, NAPI_AUTO_LENGTH, fns[i].fn, NULL, &f);
    napi_set_named_property(env, exports, fns[i].name, f);
  }
  return exports;
}
