#!/usr/bin/env node
// Enforces the layer rules of the architecture: the protocol core imports only itself, the worker only the
// core, state only the core and the worker client, the UI never the worker nor the parse pipeline.
// (ESLint's import zones need the classic TypeScript API, which TypeScript 7's native compiler lacks.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const SRC = resolve('src');
function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(ts|tsx)$/.test(name)) yield p;
  }
}
const layerOf = (file) => relative(SRC, file).split('/')[0];
// Modules of msnp/ that make up the parse pipeline; the UI may use the rest (catalog, formatting, types).
const PIPELINE = new Set(['msnp/parse-log.ts']);
const RULES = {
  msnp: (to) => to.layer === 'msnp',
  worker: (to) => ['msnp', 'worker'].includes(to.layer),
  state: (to) => ['msnp', 'state'].includes(to.layer) || to.rel === 'worker/client.ts' || to.rel === 'worker/protocol.ts',
  ui: (to, isTypeOnly) =>
    ['state', 'ui', 'msnp'].includes(to.layer) && (isTypeOnly || !PIPELINE.has(to.rel)),
  cli: (to) => ['msnp', 'cli'].includes(to.layer),
  'test-utils': () => true,
};
const problems = [];
for (const file of walk(SRC)) {
  if (/\.test\.tsx?$/.test(file)) continue;
  const from = layerOf(file);
  const rule = RULES[from];
  if (!rule) continue;
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    const target = resolve(dirname(file), m[3]);
    const rel = relative(SRC, target).replace(/\.(ts|tsx)$/, '');
    const to = { layer: rel.split('/')[0], rel: `${rel}.ts` };
    if (!rule(to, Boolean(m[2]))) problems.push(`${relative('.', file)}: ${from}/ may not import ${m[3]}`);
  }
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log('import boundaries: ok');
