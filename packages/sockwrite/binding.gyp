{
  "targets": [
    {
      "target_name": "sockwrite",
      "sources": ["src/sockwrite.c", "src/queue.c", "src/calls.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    },
    {
      "target_name": "memory",
      "sources": ["src/memory.cc"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ]
}
