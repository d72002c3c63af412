import { ApiStatusError, keyOf, WorkQueue, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { planSlices } from './endpointslice.reconciler.js';
import { SliceTracker } from './endpointslice.tracker.js';
import { serviceSelects } from './pod.endpoint.js';
import {
  MANAGED_BY,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  hasSelector,
  type Pod,
  type EndpointSlice,
  type Node,
  type Service,
} from './service.types.js';

const MAX_ENDPOINTS_PER_SLICE = 100;
/** A pause before a stale service is looked at again (the informer is catching up with our writes). */
const STALE_RETRY_MS = 100;

/**
 * Maintains the EndpointSlices of every Service with a selector (upstream
 * pkg/controller/endpointslice): one port set per slice, at most --max-endpoints-per-slice endpoints
 * each, owned by the Service so the garbage collector removes them with it.
 */
export class EndpointSliceController implements Controller {
  readonly name = 'endpointslice';
  private readonly queue = new WorkQueue();
  private readonly tracker = new SliceTracker();
  private readonly client: KubeClient;
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;
  private readonly nodes: Informer<Node>;
  private readonly slices: Informer<EndpointSlice>;
  private readonly maxPerSlice: number;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.maxPerSlice = ctx.config?.maxEndpointsPerSlice ?? MAX_ENDPOINTS_PER_SLICE;
    this.services = ctx.informers.informer<Service>('/api/v1/services');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    this.nodes = ctx.informers.informer<Node>('/api/v1/nodes');
    this.slices = ctx.informers.informer<EndpointSlice>('/apis/discovery.k8s.io/v1/endpointslices');
    const svc = (s: Service): void => this.queue.add(keyOf(s));
    this.services.on('add', svc).on('update', svc).on('delete', svc);
    this.pods.on('add', (p) => this.podChanged(p));
    this.pods.on('update', (p, old) => this.podChanged(p, old));
    this.pods.on('delete', (p) => this.podChanged(p));
    // A zone label change moves every endpoint on the node; rare enough to resync every service.
    this.nodes.on('update', (n, old) => {
      if (n.metadata.labels?.['topology.kubernetes.io/zone'] !== old?.metadata.labels?.['topology.kubernetes.io/zone'])
        for (const s of this.services.list()) svc(s);
    });
    const slice = (s: EndpointSlice, deleted: boolean): void => {
      const owner = this.serviceKeyOf(s);
      if (!owner) return;
      this.tracker.observed(owner, keyOf(s), deleted ? '' : (s.metadata.resourceVersion ?? ''));
      this.queue.add(owner);
    };
    this.slices
      .on('add', (s) => slice(s, false))
      .on('update', (s) => slice(s, false))
      .on('delete', (s) => slice(s, true));
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private serviceKeyOf(s: EndpointSlice): string | undefined {
    const labels = s.metadata.labels ?? {};
    if (labels[MANAGED_BY_LABEL] !== MANAGED_BY || !labels[SERVICE_NAME_LABEL]) return undefined;
    return `${s.metadata.namespace}/${labels[SERVICE_NAME_LABEL]}`;
  }

  private podChanged(p: Pod, old?: Pod): void {
    for (const s of this.services.list()) {
      if (!hasSelector(s)) continue;
      if (serviceSelects(s, p) || (old && serviceSelects(s, old))) this.queue.add(keyOf(s));
    }
  }

  private async sync(key: string): Promise<void> {
    const svc = this.services.get(key);
    // A deleted service's slices go with it through their ownerReference (garbage collector).
    if (!svc || !hasSelector(svc) || svc.spec?.type === 'ExternalName' || svc.metadata.deletionTimestamp) return;
    if (this.tracker.stale(key)) {
      this.queue.addAfter(key, STALE_RETRY_MS);
      return;
    }
    const ns = svc.metadata.namespace ?? '';
    const pods = this.pods.list().filter((p) => serviceSelects(svc, p));
    const existing = this.slices.list().filter((s) => this.serviceKeyOf(s) === key && s.addressType === 'IPv4' && ownedBy(s, svc));
    const plan = planSlices(svc, pods, (n) => this.nodes.get(n), existing, this.maxPerSlice);
    const base = `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`;
    // Deletes first, then updates, then creates: upstream's order, so a reader never sees an endpoint twice for long.
    await Promise.all(
      plan.delete.map(async (s) => {
        try {
          await this.client.request('DELETE', `${base}/${s.metadata.name}`, {
            body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: s.metadata.uid } },
          });
        } catch (e) {
          if (!(e instanceof ApiStatusError && (e.code === 404 || e.code === 409))) throw e;
        }
        this.tracker.wrote(key, keyOf(s), '');
      }),
    );
    await Promise.all(
      plan.update.map(async (s) => {
        const out = await this.client.request<EndpointSlice>('PUT', `${base}/${s.metadata.name}`, {
          body: { ...s, apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' },
        });
        this.tracker.wrote(key, keyOf(out), out.metadata.resourceVersion ?? '');
      }),
    );
    await Promise.all(
      plan.create.map(async (s) => {
        const token = this.tracker.begin(key);
        try {
          const out = await this.client.request<EndpointSlice>('POST', base, { body: s });
          this.tracker.wrote(key, keyOf(out), out.metadata.resourceVersion ?? '', token);
        } catch (e) {
          this.tracker.failed(key, token);
          // The namespace is terminating: nothing to create into.
          if (e instanceof ApiStatusError && e.code === 403 && e.reason === 'Forbidden') return;
          throw e;
        }
      }),
    );
  }
}

function ownedBy(s: EndpointSlice, svc: Service): boolean {
  const refs = s.metadata.ownerReferences ?? [];
  return refs.length === 0 || refs.some((r) => r.kind === 'Service' && r.uid === svc.metadata.uid);
}
