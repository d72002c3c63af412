export type AttemptResult = 'scheduled' | 'unschedulable' | 'error';
type QueueName = 'active' | 'backoff' | 'unschedulable';

/** Upstream's scheduling_attempt_duration_seconds buckets: ExponentialBuckets(0.001, 2, 15), 1 ms … 16 s. */
const ATTEMPT_DURATION_BUCKETS: readonly number[] = Array.from({ length: 15 }, (_, i) => 0.001 * 2 ** i);

const RESULTS: readonly AttemptResult[] = ['scheduled', 'unschedulable', 'error'];

class Histogram {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0);
  }
  observe(v: number): void {
    this.sum += v;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (v <= this.buckets[i]!) this.counts[i]!++;
  }
}

/** Shortest decimal Prometheus accepts for a bucket bound (0.001, 0.256, 16.384). */
function le(v: number): string {
  return String(Number(v.toPrecision(12)));
}

/**
 * The scheduler's Prometheus metrics, named and labelled as kube-scheduler's
 * (pkg/scheduler/metrics): attempts by result, attempt latency, pending pods per queue.
 */
export class SchedulerMetrics {
  private readonly attempts = new Map<AttemptResult, number>(RESULTS.map((r) => [r, 0]));
  private readonly durations = new Map<AttemptResult, Histogram>(RESULTS.map((r) => [r, new Histogram(ATTEMPT_DURATION_BUCKETS)]));
  private preemptionAttempts = 0;
  private preemptionVictims = 0;

  constructor(
    readonly profile: string,
    private readonly pending: () => Record<QueueName, number>,
  ) {}

  /** One scheduling attempt ended; `seconds` runs from the pop to the result (bind included when it bound). */
  observeAttempt(result: AttemptResult, seconds: number): void {
    this.attempts.set(result, (this.attempts.get(result) ?? 0) + 1);
    this.durations.get(result)!.observe(seconds);
  }

  observePreemption(victims: number): void {
    this.preemptionAttempts++;
    this.preemptionVictims += victims;
  }

  attemptCount(result: AttemptResult): number {
    return this.attempts.get(result) ?? 0;
  }

  /** Prometheus text exposition format 0.0.4. */
  render(): string {
    const p = `profile="${this.profile}"`;
    const out: string[] = [];
    out.push(
      "# HELP scheduler_schedule_attempts_total [STABLE] Number of attempts to schedule pods, by the result. 'unschedulable' means a pod could not be scheduled, while 'error' means an internal scheduler problem.",
    );
    out.push('# TYPE scheduler_schedule_attempts_total counter');
    for (const r of RESULTS) out.push(`scheduler_schedule_attempts_total{${p},result="${r}"} ${this.attempts.get(r) ?? 0}`);
    out.push(
      '# HELP scheduler_scheduling_attempt_duration_seconds [STABLE] Scheduling attempt latency in seconds (scheduling algorithm + binding)',
    );
    out.push('# TYPE scheduler_scheduling_attempt_duration_seconds histogram');
    for (const r of RESULTS) {
      const h = this.durations.get(r)!;
      const labels = `${p},result="${r}"`;
      h.buckets.forEach((b, i) => out.push(`scheduler_scheduling_attempt_duration_seconds_bucket{${labels},le="${le(b)}"} ${h.counts[i]}`));
      out.push(`scheduler_scheduling_attempt_duration_seconds_bucket{${labels},le="+Inf"} ${h.count}`);
      out.push(`scheduler_scheduling_attempt_duration_seconds_sum{${labels}} ${h.sum}`);
      out.push(`scheduler_scheduling_attempt_duration_seconds_count{${labels}} ${h.count}`);
    }
    out.push(
      "# HELP scheduler_pending_pods [STABLE] Number of pending pods, by the queue type. 'active' means number of pods in activeQ; 'backoff' means number of pods in backoffQ; 'unschedulable' means number of pods in unschedulablePods.",
    );
    out.push('# TYPE scheduler_pending_pods gauge');
    const pending = this.pending();
    for (const q of ['active', 'backoff', 'unschedulable'] as const) out.push(`scheduler_pending_pods{queue="${q}"} ${pending[q]}`);
    out.push('# HELP scheduler_preemption_attempts_total [STABLE] Total preemption attempts in the cluster till now');
    out.push('# TYPE scheduler_preemption_attempts_total counter');
    out.push(`scheduler_preemption_attempts_total ${this.preemptionAttempts}`);
    out.push('# HELP scheduler_preemption_victims_total Number of pods evicted by preemption (upstream exposes a histogram per attempt).');
    out.push('# TYPE scheduler_preemption_victims_total counter');
    out.push(`scheduler_preemption_victims_total ${this.preemptionVictims}`);
    return `${out.join('\n')}\n`;
  }
}
