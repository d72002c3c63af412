import { spawn, type ChildProcess } from 'node:child_process';

interface Managed {
  script: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  child: ChildProcess;
  restarts: number[];
}

/**
 * Starts the control plane's processes, restarts one that exits unexpectedly (as a process
 * manager would: e.g. the controller manager exits when it loses its Lease), and stops them all
 * together (SIGTERM, then SIGKILL). A process that keeps dying (5 times in a minute) is given up on.
 */
export class ProcessSupervisor {
  private readonly children = new Map<string, Managed>();
  private stopping = false;

  constructor(private readonly onGiveUp: (name: string, code: number | null) => void) {}

  start(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const m: Managed = { script, args, env, child: this.spawn(name, script, args, env), restarts: [] };
    this.children.set(name, m);
    return m.child;
  }

  private spawn(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('exit', (code) => {
      if (this.stopping) return;
      const m = this.children.get(name);
      if (!m || m.child !== child) return;
      const now = Date.now();
      m.restarts = m.restarts.filter((t) => now - t < 60_000);
      if (m.restarts.length >= 5) {
        this.onGiveUp(name, code);
        return;
      }
      m.restarts.push(now);
      console.error(`${name} exited with code ${code}; restarting`);
      setTimeout(() => {
        if (!this.stopping) m.child = this.spawn(name, m.script, m.args, m.env);
      }, 1000);
    });
    return child;
  }

  async stopAll(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    const waits = [...this.children.values()].map(
      ({ child: c }) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const t = setTimeout(() => c.kill('SIGKILL'), timeoutMs);
          c.once('exit', () => {
            clearTimeout(t);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    );
    await Promise.all(waits);
  }
}
