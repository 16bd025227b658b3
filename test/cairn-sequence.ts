import { main } from '../scripts/cairn.ts';

/**
 * `node test/cairn-sequence.ts '[["probe"], ["data", "push"]]'`: runs cairn commands one after
 * the other in one process, as a workflow's steps would, stopping at the first that fails. One
 * process instead of several keeps the race tests quick on a small machine.
 */
const sequence = JSON.parse(process.argv[2]!) as string[][];
for (const args of sequence) {
  const code = await main(args, {
    cwd: process.cwd(),
    env: process.env,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => '',
    isTTY: false,
  });
  if (code !== 0) process.exit(code);
}
