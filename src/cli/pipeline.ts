/**
 * The pipeline the CLI runs: the core's own parseLog (exactly what the worker runs), the core's in-context error
 * explanations, and the findings' verdict line. Kept apart from main.ts so tests run the CLI on the real core
 * without touching the process.
 */
import { explainEvent } from '../msnp/explain';
import { buildVerdict } from '../msnp/findings/index';
import { parseLog } from '../msnp/parse-log';
import type { CliPipeline } from './run-cli';

export const CORE_PIPELINE: CliPipeline = {
  parse: (bytes, options) => parseLog(bytes, options),
  explain: (event, result) => {
    const ex = explainEvent(result, event.id);
    return ex === null ? null : { inContext: ex.inContext, advice: ex.advice };
  },
  verdict: (result) => buildVerdict(result.findings, result.events),
};
