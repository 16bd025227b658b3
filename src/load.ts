import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse as parseYamlText } from 'yaml';
import { checkRepository } from '#core/derive/check.ts';
import { type ProbeData, parseCheckLines, parseDailyLines } from '#core/model/check-data.ts';
import { OWNER_MARKER } from '#core/model/content.ts';
import { type Diagnostic, formatDiagnostics } from '#core/model/diagnostics.ts';
import { missingCaMessage } from '#core/model/probe.ts';
import { cleanText, hasControls } from '#core/model/text.ts';
import type { Repository } from '#core/parse/repository.ts';
import { CONFIG_FILE, type RepositoryInput, readRepository, type SourceFile } from '#core/parse/repository.ts';
import { locate, type YamlSource } from '#core/parse/yaml-source.ts';

/** The shell between a status repository on disk and the pure core. */

export { resolveNow } from './now.ts';

export const DATA_DIR = 'status-data';
/** Marks a `status-data/` written by the demo's sample-data script: invented, not measured. */
export const SAMPLE_MARKER = '.sample';
/** Set to 1 (as `npm run demo` does) to build with sample data; any other build refuses it. */
export const SAMPLE_DATA_ENV = 'CAIRN_SAMPLE_DATA';

/** Largest incident file read; anything bigger is refused by path, not read into memory. */
export const MAX_INCIDENT_FILE_BYTES = 1024 * 1024;

/**
 * The Markdown files under `incidents/`, found with `lstat` so that no symbolic link is
 * followed: a link could point outside the repository, or back at it (and be walked forever).
 * Links, names with control characters and files over the size limit are errors; files that
 * are not `*.md` are not read, with a warning.
 */
function incidentSources(root: string, authors: Map<string, string>): { files: SourceFile[]; diagnostics: Diagnostic[] } {
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const problem = (file: string, severity: Diagnostic['severity'], rule: string, message: string) => diagnostics.push({ file, severity, rule, message });
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      const rel = relative(root, path).split(sep).join('/');
      if (hasControls(rel)) {
        problem(rel, 'error', 'file-name', 'File name with control characters: rename it with letters, digits and dashes');
      } else if (entry.isSymbolicLink()) {
        problem(rel, 'error', 'symlink', 'Symbolic link under incidents/: replace it with the file or folder itself');
      } else if (entry.isDirectory()) {
        visit(path);
      } else if (!entry.isFile()) {
        problem(rel, 'error', 'file-kind', 'Not a file or folder (a socket, pipe or device): remove it');
      } else if (!entry.name.endsWith('.md')) {
        if (!entry.name.startsWith('.')) problem(rel, 'warning', 'not-markdown', 'Not read: only files ending in .md (lowercase) are incident files');
      } else if (lstatSync(path).size > MAX_INCIDENT_FILE_BYTES) {
        problem(rel, 'error', 'file-size', `Larger than ${MAX_INCIDENT_FILE_BYTES / 1024 / 1024} MB, not read: shorten it, or link to long material instead`);
      } else {
        files.push({ path: rel, text: readFileSync(path, 'utf8'), gitAuthor: authors.get(rel) });
      }
    }
  };
  const dir = join(root, 'incidents');
  const stat = lstatSync(dir, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) problem('incidents', 'error', 'symlink', 'incidents/ is a symbolic link: make it a folder of the repository');
  else if (stat?.isDirectory()) visit(dir);
  return { files, diagnostics };
}

/**
 * Author of the commit that added each file under `incidents/`, in one `git log`. A file renamed
 * since keeps the author who added it under its first name.
 */
