import { NOT_READY, UNREACHABLE } from '../nodelifecycle/node.types.js';
import type { PodTemplateSpec } from '../shared/types.js';
import {
  REVISION_LABEL,
  TEMPLATE_GENERATION_LABEL,
  type Pod,
  type PodSpec,
  type NodeAffinity,
  type Toleration,
} from './daemonset.types.js';

const NODE_NAME_FIELD = 'metadata.name';

/**
 * Tolerations every daemon pod gets (upstream util.AddOrUpdateDaemonPodTolerations): a daemon keeps
 * running through node trouble and is placed on cordoned or pressured nodes, because it is often
 * what the node needs to recover (CNI, log shippers, storage agents).
 */
function daemonTolerations(spec: PodSpec): Toleration[] {
  const t: Toleration[] = [
    { key: NOT_READY, operator: 'Exists', effect: 'NoExecute' },
    { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (spec.hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

/** Adds or replaces (by key and effect) the daemon tolerations, as upstream's AddOrUpdateTolerationInPodSpec. */
export function withDaemonTolerations(spec: PodSpec): Toleration[] {
  const out = [...(spec.tolerations ?? [])];
  for (const t of daemonTolerations(spec)) {
    const i = out.findIndex((x) => x.key === t.key && x.effect === t.effect);
    if (i >= 0) out[i] = t;
    else out.push(t);
  }
  return out;
}

/**
 * Pins a pod to one node through required node affinity on `metadata.name` rather than
 * spec.nodeName (upstream ReplaceDaemonSetPodNodeNameNodeAffinity), so the default scheduler binds
 * it and its resource and port checks and preemption apply. The other required terms are replaced:
 * the controller already checked the node satisfies them.
 */
export function pinToNode(affinity: PodSpec['affinity'], nodeName: string): NonNullable<PodSpec['affinity']> {
  const a = structuredClone(affinity ?? {});
  const na: NodeAffinity = a.nodeAffinity ?? {};
  na.requiredDuringSchedulingIgnoredDuringExecution = {
    nodeSelectorTerms: [{ matchFields: [{ key: NODE_NAME_FIELD, operator: 'In', values: [nodeName] }] }],
  };
  a.nodeAffinity = na;
  return a;
}

/** The node a daemon pod is for: where it is bound, else the node its affinity pins it to (upstream GetTargetNodeName). */
export function targetNodeName(p: Pod): string | undefined {
  if (p.spec?.nodeName) return p.spec.nodeName;
  for (const term of p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of term.matchFields ?? []) {
      if (f.key === NODE_NAME_FIELD && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/** The pod template as the daemon pods get it (upstream util.CreatePodTemplate), before pinning to a node. */
export function daemonPodTemplate(
  template: PodTemplateSpec,
  hash: string,
  generation: string | undefined,
): PodTemplateSpec & { spec: PodSpec } {
  const t = structuredClone(template);
  const spec: PodSpec = structuredClone(t.spec ?? {});
  spec.tolerations = withDaemonTolerations(spec);
  return {
    metadata: {
      ...(t.metadata ?? {}),
      labels: { ...(t.metadata?.labels ?? {}), [REVISION_LABEL]: hash, ...(generation ? { [TEMPLATE_GENERATION_LABEL]: generation } : {}) },
    },
    spec,
  };
}

/** Scheduled pods first, then oldest, then by name (upstream podByCreationTimestampAndPhase). */
export function compareDaemonPods(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ta = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const tb = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  return ta - tb || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}
