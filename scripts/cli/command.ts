import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import { suggest } from '#core/model/suggest.ts';
import { quoted } from '#core/model/text.ts';

/** What a command may touch: everything from outside comes through here, so tests can drive commands in-process. */
export interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  now: number;
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
  /** Colour and interactive prompts only when a person is watching. */
  isTTY: boolean;
  /** Asks a person a question on the terminal (only when `isTTY`), returning the answer. */
  ask?(question: string): Promise<string>;
}

type ParsedArgs<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>;

/** A command's options, typed from its `parseArgs` definition. */
export type CommandArgs<O extends ParseArgsOptionsConfig> = Pick<ParsedArgs<O>, 'values' | 'positionals'>;

export interface Command<O extends ParseArgsOptionsConfig = ParseArgsOptionsConfig> {
  name: string;
  /** `cairn check [--format human|json|github]` */
  usage: string;
  /** Lines of `--help`, after the usage. */
  help: string;
  options: O;
  positionals?: { min: number; max: number };
  run(args: CommandArgs<O>, io: Io): Promise<number>;
}

/** Defines a command, typing `run`'s values from its options. */
export function defineCommand<const O extends ParseArgsOptionsConfig>(command: Command<O>): Command {
  return command as unknown as Command;
}

/** What `cairn --help` lists; the command's module loads only when it runs. */
export interface CommandEntry {
  name: string;
  group: 'setup' | 'incident' | 'read' | 'automation';
  summary: string;
  /**
   * V8 flags the `cairn` process sets before the command's modules load. Commands run in-process
   * (as tests run them) leave the process's flags alone.
   */
  v8Flags?: readonly string[];
  load(): Promise<Command>;
}

/** A mistake in how a command was called: printed with a pointer to `--help`, exit 2. */
export class UsageError extends Error {}

/** Checks a flag's value against its accepted values, naming both when it does not fit. */
export function oneOf<T extends string>(flag: string, value: unknown, accepted: readonly T[]): T {
  if (typeof value === 'string' && (accepted as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} ${quoted(String(value))} is not accepted; expected ${accepted.join(', ')}`);
}

/** `--note, --status, --at`: what a command takes, with the short forms it has. */
function optionList(command: Command): string {
  return Object.entries(command.options)
    .map(([name, o]) => `--${name}${'short' in o && o.short ? ` (-${o.short})` : ''}`)
    .join(', ');
}

export function parseCommandArgs(command: Command, argv: string[]): CommandArgs<ParseArgsOptionsConfig> {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return parsed;
  } catch (e) {
    const message = (e as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    const unknown = /Unknown option '--([^']+)'/.exec(message)?.[1];
    const hint = unknown && suggest(unknown, Object.keys(command.options));
    if (hint) throw new UsageError(`${message}; did you mean --${hint}?`);
    throw new UsageError(/^Unknown option/.test(message) ? `${message}; the options are ${optionList(command)}` : message);
  }
}
