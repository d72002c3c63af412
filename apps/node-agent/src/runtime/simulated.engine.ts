import type { NodeAgentOptions } from '../agent.options.js';
import { ContainerLogBuffer, DEFAULT_LOG_LIMITS } from '../logs/container-log.buffer.js';
import type { ContainerRuntime, PodRuntime } from '../pod/pod.runtime.js';
import type { TimerHandle, TimerQueue } from '../sim/timer.queue.js';
import type { ContainerEngine, ContainerExit, CreateFailure, StartRequest } from './container.engine.js';
import type { ContainerEnvResolver } from './container-env.resolver.js';

interface Instance {
  id: string;
  log: ContainerLogBuffer;
  exited: (exit: ContainerExit) => void;
  timer?: TimerHandle;
}

/**
 * Containers that only exist as timers: how long they run and how they exit come from the pod's
 * annotations (see pod.lifecycle.ts), their log is a start line, a heartbeat every logIntervalMs
 * and an exit line.
 */
export class SimulatedEngine implements ContainerEngine {
  readonly name = 'simulated';
  readonly idScheme = 'kop-sim';
  readonly survivesRestart = true;
  private readonly instances = new WeakMap<ContainerRuntime, Instance>();

  constructor(
    private readonly o: NodeAgentOptions,
    private readonly timers: TimerQueue,
    /** Resolves env from ConfigMaps/Secrets so that missing ones fail as the kubelet's do. */
    private readonly env?: ContainerEnvResolver,
  ) {}

  newLog(c: ContainerRuntime, startedAt: number): ContainerLogBuffer {
    const every = this.o.logIntervalMs;
    return new ContainerLogBuffer(DEFAULT_LOG_LIMITS, {
      startedAt,
      everyMs: every,
      text: (n) => `${c.name}: up ${Math.round((n * every) / 1000)}s, serving`,
    });
  }

  start(req: StartRequest): undefined | Promise<CreateFailure | undefined> {
    const spec = req.c.spec;
    const needsLookup = !!this.env && !!spec && ((spec.envFrom ?? []).length > 0 || (spec.env ?? []).some((e) => !!e.valueFrom));
    if (!needsLookup || req.elapsedMs !== undefined) return this.run(req);
    return this.env!.resolve(req.rt, spec).then((r) => (r instanceof Map ? this.run(req) : r));
  }

  private run(req: StartRequest): undefined {
    const { rt, c, log } = req;
    const inst: Instance = { id: req.containerID, log, exited: req.exited };
    this.instances.set(c, inst);
    if (req.elapsedMs === undefined) log.append(`starting ${c.image || c.name}`);
    const elapsed = req.elapsedMs ?? 0;
    const exitAfter = (ms: number, code: number): void => {
      inst.timer = this.timers.schedule(ms - elapsed, () => this.finish(c, inst, code, `exiting with code ${code}`));
    };
    if (c.init && !c.sidecar) exitAfter(this.o.initContainerMs, 0);
    else if (!c.init && rt.restartPolicy !== 'Always') exitAfter(rt.runMs, rt.exitCode);
    else if (rt.crashAfterMs !== undefined) exitAfter(rt.crashAfterMs, 1);
    return undefined;
  }

  stop(rt: PodRuntime, c: ContainerRuntime, graceMs: number): void {
    const inst = this.instances.get(c);
    if (!inst) return;
    if (inst.timer) inst.timer.cancelled = true;
    const wantMs = rt.stopMs ?? this.o.stopMs;
    const killed = wantMs > graceMs;
    inst.log.append('received SIGTERM, shutting down');
    // SIGTERM honoured → clean exit; grace exceeded → SIGKILL (137).
    inst.timer = this.timers.schedule(Math.min(wantMs, graceMs), () =>
      this.finish(c, inst, killed ? 137 : 0, killed ? '' : 'shutdown complete'),
    );
  }

  remove(rt: PodRuntime): void {
    for (const c of [...rt.init, ...rt.main]) {
      const inst = this.instances.get(c);
      if (inst?.timer) inst.timer.cancelled = true;
      this.instances.delete(c);
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  private finish(c: ContainerRuntime, inst: Instance, exitCode: number, line: string): void {
    if (this.instances.get(c) !== inst) return;
    this.instances.delete(c);
    if (line) inst.log.append(line);
    inst.exited({ exitCode });
  }
}
