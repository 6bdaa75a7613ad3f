/**
 * `npm start` as a user runs it, in a child process: the tsx CLI on infra/local/start.ts, in a process
 * group of its own (as a terminal's job is), on a data dir of the test's, with the output kept.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/tsx/dist/cli.mjs');

export interface StartedProcess {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as written. */
  output(): string;
  /** Resolves with the output once a line matches (rejects if every process writing it has ended first). */
  waitFor(line: RegExp): Promise<string>;
  /** Resolves once every process of the start has ended (the output's pipes closed), with the tsx process's exit code. */
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal to the whole process group, as a terminal does when it closes (SIGHUP) or on Ctrl-C (SIGINT). */
  signalGroup(signal: NodeJS.Signals): void;
}

export function startProcess(args: string[], env: Record<string, string | undefined>): StartedProcess {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, POWERTOOLS_LOG_LEVEL: 'WARN' };
  // The test's own database settings are not the start's.
  delete childEnv.DATABASE_URL;
  delete childEnv.PG_PORT;
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete childEnv[name];
    else childEnv[name] = value;
  }
  const child = spawn(process.execPath, [TSX, 'infra/local/start.ts', ...args], { cwd: ROOT, env: childEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const waiters: { line: RegExp; resolve: (output: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    text += chunk.toString('utf8');
    for (const waiter of waiters.splice(0)) {
      if (waiter.line.test(text)) waiter.resolve(text);
      else waiters.push(waiter);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const closed = (stream: NodeJS.ReadableStream) => new Promise<void>((resolve) => stream.once('close', resolve));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ended = Promise.all([exit, closed(child.stdout!), closed(child.stderr!)]).then(([result]) => result);
  return {
    child,
    output: () => text,
    waitFor(line) {
      if (line.test(text)) return Promise.resolve(text);
      return new Promise((resolve, reject) => {
        waiters.push({ line, resolve });
        void ended.then(() => (line.test(text) ? resolve(text) : reject(new Error(`the start ended without printing ${line}:\n${text}`))));
      });
    },
    ended,
    signalGroup: (signal) => process.kill(-child.pid!, signal),
  };
}
