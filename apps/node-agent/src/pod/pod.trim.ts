import type { Pod, PodContainerSpec } from './pod.types.js';

/** Annotations the simulated runtime reads (run time, exit code, crash, stop); the rest is dropped. */
const OWN_ANNOTATION_PREFIX = 'kop.dev/';
/** Conditions the agent writes itself: once it runs the pod, the API's copy of them is not needed. */
const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady']);

function container(c: PodContainerSpec): PodContainerSpec {
  const delay = c.readinessProbe?.initialDelaySeconds;
  return {
    name: c.name,
    ...(c.image !== undefined ? { image: c.image } : {}),
    ...(c.imagePullPolicy !== undefined ? { imagePullPolicy: c.imagePullPolicy } : {}),
    ...(c.restartPolicy !== undefined ? { restartPolicy: c.restartPolicy } : {}),
    ...(c.readinessProbe ? { readinessProbe: delay !== undefined ? { initialDelaySeconds: delay } : {} } : {}),
    // Only the process runtime reads these; they are absent from most pods.
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(c.env ? { env: c.env } : {}),
    ...(c.envFrom ? { envFrom: c.envFrom } : {}),
  };
}

/**
 * What the agent's pod cache keeps of a pod, applied on receipt (Informer `transform`): a kilobyte
 * of the several a full pod with managedFields costs, times 30,000 pods. Pods on other agents' nodes
 * keep only their identity; a pod this agent already runs keeps only the status conditions it does
 * not own (the rest of its status is the agent's own state); a pod not yet running here keeps what
 * adopting it after a restart needs.
 */
export function trimPod(p: Pod, ours: boolean, running: boolean): Pod {
  const md = p.metadata;
  const identity = {
    name: md.name,
    namespace: md.namespace,
    uid: md.uid,
    ...(md.resourceVersion ? { resourceVersion: md.resourceVersion } : {}),
  };
  if (!ours) return { metadata: identity, spec: { ...(p.spec.nodeName ? { nodeName: p.spec.nodeName } : {}), containers: [] } };
  let annotations: Record<string, string> | undefined;
  for (const [k, v] of Object.entries(md.annotations ?? {})) {
    if (k.startsWith(OWN_ANNOTATION_PREFIX)) (annotations ??= {})[k] = v;
  }
  const s = p.spec;
  const status = p.status;
  const conditions = running ? status?.conditions?.filter((c) => !KUBELET_CONDITIONS.has(c.type)) : status?.conditions;
  return {
    metadata: {
      ...identity,
      ...(annotations ? { annotations } : {}),
      ...(md.deletionTimestamp ? { deletionTimestamp: md.deletionTimestamp } : {}),
      ...(md.deletionGracePeriodSeconds !== undefined ? { deletionGracePeriodSeconds: md.deletionGracePeriodSeconds } : {}),
    },
    spec: {
      ...(s.nodeName ? { nodeName: s.nodeName } : {}),
      ...(s.restartPolicy ? { restartPolicy: s.restartPolicy } : {}),
      ...(s.hostNetwork ? { hostNetwork: true } : {}),
      ...(s.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: s.terminationGracePeriodSeconds } : {}),
      containers: s.containers.map(container),
      ...(s.initContainers ? { initContainers: s.initContainers.map(container) } : {}),
    },
    ...(status
      ? {
          status: running
            ? { ...(conditions?.length ? { conditions } : {}) }
            : {
                ...(status.phase ? { phase: status.phase } : {}),
                ...(status.podIP ? { podIP: status.podIP } : {}),
                ...(status.startTime ? { startTime: status.startTime } : {}),
                ...(conditions ? { conditions } : {}),
                ...(status.containerStatuses
                  ? {
                      containerStatuses: status.containerStatuses.map((c) => ({
                        name: c.name,
                        ...(c.restartCount !== undefined ? { restartCount: c.restartCount } : {}),
                        ...(c.containerID ? { containerID: c.containerID } : {}),
                        ...(c.state?.running
                          ? { state: { running: { ...(c.state.running.startedAt ? { startedAt: c.state.running.startedAt } : {}) } } }
                          : {}),
                      })),
                    }
                  : {}),
              },
        }
      : {}),
  };
}
