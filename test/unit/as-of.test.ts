import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { asOf } from '#core/derive/as-of.ts';
import { checkRules } from '#core/derive/rules.ts';
import { readRepository } from '#core/parse/repository.ts';
import { ROOT, t } from '../helpers.ts';

/** The example repository as the core reads it. */
function example() {
  const incidentFiles = readdirSync(join(ROOT, 'incidents'), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const path = join(d.parentPath, d.name);
      return { path: path.slice(ROOT.length + 1), text: readFileSync(path, 'utf8') };
    });
  const read = readRepository({ config: { path: 'components.yml', text: readFileSync(join(ROOT, 'components.yml'), 'utf8') }, incidentFiles });
  return { ...read, repository: read.repository! };
}

describe('the repository as of a moment', () => {
  const { repository, configSource } = example();
  const entries = repository.incidents.flatMap((i) => i.entries.map((e) => e.at));
  const first = Math.min(...entries) - 86_400_000;
  // By the minute, from a day before the first entry to a day after the last, every entry's own minute included.
  const moments = fc.integer({ min: 0, max: Math.ceil((Math.max(...entries) + 86_400_000 - first) / 60_000) }).map((m) => first + m * 60_000);

  test.prop([moments])('has exactly the entries written by then, and nothing in the future', (now) => {
    const then = asOf(repository, now);
    expect(then.incidents.flatMap((i) => i.entries.map((e) => e.at)).sort()).toEqual(
      repository.incidents
        .filter((i) => i.entries[0]!.at <= now)
        .flatMap((i) => i.entries.filter((e) => e.at <= now).map((e) => e.at))
        .sort(),
    );
    expect(checkRules(then, configSource, now).filter((d) => d.rule === 'future-time')).toEqual([]);
  });

  test('hides a postmortem written later', () => {
    const withPostmortem = repository.incidents.find((i) => i.postmortem?.at !== undefined)!;
    const before = asOf(repository, withPostmortem.postmortem!.at! - 60_000).incidents.find((i) => i.id === withPostmortem.id)!;
    expect(before.postmortem).toBeUndefined();
    // Less than a minute ahead counts as made: times are shown to the minute.
    expect(asOf(repository, withPostmortem.postmortem!.at! - 59_999).incidents.find((i) => i.id === withPostmortem.id)!.postmortem).toBeDefined();
    expect(asOf(repository, t('2030-01-01T00:00:00Z')).incidents.find((i) => i.id === withPostmortem.id)!.postmortem).toBeDefined();
  });
});
