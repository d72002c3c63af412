import { spawn, type ChildProcess } from 'node:child_process';

/** Starts the control plane's processes and stops them together (SIGTERM, then SIGKILL). */
export class ProcessSupervisor {
  private readonly children = new Map<string, ChildProcess>();
  private stopping = false;

  constructor(private readonly onExit: (name: string, code: number | null) => void) {}

  start(name: string, script: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
    const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] });
    this.children.set(name, child);
    child.on('exit', (code) => {
      this.children.delete(name);
      if (!this.stopping) this.onExit(name, code);
    });
    return child;
  }

  async stopAll(timeoutMs = 5000): Promise<void> {
    this.stopping = true;
    const waits = [...this.children.values()].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
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
