import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';

type J = Record<string, unknown>;
const rec = (v: unknown): J | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as J) : undefined);

/**
 * One direction's scaling rules with upstream's defaults filled in (pkg/apis/autoscaling/v2
 * GenerateHPAScaleUpRules / GenerateHPAScaleDownRules): scale up at most 4 pods or 100% per 15 s
 * without stabilization; scale down 100% per 15 s after 300 s of stabilization; the Max policy.
 */
export function defaultScalingRules(rules: J | undefined, up: boolean): J {
  const r = rules ?? {};
  const policies = up
    ? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ]
    : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  return {
    ...r,
    stabilizationWindowSeconds: r['stabilizationWindowSeconds'] ?? (up ? 0 : 300),
    selectPolicy: r['selectPolicy'] ?? 'Max',
    policies: Array.isArray(r['policies']) ? r['policies'] : policies,
  };
}

/** Defaults of both served versions (autoscaling/v1 and v2 SetDefaults_HorizontalPodAutoscaler). */
export const horizontalPodAutoscalerStrategy = {
  applyDefaults(obj: KubeObject): void {
    const spec = rec(obj.spec);
    if (!spec) return;
    spec['minReplicas'] ??= 1;
    if (obj.apiVersion !== 'autoscaling/v2') return;
    if (!Array.isArray(spec['metrics']) || spec['metrics'].length === 0) {
      spec['metrics'] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    }
    const behavior = rec(spec['behavior']);
    if (behavior) {
      behavior['scaleUp'] = defaultScalingRules(rec(behavior['scaleUp']), true);
      behavior['scaleDown'] = defaultScalingRules(rec(behavior['scaleDown']), false);
    }
  },
} satisfies ResourceStrategy;
