import type { Snapshot } from './snapshot.ts';

/** How current the page is: when it was built, and how old the newest check was then. */
export interface Freshness {
  builtAt: number;
  newestCheck?: number;
  ageMs?: number;
  /** Components with a probe whose newest check is too old to speak for now (or that have none). */
  stale: string[];
}

export function freshness(snapshot: Snapshot): Freshness {
  const probed = snapshot.config.components.filter((c) => c.probe !== undefined);
  return {
    builtAt: snapshot.now,
    newestCheck: snapshot.newestCheck,
    ageMs: snapshot.newestCheck === undefined ? undefined : snapshot.now - snapshot.newestCheck,
    stale: probed.filter((c) => !snapshot.components.get(c.id)!.fresh).map((c) => c.id),
  };
}
