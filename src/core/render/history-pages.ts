import { affecting } from '#core/derive/affected.ts';
import type { Folded } from '#core/derive/timeline.ts';
import type { Component } from '#core/model/config.ts';
import { dayKey } from '#core/model/time.ts';
import { routes } from './routes.ts';

/** The history pages: incidents and maintenance by month, newest first, in pages of about equal length. */

export const HISTORY_PAGE_SIZE = 20;

export interface Month {
  /** `2026-11` in the site's time zone. */
  month: string;
  items: Folded[];
  /** The month began on the page before. */
  continued: boolean;
}

export interface HistoryPage {
  /** 1-based. */
  page: number;
  pages: number;
  months: Month[];
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/**
 * Every month from the newest (now, or a later maintenance) to the oldest item, empty months
 * included so that a quiet month reads as quiet, cut into pages of at most `size` items. A month
 * longer than a page continues on the next one.
 */
export function historyPages(items: Folded[], now: number, timeZone: string, size = HISTORY_PAGE_SIZE): HistoryPage[] {
  const monthOf = (f: Folded) => dayKey(f.timeline.startedAt, timeZone).slice(0, 7);
  const sorted = [...items].sort((a, b) => b.timeline.startedAt - a.timeline.startedAt || a.incident.id.localeCompare(b.incident.id));
  const byMonth = new Map<string, Folded[]>();
  for (const f of sorted) {
    const list = byMonth.get(monthOf(f)) ?? [];
    list.push(f);
    byMonth.set(monthOf(f), list);
  }
  const current = dayKey(now, timeZone).slice(0, 7);
  const newest = sorted[0] ? [monthOf(sorted[0]), current].sort().at(-1)! : current;
  const oldest = sorted.at(-1) ? [monthOf(sorted.at(-1)!), current].sort()[0]! : current;

  const pages: Month[][] = [[]];
  let count = 0;
  const room = () => {
    if (count === size) {
      pages.push([]);
      count = 0;
    }
  };
  for (let month = newest; month >= oldest; month = previousMonth(month)) {
    const monthItems = byMonth.get(month) ?? [];
    if (monthItems.length === 0) {
      room();
      pages.at(-1)!.push({ month, items: [], continued: false });
    }
    for (let i = 0; i < monthItems.length; ) {
      room();
      const take = monthItems.slice(i, i + size - count);
      pages.at(-1)!.push({ month, items: take, continued: i > 0 });
      count += take.length;
      i += take.length;
    }
  }
  return pages.map((months, i) => ({ page: i + 1, pages: pages.length, months }));
}

/** Every history page: all incidents, then each component's, with the route of each page. */
export function allHistoryPages(
  all: Folded[],
  components: Component[],
  now: number,
  timeZone: string,
): Array<{ component?: Component; page: HistoryPage; route: string }> {
  return [undefined, ...components].flatMap((component) => {
    const items = component ? affecting(all, component.id) : all;
    return historyPages(items, now, timeZone).map((page) => ({ component, page, route: historyRoute(component, page.page) }));
  });
}

export function historyRoute(component: Component | undefined, page: number): string {
  return component ? routes.componentHistory(component.id, page) : routes.history(page);
}
