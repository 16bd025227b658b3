/**
 * The small JSON path subset probes accept: `$`, `.name` and `[index]` steps, such as
 * `$.checks[0].state`. Enough to point at a health endpoint's field; no filters, no wildcards.
 */

const STEP = /\.([A-Za-z_][\w-]*)|\[(\d+)\]/y;

/** The steps of `path`, or undefined when it is not of the accepted form. */
export function parseJsonPath(path: string): Array<string | number> | undefined {
  if (!path.startsWith('$')) return undefined;
  const steps: Array<string | number> = [];
  STEP.lastIndex = 1;
  while (STEP.lastIndex < path.length) {
    const at = STEP.lastIndex;
    const m = STEP.exec(path);
    if (!m || m.index !== at) return undefined;
    steps.push(m[1] ?? Number(m[2]));
  }
  return steps;
}

/** The value at `path` in `value`; `found` is false when a step leads nowhere. */
export function jsonPathValue(value: unknown, path: string): { found: boolean; value?: unknown } {
  const steps = parseJsonPath(path);
  if (!steps) return { found: false };
  let current = value;
  for (const step of steps) {
    const isIndex = typeof step === 'number';
    if (isIndex ? !Array.isArray(current) : current === null || typeof current !== 'object' || Array.isArray(current)) return { found: false };
    const container = current as Record<string | number, unknown>;
    if (!Object.hasOwn(container, step)) return { found: false };
    current = container[step];
  }
  return { found: true, value: current };
}
