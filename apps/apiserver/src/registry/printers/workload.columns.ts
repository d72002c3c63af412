import type { KubeObject } from '../generic/strategy.interface.js';
import { at, optNum, rec } from '../../../../../libs/apimachinery/src/json/json.access.js';

/** spec.replicas as stored; v1 defaulting makes an absent value 1. */
export function desired(obj: KubeObject): number {
  return optNum(rec(obj.spec)['replicas']) ?? 1;
}

export function templateSpec(obj: KubeObject): unknown {
  return at(obj.spec, 'template', 'spec');
}
