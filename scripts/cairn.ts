#!/usr/bin/env node
import { enableCompileCache } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { quoted, terminalText } from '#core/model/text.ts';
import { resolveNow } from '../src/now.ts';
import { type CommandEntry, type Io, parseCommandArgs, UsageError } from './cli/command.ts';
import { COMMANDS } from './commands/index.ts';

export const GROUPS: Record<CommandEntry['group'], string> = {
  setup: 'Setting up and upgrading',
  incident: 'Incidents and maintenance',
  read: 'Reading the repository',
  automation: 'Automation (probe, data branch, pull requests, notifications)',
};

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const groups = Object.entries(GROUPS).flatMap(([group, heading]) => [
    '',
    `${heading}:`,
    ...COMMANDS.filter((c) => c.group === group).map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ]);
  return [
    'cairn: a status page that lives in a Git repository',
    '',
    'Usage: cairn <command> [options]    (run from the root of a status repository)',
    ...groups,
    '',
    'Run "cairn <command> --help" for its options and examples.',
    'CAIRN_NOW=<ISO time> (UTC unless it has an offset) sets "now" for reproducible output.',
  ].join('\n');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function ask(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await prompt.question(question);
  } finally {
    prompt.close();
  }
}

/** Runs one command line; the only place that decides the exit code. */
export async function main(argv: string[], io: Omit<Io, 'now'>): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    io.stderr(`cairn: unknown command ${quoted(name)}; expected one of ${COMMANDS.map((c) => c.name).join(', ')}\n`);
    return 2;
  }
  const command = await entry.load();
  try {
    const args = parseCommandArgs(command, rest);
    if (args.values.help) {
      io.stdout(`Usage: ${command.usage}\n\n${entry.summary}.\n\n${command.help}\n`);
      return 0;
    }
    const { min = 0, max = 0 } = command.positionals ?? {};
    if (args.positionals.length < min || args.positionals.length > max) {
      throw new UsageError(args.positionals.length < min ? 'missing argument' : `unexpected argument ${quoted(args.positionals[max])}`);
    }
    return await command.run(args, { ...io, now: resolveNow(io.env) });
  } catch (e) {
    // Every line of a message on its own, without controls (values in it are quoted with `quoted`).
    const message = (e as Error).message.split('\n').map(terminalText).join('\n');
    if (e instanceof UsageError) {
      io.stderr(`cairn ${command.name}: ${message}\nUsage: ${command.usage}\nRun "cairn ${command.name} --help" for more.\n`);
      return 2;
    }
    // Refusals explain themselves in a sentence; a programming error is a bug, shown with its stack.
    const error = e as Error;
    const bug = e instanceof TypeError || e instanceof ReferenceError || e instanceof RangeError || e instanceof SyntaxError;
    io.stderr(bug ? `cairn ${command.name}: unexpected error (a bug in cairn, please report it):\n${error.stack}\n` : `cairn ${command.name}: ${message}\n`);
    return 1;
  }
}

if (import.meta.main) {
  // Commands load their modules lazily, after this: Node keeps their compiled (and type-stripped)
  // code in its cache folder, so a repeated command starts in about two thirds of the time.
  enableCompileCache();
  for (const flag of COMMANDS.find((c) => c.name === process.argv[2])?.v8Flags ?? []) setFlagsFromString(flag);
  process.exitCode = await main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin,
    isTTY: Boolean(process.stdout.isTTY),
    ask: process.stdin.isTTY ? ask : undefined,
  });
}
