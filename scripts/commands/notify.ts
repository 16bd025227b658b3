import { join } from 'node:path';
import { newPublishedUpdates, pageInfo, payloads } from '#core/automation/notifications.ts';
import { snapshot } from '#core/derive/snapshot.ts';
import { isoUtc } from '#core/model/time.ts';
import { writeFileAtomic } from '../../src/fs-atomic.ts';
import { DATA_DIR, requireRepository } from '../../src/load.ts';
import { actorFor, dataBranch } from '../automation/context.ts';
import { pushData } from '../automation/data-branch.ts';
import { git, revParse } from '../automation/git.ts';
import { repositoryAt } from '../automation/repository-at.ts';
import { CURSOR_FILE, configuredWebhooks, cursorText, post, readCursor, WEBHOOK_ENV } from '../automation/webhooks.ts';
import { defineCommand } from '../cli/command.ts';

export const notify = defineCommand({
  name: 'notify',
  usage: 'cairn notify [--dry-run]',
  help: [
    'Compares what readers see now (the checked-out commit, at CAIRN_NOW or the clock) with what they',
    `saw at the last notification (kept in ${DATA_DIR}/${CURSOR_FILE} on the data branch) and posts`,
    'one message per new incident message or update, batched into as few webhook calls as each',
    'service allows. Drafts are never sent. The first run only records where notifications start.',
    '',
    `Webhooks: ${Object.values(WEBHOOK_ENV).join(', ')} (any of them; none set: nothing to do).`,
    'Run it after a deploy, from a checkout with the data branch at status-data/ ("cairn data checkout").',
    '',
    'Options:',
    '  --dry-run   print the messages instead of posting them, and keep the record as it is',
    '',
    'Examples:',
    '  SLACK_WEBHOOK_URL=https://hooks.slack.com/services/… cairn notify',
    '  cairn notify --dry-run',
  ].join('\n'),
  options: { 'dry-run': { type: 'boolean', default: false } },
  async run({ values }, io) {
    const dryRun = values['dry-run'] === true;
    const actor = actorFor(io, dryRun);
    const webhooks = configuredWebhooks(io.env);
    if (webhooks.length === 0) {
      io.stdout(`No webhook is set (${Object.values(WEBHOOK_ENV).join(', ')}): nothing to do\n`);
      return 0;
    }
    const { repository } = requireRepository(io.cwd);
    const head = revParse(io.cwd, 'HEAD');
    if (!head) throw new Error('notifications need a Git checkout: run from the status repository');
    const after = snapshot(repository, io.now);
    const cursor = readCursor(io.cwd);

    let sent = 0;
    const failures: string[] = [];
    const postedTo: string[] = [];
    if (!cursor) {
      io.stdout('No record of earlier notifications: nothing sent; updates published from now on will be\n');
    } else {
      // A commit that is gone (rewritten history) leaves only time to compare by.
      const before = repositoryAt(io.cwd, cursor.commit, repository.probeData);
      if (!before) io.stderr(`The last notified commit ${cursor.commit.slice(0, 7)} is not in this checkout (fetch with depth 0); comparing by time only\n`);
      const updates = newPublishedUpdates(snapshot(before ?? repository, Date.parse(cursor.at)), after);
      for (const { service, url } of webhooks) {
        const bodies = payloads(service, updates, pageInfo(after));
        try {
          await post(service, url, bodies, actor);
          if (!dryRun && bodies.length) {
            postedTo.push(service);
            io.stdout(`Posted ${updates.length} update(s) to ${service} in ${bodies.length} message(s)\n`);
          }
        } catch (e) {
          failures.push((e as Error).message);
        }
      }
      sent = updates.length;
      if (sent === 0) io.stdout('No new published update since the last notification\n');
    }

    // Failures are told before anything else can fail (pushing the record below).
    for (const f of failures) io.stderr(`${f}\n`);
    if (dryRun) return 0;
    // The record moves on even when a webhook failed: sending again later would repeat what others got.
    writeFileAtomic(join(io.cwd, DATA_DIR, CURSOR_FILE), cursorText({ commit: head, at: isoUtc(io.now) }));
    try {
      pushData(
        dataBranch(io.cwd, repository.config),
        actor,
        () => `Notified ${sent} update(s) up to ${git(io.cwd, ['rev-parse', '--short', 'HEAD']).trim()} at ${isoUtc(io.now)}\n`,
      );
    } catch (e) {
      io.stderr(
        postedTo.length
          ? `${sent} update(s) were posted to ${postedTo.join(' and ')}, but the record of it could not be pushed, so the next run may post them again: ${(e as Error).message}\n`
          : `The record of notifications could not be pushed: ${(e as Error).message}\n`,
      );
      return 1;
    }
    return failures.length ? 1 : 0;
  },
});
