import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_NOW, generate, type Size } from './generate.ts';
import { homeWeight } from './home-weight.ts';
import { formatProbeTable, type ProbeBenchRow, runProbeBench } from './probe.ts';

/**
 * `npm run bench`: generates synthetic repositories of three sizes and measures, as whole
 * processes, wall time and peak memory of `cairn check` and the full site build, each next to its
 * floor (`bench/floor.ts`: the least work the job implies, on the same corpus); the CLI's start;
 * then the probe.
 */

const ROOT = join(import.meta.dirname, '..');
const SIZES: Record<string, Size> = {
  small: { incidents: 100, components: 5, days: 90, noCheckData: true },
  medium: { incidents: 1_000, components: 50, days: 365 },
  large: { incidents: 10_000, components: 200, days: 365 },
};

interface Measure {
  seconds: number;
  peakMB?: number;
}

const GNU_TIME = '/usr/bin/time';

/** Runs a command, returning wall time and (where GNU time exists) the peak resident memory. */
function measure(command: string, args: string[], cwd: string, env: Record<string, string>): Measure {
  const withTime = existsSync(GNU_TIME);
  const start = process.hrtime.bigint();
  const result = withTime
    ? spawnSync(GNU_TIME, ['-f', 'CAIRN_BENCH %M', command, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const kb = /CAIRN_BENCH (\d+)/.exec(result.stderr ?? '')?.[1];
  if (result.status !== 0 && !(args.includes('check') && result.status === 1)) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return { seconds, peakMB: kb ? Number(kb) / 1024 : undefined };
}

function dirSize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const d of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!d.isFile()) continue;
    files++;
    bytes += statSync(join(d.parentPath, d.name)).size;
  }
  return { files, bytes };
}

const fmt = (m: Measure) => `${m.seconds.toFixed(2)} s${m.peakMB ? ` / ${Math.round(m.peakMB)} MB` : ''}`;

const { values } = parseArgs({ options: { sizes: { type: 'string', default: 'small,medium,large' }, 'no-probe': { type: 'boolean', default: false } } });
const chosen = values.sizes.split(',').map((s) => {
  const size = SIZES[s];
  if (!size) throw new Error(`unknown size "${s}"; expected ${Object.keys(SIZES).join(', ')}`);
  return [s, size] as const;
});

const node = process.execPath;

function ratioTo(r: Record<string, unknown>, job: 'check' | 'build'): string {
  return `${((r[job] as Measure).seconds / (r[`${job}Floor`] as Measure).seconds).toFixed(2)}×`;
}

// The CLI's own start: what every command pays before it does anything.
const startSeconds = Math.min(...Array.from({ length: 5 }, () => measure(node, [join(ROOT, 'scripts', 'cairn.ts'), '--help'], ROOT, {}).seconds));
const astro = join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const rows: Array<Record<string, unknown>> = [];
for (const [name, size] of chosen) {
  const work = mkdtempSync(join(ROOT, 'node_modules', '.cache', `bench-${name}-`));
  try {
    const repo = join(work, 'repo');
    const generated = process.hrtime.bigint();
    generate(repo, size);
    const generateSeconds = Number(process.hrtime.bigint() - generated) / 1e9;
    const env = { CAIRN_NOW: BENCH_NOW, CAIRN_ROOT: repo, ASTRO_TELEMETRY_DISABLED: '1', CAIRN_CACHE_DIR: join(work, 'cache') };
    const check = measure(node, [join(ROOT, 'scripts', 'cairn.ts'), 'check', '--format', 'json'], repo, env);
    const checkFloor = measure(node, [join(ROOT, 'bench', 'floor.ts'), 'check', repo], repo, env);
    // Built from a folder of its own (see test/build.ts), into it.
    const build = measure(node, [astro, 'build', '--root', ROOT, '--outDir', join(work, 'dist')], work, env);
    const buildFloor = measure(node, [join(ROOT, 'bench', 'floor.ts'), 'build', repo, join(work, 'floor-dist')], repo, env);
    const out = dirSize(join(work, 'dist'));
    const home = homeWeight(join(work, 'dist'));
    rows.push({
      name,
      ...size,
      generateSeconds,
      check,
      checkFloor,
      build,
      buildFloor,
      pages: out.files,
      distMB: out.bytes / 2 ** 20,
      homeKB: home.bytes / 1024,
      homeElements: home.elements,
    });
    console.error(`${name}: check ${fmt(check)} (floor ${fmt(checkFloor)}), build ${fmt(build)} (floor ${fmt(buildFloor)}), ${out.files} files`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  '',
  '| size (incidents, components, days) | cairn check | ÷ floor | site build | ÷ floor | output files | dist | home page (HTML+CSS, elements) |',
  '|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.name} (${(r.incidents as number).toLocaleString('en')}, ${r.components}, ${r.days}) | ${fmt(r.check as Measure)} | ${ratioTo(r, 'check')} | ${fmt(r.build as Measure)} | ${ratioTo(r, 'build')} | ${(r.pages as number).toLocaleString('en')} | ${(r.distMB as number).toFixed(1)} MB | ${(r.homeKB as number).toFixed(1)} KB, ${r.homeElements} |`,
  ),
  '',
  'Floors: check = read every incident file and parse its frontmatter with yaml; build = that, plus render each message once with remark + remark-html and write one trivial page per incident and per component.',
  '',
  `CLI start (\`cairn --help\`, best of 5): ${startSeconds.toFixed(2)} s`,
];
for (let i = 1; i < rows.length; i++) {
  const a = rows[i - 1]!;
  const b = rows[i]!;
  const ratio = (k: 'check' | 'build') => ((b[k] as Measure).seconds / (a[k] as Measure).seconds).toFixed(1);
  lines.push(
    '',
    `${b.name} / ${a.name}: ${((b.incidents as number) / (a.incidents as number)).toFixed(0)}× the incidents → check ${ratio('check')}×, build ${ratio('build')}×`,
  );
}

let probeRows: ProbeBenchRow[] | undefined;
if (!values['no-probe']) {
  probeRows = await runProbeBench();
  lines.push('', formatProbeTable(probeRows));
}

const table = lines.join('\n');
console.log(table);
mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
const file = join(ROOT, 'bench', 'results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), rows, probe: probeRows, table }, null, 2)}\n`);
console.error(`wrote ${file}`);
