import { createHash } from 'node:crypto';
import { rfc3339 } from '../sim/time.util.js';
import type { Pod, PodCondition } from './pod.types.js';
import type { ConditionState, ContainerRuntime, PodRuntime, TerminatedState } from './pod.runtime.js';

/** Condition types the kubelet owns, in the order it reports them. */
const KUBELET_CONDITIONS = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady'] as const;

function names(cs: ContainerRuntime[]): string {
  return `[${cs.map((c) => c.name).join(' ')}]`;
}

/**
 * Recomputes the kubelet-owned pod conditions from the simulated containers, moving
 * lastTransitionTime only when a status flips (as the kubelet's status manager does).
 */
export function refreshConditions(rt: PodRuntime, now = Date.now()): void {
  const terminal = rt.phase === 'Succeeded' || rt.phase === 'Failed';
  const set = (type: string, want: Omit<ConditionState, 'lastTransitionTime'>): void => {
    const prev = rt.conditions.get(type);
    rt.conditions.set(type, { ...want, lastTransitionTime: prev && prev.status === want.status ? prev.lastTransitionTime : now });
  };
  set('PodReadyToStartContainers', { status: rt.sandboxReady ? 'True' : 'False' });

  const incomplete = rt.init.filter((c) => !c.sidecar && !(c.state.kind === 'terminated' && c.state.t.exitCode === 0));
  if (rt.phase === 'Succeeded' && rt.initDone) set('Initialized', { status: 'True', reason: 'PodCompleted' });
  else if (rt.initDone || incomplete.length === 0) set('Initialized', { status: 'True' });
  else
    set('Initialized', {
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: `containers with incomplete status: ${names(incomplete)}`,
    });

  let ready: Omit<ConditionState, 'lastTransitionTime'>;
  if (terminal) ready = { status: 'False', reason: rt.phase === 'Succeeded' ? 'PodCompleted' : 'PodFailed' };
  else {
    const unready = [...rt.init.filter((c) => c.sidecar), ...rt.main].filter((c) => !c.ready);
    ready =
      unready.length === 0
        ? { status: 'True' }
        : { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: ${names(unready)}` };
  }
  set('Ready', ready);
  set('ContainersReady', ready);
}

function imageID(image: string): string {
  const ref = image.includes('/') ? image : `docker.io/library/${image}`;
  const repo = ref.replace(/@.*$/, '').replace(/:[^/:]*$/, '');
  return `${repo}@sha256:${createHash('sha256').update(image).digest('hex')}`;
}

function terminated(t: TerminatedState): Record<string, unknown> {
  return {
    terminated: {
      exitCode: t.exitCode,
      reason: t.reason,
      ...(t.message ? { message: t.message } : {}),
      startedAt: rfc3339(t.startedAt),
      finishedAt: rfc3339(t.finishedAt),
      containerID: t.containerID,
    },
  };
}

function containerStatus(c: ContainerRuntime): Record<string, unknown> {
  const s = c.state;
  const state =
    s.kind === 'running'
      ? { running: { startedAt: rfc3339(s.startedAt) } }
      : s.kind === 'terminated'
        ? terminated(s.t)
        : { waiting: { reason: s.reason, ...(s.message ? { message: s.message } : {}) } };
  const ran = c.containerID !== undefined;
  return {
    name: c.name,
    state,
    lastState: c.lastTerminated ? terminated(c.lastTerminated) : {},
    ready: c.ready,
    restartCount: c.restartCount,
    image: c.image,
    imageID: ran ? imageID(c.image) : '',
    ...(ran ? { containerID: c.containerID } : {}),
    started: s.kind === 'running',
  };
}

/** The status the kubelet would post now; conditions owned by others are kept as they are. */
export function buildPodStatus(rt: PodRuntime, current: Pod | undefined): Record<string, unknown> {
  const conditions: PodCondition[] = [];
  for (const type of KUBELET_CONDITIONS) {
    const c = rt.conditions.get(type);
    if (!c) continue;
    conditions.push({
      type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: rfc3339(c.lastTransitionTime),
      ...(c.reason ? { reason: c.reason } : {}),
      ...(c.message ? { message: c.message } : {}),
    });
  }
  const others = (current?.status?.conditions ?? []).filter((c) => !(KUBELET_CONDITIONS as readonly string[]).includes(c.type));
  if (!others.some((c) => c.type === 'PodScheduled')) {
    others.unshift({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(rt.startTime) });
  }
  const hostIP = rt.node.id.internalIP;
  return {
    phase: rt.phase,
    conditions: [...conditions, ...others],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    ...(rt.podIP ? { podIP: rt.podIP, podIPs: [{ ip: rt.podIP }] } : {}),
    startTime: rfc3339(rt.startTime),
    ...(rt.init.length ? { initContainerStatuses: rt.init.map(containerStatus) } : {}),
    containerStatuses: rt.main.map(containerStatus),
  };
}

/** FNV-1a, to remember what was last written without keeping the JSON. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
