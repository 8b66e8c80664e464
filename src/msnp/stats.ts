/**
 * Stage: the counts a summary shows (CLI text form, JSON `stats`, the UI overview): messages per command,
 * errors per code and per class, unanswered commands and orphan replies.
 */
import { classOfCode } from './error-codes';
import { STATUS_CODES, type EventStore } from './event-store';
import type { Diagnostic, ErrorClass, LogEvent, Stats } from './types';

const UNANSWERED_CODE = STATUS_CODES.indexOf('unanswered');

const CLASSES: readonly ErrorClass[] = ['2xx', '3xx', '4xx', '5xx', '6xx', '7xx', '8xx', '9xx'];

/** Count events by command (errors under their code too) and error, and the unanswered / orphan totals. One pass, no per-event allocation. */
export function computeStats(events: readonly LogEvent[], diagnostics: readonly Diagnostic[]): Stats {
  const counter = new StatsCounter();
  for (const e of events) counter.add(e);
  return counter.result(diagnostics);
}

/** The counting half of computeStats, fed one event at a time (the event builder feeds it in its own pass). */
export class StatsCounter {
  private readonly byCommand = new Map<string, number>();
  private readonly errorsByCode = new Map<string, number>();
  private readonly errorsByClass = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<ErrorClass, number>;
  private unanswered = 0;
  /** Counts by the store's verb id, folded into byCommand at the end (no map look-up per event). */
  private readonly verbCounts: number[] = [];
  private readonly codeCounts = new Map<number, number>();
  private store: EventStore | null = null;

  /** Count event i of a store from its columns. */
  addStored(store: EventStore, i: number): void {
    this.store = store;
    if (store.statusCode(i) === UNANSWERED_CODE) this.unanswered++;
    const v = store.verbIdOf(i);
    this.verbCounts[v] = (this.verbCounts[v] ?? 0) + 1;
    const code = store.codeOf(i);
    if (code >= 0) this.codeCounts.set(code, (this.codeCounts.get(code) ?? 0) + 1);
  }

  private foldStored(): void {
    const store = this.store;
    if (store === null) return;
    this.verbCounts.forEach((n, v) => {
      const verb = store.verbs[v] ?? '';
      this.byCommand.set(verb, (this.byCommand.get(verb) ?? 0) + n);
    });
    for (const [code, n] of this.codeCounts) {
      const key = String(code);
      this.errorsByCode.set(key, (this.errorsByCode.get(key) ?? 0) + n);
      this.errorsByClass[classOfCode(code)] += n;
    }
    this.verbCounts.length = 0;
    this.codeCounts.clear();
    this.store = null;
  }

  add(e: LogEvent): void {
    if (e.status === 'unanswered') this.unanswered++;
    // Every event counts under its command (error lines under their code) so the counts add up to the events.
    this.byCommand.set(e.command, (this.byCommand.get(e.command) ?? 0) + 1);
    if (e.error === null) return;
    const code = String(e.error.code);
    this.errorsByCode.set(code, (this.errorsByCode.get(code) ?? 0) + 1);
    this.errorsByClass[e.error.class]++;
  }

  result(diagnostics: readonly Diagnostic[]): Stats {
    this.foldStored();
    let orphans = 0;
    for (const d of diagnostics) if (d.kind === 'orphan-reply') orphans += d.events.length;
    return {
      byCommand: sortedRecord(this.byCommand),
      errorsByCode: sortedRecord(this.errorsByCode),
      errorsByClass: { ...this.errorsByClass },
      unanswered: this.unanswered,
      orphans,
    };
  }
}

/** A record with keys in a stable order (codes numerically, verbs alphabetically) for dumps and JSON. */
function sortedRecord(map: Map<string, number>): Record<string, number> {
  const keys = [...map.keys()].sort((a, b) => (a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length));
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = map.get(k) ?? 0;
  return out;
}
