import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../../generic/strategy.interface.js';
import type { VersionConverter } from '../../generic/version.converter.js';
import { defaultScalingRules } from './horizontalpodautoscaler.strategy.js';

/**
 * autoscaling/v1 ⇄ autoscaling/v2 HorizontalPodAutoscaler, after upstream's
 * pkg/apis/autoscaling/v1/conversion.go. One object is stored (as v2, upstream's storage version);
 * v1 sees the CPU utilization target and keeps everything it cannot express in annotations so a
 * v1 read-modify-write loses nothing: the other metrics, the current metrics, the conditions and
 * the scaling behavior.
 */
type J = Record<string, unknown>;

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
const ROUND_TRIP = [METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR];
/** autoscaling.DefaultCPUUtilization: the target a v1 HPA without one gets. */
const DEFAULT_CPU_UTILIZATION = 80;

const rec = (v: unknown): J => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as J) : {});
const recs = (v: unknown): J[] => (Array.isArray(v) ? v.map(rec) : []);
const opt = (v: unknown): J | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as J) : undefined);
/** Drops undefined members, as Go's omitempty does for nil pointers. */
function clean(o: J): J {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
/** A resource.Quantity that Go serializes even when zero. */
const quantity = (v: unknown): unknown => v ?? '0';

const isCpu = (m: J): boolean => m['type'] === 'Resource' && rec(m['resource'])['name'] === 'cpu';

// ---- metric sources and statuses: v2 shape ⇄ v1 (v2beta1-style) shape in the annotations ----

function metricSpecToV1(m: J): J {
  const out: J = { type: m['type'] };
  const target = (s: J): J => rec(s['target']);
  const metric = (s: J): J => rec(s['metric']);
  if (opt(m['object'])) {
    const s = rec(m['object']);
    out['object'] = clean({
      target: s['describedObject'],
      metricName: metric(s)['name'],
      targetValue: quantity(target(s)['value']),
      selector: metric(s)['selector'],
      averageValue: target(s)['averageValue'],
    });
  }
  if (opt(m['pods'])) {
    const s = rec(m['pods']);
    out['pods'] = clean({
      metricName: metric(s)['name'],
      targetAverageValue: quantity(target(s)['averageValue']),
      selector: metric(s)['selector'],
    });
  }
  if (opt(m['resource'])) {
    const s = rec(m['resource']);
    out['resource'] = clean({
      name: s['name'],
      targetAverageUtilization: target(s)['averageUtilization'],
      targetAverageValue: target(s)['averageValue'],
    });
  }
  if (opt(m['containerResource'])) {
    const s = rec(m['containerResource']);
    out['containerResource'] = clean({
      name: s['name'],
      targetAverageUtilization: target(s)['averageUtilization'],
      targetAverageValue: target(s)['averageValue'],
      container: s['container'],
    });
  }
  if (opt(m['external'])) {
    const s = rec(m['external']);
    out['external'] = clean({
      metricName: metric(s)['name'],
      metricSelector: metric(s)['selector'],
      targetValue: target(s)['value'],
      targetAverageValue: target(s)['averageValue'],
    });
  }
  return out;
}

function metricSpecFromV1(m: J): J {
  const out: J = { type: m['type'] };
  if (opt(m['object'])) {
    const s = rec(m['object']);
    out['object'] = {
      describedObject: s['target'],
      target: clean({
        type: s['averageValue'] === undefined ? 'Value' : 'AverageValue',
        value: s['targetValue'],
        averageValue: s['averageValue'],
      }),
      metric: clean({ name: s['metricName'], selector: s['selector'] }),
    };
  }
  if (opt(m['pods'])) {
    const s = rec(m['pods']);
    out['pods'] = {
      metric: clean({ name: s['metricName'], selector: s['selector'] }),
      target: clean({ type: 'AverageValue', averageValue: s['targetAverageValue'] }),
    };
  }
  const resourceTarget = (s: J): J =>
    clean({
      type: s['targetAverageUtilization'] === undefined ? 'AverageValue' : 'Utilization',
      averageUtilization: s['targetAverageUtilization'],
      averageValue: s['targetAverageValue'],
    });
  if (opt(m['resource'])) {
    const s = rec(m['resource']);
    out['resource'] = { name: s['name'], target: resourceTarget(s) };
  }
  if (opt(m['containerResource'])) {
    const s = rec(m['containerResource']);
    out['containerResource'] = { name: s['name'], target: resourceTarget(s), container: s['container'] };
  }
  if (opt(m['external'])) {
    const s = rec(m['external']);
    out['external'] = {
      metric: clean({ name: s['metricName'], selector: s['metricSelector'] }),
      target: clean({
        type: s['targetValue'] === undefined ? 'AverageValue' : 'Value',
        value: s['targetValue'],
        averageValue: s['targetAverageValue'],
      }),
    };
  }
  return out;
}

function metricStatusToV1(m: J): J {
  const out: J = { type: m['type'] };
  const current = (s: J): J => rec(s['current']);
  const metric = (s: J): J => rec(s['metric']);
  if (opt(m['object'])) {
    const s = rec(m['object']);
    out['object'] = clean({
      target: s['describedObject'],
      metricName: metric(s)['name'],
      currentValue: quantity(current(s)['value']),
      selector: metric(s)['selector'],
      averageValue: current(s)['averageValue'],
    });
  }
  if (opt(m['pods'])) {
    const s = rec(m['pods']);
    out['pods'] = clean({
      metricName: metric(s)['name'],
      currentAverageValue: quantity(current(s)['averageValue']),
      selector: metric(s)['selector'],
    });
  }
  if (opt(m['resource'])) {
    const s = rec(m['resource']);
    out['resource'] = clean({
      name: s['name'],
      currentAverageUtilization: current(s)['averageUtilization'],
      currentAverageValue: quantity(current(s)['averageValue']),
    });
  }
  if (opt(m['containerResource'])) {
    const s = rec(m['containerResource']);
    out['containerResource'] = clean({
      name: s['name'],
      currentAverageUtilization: current(s)['averageUtilization'],
      currentAverageValue: quantity(current(s)['averageValue']),
      container: s['container'],
    });
  }
  if (opt(m['external'])) {
    const s = rec(m['external']);
    out['external'] = clean({
      metricName: metric(s)['name'],
      metricSelector: metric(s)['selector'],
      currentValue: quantity(current(s)['value']),
      currentAverageValue: current(s)['averageValue'],
    });
  }
  return out;
}

function metricStatusFromV1(m: J): J {
  const out: J = { type: m['type'] };
  if (opt(m['object'])) {
    const s = rec(m['object']);
    out['object'] = {
      metric: clean({ name: s['metricName'], selector: s['selector'] }),
      current: clean({ value: s['currentValue'], averageValue: s['averageValue'] }),
      describedObject: s['target'],
    };
  }
  if (opt(m['pods'])) {
    const s = rec(m['pods']);
    out['pods'] = {
      metric: clean({ name: s['metricName'], selector: s['selector'] }),
      current: clean({ averageValue: s['currentAverageValue'] }),
    };
  }
  if (opt(m['resource'])) {
    const s = rec(m['resource']);
    out['resource'] = {
      name: s['name'],
      current: clean({ averageValue: s['currentAverageValue'], averageUtilization: s['currentAverageUtilization'] }),
    };
  }
  if (opt(m['containerResource'])) {
    const s = rec(m['containerResource']);
    out['containerResource'] = {
      name: s['name'],
      current: clean({ averageValue: s['currentAverageValue'], averageUtilization: s['currentAverageUtilization'] }),
      container: s['container'],
    };
  }
  if (opt(m['external'])) {
    const s = rec(m['external']);
    out['external'] = {
      metric: clean({ name: s['metricName'], selector: s['metricSelector'] }),
      current: clean({ value: s['currentValue'], averageValue: s['currentAverageValue'] }),
    };
  }
  return out;
}

// ---- behavior: upstream marshals its internal type, so the annotation has Go field names ----

function rulesToAnnotation(r: unknown): J | null {
  const s = opt(r);
  if (!s) return null;
  return {
    StabilizationWindowSeconds: s['stabilizationWindowSeconds'] ?? null,
    SelectPolicy: s['selectPolicy'] ?? null,
    Policies: Array.isArray(s['policies'])
      ? recs(s['policies']).map((p) => ({ Type: p['type'], Value: p['value'], PeriodSeconds: p['periodSeconds'] }))
      : null,
  };
}

/** encoding/json matches keys case-insensitively. */
function field(o: J, name: string): unknown {
  const k = Object.keys(o).find((key) => key.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : o[k];
}

/** The annotation's rules (Go field names) in v2 JSON, defaulted as v2 defaults a set behavior. */
function rulesFromAnnotation(v: unknown): J | undefined {
  const s = opt(v);
  if (!s) return undefined;
  const policies = field(s, 'Policies');
  return clean({
    stabilizationWindowSeconds: field(s, 'StabilizationWindowSeconds') ?? undefined,
    selectPolicy: field(s, 'SelectPolicy') ?? undefined,
    policies: Array.isArray(policies)
      ? recs(policies).map((p) => ({ type: field(p, 'Type'), value: field(p, 'Value'), periodSeconds: field(p, 'PeriodSeconds') }))
      : undefined,
  });
}

function parseAnnotation(annotations: Record<string, string>, key: string): unknown {
  const text = annotations[key];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ApiError.badRequest(
      `HorizontalPodAutoscaler in version "v1" cannot be handled as a HorizontalPodAutoscaler: annotation ${key} is not valid JSON`,
    );
  }
}

function withAnnotations(meta: unknown, annotations: Record<string, string>): J {
  const m = { ...rec(meta) };
  if (Object.keys(annotations).length > 0) m['annotations'] = annotations;
  else delete m['annotations'];
  return m;
}

function withoutRoundTrip(meta: unknown): Record<string, string> {
  const out = { ...(rec(rec(meta)['annotations']) as Record<string, string>) };
  for (const k of ROUND_TRIP) delete out[k];
  return out;
}

// ---- whole objects ----

export function hpaV2ToV1(obj: KubeObject): KubeObject {
  const spec = rec(obj.spec);
  const status = rec(obj.status);
  const metrics = recs(spec['metrics']);
  const annotations = withoutRoundTrip(obj.metadata);

  const others = metrics.filter((m) => !(isCpu(m) && rec(rec(m['resource'])['target'])['averageUtilization'] !== undefined));
  if (others.length > 0) annotations[METRICS] = JSON.stringify(others.map(metricSpecToV1));
  const currentMetrics = recs(status['currentMetrics']);
  if (currentMetrics.length > 0) annotations[CURRENT_METRICS] = JSON.stringify(currentMetrics.map(metricStatusToV1));
  const conditions = recs(status['conditions']);
  if (conditions.length > 0) {
    annotations[CONDITIONS] = JSON.stringify(
      conditions.map((c) =>
        clean({
          type: c['type'],
          status: c['status'],
          lastTransitionTime: c['lastTransitionTime'],
          reason: c['reason'],
          message: c['message'],
        }),
      ),
    );
  }
  const behavior = opt(spec['behavior']);
  if (behavior)
    annotations[BEHAVIOR] = JSON.stringify({
      ScaleUp: rulesToAnnotation(behavior['scaleUp']),
      ScaleDown: rulesToAnnotation(behavior['scaleDown']),
    });

  // The first CPU resource metric gives the v1 target (when it is a utilization).
  const cpu = metrics.find(isCpu);
  const cpuCurrent = currentMetrics
    .filter((m) => isCpu(m) && rec(rec(m['resource'])['current'])['averageUtilization'] !== undefined)
    .at(-1);
  const { spec: _spec, status: _status, metadata, ...rest } = obj;
  const out: KubeObject = {
    ...rest,
    apiVersion: 'autoscaling/v1',
    metadata: withAnnotations(metadata, annotations),
    spec: clean({
      scaleTargetRef: spec['scaleTargetRef'],
      minReplicas: spec['minReplicas'],
      maxReplicas: spec['maxReplicas'],
      targetCPUUtilizationPercentage: cpu ? rec(rec(cpu['resource'])['target'])['averageUtilization'] : undefined,
    }),
    // v1's currentReplicas and desiredReplicas are not omitempty.
    status: clean({
      observedGeneration: status['observedGeneration'],
      lastScaleTime: status['lastScaleTime'],
      currentReplicas: status['currentReplicas'] ?? 0,
      desiredReplicas: status['desiredReplicas'] ?? 0,
      currentCPUUtilizationPercentage: cpuCurrent ? rec(rec(cpuCurrent['resource'])['current'])['averageUtilization'] : undefined,
    }),
  };
  return out;
}

export function hpaV1ToV2(obj: KubeObject): KubeObject {
  const spec = rec(obj.spec);
  const status = opt(obj.status);
  const stored = rec(rec(obj.metadata)['annotations']) as Record<string, string>;
  const annotations = withoutRoundTrip(obj.metadata);

  const others = parseAnnotation(stored, METRICS);
  const metrics = recs(others).map(metricSpecFromV1);
  const target = spec['targetCPUUtilizationPercentage'];
  if (target !== undefined && target !== null) {
    metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });
  }
  // v1 used to default the CPU target in the controller; it is explicit from v2 on.
  if (metrics.length === 0) {
    metrics.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } },
    });
  }
  const behaviorAnnotation = parseAnnotation(stored, BEHAVIOR);
  const behavior =
    behaviorAnnotation === undefined
      ? undefined
      : {
          scaleUp: defaultScalingRules(rulesFromAnnotation(field(rec(behaviorAnnotation), 'ScaleUp')), true),
          scaleDown: defaultScalingRules(rulesFromAnnotation(field(rec(behaviorAnnotation), 'ScaleDown')), false),
        };

  const { spec: _spec, status: _status, metadata, ...rest } = obj;
  const out: KubeObject = {
    ...rest,
    apiVersion: 'autoscaling/v2',
    metadata: withAnnotations(metadata, annotations),
    spec: clean({
      scaleTargetRef: spec['scaleTargetRef'],
      minReplicas: spec['minReplicas'],
      maxReplicas: spec['maxReplicas'],
      metrics,
      behavior,
    }),
  };
  if (status) {
    const current = parseAnnotation(stored, CURRENT_METRICS);
    const cpu = status['currentCPUUtilizationPercentage'];
    const currentMetrics =
      current !== undefined
        ? recs(current).map(metricStatusFromV1)
        : cpu !== undefined && cpu !== null
          ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }]
          : undefined;
    const conditions = parseAnnotation(stored, CONDITIONS);
    out.status = clean({
      observedGeneration: status['observedGeneration'],
      lastScaleTime: status['lastScaleTime'],
      currentReplicas: status['currentReplicas'],
      desiredReplicas: status['desiredReplicas'],
      currentMetrics,
      conditions: conditions === undefined ? undefined : recs(conditions),
    });
  }
  return out;
}

/** Stored as autoscaling/v2, served as autoscaling/v1 too. */
export const horizontalPodAutoscalerConversion = {
  storageVersion: 'autoscaling/v2',
  convert(obj: KubeObject, to: string): KubeObject {
    const from = obj.apiVersion ?? 'autoscaling/v2';
    if (from === to) return obj;
    if (from === 'autoscaling/v1' && to === 'autoscaling/v2') return hpaV1ToV2(obj);
    if (from === 'autoscaling/v2' && to === 'autoscaling/v1') return hpaV2ToV1(obj);
    throw ApiError.badRequest(`no conversion from ${from} to ${to} for HorizontalPodAutoscaler`);
  },
} satisfies VersionConverter;
