#!/usr/bin/env node
// Deterministic, seeded generator of realistic MSNP logs of a target size, for `npm run bench` and tests.
// The sessions themselves (logins, switchboards, payloads, 713/800 bursts, errors) are in log-sessions.mjs;
// this module renders them in a log tool's shape and writes them out in 1 MB chunks, so 100 MB costs no memory.
//
// Forms:
//   transcript  `>>> MSG 4 N 133` / `<<< …`, payload bodies on the following lines (bytes counted with CRLF
//               between body lines, as on the wire); a blank line and a prose line between sessions.
//   libpurple   `(HH:MM:SS) msn: C: SB 004: MSG 4 N 133`, payloads not shown, other categories as noise.
//
// Usage: node bench/generate-log.mjs [--size 10M|100M|<bytes>] [--form transcript|libpurple|all] [--seed N]
//                                    [--out DIR]
// Writes DIR/msnp-<size>-<form>.log and DIR/msnp-<size>-<form>.json (what was generated: lines, messages…).
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSession, makeRng, makeSessionWriter } from './log-sessions.mjs';

export const FORMS = ['transcript', 'libpurple'];
export const DEFAULT_SEED = 20_100_318;

const pad2 = (n) => String(n).padStart(2, '0');
function clockText(ms) {
  const s = Math.floor(ms / 1000) % 86_400;
  return `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`;
}

/** Renders one record as log lines (without line ends); counts what a parser should find. */
function makeRenderer(form, counts) {
  if (form === 'transcript') {
    return (rec) => {
      if (rec.kind === 'noise') {
        if (!rec.text.startsWith('account:')) return [];
        counts.noiseLines += 2;
        return ['', `login attempt for ${rec.text.slice(rec.text.lastIndexOf(' ') + 1)}`];
      }
      const head = `${rec.dir === 'C' ? '>>>' : '<<<'} ${rec.text}`;
      return rec.body === null ? [head] : [head, ...rec.body.split('\r\n')];
    };
  }
  if (form === 'libpurple') {
    return (rec) => {
      const stamp = `(${clockText(rec.t)}) `;
      if (rec.kind === 'noise') {
        counts.noiseLines++;
        return [stamp + rec.text];
      }
      const conn = `${rec.conn.kind} ${String(rec.conn.serial).padStart(3, '0')}`;
      return [`${stamp}msn: ${rec.dir}: ${conn}: ${rec.text}`];
    };
  }
  throw new Error(`unknown form ${form}; expected one of ${FORMS.join(', ')}`);
}

/**
 * Generates a log of about `bytes` bytes and hands its text to `sink` in chunks. Returns what it generated:
 * the protocol messages a parser must find, the error replies, the payload-bearing messages, the noise lines.
 */
export function generateLog({ bytes, form, seed = DEFAULT_SEED }, sink) {
  const counts = { form, seed, bytes: 0, lines: 0, messages: 0, clientMessages: 0, payloads: 0, errorReplies: 0,
    noiseLines: 0, sessions: 0, switchboards: 0 };
  const render = makeRenderer(form, counts);
  let chunk = [];
  let chunkBytes = 0;
  const flush = () => {
    if (chunk.length === 0) return;
    sink(`${chunk.join('\n')}\n`);
    chunk = [];
    chunkBytes = 0;
  };
  const rng = makeRng(seed);
  const emit = (rec) => {
    if (rec.kind === 'msg') {
      counts.messages++;
      if (rec.dir === 'C') counts.clientMessages++;
      if (rec.body !== null) counts.payloads++;
      if (/^\d{3} /.test(rec.text)) counts.errorReplies++;
      if (rec.conn.kind === 'SB' && rec.conn.trId === 1 && rec.dir === 'C') counts.switchboards++;
    }
    for (const line of render(rec)) {
      const n = Buffer.byteLength(line, 'utf8') + 1;
      counts.bytes += n;
      counts.lines++;
      chunkBytes += n;
      chunk.push(line);
    }
    if (chunkBytes >= 1 << 20) flush();
  };
  const w = makeSessionWriter(rng, emit);
  const stop = () => counts.bytes >= bytes;
  while (!stop()) {
    counts.sessions++;
    generateSession(w, w.handle(), stop);
  }
  flush();
  return counts;
}

/** The whole log as a string: for tests and small sizes only. */
export function generateLogText(options) {
  const parts = [];
  const summary = generateLog(options, (s) => parts.push(s));
  return { text: parts.join(''), summary };
}

/** `10M` → 10 485 760, `512k` → 524 288, `123` → 123. */
export function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([kKmMgG]?)[bB]?$/.exec(text);
  if (!m) throw new Error(`bad size '${text}': use e.g. 10M, 100M, 512k or a byte count`);
  const mult = { '': 1, k: 1 << 10, m: 1 << 20, g: 1 << 30 }[m[2].toLowerCase()];
  return Math.round(Number(m[1]) * mult);
}

/** Writes one form to DIR/msnp-<label>-<form>.log (+ .json summary); returns the summary with its paths. */
export function writeLogFile({ bytes, label, form, seed = DEFAULT_SEED, outDir }) {
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `msnp-${label}-${form}.log`);
  const fd = openSync(path, 'w');
  let summary;
  try {
    summary = generateLog({ bytes, form, seed }, (s) => writeSync(fd, s));
  } finally {
    closeSync(fd);
  }
  const withPath = { ...summary, label, path, summaryPath: path.replace(/\.log$/, '.json') };
  writeFileSync(withPath.summaryPath, `${JSON.stringify(withPath, null, 2)}\n`);
  return withPath;
}

function parseArgs(argv) {
  const opts = { size: '10M', form: 'all', seed: DEFAULT_SEED, out: 'bench/out' };
  for (let i = 0; i < argv.length; i++) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (key === '--size') opts.size = value;
    else if (key === '--form') opts.form = value;
    else if (key === '--seed') opts.seed = Number(value);
    else if (key === '--out') opts.out = value;
    else throw new Error(`unknown argument ${key}`);
    i++;
  }
  return opts;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const forms = opts.form === 'all' ? FORMS : [opts.form];
  for (const form of forms) {
    const t0 = performance.now();
    const s = writeLogFile({ bytes: parseSize(opts.size), label: opts.size, form, seed: opts.seed, outDir: opts.out });
    const secs = ((performance.now() - t0) / 1000).toFixed(1);
    console.log(`${s.path}: ${(s.bytes / 2 ** 20).toFixed(1)} MB, ${s.lines} lines, ${s.messages} messages ` +
      `(${s.payloads} with payload, ${s.errorReplies} errors), ${s.switchboards} switchboards, ${s.sessions} sessions in ${secs}s`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
