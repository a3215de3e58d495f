import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { wasmFromBase64Module } from './prisma-wasm.js';

// TypeScript declares WebAssembly in lib "dom", which the server does not load
declare const WebAssembly: {
  Module: { new (bytes: Uint8Array): object; exports(m: object): { name: string }[] };
};

const SQLITE = '@prisma/client/runtime/query_compiler_fast_bg.sqlite.wasm-base64.mjs';

test('compiles the query compiler from the base64 module, as importing it would', async () => {
  const { wasm } = (await import(SQLITE)) as { wasm: string };
  const viaImport = new WebAssembly.Module(Buffer.from(wasm, 'base64'));
  const viaFile = await wasmFromBase64Module(SQLITE);
  assert.ok(viaFile instanceof WebAssembly.Module);
  const names = (m: object) => WebAssembly.Module.exports(m).map((e) => e.name);
  assert.deepEqual(names(viaFile), names(viaImport));
  assert.ok(names(viaImport).length > 0);
});

test('both generated clients load it through prisma-wasm.ts (scripts/db-generate.mjs)', () => {
  for (const kind of ['sqlite', 'postgres']) {
    const url = new URL(`./generated/${kind}/internal/class.js`, import.meta.url);
    const text = fs.readFileSync(url, 'utf8');
    assert.match(text, /wasmFromBase64Module\("@prisma\/client\/runtime\/query_compiler_fast_bg\./);
    assert.doesNotMatch(text, /decodeBase64AsWasm\(wasm\)/);
  }
});

test('a file without the string literal is refused with its name', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'prisma-wasm-')), 'empty.mjs');
  fs.writeFileSync(file, 'export const wasm = 1;\n');
  await assert.rejects(
    wasmFromBase64Module(pathToFileURL(file).href),
    /no base64 string in .*empty\.mjs/,
  );
});
