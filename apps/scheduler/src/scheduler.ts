import type * as k8s from '@kubernetes/client-node';
import { EventRecorder, Informer, KubeClient, LeaderElector } from '../../../libs/client/src/index.js';
import type { Node, Pod } from './api/core.types.js';
import { FailureReporter } from './binding/failure.reporter.js';
import { PodBinder } from './binding/pod.binder.js';
import { PreemptionExecutor } from './binding/preemption.executor.js';
import { ClusterCache, podKey } from './cache/cluster.cache.js';
import { ClusterListerImpl, type ListedObject } from './cache/cluster.lister.js';
import { Framework } from './framework/framework.runner.js';
import { startMetricsServer, type MetricsServer } from './metrics/metrics.server.js';
import { SchedulerMetrics, type AttemptResult } from './metrics/scheduler.metrics.js';
import { INTER_POD_AFFINITY } from './plugins/inter-pod-affinity/inter-pod-affinity.plugin.js';
import { POD_TOPOLOGY_SPREAD } from './plugins/pod-topology-spread/pod-topology-spread.plugin.js';
import { DEFAULT_PROFILE, inTreeRegistry } from './plugins/registry.js';
import { SchedulingQueue, type QueueOptions } from './queue/scheduling.queue.js';

interface SchedulerOptions {
  kubeConfig: k8s.KubeConfig;
  schedulerName?: string;
  leaderElect?: boolean;
  leaseDurationSeconds?: number;
  renewEveryMs?: number;
  identity?: string;
  bindConcurrency?: number;
  queue?: QueueOptions;
  /** Serve /healthz and /metrics on 127.0.0.1:<port> (0: ephemeral); undefined: no server. */
  port?: number;
  log?: (line: string) => void;
}

interface SchedulerStats {
  bound: number;
  failedAttempts: number;
  leading: boolean;
  queue: { active: number; backoff: number; unschedulable: number };
}

export interface RunningScheduler {
  readonly identity: string;
  /** Port of the /healthz and /metrics server, if one was asked for. */
  readonly port: number | undefined;
  readonly metrics: SchedulerMetrics;
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
  const lister = new ClusterListerImpl(cache);
  let pods: Informer<Pod> | undefined;
  // Active pods pop by spec.priority (set by the apiserver's Priority admission from priorityClassName; 0 if absent).
  const queue = new SchedulingQueue(options.queue, (key) => pods?.get(key)?.spec.priority ?? 0);
  const framework = new Framework(DEFAULT_PROFILE, inTreeRegistry, lister);
  const recorder = new EventRecorder(client, { component: 'default-scheduler' });
  const reporter = new FailureReporter(client, recorder);
  const preemption = new PreemptionExecutor(client, recorder, schedulerName);
  const binder = new PodBinder(client, options.bindConcurrency ?? 16);
  const metrics = new SchedulerMetrics(schedulerName, () => queue.stats());
  const stats = { bound: 0, failedAttempts: 0 };
  /** Parked pods that another pod landing somewhere may help (pod affinity, spreading): a bind wakes them. */
  const waitingOnPods = new Set<string>();
  const POD_DEPENDENT = new Set([INTER_POD_AFFINITY, POD_TOPOLOGY_SPREAD]);
  let stopped = false;
  let leading = false;
  let loop: Promise<void> | undefined;

  const responsible = (pod: Pod): boolean =>
    !pod.spec.nodeName &&
    (pod.spec.schedulerName ?? 'default-scheduler') === schedulerName &&
    !pod.metadata.deletionTimestamp &&
    !isTerminal(pod);

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

  // Namespace labels (namespaceSelector) and the objects whose selectors give the default spreading constraints.
  const listed = (['namespaces', 'services', 'replicationcontrollers', 'replicasets', 'statefulsets'] as const).map((kind) => {
    const path = kind === 'replicasets' || kind === 'statefulsets' ? `/apis/apps/v1/${kind}` : `/api/v1/${kind}`;
    const inf = new Informer<ListedObject>(client, path);
    inf
      .on('add', (o) => lister.set(kind, o))
      .on('update', (o) => lister.set(kind, o))
      .on('delete', (o) => lister.delete(kind, o));
    if (kind === 'namespaces')
      inf.on(
        'update',
        (o, old) => JSON.stringify(o.metadata.labels) !== JSON.stringify(old?.metadata.labels) && queue.moveAllToActiveOrBackoff(),
      );
    return inf;
  });

