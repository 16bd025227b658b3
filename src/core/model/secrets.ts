/**
 * `${NAME}` references in probe settings. Only names the repository lists under `probe.secrets`
 * are filled, and never the runner's own variables: a pull request that adds
 * `${GITHUB_TOKEN}` to a URL must not be able to send the workflow's token away.
 */

/** An environment variable name, as it may appear inside `${…}`. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Prefixes of the variables GitHub's runner sets for itself (tokens, cache and runner settings). */
export const RESERVED_SECRET_PREFIXES = ['GITHUB_', 'ACTIONS_', 'RUNNER_'] as const;

export function isReservedSecret(name: string): boolean {
  const upper = name.toUpperCase();
  return RESERVED_SECRET_PREFIXES.some((prefix) => upper.startsWith(prefix));
}

/** Each `${NAME}` in `text`, in order, with the offset of its `$`. */
export function secretReferences(text: string): Array<{ name: string; index: number }> {
  return [...text.matchAll(REFERENCE)].map((m) => ({ name: m[1]!, index: m.index }));
}

/** Why `name` may not be filled given the listed `secrets`, or undefined when it may. */
export function refusedSecret(name: string, secrets: readonly string[]): string | undefined {
  if (isReservedSecret(name)) return `${name} belongs to the CI runner (${RESERVED_SECRET_PREFIXES.map((p) => `${p}*`).join(', ')}) and is never filled`;
  if (!secrets.includes(name)) return `${name} is not listed under probe.secrets; add it there to allow it`;
  return undefined;
}

/**
 * `text` with each allowed `${NAME}` replaced by `lookup(name)`, through `encode` (percent-encoding
 * in a URL, so a value cannot change the host or path). References not filled stay as written.
 */
export function fillReferences(text: string, fill: (name: string) => string | undefined, encode: (value: string) => string = (v) => v): string {
  return text.replace(REFERENCE, (whole, name: string) => {
    const value = fill(name);
    return value === undefined ? whole : encode(value);
  });
}
