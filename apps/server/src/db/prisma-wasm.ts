// Prisma's query compiler as a WebAssembly module, compiled from the bytes of the base64 module
// @prisma/client ships. The generated client imports that module instead (its `wasm` export):
// the module's 4.4 MB source and the 4.4 MB string it exports then live as long as the process,
// 8.4 MB of the main thread's heap doing nothing (docs/streaming.md, "Memory"). Read as a file,
// the text is garbage once the module is compiled. scripts/db-generate.mjs points the generated
// clients here.
import fs from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

// TypeScript declares WebAssembly in lib "dom", which a server does not load
declare const WebAssembly: { Module: new (bytes: Uint8Array) => object };

/** `specifier`: a `query_compiler_*.wasm-base64.mjs` of @prisma/client (`const wasm = "..."`) */
export async function wasmFromBase64Module(specifier: string): Promise<object> {
  const file = await fs.readFile(fileURLToPath(import.meta.resolve(specifier)));
  const start = file.indexOf(0x22); // the string literal's quotes: base64 holds none
  const end = file.indexOf(0x22, start + 1);
  if (start < 0 || end < 0) throw new Error(`prisma-wasm: no base64 string in ${specifier}`);
  return new WebAssembly.Module(Buffer.from(file.toString('latin1', start + 1, end), 'base64'));
}
