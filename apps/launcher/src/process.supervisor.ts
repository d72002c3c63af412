import { spawn, type ChildProcess } from 'node:child_process';

interface ProcessSpec {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Run as this user (the launcher runs PostgreSQL as `postgres` when it is root). */
  uid?: number;
  gid?: number;
  /** The signal that asks the process to stop cleanly (PostgreSQL: SIGINT, fast shutdown). */
  stopSignal?: NodeJS.Signals;
  /** stdout/stderr go to the launcher's own unless given a line sink. */
  onOutput?: (line: string) => void;
}

interface Managed {
  spec: ProcessSpec;
  child: ChildProcess;
  restarts: number[];
  restartTimer?: NodeJS.Timeout;
  stopping: boolean;
}

interface SupervisorEvents {
  /** A process exited or could not be spawned and will be started again. */
  onRestart?: (name: string, why: string) => void;
  /** A process keeps dying (5 times in a minute): it is given up on. */
  onGiveUp: (name: string, why: string) => void;
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code ?? 'unknown'}`;
}

/**
 * Starts the control plane's processes, restarts one that exits unexpectedly (as a process
 * manager would: e.g. the controller manager exits when it loses its Lease, PostgreSQL may be
 * killed), and stops them in the order the caller chooses. Each child runs in a process group of
 * its own, so a Ctrl-C in the terminal reaches only the launcher, which then stops the clients of
 * the apiserver before the apiserver, and the apiserver before PostgreSQL.
 */
export class ProcessSupervisor {
  private readonly children = new Map<string, Managed>();
  private stoppingAll = false;

  constructor(private readonly events: SupervisorEvents) {}

  start(name: string, spec: ProcessSpec): ChildProcess {
    const m: Managed = { spec, child: this.spawn(name, spec), restarts: [], stopping: false };
    this.children.set(name, m);
    return m.child;
  }

  /** Starts a Node.js script of this project with the launcher's own Node. */
  startScript(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    return this.start(name, { command: process.execPath, args: [script, ...args], env });
  }

  private spawn(name: string, spec: ProcessSpec): ChildProcess {
    const child = spawn(spec.command, spec.args, {
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', spec.onOutput ? 'pipe' : 'inherit', spec.onOutput ? 'pipe' : 'inherit'],
      ...(spec.uid !== undefined ? { uid: spec.uid } : {}),
      ...(spec.gid !== undefined ? { gid: spec.gid } : {}),
    });
    if (spec.onOutput) {
      const sink = spec.onOutput;
      for (const stream of [child.stdout, child.stderr]) {
        let buf = '';
        stream?.on('data', (d: Buffer) => {
          buf += d.toString();
          let nl;
          while ((nl = buf.indexOf('\n')) >= 0) {
            sink(buf.slice(0, nl));
            buf = buf.slice(nl + 1);
          }
        });
      }
    }
    let reported = false;
    const ended = (why: string) => {
      if (reported) return;
      reported = true;
      const m = this.children.get(name);
      if (this.stoppingAll || !m || m.child !== child || m.stopping) return;
      const now = Date.now();
      m.restarts = m.restarts.filter((t) => now - t < 60_000);
      if (m.restarts.length >= 5) {
        this.events.onGiveUp(name, why);
        return;
      }
      m.restarts.push(now);
      this.events.onRestart?.(name, why);
      m.restartTimer = setTimeout(() => {
        m.restartTimer = undefined;
        if (!this.stoppingAll && !m.stopping) m.child = this.spawn(name, m.spec);
      }, 1000);
    };
    // A binary that cannot be executed (EACCES, ENOENT) is an 'error' event, never a crash.
    child.on('error', (e) => ended(`could not be started: ${e.message}`));
    child.on('exit', (code, signal) => ended(describeExit(code, signal)));
    return child;
  }

  /** The current process of `name` (it changes when the supervisor restarts it). */
  child(name: string): ChildProcess | undefined {
    return this.children.get(name)?.child;
  }

  /** Stops some processes together: their stop signal, then SIGKILL after `timeoutMs`. */
  async stop(names: readonly string[], timeoutMs = 10_000): Promise<void> {
    await Promise.all(
      names.map((name) => {
        const m = this.children.get(name);
        if (!m) return Promise.resolve();
        m.stopping = true;
        if (m.restartTimer) clearTimeout(m.restartTimer);
        const c = m.child;
        return new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill(m.spec.stopSignal ?? 'SIGTERM');
        });
      }),
    );
  }

  async stopAll(timeoutMs = 10_000): Promise<void> {
    this.stoppingAll = true;
    await this.stop([...this.children.keys()], timeoutMs);
  }
}
