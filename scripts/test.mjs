#!/usr/bin/env node
// `npm test`: typecheck (app + DOM-less core), import-boundary check, unit tests (vitest), e2e (Playwright on the
// built app in Debian's Chromium). Every step runs even if an earlier one fails; the last line is the plain
// closing line CI reads:  tests: N passed, N failed[, N skipped]
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const OUT = 'reports'; // not test-results/: Playwright empties its outputDir when it starts
const UNIT_JSON = `${OUT}/unit.json`;
const E2E_JSON = `${OUT}/e2e.json`; // written by the json reporter in playwright.config.ts
rmSync(UNIT_JSON, { force: true });
rmSync(E2E_JSON, { force: true });
mkdirSync(OUT, { recursive: true });

const onlyUnit = process.argv.includes('--unit');
const bin = (name) => `node_modules/.bin/${name}`;
function step(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status ?? 1;
}
const readJson = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : null);

let passed = 0;
let failed = 0;
let skipped = 0;
let stepFailures = 0;
const parts = [];

for (const [label, project] of [['typecheck app', 'tsconfig.json'], ['typecheck core (no DOM)', 'tsconfig.core.json']]) {
  if (step(label, bin('tsc'), ['-p', project]) !== 0) {
    stepFailures++;
    parts.push(`${label} FAILED`);
  }
}
if (step('import boundaries', 'node', ['scripts/check-imports.mjs']) !== 0) {
  stepFailures++;
  parts.push('import boundaries FAILED');
}

const noColor = process.stdout.isTTY ? {} : { NO_COLOR: '1' };
const unitRc = step('unit', bin('vitest'), ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${UNIT_JSON}`], noColor);
const u = readJson(UNIT_JSON);
if (u) {
  passed += u.numPassedTests;
  failed += u.numFailedTests;
  skipped += u.numPendingTests + u.numTodoTests;
  parts.push(`unit ${u.numPassedTests} passed/${u.numFailedTests} failed`);
}
if (unitRc !== 0 && (!u || u.numFailedTests === 0)) {
  stepFailures++;
  parts.push(`unit runner exited ${unitRc}`);
}

if (!onlyUnit) {
  const e2eRc = step('e2e', bin('playwright'), ['test']);
  const e = readJson(E2E_JSON);
  if (e) {
    passed += e.stats.expected + e.stats.flaky;
    failed += e.stats.unexpected;
    skipped += e.stats.skipped;
    parts.push(`e2e ${e.stats.expected + e.stats.flaky} passed/${e.stats.unexpected} failed`);
  }
  if (e2eRc !== 0 && (!e || e.stats.unexpected === 0)) {
    stepFailures++;
    parts.push(`e2e runner exited ${e2eRc}`);
  }
}

failed += stepFailures; // a step that broke without failing a test still counts as a failure
console.log(`\nsummary: ${parts.join('; ')}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
