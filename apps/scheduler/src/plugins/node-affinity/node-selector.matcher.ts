import {
  matchAnyNodeSelectorTerm,
  matchesRequiredNodeAffinity as specMatches,
  matchNodeSelectorTerm,
} from '../../../../../libs/apimachinery/src/labels/node-selector.matcher.js';
import type { Node, NodeSelectorTerm, Pod } from '../../api/core.types.js';

/** One term: every expression on labels and every field must match; an empty term matches nothing. */
export function matchTerm(term: NodeSelectorTerm, node: Node): boolean {
  return matchNodeSelectorTerm(term, node);
}

/** Terms are ORed. */
export function matchAnyTerm(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return matchAnyNodeSelectorTerm(terms, node);
}

/** spec.nodeSelector and required node affinity together. */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
  return specMatches(pod.spec, node);
}
