{
  "targets": [
    {
      "target_name": "sockwrite",
      "sources": ["src/sockwrite.c"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["-Wall", "-Wextra", "-O2"]
    }
  ]
}
