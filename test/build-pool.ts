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
  close(): void;
}

interface Queued {
  job: BuildJob;
  settle: (reply: BuildReply) => void;
}

interface Worker {
  child: ChildProcess;
  /** The build it is running. */
  current?: Queued;
}

export function buildPool(size: number): BuildPool {
  const waiting: Queued[] = [];
  let ids = 0;

  const next = (worker: Worker) => {
    worker.current = waiting.shift();
    if (worker.current) worker.child.send(worker.current.job);
  };

  const workers: Worker[] = [];
  const spawnWorker = () => {
    const child = fork(join(ROOT, 'test', 'build-worker.ts'), { cwd: ROOT, execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const worker: Worker = { child };
    workers.push(worker);
    child.on('message', (reply: BuildReply) => {
      worker.current?.settle(reply);
      worker.current = undefined;
      // Each build's modules stay loaded: a process that grew large makes way for a fresh one.
      if (reply.heapUsed > RECYCLE_HEAP) {
        retire(worker);
        next(spawnWorker());
      } else next(worker);
    });
    child.on('exit', (code, signal) => {
      // A build process that dies fails the build it was running.
      worker.current?.settle({ id: worker.current.job.id, ok: false, output: `the build process ended (${code ?? signal})`, heapUsed: 0 });
      workers.splice(workers.indexOf(worker), 1);
      // The others take the rest; without any, a fresh one does.
      if (waiting.length && workers.length === 0) next(spawnWorker());
    });
    return worker;
  };
  const retire = (worker: Worker) => {
    worker.child.removeAllListeners('exit');
    worker.child.kill();
    workers.splice(workers.indexOf(worker), 1);
  };
  return {
    build(work, root, now, env = {}) {
      const job: BuildJob = { id: ids++, work, root, now, env };
      const dist = join(work, 'dist');
      return new Promise((resolve, reject) => {
        waiting.push({
          job,
          settle: (reply) =>
            reply.ok
              ? resolve({ dist, output: reply.output })
              : reject(Object.assign(new Error(`astro build failed:\n${reply.output}`), { output: reply.output })),
        });
        // Processes start with the first builds: a run without builds starts none.
        const idle = workers.find((w) => !w.current) ?? (workers.length < size ? spawnWorker() : undefined);
        if (idle) next(idle);
      });
    },
    close() {
      for (const w of [...workers]) retire(w);
    },
  };
}
