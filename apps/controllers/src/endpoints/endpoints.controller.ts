import { ApiStatusError, keyOf, WorkQueue, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import type { ObjectMeta } from '../shared/types.js';
import { serviceSelects } from '../endpointslice/pod.endpoint.js';
import { HEADLESS_LABEL, hasSelector, isHeadless, type Pod, type Service } from '../endpointslice/service.types.js';
import { computeSubsets, type EndpointSubset } from './endpoints.subsets.js';

interface Endpoints {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  subsets?: EndpointSubset[];
  [k: string]: unknown;
}

const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

/**
 * Keeps the legacy Endpoints object (same name as the Service) of every Service with a selector
 * (upstream pkg/controller/endpoint); deletes it when the Service goes. Writes are
 * resourceVersion-guarded, so a stale cache costs a conflict and a retry, never a lost update.
 */
export class EndpointsController implements Controller {
  readonly name = 'endpoint';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly services: Informer<Service>;
  private readonly pods: Informer<Pod>;
  private readonly endpoints: Informer<Endpoints>;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.services = ctx.informers.informer<Service>('/api/v1/services');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    this.endpoints = ctx.informers.informer<Endpoints>('/api/v1/endpoints');
    const svc = (s: Service): void => this.queue.add(keyOf(s));
    this.services.on('add', svc).on('update', svc).on('delete', svc);
    const pod = (p: Pod, old?: Pod): void => {
      for (const s of this.services.list()) if (hasSelector(s) && (serviceSelects(s, p) || (old && serviceSelects(s, old)))) svc(s);
    };
    this.pods
      .on('add', (p) => pod(p))
      .on('update', (p, old) => pod(p, old))
      .on('delete', (p) => pod(p));
    // Someone else edited or deleted the object: put it back.
    const ep = (e: Endpoints): void => {
      if (this.services.get(keyOf(e))) this.queue.add(keyOf(e));
    };
    this.endpoints.on('update', ep).on('delete', ep);
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async sync(key: string): Promise<void> {
    const [ns = '', name = ''] = key.split('/');
    const path = `/api/v1/namespaces/${ns}/endpoints/${name}`;
    const svc = this.services.get(key);
    if (!svc) {
      // As upstream: the Endpoints of a deleted service go with it.
      if (this.endpoints.get(key)) await this.client.request('DELETE', path).catch((e: unknown) => ignore404(e));
      return;
    }
    if (!hasSelector(svc) || svc.metadata.deletionTimestamp) return;
    const { subsets, truncated } = computeSubsets(
      svc,
      this.pods.list().filter((p) => serviceSelects(svc, p)),
    );
    const current = this.endpoints.get(key);
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    const annotations: Record<string, string> = { ...(current?.metadata.annotations ?? {}) };
    if (truncated) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    if (
      current &&
      same(current.subsets ?? [], subsets) &&
      same(current.metadata.labels ?? {}, labels) &&
      same(current.metadata.annotations ?? {}, annotations)
    )
      return;
    const body: Endpoints = {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        ...(current ? structuredClone(current.metadata) : {}),
        name,
        namespace: ns,
        labels,
        ...(Object.keys(annotations).length ? { annotations } : { annotations: undefined }),
      },
      ...(subsets.length ? { subsets } : {}),
    };
    try {
      if (current) await this.client.request('PUT', path, { body });
      else await this.client.request('POST', `/api/v1/namespaces/${ns}/endpoints`, { body });
    } catch (e) {
      // The namespace is terminating: nothing to write into.
      if (!current && e instanceof ApiStatusError && e.code === 403) return;
      throw e;
    }
  }
}

const same = semanticEqual;

function ignore404(e: unknown): void {
  if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
}
