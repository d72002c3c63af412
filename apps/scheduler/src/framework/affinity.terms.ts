import { LabelRequirement } from '../../../../libs/apimachinery/src/labels/label-requirement.model.js';
import { LabelSelector, type Labels } from '../../../../libs/apimachinery/src/labels/label-selector.model.js';
import { labelSelectorFromStruct } from '../../../../libs/apimachinery/src/labels/label-selector.struct.js';
import type { LabelSelector as LabelSelectorStruct, Pod, PodAffinityTerm } from '../api/core.types.js';

/** metav1.LabelSelectorAsSelector; an invalid selector matches nothing (validation should have refused it). */
export function selectorOf(s: LabelSelectorStruct | null | undefined): LabelSelector {
  return labelSelectorFromStruct(s).selector ?? LabelSelector.NOTHING_INSTANCE;
}

/** Adds `key in (pod's value)` for every matchLabelKeys key the pod has (notin for mismatchLabelKeys). */
export function withLabelKeys(
  base: LabelSelector,
  pod: Pod,
  match: readonly string[] = [],
  mismatch: readonly string[] = [],
): LabelSelector {
  const labels = pod.metadata.labels ?? {};
  const extra: LabelRequirement[] = [];
  for (const k of match) if (labels[k] !== undefined) extra.push(new LabelRequirement(k, 'in', [labels[k]]));
  for (const k of mismatch) if (labels[k] !== undefined) extra.push(new LabelRequirement(k, 'notin', [labels[k]]));
  // Nothing (a nil selector) stays Nothing.
  if (extra.length === 0 || (!base.empty && base.requirements.length === 0)) return base;
  return LabelSelector.of([...base.requirements, ...extra]);
}

/**
 * A pod (anti-)affinity term ready to match, as upstream's framework.AffinityTerm: the namespaces
 * it names (the owner's own when it names none and has no namespaceSelector), a namespace
 * selector (nil → nothing, `{}` → every namespace) and the pod label selector.
 */
export class AffinityTerm {
  readonly namespaces: ReadonlySet<string>;
  readonly nsSelector: LabelSelector;
  readonly selector: LabelSelector;
  readonly topologyKey: string;

  constructor(owner: Pod, term: PodAffinityTerm) {
    const names = term.namespaces ?? [];
    this.namespaces = new Set(names.length === 0 && !term.namespaceSelector ? [owner.metadata.namespace] : names);
    this.nsSelector = selectorOf(term.namespaceSelector);
    this.selector = withLabelKeys(selectorOf(term.labelSelector), owner, term.matchLabelKeys, term.mismatchLabelKeys);
    this.topologyKey = term.topologyKey;
  }

  /** Does `pod` (in a namespace labelled `nsLabels`) fall under this term? */
  matches(pod: Pod, nsLabels: Labels | undefined): boolean {
    if (!this.namespaces.has(pod.metadata.namespace) && !this.nsSelector.matches(nsLabels ?? {})) return false;
    return this.selector.matches(pod.metadata.labels);
  }
}

export interface WeightedAffinityTerm {
  readonly term: AffinityTerm;
  readonly weight: number;
}

/** A pod's four kinds of inter-pod terms, parsed once (upstream PodInfo). */
export interface PodAffinityTerms {
  readonly requiredAffinity: readonly AffinityTerm[];
  readonly requiredAntiAffinity: readonly AffinityTerm[];
  readonly preferredAffinity: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedAffinityTerm[];
}

const NONE: PodAffinityTerms = { requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] };

export function hasPodAffinity(pod: Pod): boolean {
  const a = pod.spec.affinity;
  return a !== undefined && (a.podAffinity !== undefined || a.podAntiAffinity !== undefined);
}

export function affinityTermsOf(pod: Pod): PodAffinityTerms {
  if (!hasPodAffinity(pod)) return NONE;
  const a = pod.spec.affinity!;
  const req = (terms: PodAffinityTerm[] | undefined) => (terms ?? []).map((t) => new AffinityTerm(pod, t));
  const pref = (terms: Array<{ weight: number; podAffinityTerm: PodAffinityTerm }> | undefined) =>
    (terms ?? []).filter((t) => t.weight !== 0).map((t) => ({ term: new AffinityTerm(pod, t.podAffinityTerm), weight: t.weight }));
  return {
    requiredAffinity: req(a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinity: req(a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    preferredAffinity: pref(a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinity: pref(a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
  };
}
