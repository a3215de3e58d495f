// Summarises a V8 .heapsnapshot (node --heapsnapshot-signal, DevTools, v8.writeHeapSnapshot) with
// plain parsing: the live objects by constructor (self sizes), the largest strings, and for chosen
// classes what each instance retains (a dominator tree, Lengauer-Tarjan), split by the property it
// holds it through. Format: https://developer.chrome.com/docs/devtools/memory-problems/heap-snapshots
// (the snapshot's own `meta` names the fields). Weak edges do not retain.
// Usage: node bench/heap-summary.mjs FILE [--classes A,B,...] [--top N]
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** the non-negative integers of the JSON array that starts at `from` (its '['), into `out` */
function readInts(buf, from, out) {
  let i = buf.indexOf(0x5b, from) + 1; // '['
  let k = 0;
  let v = 0;
  let inNumber = false;
  for (; k < out.length; i++) {
    const c = buf[i];
    if (c >= 0x30 && c <= 0x39) {
      v = v * 10 + (c - 0x30);
      inNumber = true;
    } else if (inNumber) {
      out[k++] = v;
      v = 0;
      inNumber = false;
    }
  }
  return out;
}

/** Parses the parts of a snapshot the summary needs: nodes, edges, strings. */
export function parseSnapshot(file) {
  const buf = fs.readFileSync(file);
  const at = (key) => {
    const i = buf.indexOf(`"${key}":`);
    if (i < 0) throw new Error(`${file}: no "${key}" (not a complete heap snapshot?)`);
    return i;
  };
  const nodesAt = at('nodes');
  const head = JSON.parse(`${buf.toString('utf8', 0, nodesAt).replace(/,\s*$/, '')}}`);
  const { meta, node_count: nodeCount, edge_count: edgeCount } = head.snapshot;
  const nodeWidth = meta.node_fields.length;
  const edgeWidth = meta.edge_fields.length;
  const rawNodes = readInts(buf, nodesAt, new Float64Array(nodeCount * nodeWidth));
  const rawEdges = readInts(buf, at('edges'), new Uint32Array(edgeCount * edgeWidth));
  const stringsAt = buf.indexOf(0x5b, at('strings'));
  const strings = JSON.parse(buf.toString('utf8', stringsAt, buf.lastIndexOf(0x5d) + 1));
  const nf = (name) => meta.node_fields.indexOf(name);
  const ef = (name) => meta.edge_fields.indexOf(name);
  const pick = (raw, width, field, Type) => {
    const out = new Type(raw.length / width);
    for (let i = 0; i < out.length; i++) out[i] = raw[i * width + field];
    return out;
  };
  const nodes = {
    type: pick(rawNodes, nodeWidth, nf('type'), Uint8Array),
    name: pick(rawNodes, nodeWidth, nf('name'), Uint32Array),
    size: pick(rawNodes, nodeWidth, nf('self_size'), Float64Array),
    edges: pick(rawNodes, nodeWidth, nf('edge_count'), Uint32Array),
  };
  const edges = {
    type: pick(rawEdges, edgeWidth, ef('type'), Uint8Array),
    name: pick(rawEdges, edgeWidth, ef('name_or_index'), Uint32Array),
    to: pick(rawEdges, edgeWidth, ef('to_node'), Uint32Array).map((x) => x / nodeWidth),
  };
  const first = new Uint32Array(nodeCount + 1);
  for (let i = 0; i < nodeCount; i++) first[i + 1] = first[i] + nodes.edges[i];
  return {
    nodeCount,
    nodes,
    edges,
    first,
    strings,
    nodeTypes: meta.node_types[0],
    edgeTypes: meta.edge_types[0],
  };
}

/**
 * Immediate dominators from the root (node 0) over the retaining (non-weak) edges, by the simple
 * Lengauer-Tarjan algorithm, iteratively (the graph is millions of nodes deep in places). Returns
 * the DFS order (`order[k]` = node), each node's DFS number (-1: unreachable) and each DFS
 * number's immediate dominator as a DFS number.
 */
