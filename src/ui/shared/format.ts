/**
 * Small display formatters shared by the timeline, detail pane and transcript: times, durations, connection
 * colours, hex dumps. Pure functions, so they are unit-tested without a DOM.
 */
import type { ConnectionId, Direction } from '../../msnp/types';
import { formatCount, plural } from '../../msnp/format-count';
import type { ClockStep } from '../../state/durations';

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/**
 * `ms since midnight` → `HH:MM:SS.mmm`; days past the first show as `+1d HH:MM:SS`. Milliseconds show when
 * there are some, or always when `step` says the log's clock counts them: a column of `18:30:00` and
 * `18:30:00.100` rows reads ragged, and `18:30:00` there looks like a whole-second stamp.
 */
export function formatTime(ms: number | null, step?: ClockStep): string {
  if (ms === null) return '';
  const day = Math.floor(ms / 86_400_000);
  const rest = ms - day * 86_400_000;
  const h = Math.floor(rest / 3_600_000);
  const m = Math.floor((rest % 3_600_000) / 60_000);
  const s = Math.floor((rest % 60_000) / 1000);
  const milli = Math.round(rest % 1000);
  const clock = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${milli > 0 || step === 'ms' ? `.${pad(milli, 3)}` : ''}`;
  return day > 0 ? `+${day}d ${clock}` : clock;
}

// Durations and deltas live with the state layer, which also words the Status column and the exports with them.
export { formatDelta, formatDuration, type ClockStep } from '../../state/durations';

// Thousands separators and counted nouns: the core's formatters, so the UI and the core's messages agree.
export { formatCount, plural };

/**
 * Eight well-separated hues readable on a light background; NS/DS get the first, SBs rotate through the rest.
 * app.css has a `.conn-badge.hue-N` rule for each of these.
 */
const CONNECTION_HUES = [210, 140, 30, 280, 350, 180, 60, 320] as const;

/** A stable colour for a connection id: the same id gets the same colour in every view and every session. */
export function connectionHue(id: ConnectionId | string): number {
  // e.g. 'SB12' → 12 (+ an offset per kind, so DS1, NS1 and SB1 differ); ids without a number hash.
  const num = /(\d+)$/.exec(id);
  const kindOffset = id.startsWith('SB') ? 1 : id.startsWith('DS') ? 4 : 0;
  const seed = num?.[1] !== undefined ? Number(num[1]) + kindOffset : hashString(id);
  return CONNECTION_HUES[seed % CONNECTION_HUES.length] ?? 210;
}

function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) >>> 0;
  return h;
}

export function directionArrow(direction: Direction | null): string {
  if (direction === 'client') return '→';
  if (direction === 'server') return '←';
  return '·';
}

export function directionLabel(direction: Direction | null): string {
  if (direction === 'client') return 'sent by client';
  if (direction === 'server') return 'from server';
  return 'direction unknown';
}

/** Classic hex dump (16 bytes a line by default) with an ASCII gutter; non-printables show as `.`. */
export function toHexDump(text: string, bytesPerLine = 16, maxBytes = 64 * 1024): string {
  const bytes = new TextEncoder().encode(text);
  const shown = bytes.subarray(0, maxBytes);
  const lines: string[] = [];
  for (let off = 0; off < shown.length; off += bytesPerLine) {
    const chunk = shown.subarray(off, off + bytesPerLine);
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex.padEnd(bytesPerLine * 3 - 1, ' ')}  ${ascii}`);
  }
  if (bytes.length > shown.length) lines.push(`… ${plural(bytes.length - shown.length, 'more byte')} not shown`);
  return lines.join('\n');
}
