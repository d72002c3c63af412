import type { EventRecorder, KubeClient } from '../../../../libs/client/src/index.js';
import type { SharedInformerFactory } from './informer.factory.js';

export interface ControllerContext {
  readonly client: KubeClient;
  readonly informers: SharedInformerFactory;
  recorder(component: string): EventRecorder;
  /** Workers per controller queue. */
  readonly workers: number;
  /** Per-controller tunables (upstream's kube-controller-manager flags); unset fields take upstream defaults. */
  readonly config?: ControllerConfig;
}

/** Durations in milliseconds. */
export interface ControllerConfig {
  /** --node-monitor-grace-period (40 s): a node whose kubelet posted nothing for this long is Unknown. */
  nodeMonitorGracePeriodMs?: number;
  /** --node-monitor-period (5 s): how often node health is checked. */
  nodeMonitorPeriodMs?: number;
  /** --node-startup-grace-period (60 s): the same, for a node that never posted Ready. */
  nodeStartupGracePeriodMs?: number;
  /** --pod-eviction-timeout (300 s): tolerationSeconds assumed for a pod without a not-ready/unreachable toleration. */
  podEvictionTimeoutMs?: number;
  /** --max-endpoints-per-slice (100). */
  maxEndpointsPerSlice?: number;
}

/** A controller registers its informer handlers when constructed and runs its workers after sync. */
export interface Controller {
  readonly name: string;
  run(): void;
  stop(): void;
}

export type ControllerFactory = (ctx: ControllerContext) => Controller;
