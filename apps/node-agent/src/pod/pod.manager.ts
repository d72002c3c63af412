import { Informer, WorkQueue, type KubeClient } from '../../../../libs/client/src/index.js';
import type { NodeAgentOptions } from '../agent.options.js';
import type { SimNode } from '../node/sim.node.js';
import type { ContainerEngine } from '../runtime/container.engine.js';
import type { TimerQueue } from '../sim/timer.queue.js';
import { PodLifecycle } from './pod.lifecycle.js';
import { PodStatusSyncer } from './pod-status.syncer.js';
import { trimPod } from './pod.trim.js';
import type { Pod } from './pod.types.js';
import type { PodRuntime } from './pod.runtime.js';

/**
 * One informer for every bound pod in the cluster (`spec.nodeName!=`), filtered to this process's
 * nodes; a level-triggered sync per pod key compares the informer's pod with the simulated runtime.
 */
export class PodManager {
  readonly informer: Informer<Pod>;
  private readonly queue = new WorkQueue(50, 10_000);
  private readonly runtimes = new Map<string, PodRuntime>();
  private readonly lifecycle: PodLifecycle;
  private readonly status: PodStatusSyncer;
  private running: Promise<void[]> | undefined;

  constructor(
    client: KubeClient,
    private readonly nodes: Map<string, SimNode>,
    o: NodeAgentOptions,
    timers: TimerQueue,
    engine: ContainerEngine,
  ) {
    this.informer = new Informer<Pod>(client, '/api/v1/pods', {
      fieldSelector: 'spec.nodeName!=',
      transform: (p) => {
        const key = `${p.metadata.namespace}/${p.metadata.name}`;
        return trimPod(p, this.nodes.has(p.spec.nodeName ?? ''), this.runtimes.get(key)?.uid === p.metadata.uid);
      },
    });
    this.status = new PodStatusSyncer(client, this.runtimes, this.informer);
    this.lifecycle = new PodLifecycle(o, timers, engine, (rt) => this.status.changed(rt));
    const enqueue = (p: Pod): void => {
      if (this.nodes.has(p.spec.nodeName ?? '') || this.runtimes.has(`${p.metadata.namespace}/${p.metadata.name}`)) {
        this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
      }
    };
    this.informer.on('add', enqueue).on('update', enqueue).on('delete', enqueue);
    this.status.start(o.statusWorkers);
  }

  async start(): Promise<void> {
    await this.informer.start();
    this.running = this.queue.run(1, async (key) => this.sync(key));
  }

  async stop(): Promise<void> {
    this.informer.stop();
    this.queue.shutDown();
    await this.running;
    await this.status.stop();
  }

  /** The pod as this agent runs it (for the kubelet API), if it runs on one of its nodes. */
  find(namespace: string, name: string): PodRuntime | undefined {
    return this.runtimes.get(`${namespace}/${name}`);
  }

  get podCount(): number {
    return this.runtimes.size;
  }

  get statusWrites(): number {
    return this.status.writes;
  }

  private sync(key: string): void {
    const pod = this.informer.get(key);
    let rt = this.runtimes.get(key);
    if (rt && (!pod || pod.metadata.uid !== rt.uid)) {
      this.lifecycle.forget(rt);
      this.runtimes.delete(key);
      rt = undefined;
    }
    if (!pod) return;
    const node = this.nodes.get(pod.spec.nodeName ?? '');
    if (!node) return;
    if (!rt) {
      const phase = pod.status?.phase;
      rt =
        phase === 'Succeeded' || phase === 'Failed'
          ? this.lifecycle.adoptTerminal(pod, node)
          : (this.lifecycle.adoptRunning(pod, node) ?? this.lifecycle.admit(pod, node));
      this.runtimes.set(key, rt);
    }
    if (pod.metadata.deletionTimestamp) this.lifecycle.terminate(rt, pod);
  }
}
