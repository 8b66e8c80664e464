/**
 * The overview strip above the table: message density across the whole log (over time, or line order when the
 * log has no times), red marks for errors, marks for the current filter's hits, and the window the table is
 * showing. Click or drag to jump; arrow keys, PageUp/PageDown, Home and End move it too (it is a slider for assistive
 * technology, its value the table's first visible row: overview-keys.ts).
 *
 * Rows are binned once per data/filter change (overview-model.ts); painting only walks the bins.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EventId, ParseResult } from '../../msnp/types';
import { fractionOf, positionAtFraction, type OverviewBins } from './bin-overview';
import { binRows, getOverviewBase, positionOfRow, rowIndexAtPosition } from './overview-model';
import { formatCount, formatTime } from '../shared/format';
import { sliderMove, sliderValue } from './overview-keys';
import { useAppStore } from '../../state/store';

interface Props {
  readonly result: ParseResult;
  readonly rows: Int32Array;
  readonly filtered: boolean;
  readonly lineOrder: boolean;
  readonly onJump: (rowIndex: number) => void;
  /** Findings hook (issue #4): rate-limit bursts drawn as bands over the strip, first … last event. */
  readonly bands?: readonly { readonly id: string; readonly first: EventId; readonly last: EventId; readonly label: string }[];
}

/** The canvas's colours: CSS custom properties (app.css), light or dark with the page. */
interface Palette {
  readonly density: string;
  readonly error: string;
  readonly hit: string;
}

/**
 * The palette as the page resolves it now. A custom property reads back as its light-dark() text, which a
 * canvas cannot use, so each is resolved through the `color` of a probe element.
 */
function resolvePalette(probe: HTMLElement): Palette {
  const resolve = (name: string): string => {
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color;
  };
  return { density: resolve('--density'), error: resolve('--error-mark'), hit: resolve('--hit') };
}

/** Bumps when the system switches between light and dark, so the canvas is painted again in the new colours. */
function useColorSchemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const bump = (): void => setVersion((v) => v + 1);
    query.addEventListener('change', bump);
    return () => query.removeEventListener('change', bump);
  }, []);
  return version;
}

/** One path per colour, filled once: a few thousand fillRect calls with style changes cost far more. */
function paint(ctx: CanvasRenderingContext2D, bins: OverviewBins, w: number, h: number, colors: Palette): void {
  ctx.clearRect(0, 0, w, h);
  const bw = w / bins.binCount;
  const top = 6; // error marks live in the top band, hit marks in the bottom band
  const bandH = h - 12;
  const max = Math.max(1, bins.maxTotal);
  const density = new Path2D();
  const errors = new Path2D();
  const hits = new Path2D();
  for (let b = 0; b < bins.binCount; b++) {
    const x = b * bw;
    const t = bins.total[b] ?? 0;
    if (t > 0) {
      // sqrt scale: a quiet minute next to a flood is still visible
      const bh = Math.max(1, Math.sqrt(t / max) * bandH);
      density.rect(x, top + bandH - bh, Math.max(1, bw), bh);
    }
    if ((bins.errors[b] ?? 0) > 0) errors.rect(x, 0, Math.max(2, bw), top - 1);
    if ((bins.hits[b] ?? 0) > 0) hits.rect(x, h - 5, Math.max(2, bw), 5);
  }
  ctx.fillStyle = colors.density;
  ctx.fill(density);
  ctx.fillStyle = colors.error;
  ctx.fill(errors);
  ctx.fillStyle = colors.hit;
  ctx.fill(hits);
}