  pods = new Informer<Pod>(client, '/api/v1/pods');
  const podInformer = pods;
  pods
    .on('add', (p) => {
      cache.updatePod(p);
      if (responsible(p)) queue.add(podKey(p));
      else if (p.spec.nodeName && waitingOnPods.size > 0) queue.moveAllToActiveOrBackoff();
    })
    .on('update', (p, old) => {
      cache.updatePod(p);
      const key = podKey(p);
      if (responsible(p)) {
        if (!old || schedulingInputs(p) !== schedulingInputs(old)) queue.update(key);
        return;
      }
      queue.delete(key);
      waitingOnPods.delete(key);
      // A bound pod finishing frees its requests; a new bound pod may satisfy pod affinity.
      if (old?.spec.nodeName && !isTerminal(old) && isTerminal(p)) queue.moveAllToActiveOrBackoff();
      else if (p.spec.nodeName && !old?.spec.nodeName && waitingOnPods.size > 0) queue.moveAllToActiveOrBackoff();
    })
    .on('delete', (p) => {
      cache.deletePod(p);
      queue.delete(podKey(p));
      waitingOnPods.delete(podKey(p));
      if (p.spec.nodeName) queue.moveAllToActiveOrBackoff();
    });

  const observe = (result: AttemptResult, started: number): void => metrics.observeAttempt(result, (performance.now() - started) / 1000);

  async function bindInBackground(pod: Pod, nodeName: string, key: string, started: number): Promise<void> {
    const r = await binder.bind(pod, nodeName);
    if (r.outcome === 'bound') {
      stats.bound++;
      observe('scheduled', started);
      recorder.event(
        { ...pod, apiVersion: 'v1', kind: 'Pod' },
        'Normal',
        'Scheduled',
        `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
      );
      return;
    }
    cache.forget(pod);
    observe('error', started);
    if (r.outcome === 'gone') return;
    log(`binding ${key} to ${nodeName} failed: ${r.message ?? ''}`);
    stats.failedAttempts++;
    const current = podInformer.get(key) ?? pod;
    reporter.report(current, 'SchedulerError', `binding rejected: ${r.message ?? 'unknown error'}`);
    queue.addBackoff(key);
  }

  /** PostFilter found room: evict, nominate locally at once (so lower-priority pods keep off), then report. */
  function preempt(pod: Pod, nodeName: string, victims: readonly Pod[]): void {
    metrics.observePreemption(victims.length);
    const priority = pod.spec.priority ?? 0;
    const lower = [...(cache.nominatedPods(nodeName)?.values() ?? [])].filter((p) => (p.spec.priority ?? 0) < priority);
    for (const p of lower) cache.clearNomination(podKey(p));
    cache.nominate(pod, nodeName);
    log(`preempting ${victims.map(podKey).join(', ')} on ${nodeName} for ${podKey(pod)}`);
    void preemption
      .evict(pod, nodeName, victims, lower)
      .catch((e: unknown) => log(`preemption for ${podKey(pod)} failed: ${e instanceof Error ? e.message : String(e)}`));
    for (const v of victims) cache.markDeleting(v);
  }

  function scheduleOne(key: string): void {
    const pod = podInformer.get(key);
    if (!pod || !responsible(pod) || cache.isAssumed(key)) {
      queue.done(key);
      return;
    }
    const started = performance.now();
    const cycle = queue.schedulingCycle;
    const result = framework.schedule(pod);
    switch (result.kind) {
      case 'scheduled': {
        cache.assume(pod, result.node.name);
        queue.done(key);
        void bindInBackground(pod, result.node.name, key, started);
        return;
      }
      case 'unschedulable': {
        stats.failedAttempts++;
        const post = framework.postFilter(result.state, pod, result.error);
        if (post?.status === null && post.nominatedNodeName) preempt(pod, post.nominatedNodeName, post.victims);
        else if (post?.nominatedNodeName === '') cache.clearNomination(key);
        observe('unschedulable', started);
        if (result.error.failed.some((f) => POD_DEPENDENT.has(f.status.plugin ?? ''))) waitingOnPods.add(key);
        else waitingOnPods.delete(key);
        reporter.report(pod, 'Unschedulable', result.error.message(), post?.nominatedNodeName);
        queue.addUnschedulable(key, cycle);
        return;
      }
      case 'error':
        observe('error', started);
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
  await Promise.all([nodes.start(), pods.start(), ...listed.map((i) => i.start())]);
  let server: MetricsServer | undefined;
  if (options.port !== undefined) {
    try {
      server = await startMetricsServer(metrics, options.port, () => nodes.hasSynced && podInformer.hasSynced);
    } catch (e) {
      // Scheduling does not depend on it: a taken port costs the endpoint, not the scheduler.
      log(`cannot serve /healthz and /metrics on 127.0.0.1:${options.port}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

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
    port: server?.port,
    metrics,
    stats: () => ({ ...stats, leading, queue: queue.stats() }),
    async stop() {
      stopped = true;
      leading = false;
      queue.close();
      nodes.stop();
      podInformer.stop();
      for (const i of listed) i.stop();
      await loop;
      // Released only once nothing binds any more, so the successor starts from a quiet Lease.
      await elector?.stop();
      await server?.close();
      client.close();
    },
  };
}
