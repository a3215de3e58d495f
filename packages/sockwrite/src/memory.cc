// A memory-reducing collection of the calling thread's V8 heap (issue #18), started now. After a wave of
// listeners connects, V8 keeps the pages their garbage took: a plain full collection (gc())
// frees the objects but not the pages, and only V8's memory-pressure path compacts the heap and
// gives its empty pages back. Node offers no JavaScript call for it, hence this one function.
// Context-aware (NAPI_MODULE_INIT): the stream thread and the main thread each load it.
#include <node_api.h>
#include <v8.h>

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

NAPI_MODULE_INIT() {
  napi_value fn;
  if (napi_create_function(env, "reduceMemory", NAPI_AUTO_LENGTH, ReduceMemory, nullptr, &fn) !=
      napi_ok)
    return nullptr;
  if (napi_set_named_property(env, exports, "reduceMemory", fn) != napi_ok) return nullptr;
  return exports;
}
