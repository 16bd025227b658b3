import type { ProbeData } from '#core/model/check-data.ts';
import { type Config, configSchema } from '#core/model/config.ts';
import type { Diagnostic } from '#core/model/diagnostics.ts';
import type { AffectedStatus, Impact, Source, Status } from '#core/model/enums.ts';
import {
  type Affected,
  incidentFrontmatterSchema,
  type PostmortemFrontmatter,
  postmortemFrontmatterSchema,
  type UpdateFrontmatter,
  updateFrontmatterSchema,
} from '#core/model/incident.ts';
import { toInstant, wallClockExists } from '#core/model/time.ts';
import { readTemplate, type Template, templateName } from './template.ts';
import { type Frontmatter, locate, parseFrontmatter, parseYaml, validate, type YamlSource } from './yaml-source.ts';

/** A file as the shell read it. `gitAuthor` is the author of the commit that added it, when known. */
export interface SourceFile {
  path: string;
  text: string;
  gitAuthor?: string;
}

export interface Position {
  line: number;
  column: number;
}

/** One message of an incident's timeline: the declaration (`index.md`) or an update file. */
export interface Entry {
  /** `declared` for the declaration, else the update file's name without `.md`; used as the anchor. */
  id: string;
  file: string;
  at: number;
  /** The time as written, for messages. */
  atText: string;
  status?: Status;
  impact?: Impact;
  components?: Record<string, AffectedStatus>;
  author?: string;
  /** An update that acknowledges the incident (`ack: true`). */
  ack?: boolean;
  body: string;
  bodyLine: number;
  /** Where fields were written, by dotted path, for diagnostics. */
  positions: Record<string, Position>;
}

export interface Incident {
  id: string;
  file: string;
  title: string;
  type: 'incident' | 'maintenance';
  source: Source;
  draft: boolean;
  global: boolean;
  window?: { start: number; end: number };
  /** Declaration first, then updates by time. */
  entries: Entry[];
  postmortem?: { file: string; at?: number; author?: string; body: string };
}

export interface Repository {
  config: Config;
  incidents: Incident[];
  /** The readable templates under `incidents/_templates/` (`cairn new --template`). */
  templates?: Template[];
  /** Probe history by component id; absent components have none. */
  probeData: Map<string, ProbeData>;
  /** When each component was first listed in components.yml (from Git history); absent when unknown. */
  listedSince: Map<string, number>;
}

export interface RepositoryInput {
  config: SourceFile;
  /** Every file under `incidents/`, paths relative to the repository root. */
  incidentFiles: SourceFile[];
  probeData?: Map<string, ProbeData>;
  listedSince?: Map<string, number>;
}

export const CONFIG_FILE = 'components.yml';
const INCIDENT_FILE = /^incidents\/([^/]+)\/([^/]+)$/;
export const INCIDENT_ID = /^[a-z0-9][a-z0-9-]*$/;
/**
 * An update file's name without `.md`: letters, digits and dashes, as `cairn update` writes
 * them (`2026-11-23T1305-identified`). The name is the update's anchor, feed id and
 * notification key, so `declared` (the declaration's), `index` and `postmortem` are taken.
 */
export const UPDATE_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
// An update's name is its anchor on the incident page: never one the page has already.
const RESERVED_UPDATE_NAMES = new Set(['declared', 'index', 'postmortem', 'main', 'page-status']);

/** Why `name` (an update file's name without `.md`) cannot be used, or undefined when it can. */
export function updateNameProblem(name: string): string | undefined {
  if (RESERVED_UPDATE_NAMES.has(name.toLowerCase()))
    return `Update file name "${name}.md" is reserved: name updates by their time and what they do, such as 2026-11-23T1305-identified.md`;
  if (!UPDATE_NAME.test(name))
    return `Update file name "${name}.md" has characters other than letters, digits and dashes: rename it such as 2026-11-23T1305-identified.md`;
  return undefined;
}

export function parseConfig(file: SourceFile): { config?: Config; source?: YamlSource; diagnostics: Diagnostic[] } {
  const { source, data, diagnostics } = parseYaml(file.text, file.path);
  if (diagnostics.length) return { diagnostics };
  const { value, diagnostics: schemaDiagnostics } = validate(configSchema, data, source);
  return { config: value, source, diagnostics: schemaDiagnostics };
}

/**
 * A time without an offset that the clocks skip (02:30 on the night summer time starts) names no
 * instant: reading it as some other time would misplace the entry without a word.
 */
