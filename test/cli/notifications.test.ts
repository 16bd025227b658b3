import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { discordPayloads, jsonPayload, newPublishedUpdates, pageInfo, slackPayloads } from '#core/automation/notifications.ts';
import { snapshot } from '#core/derive/snapshot.ts';
import { data } from '../../scripts/commands/data.ts';
import { notify } from '../../scripts/commands/notify.ts';
import { remoteWith, runCommand, sh, webhookReceiver } from '../automation-fakes.ts';
import { CONFIG, repo, t, writeFiles } from '../helpers.ts';

const DECLARED = `---
title: Checkout errors
impact: major
at: 2026-11-23T10:00:00Z
components:
  api: major_outage
---
Some payments fail. We are investigating.
`;
const IDENTIFIED = `---
at: 2026-11-23T10:20:00Z
status: identified
---
A bad deploy; rolling back. See [the changelog](https://example.test/changes) & **stay tuned** <soon>.
`;
const RESOLVED = `---
at: 2026-11-23T10:40:00Z
status: resolved
---
Payments work again.
`;
const DRAFT = `---
title: Secret draft
at: 2026-11-23T10:30:00Z
draft: true
components: [db]
---
Not for readers.
`;

function snap(files: Record<string, string>, now: string) {
  return snapshot(repo(files).repository!, t(now));
}

describe('new published updates', () => {
  const base = { 'incidents/checkout/index.md': DECLARED };

  it('are the messages readers see now and did not see before, oldest first, never drafts', () => {
    const before = snap(base, '2026-11-23T10:05:00Z');
    const after = snap(
      {
        ...base,
        'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED,
        'incidents/checkout/2026-11-23T1040-resolved.md': RESOLVED,
        'incidents/secret/index.md': DRAFT,
      },
      '2026-11-23T10:45:00Z',
    );
    const updates = newPublishedUpdates(before, after);
    expect(updates.map((u) => [u.incident.id, u.id, u.status])).toEqual([
      ['checkout', '2026-11-23T1020-identified', 'identified'],
      ['checkout', '2026-11-23T1040-resolved', 'resolved'],
    ]);
    expect(updates[0]).toMatchObject({
      incident: { id: 'checkout', title: 'Checkout errors', type: 'incident', url: 'https://status.test.example/incidents/checkout/' },
      url: 'https://status.test.example/incidents/checkout/#2026-11-23T1020-identified',
      impact: 'major',
      components: [{ id: 'api', name: 'API', status: 'major_outage' }],
    });
  });

  it('wait until their time has come, and count an update written late by when it was published', () => {
    const files = { ...base, 'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED };
    // Committed at 10:10 with a time of 10:20: not visible yet, so not new yet.
    expect(newPublishedUpdates(snap(base, '2026-11-23T10:05:00Z'), snap(files, '2026-11-23T10:10:00Z'))).toEqual([]);
    expect(newPublishedUpdates(snap(files, '2026-11-23T10:10:00Z'), snap(files, '2026-11-23T10:25:00Z')).map((u) => u.id)).toEqual([
      '2026-11-23T1020-identified',
    ]);
    // Backdated: written at 10:30 with a time of 10:20, still new to readers.
    expect(newPublishedUpdates(snap(base, '2026-11-23T10:25:00Z'), snap(files, '2026-11-23T10:30:00Z')).map((u) => u.id)).toEqual([
      '2026-11-23T1020-identified',
    ]);
  });

  it('include every message of a draft when it is published, and nothing for an edit', () => {
    const draft = { 'incidents/secret/index.md': DRAFT };
    const publishedDraft = { 'incidents/secret/index.md': DRAFT.replace('draft: true\n', '') };
    expect(newPublishedUpdates(snap(draft, '2026-11-23T10:35:00Z'), snap(publishedDraft, '2026-11-23T10:40:00Z')).map((u) => [u.incident.id, u.id])).toEqual([
      ['secret', 'declared'],
    ]);
    const edited = { 'incidents/checkout/index.md': DECLARED.replace('We are investigating.', 'We are looking into it.') };
    expect(newPublishedUpdates(snap(base, '2026-11-23T10:05:00Z'), snap(edited, '2026-11-23T10:06:00Z'))).toEqual([]);
  });
});

describe('payloads', () => {
  const after = snap(
    {
      'incidents/checkout/index.md': DECLARED,
      'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED,
    },
    '2026-11-23T10:25:00Z',
  );
  const updates = newPublishedUpdates(snap({}, '2026-11-23T09:00:00Z'), after);
  const page = pageInfo(after);

  it("Slack: one section per update in one message, in Slack's own markup", () => {
    const [message, ...more] = slackPayloads(updates, page);
    expect(more).toEqual([]);
    expect(message!.text).toBe('Test Status: 2 updates');
    expect(message!.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*<https://status.test.example/incidents/checkout/#declared|Investigating: Checkout errors>*\nSome payments fail. We are investigating.',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '23 Nov 2026, 11:00 CET · API (major outage)' }] },
      { type: 'divider' },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '*<https://status.test.example/incidents/checkout/#2026-11-23T1020-identified|Identified: Checkout errors>*\nA bad deploy; rolling back. See <https://example.test/changes|the changelog> &amp; *stay tuned* &lt;soon&gt;.',
        },
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '23 Nov 2026, 11:20 CET · API (major outage)' }] },
    ]);
  });

  it('Discord: one embed per update, at most ten per message', () => {
    const [message] = discordPayloads(updates, page);
    expect(message).toEqual({
      username: 'Test Status',
      embeds: [
        {
          title: 'Investigating: Checkout errors',
          url: 'https://status.test.example/incidents/checkout/#declared',
          description: 'Some payments fail. We are investigating.',
          color: 0xe8590c,
          timestamp: '2026-11-23T10:00:00.000Z',
          fields: [{ name: 'Affected', value: 'API (major outage)' }],
          footer: { text: 'Test Status · Partial System Outage' },
        },
        expect.objectContaining({ title: 'Identified: Checkout errors', description: IDENTIFIED.split('---\n')[2]!.trim() }),
      ],
    });
    const many = Array.from({ length: 23 }, () => updates[0]!);
    expect(discordPayloads(many, page).map((m) => m.embeds.length)).toEqual([10, 10, 3]);
  });

  it('JSON: the page and every update in one body', () => {
    expect(jsonPayload(updates, page)).toEqual({
      page: { title: 'Test Status', url: 'https://status.test.example/', status: 'partial_outage', status_text: 'Partial System Outage' },
      updates: [
        {
          incident: { id: 'checkout', title: 'Checkout errors', type: 'incident', url: 'https://status.test.example/incidents/checkout/' },
          id: 'declared',
          at: '2026-11-23T10:00:00Z',
          status: 'investigating',
          impact: 'major',
          message: 'Some payments fail. We are investigating.',
          components: [{ id: 'api', name: 'API', status: 'major_outage' }],
          author: null,
          url: 'https://status.test.example/incidents/checkout/#declared',
        },
        expect.objectContaining({ id: '2026-11-23T1020-identified', status: 'identified' }),
      ],
    });
  });
});

