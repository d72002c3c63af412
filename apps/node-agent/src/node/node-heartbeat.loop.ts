import { TimerQueue } from '../sim/timer.queue.js';
import type { NodeLeaseHeartbeat } from './node-lease.heartbeat.js';
import type { NodeRegistrar } from './node.registrar.js';
import type { SimNode } from './sim.node.js';

/** What the lease loop achieved, for benchmarks: how late renewals left and how long they took. */
export interface LeaseStats {
  renewals: number;
  failures: number;
  /** Worst delay between a renewal's deadline and its request leaving. */
  maxStartLateMs: number;
  /** Worst round trip of one renewal. */
  maxLatencyMs: number;
}

interface Beat {
  sim: SimNode;
  /** When the next renewal is due; advances by the interval, not from when the last one ended. */
  deadline: number;
  inFlight: boolean;
  /** Due while the previous renewal was still in flight: send as soon as it returns. */
  owed: boolean;
}

/** A failed renewal is retried well before the next deadline (kubelet: 200 ms doubling to 7 s). */
const RETRY_MS = 1000;

/**
 * Node liveness for every simulated node: lease renewals at a fixed rate and node status
 * heartbeats, on a timer heap of their own so that no burst of pod steps runs ahead of a due
 * renewal. Renewals run to a deadline grid (first one spread over the interval), so a slow write
 * delays only itself, never every later renewal of that node.
 */
export class NodeHeartbeatLoop {
  private readonly timers: TimerQueue;
  private readonly beats: Beat[] = [];
  private stopped = false;
  readonly stats: LeaseStats = { renewals: 0, failures: 0, maxStartLateMs: 0, maxLatencyMs: 0 };

  constructor(
    private readonly leases: Pick<NodeLeaseHeartbeat, 'renew'>,
    private readonly registrar: Pick<NodeRegistrar, 'writeStatus'>,
    private readonly leaseIntervalMs: number,
    private readonly nodeStatusIntervalMs: number,
    private readonly log: (msg: string) => void,
  ) {
    this.timers = new TimerQueue((e) => log(`heartbeat step failed: ${String(e)}`));
  }

  start(nodes: readonly SimNode[]): void {
    const now = Date.now();
    nodes.forEach((sim, i) => {
      // Spread over the interval so N nodes make a steady trickle, not a burst.
      const spread = 0.5 + (0.5 * i) / nodes.length;
      const beat: Beat = { sim, deadline: now + this.leaseIntervalMs * spread, inFlight: false, owed: false };
      this.beats.push(beat);
      this.timers.schedule(beat.deadline - now, () => this.due(beat));
      this.statusLoop(sim, this.nodeStatusIntervalMs * spread);
    });
  }

  stop(): void {
    this.stopped = true;
    this.timers.stop();
  }

  private due(beat: Beat): void {
    if (this.stopped) return;
    const now = Date.now();
    // After a stall longer than an interval, start a new grid from now instead of catching up.
    beat.deadline = Math.max(beat.deadline + this.leaseIntervalMs, now + this.leaseIntervalMs / 2);
    this.timers.schedule(beat.deadline - now, () => this.due(beat));
    if (beat.inFlight) beat.owed = true;
    else this.renew(beat, now - (beat.deadline - this.leaseIntervalMs));
  }

  private renew(beat: Beat, lateMs: number): void {
    beat.inFlight = true;
    beat.owed = false;
    const t0 = Date.now();
    this.stats.maxStartLateMs = Math.max(this.stats.maxStartLateMs, lateMs);
    this.leases.renew(beat.sim).then(
      () => {
        this.stats.renewals++;
        this.stats.maxLatencyMs = Math.max(this.stats.maxLatencyMs, Date.now() - t0);
        this.settled(beat);
      },
      (e: unknown) => {
        this.stats.failures++;
        this.log(`lease ${beat.sim.id.name}: ${String(e)}`);
        this.settled(beat);
        if (!this.stopped && beat.deadline - Date.now() > 2 * RETRY_MS) {
          this.timers.schedule(RETRY_MS, () => !beat.inFlight && !this.stopped && this.renew(beat, 0));
        }
      },
    );
  }

  private settled(beat: Beat): void {
    beat.inFlight = false;
    if (beat.owed && !this.stopped) this.renew(beat, Date.now() - (beat.deadline - this.leaseIntervalMs));
  }

  private statusLoop(sim: SimNode, delayMs: number): void {
    this.timers.schedule(delayMs, () => {
      if (this.stopped) return;
      this.registrar
        .writeStatus(sim, true)
        .catch((e: unknown) => this.log(`node status ${sim.id.name}: ${String(e)}`))
        .finally(() => this.statusLoop(sim, this.nodeStatusIntervalMs));
    });
  }
}
