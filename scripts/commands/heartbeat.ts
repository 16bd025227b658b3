import { join } from 'node:path';
import { formatCheckLine } from '#core/model/check-data.ts';
import { formatDiagnostics } from '#core/model/diagnostics.ts';
import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';
import { dayKey, isoUtc } from '#core/model/time.ts';
import { CONFIG_FILE } from '#core/parse/repository.ts';
import { listWords } from '#core/parse/yaml-source.ts';
import { heartbeatReport } from '#core/probe/heartbeat.ts';
import { appendLines } from '../../src/fs-atomic.ts';
import { DATA_DIR, loadRepository, sampleDataProblem } from '../../src/load.ts';
import { defineCommand, UsageError } from '../cli/command.ts';

export const heartbeat = defineCommand({
  name: 'heartbeat',
  usage: 'cairn heartbeat <component>',
  help: [
    `Records that a scheduled job ran: appends a report to ${DATA_DIR}/<component>/<day>.txt. The`,
    'component needs a probe of kind heartbeat in components.yml; the next "cairn probe" counts it',
    'down when no report came within its "every" plus "grace". Run it as the last step of the job,',
    `with the data branch checked out ("cairn data checkout" before, "cairn data push" after).`,
    '',
    'Examples:',
    '  cairn heartbeat nightly-backup',
    '  cairn data checkout && npx cairn heartbeat nightly-backup && cairn data push',
  ].join('\n'),
  options: {},
  positionals: { min: 1, max: 1 },
  async run({ positionals }, io) {
    const id = positionals[0]!;
    const sample = sampleDataProblem(io.cwd);
    if (sample) throw new Error(sample);
    const { repository, diagnostics } = loadRepository(io.cwd, { probeData: false });
    if (!repository) {
      io.stderr(
        `${formatDiagnostics(
          diagnostics.filter((d) => d.severity === 'error'),
          'human',
        )}\n`,
      );
      return 1;
    }
    const { config } = repository;
    const beating = config.components.filter((c) => c.probe?.kind === 'heartbeat').map((c) => c.id);
    const component = config.components.find((c) => c.id === id);
    if (!component) {
      const hint = suggest(
        id,
        config.components.map((c) => c.id),
      );
      throw new UsageError(`unknown component ${quoted(id)}${hint ? `; did you mean "${hint}"?` : beating.length ? `, expected ${listWords(beating)}` : ''}`);
    }
    if (component.probe?.kind !== 'heartbeat') {
      throw new UsageError(`component ${quoted(id)} has no heartbeat probe; give it "probe: { kind: heartbeat, every: 1d }" in ${CONFIG_FILE}`);
    }
    // Whole seconds, as the probe writes them.
    const at = Math.floor(io.now / 1000) * 1000;
    const path = join(io.cwd, DATA_DIR, id, `${dayKey(at, config.site.timezone)}.txt`);
    // One whole line in one append, as the probe writes: concurrent reports and runs keep every line.
    appendLines(path, `${formatCheckLine(heartbeatReport(at))}\n`);
    io.stdout(`Heartbeat of ${id} recorded at ${isoUtc(at)}\n  ${DATA_DIR}/${id}/${dayKey(at, config.site.timezone)}.txt\n`);
    return 0;
  },
});
