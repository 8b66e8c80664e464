#!/usr/bin/env node
// Browser benchmark of the built app (issue #3), run by `npm run bench` (scripts/bench.mjs) or on its own:
//   node scripts/bench-browser.mjs [--size 100M | --lines N] [--form libpurple|transcript] [--runs 3]
//                                  [--no-build] [--port N] [--dist DIR] [--profile] [--trace FILE]
// --profile builds unminified and records a CPU profile of the main thread from the drop to the usable table
// (Chrome DevTools Protocol), printing the top self-time functions and the longest tasks. --trace FILE writes a
// Chromium trace of the first run's load (drop to workspace mounted; open it in the DevTools Performance panel):
// each main-thread task with what ran in it, to tell which task is the long one.
// It builds the app into dist-bench-browser/, serves it (and the generated log) from a tiny same-origin static
// server, and drives Chromium with Playwright. Measured with the Performance API inside the page:
//   - drop → usable table: from the drop event to the first table row painted (a frame after it is in the DOM);
//   - drop → whole workspace mounted (filters, overview strip and findings mount after the table);
//   - the longest main-thread task from the drop until the workspace is mounted (Long Tasks API; target < 100 ms);
//   - filter change → paint: a chip click or a query keystroke to the frame that shows the new count
//     (target < 100 ms);
//   - scroll frame times: requestAnimationFrame deltas while the table scrolls through the log.
// Prints medians and writes reports/bench-browser.json. The log comes from bench/generate-log.mjs (seeded).
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { DEFAULT_SEED, generateLogText, parseSize, writeLogFile } from '../bench/generate-log.mjs';

let DIST = 'dist-bench-browser';
const LOG_DIR = 'bench/out';
const REPORT = 'reports/bench-browser.json';
const TARGET_TASK_MS = 100;
const TARGET_FILTER_MS = 100;
const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.log': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

