import { ApiStatusError, keyOf, WorkQueue, type EventRecorder, type Informer, type KubeClient } from '../../../../libs/client/src/index.js';
import type { Controller, ControllerContext } from '../shared/controller.interface.js';
import { semanticEqual } from '../shared/semantic.equal.js';
import { nowIso } from '../shared/types.js';
import type { Node, Pod } from './node.types.js';
import { evictionTime } from './toleration.util.js';

const DEFAULT_POD_EVICTION_TIMEOUT_MS = 300_000;

/**
 * Upstream's taint-eviction-controller (pkg/controller/tainteviction): deletes the pods on a node
 * with NoExecute taints they do not tolerate, at once or after their tolerationSeconds, marking them
 * with a DisruptionTarget condition first. Works per pod key, re-queued for the time it is due.
 */
export class TaintEvictionController implements Controller {
  readonly name = 'taint-eviction-controller';
  private readonly queue = new WorkQueue();
  private readonly client: KubeClient;
  private readonly recorder: EventRecorder;
  private readonly nodes: Informer<Node>;
  private readonly pods: Informer<Pod>;
  /** node name → keys of the pods bound to it */
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly defaultSeconds: number;

  constructor(private readonly ctx: ControllerContext) {
    this.client = ctx.client;
    this.recorder = ctx.recorder('taint-eviction-controller');
    this.defaultSeconds = (ctx.config?.podEvictionTimeoutMs ?? DEFAULT_POD_EVICTION_TIMEOUT_MS) / 1000;
    this.nodes = ctx.informers.informer<Node>('/api/v1/nodes');
    this.pods = ctx.informers.informer<Pod>('/api/v1/pods');
    const noExecute = (n: Node | undefined) => (n?.spec?.taints ?? []).filter((t) => t.effect === 'NoExecute');
    const nodeChanged = (n: Node, old?: Node): void => {
      if (old && semanticEqual(noExecute(n), noExecute(old))) return;
      for (const k of this.podsByNode.get(n.metadata.name ?? '') ?? []) this.queue.add(k);
    };
    this.nodes.on('add', (n) => nodeChanged(n)).on('update', nodeChanged);
    this.pods.on('add', (p) => this.podChanged(p));
    this.pods.on('update', (p, old) => this.podChanged(p, old));
    this.pods.on('delete', (p) => this.index(p, undefined));
  }

  run(): void {
    void this.queue.run(this.ctx.workers, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutDown();
  }

  private index(p: Pod, node: string | undefined): void {
    const key = keyOf(p);
    for (const [n, set] of this.podsByNode) if (n !== node && set.delete(key) && set.size === 0) this.podsByNode.delete(n);
    if (!node) return;
    let set = this.podsByNode.get(node);
    if (!set) this.podsByNode.set(node, (set = new Set()));
    set.add(key);
  }

  private podChanged(p: Pod, old?: Pod): void {
    const node = p.spec?.nodeName;
    if (node !== old?.spec?.nodeName || !old) this.index(p, node);
    if (node && (!old || node !== old.spec?.nodeName || !semanticEqual(p.spec?.tolerations, old.spec?.tolerations)))
      this.queue.add(keyOf(p));
  }

  private async sync(key: string): Promise<void> {
    const pod = this.pods.get(key);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName || pod.metadata.deletionTimestamp) return;
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const taints = this.nodes.get(nodeName)?.spec?.taints ?? [];
    const at = evictionTime(taints, pod.spec?.tolerations ?? [], this.defaultSeconds, Date.now());
    if (at === undefined) return;
    const wait = at - Date.now();
    if (wait > 0) {
      this.queue.addAfter(key, wait + 10);
      return;
    }
    await this.evict(pod);
  }

  private async evict(pod: Pod): Promise<void> {
    const path = `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
    this.recorder.event(
      { ...pod, apiVersion: 'v1', kind: 'Pod' },
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${keyOf(pod)}`,
    );
    try {
      const conditions = (pod.status?.conditions ?? []).filter((c) => c.type !== 'DisruptionTarget');
      conditions.push({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
        lastTransitionTime: nowIso(),
      });
      await this.client.request('PATCH', `${path}/status`, {
        contentType: 'application/merge-patch+json',
        body: { status: { conditions } },
      });
      await this.client.request('DELETE', path, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: pod.metadata.uid } },
      });
    } catch (e) {
      if (e instanceof ApiStatusError && (e.code === 404 || e.code === 409)) return;
      throw e;
    }
  }
}
