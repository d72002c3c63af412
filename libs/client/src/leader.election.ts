import { hostname } from 'node:os';
import type { Lease } from '../../api/src/model/coordination.types.js';
import { formatMicroTime as microTime } from '../../apimachinery/src/time/metav1.time.js';
import { ApiStatusError, type KubeClient } from './kube.client.js';

interface LeaderElectionOptions {
  /** Lease name in `namespace` (kube-system), e.g. 'kube-scheduler'. */
  name: string;
  namespace?: string;
  identity?: string;
  leaseDurationSeconds?: number;
  renewEveryMs?: number;
  /**
   * How long the leader keeps leading while renewals fail (client-go's RenewDeadline, 10 s with a
   * 15 s lease): a short apiserver or database outage does not cost the leadership.
   */
  renewDeadlineMs?: number;
  /** How long `stop()` may spend releasing the Lease. */
  releaseTimeoutMs?: number;
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
}

/**
 * Leader election on a coordination.k8s.io Lease, as client-go's leaderelection does: the holder
 * renews `renewTime`; another candidate takes over once the lease is older than its duration, or
 * at once when it has no holder. Compare-and-swap on resourceVersion makes the takeover safe with
 * any number of candidates. `stop()` releases a held Lease as ReleaseOnCancel does, so a successor
 * (e.g. the next `npm start`) need not wait for it to expire.
 */
export class LeaderElector {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private leading = false;
  private stopped = false;
  /** When this candidate last wrote the Lease as its holder. */
  private lastRenew = 0;
  readonly identity: string;

  constructor(
    private readonly client: KubeClient,
    private readonly opts: LeaderElectionOptions,
  ) {
    this.identity = opts.identity ?? `${hostname()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  start(): void {
    this.stopped = false;
    const tick = async () => {
      try {
        await this.tryAcquireOrRenew();
      } catch {
        // Only a leader that could not renew for the whole deadline steps down (client-go's renew loop).
        if (Date.now() - this.lastRenew >= this.renewDeadlineMs) this.setLeading(false);
      }
    };
    const loop = () => {
      this.inFlight = tick().finally(() => {
        this.inFlight = undefined;
        if (!this.stopped) this.timer = setTimeout(loop, this.opts.renewEveryMs ?? 2000);
      });
    };
    loop();
  }

  /**
   * Stops campaigning and, if this candidate holds the Lease, releases it: no holder, a duration
   * of 1 s and the current time, keeping `leaseTransitions`. A failed release is not an error: the
   * Lease then expires as it would have.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
    this.setLeading(false);
    // Released even after failed renewals: the Lease may still name this candidate (release() checks).
    if (this.lastRenew === 0) return;
    const timeout = AbortSignal.timeout(this.opts.releaseTimeoutMs ?? 5000);
    try {
      await this.release(timeout);
    } catch {
      // The apiserver is gone or the Lease moved on: nothing left to release.
    }
  }

  private get renewDeadlineMs(): number {
    return this.opts.renewDeadlineMs ?? Math.round(((this.opts.leaseDurationSeconds ?? 15) * 1000 * 2) / 3);
  }

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${this.opts.namespace ?? 'kube-system'}/leases`;
  }

  private async release(signal: AbortSignal): Promise<void> {
    const lease = await this.client.request<Lease>('GET', `${this.path}/${this.opts.name}`, { signal });
    if (lease.spec?.holderIdentity !== this.identity) return;
    const now = microTime();
    lease.spec = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: lease.spec.leaseTransitions ?? 0,
    };
    // Carries the resourceVersion read above: a candidate that took over meanwhile wins (409).
    await this.client.request('PUT', `${this.path}/${this.opts.name}`, { body: lease, signal });
  }

  private async tryAcquireOrRenew(): Promise<void> {
    const duration = this.opts.leaseDurationSeconds ?? 15;
    const now = new Date();
    let lease: Lease | undefined;
    try {
      lease = await this.client.get<Lease>(`${this.path}/${this.opts.name}`);
    } catch (e) {
      if (!(e instanceof ApiStatusError && e.code === 404)) throw e;
    }
    if (this.stopped) return;
    if (!lease) {
      await this.client.request('POST', this.path, {
        body: {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name: this.opts.name, namespace: this.opts.namespace ?? 'kube-system' },
          spec: {
            holderIdentity: this.identity,
            leaseDurationSeconds: duration,
            acquireTime: microTime(now),
            renewTime: microTime(now),
            leaseTransitions: 0,
          },
        },
      });
      this.lastRenew = now.getTime();
      this.setLeading(true);
      return;
    }
    const spec = lease.spec ?? {};
    const renewed = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    const expired = renewed + (spec.leaseDurationSeconds ?? duration) * 1000 < now.getTime();
    // A released Lease (no holder) is free at once, as in client-go.
    const held = !!spec.holderIdentity && spec.holderIdentity !== this.identity;
    if (held && !expired) {
      this.lastRenew = 0;
      this.setLeading(false);
      return;
    }
    const takeover = spec.holderIdentity !== this.identity;
    lease.spec = {
      ...spec,
      holderIdentity: this.identity,
      leaseDurationSeconds: duration,
      renewTime: microTime(now),
      ...(takeover ? { acquireTime: microTime(now), leaseTransitions: (spec.leaseTransitions ?? 0) + 1 } : {}),
    };
    await this.client.request('PUT', `${this.path}/${this.opts.name}`, { body: lease });
    this.lastRenew = now.getTime();
    this.setLeading(true);
  }

  private setLeading(v: boolean): void {
    if (v === this.leading) return;
    this.leading = v;
    if (v) this.opts.onStartedLeading();
    else this.opts.onStoppedLeading();
  }
}
