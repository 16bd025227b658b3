import { connect } from 'node:net';
import type { TcpProbe } from '#core/model/probe.ts';
import { judgeTiming } from '#core/probe/verdict.ts';
import { type Attempt, since, watchSocket } from './attempt.ts';
import { failure } from './classify.ts';
import type { UrlTarget } from './target.ts';

/** A TCP connect check: up when the port accepts a connection within the timeout. */
export function tcpAttempt(target: UrlTarget<TcpProbe>): Promise<Attempt> {
  const start = performance.now();
  const extra: Record<string, string> = {};
  return new Promise((resolve) => {
    const socket = connect({ host: target.url.hostname, port: Number(target.url.port) });
    watchSocket(socket, start, extra);
    const done = (attempt: Attempt) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(attempt);
    };
    const timer = setTimeout(() => done(failure(undefined, true, since(start), extra)), target.probe.timeout);
    socket.once('connect', () => {
      const ms = since(start);
      const verdict = judgeTiming(target.probe, ms);
      done({ status: verdict.status, ms, extra: verdict.detail ? { ...extra, detail: verdict.detail } : extra });
    });
    socket.once('error', (err) => done(failure(err, false, since(start), extra)));
  });
}
