import type { CommandEntry } from '../cli/command.ts';

/**
 * Every command, in the order `cairn --help` lists them. A command's module (and the libraries
 * it uses) is loaded only when that command runs, so `--help` and each command start fast.
 */
export const COMMANDS: CommandEntry[] = [
  {
    name: 'init',
    group: 'setup',
    summary: 'Replace the example company with yours: title, address, time zone, components',
    load: async () => (await import('./init.ts')).init,
  },
  {
    name: 'upgrade',
    group: 'setup',
    summary: "Take a newer Cairn's code, leaving your components and incidents untouched",
    load: async () => (await import('./upgrade.ts')).upgrade,
  },
  { name: 'new', group: 'incident', summary: 'Declare an incident', load: async () => (await import('./new.ts')).newIncident },
  {
    name: 'update',
    group: 'incident',
    summary: 'Post an update to an incident or maintenance, optionally with a new status',
    load: async () => (await import('./update.ts')).update,
  },
  {
    name: 'ack',
    group: 'incident',
    summary: 'Acknowledge an incident: someone is on it (counts for MTTA)',
    load: async () => (await import('./ack.ts')).ack,
  },
  {
    name: 'mitigate',
    group: 'incident',
    summary: 'Mark an incident mitigated (status monitoring) while the fix is watched',
    load: async () => (await import('./mitigate.ts')).mitigate,
  },
  {
    name: 'resolve',
    group: 'incident',
    summary: 'Resolve an incident (or complete maintenance) with a closing message',
    load: async () => (await import('./resolve.ts')).resolve,
  },
  {
    name: 'reopen',
    group: 'incident',
    summary: 'Reopen a resolved incident (status back to investigating)',
    load: async () => (await import('./reopen.ts')).reopen,
  },
  {
    name: 'escalate',
    group: 'incident',
    summary: 'Change the impact of an incident (raise it, or lower it again)',
    load: async () => (await import('./escalate.ts')).escalate,
  },
  {
    name: 'affect',
    group: 'incident',
    summary: 'Add, change or remove the components an incident affects',
    load: async () => (await import('./affect.ts')).affect,
  },
  {
    name: 'postmortem',
    group: 'incident',
    summary: 'Write postmortem.md of a resolved incident, prefilled from its timeline',
    load: async () => (await import('./postmortem.ts')).postmortem,
  },
  { name: 'maintenance', group: 'incident', summary: 'Schedule a maintenance window', load: async () => (await import('./maintenance.ts')).maintenance },
  { name: 'publish', group: 'incident', summary: 'Publish a draft incident or maintenance', load: async () => (await import('./publish.ts')).publish },
  {
    name: 'status',
    group: 'read',
    summary: 'Show the page status, components and active incidents as the site shows them now',
    load: async () => (await import('./status.ts')).status,
  },
  { name: 'list', group: 'read', summary: 'List incidents and maintenance, newest first', load: async () => (await import('./list.ts')).list },
  {
    name: 'export',
    group: 'read',
    summary: 'Print a postmortem document of an incident (Markdown or JSON)',
    load: async () => (await import('./export.ts')).exportCommand,
  },
  {
    name: 'metrics',
    group: 'read',
    summary: 'Show MTTA, MTTR, incident counts and SLA breaches',
    load: async () => (await import('./metrics.ts')).metricsCommand,
  },
  {
    name: 'check',
    group: 'read',
    summary: 'Validate components.yml and every incident; report all problems at once',
    load: async () => (await import('./check.ts')).check,
  },
  {
    name: 'probe',
    group: 'automation',
    summary: 'Check every component that has a probe, record the results and draft auto-incidents',
    // V8 doubles its young generation (up to 2 × 64 MB) each time enough objects outlive a
    // collection, as checks in flight and a large repository's data do. Kept at its first size,
    // a run peaks about 50 MB lower (1,000 endpoints) to 100 MB lower (10,000 incidents), in the
    // same time.
    v8Flags: ['--semi-space-growth-factor=1'],
    load: async () => (await import('./probe.ts')).probe,
  },
  {
    name: 'heartbeat',
    group: 'automation',
    summary: 'Record that a scheduled job ran, for a component with a heartbeat probe',
    load: async () => (await import('./heartbeat.ts')).heartbeat,
  },
  {
    name: 'compact',
    group: 'automation',
    summary: 'Roll raw probe results older than N days into one summary line per day',
    load: async () => (await import('./compact.ts')).compact,
  },
  {
    name: 'data',
    group: 'automation',
    summary: 'Check out and push the data branch that keeps probe results',
    load: async () => (await import('./data.ts')).data,
  },
  {
    name: 'propose',
    group: 'automation',
    summary: "Turn the probe's drafted incidents into pull requests (GitHub)",
    load: async () => (await import('./propose.ts')).propose,
  },
  {
    name: 'notify',
    group: 'automation',
    summary: 'Post newly published incident updates to Slack, Discord or a JSON webhook',
    load: async () => (await import('./notify.ts')).notify,
  },
  {
    name: 'summary',
    group: 'automation',
    summary: 'Print Markdown of the page status this checkout produces, compared with a base commit',
    load: async () => (await import('./summary.ts')).summary,
  },
  {
    name: 'dispatch',
    group: 'automation',
    summary: 'Write an incident or update sent by another system, as a pull request or on main',
    load: async () => (await import('./dispatch.ts')).dispatch,
  },
];
