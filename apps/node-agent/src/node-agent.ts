import { KubeClient } from '../../../libs/client/src/index.js';
import type * as k8s from '@kubernetes/client-node';
import { defaultNodeAgentOptions, type NodeAgentOptions } from './agent.options.js';
import { NodeLeaseHeartbeat } from './node/node-lease.heartbeat.js';
import { nodeIdentity } from './node/node.identity.js';
import { NodeRegistrar } from './node/node.registrar.js';
import type { SimNode } from './node/sim.node.js';
import { PodManager } from './pod/pod.manager.js';
import type { ContainerEngine } from './runtime/container.engine.js';
import { ProcessEngine } from './runtime/process.engine.js';
import { SimulatedEngine } from './runtime/simulated.engine.js';
import { KubeletServer } from './server/kubelet.server.js';
import { TimerQueue } from './sim/timer.queue.js';

export interface NodeAgent {
  readonly nodes: readonly string[];
  /** Port of the kubelet HTTP server on 127.0.0.1 (container logs). */
  readonly kubeletPort: number;
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
  const log = opts.log ?? (() => undefined);
  const client = new KubeClient(opts.kubeConfig);
  const timers = new TimerQueue((e) => log(`timer step failed: ${String(e)}`));
  // The server comes first: every Node advertises its port. Pods are looked up once they exist.
  let pods: PodManager | undefined;
  const kubelet = new KubeletServer((ns, name) => pods?.find(ns, name));
  const kubeletPort = await kubelet.listen(opts.kubeletPort ?? defaultNodeAgentOptions.kubeletPort);
  const o: NodeAgentOptions = { ...defaultNodeAgentOptions, ...opts, kubeletPort };
  let engine: ContainerEngine = new SimulatedEngine(o, timers);
  if (o.runtime === 'process') {
    const processes = new ProcessEngine(client);
    engine = processes;
    console.warn(
      `node-agent: WARNING: --runtime=process runs every scheduled container's command as a child process ON THIS HOST, ` +
        `as user ${process.getuid?.() ?? '?'}, without isolation (sandboxes under ${processes.root}). Use it only on a trusted cluster.`,
    );
  }
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

  const manager = new PodManager(client, nodes, o, timers, engine);
  pods = manager;
  await manager.start();
  log(`node-agent: ${nodes.size} nodes registered (${ids[0]?.name}…${ids.at(-1)?.name}), watching pods; kubelet API on http://127.0.0.1:${kubeletPort}, ${o.runtime} runtime`);

  return {
    nodes: [...nodes.keys()],
    kubeletPort,
    stats: () => ({ pods: manager.podCount, statusWrites: manager.statusWrites, timers: timers.size }),
    async stop() {
      if (stopping) return;
      stopping = true;
      await manager.stop();
      timers.stop();
      await engine.close();
      await kubelet.close();
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