describe('cairn notify', () => {
  let received: Awaited<ReturnType<typeof webhookReceiver>>['received'] = [];
  let hooks = '';
  beforeAll(async () => {
    ({ url: hooks, received } = await webhookReceiver());
  });

  const env = () => ({ SLACK_WEBHOOK_URL: `${hooks}/slack`, DISCORD_WEBHOOK_URL: `${hooks}/discord`, NOTIFY_WEBHOOK_URL: `${hooks}/json` });

  /** A person pushes incident files to main; the deploy checkout then gets them. */
  function publish(remote: ReturnType<typeof remoteWith>, files: Record<string, string>, message: string): void {
    const person = remote.clone('operator');
    writeFiles(person, files);
    sh(person, ['add', '.']);
    sh(person, ['commit', '--quiet', '-m', message]);
    sh(person, ['push', '--quiet', 'origin', 'main']);
  }

  /** One run of deploy.yml's notification step, in a fresh checkout, at `now`. */
  async function deploy(remote: ReturnType<typeof remoteWith>, now: string, extra: string[] = [], environment: NodeJS.ProcessEnv = env()) {
    const checkout = remote.clone('deploy');
    await runCommand(data, ['checkout'], { cwd: checkout, now });
    received.length = 0;
    return runCommand(notify, extra, { cwd: checkout, env: environment, now });
  }

  it("starts quietly, then posts each push's new published updates once, batched, without drafts", async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n', 'incidents/checkout/index.md': DECLARED });
    const first = await deploy(remote, '2026-11-23T10:05:00Z');
    expect(first.stdout).toBe('No record of earlier notifications: nothing sent; updates published from now on will be\n');
    expect(received).toEqual([]);
    expect(JSON.parse(sh(remote.bare, ['show', 'status-data:notifications.json']))).toEqual({
      commit: sh(remote.bare, ['rev-parse', 'main']).trim(),
      at: '2026-11-23T10:05:00Z',
    });

    publish(
      remote,
      {
        'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED,
        'incidents/checkout/2026-11-23T1040-resolved.md': RESOLVED,
        'incidents/secret/index.md': DRAFT,
      },
      'Post two updates and a draft',
    );
    const second = await deploy(remote, '2026-11-23T10:45:00Z');
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toBe(
      'Posted 2 update(s) to slack in 1 message(s)\nPosted 2 update(s) to discord in 1 message(s)\nPosted 2 update(s) to json in 1 message(s)\n',
    );
    expect(received.map((r) => r.path)).toEqual(['/slack', '/discord', '/json']);
    expect(received[2]!.body.updates.map((u: { id: string; status: string }) => `${u.id} ${u.status}`)).toEqual([
      '2026-11-23T1020-identified identified',
      '2026-11-23T1040-resolved resolved',
    ]);
    expect(JSON.stringify(received)).not.toContain('Secret draft');
    expect(received[0]!.body.blocks.filter((b: { type: string }) => b.type === 'section')).toHaveLength(2);
    expect(received[1]!.body.embeds).toHaveLength(2);

    const third = await deploy(remote, '2026-11-23T10:50:00Z');
    expect(third.stdout).toBe('No new published update since the last notification\n');
    expect(received).toEqual([]);
  });

  it('prints the messages in a dry run and keeps the record where it was', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n', 'incidents/checkout/index.md': DECLARED });
    await deploy(remote, '2026-11-23T10:05:00Z');
    publish(remote, { 'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED }, 'Identified');
    const record = sh(remote.bare, ['show', 'status-data:notifications.json']);
    const dry = await deploy(remote, '2026-11-23T10:25:00Z', ['--dry-run'], { SLACK_WEBHOOK_URL: `${hooks}/slack` });
    expect(dry.stdout).toMatch(/^would post slack message 1 of 1 to SLACK_WEBHOOK_URL:\n\{\n {2}"text": "Test Status: Identified: Checkout errors",/);
    expect(dry.stdout).not.toContain(hooks);
    expect(received).toEqual([]);
    expect(sh(remote.bare, ['show', 'status-data:notifications.json'])).toBe(record);
  });

  it('reports a failing webhook by name, never by its secret URL, and still serves the others', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n', 'incidents/checkout/index.md': DECLARED });
    await deploy(remote, '2026-11-23T10:05:00Z');
    publish(remote, { 'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED }, 'Identified');
    const broken = await deploy(remote, '2026-11-23T10:25:00Z', [], { ...env(), DISCORD_WEBHOOK_URL: `${hooks}/broken` });
    expect(broken.code).toBe(1);
    expect(broken.stderr).toBe('the discord webhook (DISCORD_WEBHOOK_URL) answered 500 to discord message 1 of 1: ok\n');
    expect(received.map((r) => r.path)).toEqual(['/slack', '/broken', '/broken', '/json']);
  });

  it('prints webhook failures even when the record cannot be pushed, and says the updates may be posted again', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n', 'incidents/checkout/index.md': DECLARED });
    await deploy(remote, '2026-11-23T10:05:00Z');
    publish(remote, { 'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED }, 'Identified');
    // The remote refuses every push to the data branch from now on (a real hook, not a race).
    writeFiles(remote.bare, { 'hooks/pre-receive': '#!/bin/sh\necho "the data branch is frozen" >&2\nexit 1\n' });
    chmodSync(join(remote.bare, 'hooks/pre-receive'), 0o755);
    const r = await deploy(remote, '2026-11-23T10:25:00Z', [], { ...env(), DISCORD_WEBHOOK_URL: `${hooks}/broken` });
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('the discord webhook (DISCORD_WEBHOOK_URL) answered 500 to discord message 1 of 1: ok');
    expect(lines[1]).toMatch(/^1 update\(s\) were posted to slack and json, but the record of it could not be pushed, so the next run may post them again: /);
  });

  it('never prints a webhook address that the server echoes back, nor any secret part of it', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n', 'incidents/checkout/index.md': DECLARED });
    await deploy(remote, '2026-11-23T10:05:00Z');
    publish(remote, { 'incidents/checkout/2026-11-23T1020-identified.md': IDENTIFIED }, 'Identified');
    const secret = `${hooks}/missing/T0001/B0002?token=TOPSECRET123`;
    const r = await deploy(remote, '2026-11-23T10:25:00Z', [], { NOTIFY_WEBHOOK_URL: secret });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('the json webhook (NOTIFY_WEBHOOK_URL) answered 404 to json message 1 of 1: <pre>Cannot POST …</pre>\n');
    expect(r.stdout + r.stderr).not.toContain('TOPSECRET123');
  });

  it('names the record when it is not valid JSON', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, '.gitignore': 'status-data/\n', 'incidents/checkout/index.md': DECLARED });
    await deploy(remote, '2026-11-23T10:05:00Z');
    const checkout = remote.clone('deploy');
    await runCommand(data, ['checkout'], { cwd: checkout, now: '2026-11-23T10:10:00Z' });
    writeFiles(checkout, { 'status-data/notifications.json': '{"commit": "abc",' });
    const r = await runCommand(notify, [], { cwd: checkout, env: env(), now: '2026-11-23T10:10:00Z' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^status-data\/notifications\.json is not \{"commit": "<sha>", "at": "<ISO time>"\}: .*JSON.*; delete it to start notifications afresh$/,
    );
  });

  it('does nothing without a webhook', async () => {
    const remote = remoteWith({ 'components.yml': CONFIG, 'incidents/checkout/index.md': DECLARED });
    const r = await deploy(remote, '2026-11-23T10:05:00Z', [], {});
    expect(r.stdout).toBe('No webhook is set (SLACK_WEBHOOK_URL, DISCORD_WEBHOOK_URL, NOTIFY_WEBHOOK_URL): nothing to do\n');
    expect(sh(remote.bare, ['branch', '--list', 'status-data'])).toBe('');
  });
});
