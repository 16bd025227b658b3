import fc from 'fast-check';
import { type CheckResult, formatCheckLine, type ProbeData } from '#core/model/check-data.ts';
import { AFFECTED_STATUSES, type AffectedStatus, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES } from '#core/model/enums.ts';
import { DAY, dayKey, isoUtc, MINUTE, SECOND } from '#core/model/time.ts';
import { type Repository, readRepository, type SourceFile } from '#core/parse/repository.ts';

/**
 * Generated status repositories that `cairn check` accepts: components (some probed, some
 * grouped), incidents and maintenance with updates that move forward at distinct instants,
 * drafts, check history (fresh or stale) and `now`. As files, so that tests can read them with
 * the core or write them to disk and build them.
 */

export interface GeneratedRepository {
  now: number;
  /** `components.yml`, then every file under `incidents/`. */
  config: SourceFile;
  incidentFiles: SourceFile[];
  /** Check history by component id. */
  probeData: Map<string, ProbeData>;
  /** When each component was first listed, as the loader reads it from Git. */
  listedSince: Map<string, number>;
}

const BASE = Date.UTC(2026, 5, 15, 12, 0, 0);
const INTERVAL = 5 * MINUTE;

const componentArb = fc.record({ probed: fc.boolean(), grouped: fc.boolean(), listedDaysAgo: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }) });

/** Checks every probe interval over a stretch, ending `endAgo` before now (stale when long ago). */
const checksArb = fc.record({
  lengthMin: fc.integer({ min: 0, max: 24 * 60 }),
  endAgoMin: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })),
  statuses: fc.array(fc.constantFrom('up', 'up', 'up', 'degraded', 'down'), { minLength: 1, maxLength: 8 }),
});

const affectedArb = (ids: string[], maintenance: boolean) =>
  fc
    .subarray(ids, { minLength: 0 })
    .chain((chosen) =>
      fc.tuple(
        fc.constant(chosen),
        fc.array(maintenance ? fc.constantFrom<AffectedStatus>('under_maintenance', ...AFFECTED_STATUSES) : fc.constantFrom(...AFFECTED_STATUSES.slice(1)), {
          minLength: chosen.length,
          maxLength: chosen.length,
        }),
      ),
    )
    .map(([chosen, statuses]) => Object.fromEntries(chosen.map((id, i) => [id, statuses[i]!])) as Record<string, AffectedStatus>);

const updateArb = (ids: string[], maintenance: boolean) =>
  fc.record({
    gapSec: fc.integer({ min: 1, max: 6 * 3600 }),
    advance: fc.integer({ min: 0, max: 2 }),
    impact: maintenance ? fc.constant(undefined) : fc.option(fc.constantFrom(...IMPACTS), { nil: undefined }),
    components: fc.option(affectedArb(ids, maintenance), { nil: undefined }),
    author: fc.option(fc.constantFrom('Ada', 'Jonas'), { nil: undefined }),
  });

const incidentArb = (ids: string[]) =>
  fc.boolean().chain((maintenance) =>
    fc.record({
      maintenance: fc.constant(maintenance),
      startAgoSec: fc.integer({ min: 0, max: 10 * 24 * 3600 }),
      impact: maintenance ? fc.constant(undefined) : fc.option(fc.constantFrom(...IMPACTS), { nil: undefined }),
      components: affectedArb(ids, maintenance),
      draft: fc.boolean(),
      global: fc.boolean(),
      // Maintenance: the window starts this long from now (negative: already started) and lasts this long.
      windowFromNowMin: fc.oneof(fc.integer({ min: -6 * 60, max: 0 }), fc.integer({ min: -3 * 24 * 60, max: 3 * 24 * 60 })),
      windowLengthMin: fc.integer({ min: 1, max: 12 * 60 }),
      updates: fc.array(updateArb(ids, maintenance), { maxLength: 4 }),
    }),
  );

const md = (front: Record<string, unknown>, body: string) =>
  `---\n${Object.entries(front)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) =>
      typeof v === 'object'
        ? `${k}:\n${
            Object.entries(v as object)
              .map(([a, b]) => `  ${a}: ${b}`)
              .join('\n') || '  {}'
          }`
        : `${k}: ${v}`,
    )
    .join('\n')}\n---\n${body}\n`;