function parseArgs(argv) {
  const opts = { size: '100M', lines: null, form: 'libpurple', runs: 3, build: true, port: 4291, profile: false, trace: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => String(argv[++i] ?? '');
    if (a === '--size') opts.size = next();
    else if (a === '--lines') opts.lines = Number(next());
    else if (a === '--form') opts.form = next();
    else if (a === '--runs') opts.runs = Math.max(1, Number(next()));
    else if (a === '--no-build') opts.build = false;
    else if (a === '--port') opts.port = Number(next());
    else if (a === '--dist') DIST = next();
    else if (a === '--profile') opts.profile = true;
    else if (a === '--trace') opts.trace = next();
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

/** Bytes per line of a form, from a small generated sample, to turn `--lines N` into a size. */
function bytesPerLine(form) {
  const { summary } = generateLogText({ bytes: 1 << 20, form });
  return summary.bytes / summary.lines;
}

/** The seeded log for the run: reused from bench/out when it is already there with the same settings. */
function ensureLog(opts) {
  const bytes = opts.lines ? Math.round(opts.lines * bytesPerLine(opts.form)) : parseSize(opts.size);
  const label = opts.lines ? `${opts.lines}lines` : opts.size;
  const summaryPath = join(LOG_DIR, `msnp-${label}-${opts.form}.json`);
  if (existsSync(summaryPath)) {
    const s = JSON.parse(readFileSync(summaryPath, 'utf8'));
    if (s.seed === DEFAULT_SEED && existsSync(s.path) && statSync(s.path).size === s.bytes) return s;
  }
  console.log(`generating the ${label} ${opts.form} log…`);
  mkdirSync(LOG_DIR, { recursive: true });
  return writeLogFile({ bytes, label, form: opts.form, outDir: LOG_DIR });
}

function build(minify = true) {
  const args = ['build', '--outDir', DIST, '--emptyOutDir', '--logLevel', 'error', ...(minify ? [] : ['--minify', 'false'])];
  const r = spawnSync('node_modules/.bin/vite', args, {
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

/** Serves the built app and, at /bench.log, the log file. Same origin, so the app's CSP allows the fetch. */
function serve(port, logPath) {
  const root = resolve(DIST);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = url.pathname === '/bench.log' ? resolve(logPath) : resolve(join(root, url.pathname === '/' ? 'index.html' : url.pathname));
    if (url.pathname !== '/bench.log' && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (!existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  return new Promise((ok) => server.listen(port, '127.0.0.1', () => ok(server)));
}

const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const pct = (xs, p) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** In the page: long-task observer from now on; returns nothing (entries are read later). */
function installObservers() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: false });
}

/** In the page: fetches the log, drops it on the window and resolves when the first row has been painted. */
async function dropAndTime() {
  const blob = await (await fetch('./bench.log')).blob();
  const file = new File([blob], 'bench.log', { type: 'text/plain' });
  const root = document.querySelector('[data-testid="app-root"]');
  const firstRow = () => document.querySelector('[data-testid="timeline"] tbody tr');
  const dt = new DataTransfer();
  dt.items.add(file);
  const t0 = performance.now();
  root.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  await new Promise((ok) => {
    const check = () => (root.getAttribute('data-state') === 'ready' && firstRow() ? ok() : setTimeout(check, 5));
    check();
  });
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  const t1 = performance.now();
  // The rest of the workspace (filters, overview strip, findings) mounts in tasks of its own after the table:
  // those tasks count as load too, and filter changes are timed once they are done.
  await new Promise((ok) => {
    const check = () => (document.querySelector('.workspace[data-settled="true"]') ? ok() : setTimeout(check, 5));
    check();
  });
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  const t2 = performance.now();
  const during = window.__longTasks.filter((t) => t.start >= t0 && t.start <= t2);
  return {
    dropToTableMs: t1 - t0,
    dropToSettledMs: t2 - t0,
    longestTaskMs: during.reduce((m, t) => Math.max(m, t.duration), 0),
    longTasks: during.length,
    // Where each task over the target fell (ms after the drop + its length): which phase of the load it was.
    longTasksAt: during.filter((t) => t.duration > 100).map((t) => `${Math.round(t.start - t0)}+${Math.round(t.duration)}`),
    events: Number(document.querySelector('[data-testid="result-count"]')?.getAttribute('data-total')),
  };
}

/** In the page: one filter change (a chip click, or a query typed) to the frame that shows its new count. */
async function filterToPaint(kind) {
  const count = document.querySelector('[data-testid="result-count"]');
  const before = count.textContent;
  const t0 = performance.now();
  if (kind.startsWith('chip:')) {
    document.querySelector(`[data-testid="chip-${kind.slice(5)}"]`).click();
  } else {
    const input = document.querySelector('[data-testid="query-input"]');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
    setter.call(input, kind.slice(2));
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  await new Promise((ok) => {
    const check = () => (count.textContent !== before ? ok() : requestAnimationFrame(check));
    check();
  });
  // the frame in which the new count is painted
  await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  return performance.now() - t0;
}

/** In the page: scrolls the table for ~2 s and returns the frame-to-frame times. */
async function scrollFrames() {
  const el = document.querySelector('[data-testid="table-scroll"]');
  const frames = [];
  let last = null;
  const end = performance.now() + 2000;
  await new Promise((ok) => {
    const step = (ts) => {
      if (last !== null) frames.push(ts - last);
      last = ts;
      el.scrollTop += 600 + Math.round(el.scrollHeight / 400);
      if (ts < end) requestAnimationFrame(step);
      else ok();
    };
    requestAnimationFrame(step);
  });
  return frames;
}

/** Top self-time functions of a CPU profile (CDP `Profiler.Profile`). */
function topSelfTime(prof, top = 25) {
  const self = new Map();
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  prof.samples.forEach((id, i) => {
    const f = byId.get(id).callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').at(-1)}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (prof.timeDeltas[i] ?? 0));
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top).map(([fn, us]) => ({ fn, ms: Math.round(us / 1000) }));
}

/** Runs `fn`, with a CPU profile around it when `cdp` is set (--profile), and prints its top self time. */
async function profiled(cdp, label, fn) {
  if (!cdp) return fn();
  await cdp.send('Profiler.start');
  const out = await fn();
  const { profile: prof } = await cdp.send('Profiler.stop');
  const file = `reports/bench-browser-${label.replace(/\W+/g, '-')}.cpuprofile`;
  writeFileSync(file, JSON.stringify(prof));
  console.log(`main thread, ${label}: top self time (${file})`);
  for (const h of topSelfTime(prof, 15)) console.log(`  ${String(h.ms).padStart(6)} ms  ${h.fn}`);
  return out;
}

async function measureOnce(browser, base, profile, trace) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(base);
  await page.waitForSelector('[data-testid="app-root"][data-state="empty"]');
  await page.evaluate(installObservers);
  const cdp = profile ? await page.context().newCDPSession(page) : null;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  // The tasks themselves (RunTask events, with what ran in each): a CPU profile has no task boundaries.
  if (trace !== null) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
  const load = await page.evaluate(dropAndTime);
  if (trace !== null) await browser.stopTracing();
  if (cdp) {
    const { profile: prof } = await cdp.send('Profiler.stop');
    mkdirSync('reports', { recursive: true });
    writeFileSync('reports/bench-browser-load.cpuprofile', JSON.stringify(prof));
    console.log('main thread, drop → usable table: top self time (reports/bench-browser-load.cpuprofile)');
    for (const h of topSelfTime(prof)) console.log(`  ${String(h.ms).padStart(6)} ms  ${h.fn}`);
    const tasks = await page.evaluate(() => window.__longTasks.map((t) => Math.round(t.duration)));
    console.log(`long tasks (ms): ${tasks.sort((a, b) => b - a).slice(0, 20).join(', ')}`);
  }
  const filters = await profiled(cdp, 'filter changes', async () => {
    const out = [];
    for (const kind of ['chip:2xx', 'chip:2xx', 'chip:8xx', 'chip:8xx', 'q:cmd:CAL', 'q:', 'q:code:>=700', 'q:']) {
      out.push(await page.evaluate(filterToPaint, kind));
    }
    return out;
  });
  const frames = await profiled(cdp, 'scrolling', () => page.evaluate(scrollFrames));
  await page.close();
  return { ...load, filters, frames };
}

export async function main(argv = process.argv.slice(2)) {
  const opts = parseArgs(argv);
  const log = ensureLog(opts);
  if (opts.build || !existsSync(join(DIST, 'index.html'))) build(!opts.profile);
  const server = await serve(opts.port, log.path);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--disable-quic', '--no-sandbox'],
  });
  const runs = [];
  try {
    for (let r = 0; r < opts.runs; r++) {
      const run = await measureOnce(browser, `http://127.0.0.1:${opts.port}/`, opts.profile && r === 0, r === 0 ? opts.trace : null);
      console.log(
        `run ${r + 1}: drop→table ${run.dropToTableMs.toFixed(0)} ms (settled ${run.dropToSettledMs.toFixed(0)} ms), longest task ${run.longestTaskMs.toFixed(0)} ms (over 100 ms, at ms after the drop + length: ${run.longTasksAt.join(" ") || "none"}), ` +
          `filter→paint median ${median(run.filters).toFixed(0)} ms [${run.filters.map((f) => f.toFixed(0)).join(', ')}], ` +
          `scroll frame median ${median(run.frames).toFixed(1)} ms`,
      );
      runs.push(run);
    }
  } finally {
    await browser.close();
    server.close();
  }
  const summary = {
    log: { path: log.path, bytes: log.bytes, lines: log.lines, messages: log.messages, form: log.form },
    events: runs[0]?.events ?? null,
    runs: runs.length,
    medians: {
      dropToTableMs: median(runs.map((r) => r.dropToTableMs)),
      dropToSettledMs: median(runs.map((r) => r.dropToSettledMs)),
      longestTaskWhileParsingMs: median(runs.map((r) => r.longestTaskMs)),
      filterToPaintMs: median(runs.flatMap((r) => r.filters)),
      filterToPaintP95Ms: pct(runs.flatMap((r) => r.filters), 95),
      scrollFrameMs: median(runs.flatMap((r) => r.frames)),
      scrollFrameP95Ms: pct(runs.flatMap((r) => r.frames), 95),
    },
    targets: { longestTaskMs: TARGET_TASK_MS, filterToPaintMs: TARGET_FILTER_MS },
  };
  mkdirSync('reports', { recursive: true });
  writeFileSync(REPORT, `${JSON.stringify(summary, null, 2)}\n`);
  const m = summary.medians;
  const ok = (v, t) => (v <= t ? 'ok' : `OVER target ${t} ms`);
  console.log(`\nbrowser benchmark, ${(log.bytes / 2 ** 20).toFixed(0)} MB ${log.form} log, ${log.lines} lines, ${summary.events} events, ${runs.length} runs (medians):`);
  console.log(`  drop → usable table        ${m.dropToTableMs.toFixed(0)} ms (whole workspace mounted: ${m.dropToSettledMs.toFixed(0)} ms)`);
  console.log(`  longest main-thread task   ${m.longestTaskWhileParsingMs.toFixed(0)} ms from the drop until the workspace is mounted (${ok(m.longestTaskWhileParsingMs, TARGET_TASK_MS)})`);
  console.log(`  filter change → paint      ${m.filterToPaintMs.toFixed(0)} ms (p95 ${m.filterToPaintP95Ms.toFixed(0)} ms) (${ok(m.filterToPaintMs, TARGET_FILTER_MS)})`);
  console.log(`  scroll frame time          ${m.scrollFrameMs.toFixed(1)} ms (p95 ${m.scrollFrameP95Ms.toFixed(1)} ms)`);
  console.log(`  written to ${REPORT}`);
  return summary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