export function OverviewStrip({ result, rows, filtered, lineOrder, onJump, bands }: Props) {
  // The table's visible window, from the ui slice: only this component re-renders while the table scrolls.
  const firstVisible = useAppStore((s) => s.scrollRow);
  const visibleRows = useAppStore((s) => s.visibleRows);
  const lastVisible = firstVisible + Math.max(0, visibleRows - 1);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const probe = useRef<HTMLSpanElement>(null);
  const scheme = useColorSchemeVersion();
  const [size, setSize] = useState({ width: 800, height: 44 });
  const width = size.width;
  const base = getOverviewBase(result);
  const bins = useMemo(() => binRows(base, rows, filtered, Math.max(50, Math.floor(width))), [base, rows, filtered, width]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // Sizes are read in the observer's callback, after layout: reading them in an effect would force a layout
    // of the whole page inside the task that changed the rows.
    const ro = new ResizeObserver(() => {
      const next = { width: el.clientWidth, height: canvas.current?.clientHeight ?? 44 };
      setSize((prev) => (prev.width === next.width && prev.height === next.height ? prev : next));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const win = useMemo((): [number, number] | null => {
    const a = rows[firstVisible];
    const b = rows[Math.min(lastVisible, rows.length - 1)];
    if (a === undefined || b === undefined || rows.length === 0) return null;
    const pa = fractionOf(base.axis, positionOfRow(base, a));
    const pb = fractionOf(base.axis, positionOfRow(base, b));
    return [Math.min(pa, pb), Math.max(pa, pb)];
  }, [rows, firstVisible, lastVisible, base]);

  // The canvas is repainted only when the bins or the width change; the scroll window is a positioned div,
  // so scrolling the table never touches the canvas (nor forces a layout read).
  useEffect(() => {
    const c = canvas.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx || !probe.current) return;
    const dpr = window.devicePixelRatio || 1;
    const w = size.width;
    const h = size.height;
    c.width = Math.round(w * dpr);
    c.height = Math.round(h * dpr);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    paint(ctx, bins, w, h, resolvePalette(probe.current));
  }, [bins, size, scheme]);

  // Findings hook (issue #4): one band per rate-limit burst; DOM, not canvas, so it can be named and tested.
  // Built once per log: the strip re-renders on every scroll frame (the window moves), and hundreds of bands
  // reconciled per frame would cost more than the whole table's rows.
  const bandEls = useMemo(
    () =>
      bands?.map((b) => {
        const x0 = fractionOf(base.axis, positionOfRow(base, b.first));
        const x1 = fractionOf(base.axis, positionOfRow(base, b.last));
        return (
          <div
            key={b.id}
            className="overview-band"
            data-testid="overview-band"
            data-finding-id={b.id}
            title={b.label}
            style={{ left: `${x0 * 100}%`, width: `max(4px, ${(x1 - x0) * 100}%)` }}
          />
        );
      }),
    [bands, base],
  );
  const jumpToFraction = (f: number): void => {
    const idx = rowIndexAtPosition(base, rows, positionAtFraction(base.axis, f), lineOrder);
    if (idx >= 0) onJump(idx);
  };
  const fromPointer = (e: React.PointerEvent<HTMLDivElement>): void => {
    const r = e.currentTarget.getBoundingClientRect();
    jumpToFraction((e.clientX - r.left) / Math.max(1, r.width));
  };
  const rowWindow = { first: firstVisible, visible: visibleRows, total: rows.length };
  const axisText = base.axis.kind === 'time' ? `${formatTime(base.axis.min)} to ${formatTime(base.axis.max)}` : `line order`;
  return (
    <>
      <div
        ref={box}
        className="overview"
        data-testid="overview"
        role="slider"
        tabIndex={0}
        aria-label={`Overview of the whole log (${axisText}); shows density, errors and filter hits`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={sliderValue(rowWindow)}
        aria-valuetext={`showing rows ${formatCount(firstVisible + 1)} to ${formatCount(lastVisible + 1)} of ${formatCount(rows.length)}`}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          fromPointer(e);
        }}
        onPointerMove={(e) => {
          if (e.currentTarget.hasPointerCapture(e.pointerId)) fromPointer(e);
        }}
        onKeyDown={(e) => {
          const move = sliderMove(e.key, rowWindow);
          if (move === null) return;
          e.preventDefault();
          onJump(move.reveal);
        }}
      >
        <canvas ref={canvas} aria-hidden="true" />
        <span ref={probe} className="overview-color-probe" aria-hidden="true" />
        {win ? (
          <div
            className="overview-window"
            data-testid="overview-window"
            aria-hidden="true"
            style={{ left: `${win[0] * 100}%`, width: `max(3px, ${(win[1] - win[0]) * 100}%)` }}
          />
        ) : null}
        {bandEls}
      </div>
      <div className="overview-legend" aria-hidden="true">
        <span>
          <span className="legend-swatch density" />
          messages over {base.axis.kind === 'time' ? 'time' : 'line order'}
        </span>
        <span>
          <span className="legend-swatch error" />
          errors (top)
        </span>
        {filtered ? (
          <span>
            <span className="legend-swatch hit" />
            filter hits (bottom)
          </span>
        ) : null}
        {bands !== undefined && bands.length > 0 ? (
          <span>
            <span className="legend-swatch burst" />
            rate-limit bursts
          </span>
        ) : null}
        <span>
          <span className="legend-swatch in-view" />
          rows in view
        </span>
      </div>
    </>
  );
}
