import { formatUptime, type UptimeDay } from '#core/derive/uptime.ts';
import type { CheckResult } from '#core/model/check-data.ts';
import type { ComponentStatus } from '#core/model/enums.ts';
import { dayKey, dayStart, nextDay } from '#core/model/time.ts';
import { formatDay, formatMs, formatShortDay } from './format.ts';
import { dayFigure } from './uptime-bar.ts';

/** Geometry of the component page's charts, drawn at build time as SVG: numbers in, coordinates out. */

// The value labels sit above their grid lines (room at the top), the dates below the plot; the
// stylesheet enlarges both on narrow screens, where the drawing is scaled down.
export const FRAME = { width: 720, height: 240, left: 8, right: 8, top: 36, bottom: 42 } as const;
/** Where the data is drawn inside the frame. */
export const PLOT_AREA = {
  x: FRAME.left,
  y: FRAME.top,
  w: FRAME.width - FRAME.left - FRAME.right,
  h: FRAME.height - FRAME.top - FRAME.bottom,
};

export interface Tick {
  at: number;
  label: string;
  /** Every other date label, left out where the chart is narrow. */
  minor?: boolean;
}

export interface ResponseChart {
  /** Median response time per bucket: a path, broken where there was no data. */
  median: string;
  /** The band up to the 95th percentile, as a closed path per run of buckets. */
  p95: string;
  xTicks: Tick[];
  yTicks: Tick[];
  /** For screen readers. */
  summary: string;
  empty: boolean;
}

export interface UptimeBarsChart {
  bars: Array<{ x: number; y: number; w: number; h: number; status: ComponentStatus; key: string; day: string; figure: string; incidents: string[] }>;
  xTicks: Tick[];
  yTicks: Tick[];
  summary: string;
  /** No day has data: the page says so instead of drawing empty bars. */
  empty: boolean;
}

const r = (n: number) => Math.round(n * 10) / 10;
/** Room a date label needs from the edge of the plot, at the largest size the stylesheet gives it. */
const EDGE = 56;

/** A round step (1, 2 or 5 × 10^n) that splits `max` into about `count` parts. */
export function niceStep(max: number, count = 4): number {
  const raw = Math.max(max, 1e-9) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Ticks at each day boundary in the time zone, at most `most` of them labelled evenly. */
function dayTicks(from: number, to: number, timeZone: string, x: (t: number) => number, most = 8): Tick[] {
  const ticks: Tick[] = [];
  for (let day = nextDay(dayKey(from, timeZone)); dayStart(day, timeZone) <= to; day = nextDay(day)) {
    ticks.push({ at: r(x(dayStart(day, timeZone))), label: formatShortDay(day) });
  }
  const every = Math.ceil(ticks.length / most);
  // A date centred on a tick too near an edge would be cut off.
  const inside = (t: Tick) => t.at >= PLOT_AREA.x + EDGE && t.at <= PLOT_AREA.x + PLOT_AREA.w - EDGE;
  return alternate(ticks.filter((t, i) => i % every === 0 && inside(t)));
}

/** Marks every other tick as minor, counting from the last, so the newest date always shows. */
function alternate(ticks: Tick[]): Tick[] {
  return ticks.map((t, i) => ((ticks.length - 1 - i) % 2 ? { ...t, minor: true } : t));
}

/**
 * Labels for a response-time axis in one unit: milliseconds while the top of the axis is below a
 * second, else seconds with as many decimals as the step needs (`0 s`, `0.5 s`, `1.0 s`).
 */
export function msAxisLabels(values: number[], step: number): string[] {
  if (Math.max(...values) < 1000) return values.map((v) => `${Math.round(v)} ms`);
  const decimals = step >= 1000 ? 0 : Math.ceil(-Math.log10(step / 1000));
  return values.map((v) => `${(v / 1000).toFixed(decimals)} s`);
}

/**
 * Response times of successful and degraded checks from `from` to `to`, in buckets of `bucketMs`:
 * the median as a line over a band up to the 95th percentile. Failed checks are left out: their
 * time says how long the probe waited, not how fast the service answered.
 */
export function responseTimeChart(checks: CheckResult[], from: number, to: number, bucketMs: number, timeZone: string): ResponseChart {
  const count = Math.ceil((to - from) / bucketMs);
  const buckets: number[][] = Array.from({ length: count }, () => []);
  for (const c of checks) {
    if (c.at < from || c.at >= to || c.status === 'down') continue;
    buckets[Math.floor((c.at - from) / bucketMs)]!.push(c.ms);
  }
  const stats = buckets.map((b) => {
    if (b.length === 0) return undefined;
    const sorted = b.sort((x, y) => x - y);
    return { p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95) };
  });
  const top = Math.max(0, ...stats.map((s) => s?.p95 ?? 0));
  const step = niceStep(top);
  const yMax = Math.max(step, Math.ceil(top / step) * step);
  const x = (t: number) => PLOT_AREA.x + ((t - from) / (to - from)) * PLOT_AREA.w;
  const y = (ms: number) => PLOT_AREA.y + PLOT_AREA.h - (ms / yMax) * PLOT_AREA.h;
  const mid = (i: number) => x(from + (i + 0.5) * bucketMs);

  let median = '';
  let p95 = '';
  let run: Array<{ i: number; p50: number; p95: number }> = [];
  const flush = () => {
    if (run.length) {
      median += run.map((p, k) => `${k ? 'L' : 'M'}${r(mid(p.i))} ${r(y(p.p50))}`).join('');
      const upper = run.map((p, k) => `${k ? 'L' : 'M'}${r(mid(p.i))} ${r(y(p.p95))}`).join('');
      const lower = [...run]
        .reverse()
        .map((p) => `L${r(mid(p.i))} ${r(y(p.p50))}`)
        .join('');
      p95 += `${upper}${lower}Z`;
    }
    run = [];
  };
  stats.forEach((s, i) => (s ? run.push({ i, ...s }) : flush()));
  flush();

  const all = buckets.flat().sort((a, b) => a - b);
  const values: number[] = [];
  for (let v = 0; v <= yMax; v += step) values.push(v);
  const labels = msAxisLabels(values, step);
  const yTicks = values.map((v, i) => ({ at: r(y(v)), label: labels[i]! }));
  return {
    median,
    p95,
    xTicks: dayTicks(from, to, timeZone, x),
    yTicks,
    summary: all.length
      ? `Median response time ${formatMs(quantile(all, 0.5))}, 95th percentile ${formatMs(quantile(all, 0.95))}, slowest hour's 95th percentile ${formatMs(top)}.`
      : 'No response times were recorded in this period.',
    empty: all.length === 0,
  };
}

