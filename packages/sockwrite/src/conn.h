// sockwrite's connection and instance records (sockwrite.c) and their queue (queue.c).
#ifndef SOCKWRITE_CONN_H
#define SOCKWRITE_CONN_H
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <node_api.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <uv.h>

#define MAX_IOV 64

typedef struct inst inst;

/* A queued piece: a view of a JS buffer (the flush's, shared by every listener) kept alive by a
 * reference instead of copied, as Node's own write queue keeps it. */
typedef struct piece {
  napi_ref ref;
  const char *data;
  size_t len;
} piece;

typedef struct conn {
  uv_poll_t poll; /* first: the close callback frees the conn through it */
  inst *in;
  int fd;
  int slot;
  int events;  /* what the poll handle watches now */
  int closing; /* graceful close asked: shutdown(SHUT_WR) once the queue is out */
  int reading;  /* the peer's bytes go to onData (an HLS player's requests), else dropped */
  int peer_eof; /* a reading peer half-closed: closed once its answers are out */
  piece *q;    /* what the kernel did not take yet: q[qhead, qhead + qn), qoff bytes of the first
                  sent already */
  unsigned qhead, qn, qcap;
  size_t qoff;
  size_t qlen; /* bytes in the queue */
} conn;

struct inst {
  uv_loop_t *loop;
  conn **slots;
  int cap;
  int *free_slots;
  int nfree;
  int next; /* slots below it were used once */
  /* the instance data and every conn whose handle is not closed yet keep this alive */
  int refs;
  int live; /* conns whose handle is not closed yet */
  int tearing_down;
  napi_async_cleanup_hook_handle cleanup;
  napi_ref on_closed;
  napi_ref on_data;
  napi_async_context actx;
};

/* The instance data of this thread's addon. */
inst *get_inst(napi_env env);
/* Calls onClosed(slot) / onData(slot, a copy of the bytes) (calls.c). */
void call_closed(napi_env env, inst *in, int slot);
void call_data(napi_env env, conn *c, const char *data, size_t len);
/* onClosed(fn), onData(fn): the instance's callbacks (calls.c). */
napi_value js_on_closed(napi_env env, napi_callback_info info);
napi_value js_on_data(napi_env env, napi_callback_info info);

/* Drops what is queued (its references deleted). */
void drop_queue(conn *c);
/* Queues len bytes at data, a view of the JS buffer buf (referenced, not copied); 0 or -1. */
int queue_piece(napi_env env, conn *c, napi_value buf, const char *data, size_t len);
/* Sends what is queued; 0, or -1 when the connection failed. */
int flush_queue(conn *c);

#endif