function skippedTimes(file: string, source: YamlSource, times: Record<string, string | undefined>, tz: string, diagnostics: Diagnostic[]): void {
  for (const [field, text] of Object.entries(times)) {
    if (text === undefined || wallClockExists(text, tz)) continue;
    const path = field.split('.');
    diagnostics.push({
      file,
      ...locate(source, path),
      severity: 'error',
      rule: 'skipped-time',
      message: `${field} ${text} does not exist in ${tz}: the clocks skip it; give the time after the change, or one with an offset`,
    });
  }
}

/** A plain list means `partial_outage` for an incident and `under_maintenance` for maintenance. */
function normalizeAffected(affected: Affected | undefined, type: Incident['type']): Record<string, AffectedStatus> | undefined {
  if (affected === undefined) return undefined;
  const status: AffectedStatus = type === 'maintenance' ? 'under_maintenance' : 'partial_outage';
  if (Array.isArray(affected)) return Object.fromEntries(affected.map((id) => [id, status]));
  return { ...affected };
}

export function positions(source: YamlSource, data: unknown): Record<string, Position> {
  const out: Record<string, Position> = {};
  if (!data || typeof data !== 'object') return out;
  for (const [key, value] of Object.entries(data)) {
    out[key] = locate(source, [key]);
    if (key === 'components' && value && typeof value === 'object') {
      if (Array.isArray(value)) value.forEach((id, i) => (out[`components.${id}`] = locate(source, [key, i])));
      else for (const id of Object.keys(value)) out[`components.${id}`] = locate(source, [key, id], true);
    }
    if (key === 'window' && value && typeof value === 'object') {
      for (const k of Object.keys(value)) out[`window.${k}`] = locate(source, [key, k]);
    }
  }
  return out;
}

/** Parses one incident file; an empty message is reported even when the frontmatter has problems. */
function parseMessage(file: SourceFile, diagnostics: Diagnostic[]): ReturnType<typeof parseFrontmatter> {
  const parsed = parseFrontmatter(file.text, file.path);
  diagnostics.push(...parsed.diagnostics);
  const fm = parsed.frontmatter;
  if (fm && fm.body.trim() === '') {
    diagnostics.push({
      file: file.path,
      line: fm.bodyLine,
      column: 1,
      severity: 'error',
      rule: 'empty-message',
      message: 'Empty message: write below the frontmatter what readers should know',
    });
  }
  return parsed;
}

/** An update or postmortem file, read and validated on its own (its incident may not read). */
type FollowUp =
  | { kind: 'update'; file: SourceFile; fm: Frontmatter; value: UpdateFrontmatter }
  | { kind: 'postmortem'; file: SourceFile; fm: Frontmatter; value: PostmortemFrontmatter };

function readFollowUp(file: SourceFile, diagnostics: Diagnostic[]): FollowUp | undefined {
  const fm = parseMessage(file, diagnostics).frontmatter;
  if (!fm) return undefined;
  if (file.path.endsWith('/postmortem.md')) {
    const { value, diagnostics: found } = validate(postmortemFrontmatterSchema, fm.data, fm);
    diagnostics.push(...found);
    return value && { kind: 'postmortem', file, fm, value };
  }
  const { value, diagnostics: found } = validate(updateFrontmatterSchema, fm.data, fm);
  diagnostics.push(...found);
  return value && { kind: 'update', file, fm, value };
}

/**
 * Reads a repository's files into plain data. Everything that can be read is read; every
 * problem found on the way is returned, so one run reports them all.
 */
export function readRepository(input: RepositoryInput): { repository?: Repository; configSource?: YamlSource; diagnostics: Diagnostic[] } {
  const { config, source: configSource, diagnostics } = parseConfig(input.config);
  // Without a valid config the incidents are still read, so their own problems show in the same run.
  const incidents = readIncidents(input.incidentFiles, config?.site.timezone ?? 'UTC', diagnostics);
  // Templates are checked now, not when an incident is declared from one under pressure.
  const templates = input.incidentFiles.flatMap((f) => {
    if (templateName(f.path) === undefined) return [];
    const { template, diagnostics: found } = readTemplate(f);
    diagnostics.push(...found);
    return template ? [template] : [];
  });
  if (!config) return { diagnostics };
  return {
    repository: { config, incidents, templates, probeData: input.probeData ?? new Map(), listedSince: input.listedSince ?? new Map() },
    configSource,
    diagnostics,
  };
}