/**
 * One bar per day, as tall as its uptime on the same 0–100% scale for every component (so that
 * two components compare at a glance; the colour tells a short outage apart); days without data
 * get a stub.
 */
export function uptimeBarsChart(days: UptimeDay[]): UptimeBarsChart {
  const ratios = days.map((d) => d.ratio).filter((v) => v !== undefined);
  const worst = Math.min(1, ...ratios);
  const width = PLOT_AREA.w / Math.max(1, days.length);
  const bottom = PLOT_AREA.y + PLOT_AREA.h;
  const y = (ratio: number) => bottom - ratio * PLOT_AREA.h;
  const bars = days.map((d, i) => {
    const ratio = d.status === 'unknown' ? undefined : (d.ratio ?? 1);
    const top = ratio === undefined ? bottom - 3 : Math.min(y(ratio), bottom - 3);
    return {
      x: r(PLOT_AREA.x + i * width + width * 0.1),
      y: r(top),
      w: r(width * 0.8),
      h: r(bottom - top),
      status: d.status,
      key: d.day,
      day: formatDay(d.day),
      figure: dayFigure(d),
      incidents: d.incidents,
    };
  });
  const yTicks = [0, 0.5, 1].map((v) => ({ at: r(y(v)), label: `${v * 100}%` }));
  const xTicks: Tick[] = [];
  const every = Math.ceil(days.length / 6);
  // Labelled from the newest day back, starting half a step in so that no label overhangs the edge.
  days.forEach((d, i) => {
    if ((days.length - 1 - i) % every === Math.floor(every / 2)) xTicks.push({ at: r(PLOT_AREA.x + (i + 0.5) * width), label: formatShortDay(d.day) });
  });
  const below = days.filter((d) => d.ratio !== undefined && d.ratio < 1).length;
  return {
    bars,
    xTicks: alternate(xTicks),
    yTicks,
    summary: ratios.length
      ? `Daily uptime over ${days.length} days; ${below} ${below === 1 ? 'day' : 'days'} below 100%, lowest ${formatUptime(worst)}.`
      : `No uptime data for the last ${days.length} days.`,
    empty: days.every((d) => d.status === 'unknown'),
  };
}
