import { ApiStatusError, type KubeClient } from '../../../../libs/client/src/index.js';
import { formatMicroTime } from '../../../../libs/apimachinery/src/time/metav1.time.js';
import type { SimNode } from './sim.node.js';

const LEASE_DURATION_SECONDS = 40;

interface LeaseJson {
  metadata: { resourceVersion: string };
}

/**
 * The node lease (kube-node-lease/<node>) that the node lifecycle controller watches: created once
 * with the Node as owner, then renewed with a single optimistic PUT each interval.
 */
export class NodeLeaseHeartbeat {
  constructor(private readonly client: KubeClient) {}

  private body(sim: SimNode, resourceVersion?: string): Record<string, unknown> {
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: sim.id.name,
        namespace: 'kube-node-lease',
        ...(resourceVersion ? { resourceVersion } : {}),
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: sim.id.name, uid: sim.uid }],
      },
      spec: { holderIdentity: sim.id.name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: formatMicroTime() },
    };
  }

  async renew(sim: SimNode): Promise<void> {
    const path = `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${sim.id.name}`;
    try {
      if (sim.leaseResourceVersion) {
        const l = await this.client.request<LeaseJson>('PUT', path, { body: this.body(sim, sim.leaseResourceVersion) });
        sim.leaseResourceVersion = l.metadata.resourceVersion;
        return;
      }
      const l = await this.client.request<LeaseJson>('POST', '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases', {
        body: this.body(sim),
      });
      sim.leaseResourceVersion = l.metadata.resourceVersion;
    } catch (e) {
      if (!(e instanceof ApiStatusError) || (e.code !== 409 && e.code !== 404)) throw e;
      // Someone else wrote it (or it was deleted): read the current version and overwrite once.
      if (e.code === 404) {
        if (!sim.leaseResourceVersion) throw e;
        sim.leaseResourceVersion = undefined;
        return this.renew(sim);
      }
      const cur = await this.client.get<LeaseJson>(path);
      const l = await this.client.request<LeaseJson>('PUT', path, { body: this.body(sim, cur.metadata.resourceVersion) });
      sim.leaseResourceVersion = l.metadata.resourceVersion;
    }
  }
}
