/** The node-selection part of a pod spec, shared by the scheduler and the DaemonSet controller. */
import type { NodeSelectorRequirement, NodeSelectorTerm } from '../../../api/src/model/core.types.js';

interface NodeLabelsAndName {
  metadata: { name?: string; labels?: Record<string, string> };
}

interface PodNodeConstraints {
  nodeSelector?: Record<string, string>;
  affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] } } };
}

function matchRequirement(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      // Both sides must be integers; anything else never matches (upstream parses with strconv).
      const want = values[0];
      if (value === undefined || values.length !== 1 || want === undefined || !/^-?\d+$/.test(value) || !/^-?\d+$/.test(want)) return false;
      return r.operator === 'Gt' ? Number(value) > Number(want) : Number(value) < Number(want);
    }
    default:
      return false;
  }
}

/** One term: every expression on labels and every field (only metadata.name exists) must match. An empty term matches nothing. */
export function matchNodeSelectorTerm(term: NodeSelectorTerm, node: NodeLabelsAndName): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const r of exprs)
    if (!matchRequirement(r, Object.prototype.hasOwnProperty.call(labels, r.key) ? labels[r.key] : undefined)) return false;
  for (const r of fields) if (r.key !== 'metadata.name' || !matchRequirement(r, node.metadata.name)) return false;
  return true;
}

/** Terms are ORed. */
export function matchAnyNodeSelectorTerm(terms: readonly NodeSelectorTerm[], node: NodeLabelsAndName): boolean {
  for (const t of terms) if (matchNodeSelectorTerm(t, node)) return true;
  return false;
}

/** spec.nodeSelector and required node affinity together (upstream nodeaffinity.GetRequiredNodeAffinity(pod).Match). */
export function matchesRequiredNodeAffinity(spec: PodNodeConstraints, node: NodeLabelsAndName): boolean {
  const labels = node.metadata.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return terms === undefined || matchAnyNodeSelectorTerm(terms, node);
}
