/**
 * Test-only helpers for the state and worker tests: read the bundled sample logs from disk and parse them
 * with the real pipeline, and a store whose parse client runs on the main thread (node has no Worker).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseLog } from '../msnp/parse-log';
import type { ParseResult } from '../msnp/types';
import { createParseClient, type ParseFn } from '../worker/client';
import { SAMPLE_LOGS, type SampleLog } from './samples';
import { createAppStore, type AppStore } from './store';

export function sampleBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(resolve('public/samples', file)));
}

export function sampleById(id: SampleLog['id']): SampleLog {
  const s = SAMPLE_LOGS.find((x) => x.id === id);
  if (!s) throw new Error(`no sample ${id}`);
  return s;
}

export function parseSample(id: SampleLog['id']): ParseResult {
  const s = sampleById(id);
  return parseLog(sampleBytes(s.file), { fileName: s.file });
}

/** A store over the real pipeline, without a worker; samples come from public/samples. */
export function createTestStore(parse: ParseFn = parseLog): AppStore {
  return createAppStore({
    client: createParseClient({ parse, createWorker: () => null }),
    fetchSample: (sample) => Promise.resolve(new Blob([sampleBytes(sample.file).slice().buffer])),
  });
}
