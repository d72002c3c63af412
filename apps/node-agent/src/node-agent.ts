import { monitorEventLoopDelay } from 'node:perf_hooks';
import { EventRecorder, KubeClient } from '../../../libs/client/src/index.js';
import type * as k8s from '@kubernetes/client-node';
import { defaultNodeAgentOptions, type NodeAgentOptions } from './agent.options.js';
import { EventWriteQueue } from './events/event-write.queue.js';
import { NodeHeartbeatLoop, type LeaseStats } from './node/node-heartbeat.loop.js';
import { NodeLeaseHeartbeat } from './node/node-lease.heartbeat.js';
import { nodeIdentity } from './node/node.identity.js';
import { NodeRegistrar } from './node/node.registrar.js';
import type { SimNode } from './node/sim.node.js';
import { PodManager } from './pod/pod.manager.js';
import type { ContainerEngine } from './runtime/container.engine.js';
import { ProcessEngine } from './runtime/process.engine.js';
import { ContainerEnvResolver } from './runtime/container-env.resolver.js';
import { SimulatedEngine } from './runtime/simulated.engine.js';
import { KubeletServer } from './server/kubelet.server.js';
import { TimerQueue } from './sim/timer.queue.js';

export interface NodeAgent {
  readonly nodes: readonly string[];
  /** Port of the kubelet HTTP server on 127.0.0.1 (container logs). */
  readonly kubeletPort: number;
  /** Simulated pods, status writes, lease renewals, events and event-loop delay so far (for benchmarks). */
  stats(): NodeAgentStats;
  /** Marks every node NotReady (KubeletNotReady), then stops all loops. */
  stop(): Promise<void>;
}

interface NodeAgentStats {
  pods: number;
  statusWrites: number;
  timers: number;
  leases: LeaseStats;
  events: { written: number; dropped: number; queued: number };
  eventLoopDelayMs: { p99: number; max: number };
  /** CPU seconds this process used (user + system), to compare with the apiserver's share. */
  cpuSeconds: number;
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** Events queued beyond this are dropped (client-go's broadcaster: 1,000). */
const MAX_QUEUED_EVENTS = 1000;

interface StartNodeAgentOptions extends Partial<NodeAgentOptions> {
  kubeConfig: k8s.KubeConfig;
  log?: (msg: string) => void;
}

/** Registers N simulated nodes, keeps their leases and status fresh, and runs their pods. */
export async function startNodeAgent(opts: StartNodeAgentOptions): Promise<NodeAgent> {
  const log = opts.log ?? (() => undefined);
  // Three socket pools, so that no kind of traffic waits behind another: pods (informer, status),
  // node liveness (leases, node status) and best-effort events.
  const client = new KubeClient(opts.kubeConfig);
  const heartbeatClient = new KubeClient(opts.kubeConfig, 32);
  const eventClient = new KubeClient(opts.kubeConfig, 4);
  const events = new EventWriteQueue(4, MAX_QUEUED_EVENTS);
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  const timers = new TimerQueue((e) => log(`timer step failed: ${String(e)}`));
  // The server comes first: every Node advertises its port. Pods are looked up once they exist.
  let pods: PodManager | undefined;
  const kubelet = new KubeletServer((ns, name) => pods?.find(ns, name));
  const kubeletPort = await kubelet.listen(opts.kubeletPort ?? defaultNodeAgentOptions.kubeletPort);
  const o: NodeAgentOptions = { ...defaultNodeAgentOptions, ...opts, kubeletPort };
  let engine: ContainerEngine = new SimulatedEngine(o, timers, new ContainerEnvResolver(client));
  if (o.runtime === 'process') {
    const processes = new ProcessEngine(client);
    engine = processes;
    console.warn(
      `node-agent: WARNING: --runtime=process runs every scheduled container's command as a child process ON THIS HOST, ` +
        `as user ${process.getuid?.() ?? '?'}, without isolation (sandboxes under ${processes.root}). Use it only on a trusted cluster.`,
    );
  }
  const registrar = new NodeRegistrar(
    heartbeatClient,
    o,
    (host) => new EventRecorder(eventClient, { component: 'kubelet', host }, { schedule: events.schedule }),
  );
  const leases = new NodeLeaseHeartbeat(heartbeatClient);
  const nodes = new Map<string, SimNode>();

  // Register in small batches: 1,000 nodes must not open 1,000 requests at once.
  const ids = Array.from({ length: o.nodes }, (_, i) => nodeIdentity(o.nodeNamePrefix, o.indexOffset + i));
  for (let i = 0; i < ids.length; i += 32) {
    const batch = await Promise.all(ids.slice(i, i + 32).map((id) => registrar.register(id)));
    for (const sim of batch) nodes.set(sim.id.name, sim);
  }
  await Promise.all([...nodes.values()].map((sim) => leases.renew(sim)));

  const heartbeats = new NodeHeartbeatLoop(leases, registrar, o.leaseIntervalMs, o.nodeStatusIntervalMs, log);
  heartbeats.start([...nodes.values()]);
  let stopping = false;

  const manager = new PodManager(client, nodes, o, timers, engine);
  pods = manager;
  await manager.start();
  log(
    `node-agent: ${nodes.size} nodes registered (${ids[0]?.name}…${ids.at(-1)?.name}), watching pods; kubelet API on http://127.0.0.1:${kubeletPort}, ${o.runtime} runtime`,
  );

  return {
    nodes: [...nodes.keys()],
    kubeletPort,
    stats: () => ({
      pods: manager.podCount,
      statusWrites: manager.statusWrites,
      timers: timers.size,
      leases: { ...heartbeats.stats },
      events: { written: events.written, dropped: events.dropped, queued: events.length },
      eventLoopDelayMs: { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 },
      cpuSeconds: cpuSeconds(),
    }),
    async stop() {
      if (stopping) return;
      stopping = true;
      heartbeats.stop();
      loopDelay.disable();
      await manager.stop();
      timers.stop();
      await engine.close();
      await kubelet.close();
      const list = [...nodes.values()];
      for (let i = 0; i < list.length; i += 32) {
        await Promise.all(
          list
            .slice(i, i + 32)
            .map((sim) => registrar.writeStatus(sim, false).catch((e: unknown) => log(`NotReady ${sim.id.name}: ${String(e)}`))),
        );
      }
      // Let the last best-effort events leave before the sockets close.
      await events.drain(1000);
      events.stop();
      client.close();
      heartbeatClient.close();
      eventClient.close();
    },
  };
}