export function dominators(snap) {
  const { nodeCount, edges, first } = snap;
  const weak = snap.edgeTypes.indexOf('weak');
  const num = new Int32Array(nodeCount).fill(-1);
  const order = new Int32Array(nodeCount);
  const parent = new Int32Array(nodeCount);
  let n = 0;
  const stack = [0];
  const cursor = new Uint32Array(nodeCount);
  num[0] = n;
  order[n++] = 0;
  cursor[0] = first[0];
  while (stack.length) {
    const v = stack.at(-1);
    if (cursor[v] === first[v + 1]) {
      stack.pop();
      continue;
    }
    const e = cursor[v]++;
    if (edges.type[e] === weak) continue;
    const w = edges.to[e];
    if (num[w] >= 0) continue;
    num[w] = n;
    parent[n] = num[v];
    order[n++] = w;
    cursor[w] = first[w];
    stack.push(w);
  }
  // predecessors by DFS number (reachable ones only), as a compressed row table
  const predFirst = new Uint32Array(n + 1);
  const retaining = (e, from) => edges.type[e] !== weak && num[from] >= 0;
  for (let v = 0; v < nodeCount; v++)
    for (let e = first[v]; e < first[v + 1]; e++)
      if (retaining(e, v)) predFirst[num[edges.to[e]] + 1]++;
  for (let k = 0; k < n; k++) predFirst[k + 1] += predFirst[k];
  const preds = new Int32Array(predFirst[n]);
  const fill = predFirst.slice(0, n);
  for (let v = 0; v < nodeCount; v++)
    for (let e = first[v]; e < first[v + 1]; e++)
      if (retaining(e, v)) preds[fill[num[edges.to[e]]]++] = num[v];

  const semi = Int32Array.from({ length: n }, (_, k) => k);
  const label = Int32Array.from({ length: n }, (_, k) => k);
  const ancestor = new Int32Array(n).fill(-1);
  const dom = new Int32Array(n);
  const bucketHead = new Int32Array(n).fill(-1);
  const bucketNext = new Int32Array(n).fill(-1);
  const path = [];
  const evaluate = (v) => {
    if (ancestor[v] < 0) return v;
    // compress the ancestor path, iteratively
    for (let u = v; ancestor[ancestor[u]] >= 0; u = ancestor[u]) path.push(u);
    while (path.length) {
      const u = path.pop();
      const a = ancestor[u];
      if (semi[label[a]] < semi[label[u]]) label[u] = label[a];
      ancestor[u] = ancestor[a];
    }
    return label[v];
  };
  for (let w = n - 1; w > 0; w--) {
    for (let i = predFirst[w]; i < predFirst[w + 1]; i++) {
      const u = evaluate(preds[i]);
      if (semi[u] < semi[w]) semi[w] = semi[u];
    }
    bucketNext[w] = bucketHead[semi[w]];
    bucketHead[semi[w]] = w;
    const p = parent[w];
    ancestor[w] = p;
    for (let v = bucketHead[p]; v >= 0; v = bucketNext[v]) {
      const u = evaluate(v);
      dom[v] = semi[u] < semi[v] ? u : p;
    }
    bucketHead[p] = -1;
  }
  for (let w = 1; w < n; w++) if (dom[w] !== semi[w]) dom[w] = dom[dom[w]];
  return { n, order, num, dom };
}

/** what each node would free with it: its own size and all it dominates (by DFS number) */
export function retainedSizes(snap, d) {
  const retained = new Float64Array(d.n);
  for (let k = 0; k < d.n; k++) retained[k] = snap.nodes.size[d.order[k]];
  for (let k = d.n - 1; k > 0; k--) retained[d.dom[k]] += retained[k];
  return retained;
}

/** how the summary groups a node: its constructor, or the kind of V8-internal thing it is */
function groupOf(snap, node) {
  const type = snap.nodeTypes[snap.nodes.type[node]];
  const name = snap.strings[snap.nodes.name[node]];
  if (name.startsWith('system / ')) return `(system) ${name.slice(9, 49)}`;
  if (type === 'object' || type === 'native') return name;
  if (type.includes('string')) return '(string)';
  if (type === 'closure') return '(closure)';
  if (type === 'hidden' || type === 'object shape') return `(system) ${name.slice(0, 40)}`;
  return `(${type})`;
}

