import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cronFor } from '#core/automation/starter.ts';
import { probeScheduleRules } from '#core/derive/probe-schedule.ts';
import { HOUR, MINUTE } from '#core/model/time.ts';
import { longestWait } from '#core/parse/cron.ts';
import { parseConfig } from '#core/parse/repository.ts';
import { testConfig } from '../helpers.ts';

describe('the longest wait between runs of a schedule', () => {
  test.prop([fc.constantFrom(5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 480, 720, 1440)])(
    'is the interval that "cairn init" wrote the schedule for',
    (minutes) => {
      expect(longestWait([cronFor(minutes * MINUTE)!])).toBe(minutes * MINUTE);
    },
  );

  it('reads lists, ranges and steps, and several schedules together', () => {
    expect(longestWait(['0,30 * * * *'])).toBe(30 * MINUTE);
    expect(longestWait(['5/20 * * * *'])).toBe(20 * MINUTE); // :05, :25, :45, then :05
    expect(longestWait(['0 9-17 * * *'])).toBe(16 * HOUR); // office hours only: the night is the wait
    expect(longestWait(['0 * * * *', '30 * * * *'])).toBe(30 * MINUTE);
  });

  it('is unknown for schedules it cannot read or that skip days', () => {
    expect(longestWait([])).toBeUndefined();
    expect(longestWait(['@hourly'])).toBeUndefined();
    expect(longestWait(['*/5 * * * 1-5'])).toBeUndefined();
    expect(longestWait(['61 * * * *'])).toBeUndefined();
  });
});

describe('a probe interval shorter than the wait between runs', () => {
  const config = parseConfig({
    path: 'components.yml',
    text: testConfig({
      web: 'name: Web\nprobe:\n  url: https://web.test.example/\n  interval: 15m',
      api: 'name: API\nprobe:\n  url: https://api.test.example/',
      manual: 'name: Manual',
    }),
  });
  const rules = (cron: string) => probeScheduleRules(config.config!, config.source, { path: '.github/workflows/probe.yml', crons: [cron] });

  it('is warned about at the interval, or at the probe when it has none, with the interval to set', () => {
    expect(rules('*/15 * * * *')).toEqual([
      {
        file: 'components.yml',
        line: 14,
        column: 7,
        severity: 'warning',
        rule: 'probe-schedule',
        message:
          'Probe of "api" has an interval of 5m, but .github/workflows/probe.yml runs the probe only every 15m, so "api" would show No data between runs; set "interval: 15m", or run the probe more often',
      },
    ]);
    expect(rules('*/5 * * * *')).toEqual([]);
    expect(rules('0 */6 * * *').map((d) => d.message)).toEqual([
      expect.stringContaining('Probe of "web" has an interval of 15m'),
      expect.stringContaining('set "interval: 6h"'),
    ]);
  });
});
