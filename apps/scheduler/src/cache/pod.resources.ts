import type { Pod } from '../api/core.types.js';
import { affinityTermsOf, hasPodAffinity } from '../framework/affinity.terms.js';
import type { PodResources } from './node.info.js';
import { podRequests } from './resource.js';

/** Everything the plugins need from a pod that sits on a node, computed once. */
export function podResources(pod: Pod): PodResources {
  return {
    pod,
    requested: podRequests(pod),
    nonZeroRequested: podRequests(pod, true),
    affinity: hasPodAffinity(pod) ? affinityTermsOf(pod) : undefined,
  };
}
