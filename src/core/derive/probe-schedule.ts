import type { Config } from '#core/model/config.ts';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import { formatDuration } from '#core/model/time.ts';
import { longestWait } from '#core/parse/cron.ts';
import { CONFIG_FILE } from '#core/parse/repository.ts';
import { locate, type YamlSource } from '#core/parse/yaml-source.ts';

/**
 * A probe's `interval` says how often its checks come: three intervals without one and the
 * component shows No data. A schedule that waits longer between runs than an interval leaves
 * the component without data between runs, though every run succeeds.
 */
export function probeScheduleRules(config: Config, source: YamlSource | undefined, workflow: { path: string; crons: readonly string[] }): Diagnostic[] {
  const wait = longestWait(workflow.crons);
  if (wait === undefined) return [];
  return config.components.flatMap((c, i) =>
    c.probe === undefined || c.probe.interval >= wait
      ? []
      : [
          {
            file: CONFIG_FILE,
            ...(source ? locate(source, ['components', i, 'probe', 'interval']) : {}),
            severity: 'warning' as const,
            rule: 'probe-schedule',
            message: `Probe of "${c.id}" has an interval of ${formatDuration(c.probe.interval)}, but ${workflow.path} runs the probe only every ${formatDuration(wait)}, so "${c.id}" would show No data between runs; set "interval: ${formatDuration(wait).replace(' ', '')}", or run the probe more often`,
          },
        ],
  );
}
