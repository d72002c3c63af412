import { ApiStatusError, WorkQueue, type Informer, type KObject } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import type { ObjectMeta } from '../shared/types.js';

interface Named {
  metadata: ObjectMeta;
  status?: { phase?: string };
}

const DEFAULT_SA = 'default';

/** Ensures every active namespace has a `default` ServiceAccount (upstream serviceaccounts-controller). */
export class ServiceAccountController implements Controller {
  readonly name = 'serviceaccount';
  private readonly queue = new WorkQueue();
  private readonly namespaces: Informer<Named & KObject>;
  private readonly accounts: Informer<Named & KObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.namespaces = ctx.informers.informer<Named & KObject>('/api/v1/namespaces');
    this.accounts = ctx.informers.informer<Named & KObject>('/api/v1/serviceaccounts');
    const ns = (n: Named) => this.queue.add(n.metadata.name ?? '');
    this.namespaces.on('add', ns).on('update', ns);
    this.accounts.on('delete', (sa) => {
      if (sa.metadata.name === DEFAULT_SA) this.queue.add(sa.metadata.namespace ?? '');
    });
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private async sync(name: string): Promise<void> {
    const ns = this.namespaces.get(name);
    if (!ns || ns.metadata.deletionTimestamp || ns.status?.phase === 'Terminating') return;
    if (this.accounts.get(`${name}/${DEFAULT_SA}`)) return;
    try {
      await this.ctx.client.request('POST', `/api/v1/namespaces/${name}/serviceaccounts`, {
        body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: DEFAULT_SA, namespace: name } },
      });
    } catch (e) {
      // Already there (the informer lags) or the namespace is going away: nothing to do.
      if (e instanceof ApiStatusError && (e.code === 409 || e.code === 403 || e.code === 404)) return;
      throw e;
    }
  }
}
