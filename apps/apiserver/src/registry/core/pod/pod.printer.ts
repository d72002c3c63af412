import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { parseTime, since } from '../../printers/duration.format.js';
import { doc } from '../../printers/field.docs.js';
import { at, bool, isRecord, num, rec, recs, str, type JsonRecord } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter, TableRowCondition } from '../../printers/table.types.js';

const NODE_UNREACHABLE_REASON = 'NodeLost';

/** Sidecars (restartPolicy Always) count toward READY and keep their restarts after init. */
function isRestartable(container: JsonRecord | undefined): boolean {
  return container !== undefined && str(container['restartPolicy']) === 'Always';
}

function conditionTrue(conditions: JsonRecord[], type: string): boolean {
  return conditions.some((c) => str(c['type']) === type && str(c['status']) === 'True');
}

/** Latest finishedAt of a container's previous termination, if any. */
function lastTerminated(status: JsonRecord): number | undefined {
  const t = at(status, 'lastState', 'terminated');
  return isRecord(t) ? parseTime(t['finishedAt']) : undefined;
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (b === undefined) return a;
  return a === undefined || b > a ? b : a;
}

function terminatedReason(t: JsonRecord, prefix: string): string {
  const reason = str(t['reason']);
  if (reason !== '') return prefix + reason;
  const signal = num(t['signal']);
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${num(t['exitCode'])}`;
}

interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** READY, STATUS and RESTARTS exactly as kube-apiserver's pod printer derives them. */
export function summarizePod(pod: KubeObject, now: Date): PodSummary {
  const spec = rec(pod.spec);
  const status = rec(pod.status);
  const phase = str(status['phase']);
  const conditions = recs(status['conditions']);
  let reason = str(status['reason']) || phase;
  if (conditions.some((c) => str(c['type']) === 'PodScheduled' && str(c['reason']) === 'SchedulingGated')) {
    reason = 'SchedulingGated';
  }

  const initSpecs = recs(spec['initContainers']);
  const initByName = new Map(initSpecs.map((c) => [str(c['name']), c]));
  const total = recs(spec['containers']).length + initSpecs.filter(isRestartable).length;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  let initializing = false;
  const initStatuses = recs(status['initContainerStatuses']);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i] ?? {};
    const restartable = isRestartable(initByName.get(str(cs['name'])));
    restarts += num(cs['restartCount']);
    lastRestart = later(lastRestart, lastTerminated(cs));
    if (restartable) {
      sidecarRestarts += num(cs['restartCount']);
      lastSidecarRestart = later(lastSidecarRestart, lastTerminated(cs));
    }
    const terminated = at(cs, 'state', 'terminated');
    const waiting = at(cs, 'state', 'waiting');
    if (isRecord(terminated) && num(terminated['exitCode']) === 0) continue;
    if (restartable && bool(cs['started'])) {
      if (bool(cs['ready'])) ready++;
      continue;
    }
    if (isRecord(terminated)) {
      reason = terminatedReason(terminated, 'Init:');
    } else if (isRecord(waiting) && str(waiting['reason']) !== '' && str(waiting['reason']) !== 'PodInitializing') {
      reason = `Init:${str(waiting['reason'])}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = recs(status['containerStatuses']);
    // Walk backwards so the first container's state has the last word, as upstream does.
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i] ?? {};
      restarts += num(cs['restartCount']);
      lastRestart = later(lastRestart, lastTerminated(cs));
      const waiting = at(cs, 'state', 'waiting');
      const terminated = at(cs, 'state', 'terminated');
      if (isRecord(waiting) && str(waiting['reason']) !== '') {
        reason = str(waiting['reason']);
      } else if (isRecord(terminated)) {
        reason = terminatedReason(terminated, '');
      } else if (bool(cs['ready']) && isRecord(at(cs, 'state', 'running'))) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(conditions, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
  if (deleting && str(status['reason']) === NODE_UNREACHABLE_REASON) {
    reason = 'Unknown';
  } else if (deleting && phase !== 'Succeeded' && phase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsText = String(restarts);
  if (restarts !== 0 && lastRestart !== undefined) {
    restartsText = `${restarts} (${since(new Date(lastRestart).toISOString(), now)} ago)`;
  }
  return { ready: `${ready}/${total}`, status: reason, restarts: restartsText };
}

function podIP(status: JsonRecord): string {
  const first = recs(status['podIPs'])[0];
  return (first ? str(first['ip']) : '') || str(status['podIP']);
}

function readinessGates(spec: JsonRecord, status: JsonRecord): string {
  const gates = recs(spec['readinessGates']);
  if (gates.length === 0) return '<none>';
  const conditions = recs(status['conditions']);
  let trueCount = 0;
  for (const g of gates) {
    const c = conditions.find((cond) => str(cond['type']) === str(g['conditionType']));
    if (c && str(c['status']) === 'True') trueCount++;
  }
  return `${trueCount}/${gates.length}`;
}

export const podPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    column('Status', 'string', 'The aggregate status of the containers in this pod.'),
    column(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    ageColumn(),
    column('IP', 'string', doc('V1PodStatus.podIP'), 1),
    column('Node', 'string', doc('V1PodSpec.nodeName'), 1),
    column('Nominated Node', 'string', doc('V1PodStatus.nominatedNodeName'), 1),
    column('Readiness Gates', 'string', doc('V1PodSpec.readinessGates'), 1),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const status = rec(obj.status);
    const s = summarizePod(obj, now);
    return [
      nameOf(obj),
      s.ready,
      s.status,
      s.restarts,
      ageOf(obj, now),
      podIP(status) || '<none>',
      str(spec['nodeName']) || '<none>',
      str(status['nominatedNodeName']) || '<none>',
      readinessGates(spec, status),
    ];
  },
  conditions(obj): TableRowCondition[] | undefined {
    switch (str(rec(obj.status)['phase'])) {
      case 'Succeeded':
        return [{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }];
      case 'Failed':
        return [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];
      default:
        return undefined;
    }
  },
};
