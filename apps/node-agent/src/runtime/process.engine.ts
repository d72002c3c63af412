import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { KubeClient } from '../../../../libs/client/src/index.js';
import { ContainerLogBuffer } from '../logs/container-log.buffer.js';
import type { ContainerRuntime, PodRuntime } from '../pod/pod.runtime.js';
import type { ContainerEngine, ContainerExit, CreateFailure, StartRequest } from './container.engine.js';
import { ContainerEnvResolver, expandVars } from './container-env.resolver.js';

/** A line longer than this without a newline is cut, as the CRI log writer splits partial lines. */
const MAX_LINE = 16 * 1024;

interface Proc {
  child: ChildProcess;
  log: ContainerLogBuffer;
  exited: (exit: ContainerExit) => void;
  done: boolean;
  closed: Promise<void>;
  killTimer?: NodeJS.Timeout;
}

function signalExitCode(signal: NodeJS.Signals | null): number {
  return 128 + (signal ? (os.constants.signals[signal] ?? 0) : 0);
}

/**
 * Runs each container's command + args as a child process on this host (the image is ignored), in
 * its own process group and sandbox directory os.tmpdir()/kop-pods/<pod uid>/<container>, with
 * stdout and stderr captured line by line into the container log.
 */
export class ProcessEngine implements ContainerEngine {
  readonly name = 'process';
  readonly idScheme = 'kop-process';
  readonly survivesRestart = false;
  private readonly procs = new Map<ContainerRuntime, Proc>();
  private readonly sandboxes = new Set<string>();
  private readonly env: ContainerEnvResolver;

  constructor(
    client: KubeClient,
    readonly root = path.join(os.tmpdir(), 'kop-pods'),
  ) {
    this.env = new ContainerEnvResolver(client);
  }

  newLog(): ContainerLogBuffer {
    return new ContainerLogBuffer();
  }

  async start(req: StartRequest): Promise<CreateFailure | undefined> {
    const { rt, c } = req;
    const command = c.spec.command ?? [];
    if (command.length === 0) {
      return {
        reason: 'CreateContainerError',
        message: `failed to create container "${c.name}": no command specified (the process runtime ignores the image; set command)`,
      };
    }
    const env = await this.env.resolve(rt, c.spec);
    if (!(env instanceof Map)) return env;
    const dir = path.join(this.root, rt.uid, c.name);
    this.sandboxes.add(rt.uid);
    await mkdir(dir, { recursive: true });
    if (rt.removed) return { reason: 'CreateContainerError', message: 'pod removed' };
    const argv = [...command, ...(c.spec.args ?? [])].map((a) => expandVars(a, env));
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: dir,
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOSTNAME: rt.name, HOME: dir, ...Object.fromEntries(env) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so SIGTERM/SIGKILL reach what `sh -c` forked too.
      detached: true,
    });
    let resolveClosed: () => void = () => undefined;
    const proc: Proc = { child, log: req.log, exited: req.exited, done: false, closed: new Promise((r) => (resolveClosed = r)) };
    this.procs.set(c, proc);
    const flushers = [this.capture(child.stdout, proc.log), this.capture(child.stderr, proc.log)];
    const finish = (exit: ContainerExit): void => {
      if (proc.done) return;
      proc.done = true;
      if (proc.killTimer) clearTimeout(proc.killTimer);
      for (const f of flushers) f();
      if (this.procs.get(c) === proc) this.procs.delete(c);
      resolveClosed();
      proc.exited(exit);
    };
    child.once('error', (e: NodeJS.ErrnoException) =>
      finish({
        exitCode: 128,
        reason: 'StartError',
        message: e.code === 'ENOENT' ? `exec: "${argv[0]}": executable file not found in $PATH` : `exec: "${argv[0]}": ${e.message}`,
      }),
    );
    child.once('close', (code, signal) => finish({ exitCode: code ?? signalExitCode(signal) }));
    return undefined;
  }

  stop(_rt: PodRuntime, c: ContainerRuntime, graceMs: number): void {
    const proc = this.procs.get(c);
    if (!proc || proc.done || proc.killTimer) return;
    this.signal(proc, 'SIGTERM');
    proc.killTimer = setTimeout(() => this.signal(proc, 'SIGKILL'), graceMs);
  }

  remove(rt: PodRuntime): void {
    for (const c of [...rt.init, ...rt.main]) {
      const proc = this.procs.get(c);
      if (proc) this.signal(proc, 'SIGKILL');
    }
    if (this.sandboxes.delete(rt.uid)) void rm(path.join(this.root, rt.uid), { recursive: true, force: true }).catch(() => undefined);
  }

  /** Agent shutdown: nothing may keep running on the host without its kubelet. */
  async close(): Promise<void> {
    const all = [...this.procs.values()];
    for (const p of all) this.signal(p, 'SIGKILL');
    await Promise.race([Promise.all(all.map((p) => p.closed)), new Promise((r) => setTimeout(r, 2000))]);
    await Promise.all(
      [...this.sandboxes].map((uid) => rm(path.join(this.root, uid), { recursive: true, force: true }).catch(() => undefined)),
    );
    this.sandboxes.clear();
  }

  private signal(proc: Proc, sig: NodeJS.Signals): void {
    const pid = proc.child.pid;
    if (pid === undefined || proc.done) return;
    try {
      process.kill(-pid, sig);
    } catch {
      // Already gone.
    }
  }

  /** Splits a stream into log lines; the returned function flushes an unterminated last line. */
  private capture(stream: Readable | null, log: ContainerLogBuffer): () => void {
    let pending = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        log.append(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
      }
      while (pending.length > MAX_LINE) {
        log.append(pending.slice(0, MAX_LINE));
        pending = pending.slice(MAX_LINE);
      }
    });
    return () => {
      if (pending) log.append(pending);
      pending = '';
    };
  }
}
