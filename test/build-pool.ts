import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

/**
 * Real Astro builds for a whole test run, in as many long-lived build processes as there are
 * cores (test/build-worker.ts), one build at a time each: parallel builds beyond the cores only
 * slow each other down, and a process that already loaded Astro builds a small site in half the
 * time of a fresh `astro build`.
 */

export interface BuildJob {
  id: number;
  /** A folder of its own below the project (so that Astro's intermediate files find node_modules); the site is built into `dist` in it. */
  work: string;
  /** The status repository. */
  root: string;
  now: string;
  env: Record<string, string>;
}

export interface BuildReply {
  id: number;
  ok: boolean;
  /** What the build printed. */
  output: string;
  /** The build process's heap after the build, in bytes. */
  heapUsed: number;
}

const RECYCLE_HEAP = 512 * 2 ** 20;

export interface BuildPool {
  /** Builds into `work`/dist; resolves with what the build printed, rejects with it when the build fails. */
  build(work: string, root: string, now: string, env?: Record<string, string>): Promise<{ dist: string; output: string }>;
  /** Fails what has not been built, and resolves once every build process has ended. */
  close(): Promise<void>;
}

interface Queued {
  job: BuildJob;
  settle: (reply: BuildReply) => void;
}

interface Worker {
  child: ChildProcess;
  /** The build it is running. */
  current?: Queued;
  ended: Promise<void>;
}

export function buildPool(size: number): BuildPool {
  const waiting: Queued[] = [];
  const workers: Worker[] = [];
  let ids = 0;
  let closed = false;

  const fail = (q: Queued | undefined, why: string) => q?.settle({ id: q.job.id, ok: false, output: why, heapUsed: 0 });
  const next = (worker: Worker) => {
    worker.current = waiting.shift();
    if (worker.current) worker.child.send(worker.current.job);
  };
  const remove = (worker: Worker) => {
    const i = workers.indexOf(worker);
    if (i >= 0) workers.splice(i, 1);
  };
  // Processes start with the builds that need them: a run without builds starts none.
  const fill = () => {
    while (!closed && waiting.length && workers.length < size) next(spawnWorker());
  };

  const spawnWorker = (): Worker => {
    // Piped, not inherited: a build prints as it would to a pipe (no colours), whatever the terminal.
    const child = fork(join(ROOT, 'test', 'build-worker.ts'), { cwd: ROOT, execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    child.stdout?.pipe(process.stderr);
    child.stderr?.pipe(process.stderr);
    const worker: Worker = { child, ended: new Promise((resolve) => child.once('close', () => resolve())) };
    workers.push(worker);
    child.on('message', (reply: BuildReply) => {
      if (reply.id !== worker.current?.job.id) return;
      worker.current.settle(reply);
      worker.current = undefined;
      // Each build's site bundle stays loaded: a process that grew large makes way for a fresh one.
      if (reply.heapUsed > RECYCLE_HEAP) {
        remove(worker);
        child.kill();
        fill();
      } else next(worker);
    });
    // A build process that dies (or cannot be reached) fails the build it was running.
    const died = (why: string) => {
      if (!workers.includes(worker)) return;
      remove(worker);
      fail(worker.current, why);
      worker.current = undefined;
      fill();
    };
    child.on('error', (error) => died(`the build process failed: ${error.message}`));
    child.on('exit', (code, signal) => died(`the build process ended (${code ?? signal})`));
    return worker;
  };

  return {
    build(work, root, now, env = {}) {
      const job: BuildJob = { id: ids++, work, root, now, env };
      const dist = join(work, 'dist');
      return new Promise((resolve, reject) => {
        const settle = (reply: BuildReply) =>
          reply.ok
            ? resolve({ dist, output: reply.output })
            : reject(Object.assign(new Error(`astro build failed:\n${reply.output}`), { output: reply.output }));
        if (closed) return settle({ id: job.id, ok: false, output: 'the build pool is closed', heapUsed: 0 });
        waiting.push({ job, settle });
        const idle = workers.find((w) => !w.current);
        if (idle) next(idle);
        else fill();
      });
    },
    async close() {
      closed = true;
      for (const q of waiting.splice(0)) fail(q, 'the run ended before this build started');
      const all = workers.splice(0);
      for (const w of all) {
        fail(w.current, 'the run ended during this build');
        w.child.kill();
      }
      await Promise.all(all.map((w) => w.ended));
    },
  };
}
