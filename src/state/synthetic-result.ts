/**
 * A synthetic ParseResult of any size (one NS connection, verbs cycling, every 97th event an 800 error), for
 * correctness tests on many rows and for the node UI benchmark (bench/ui-bench.ts). Not used by the app.
 */
import { lookupError } from '../msnp/error-codes';
import { toConnectionId, toEventId, type LogEvent, type ParseResult } from '../msnp/types';

const VERBS = ['USR', 'CAL', 'MSG', 'XFR', 'CHG', 'PNG'] as const;

function syntheticEvent(i: number): LogEvent {
  const isErr = i % 97 === 0;
  const verb = VERBS[i % VERBS.length] ?? 'USR';
  return {
    id: toEventId(i), line: i + 1, endLine: i + 1, direction: i % 2 === 0 ? 'client' : 'server',
    connection: toConnectionId('NS1'), time: i, command: isErr ? '800' : verb, error: isErr ? lookupError(800) : null,
    trId: i % 1000, params: ['a@b.c'], raw: `${verb} ${i % 1000} user${i % 5000}@hotmail.com`, payload: null, flags: [],
    replyTo: null, replies: [], status: 'not-a-command', latencyMs: null,
  };
}

export function syntheticResult(n: number): ParseResult {
  const events = Array.from({ length: n }, (_, i) => syntheticEvent(i));
  const conn = toConnectionId('NS1');
  return {
    schemaVersion: 1,
    input: { fileName: 'synthetic.log', bytes: 0, lines: n, encoding: 'utf-8', lineEndings: 'lf', invalidUtf8Lines: 0, binaryRatio: 0 },
    detection: { dialect: 'transcript', confidence: 1, forced: false, candidates: [], reason: 'synthetic' },
    hasTimes: true,
    connections: [{
      id: conn, kind: 'NS', sourceName: null, protocol: null, protocolVersion: null, firstEvent: toEventId(0),
      lastEvent: toEventId(Math.max(0, n - 1)), eventCount: n, inferredFrom: 'first',
    }],
    events, nonProtocol: [], diagnostics: [], findings: [], sessionStarts: [],
    stats: { byCommand: {}, errorsByCode: {}, errorsByClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, '6xx': 0, '7xx': 0, '8xx': 0, '9xx': 0 }, unanswered: 0, orphans: 0 },
  };
}
