import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { exampleLeftovers } from '#core/derive/example-leftovers.ts';
import { checkRules } from '#core/derive/rules.ts';
import { OWNER_MARKER } from '#core/model/content.ts';
import { FORMATS, formatDiagnostics, hasErrors } from '#core/model/diagnostics.ts';
import { readRepository } from '#core/parse/repository.ts';
import { readRepositoryFiles } from '../../src/load.ts';
import { type Command, oneOf } from '../cli/command.ts';

export const check: Command = {
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
    const { input, diagnostics } = readRepositoryFiles(io.cwd, { probeData: false });
    if (input) {
      const { repository, configSource, diagnostics: found } = readRepository(input);
      diagnostics.push(...found);
      if (repository) diagnostics.push(...checkRules(repository, configSource, io.now));
      if (existsSync(join(io.cwd, OWNER_MARKER))) diagnostics.push(...exampleLeftovers([input.config, ...input.incidentFiles]));
    }
    const text = formatDiagnostics(diagnostics, format);
    if (text) io.stdout(`${text}\n`);
    return hasErrors(diagnostics) ? 1 : 0;
  },
};
