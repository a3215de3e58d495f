// A memory-reducing collection of the calling thread's V8 heap (issue #18), started now. After a wave of
// listeners connects, V8 keeps the pages their garbage took: a plain full collection (gc())
// frees the objects but not the pages, and only V8's memory-pressure path compacts the heap and
// gives its empty pages back. Node offers no JavaScript call for it, hence this function; and a
// second for the malloc arenas (below).
// Context-aware (NAPI_MODULE_INIT): the stream thread and the main thread each load it.
#include <node_api.h>
#include <v8.h>
#include <atomic>
#include <chrono>
#ifdef __GLIBC__
#include <malloc.h>
#endif

static napi_value ReduceMemory(napi_env env, napi_callback_info info) {
  (void)env;
  (void)info;
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  // kModerate: an incremental marking that reduces memory starts now and goes on in small steps
  // on this thread's event loop, ending with a compaction that unmaps the free pages. kCritical
  // (one full collection at once) paused the stream thread 37 ms with 1,000 listeners.
  if (isolate != nullptr) isolate->MemoryPressureNotification(v8::MemoryPressureLevel::kModerate);
  return nullptr;
}

// The native side: what the sockets, handles and buffers of a wave of connections freed stays in
// glibc's arenas (one per thread that allocates) until malloc_trim(0) gives the free pages back
// (man 3 malloc_trim). It runs on a thread of libuv's pool, so no JavaScript thread waits for it.
struct TrimWork {
  napi_async_work work;
  napi_deferred deferred;
  // 1: memory was given back, 0: none, -1: not glibc, 2: skipped (another thread's just ran)
  int released;
};

static void TrimExecute(napi_env env, void* data) {
  (void)env;
  auto* w = static_cast<TrimWork*>(data);
  if (w->released == 2) return;
#ifdef __GLIBC__
  w->released = malloc_trim(0);
#else
  w->released = -1;
#endif
}

static void TrimComplete(napi_env env, napi_status status, void* data) {
  auto* w = static_cast<TrimWork*>(data);
  napi_value result;
  napi_create_int32(env, status == napi_ok ? w->released : -1, &result);
  napi_resolve_deferred(env, w->deferred, result);
  napi_delete_async_work(env, w->work);
  delete w;
}

// The arenas are the process's, not a thread's: the stream thread and the main thread each trim
// after a wave, a second or so apart, and the second trim found nothing left. One per 10 s.
static std::atomic<int64_t> last_trim_ms{INT64_MIN / 2};
constexpr int64_t kTrimGapMs = 10000;

static napi_value TrimNativeHeap(napi_env env, napi_callback_info info) {
  (void)info;
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  int64_t last = last_trim_ms.load();
  // 2: skipped, another thread trimmed moments ago
  const bool skip = now - last < kTrimGapMs || !last_trim_ms.compare_exchange_strong(last, now);
  auto* w = new TrimWork{nullptr, nullptr, skip ? 2 : 0};
  napi_value promise, name;
  if (napi_create_promise(env, &w->deferred, &promise) != napi_ok ||
      napi_create_string_utf8(env, "paraweb:malloc_trim", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_async_work(env, nullptr, name, TrimExecute, TrimComplete, w, &w->work) !=
          napi_ok ||
      napi_queue_async_work(env, w->work) != napi_ok) {
    delete w;
    napi_throw_error(env, nullptr, "malloc_trim could not be queued");
    return nullptr;
  }
  return promise;
}

static bool Export(napi_env env, napi_value exports, const char* name, napi_callback cb) {
  napi_value fn;
  return napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, nullptr, &fn) == napi_ok &&
         napi_set_named_property(env, exports, name, fn) == napi_ok;
}

NAPI_MODULE_INIT() {
  if (!Export(env, exports, "reduceMemory", ReduceMemory) ||
      !Export(env, exports, "trimNativeHeap", TrimNativeHeap))
    return nullptr;
  return exports;
}
