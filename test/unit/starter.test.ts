import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import {
  componentIds,
  cronFor,
  monthlyMinutes,
  probeSchedule,
  probeStepEnv,
  starterConfig,
  starterTemplate,
  withProbeSchedule,
  withProbeStepEnv,
} from '#core/automation/starter.ts';
import { checkRules } from '#core/derive/rules.ts';
import { DAY, MINUTE, parseDuration } from '#core/model/time.ts';
import { readRepository } from '#core/parse/repository.ts';
import { readTemplate } from '#core/parse/template.ts';

const name = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim().length > 0 && !s.includes('\0'));
const url = fc.oneof(
  fc.webUrl({ validSchemes: ['https', 'http'] }).filter((u) => !/\s/.test(u)),
  fc.tuple(fc.domain(), fc.integer({ min: 1, max: 65535 })).map(([host, port]) => `tcp://${host}:${port}`),
);
const interval = fc.constantFrom('5m', '10m', '15m', '20m', '30m', '1h', '2h', '3h', '4h', '6h', '8h', '12h', '24h').map((d) => parseDuration(d)!);
const answers = fc.record({
  title: name,
  url: fc.constantFrom('https://acme.github.io/status/', 'https://status.acme.test/'),
  timezone: fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York'),
  components: fc.array(fc.record({ name, url: fc.option(url, { nil: undefined }) }), { minLength: 1, maxLength: 6 }),
  interval,
});

describe('what cairn init writes for a new owner', () => {
  test.prop([answers])('passes cairn check, keeps every name as written, and gives each component its own id', (a) => {
    const template = { path: 'incidents/_templates/outage.md', text: starterTemplate(a) };
    const { repository, configSource, diagnostics } = readRepository({ config: { path: 'components.yml', text: starterConfig(a) }, incidentFiles: [template] });
    expect(diagnostics).toEqual([]);
    expect(checkRules(repository!, configSource, 0)).toEqual([]);
    expect(readTemplate(template).diagnostics).toEqual([]);
    expect(repository!.config.components.map((c) => c.name)).toEqual(a.components.map((c) => c.name));
    expect(new Set(componentIds(a.components)).size).toBe(a.components.length);
    for (const c of repository!.config.components) expect(c.probe?.interval ?? a.interval).toBe(a.interval);
  });

  test.prop([interval])('schedules the probe evenly and costs two job-minutes per run, besides the hourly deploy', (every) => {
    const cron = cronFor(every)!;
    expect(probeSchedule(withProbeSchedule('on:\n  schedule:\n    - cron: "*/5 * * * *"\n', cron)!)).toBe(cron);
    expect(monthlyMinutes(every)).toBe((2 * 30 * DAY) / every + 3 * 720);
  });

  test.prop([fc.array(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/), { minLength: 1, maxLength: 5 })])(
    "moves the Probe step's env: into another workflow, and never over an env: of its own",
    (names) => {
      const step = (env: string) =>
        `jobs:\n  probe:\n    steps:\n      - name: Probe\n${env}        run: npx cairn probe\n      - name: Next\n        run: "true"\n`;
      const env = `        env:\n${names.map((n) => `          ${n}: \${{ secrets.${n} }}\n`).join('')}`;
      expect(probeStepEnv(step(''))).toBeUndefined();
      const moved = withProbeStepEnv(step(''), probeStepEnv(step(env))!)!;
      expect(probeStepEnv(moved)).toBe(env.trimEnd());
      expect(withProbeStepEnv(moved, env.trimEnd())).toBeUndefined();
    },
  );

  test.prop([fc.integer({ min: 1, max: 2 * 24 * 60 })])('has no schedule for intervals GitHub cannot run evenly', (minutes) => {
    const cron = cronFor(minutes * MINUTE);
    const even = minutes >= 5 && (minutes < 60 ? 60 % minutes === 0 : minutes % 60 === 0 && 24 % (minutes / 60) === 0);
    expect(cron !== undefined).toBe(even);
  });
});
