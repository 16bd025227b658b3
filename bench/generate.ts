import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckResult, formatCheckLine, formatDailyLine, summarizeDay } from '#core/model/check-data.ts';
import { seededRandom } from '#core/model/random.ts';
import { DAY, dayKey, dayStart, isoUtc, MINUTE, nextDay } from '#core/model/time.ts';
import { formatIncidentFile, updateFileName } from '#core/parse/incident-file.ts';

/**
 * A synthetic status repository for benchmarks: N incidents (mixed impacts, 1–8 updates, some
 * maintenance, some drafts, Markdown of realistic length), M components in groups, D days of
 * 5-minute check data (raw for the last 14 days, rolled up before). Deterministic from a seed.
 */
export interface Size {
  incidents: number;
  components: number;
  /** Days of history the incidents spread over, and of check data. */
  days: number;
  /** Write no check data (a page without a probe yet). */
  noCheckData?: boolean;
}

export const BENCH_NOW = '2026-11-23T12:00:00Z';
const RAW_DAYS = 14;
const INTERVAL = 5 * MINUTE;

const WORDS =
  'the api database queue latency requests errors region customers payments checkout deploy rollback cache node cluster traffic timeout retry index storage network certificate replica failover we are investigating identified monitoring resolved elevated some users may see slower responses than usual'.split(
    ' ',
  );

export function generate(dir: string, size: Size, seed = 1): void {
  const rnd = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const sentence = (n: number) => {
    const words = Array.from({ length: n }, () => pick(WORDS));
    return `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`;
  };
  const paragraph = () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => sentence(8 + Math.floor(rnd() * 10))).join(' ');
  const message = () => {
    const parts = [paragraph()];
    if (rnd() < 0.4) parts.push(Array.from({ length: 3 }, () => `- ${sentence(6)}`).join('\n'));
    if (rnd() < 0.3) parts.push(`**Impact:** ${sentence(10)} See [details](https://example.com/x).`);
    return parts.join('\n\n');
  };

  const now = Date.parse(BENCH_NOW);
  const tz = 'UTC';
  const groups = Math.max(1, Math.ceil(size.components / 10));
  const ids = Array.from({ length: size.components }, (_, i) => `component-${i + 1}`);
  const probed = ids.filter((_, i) => i % 2 === 0);
  const config = [
    'site:',
    '  title: Benchmark Status',
    '  url: https://status.bench.example/',
    '  timezone: UTC',
    `  history_days: ${Math.min(size.days, 90)}`,
    'groups:',
    ...Array.from({ length: groups }, (_, g) => `  - id: group-${g + 1}\n    name: Group ${g + 1}`),
    'components:',
    ...ids.map((id, i) =>
      [
        `  - id: ${id}`,
        `    name: Component ${i + 1}`,
        `    group: group-${(i % groups) + 1}`,
        ...(probed.includes(id) ? ['    probe:', `      url: https://${id}.bench.example/health`] : []),
      ].join('\n'),
    ),
  ].join('\n');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'components.yml'), `${config}\n`);

  const statuses = ['identified', 'monitoring', 'resolved'] as const;
  const span = size.days * DAY;
  for (let n = 0; n < size.incidents; n++) {
    // Spread over the whole period, the newest few hours old (so nothing is in the future).
    const at = now - 3 * 3_600_000 - Math.floor(rnd() * (span - 4 * 3_600_000));
    const id = `${dayKey(at, tz)}-incident-${n + 1}`;
    const folder = join(dir, 'incidents', id);
    mkdirSync(folder, { recursive: true });
    const affected = Object.fromEntries(
      Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => [pick(ids), pick(['degraded_performance', 'partial_outage', 'major_outage'] as const)]),
    );
    if (rnd() < 0.05) {
      const start = at + DAY;
      writeFileSync(
        join(folder, 'index.md'),
        formatIncidentFile(
          {
            title: `Maintenance ${n + 1}`,
            type: 'maintenance',
            at: isoUtc(at),
            window: { start: isoUtc(start), end: isoUtc(start + 2 * 3_600_000) },
            components: Object.keys(affected),
          },
          message(),
        ),
      );
      continue;
    }
    writeFileSync(
      join(folder, 'index.md'),
      formatIncidentFile(
        {
          title: sentence(4).slice(0, -1),
          impact: pick(['none', 'minor', 'major', 'critical'] as const),
          at: isoUtc(at),
          components: affected,
          draft: rnd() < 0.02 ? true : undefined,
        },
        message(),
      ),
    );
    const updates = 1 + Math.floor(rnd() * 8);
    const taken = new Set<string>();
    let t = at;
    let rank = -1;
    for (let u = 0; u < updates; u++) {
      t += Math.floor(5 * MINUTE + rnd() * 40 * MINUTE);
      if (t > now) break;
      // Statuses only move forward; some updates only add a message.
      if (u === updates - 1) rank = 2;
      else if (rnd() < 0.6 && rank < 1) rank++;
      const status = rank >= 0 ? statuses[rank] : undefined;
      const name = updateFileName(t, status ?? 'update', tz, taken);
      taken.add(name);
      writeFileSync(join(folder, name), formatIncidentFile({ at: isoUtc(t), status }, message()));
    }
  }

  // Check data: raw day files for the last RAW_DAYS days, one rolled-up line per older day.
  const today = dayKey(now, tz);
  for (const id of size.noCheckData ? [] : probed) {
    const data = join(dir, 'status-data', id);
    mkdirSync(data, { recursive: true });
    const daily: string[] = [];
    for (let d = size.days - 1; d >= 0; d--) {
      const day = nextDay(today, -d);
      const start = dayStart(day, tz);
      const checks: CheckResult[] = [];
      for (let at = start; at < Math.min(start + DAY, now); at += INTERVAL) {
        const r = rnd();
        const status = r < 0.002 ? 'down' : r < 0.01 ? 'degraded' : 'up';
        checks.push({
          at,
          status,
          ms: status === 'down' ? 10_000 : Math.round(80 + rnd() * 200),
          code: status === 'down' ? undefined : 200,
          error: status === 'down' ? 'timeout' : undefined,
          attempts: 1,
          extra: {},
        });
      }
      if (d < RAW_DAYS) writeFileSync(join(data, `${day}.txt`), `${checks.map(formatCheckLine).join('\n')}\n`);
      else daily.push(formatDailyLine(summarizeDay(day, checks, INTERVAL, tz, start + DAY)));
    }
    if (daily.length) writeFileSync(join(data, 'daily.txt'), `${daily.join('\n')}\n`);
  }
}
