import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Io, UsageError } from './command.ts';

const EDITOR_NOTE = '<!-- Write the message above in Markdown; readers see it as written. Save and close to continue; an empty message cancels. -->';

/** Opens `$VISUAL`/`$EDITOR` on `initial`, as Git does (through the shell, so `code --wait` works). */
function edit(io: Io, initial: string): string {
  const editor = io.env.VISUAL || io.env.EDITOR || 'vi';
  const dir = mkdtempSync(join(tmpdir(), 'cairn-message-'));
  const file = join(dir, 'MESSAGE.md');
  try {
    writeFileSync(file, `${initial.trim()}\n\n${EDITOR_NOTE}\n`);
    const result = spawnSync('sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit', cwd: io.cwd, env: io.env });
    if (result.status !== 0) throw new Error(`the editor (${editor}) exited with ${result.status ?? result.signal}; nothing was written`);
    const text = readFileSync(file, 'utf8').replace(EDITOR_NOTE, '').trim();
    if (!text) throw new Error('the message is empty; nothing was written');
    return text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The message of what a command writes: `--message TEXT`, `--message -` for standard input, else
 * `fallback` when the command has a sensible default sentence, else `$EDITOR` (pre-filled with
 * `initial`) when a person is at the terminal, else `initial`.
 */
export async function readMessage(io: Io, value: string | undefined, options: { initial?: string; fallback?: string } = {}): Promise<string> {
  if (value !== undefined) {
    const text = (value === '-' ? await io.readStdin() : value).trim();
    if (!text)
      throw new UsageError(value === '-' ? '--message -: standard input was empty; pipe the message in' : '--message is empty; write what readers should know');
    return text;
  }
  if (options.fallback) return options.fallback;
  if (io.isTTY) return edit(io, options.initial ?? '');
  if (options.initial) return options.initial;
  throw new UsageError('--message is required: pass the text, or "-" to read it from standard input');
}