function gitAuthors(root: string): Map<string, string> {
  const authors = new Map<string, string>();
  let out: string;
  try {
    out = execFileSync('git', ['log', '--reverse', '--diff-filter=AR', '--name-status', '--format=%x00%an', '--', 'incidents'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return authors;
  }
  // Oldest first: "A\t<path>" for an added file, "R<score>\t<old>\t<new>" for a renamed one.
  for (const block of out.split('\0')) {
    const [author, ...changes] = block.split('\n').filter(Boolean);
    if (!author) continue;
    for (const change of changes) {
      const [how = '', path = '', renamed] = change.split('\t');
      if (how === 'A' && !authors.has(path)) authors.set(path, cleanText(author));
      else if (how.startsWith('R') && renamed !== undefined) authors.set(renamed, authors.get(path) ?? cleanText(author));
    }
  }
  return authors;
}

/**
 * When each component was first listed in a committed components.yml: the commit times of the
 * file's versions, oldest first, read in one `git cat-file --batch`. A component never committed
 * (or a folder outside Git) has no entry: nobody can say since when it was watched.
 */
export function listedSince(root: string): Map<string, number> {
  const since = new Map<string, number>();
  const git = (args: string[], input?: string) =>
    execFileSync('git', args, { cwd: root, input, stdio: ['pipe', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
  let commits: Array<{ sha: string; at: number }>;
  try {
    // Each commit as "\0<sha> <time>" and the paths it changed, with how ("A" when added).
    const log = git(['log', '--reverse', '--no-renames', '--format=%x00%H %ct', '--name-status', '--', CONFIG_FILE, OWNER_MARKER]).toString('utf8');
    const all = log
      .split('\0')
      .filter(Boolean)
      .map((block) => {
        const [head = '', ...changes] = block.split('\n').filter(Boolean);
        const [sha = '', at = ''] = head.split(' ');
        return { sha, at: Number(at) * 1000, changes };
      });
    // Before "cairn init" the file listed the example company's components: the owner's were
    // first listed in the commit that added its marker, or later.
    const owned = all.findIndex((c) => c.changes.some((change) => /^A\t/.test(change) && change.slice(2) === OWNER_MARKER));
    commits = all.slice(Math.max(0, owned)).filter((c) => c.changes.some((change) => change.endsWith(`\t${CONFIG_FILE}`)));
    if (commits.length === 0) return since;
    const out = git(['cat-file', '--batch'], commits.map((c) => `${c.sha}:./${CONFIG_FILE}\n`).join(''));
    let offset = 0;
    for (const commit of commits) {
      const headerEnd = out.indexOf(10, offset);
      const size = Number(out.subarray(offset, headerEnd).toString('utf8').split(' ')[2]);
      if (!Number.isFinite(size)) {
        offset = headerEnd + 1; // "<name> missing": the file was deleted in this commit
        continue;
      }
      const text = out.subarray(headerEnd + 1, headerEnd + 1 + size).toString('utf8');
      offset = headerEnd + 1 + size + 1;
      for (const id of componentIds(text)) if (!since.has(id)) since.set(id, commit.at);
    }
  } catch {
    return since;
  }
  return since;
}

/** The component ids of one version of components.yml; none when that version does not read. */
function componentIds(text: string): string[] {
  try {
    const components: unknown = parseYamlText(text)?.components;
    return Array.isArray(components) ? components.map((c) => c?.id).filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether `root`'s status-data/ holds the demo's invented history (`npm run demo` marks it). */
function holdsSampleData(root: string): boolean {
  return existsSync(join(root, DATA_DIR, SAMPLE_MARKER));
}

/** Why nothing may write measurements into `root`'s status-data/: it holds the demo's sample data. */
export function sampleDataProblem(root: string): string | undefined {
  if (!holdsSampleData(root)) return undefined;
  return `${DATA_DIR}/ holds the demo's invented check history: delete ${DATA_DIR}/ first, so that real results are never mixed into it`;
}

export function readProbeData(root: string, env: NodeJS.ProcessEnv = process.env): { probeData: Map<string, ProbeData>; diagnostics: Diagnostic[] } {
  const probeData = new Map<string, ProbeData>();
  const diagnostics: Diagnostic[] = [];
  const dataDir = join(root, DATA_DIR);
  if (!existsSync(dataDir)) return { probeData, diagnostics };
  // The demo's invented history must never pass for measurements of the owner's components.
  if (holdsSampleData(root) && env[SAMPLE_DATA_ENV] !== '1') {
    diagnostics.push({
      file: `${DATA_DIR}/${SAMPLE_MARKER}`,
      severity: 'error',
      rule: 'sample-data',
      message: `${DATA_DIR}/ holds the demo's invented check history, not measurements: delete ${DATA_DIR}/ (the probe writes real data there), or set ${SAMPLE_DATA_ENV}=1 to show the demo`,
    });
    return { probeData, diagnostics };
  }
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    const dir = join(dataDir, entry.name);
    const h: ProbeData = { checks: [], daily: [] };
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      const file = relative(root, path).split(sep).join('/');
      if (name === 'daily.txt') {
        const parsed = parseDailyLines(readFileSync(path, 'utf8'), file);
        h.daily.push(...parsed.daily);
        diagnostics.push(...parsed.diagnostics);
      } else if (/^\d{4}-\d{2}-\d{2}\.txt$/.test(name)) {
        const parsed = parseCheckLines(readFileSync(path, 'utf8'), file);
        h.checks.push(...parsed.checks);
        diagnostics.push(...parsed.diagnostics);
      }
    }
    h.checks.sort((a, b) => a.at - b.at);
    probeData.set(entry.name, h);
  }
  return { probeData, diagnostics };
}

export interface Loaded {
  /** The files as read, when there was a repository to read. */
  input?: RepositoryInput;
  repository?: Repository;
  configSource?: YamlSource;
  diagnostics: Diagnostic[];
}

/**
 * The files of the repository at `root` as the core reads them, unparsed, so a command can add the
 * files it is about to write and check the result before writing anything.
 */
export interface LoadOptions {
  /** Read probe data from status-data/ (default true); validating content does not need it. */
  probeData?: boolean;
  /** Where CAIRN_SAMPLE_DATA is read; the process's environment by default. */
  env?: NodeJS.ProcessEnv;
  /** Run every rule of `cairn check` as of this instant too; without it only the files' own shape is checked. */
  now?: number;
}

export function readRepositoryFiles(root: string, options: LoadOptions = {}): { input?: RepositoryInput; diagnostics: Diagnostic[] } {
  const configPath = join(root, CONFIG_FILE);
  if (!existsSync(configPath)) {
    return {
      diagnostics: [
        {
          file: CONFIG_FILE,
          severity: 'error',
          rule: 'config-missing',
          message: `No ${CONFIG_FILE} in ${root}: run cairn from the root of a status repository`,
        },
      ],
    };
  }
  const { files: incidentFiles, diagnostics } = incidentSources(root, gitAuthors(root));
  const data = options.probeData === false ? { probeData: new Map(), diagnostics: [] } : readProbeData(root, options.env);
  return {
    input: {
      config: { path: CONFIG_FILE, text: readFileSync(configPath, 'utf8') },
      incidentFiles,
      probeData: data.probeData,
      // Like probe data, only uptime needs it.
      listedSince: options.probeData === false ? undefined : listedSince(root),
    },
    diagnostics: [...diagnostics, ...data.diagnostics],
  };
}

/** Probes whose `ca:` file is missing: the probe would refuse them, so reading the repository does first. */
function missingCaFiles(root: string, repository: Repository, source: YamlSource | undefined): Diagnostic[] {
  return repository.config.components.flatMap((c, i) =>
    c.probe?.kind !== 'http' || c.probe.ca === undefined || existsSync(join(root, c.probe.ca))
      ? []
      : [
          {
            file: CONFIG_FILE,
            ...(source ? locate(source, ['components', i, 'probe', 'ca']) : {}),
            severity: 'error' as const,
            rule: 'probe-ca',
            message: missingCaMessage(c.id, c.probe.ca),
          },
        ],
  );
}

/** Reads `components.yml`, `incidents/` and `status-data/` of the repository at `root`. */
export function loadRepository(root: string, options: LoadOptions = {}): Loaded {
  const { input, diagnostics: dataDiagnostics } = readRepositoryFiles(root, options);
  if (!input) return { diagnostics: dataDiagnostics };
  const result = options.now === undefined ? readRepository(input) : checkRepository(input, options.now);
  const caDiagnostics = result.repository ? missingCaFiles(root, result.repository, result.configSource) : [];
  return { ...result, input, diagnostics: [...result.diagnostics, ...caDiagnostics, ...dataDiagnostics] };
}

/** A repository that could be read; it may still have problems, in `diagnostics`. */
export type Readable = Loaded & Required<Pick<Loaded, 'input' | 'repository'>>;

/**
 * The repository at `root` for a command that cannot work without one: when it cannot be read at
 * all, or its check data is refused (as the demo's sample data is), throws one error that lists why.
 */
export function requireRepository(root: string, options: LoadOptions = {}): Readable {
  const loaded = loadRepository(root, options);
  const dataErrors = loaded.diagnostics.filter((d) => d.severity === 'error' && d.file.startsWith(`${DATA_DIR}/`));
  if (!loaded.input || !loaded.repository || dataErrors.length) {
    const errors = formatDiagnostics(
      loaded.diagnostics.filter((d) => d.severity === 'error'),
      'human',
    );
    throw new Error(`cannot read the status repository in ${root}; fix these first:\n${errors}`);
  }
  return loaded as Readable;
}
