/**
 * Node benchmark of the UI's data work on a million rows (issue #3), run by `npm run bench` (scripts/bench.mjs)
 * after the parse benchmark. Speeds live here, not in timed unit tests. Measures, as medians of `--runs` runs:
 *   - columns: building the filter/strip columns of a result (done in the worker, off the main thread);
 *   - filter: evaluating a filter over every row (chip-like and typed queries, free text included);
 *   - strip binning: the overview strip's axis (once per log) and its bins (once per filter change);
 *   - whole counts: the chip counts from the worker's tallies, and counting the filtered rows;
 *   - sort: ordering every row by a column header (the radix sort on whole keys, rows.ts).
 * Prints a table and, as its last line, JSON for scripts/bench.mjs. Usage: node dist-bench-ui/ui-bench.js [rows] [runs]
 */
import { buildEventColumns } from '../src/worker/event-columns';
import { getEventIndex, primeEventIndex } from '../src/state/filter/event-index';
import { filterRows, type FilterClause } from '../src/state/filter/filter-eval';
import { parseFilter } from '../src/state/filter/filter-parse';
import { buildRows, sortRows } from '../src/state/rows';
import { SORT_COLUMNS } from '../src/state/url/url-state';
import { countRows, wholeCounts } from '../src/state/selectors';
import { syntheticResult } from '../src/state/synthetic-result';
import { binRows, computeOverviewBase, getOverviewBase } from '../src/ui/overview/overview-model';

const TARGET_FILTER_MS = 100;

function clauses(q: string): FilterClause[] {
  return parseFilter(q).terms.map((t, i) => ({ id: `q${i}`, label: t.source, origin: 'query', body: t.body, negated: t.negated }));
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Median wall and CPU milliseconds of `runs` calls (CPU time barely moves when the machine is shared). */
function time(runs: number, fn: () => unknown): { ms: number; cpuMs: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < runs; k++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(wall), cpuMs: median(cpu) };
}

function main(): void {
  const n = Number(process.argv[2] ?? 1_000_000);
  const runs = Math.max(1, Number(process.argv[3] ?? 5));
  const result = syntheticResult(n);
  const rows: { name: string; ms: number; cpuMs: number; target?: number }[] = [];
  rows.push({ name: 'columns (worker side, once per log)', ...time(Math.min(runs, 3), () => buildEventColumns(result)) });
  primeEventIndex(result, buildEventColumns(result));
  const all = buildRows(result, false);
  for (const q of ['cmd:CAL', 'code:>=700 -dir:client', 'is:error conn:NS1', 'user4242@', 'cmd:MSG,XFR trid:5', '"hotmail"']) {
    const c = clauses(q);
    rows.push({ name: `filter ${q}`, ...time(runs, () => filterRows(result, all, c)), target: TARGET_FILTER_MS });
  }
  const some = filterRows(result, all, clauses('cmd:CAL'));
  rows.push({ name: 'strip axis (once per log)', ...time(runs, () => computeOverviewBase(result)) });
  const base = getOverviewBase(result);
  rows.push({ name: 'strip bins, no filter', ...time(runs, () => binRows(base, all, false, 1400)) });
  rows.push({ name: 'strip bins, 1 in 6 rows hit', ...time(runs, () => binRows(base, some, true, 1400)) });
  rows.push({ name: 'whole-log counts (from tallies)', ...time(runs, () => wholeCounts(result)) });
  rows.push({ name: 'counts of the filtered rows', ...time(runs, () => countRows(result, some)) });
  for (const column of SORT_COLUMNS) {
    if (column !== 'line') rows.push({ name: `sort by ${column}`, ...time(runs, () => sortRows(result, all, { column, desc: true })), target: TARGET_FILTER_MS * 2 });
  }
  console.log(`UI data benchmark, ${n} synthetic rows, median of ${runs} runs (index ${getEventIndex(result).count} rows):`);
  for (const r of rows) {
    const verdict = r.target === undefined ? '' : r.cpuMs < r.target ? `  (< ${r.target} ms ok)` : `  (OVER ${r.target} ms)`;
    console.log(`  ${r.name.padEnd(40)} ${r.ms.toFixed(1).padStart(8)} ms wall ${r.cpuMs.toFixed(1).padStart(8)} ms CPU${verdict}`);
  }
  console.log(JSON.stringify({ rows: n, runs, results: rows }));
}

main();
