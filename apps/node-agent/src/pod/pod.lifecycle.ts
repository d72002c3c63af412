import { randomBytes } from 'node:crypto';
import type { NodeAgentOptions } from '../agent.options.js';
import type { SimNode } from '../node/sim.node.js';
import type { ContainerEngine, ContainerExit, CreateFailure } from '../runtime/container.engine.js';
import { goDuration } from '../sim/time.util.js';
import type { TimerQueue } from '../sim/timer.queue.js';
import type { Pod, PodContainerSpec } from './pod.types.js';
import type { ContainerRuntime, Phase, PodRuntime, TerminatedState } from './pod.runtime.js';

const ANNOTATION_RUN_SECONDS = 'kop.dev/run-seconds';
const ANNOTATION_EXIT_CODE = 'kop.dev/exit-code';
const ANNOTATION_CRASH_AFTER_SECONDS = 'kop.dev/crash-after-seconds';
const ANNOTATION_STOP_SECONDS = 'kop.dev/stop-seconds';

function seconds(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

function newContainer(spec: PodContainerSpec, init: boolean, waitingReason: string): ContainerRuntime {
  return {
    name: spec.name,
    spec,
    image: spec.image ?? '',
    pullPolicy: spec.imagePullPolicy ?? 'IfNotPresent',
    init,
    sidecar: init && spec.restartPolicy === 'Always',
    readinessDelayMs: (spec.readinessProbe?.initialDelaySeconds ?? 0) * 1000,
    state: { kind: 'waiting', reason: waitingReason },
    restartCount: 0,
    ready: false,
    backoffMs: 0,
  };
}

/**
 * The kubelet's pod worker: drives one pod through sandbox, init containers, containers, exits,
 * restarts with CrashLoopBackOff, and graceful termination; the ContainerEngine (simulated or
 * process) runs the instances. Every delay goes through the shared TimerQueue; every change calls
 * `changed` so the status syncer writes (coalesced) and never per change.
 */
export class PodLifecycle {
  constructor(
    private readonly o: NodeAgentOptions,
    private readonly timers: TimerQueue,
    private readonly engine: ContainerEngine,
    private readonly changed: (rt: PodRuntime) => void,
  ) {}

  admit(pod: Pod, node: SimNode): PodRuntime {
    const a = pod.metadata.annotations ?? {};
    const hasInit = (pod.spec.initContainers ?? []).length > 0;
    const rt: PodRuntime = {
      key: `${pod.metadata.namespace}/${pod.metadata.name}`,
      uid: pod.metadata.uid,
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      node,
      restartPolicy: pod.spec.restartPolicy ?? 'Always',
      hostNetwork: pod.spec.hostNetwork === true,
      startTime: Date.now(),
      phase: 'Pending',
      sandboxReady: false,
      initDone: !hasInit,
      initIndex: 0,
      init: (pod.spec.initContainers ?? []).map((c) => newContainer(c, true, 'PodInitializing')),
      main: pod.spec.containers.map((c) => newContainer(c, false, hasInit ? 'PodInitializing' : 'ContainerCreating')),
      conditions: new Map(),
      runMs: seconds(a[ANNOTATION_RUN_SECONDS]) ?? this.o.runMs,
      exitCode: Number.parseInt(a[ANNOTATION_EXIT_CODE] ?? '0', 10) || 0,
      crashAfterMs: seconds(a[ANNOTATION_CRASH_AFTER_SECONDS]),
      stopMs: seconds(a[ANNOTATION_STOP_SECONDS]),
      terminating: false,
      finalize: false,
      ipHeld: false,
    };
    const first = rt.init[0];
    if (first) first.state = { kind: 'waiting', reason: 'ContainerCreating' };
    this.changed(rt);
    rt.timer = this.timers.schedule(this.o.podStartupMs, () => this.sandboxReady(rt));
    return rt;
  }

  /**
   * A pod this node already runs (agent restart): keep its IP, start time and containers as
   * reported, without replaying events; only containers not reported running are started.
   */
  adoptRunning(pod: Pod, node: SimNode): PodRuntime | undefined {
    const ip = pod.status?.podIP;
    if (pod.status?.phase !== 'Running' || !ip || (!pod.spec.hostNetwork && !node.ips.reserve(ip))) return undefined;
    const rt = this.admitShell(pod, node);
    Object.assign(rt, {
      phase: 'Running',
      podIP: ip,
      ipHeld: !pod.spec.hostNetwork,
      hostNetwork: pod.spec.hostNetwork === true,
      sandboxReady: true,
    });
    const a = pod.metadata.annotations ?? {};
    rt.runMs = seconds(a[ANNOTATION_RUN_SECONDS]) ?? this.o.runMs;
    rt.exitCode = Number.parseInt(a[ANNOTATION_EXIT_CODE] ?? '0', 10) || 0;
    rt.crashAfterMs = seconds(a[ANNOTATION_CRASH_AFTER_SECONDS]);
    rt.stopMs = seconds(a[ANNOTATION_STOP_SECONDS]);
    if (pod.status.startTime) rt.startTime = Date.parse(pod.status.startTime);
    for (const c of pod.status.conditions ?? []) {
      if (c.lastTransitionTime && (c.status === 'True' || c.status === 'False'))
        rt.conditions.set(c.type, { status: c.status, lastTransitionTime: Date.parse(c.lastTransitionTime) });
    }
    rt.init = (pod.spec.initContainers ?? []).map((c) => newContainer(c, true, 'PodInitializing'));
    for (const c of rt.init) {
      if (!c.sidecar)
        c.state = {
          kind: 'terminated',
          t: { exitCode: 0, reason: 'Completed', startedAt: rt.startTime, finishedAt: rt.startTime, containerID: '' },
        };
    }
    rt.initIndex = rt.init.length;
    rt.main = pod.spec.containers.map((c) => newContainer(c, false, 'ContainerCreating'));
    for (const c of [...rt.init.filter((x) => x.sidecar), ...rt.main]) {
      const reported = pod.status.containerStatuses?.find((s) => s.name === c.name);
      const startedAt = reported?.state?.running?.startedAt;
      c.restartCount = reported?.restartCount ?? 0;
      if (!reported || !startedAt || !this.engine.survivesRestart) {
        // The process runtime's children died with the previous agent: start them again.
        this.start(rt, c, reported !== undefined && startedAt !== undefined);
        continue;
      }
      const id = reported.containerID ?? `${this.engine.idScheme}://${randomBytes(32).toString('hex')}`;
      c.containerID = id;
      c.state = { kind: 'running', startedAt: Date.parse(startedAt) };
      c.ready = c.readinessDelayMs === 0;
      if (!c.ready) c.timer = this.timers.schedule(c.readinessDelayMs, () => ((c.ready = true), this.changed(rt)));
      c.log = this.engine.newLog(c, c.state.startedAt);
      void this.engine.start({
        rt,
        c,
        containerID: id,
        log: c.log,
        exited: (e) => this.exited(rt, c, id, e),
        elapsedMs: Date.now() - c.state.startedAt,
      });
      node.images.add(c.image);
    }
    this.changed(rt);
    return rt;
  }

  /** A pod already terminal when the agent started: only its deletion remains to be finished. */
  adoptTerminal(pod: Pod, node: SimNode): PodRuntime {
    const rt = this.admitShell(pod, node);
    rt.skipStatus = true;
    return rt;
  }

  private admitShell(pod: Pod, node: SimNode): PodRuntime {
    return {
      key: `${pod.metadata.namespace}/${pod.metadata.name}`,
      uid: pod.metadata.uid,
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      node,
      restartPolicy: pod.spec.restartPolicy ?? 'Always',
      hostNetwork: false,
      startTime: Date.now(),
      phase: (pod.status?.phase as Phase | undefined) ?? 'Failed',
      sandboxReady: false,
      initDone: true,
      initIndex: 0,
      init: [],
      main: [],
      conditions: new Map(),
      runMs: 0,
      exitCode: 0,
      terminating: false,
      finalize: false,
      ipHeld: false,
    };
  }

  /** Deletion requested (deletionTimestamp set): stop containers within the grace period. */
  terminate(rt: PodRuntime, pod: Pod): void {
    if (rt.terminating) return;
    rt.terminating = true;
    if (rt.phase === 'Succeeded' || rt.phase === 'Failed') {
      rt.finalize = true;
      this.changed(rt);
      return;
    }
    this.cancelTimers(rt);
    const graceMs = (pod.metadata.deletionGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
    for (const c of [...rt.main, ...rt.init]) {
      c.ready = false;
      if (c.state.kind !== 'running') continue;
      this.event(rt, 'Normal', 'Killing', `Stopping container ${c.name}`);
      this.engine.stop(rt, c, graceMs);
    }
    this.finishTermination(rt);
  }

  /** Once no container of a terminating pod runs any more: final status, then deletion. */
  private finishTermination(rt: PodRuntime): void {
    if (rt.finalize || [...rt.main, ...rt.init].some((c) => c.state.kind === 'running')) return;
    const allOk = rt.main.every((c) => c.state.kind === 'terminated' && c.state.t.exitCode === 0);
    this.teardown(rt, allOk ? 'Succeeded' : 'Failed');
    rt.finalize = true;
    this.changed(rt);
  }

  /** The pod is gone from the API: drop timers, the IP, its containers and their logs. */
  forget(rt: PodRuntime): void {
    rt.removed = true;
    this.cancelTimers(rt);
    this.releaseIP(rt);
    this.engine.remove(rt);
    for (const c of [...rt.init, ...rt.main]) {
      c.log?.close();
      c.previousLog?.close();
    }
  }

  private releaseIP(rt: PodRuntime): void {
    if (rt.ipHeld && rt.podIP) rt.node.ips.release(rt.podIP);
    rt.ipHeld = false;
  }

  private sandboxReady(rt: PodRuntime): void {
    rt.podIP = rt.hostNetwork ? rt.node.id.internalIP : rt.node.ips.allocate();
    if (!rt.podIP) {
      // Address space exhausted: the kubelet keeps retrying sandbox creation.
      this.event(rt, 'Warning', 'FailedCreatePodSandBox', 'Failed to create pod sandbox: no IP addresses available in range set');
      rt.timer = this.timers.schedule(10_000, () => this.sandboxReady(rt));
      return;
    }
    rt.ipHeld = !rt.hostNetwork;
    rt.sandboxReady = true;
    this.nextInit(rt);
    this.changed(rt);
  }

  /** Starts init containers in order (sidecars keep running); then all containers at once. */
  private nextInit(rt: PodRuntime): void {
    while (rt.initIndex < rt.init.length) {
      const c = rt.init[rt.initIndex]!;
      rt.initIndex++;
      this.start(rt, c, false);
      if (!c.sidecar) return;
    }
    rt.initDone = true;
    for (const c of rt.main) this.start(rt, c, false);
  }

  private start(rt: PodRuntime, c: ContainerRuntime, restart: boolean): void {
    const node = rt.node;
    if (c.pullPolicy === 'Always' || (c.pullPolicy !== 'Never' && !node.images.has(c.image))) {
      this.event(rt, 'Normal', 'Pulling', `Pulling image "${c.image}"`);
      this.event(rt, 'Normal', 'Pulled', `Successfully pulled image "${c.image}" in 0s (0s including waiting). Image size: 0 bytes.`);
      node.images.add(c.image);
    } else {
      this.event(rt, 'Normal', 'Pulled', `Container image "${c.image}" already present on machine`);
    }
    const id = `${this.engine.idScheme}://${randomBytes(32).toString('hex')}`;
    const startedAt = Date.now();
    const log = this.engine.newLog(c, startedAt);
    const created = this.engine.start({ rt, c, containerID: id, log, exited: (e) => this.exited(rt, c, id, e) });
    if (created instanceof Promise) {
      created.then(
        (failure) => this.started(rt, c, restart, id, log, startedAt, failure),
        (e: unknown) =>
          this.started(rt, c, restart, id, log, startedAt, {
            reason: 'CreateContainerError',
            message: e instanceof Error ? e.message : String(e),
          }),
      );
    } else this.started(rt, c, restart, id, log, startedAt, created);
  }

  private started(
    rt: PodRuntime,
    c: ContainerRuntime,
    restart: boolean,
    id: string,
    log: ContainerRuntime['log'],
    startedAt: number,
    failure: CreateFailure | undefined,
  ): void {
    if (rt.removed || rt.terminating) {
      // Deleted while the runtime was creating it: it must not live on.
      if (!failure) this.engine.stop(rt, c, 0);
      return;
    }
    if (failure) {
      // The kubelet retries the pod sync; the container waits with the reason until then.
      c.state = { kind: 'waiting', reason: failure.reason, message: failure.message };
      this.event(rt, 'Warning', 'Failed', `Error: ${failure.message}`);
      c.timer = this.timers.schedule(Math.min(this.o.backoffBaseMs, 10_000), () => this.start(rt, c, restart));
      this.changed(rt);
      return;
    }
    this.event(rt, 'Normal', 'Created', `Created container: ${c.name}`);
    this.event(rt, 'Normal', 'Started', `Started container ${c.name}`);
    if (restart) c.restartCount++;
    if (c.log) {
      c.previousLog?.close();
      c.log.close();
      c.previousLog = c.log;
    }
    c.log = log;
    c.containerID = id;
    c.state = { kind: 'running', startedAt };
    if (!c.init && rt.phase === 'Pending') rt.phase = 'Running';
    const readyCapable = !c.init || c.sidecar;
    c.ready = readyCapable && c.readinessDelayMs === 0;
    if (readyCapable && c.readinessDelayMs > 0) {
      c.timer = this.timers.schedule(c.readinessDelayMs, () => {
        c.ready = true;
        this.changed(rt);
      });
    }
    // The container may have been restarted from a CrashLoopBackOff timer: report it.
    this.changed(rt);
  }

  private exited(rt: PodRuntime, c: ContainerRuntime, id: string, exit: ContainerExit): void {
    // A late report from an instance that has since been replaced, or that never counted as started.
    if (c.containerID !== id || c.state.kind !== 'running') return;
    const now = Date.now();
    const exitCode = exit.exitCode;
    // A container that ran well past the maximum back-off starts its back-off afresh (upstream: 2× max).
    if (now - c.state.startedAt > 2 * this.o.backoffMaxMs) c.backoffMs = 0;
    const reason: TerminatedState['reason'] = exit.reason ?? (exitCode === 0 ? 'Completed' : 'Error');
    c.state = {
      kind: 'terminated',
      t: {
        exitCode,
        reason,
        ...(exit.message ? { message: exit.message } : {}),
        startedAt: c.state.startedAt,
        finishedAt: now,
        containerID: id,
      },
    };
    c.ready = false;
    c.log?.close(now);
    if (c.timer) c.timer.cancelled = true;
    if (rt.terminating) {
      this.finishTermination(rt);
      return;
    }
    if (c.init && !c.sidecar) {
      if (exitCode === 0) this.nextInit(rt);
      else if (rt.restartPolicy === 'Never') this.teardown(rt, 'Failed');
      else this.restart(rt, c);
    } else if (c.sidecar || rt.restartPolicy === 'Always' || (rt.restartPolicy === 'OnFailure' && exitCode !== 0)) {
      this.restart(rt, c);
    } else if (rt.main.every((m) => m.state.kind === 'terminated')) {
      this.teardown(rt, rt.main.every((m) => m.state.kind === 'terminated' && m.state.t.exitCode === 0) ? 'Succeeded' : 'Failed');
    }
    this.changed(rt);
  }

  /** Kubelet back-off: the first restart is immediate, then 10 s, 20 s, … up to 5 min. */
  private restart(rt: PodRuntime, c: ContainerRuntime): void {
    if (c.state.kind === 'terminated') c.lastTerminated = c.state.t;
    if (c.backoffMs === 0) {
      c.backoffMs = this.o.backoffBaseMs;
      this.start(rt, c, true);
      return;
    }
    const delay = c.backoffMs;
    c.backoffMs = Math.min(c.backoffMs * 2, this.o.backoffMaxMs);
    const who = `${rt.name}_${rt.namespace}(${rt.uid})`;
    c.state = {
      kind: 'waiting',
      reason: 'CrashLoopBackOff',
      message: `back-off ${goDuration(delay)} restarting failed container=${c.name} pod=${who}`,
    };
    this.event(rt, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${who}`);
    c.timer = this.timers.schedule(delay, () => this.start(rt, c, true));
  }

  /** Terminal phase: remaining sidecars stop, the sandbox goes away and its IP is freed. */
  private teardown(rt: PodRuntime, phase: Phase): void {
    this.cancelTimers(rt);
    const now = Date.now();
    for (const c of rt.init) {
      if (c.state.kind === 'running') {
        this.engine.stop(rt, c, 2000);
        c.state = {
          kind: 'terminated',
          t: { exitCode: 0, reason: 'Completed', startedAt: c.state.startedAt, finishedAt: now, containerID: c.containerID ?? '' },
        };
      }
      c.ready = false;
    }
    rt.phase = phase;
    rt.sandboxReady = false;
    this.releaseIP(rt);
  }

  private cancelTimers(rt: PodRuntime): void {
    if (rt.timer) rt.timer.cancelled = true;
    for (const c of [...rt.init, ...rt.main]) if (c.timer) c.timer.cancelled = true;
  }

  private event(rt: PodRuntime, type: 'Normal' | 'Warning', reason: string, message: string): void {
    rt.node.recorder.event(
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: rt.name, namespace: rt.namespace, uid: rt.uid } },
      type,
      reason,
      message,
    );
  }
}
