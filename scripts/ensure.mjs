#!/usr/bin/env node
// Idempotent set-up used by `npm run dev`, `npm test`, `npm run bench` and `npm run setup`, so a fresh
// clone needs no separate install step.
//   node scripts/ensure.mjs deps      -> `npm ci` when node_modules is missing or differs from package-lock.json
//   node scripts/ensure.mjs chromium  -> Debian's chromium via apt-get when it is missing
// Node built-ins only: it has to run before node_modules exists.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const want = new Set(process.argv.slice(2));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args, { env = process.env, quiet = false } = {}) {
  console.log(`ensure: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  // quiet keeps dpkg's hundreds of lines out of the log unless the command fails.
  const r = spawnSync(cmd, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit', env, maxBuffer: 64 << 20 });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout}${r.stderr}`);
    console.error(`ensure: '${cmd} ${args.join(' ')}' failed with ${r.status ?? r.signal}`);
    process.exit(r.status || 1);
  }
  console.log(`ensure: done in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
}

function depsOutOfDate() {
  const hidden = 'node_modules/.package-lock.json'; // npm rewrites it after every install
  if (!existsSync(hidden)) return true;
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages ?? {};
  const have = JSON.parse(readFileSync(hidden, 'utf8')).packages ?? {};
  // Optional entries (other platforms' native bindings) are legitimately absent.
  return Object.entries(lock).some(([k, v]) => k !== '' && !v.optional && have[k]?.version !== v.version);
}

if (want.has('deps') && depsOutOfDate()) {
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

if (want.has('chromium') && !existsSync(CHROMIUM)) {
  if (!existsSync('/usr/bin/apt-get')) {
    console.error(`ensure: ${CHROMIUM} not found and apt-get is unavailable; install Chromium and set CHROMIUM_PATH.`);
    process.exit(1);
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (args) =>
    sudo.length ? run('sudo', ['-E', 'apt-get', ...args], { env, quiet: true }) : run('apt-get', args, { env, quiet: true });
  apt(['update', '-qq']);
  apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium']);
  if (!existsSync(CHROMIUM)) {
    console.error(`ensure: apt-get finished but ${CHROMIUM} is still missing`);
    process.exit(1);
  }
}
