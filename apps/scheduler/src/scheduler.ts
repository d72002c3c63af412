import type * as k8s from '@kubernetes/client-node';
import { EventRecorder, Informer, KubeClient, LeaderElector } from '../../../libs/client/src/index.js';
import type { Node, Pod } from './api/core.types.js';
import { FailureReporter } from './binding/failure.reporter.js';
import { PodBinder } from './binding/pod.binder.js';
import { ClusterCache, podKey } from './cache/cluster.cache.js';
import { Framework } from './framework/framework.runner.js';
import { DEFAULT_PROFILE, inTreeRegistry } from './plugins/registry.js';
import { SchedulingQueue, type QueueOptions } from './queue/scheduling.queue.js';

export interface SchedulerOptions {
  kubeConfig: k8s.KubeConfig;
  schedulerName?: string;
  leaderElect?: boolean;
  leaseDurationSeconds?: number;
  renewEveryMs?: number;
  identity?: string;
  bindConcurrency?: number;
  queue?: QueueOptions;
  log?: (line: string) => void;
}

export interface SchedulerStats {
  bound: number;
  failedAttempts: number;
  leading: boolean;
  queue: { active: number; backoff: number; unschedulable: number };
}

export interface RunningScheduler {
  readonly identity: string;
  stats(): SchedulerStats;
  stop(): Promise<void>;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

/** What a user can change on a pod that may make it fit (status writes, ours included, do not count). */
function schedulingInputs(pod: Pod): string {
  return JSON.stringify([pod.metadata.labels, pod.metadata['annotations'], pod.spec]);
}

/** Only what the filters and scores read: heartbeats and condition updates must not wake parked pods. */
function nodeInputs(node: Node): string {
  return JSON.stringify([node.metadata.labels, node.spec, node.status?.allocatable]);
}

/**
 * kube-scheduler's loop: informers feed the cache and the queue; the leader pops one pod at a time,
 * runs the framework synchronously, assumes the pod on the chosen node and binds it asynchronously
 * (several binds in flight) while it goes on with the next pod.
 */
export async function startScheduler(options: SchedulerOptions): Promise<RunningScheduler> {
  const schedulerName = options.schedulerName ?? 'default-scheduler';
  const log = options.log ?? (() => undefined);
  const client = new KubeClient(options.kubeConfig);
  const cache = new ClusterCache();
  const queue = new SchedulingQueue(options.queue);
  const framework = new Framework(DEFAULT_PROFILE, inTreeRegistry);
  const recorder = new EventRecorder(client, { component: 'default-scheduler' });
  const reporter = new FailureReporter(client, recorder);
  const binder = new PodBinder(client, options.bindConcurrency ?? 16);
  const stats = { bound: 0, failedAttempts: 0 };
  let stopped = false;
  let leading = false;
  let loop: Promise<void> | undefined;

  const responsible = (pod: Pod): boolean =>
    !pod.spec.nodeName && (pod.spec.schedulerName ?? 'default-scheduler') === schedulerName && !pod.metadata.deletionTimestamp && !isTerminal(pod);

  const nodes = new Informer<Node>(client, '/api/v1/nodes');
  nodes
    .on('add', (n) => {
      cache.setNode(n);
      queue.moveAllToActiveOrBackoff();
    })
    .on('update', (n, old) => {
      cache.setNode(n);
      if (!old || nodeInputs(n) !== nodeInputs(old)) queue.moveAllToActiveOrBackoff();
    })
    .on('delete', (n) => cache.deleteNode(n.metadata.name));

  const pods = new Informer<Pod>(client, '/api/v1/pods');
  pods
    .on('add', (p) => {
      cache.updatePod(p);
      if (responsible(p)) queue.add(podKey(p));
    })
    .on('update', (p, old) => {
      cache.updatePod(p);
      const key = podKey(p);
      if (responsible(p)) {
        if (!old || schedulingInputs(p) !== schedulingInputs(old)) queue.update(key);
        return;
      }
      queue.delete(key);
      // A bound pod finishing frees its requests.
      if (old?.spec.nodeName && !isTerminal(old) && isTerminal(p)) queue.moveAllToActiveOrBackoff();
    })
    .on('delete', (p) => {
      cache.deletePod(p);
      queue.delete(podKey(p));
      if (p.spec.nodeName) queue.moveAllToActiveOrBackoff();
    });

  async function bindInBackground(pod: Pod, nodeName: string, key: string): Promise<void> {
    const r = await binder.bind(pod, nodeName);
    if (r.outcome === 'bound') {
      stats.bound++;
      recorder.event({ ...pod, apiVersion: 'v1', kind: 'Pod' }, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`);
      return;
    }
    cache.forget(pod);
    if (r.outcome === 'gone') return;
    log(`binding ${key} to ${nodeName} failed: ${r.message ?? ''}`);
    stats.failedAttempts++;
    const current = pods.get(key) ?? pod;
    reporter.report(current, 'SchedulerError', `binding rejected: ${r.message ?? 'unknown error'}`);
    queue.addBackoff(key);
  }

  function scheduleOne(key: string): void {
    const pod = pods.get(key);
    if (!pod || !responsible(pod) || cache.isAssumed(key)) {
      queue.done(key);
      return;
    }
    const cycle = queue.schedulingCycle;
    const result = framework.schedule(pod, cache.nodes());
    switch (result.kind) {
      case 'scheduled': {
        cache.assume(pod, result.node.name);
        queue.done(key);
        void bindInBackground(pod, result.node.name, key);
        return;
      }
      case 'unschedulable':
        stats.failedAttempts++;
        reporter.report(pod, 'Unschedulable', result.error.message());
        queue.addUnschedulable(key, cycle);
        return;
      case 'error':
        stats.failedAttempts++;
        reporter.report(pod, 'SchedulerError', result.message);
        // With no nodes at all, a node arriving is what helps: park it like an unschedulable pod.
        if (cache.nodeCount() === 0) queue.addUnschedulable(key, cycle);
        else queue.addBackoff(key);
        return;
    }
  }

  async function run(): Promise<void> {
    while (!stopped && leading) {
      await binder.slot();
      const key = await queue.pop();
      if (key === undefined) return;
      if (stopped || !leading) {
        // Lost the lease while waiting: leave the pod for whoever leads now (or for us later).
        queue.done(key);
        queue.add(key);
        return;
      }
      scheduleOne(key);
      // Let watch events and bind responses in between pods; a hot queue would otherwise starve I/O.
      await new Promise<void>((r) => setImmediate(r));
    }
  }

  const startLeading = (): void => {
    if (leading) return;
    leading = true;
    log('started leading');
    loop = run();
  };
  await Promise.all([nodes.start(), pods.start()]);

  let elector: LeaderElector | undefined;
  if (options.leaderElect ?? true) {
    elector = new LeaderElector(client, {
      name: 'kube-scheduler',
      namespace: 'kube-system',
      ...(options.identity ? { identity: options.identity } : {}),
      leaseDurationSeconds: options.leaseDurationSeconds ?? 15,
      renewEveryMs: options.renewEveryMs ?? 2000,
      onStartedLeading: startLeading,
      onStoppedLeading: () => {
        leading = false;
        log('stopped leading');
      },
    });
    elector.start();
  } else startLeading();

  return {
    identity: elector?.identity ?? 'standalone',
    stats: () => ({ ...stats, leading, queue: queue.stats() }),
    async stop() {
      stopped = true;
      leading = false;
      elector?.stop();
      queue.close();
      nodes.stop();
      pods.stop();
      await loop;
      client.close();
    },
  };
}
