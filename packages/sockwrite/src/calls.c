// Calls from libuv's callbacks into JavaScript: a reading connection's bytes (onData) and a
// connection's end (onClosed), each through the function the thread registered once.
#include "conn.h"

/* Both callbacks run in one async context, made when the first is registered. */
static void ensure_context(napi_env env, inst *in) {
  if (in->actx) return;
  napi_value resource, name;
  napi_create_object(env, &resource);
  napi_create_string_utf8(env, "sockwrite", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &in->actx);
}

/* fn(...argv) as a callback from the event loop; an exception is the process's uncaught one. */
static void make_call(napi_env env, inst *in, napi_value fn, size_t argc, napi_value *argv) {
  napi_value recv, res;
  napi_get_global(env, &recv);
  if (napi_make_callback(env, in->actx, recv, fn, argc, argv, &res) == napi_pending_exception) {
    napi_value err;
    napi_get_and_clear_last_exception(env, &err);
    napi_fatal_exception(env, err);
  }
}

void call_closed(napi_env env, inst *in, int slot) {
  if (!in->on_closed || in->tearing_down) return;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, arg;
  if (napi_get_reference_value(env, in->on_closed, &fn) == napi_ok && fn) {
    napi_create_int32(env, slot, &arg);
    make_call(env, in, fn, 1, &arg);
  }
  napi_close_handle_scope(env, scope);
}

void call_data(napi_env env, conn *c, const char *data, size_t len) {
  inst *in = c->in;
  if (!in->on_data || in->tearing_down) return;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value fn, argv[2];
  if (napi_get_reference_value(env, in->on_data, &fn) == napi_ok && fn &&
      napi_create_buffer_copy(env, len, data, NULL, &argv[1]) == napi_ok) {
    napi_create_int32(env, c->slot, &argv[0]);
    make_call(env, in, fn, 2, argv);
  }
  napi_close_handle_scope(env, scope);
}

/* The one function argument of onClosed/onData, referenced into *ref (else a JS exception). */
static napi_value register_fn(napi_env env, napi_callback_info info, napi_ref *ref,
                              const char *what) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  napi_valuetype t = napi_undefined;
  if (argc == 1) napi_typeof(env, argv[0], &t);
  if (t != napi_function) {
    napi_throw_type_error(env, NULL, what);
    return NULL;
  }
  if (*ref) napi_delete_reference(env, *ref);
  napi_create_reference(env, argv[0], 1, ref);
  ensure_context(env, get_inst(env));
  return NULL;
}

/* onClosed(fn): fn(slot) when a peer closes or fails between calls (the slot is free by then) */
napi_value js_on_closed(napi_env env, napi_callback_info info) {
  return register_fn(env, info, &get_inst(env)->on_closed, "sockwrite onClosed: a function");
}

/* onData(fn): fn(slot, bytes) for what a reading connection's peer sent (a Buffer of its own) */
napi_value js_on_data(napi_env env, napi_callback_info info) {
  return register_fn(env, info, &get_inst(env)->on_data, "sockwrite onData: a function");
}
