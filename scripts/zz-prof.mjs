import { chromium } from '@playwright/test';
import { createServer } from 'node:http';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
const DIST = resolve('dist-bench-browser');
const LOG = resolve(process.argv[2]);
const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const server = createServer((req, res) => {
  const p = new URL(req.url, 'http://x').pathname;
  const f = p === '/bench.log' ? LOG : join(DIST, p === '/' ? 'index.html' : p);
  if (!existsSync(f)) return res.writeHead(404).end();
  res.writeHead(200, { 'content-type': MIME[extname(f)] ?? 'application/octet-stream' });
  createReadStream(f).pipe(res);
}).listen(4292, '127.0.0.1');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
await page.goto('http://127.0.0.1:4292/');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
await cdp.send('Profiler.start');
const t = await page.evaluate(async () => {
  const blob = await (await fetch('./bench.log')).blob();
  const dt = new DataTransfer(); dt.items.add(new File([blob], 'bench.log'));
  const root = document.querySelector('[data-testid="app-root"]');
  const t0 = performance.now();
  root.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  await new Promise((ok) => { const c = () => root.getAttribute('data-state') === 'ready' && document.querySelector('tbody tr') ? ok() : setTimeout(c, 5); c(); });
  const t1 = performance.now();
  const el = document.querySelector('[data-testid="table-scroll"]');
  for (let i = 0; i < 5; i++) { el.scrollTop += 3000; await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))); }
  return [t1 - t0, performance.now() - t1];
});
console.log('ready ms, scroll ms', t);
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
profile.samples.forEach((s, i) => {
  const n = byId.get(s); const k = `${n.callFrame.functionName} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
  self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${(v / 1000).toFixed(0)}ms ${k}`).join('\n'));
await browser.close(); server.close();
