import { describe, expect, it } from 'vitest';
import { summary } from '../../scripts/commands/summary.ts';
import { remoteWith, runCommand, sh } from '../automation-fakes.ts';
import { CONFIG, writeFiles } from '../helpers.ts';

const NOW = '2026-11-23T14:05:00Z';

describe('cairn summary (the pull request job summary)', () => {
  it('shows the page status the pull request would produce, what merging publishes, and its drafts', async () => {
    const remote = remoteWith({
      'components.yml': CONFIG,
      'incidents/old/index.md': '---\ntitle: Old hiccup\nat: 2026-11-20T10:00:00Z\nstatus: resolved\ncomponents: [web]\n---\nFixed.\n',
    });
    const pr = remote.clone('contributor');
    sh(pr, ['checkout', '--quiet', '-b', 'declare']);
    writeFiles(pr, {
      'incidents/2026-11-23-api-errors/index.md':
        '---\ntitle: API errors\nimpact: major\nat: 2026-11-23T13:50:00Z\ncomponents:\n  api: major_outage\n---\nRequests fail.\n',
      'incidents/2026-11-23-api-errors/2026-11-23T1400-identified.md': '---\nat: 2026-11-23T14:00:00Z\nstatus: identified\n---\nA bad deploy.\n',
      'incidents/quiet/index.md': '---\ntitle: Not yet\nat: 2026-11-23T13:00:00Z\ndraft: true\ncomponents: [db]\n---\nDraft.\n',
    });
    const r = await runCommand(summary, ['--base', 'origin/main'], { cwd: pr, now: NOW });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      [
        '## Status page with this change',
        '',
        '**🟠 Partial System Outage** (on main: 🟢 All Systems Operational)',
        '',
        '| Component | Status | On main |',
        '| --- | --- | --- |',
        '| API | Major outage | Operational |',
        '',
        '### Active',
        '',
        '- **API errors**: Identified, major impact (API)',
        '',
        '### Merging publishes',
        '',
        '- Investigating: **API errors** (`incidents/2026-11-23-api-errors/index.md`)',
        '- Identified: **API errors** (`incidents/2026-11-23-api-errors/2026-11-23T1400-identified.md`)',
        '',
        'Drafts, published nowhere: `quiet`',
        '',
      ].join('\n'),
    );
  });

  it('without a base, shows no column to compare with', async () => {
    const remote = remoteWith({
      'components.yml': CONFIG,
      'incidents/2026-11-23-api-errors/index.md': '---\ntitle: API errors\nat: 2026-11-23T13:50:00Z\ncomponents:\n  api: major_outage\n---\nRequests fail.\n',
    });
    const r = await runCommand(summary, [], { cwd: remote.clone('contributor'), now: NOW });
    expect(r.stdout).toContain('| Component | Status |\n| --- | --- |\n| API | Major outage |\n');
  });

  it('says so when the pull request changes nothing readers see', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG });
    const r = await runCommand(summary, ['--base', 'origin/main'], { cwd: remote.clone('contributor'), now: NOW });
    expect(r.stdout).toBe(
      '## Status page with this change\n\n**🟢 All Systems Operational**\n\nEvery component is operational.\n\n### Merging publishes\n\nNo new incident message.\n',
    );
  });
});
