import { ApiStatusError, type EventRecorder, type KubeClient } from '../../../../libs/client/src/index.js';
import type { NodeAgentOptions } from '../agent.options.js';
import { PodIpAllocator } from '../pod/pod-ip.allocator.js';
import type { NodeIdentity } from './node.identity.js';
import { nodeAnnotations, nodeConditions, nodeLabels, nodeObject, nodeStatus, type NodeCondition } from './node.template.js';
import type { SimNode } from './sim.node.js';

interface NodeJson {
  metadata: { uid: string; labels?: Record<string, string> };
  spec?: { podCIDR?: string };
  status?: { conditions?: NodeCondition[] };
}

/**
 * Registers a node as the kubelet does: create it, or adopt an existing Node of the same name
 * (restart), then write status through the status subresource.
 */
export class NodeRegistrar {
  constructor(
    private readonly client: KubeClient,
    private readonly o: NodeAgentOptions,
    /** The kubelet's event recorder for one node (events have their own bounded queue). */
    private readonly recorder: (nodeName: string) => EventRecorder,
  ) {}

  async register(id: NodeIdentity): Promise<SimNode> {
    let node: NodeJson;
    try {
      node = await this.client.request<NodeJson>('POST', '/api/v1/nodes', { body: nodeObject(id, this.o) });
    } catch (e) {
      if (!(e instanceof ApiStatusError) || e.code !== 409) throw e;
      node = await this.client.get<NodeJson>(`/api/v1/nodes/${id.name}`);
      // Our labels and annotations (the kubelet URL's port changes) win, others' (e.g. node-role) stay; podCIDR is immutable once set.
      node = await this.client.request<NodeJson>('PATCH', `/api/v1/nodes/${id.name}`, {
        contentType: 'application/merge-patch+json',
        body: {
          metadata: { labels: nodeLabels(id, this.o), annotations: nodeAnnotations(this.o) },
          ...(node.spec?.podCIDR ? {} : { spec: { podCIDR: id.podCIDR, podCIDRs: [id.podCIDR] } }),
        },
      });
    }
    const podCIDR = node.spec?.podCIDR ?? id.podCIDR;
    const effective = { ...id, podCIDR };
    const sim: SimNode = {
      id: effective,
      uid: node.metadata.uid,
      conditions: nodeConditions(true, node.status?.conditions),
      images: new Set(),
      ips: new PodIpAllocator(podCIDR),
      recorder: this.recorder(id.name),
    };
    await this.writeStatus(sim, true);
    const ref = this.ref(sim);
    sim.recorder.event(ref, 'Normal', 'Starting', 'Starting kubelet.');
    sim.recorder.event(ref, 'Normal', 'NodeAllocatableEnforced', 'Updated Node Allocatable limit across pods');
    for (const s of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID', 'NodeReady']) {
      sim.recorder.event(ref, 'Normal', s, `Node ${id.name} status is now: ${s}`);
    }
    return sim;
  }

  /** Heartbeat (or transition): refresh conditions and post the full status. */
  async writeStatus(sim: SimNode, ready: boolean): Promise<void> {
    const wasReady = sim.conditions.find((c) => c.type === 'Ready')?.status === 'True';
    sim.conditions = nodeConditions(ready, sim.conditions);
    await this.client.request('PATCH', `/api/v1/nodes/${sim.id.name}/status`, {
      contentType: 'application/merge-patch+json',
      body: { status: nodeStatus(sim.id, this.o, sim.conditions) },
    });
    if (wasReady && !ready) sim.recorder.event(this.ref(sim), 'Normal', 'NodeNotReady', `Node ${sim.id.name} status is now: NodeNotReady`);
  }

  /** The kubelet refers to its Node with the node name as uid. */
  private ref(sim: SimNode): { apiVersion: string; kind: string; metadata: { name: string; uid: string } } {
    return { apiVersion: 'v1', kind: 'Node', metadata: { name: sim.id.name, uid: sim.id.name } };
  }
}
