import { tolerates } from '../nodelifecycle/toleration.util.js';
import type { PodTemplateSpec } from '../shared/types.js';
import { withDaemonTolerations } from './daemon.pod.js';
import type { PodSpec, Node, Taint } from './daemonset.types.js';
import { matchesRequiredNodeAffinity } from '../../../../libs/apimachinery/src/labels/node-selector.matcher.js';

function untolerated(taints: Taint[], spec: PodSpec, effects: ReadonlySet<string>): boolean {
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
export function nodeShouldRunDaemonPod(node: Node, template: PodTemplateSpec): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec: PodSpec = template.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!matchesRequiredNodeAffinity(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints ?? [];
  if (untolerated(taints, spec, SCHEDULE_EFFECTS))
    return { shouldRun: false, shouldContinueRunning: !untolerated(taints, spec, EXECUTE_EFFECTS) };
  return { shouldRun: true, shouldContinueRunning: true };
}
