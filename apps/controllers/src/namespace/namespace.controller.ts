import { ApiStatusError, WorkQueue, type Informer, type KObject } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import type { Condition, ObjectMeta } from '../shared/types.js';
import { nowIso } from '../shared/types.js';
import { collectionPath, discoverResources, type DiscoveredResource } from './resource.discovery.js';

interface Namespace {
  metadata: ObjectMeta;
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: Condition[] };
}

const FINALIZER = 'kubernetes';

/**
 * Empties a terminating namespace, then releases its `kubernetes` finalizer so the apiserver can
 * remove it (upstream pkg/controller/namespace/deletion). Progress is written as the upstream
 * namespace conditions so `kubectl describe ns` explains what is still holding it.
 */
export class NamespaceController implements Controller {
  readonly name = 'namespace';
  private readonly queue = new WorkQueue(500, 30_000);
  private readonly namespaces: Informer<Namespace & KObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.namespaces = ctx.informers.informer<Namespace & KObject>('/api/v1/namespaces');
    const enqueue = (ns: Namespace) => {
      if (ns.metadata.deletionTimestamp) this.queue.add(ns.metadata.name ?? '');
    };
    this.namespaces.on('add', enqueue).on('update', enqueue);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async sync(name: string): Promise<void> {
    const ns = this.namespaces.get(name);
    if (!ns?.metadata.deletionTimestamp || !(ns.spec?.finalizers ?? []).includes(FINALIZER)) return;
    const { resources, failed } = await discoverResources(this.ctx.client);
    const deletable = resources
      .filter((r) => r.namespaced && r.verbs.includes('list') && (r.verbs.includes('delete') || r.verbs.includes('deletecollection')))
      // Pods first, as upstream: they start terminating before what they use (secrets, service accounts) is gone.
      .sort((a, b) => Number(b.resource === 'pods') - Number(a.resource === 'pods'));
    const conditions: Array<Omit<Condition, 'lastTransitionTime'>> = [];
    conditions.push(
      failed.size
        ? {
            type: 'NamespaceDeletionDiscoveryFailure',
            status: 'True',
            reason: 'DiscoveryFailed',
            message: `Discovery failed for some groups, ${failed.size} failing: ${[...failed].map(([gv, m]) => `${gv}: ${m}`).join(', ')}`,
          }
        : {
            type: 'NamespaceDeletionDiscoveryFailure',
            status: 'False',
            reason: 'ResourcesDiscovered',
            message: 'All resources successfully discovered',
          },
      {
        type: 'NamespaceDeletionGroupVersionParsingFailure',
        status: 'False',
        reason: 'ParsedGroupVersions',
        message: 'All legacy kube types successfully parsed',
      },
    );
    const deleteErrors: string[] = [];
    for (const r of deletable) {
      try {
        await this.deleteAll(r, name);
      } catch (e) {
        deleteErrors.push(
          `${r.resource}${r.groupVersion.includes('/') ? '.' + r.groupVersion.split('/')[0] : ''}: ${(e as Error).message}`,
        );
      }
    }
    conditions.push(
      deleteErrors.length
        ? {
            type: 'NamespaceDeletionContentFailure',
            status: 'True',
            reason: 'ContentDeletionFailed',
            message: `Failed to delete all resource types, ${deleteErrors.length} remaining: ${deleteErrors.join(', ')}`,
          }
        : {
            type: 'NamespaceDeletionContentFailure',
            status: 'False',
            reason: 'ContentDeleted',
            message: 'All content successfully deleted, may be waiting on finalization',
          },
    );
    const remaining = await this.remaining(deletable, name);
    conditions.push(
      remaining.counts.length
        ? {
            type: 'NamespaceContentRemaining',
            status: 'True',
            reason: 'SomeResourcesRemain',
            message: `Some resources are remaining: ${remaining.counts.join(', ')}`,
          }
        : { type: 'NamespaceContentRemaining', status: 'False', reason: 'ContentRemoved', message: 'All content successfully removed' },
      remaining.finalizers.length
        ? {
            type: 'NamespaceFinalizersRemaining',
            status: 'True',
            reason: 'SomeFinalizersRemain',
            message: `Some content in the namespace has finalizers remaining: ${remaining.finalizers.join(', ')}`,
          }
        : {
            type: 'NamespaceFinalizersRemaining',
            status: 'False',
            reason: 'ContentHasNoFinalizers',
            message: 'All content-preserving finalizers finished',
          },
    );
    await this.writeConditions(ns, conditions);
    if (failed.size || deleteErrors.length || remaining.counts.length) {
      // Content still going away (graceful pods, finalizers): look again shortly.
      this.queue.addAfter(name, 1000);
      return;
    }
    try {
      await this.ctx.client.request('PUT', `/api/v1/namespaces/${name}/finalize`, {
        body: {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name, resourceVersion: ns.metadata.resourceVersion },
          spec: { finalizers: (ns.spec?.finalizers ?? []).filter((f) => f !== FINALIZER) },
        },
      });
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
    }
  }

  private async deleteAll(r: DiscoveredResource, ns: string): Promise<void> {
    const path = collectionPath(r, ns);
    if (r.verbs.includes('deletecollection')) {
      await this.ctx.client.request('DELETE', path, { body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' } });
      return;
    }
    const list = await this.ctx.client.get<{ items: KObject[] }>(path);
    for (const o of list.items) {
      await this.ctx.client.request('DELETE', `${path}/${o.metadata?.name}`).catch((e: unknown) => {
        if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
      });
    }
  }

  private async remaining(resources: DiscoveredResource[], ns: string): Promise<{ counts: string[]; finalizers: string[] }> {
    const counts: string[] = [];
    const byFinalizer = new Map<string, number>();
    for (const r of resources) {
      const list = await this.ctx.client
        .get<{ items: Array<{ metadata?: { finalizers?: string[] } }> }>(collectionPath(r, ns))
        .catch(() => ({ items: [] }));
      if (!list.items.length) continue;
      const group = r.groupVersion.includes('/') ? r.groupVersion.split('/')[0] : '';
      counts.push(`${group ? `${r.resource}.${group}` : r.resource} has ${list.items.length} resource instances`);
      for (const o of list.items) for (const f of o.metadata?.finalizers ?? []) byFinalizer.set(f, (byFinalizer.get(f) ?? 0) + 1);
    }
    return { counts, finalizers: [...byFinalizer].map(([f, n]) => `${f} in ${n} resource instances`) };
  }

  private async writeConditions(ns: Namespace, wanted: Array<Omit<Condition, 'lastTransitionTime'>>): Promise<void> {
    const old = ns.status?.conditions ?? [];
    const now = nowIso();
    const merged: Condition[] = wanted.map((c) => {
      const prev = old.find((o) => o.type === c.type);
      return { ...c, lastTransitionTime: prev && prev.status === c.status ? (prev.lastTransitionTime ?? now) : now };
    });
    const same = merged.every((c) =>
      old.some((o) => o.type === c.type && o.status === c.status && o.reason === c.reason && o.message === c.message),
    );
    if (same && old.length === merged.length) return;
    await this.ctx.client
      .request('PATCH', `/api/v1/namespaces/${ns.metadata.name}/status`, {
        contentType: 'application/merge-patch+json',
        body: { status: { conditions: merged } },
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
      });
  }
}
