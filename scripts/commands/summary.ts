import { newPublishedUpdates } from '#core/automation/notifications.ts';
import type { PageStatus } from '#core/derive/page-status.ts';
import { type Snapshot, snapshot } from '#core/derive/snapshot.ts';
import { label } from '#core/model/enums.ts';
import { codeSpan, escapeMarkdown } from '#core/render/escape.ts';
import { pageHeadline } from '#core/render/labels.ts';
import { requireRepository } from '../../src/load.ts';
import { repositoryAt } from '../automation/repository-at.ts';
import { defineCommand } from '../cli/command.ts';

const MARK: Record<PageStatus, string> = {
  operational: '🟢',
  maintenance: '🔵',
  partial_degraded: '🟡',
  degraded: '🟡',
  partial_outage: '🟠',
  major_outage: '🔴',
  unknown: '⚪',
};

function page(s: Snapshot): string {
  return `${MARK[s.page]} ${pageHeadline(s)}`;
}

/** Markdown for a pull request's job summary: the page it would produce, next to the base's. */
function render(after: Snapshot, before: Snapshot | undefined, baseName: string, drafts: string[]): string {
  const lines = [
    '## Status page with this change',
    '',
    `**${page(after)}**${before && before.page !== after.page ? ` (on ${baseName}: ${page(before)})` : ''}`,
    '',
  ];

  // Titles and names are escaped: they come from pull requests, and Markdown here may hold HTML.
  const names = new Map(after.config.components.map((c) => [c.id, escapeMarkdown(c.name)]));
  const rows = after.config.components.flatMap((c) => {
    const now = after.components.get(c.id)!.status;
    const was = before?.components.get(c.id)?.status;
    if (now === 'operational' && (was === undefined || was === now)) return [];
    if (!before) return [`| ${names.get(c.id)} | ${label(now)} |`];
    return [`| ${names.get(c.id)} | ${label(now)} | ${was === undefined ? 'new' : was === now ? 'unchanged' : label(was)} |`];
  });
  // Without a base to compare with, there is no column for it.
  if (rows.length)
    lines.push(...(before ? [`| Component | Status | On ${baseName} |`, '| --- | --- | --- |'] : ['| Component | Status |', '| --- | --- |']), ...rows, '');
  else lines.push('Every component is operational.', '');

  if (after.activeIncidents.length || after.ongoingMaintenance.length) {
    lines.push('### Active', '');
    for (const f of [...after.activeIncidents, ...after.ongoingMaintenance]) {
      const affected = Object.keys(f.timeline.components)
        .map((id) => names.get(id) ?? escapeMarkdown(id))
        .join(', ');
      lines.push(
        `- **${escapeMarkdown(f.incident.title)}**: ${label(f.timeline.status)}${f.incident.type === 'maintenance' ? '' : `, ${label(f.timeline.impact).toLowerCase()} impact`}${affected ? ` (${affected})` : ''}`,
      );
    }
    lines.push('');
  }

  if (before) {
    const updates = newPublishedUpdates(before, after);
    lines.push('### Merging publishes', '');
    if (updates.length === 0) lines.push('No new incident message.');
    for (const u of updates)
      lines.push(
        `- ${label(u.status)}: **${escapeMarkdown(u.incident.title)}** (${codeSpan(`incidents/${u.incident.id}/${u.id === 'declared' ? 'index' : u.id}.md`)})`,
      );
    lines.push('');
  }

  if (drafts.length) lines.push(`Drafts, published nowhere: ${drafts.map(codeSpan).join(', ')}`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

export const summary = defineCommand({
  name: 'summary',
  usage: 'cairn summary [--base REV]',
  help: [
    'For pull requests: the page status, components that are not operational, active incidents, and',
    'the incident messages that merging would publish (compared with --base). Drafts never count.',
    '',
    'Options:',
    '  --base REV   the commit or branch to compare with, such as origin/main',
    '',
    'Examples:',
    '  cairn summary --base origin/main >> "$GITHUB_STEP_SUMMARY"',
  ].join('\n'),
  options: { base: { type: 'string' } },
  async run({ values }, io) {
    const { repository } = requireRepository(io.cwd);
    const baseRev = values.base;
    const base = baseRev === undefined ? undefined : repositoryAt(io.cwd, baseRev, repository.probeData);
    if (baseRev !== undefined && !base) io.stderr(`${baseRev} is not a commit with a status repository here; showing this checkout alone\n`);
    io.stdout(
      render(
        snapshot(repository, io.now),
        base && snapshot(base, io.now),
        baseRev?.replace(/^origin\//, '') ?? '',
        repository.incidents.filter((i) => i.draft).map((i) => i.id),
      ),
    );
    return 0;
  },
});
