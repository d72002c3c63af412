import type { ContainerLogBuffer } from '../logs/container-log.buffer.js';
import type { SimNode } from '../node/sim.node.js';
import type { TimerHandle } from '../sim/timer.queue.js';
import type { PodContainerSpec } from './pod.types.js';

export interface TerminatedState {
  exitCode: number;
  /** StartError: the process could not be started at all (exit code 128, as containerd reports it). */
  reason: 'Completed' | 'Error' | 'StartError';
  message?: string;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

export type ContainerState =
  | { kind: 'waiting'; reason: string; message?: string }
  | { kind: 'running'; startedAt: number }
  | { kind: 'terminated'; t: TerminatedState };

/** One simulated container: what a CRI runtime would report about it. */
export interface ContainerRuntime {
  name: string;
  spec: PodContainerSpec;
  image: string;
  pullPolicy: string;
  init: boolean;
  /** Init container with restartPolicy Always: starts in order, then keeps running. */
  sidecar: boolean;
  readinessDelayMs: number;
  state: ContainerState;
  lastTerminated?: TerminatedState;
  restartCount: number;
  containerID?: string;
  ready: boolean;
  /** Current CrashLoopBackOff delay; 0 until the first failure (first restart is immediate). */
  backoffMs: number;
  /** Readiness, back-off and create-retry steps of the pod worker (the runtime keeps its own). */
  timer?: TimerHandle;
  /** The current (or last, while waiting to restart) instance's log, and the one before it. */
  log?: ContainerLogBuffer;
  previousLog?: ContainerLogBuffer;
}

export type Phase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface ConditionState {
  status: 'True' | 'False';
  reason?: string;
  message?: string;
  lastTransitionTime: number;
}

/** The agent's in-memory truth for one pod on one of its nodes; status is derived from it. */
export interface PodRuntime {
  key: string;
  uid: string;
  namespace: string;
  name: string;
  node: SimNode;
  restartPolicy: string;
  hostNetwork: boolean;
  podIP?: string;
  /** Whether podIP is still reserved in the node's allocator (released once, at teardown or forget). */
  ipHeld: boolean;
  startTime: number;
  phase: Phase;
  sandboxReady: boolean;
  initDone: boolean;
  /** Next init container to start. */
  initIndex: number;
  init: ContainerRuntime[];
  main: ContainerRuntime[];
  conditions: Map<string, ConditionState>;
  /** Run time (Never/OnFailure) and exit code from annotations. */
  runMs: number;
  exitCode: number;
  crashAfterMs?: number;
  stopMs?: number;
  terminating: boolean;
  /** Set once containers are stopped: the status syncer deletes the pod after its final write. */
  finalize: boolean;
  timer?: TimerHandle;
  /** Gone from the API and forgotten: a runtime start still in flight must not run it. */
  removed?: boolean;
  /** Found terminal when the agent started: nothing to report, only deletion to finish. */
  skipStatus?: boolean;
  /** Hash of the last status written, to skip identical writes. */
  lastWritten?: number;
}
