import { ApiStatusError, keyOf, WorkQueue, type Informer, type KObject, type KubeClient } from '../../../../libs/client/src/index.js';
import { parseQuantity } from '../../../../libs/apimachinery/src/quantity/quantity.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import type { ObjectMeta } from '../shared/types.js';
import { builtinPath, countTarget } from './quota.resources.js';
import { hasScopes, podMatchesScopes, type ScopedSelectorRequirement } from './quota.scopes.js';
import { formatQuantity, podCountsForQuota, podUsage, sumUsage, type ResourceList } from './quota.usage.js';
import type { Pod } from '../shared/types.js';

interface ResourceQuota {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  spec?: { hard?: Record<string, string>; scopes?: string[]; scopeSelector?: { matchExpressions?: ScopedSelectorRequirement[] } };
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
  [k: string]: unknown;
}

interface Counted extends KObject {
  metadata: ObjectMeta;
  spec?: { type?: string; ports?: Array<{ nodePort?: number }>; resources?: { requests?: Record<string, string> } };
  status?: { phase?: string };
}

const POD_KEY = /^(pods|count\/pods|cpu|memory|ephemeral-storage|requests\..+|limits\..+)$/;

/**
 * Upstream's resourcequota-controller, the usage half: status.hard mirrors spec.hard and status.used
 * is recomputed from informer caches for every hard key whenever something it counts changes in the
 * quota's namespace. Enforcement (rejecting a create over the limit) belongs to the apiserver's
 * ResourceQuota admission plugin, which reads this status.
 */
export class ResourceQuotaController implements Controller {
  readonly name = 'resourcequota';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly quotas: Informer<ResourceQuota>;
  /** collection path → its informer, started on first use by a quota */
  private readonly counted = new Map<string, Informer<Counted>>();
  /** group → preferred version, from discovery, for count/<resource>.<group> beyond the built-ins */
  private readonly groupVersions = new Map<string, string>();

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.quotas = ctx.informers.informer<ResourceQuota>('/api/v1/resourcequotas');
    const q = (x: ResourceQuota): void => this.queue.add(keyOf(x));
    this.quotas.on('add', q).on('update', q);
    // Pods are shared with other controllers; the rest are watched only once a quota counts them.
    this.source('/api/v1/pods');
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private source(path: string): Informer<Counted> {
    let inf = this.counted.get(path);
    if (inf) return inf;
    inf = this.ctx.informers.informer<Counted>(path);
    this.counted.set(path, inf);
    const changed = (o: Counted): void => {
      for (const quota of this.quotas.list()) if (quota.metadata.namespace === o.metadata.namespace) this.queue.add(keyOf(quota));
    };
    inf.on('add', changed).on('update', changed).on('delete', changed);
    return inf;
  }

  /** The synced informer for a collection, or undefined while it starts (the quota is requeued). */
  private async synced(path: string): Promise<Informer<Counted>> {
    const inf = this.source(path);
    if (!inf.hasSynced) await this.ctx.informers.start();
    return inf;
  }

  private async pathFor(key: string): Promise<string | undefined> {
    const t = countTarget(key);
    if (!t) return undefined;
    const known = builtinPath(t);
    if (known || !t.group) return known;
    let gv = this.groupVersions.get(t.group);
    if (!gv) {
      try {
        const g = await this.client.get<{ preferredVersion?: { groupVersion?: string } }>(`/apis/${t.group}`);
        gv = g.preferredVersion?.groupVersion;
      } catch (e) {
        if (e instanceof ApiStatusError && e.code === 404) return undefined;
        throw e;
      }
      if (!gv) return undefined;
      this.groupVersions.set(t.group, gv);
    }
    return `/apis/${gv}/${t.resource}`;
  }

  private async sync(key: string): Promise<void> {
    const cached = this.quotas.get(key);
    if (!cached) return;
    const ns = cached.metadata.namespace ?? '';
    const hard = cached.spec?.hard ?? {};
    const scopes = cached.spec?.scopes ?? [];
    const selector = cached.spec?.scopeSelector?.matchExpressions ?? [];
    const inNs = (i: Informer<Counted>): Counted[] => i.list().filter((o) => o.metadata.namespace === ns);
    const used: Record<string, string> = {};
    let podTotals: ResourceList | undefined;
    for (const k of Object.keys(hard)) {
      if (POD_KEY.test(k)) {
        if (!podTotals) {
          const pods = inNs(await this.synced('/api/v1/pods')) as Pod[];
          podTotals = sumUsage(pods.filter((p) => podCountsForQuota(p) && podMatchesScopes(p, scopes, selector)).map(podUsage));
        }
        used[k] = formatQuantity(podTotals.get(k));
        continue;
      }
      // Scoped quotas track pods only (upstream: other evaluators match no scopes).
      if (hasScopes(scopes, selector)) continue;
      if (k === 'services.loadbalancers' || k === 'services.nodeports') {
        const svcs = inNs(await this.synced('/api/v1/services'));
        const n =
          k === 'services.loadbalancers'
            ? svcs.filter((s) => s.spec?.type === 'LoadBalancer').length
            : svcs
                .filter((s) => s.spec?.type === 'NodePort' || s.spec?.type === 'LoadBalancer')
                .reduce((m, s) => m + (s.spec?.ports ?? []).filter((p) => p.nodePort).length, 0);
        used[k] = String(n);
        continue;
      }
      if (k === 'requests.storage') {
        const pvcs = inNs(await this.synced('/api/v1/persistentvolumeclaims'));
        const total = sumUsage(
          pvcs.map(
            (p) =>
              new Map(
                Object.entries(p.spec?.resources?.requests ?? {})
                  .filter(([r]) => r === 'storage')
                  .map(([, v]) => ['storage', parseQuantity(v)]),
              ),
          ),
        );
        used[k] = formatQuantity(total.get('storage'));
        continue;
      }
      const path = await this.pathFor(k);
      if (!path) continue;
      used[k] = String(inNs(await this.synced(path)).length);
    }
    const status = { hard: { ...hard }, used };
    if (semanticEqual(cached.status, status)) return;
    try {
      await this.client.request('PUT', `/api/v1/namespaces/${ns}/resourcequotas/${cached.metadata.name}/status`, {
        body: { ...structuredClone(cached), apiVersion: 'v1', kind: 'ResourceQuota', status },
      });
    } catch (e) {
      if (e instanceof ApiStatusError && e.code === 404) return;
      throw e; // 409: our cache was behind; the retry recomputes
    }
  }
}
