import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkRepository } from '#core/derive/check.ts';
import { type ProbeData, parseCheckLines, parseDailyLines } from '#core/model/check-data.ts';
import { type Diagnostic, formatDiagnostics } from '#core/model/diagnostics.ts';
import { cleanText, hasControls } from '#core/model/text.ts';
import type { Repository } from '#core/parse/repository.ts';
import { CONFIG_FILE, type RepositoryInput, readRepository, type SourceFile } from '#core/parse/repository.ts';
import type { YamlSource } from '#core/parse/yaml-source.ts';

/** The shell between a status repository on disk and the pure core. */

export { resolveNow } from './now.ts';

export const DATA_DIR = 'status-data';

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

/** Author of the commit that added each file under `incidents/`, in one `git log`. */
function gitAuthors(root: string): Map<string, string> {
  const authors = new Map<string, string>();
  let out: string;
  try {
    out = execFileSync('git', ['log', '--diff-filter=A', '--name-only', '--format=%x00%an', '--', 'incidents'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch {
    return authors;
  }
  for (const block of out.split('\0')) {
    const [author, ...files] = block.split('\n').filter(Boolean);
    // Newest first: the oldest commit that added a path wins.
    if (author) for (const f of files) authors.set(f, cleanText(author));
  }
  return authors;
}

export function readProbeData(root: string): { probeData: Map<string, ProbeData>; diagnostics: Diagnostic[] } {
  const probeData = new Map<string, ProbeData>();
  const diagnostics: Diagnostic[] = [];
  const dataDir = join(root, DATA_DIR);
  if (!existsSync(dataDir)) return { probeData, diagnostics };
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
  const data = options.probeData === false ? { probeData: new Map(), diagnostics: [] } : readProbeData(root);
  return {
    input: { config: { path: CONFIG_FILE, text: readFileSync(configPath, 'utf8') }, incidentFiles, probeData: data.probeData },
    diagnostics: [...diagnostics, ...data.diagnostics],
  };
}

/** Reads `components.yml`, `incidents/` and `status-data/` of the repository at `root`. */
export function loadRepository(root: string, options: LoadOptions = {}): Loaded {
  const { input, diagnostics: dataDiagnostics } = readRepositoryFiles(root, options);
  if (!input) return { diagnostics: dataDiagnostics };
  const result = options.now === undefined ? readRepository(input) : checkRepository(input, options.now);
  return { ...result, input, diagnostics: [...result.diagnostics, ...dataDiagnostics] };
}

/** A repository that could be read; it may still have problems, in `diagnostics`. */
export type Readable = Loaded & Required<Pick<Loaded, 'input' | 'repository'>>;

/**
 * The repository at `root` for a command that cannot work without one: when it cannot be read at
 * all, throws one error that lists why.
 */
export function requireRepository(root: string, options: LoadOptions = {}): Readable {
  const loaded = loadRepository(root, options);
  if (!loaded.input || !loaded.repository) {
    const errors = formatDiagnostics(
      loaded.diagnostics.filter((d) => d.severity === 'error'),
      'human',
    );
    throw new Error(`cannot read the status repository in ${root}; fix these first:\n${errors}`);
  }
  return loaded as Readable;
}
