import { tolerates } from '../nodelifecycle/toleration.util.js';
import type { PodTemplate } from '../shared/types.js';
import { withDaemonTolerations } from './daemon.pod.js';
import type { DaemonPodSpec, Node, NodeSelectorRequirement, NodeSelectorTerm, Taint } from './daemonset.types.js';

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const want = values[0];
      if (value === undefined || values.length !== 1 || want === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(want)) return false;
      return r.operator === 'Gt' ? Number(value) > Number(want) : Number(value) < Number(want);
    }
  }
}

/** An empty term matches nothing; terms are ORed, requirements inside one ANDed. */
function matchTerm(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  const label = (k: string): string | undefined => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined);
  return exprs.every((r) => matchRequirement(r, label(r.key))) && fields.every((r) => r.key === 'metadata.name' && matchRequirement(r, node.metadata.name));
}

/** spec.nodeSelector and required node affinity (upstream nodeaffinity.GetRequiredNodeAffinity(pod).Match). */
function fitsNodeAffinity(spec: DaemonPodSpec, node: Node): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return terms === undefined || terms.some((t) => matchTerm(t, node));
}

function untolerated(taints: Taint[], spec: DaemonPodSpec, effects: ReadonlySet<string>): boolean {
  const tolerations = withDaemonTolerations(spec);
  return taints.some((taint) => effects.has(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

const SCHEDULE_EFFECTS = new Set(['NoSchedule', 'NoExecute']);
const EXECUTE_EFFECTS = new Set(['NoExecute']);

/**
 * Whether a daemon pod should be placed on the node, and whether one already there may stay
 * (upstream NodeShouldRunDaemonPod). A NoSchedule taint keeps new pods off but lets a running one
 * continue; an untolerated NoExecute taint, a node name or an affinity mismatch removes it.
 */
export function nodeShouldRunDaemonPod(node: Node, template: PodTemplate): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec: DaemonPodSpec = template.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!fitsNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  if (untolerated(taints, spec, SCHEDULE_EFFECTS)) return { shouldRun: false, shouldContinueRunning: !untolerated(taints, spec, EXECUTE_EFFECTS) };
  return { shouldRun: true, shouldContinueRunning: true };
}
