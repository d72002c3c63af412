import { randomBytes } from 'node:crypto';
import { formatTime } from '../../apimachinery/src/time/metav1.time.js';
import type { KubeClient } from './kube.client.js';
import type { KObject } from './informer.js';

interface EventSource {
  /** reportingController / source.component, e.g. 'default-scheduler', 'deployment-controller', 'kubelet'. */
  component: string;
  /** source.host for node-local reporters (kubelet). */
  host?: string;
}

interface EventRecorderOptions {
  /**
   * Runs each write instead of starting it at once: many recorders sharing one bounded queue cap
   * the events in flight and drop the excess, as client-go's broadcaster does past 1,000 queued.
   */
  schedule?: (write: () => Promise<void>) => void;
}

/**
 * Writes core/v1 Events about objects, as client-go's record.EventRecorder does. Repeats of the
 * same (object, reason, message) within 10 minutes update `count` and `lastTimestamp` of one Event
 * instead of creating another (upstream's aggregation, so no event storms). Failures are dropped:
 * events are best effort.
 */
export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number; at: number }>();

  constructor(
    private readonly client: KubeClient,
    private readonly source: EventSource,
    private readonly opts: EventRecorderOptions = {},
  ) {}

  event(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const write = (): Promise<void> => this.record(obj, type, reason, message).catch(() => undefined);
    if (this.opts.schedule) this.opts.schedule(write);
    else void write();
  }

  private async record(obj: KObject, type: string, reason: string, message: string): Promise<void> {
    const md = obj.metadata ?? {};
    const namespace = md.namespace || 'default';
    const key = `${obj.kind}/${namespace}/${md.name}/${md.uid}/${reason}/${message}`;
    const now = formatTime();
    const prior = this.seen.get(key);
    if (prior && Date.now() - prior.at < 10 * 60 * 1000) {
      prior.count++;
      prior.at = Date.now();
      await this.client.request('PATCH', `/api/v1/namespaces/${prior.namespace}/events/${prior.name}`, {
        contentType: 'application/merge-patch+json',
        body: { count: prior.count, lastTimestamp: now },
      });
      return;
    }
    const name = `${md.name}.${randomBytes(8).toString('hex')}`;
    await this.client.request('POST', `/api/v1/namespaces/${namespace}/events`, {
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { name, namespace },
        involvedObject: {
          kind: obj.kind,
          namespace: md.namespace,
          name: md.name,
          uid: md.uid,
          apiVersion: obj.apiVersion,
          resourceVersion: md.resourceVersion,
        },
        reason,
        message,
        type,
        source: { component: this.source.component, ...(this.source.host ? { host: this.source.host } : {}) },
        reportingComponent: this.source.component,
        reportingInstance: this.source.host ?? '',
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
    this.seen.set(key, { name, namespace, count: 1, at: Date.now() });
    if (this.seen.size > 10_000) this.seen.delete(this.seen.keys().next().value as string);
  }
}
