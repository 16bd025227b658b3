import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.ts';

/**
 * The core's domains and the one way imports flow between them: a domain imports only from
 * domains of a lower rank (and from itself); domains of equal rank do not import each other.
 */
const RANK: Record<string, number> = { model: 0, parse: 1, derive: 2, render: 3, outputs: 4, probe: 4, report: 4, automation: 5 };
/** The only packages the core may use: parsing, validation and rendering, never I/O, the clock or Astro. */
const PACKAGES = new Set(['zod', 'yaml', 'gray-matter', 'remark', 'remark-html', 'feed']);

const CORE = join(ROOT, 'src', 'core');

function sources(): string[] {
  return readdirSync(CORE, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(CORE, f));
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => (m[1] ?? m[2])!);
}

function domainOf(file: string): string {
  return relative(CORE, file).split(/[\\/]/)[0]!;
}

describe('the core', () => {
  const files = sources();

  it('is grouped into the known domains', () => {
    expect(new Set(files.map(domainOf))).toEqual(new Set(Object.keys(RANK)));
  });

  it('imports only lower domains, and no I/O, clock or framework', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = domainOf(file);
      for (const spec of imports(file)) {
        const where = relative(ROOT, file);
        if (spec.startsWith('#core/') || spec.startsWith('.')) {
          const target = spec.startsWith('#core/') ? join(CORE, spec.slice('#core/'.length)) : resolve(dirname(file), spec);
          if (!target.startsWith(CORE)) {
            violations.push(`${where}: imports ${spec}, outside the core`);
            continue;
          }
          const to = domainOf(target);
          if (to !== from && !(RANK[to]! < RANK[from]!)) violations.push(`${where}: ${from} imports ${to} (${spec}) against the flow`);
        } else if (!PACKAGES.has(spec)) {
          violations.push(`${where}: imports ${spec}; the core is pure (no I/O, clock, network or Astro)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });
});
