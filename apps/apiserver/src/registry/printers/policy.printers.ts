import type { KubeObject } from '../generic/strategy.interface.js';
import { hpaV1ToV2 } from '../autoscaling/horizontalpodautoscaler/horizontalpodautoscaler.conversion.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from './columns.common.js';
import { quantity } from './core.printers.js';
import { doc } from './field.docs.js';
import { at, bool, intOrString, isRecord, num, optNum, optStr, rec, recs, str, type JsonRecord } from './object.access.js';
import type { TablePrinter } from './table.types.js';

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn(),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const min = spec['minAvailable'];
    const max = spec['maxUnavailable'];
    return [
      nameOf(obj),
      min === undefined || min === null ? 'N/A' : intOrString(min),
      max === undefined || max === null ? 'N/A' : intOrString(max),
      num(rec(obj.status)['disruptionsAllowed']),
      ageOf(obj, now),
    ];
  },
};

function utilization(v: unknown): string | undefined {
  const n = optNum(v);
  return n === undefined ? undefined : `${n}%`;
}

/** One TARGETS entry per autoscaling/v2 metric, in upstream's `current/target` wording. */
function metricText(spec: JsonRecord, status: JsonRecord | undefined): string {
  const type = str(spec['type']);
  const key = type === 'ContainerResource' ? 'containerResource' : type.charAt(0).toLowerCase() + type.slice(1);
  const source = rec(spec[key]);
  const target = rec(source['target']);
  const current = status !== undefined && isRecord(status[key]) ? rec(rec(status[key])['current']) : undefined;
  switch (type) {
    case 'External':
    case 'Object':
      if (target['averageValue'] !== undefined) {
        const cur = current && current['averageValue'] !== undefined ? quantity(current['averageValue']) : '<unknown>';
        return `${cur}/${quantity(target['averageValue'])} (avg)`;
      }
      return `${current ? quantity(current['value']) : '<unknown>'}/${quantity(target['value'])}`;
    case 'Pods':
      return `${current ? quantity(current['averageValue']) : '<unknown>'}/${quantity(target['averageValue'])}`;
    case 'Resource':
    case 'ContainerResource': {
      const name = str(source['name']);
      if (target['averageValue'] !== undefined) {
        return `${name}: ${current ? quantity(current['averageValue']) : '<unknown>'}/${quantity(target['averageValue'])}`;
      }
      const cur = (current && utilization(current['averageUtilization'])) ?? '<unknown>';
      return `${name}: ${cur}/${utilization(target['averageUtilization']) ?? '<auto>'}`;
    }
    default:
      return '<unknown type>';
  }
}

/**
 * Upstream prints the internal (v2-shaped) object whatever version was asked for: a v1 object is
 * converted back first, so its other metrics (kept in annotations) show too.
 */
function hpaMetrics(obj: KubeObject): [JsonRecord[], JsonRecord[]] {
  let internal = obj;
  try {
    if (obj.apiVersion === 'autoscaling/v1') internal = hpaV1ToV2(obj);
  } catch {
    // A malformed round-trip annotation: print what v1 itself says.
    internal = { spec: { metrics: [] } };
  }
  return [recs(rec(internal.spec)['metrics']), recs(rec(internal.status)['currentMetrics'])];
}

export function formatHpaTargets(obj: KubeObject): string {
  const [specs, statuses] = hpaMetrics(obj);
  if (specs.length === 0) return '<none>';
  const list = specs.map((s, i) => metricText(s, statuses[i]));
  const max = 2;
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

export const horizontalPodAutoscalerPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Reference', 'string', doc('V2HorizontalPodAutoscalerSpec.scaleTargetRef')),
    column('Targets', 'string', doc('V2HorizontalPodAutoscalerSpec.metrics')),
    column('MinPods', 'string', doc('V2HorizontalPodAutoscalerSpec.minReplicas')),
    column('MaxPods', 'string', doc('V2HorizontalPodAutoscalerSpec.maxReplicas')),
    column('Replicas', 'string', doc('V2HorizontalPodAutoscalerStatus.currentReplicas')),
    ageColumn(),
  ],
  row(obj, now) {
    const spec = rec(obj.spec);
    const ref = rec(spec['scaleTargetRef']);
    const min = optNum(spec['minReplicas']);
    return [
      nameOf(obj),
      `${str(ref['kind'])}/${str(ref['name'])}`,
      formatHpaTargets(obj),
      min === undefined ? '<unset>' : String(min),
      num(spec['maxReplicas']),
      num(rec(obj.status)['currentReplicas']),
      ageOf(obj, now),
    ];
  },
};

export const priorityClassPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Value', 'integer', doc('V1PriorityClass.value')),
    column('Global-Default', 'boolean', doc('V1PriorityClass.globalDefault')),
    ageColumn(),
    column('PreemptionPolicy', 'string', doc('V1PriorityClass.preemptionPolicy')),
  ],
  row(obj, now) {
    return [nameOf(obj), num(obj['value']), bool(obj['globalDefault']), ageOf(obj, now), str(obj['preemptionPolicy'])];
  },
};

export const leasePrinter: TablePrinter = {
  columns: [nameColumn(), column('Holder', 'string', doc('V1LeaseSpec.holderIdentity')), ageColumn()],
  row(obj, now) {
    return [nameOf(obj), optStr(at(obj.spec, 'holderIdentity')) ?? '', ageOf(obj, now)];
  },
};

/** CONTROLLER: `kind.group/name` of the controlling owner, lower-cased kind, or `<none>`. */
function controllerOf(obj: KubeObject): string {
  const ref = (obj.metadata?.ownerReferences ?? []).find((o) => o['controller'] === true);
  if (!ref) return '<none>';
  const apiVersion = str(ref['apiVersion']);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  const kind = str(ref['kind']);
  const groupKind = group === '' ? kind : `${kind}.${group}`;
  return groupKind === '' ? str(ref['name']) : `${groupKind.toLowerCase()}/${str(ref['name'])}`;
}

export const controllerRevisionPrinter: TablePrinter = {
  columns: [
    nameColumn(),
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', doc('V1ControllerRevision.revision')),
    ageColumn(),
  ],
  row(obj, now) {
    return [nameOf(obj), controllerOf(obj), num(obj['revision']), ageOf(obj, now)];
  },
};
