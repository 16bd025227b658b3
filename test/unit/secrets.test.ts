import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { configSchema } from '#core/model/config.ts';
import { fillReferences, refusedSecret, secretReferences } from '#core/model/secrets.ts';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
const runnerName = fc
  .tuple(fc.constantFrom('GITHUB_', 'ACTIONS_', 'RUNNER_', 'github_', 'Runner_'), fc.stringMatching(/^[A-Z0-9_]{0,10}$/))
  .map(([p, s]) => p + s);

describe('probe secrets', () => {
  test.prop([fc.array(name, { maxLength: 5 }), fc.array(name, { minLength: 1, maxLength: 5 }), fc.dictionary(name, fc.string())])(
    'fills exactly the listed names that are set and not the runner’s, and leaves every other reference as written',
    (listed, used, env) => {
      const text = used.map((n) => `[\${${n}}]`).join('');
      const filled = fillReferences(text, (n) => (refusedSecret(n, listed) ? undefined : env[n]));
      const expected = used.map((n) => (!refusedSecret(n, listed) && env[n] !== undefined ? `[${env[n]}]` : `[\${${n}}]`)).join('');
      expect(filled).toBe(expected);
      expect(secretReferences(text).map((r) => r.name)).toEqual(used);
    },
  );

  test.prop([runnerName, fc.array(name)])('never allows a runner variable, listed or not', (n, listed) => {
    expect(refusedSecret(n, [...listed, n])).toMatch(/belongs to the CI runner/);
  });

  test.prop([fc.string({ unit: 'grapheme' }), fc.constantFrom('path/${S}', 'p?key=${S}', 'p#${S}', '${S}')])(
    'a value filled into a URL, percent-encoded, never changes the origin or adds a path segment',
    (value, rest) => {
      const url = new URL(`https://probe.example/${fillReferences(rest, () => value, encodeURIComponent)}`);
      expect(url.origin).toBe('https://probe.example');
      expect(url.pathname.split('/').length).toBe(rest.startsWith('path/') ? 3 : 2);
      expect(url.username + url.password).toBe('');
    },
  );

  const config = (secrets: unknown) => ({
    site: { title: 'T', url: 'https://status.example/' },
    probe: { secrets },
    components: [{ id: 'api', name: 'API' }],
  });
  test.prop([runnerName])('refuses a runner variable in probe.secrets', (n) => {
    expect(configSchema.safeParse(config([n])).success).toBe(false);
  });
  test.prop([name.filter((n) => !/^(GITHUB|ACTIONS|RUNNER)_/i.test(n))])('accepts any other variable name', (n) => {
    expect(configSchema.parse(config([n])).probe.secrets).toEqual([n]);
  });
});
