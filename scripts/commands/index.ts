import type { Command } from '../cli.ts';
import { affect } from './affect.ts';
import { check } from './check.ts';
import { compact } from './compact.ts';
import { data } from './data.ts';
import { dispatch } from './dispatch.ts';
import { escalate } from './escalate.ts';
import { exportCommand } from './export.ts';
import { list } from './list.ts';
import { maintenance } from './maintenance.ts';
import { metricsCommand } from './metrics.ts';
import { newIncident } from './new.ts';
import { notify } from './notify.ts';
import { probe } from './probe.ts';
import { propose } from './propose.ts';
import { publish } from './publish.ts';
import { reopen } from './reopen.ts';
import { resolve } from './resolve.ts';
import { status } from './status.ts';
import { summary } from './summary.ts';
import { update } from './update.ts';

/** Every command, in the order `cairn --help` lists them. */
export const COMMANDS: Command[] = [newIncident, update, resolve, reopen, escalate, affect, maintenance, publish, status, list, exportCommand, metricsCommand, check, probe, compact, data, propose, notify, summary, dispatch];
