/**
 * The outcome of one plugin call, as upstream's framework.Status. Success is `null` so the filter
 * loop over thousands of nodes allocates nothing on the happy path.
 */
export enum Code {
  Error = 'Error',
  /** The node could fit after a change (preemption could help). */
  Unschedulable = 'Unschedulable',
  /** No change to other pods helps on this node (preemption is pointless). */
  UnschedulableAndUnresolvable = 'UnschedulableAndUnresolvable',
  /** The plugin has nothing to say for this pod (PreScore/Score skipped). */
  Skip = 'Skip',
}

export interface Status {
  readonly code: Code;
  readonly reasons: readonly string[];
  /** Filled in by the framework: which plugin rejected. */
  plugin?: string;
}

export type Result = Status | null;

export function status(code: Code, ...reasons: string[]): Status {
  return { code, reasons };
}

export function isRejection(s: Result): s is Status {
  return s !== null && (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable);
}