/** A status repository and `now`. */
export const repositoryArb: fc.Arbitrary<GeneratedRepository> = fc
  .record({
    nowOffsetMin: fc.integer({ min: 0, max: 3 * 24 * 60 }),
    components: fc.array(componentArb, { minLength: 1, maxLength: 5 }),
  })
  .chain(({ nowOffsetMin, components }) => {
    const ids = components.map((_, i) => `c${i}`);
    return fc.record({
      now: fc.constant(BASE + nowOffsetMin * MINUTE),
      components: fc.constant(components),
      ids: fc.constant(ids),
      checks: fc.array(checksArb, { minLength: components.length, maxLength: components.length }),
      incidents: fc.array(incidentArb(ids), { maxLength: 5 }),
    });
  })
  .map(({ now, components, ids, checks, incidents }) => {
    const config = [
      'site:',
      '  title: Generated',
      '  url: https://status.generated.example/',
      '  timezone: Europe/Berlin',
      'groups:',
      '  - id: g',
      '    name: Group',
      'components:',
      ...components.flatMap((c, i) => [
        `  - id: ${ids[i]}`,
        `    name: Component ${i}`,
        ...(c.grouped ? ['    group: g'] : []),
        ...(c.probed ? ['    probe:', `      url: https://c${i}.generated.example/`, '      interval: 5m'] : []),
      ]),
    ].join('\n');

    const probeData = new Map<string, ProbeData>();
    const listedSince = new Map<string, number>();
    components.forEach((c, i) => {
      if (c.listedDaysAgo !== undefined) listedSince.set(ids[i]!, now - c.listedDaysAgo * DAY);
      if (!c.probed) return;
      const { lengthMin, endAgoMin, statuses } = checks[i]!;
      const end = now - endAgoMin * MINUTE;
      const list: CheckResult[] = [];
      let n = 0;
      for (let at = end - lengthMin * MINUTE; at <= end && lengthMin > 0; at += INTERVAL, n++) {
        const status = statuses[n % statuses.length] as CheckResult['status'];
        list.push({ at: Math.floor(at / SECOND) * SECOND, status, ms: 100, code: status === 'down' ? undefined : 200, attempts: 1, extra: {} });
      }
      probeData.set(ids[i]!, { checks: list, daily: [] });
    });

    const incidentFiles: SourceFile[] = [];
    incidents.forEach((inc, n) => {
      const at = Math.floor((now - inc.startAgoSec * SECOND) / SECOND) * SECOND;
      const id = `${dayKey(at, 'UTC')}-generated-${n}`;
      const statuses: readonly string[] = inc.maintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
      const window = inc.maintenance
        ? { start: isoUtc(now + inc.windowFromNowMin * MINUTE), end: isoUtc(now + (inc.windowFromNowMin + inc.windowLengthMin) * MINUTE) }
        : undefined;
      incidentFiles.push({
        path: `incidents/${id}/index.md`,
        text: md(
          {
            title: `Generated ${n}`,
            type: inc.maintenance ? 'maintenance' : undefined,
            impact: inc.impact,
            at: isoUtc(at),
            window,
            components: Object.keys(inc.components).length ? inc.components : undefined,
            draft: inc.draft ? true : undefined,
            global: inc.global ? undefined : false,
          },
          `Declared ${n}.`,
        ),
      });
      // Updates at distinct instants, never after now, each status a step forward (or none).
      let t = at;
      let rank = 0;
      inc.updates.forEach((u, k) => {
        t += u.gapSec * SECOND;
        if (t > now) return;
        const next = Math.min(rank + u.advance, statuses.length - 1);
        const status = u.advance > 0 && next > rank ? statuses[next] : undefined;
        rank = next;
        const name = `${isoUtc(t).replace(/[-:]/g, '').slice(0, 15)}-u${k}.md`;
        incidentFiles.push({
          path: `incidents/${id}/${name}`,
          text: md({ at: isoUtc(t), status, impact: u.impact, components: u.components, author: u.author }, `Update ${k}.`),
        });
      });
    });
    return { now, config: { path: 'components.yml', text: `${config}\n` }, incidentFiles, probeData, listedSince };
  });

/** The generated repository read by the core, its files listed in the given order. */
export function readGenerated(g: GeneratedRepository, files = g.incidentFiles): Repository {
  const { repository, diagnostics } = readRepository({ config: g.config, incidentFiles: files, probeData: g.probeData, listedSince: g.listedSince });
  if (!repository) throw new Error(`generated repository does not read:\n${JSON.stringify(diagnostics, null, 2)}`);
  return repository;
}

/** Files to write for a build: components.yml, incidents and status-data day files. */
export function generatedFiles(g: GeneratedRepository): Record<string, string> {
  const files: Record<string, string> = { [g.config.path]: g.config.text };
  for (const f of g.incidentFiles) files[f.path] = f.text;
  for (const [id, data] of g.probeData) {
    for (const check of data.checks) {
      const path = `status-data/${id}/${isoUtc(check.at).slice(0, 10)}.txt`;
      files[path] = `${files[path] ?? ''}${formatCheckLine(check)}\n`;
    }
  }
  return files;
}
