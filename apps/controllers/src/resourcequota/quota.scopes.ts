import { isBestEffort } from './quota.usage.js';
import type { Pod } from '../shared/types.js';

export interface ScopedSelectorRequirement {
  scopeName: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

/** Whether a pod falls in every scope of the quota (spec.scopes and spec.scopeSelector), as upstream's podMatchesScopeFunc. */
export function podMatchesScopes(pod: Pod, scopes: string[], selector: ScopedSelectorRequirement[]): boolean {
  const terminating = pod.spec?.activeDeadlineSeconds !== undefined && pod.spec.activeDeadlineSeconds >= 0;
  const reqs: ScopedSelectorRequirement[] = [...scopes.map((s) => ({ scopeName: s, operator: 'Exists' as const })), ...selector];
  return reqs.every((r) => {
    switch (r.scopeName) {
      case 'Terminating':
        return terminating;
      case 'NotTerminating':
        return !terminating;
      case 'BestEffort':
        return isBestEffort(pod);
      case 'NotBestEffort':
        return !isBestEffort(pod);
      case 'PriorityClass': {
        const pc = pod.spec?.priorityClassName ?? '';
        const has = pc !== '';
        switch (r.operator) {
          case 'Exists':
            return has;
          case 'DoesNotExist':
            return !has;
          case 'In':
            return has && (r.values ?? []).includes(pc);
          case 'NotIn':
            return !has || !(r.values ?? []).includes(pc);
        }
        return false;
      }
      default:
        return false;
    }
  });
}

/** Scopes only narrow pod usage; object counts are never scoped (upstream evaluators' MatchingScopes). */
export function hasScopes(scopes: string[], selector: ScopedSelectorRequirement[]): boolean {
  return scopes.length > 0 || selector.length > 0;
}