const MB = (bytes) => (bytes / 1048576).toFixed(1);

/**
 * The summary as printable lines: reachable heap, the `top` constructors by self size, the five
 * largest strings, and for each class in `classes` its instances' retained sizes split by field.
 */
export function summarise(file, { classes = [], top = 20 } = {}) {
  const snap = parseSnapshot(file);
  const d = dominators(snap);
  const retained = retainedSizes(snap, d);
  const lines = [`heap snapshot: ${MB(retained[0])} MB reachable in ${d.n} objects`];
  const groups = new Map();
  const strings = [];
  const stringTypes = new Set(['string', 'concatenated string', 'sliced string']);
  for (let k = 0; k < d.n; k++) {
    const node = d.order[k];
    const key = groupOf(snap, node);
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count++;
    g.size += snap.nodes.size[node];
    groups.set(key, g);
    if (stringTypes.has(snap.nodeTypes[snap.nodes.type[node]]))
      strings.push([snap.nodes.size[node], node]);
  }
  lines.push(`  by constructor (self sizes; strings, arrays and code each one group):`);
  for (const [key, g] of [...groups].sort((a, b) => b[1].size - a[1].size).slice(0, top))
    lines.push(`    ${MB(g.size).padStart(7)} MB  ${String(g.count).padStart(9)}  ${key}`);
  lines.push('  largest strings:');
  for (const [size, node] of strings.sort((a, b) => b[0] - a[0]).slice(0, 5)) {
    const text = JSON.stringify(snap.strings[snap.nodes.name[node]].slice(0, 60));
    lines.push(`    ${MB(size).padStart(7)} MB  ${text}`);
  }
  for (const cls of classes) lines.push(...classLines(snap, d, retained, cls));
  return lines;
}

/** each instance of `cls`: what it retains, by the property that holds each part */
function classLines(snap, d, retained, cls) {
  const object = snap.nodeTypes.indexOf('object');
  const mine = [];
  for (let k = 0; k < d.n; k++) {
    const node = d.order[k];
    if (snap.nodes.type[node] === object && snap.strings[snap.nodes.name[node]] === cls)
      mine.push(k);
  }
  if (!mine.length) return [`  ${cls}: no instance`];
  const out = [];
  const parts = new Map(mine.map((k) => [k, new Map()]));
  for (let k = 1; k < d.n; k++) {
    const byName = parts.get(d.dom[k]);
    if (!byName) continue;
    // the property of the instance that points at this dominated part, if one does
    const owner = d.order[d.dom[k]];
    const target = d.order[k];
    let name = '(reached through several of its fields)';
    for (let e = snap.first[owner]; e < snap.first[owner + 1]; e++) {
      if (snap.edges.to[e] !== target) continue;
      const t = snap.edgeTypes[snap.edges.type[e]];
      name =
        t === 'element' || t === 'hidden'
          ? `[${snap.edges.name[e]}]`
          : snap.strings[snap.edges.name[e]];
      break;
    }
    byName.set(name, (byName.get(name) ?? 0) + retained[k]);
  }
  for (const k of mine) {
    const split = [...parts.get(k)]
      .sort((a, b) => b[1] - a[1])
      .filter(([, size]) => size >= 0.05 * 1048576)
      .map(([name, size]) => `${name} ${MB(size)}`);
    out.push(
      `  ${cls} retains ${MB(retained[k])} MB: ${split.join(', ') || 'nothing over 0.05 MB'}`,
    );
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: node bench/heap-summary.mjs FILE [--classes A,B] [--top N]');
  const opt = (name) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const classes = opt('--classes')?.split(',') ?? [];
  console.log(summarise(file, { classes, top: Number(opt('--top') ?? 20) }).join('\n'));
}
