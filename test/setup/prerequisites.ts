import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { TestProject } from 'vitest/node';

/**
 * Programs the test tiers use besides Node: checked once before any test runs, so that a missing
 * one stops `npm test` at once with what to install, not deep inside a test.
 */
export const CHROMIUM = '/usr/bin/chromium';

const NEEDS: Record<string, Array<'chromium' | 'java'>> = { site: ['java'], e2e: ['chromium', 'java'] };

const INSTALL = {
  chromium: `Chromium at ${CHROMIUM} (the browser tests): apt-get install chromium, or link your Chromium or Chrome there`,
  java: 'Java 11 or newer on the PATH (the Nu HTML checker in node_modules/vnu-jar): apt-get install default-jre-headless, or brew install openjdk',
};

function present(program: 'chromium' | 'java'): boolean {
  if (program === 'chromium') return existsSync(CHROMIUM);
  // `java -version` prints `openjdk version "17.0.15"` (or "1.8.0_392" for Java 8) on stderr.
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const [, major, minor] = /version "(\d+)(?:\.(\d+))?/.exec(java.stderr ?? '') ?? [];
  return java.status === 0 && major !== undefined && (major === '1' ? Number(minor) : Number(major)) >= 11;
}

export default function prerequisites(project: TestProject): void {
  // Only the tiers about to run count: `npm run test:unit` needs neither program.
  const tiers = project.vitest.projects.map((p) => p.name);
  const needed = new Set(tiers.flatMap((t) => NEEDS[t] ?? []));
  const missing = [...needed].filter((p) => !present(p));
  if (missing.length === 0) return;
  throw new Error(
    `npm test needs programs that are not installed:\n${missing.map((p) => `  - ${INSTALL[p]}`).join('\n')}\n` +
      'Install them, or run the tiers that need neither: npm run test:unit, npm run test:cli.',
  );
}
