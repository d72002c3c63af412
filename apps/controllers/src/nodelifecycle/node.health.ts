import { NOT_READY, UNREACHABLE, type Node, type NodeCondition, type Taint } from './node.types.js';

/** The conditions the controller sets to Unknown when the kubelet goes silent (upstream's list). */
const WATCHED_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

/**
 * Upstream's tryUpdateNodeHealth, the part that writes: every watched condition becomes Unknown,
 * NodeStatusUnknown for those the kubelet had posted, NodeStatusNeverUpdated for those it never did.
 * Returns undefined when they are all Unknown already.
 */
export function unknownConditions(conditions: NodeCondition[], now: string): NodeCondition[] | undefined {
  const out = conditions.map((c) => ({ ...c }));
  let changed = false;
  for (const type of WATCHED_CONDITIONS) {
    const c = out.find((x) => x.type === type);
    if (!c) {
      out.push({
        type,
        status: 'Unknown',
        reason: 'NodeStatusNeverUpdated',
        message: 'Kubelet never posted node status.',
        lastHeartbeatTime: now,
        lastTransitionTime: now,
      });
      changed = true;
    } else if (c.status !== 'Unknown') {
      Object.assign(c, {
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: now,
      });
      changed = true;
    }
  }
  return changed ? out : undefined;
}

/** Condition (type, status) → the NoSchedule taint it implies (upstream's nodeConditionToTaintKeyStatusMap). */
const NO_SCHEDULE: ReadonlyArray<[string, string, string]> = [
  ['Ready', 'False', NOT_READY],
  ['Ready', 'Unknown', UNREACHABLE],
  ['MemoryPressure', 'True', 'node.kubernetes.io/memory-pressure'],
  ['DiskPressure', 'True', 'node.kubernetes.io/disk-pressure'],
  ['PIDPressure', 'True', 'node.kubernetes.io/pid-pressure'],
  ['NetworkUnavailable', 'True', 'node.kubernetes.io/network-unavailable'],
];
const UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
const MANAGED_NO_SCHEDULE = new Set([...NO_SCHEDULE.map(([, , k]) => k), UNSCHEDULABLE]);
const MANAGED_NO_EXECUTE = new Set([NOT_READY, UNREACHABLE]);

const isManaged = (t: Taint): boolean =>
  (t.effect === 'NoSchedule' && MANAGED_NO_SCHEDULE.has(t.key)) || (t.effect === 'NoExecute' && MANAGED_NO_EXECUTE.has(t.key));

/**
 * The node's taints with the controller-managed ones recomputed from its conditions: NoSchedule per
 * condition (doNoScheduleTaintingPass), NoExecute not-ready / unreachable for Ready False / Unknown
 * (doNoExecuteTaintingPass, timeAdded kept while the taint stays). Others' taints are untouched.
 * Returns undefined when nothing changes.
 */
export function desiredTaints(node: Node, now: string): Taint[] | undefined {
  const current = node.spec?.taints ?? [];
  const conds = node.status?.conditions ?? [];
  const want: Taint[] = [];
  for (const [type, status, key] of NO_SCHEDULE)
    if (conds.some((c) => c.type === type && c.status === status)) want.push({ key, effect: 'NoSchedule' });
  if (node.spec?.unschedulable) want.push({ key: UNSCHEDULABLE, effect: 'NoSchedule' });
  const ready = conds.find((c) => c.type === 'Ready')?.status;
  const noExecute = ready === 'False' ? NOT_READY : ready === 'Unknown' ? UNREACHABLE : undefined;
  if (noExecute) {
    const had = current.find((t) => t.key === noExecute && t.effect === 'NoExecute');
    want.push({ key: noExecute, effect: 'NoExecute', timeAdded: had?.timeAdded ?? now });
  }
  const kept = current.filter((t) => !isManaged(t));
  const managedNow = current.filter(isManaged);
  const sameSet = managedNow.length === want.length && want.every((w) => managedNow.some((t) => t.key === w.key && t.effect === w.effect));
  if (sameSet) return undefined;
  return [...kept, ...want];
}
