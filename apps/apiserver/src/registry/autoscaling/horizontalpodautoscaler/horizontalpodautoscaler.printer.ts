import type { KubeObject } from '../../generic/strategy.interface.js';
import { ageColumn, ageOf, column, nameColumn, nameOf } from '../../printers/columns.common.js';
import { quantity } from '../../printers/quantity.format.js';
import { doc } from '../../printers/field.docs.js';
import { isRecord, num, optNum, rec, recs, str, type JsonRecord } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import type { TablePrinter } from '../../printers/table.types.js';
import { hpaV1ToV2 } from './horizontalpodautoscaler.conversion.js';

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

function formatHpaTargets(obj: KubeObject): string {
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
