import { LabelRequirement } from '../../../../libs/apimachinery/src/labels/label-requirement.model.js';
import { labelSetMatches } from '../../../../libs/apimachinery/src/labels/label-selector.matcher.js';
import { LabelSelector, type Labels } from '../../../../libs/apimachinery/src/labels/label-selector.model.js';
import type { LabelSelector as LabelSelectorStruct, Pod } from '../api/core.types.js';
import { selectorOf } from '../framework/affinity.terms.js';
import type { ClusterLister } from '../framework/plugin.types.js';
import type { ClusterCache } from './cluster.cache.js';
import type { NodeInfo } from './node.info.js';

/** The few fields of Namespaces, Services and workload controllers the plugins read. */
export interface ListedObject {
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: { selector?: Record<string, string> | LabelSelectorStruct | null };
  [k: string]: unknown;
}

type Kind = 'namespaces' | 'services' | 'replicationcontrollers' | 'replicasets' | 'statefulsets';

const CONTROLLER_KINDS: Readonly<Record<string, Kind>> = {
  'v1/ReplicationController': 'replicationcontrollers',
  'apps/v1/ReplicaSet': 'replicasets',
  'apps/v1/StatefulSet': 'statefulsets',
};

/**
 * What the plugins see of the cluster: the node cache plus small indexes of namespaces (labels for
 * namespaceSelector) and of the objects that select pods for the default spreading constraints,
 * fed by informers (upstream's SharedLister and informer listers).
 */
export class ClusterListerImpl implements ClusterLister {
  private readonly objects: Record<Kind, Map<string, ListedObject>> = {
    namespaces: new Map(),
    services: new Map(),
    replicationcontrollers: new Map(),
    replicasets: new Map(),
    statefulsets: new Map(),
  };
  /** Services per namespace, so a pod's lookup does not scan the whole cluster. */
  private readonly servicesByNs = new Map<string, Map<string, ListedObject>>();

  constructor(private readonly cache: ClusterCache) {}

  set(kind: Kind, obj: ListedObject): void {
    const key = obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
    this.objects[kind].set(key, obj);
    if (kind === 'services') {
      const ns = obj.metadata.namespace ?? '';
      let m = this.servicesByNs.get(ns);
      if (!m) this.servicesByNs.set(ns, (m = new Map()));
      m.set(obj.metadata.name, obj);
    }
  }

  delete(kind: Kind, obj: ListedObject): void {
    const key = obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
    this.objects[kind].delete(key);
    if (kind === 'services') this.servicesByNs.get(obj.metadata.namespace ?? '')?.delete(obj.metadata.name);
  }

  nodes(): readonly NodeInfo[] {
    return this.cache.nodes();
  }

  namespaceLabels(namespace: string): Labels | undefined {
    const ns = this.objects.namespaces.get(namespace);
    return ns ? (ns.metadata.labels ?? {}) : undefined;
  }

  defaultSelector(pod: Pod): LabelSelector {
    const labels = pod.metadata.labels ?? {};
    const set: Record<string, string> = {};
    for (const svc of this.servicesByNs.get(pod.metadata.namespace)?.values() ?? []) {
      const sel = svc.spec?.selector as Record<string, string> | null | undefined;
      if (sel && Object.keys(sel).length > 0 && labelSetMatches(sel, labels)) Object.assign(set, sel);
    }
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller === true);
    const kind = owner ? CONTROLLER_KINDS[`${owner.apiVersion}/${owner.kind}`] : undefined;
    const controller = kind && owner ? this.objects[kind].get(`${pod.metadata.namespace}/${owner.name}`) : undefined;
    if (kind === 'replicationcontrollers' && controller?.spec?.selector)
      Object.assign(set, controller.spec.selector as Record<string, string>);
    const reqs = Object.entries(set).map(([k, v]) => new LabelRequirement(k, '=', [v]));
    if ((kind === 'replicasets' || kind === 'statefulsets') && controller) {
      const own = selectorOf(controller.spec?.selector as LabelSelectorStruct | null | undefined);
      reqs.push(...own.requirements);
    }
    return LabelSelector.of(reqs);
  }

  podsWithRequiredAntiAffinity(): number {
    return this.cache.podsWithRequiredAntiAffinity();
  }

  hasNominatedPods(): boolean {
    return this.cache.hasNominatedPods();
  }

  nominatedPods(nodeName: string): ReadonlyMap<string, Pod> | undefined {
    return this.cache.nominatedPods(nodeName);
  }
}