function readIncidents(files: SourceFile[], tz: string, diagnostics: Diagnostic[]): Incident[] {
  const time = (text: string) => toInstant(text, tz)!;

  const byFolder = new Map<string, SourceFile[]>();
  for (const f of files) {
    const m = INCIDENT_FILE.exec(f.path);
    if (!m) {
      if (f.path.endsWith('.md') && !f.path.startsWith('incidents/_templates/')) {
        diagnostics.push({
          file: f.path,
          severity: 'error',
          rule: 'stray-file',
          message: 'Markdown file outside an incident folder: move it to incidents/<id>/ (index.md declares, other files are updates)',
        });
      }
      continue;
    }
    const folder = m[1]!;
    if (folder === '_templates') continue;
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), f]);
  }

  const incidents: Incident[] = [];
  for (const [id, files] of [...byFolder].sort(([a], [b]) => a.localeCompare(b))) {
    const index = files.find((f) => f.path.endsWith('/index.md'));
    const markdown = files.filter((f) => f.path.endsWith('.md'));
    if (!index) {
      for (const f of markdown) {
        diagnostics.push({
          file: f.path,
          line: 1,
          column: 1,
          severity: 'error',
          rule: 'orphan-update',
          message: `Update file in a folder without index.md: declare the incident in incidents/${id}/index.md, or move this update into an existing incident's folder`,
        });
      }
      continue;
    }
    if (!INCIDENT_ID.test(id)) {
      diagnostics.push({
        file: index.path,
        severity: 'error',
        rule: 'incident-id',
        message: `Incident folder "${id}" is not a valid id: use lowercase letters, digits and dashes, such as 2026-11-20-api-latency`,
      });
    }
    const parsedIndex = parseMessage(index, diagnostics);
    if (!parsedIndex.frontmatter) continue;
    const fm = parsedIndex.frontmatter;
    const checked = validate(incidentFrontmatterSchema, fm.data, fm);
    diagnostics.push(...checked.diagnostics);
    const named = markdown.filter((f) => {
      if (f === index || f.path.endsWith('/postmortem.md')) return true;
      const problem = updateNameProblem(f.path.slice(f.path.lastIndexOf('/') + 1, -3));
      if (problem) diagnostics.push({ file: f.path, line: 1, column: 1, severity: 'error', rule: 'update-name', message: problem });
      return !problem;
    });
    // Updates are read even when the declaration is not, so their own problems show in the same run.
    const followUps = named.filter((f) => f !== index).map((f) => readFollowUp(f, diagnostics));
    const head = checked.value;
    if (!head) continue;

    skippedTimes(index.path, fm, { at: head.at, 'window.start': head.window?.start, 'window.end': head.window?.end }, tz, diagnostics);
    const entries: Entry[] = [
      {
        id: 'declared',
        file: index.path,
        at: time(head.at),
        atText: head.at,
        status: head.status,
        impact: head.impact,
        components: normalizeAffected(head.components, head.type),
        author: head.author ?? index.gitAuthor,
        body: fm.body,
        bodyLine: fm.bodyLine,
        positions: positions(fm, fm.data),
      },
    ];
    let postmortem: Incident['postmortem'];
    for (const followUp of followUps) {
      if (!followUp) continue;
      const { file: f, fm: u } = followUp;
      if (followUp.kind === 'postmortem') {
        const pm = followUp.value;
        postmortem = { file: f.path, at: pm.at ? time(pm.at) : undefined, author: pm.author ?? f.gitAuthor, body: u.body };
        continue;
      }
      const upd = followUp.value;
      skippedTimes(f.path, u, { at: upd.at }, tz, diagnostics);
      entries.push({
        id: f.path.slice(f.path.lastIndexOf('/') + 1, -3),
        file: f.path,
        at: time(upd.at),
        atText: upd.at,
        status: upd.status,
        impact: upd.impact,
        components: normalizeAffected(upd.components, head.type),
        author: upd.author ?? f.gitAuthor,
        ack: upd.ack,
        body: u.body,
        bodyLine: u.bodyLine,
        positions: positions(u, u.data),
      });
    }
    const [declaration, ...updates] = entries;
    // By time; entries at one instant are a `cairn check` error, ordered by name only so that every run agrees.
    updates.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    incidents.push({
      id,
      file: index.path,
      title: head.title,
      type: head.type,
      source: head.source,
      draft: head.draft,
      global: head.global,
      window: head.window ? { start: time(head.window.start), end: time(head.window.end) } : undefined,
      entries: [declaration!, ...updates],
      postmortem,
    });
  }
  return incidents;
}

/** What readers may see: drafts are left out of everything. */
export function published(repository: Repository): Repository {
  return { ...repository, incidents: repository.incidents.filter((i) => !i.draft) };
}
