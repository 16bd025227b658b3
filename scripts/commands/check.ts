import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exampleLeftovers } from '#core/derive/example-leftovers.ts';
import { OWNER_MARKER } from '#core/model/content.ts';
import { FORMATS, formatDiagnostics, hasErrors } from '#core/model/diagnostics.ts';
import { loadRepository } from '../../src/load.ts';
import { defineCommand, oneOf } from '../cli/command.ts';

export const check = defineCommand({
  name: 'check',
  usage: 'cairn check [--format human|json|github]',
  help: [
    'Exits 1 when there is any error, 0 when there are only warnings or nothing.',
    'After "cairn init", mentions of the example company are warned about.',
    '',
    'Examples:',
    '  cairn check',
    '  cairn check --format github   # annotations on the changed lines of a pull request',
  ].join('\n'),
  options: { format: { type: 'string', default: 'human' } },
  async run({ values }, io) {
    const format = oneOf('format', values.format, FORMATS);
    // Probe data lives on its own branch and is checked as the probe writes it: content only here.
    const { input, diagnostics } = loadRepository(io.cwd, { probeData: false, now: io.now });
    if (input && existsSync(join(io.cwd, OWNER_MARKER))) diagnostics.push(...exampleLeftovers([input.config, ...input.incidentFiles]));
    const text = formatDiagnostics(diagnostics, format);
    if (text) io.stdout(`${text}\n`);
    return hasErrors(diagnostics) ? 1 : 0;
  },
});
