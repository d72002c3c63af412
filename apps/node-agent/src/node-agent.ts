import { KubeClient } from '../../../libs/client/src/index.js';
import type * as k8s from '@kubernetes/client-node';
import { defaultNodeAgentOptions, type NodeAgentOptions } from './agent.options.js';
import { NodeLeaseHeartbeat } from './node/node-lease.heartbeat.js';
import { nodeIdentity } from './node/node.identity.js';
import { NodeRegistrar } from './node/node.registrar.js';
import type { SimNode } from './node/sim.node.js';
import { PodManager } from './pod/pod.manager.js';
import { TimerQueue } from './sim/timer.queue.js';

export interface NodeAgent {
  readonly nodes: readonly string[];
  /** Simulated pods currently tracked, and status writes so far (for benchmarks). */
  stats(): { pods: number; statusWrites: number; timers: number };
  /** Marks every node NotReady (KubeletNotReady), then stops all loops. */
  stop(): Promise<void>;
}

export interface StartNodeAgentOptions extends Partial<NodeAgentOptions> {
  kubeConfig: k8s.KubeConfig;
  log?: (msg: string) => void;
}

/** Registers N simulated nodes, keeps their leases and status fresh, and runs their pods. */
export async function startNodeAgent(opts: StartNodeAgentOptions): Promise<NodeAgent> {
  const o: NodeAgentOptions = { ...defaultNodeAgentOptions, ...opts };
  const log = opts.log ?? (() => undefined);
  const client = new KubeClient(opts.kubeConfig);
  const timers = new TimerQueue((e) => log(`timer step failed: ${String(e)}`));
  const registrar = new NodeRegistrar(client, o);
  const leases = new NodeLeaseHeartbeat(client);
  const nodes = new Map<string, SimNode>();

  // Register in small batches: 1,000 nodes must not open 1,000 requests at once.
  const ids = Array.from({ length: o.nodes }, (_, i) => nodeIdentity(o.nodeNamePrefix, o.indexOffset + i));
  for (let i = 0; i < ids.length; i += 32) {
    const batch = await Promise.all(ids.slice(i, i + 32).map((id) => registrar.register(id)));
    for (const sim of batch) nodes.set(sim.id.name, sim);
  }
  await Promise.all([...nodes.values()].map((sim) => leases.renew(sim)));

  let stopping = false;
  // Heartbeats are spread over the interval so N nodes make a steady trickle, not a burst.
  const loop = (sim: SimNode, intervalMs: number, beat: (s: SimNode) => Promise<void>, what: string, first: number): void => {
    timers.schedule(first, () => {
      if (stopping) return;
      beat(sim)
        .catch((e: unknown) => log(`${what} ${sim.id.name}: ${String(e)}`))
        .finally(() => !stopping && loop(sim, intervalMs, beat, what, intervalMs));
    });
  };
  const all = [...nodes.values()];
  all.forEach((sim, i) => {
    loop(sim, o.leaseIntervalMs, (s) => leases.renew(s), 'lease', o.leaseIntervalMs * (0.5 + (0.5 * i) / all.length));
    loop(sim, o.nodeStatusIntervalMs, (s) => registrar.writeStatus(s, true), 'node status', o.nodeStatusIntervalMs * (0.5 + (0.5 * i) / all.length));
  });

  const pods = new PodManager(client, nodes, o, timers);
  await pods.start();
  log(`node-agent: ${nodes.size} nodes registered (${ids[0]?.name}…${ids.at(-1)?.name}), watching pods`);

  return {
    nodes: [...nodes.keys()],
    stats: () => ({ pods: pods.podCount, statusWrites: pods.statusWrites, timers: timers.size }),
    async stop() {
      if (stopping) return;
      stopping = true;
      await pods.stop();
      timers.stop();
      const list = [...nodes.values()];
      for (let i = 0; i < list.length; i += 32) {
        await Promise.all(list.slice(i, i + 32).map((sim) => registrar.writeStatus(sim, false).catch((e: unknown) => log(`NotReady ${sim.id.name}: ${String(e)}`))));
      }
      // Let the last best-effort events leave before the sockets close.
      await new Promise((r) => setTimeout(r, 50));
      client.close();
    },
  };
}
