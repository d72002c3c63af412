import type { ContainerLogBuffer } from '../logs/container-log.buffer.js';
import type { ContainerRuntime, PodRuntime } from '../pod/pod.runtime.js';

/** How an instance ended, as a CRI runtime reports it. */
export interface ContainerExit {
  exitCode: number;
  reason?: 'StartError';
  message?: string;
}

/** Why an instance could not be created; the container stays Waiting with this reason. */
export interface CreateFailure {
  reason: 'CreateContainerConfigError' | 'CreateContainerError';
  message: string;
}

export interface StartRequest {
  rt: PodRuntime;
  c: ContainerRuntime;
  containerID: string;
  log: ContainerLogBuffer;
  /** Called once when this instance ends, on its own or after stop(). */
  exited: (exit: ContainerExit) => void;
  /** Agent restart: the instance has been running this long already (simulated runtime only). */
  elapsedMs?: number;
}

/**
 * The runtime half of the kubelet (CRI): creates, stops and removes container instances. The pod
 * worker (PodLifecycle) owns states, restarts and back-off, so every runtime gets the same pod
 * phases, conditions and statuses.
 */
export interface ContainerEngine {
  readonly name: 'simulated' | 'process';
  /** Scheme of container IDs (`kop-sim://…`). */
  readonly idScheme: string;
  /** Whether instances survive an agent restart, so running pods can be adopted as they are. */
  readonly survivesRestart: boolean;
  /** A log buffer for a new instance (the simulated runtime adds its periodic lines). */
  newLog(c: ContainerRuntime, startedAt: number): ContainerLogBuffer;
  /** Creates and starts an instance; undefined once it runs, a CreateFailure if it could not be created. */
  start(req: StartRequest): CreateFailure | undefined | Promise<CreateFailure | undefined>;
  /** Graceful stop: SIGTERM, SIGKILL once graceMs is over; the instance then reports through `exited`. */
  stop(rt: PodRuntime, c: ContainerRuntime, graceMs: number): void;
  /** The pod is gone: kill whatever still runs and drop its sandbox. */
  remove(rt: PodRuntime): void;
  /** Agent shutdown. */
  close(): Promise<void>;
}
