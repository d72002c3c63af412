import type * as k8s from '@kubernetes/client-node';
import { EventRecorder, KubeClient, LeaderElector } from '../../../libs/client/src/index.js';
import { CONTROLLERS, selectControllers } from './controller.registry.js';
import type { Controller, ControllerConfig, ControllerContext } from './shared/controller.interface.js';
import { SharedInformerFactory } from './shared/informer.factory.js';

interface ControllerManagerOptions {
  kubeConfig: k8s.KubeConfig;
  /** `--controllers` items, e.g. ['*', '-garbagecollector']. */
  controllers?: string[];
  leaderElect?: boolean;
  workers?: number;
  config?: ControllerConfig;
  onStoppedLeading?: () => void;
}

export interface ControllerManager {
  /** Resolves once the selected controllers have synced their informers and run (or immediately when waiting for the lease). */
  readonly ready: Promise<void>;
  /** Stops the controllers and releases the Lease if held. */
  stop(): Promise<void>;
}

/**
 * The kube-controller-manager of this control plane: the selected controllers on one set of
 * shared informers, started only while holding the `kube-controller-manager` Lease when leader
 * election is on.
 */
export function startControllerManager(opts: ControllerManagerOptions): ControllerManager {
  const client = new KubeClient(opts.kubeConfig);
  let informers: SharedInformerFactory | undefined;
  let running: Controller[] = [];
  let stopped = false;

  const startControllers = async (): Promise<void> => {
    informers = new SharedInformerFactory(client);
    const ctx: ControllerContext = {
      client,
      informers,
      workers: opts.workers ?? 2,
      config: opts.config ?? {},
      recorder: (component) => new EventRecorder(client, { component }),
    };
    running = selectControllers(opts.controllers ?? ['*']).map((n) => CONTROLLERS.get(n)!(ctx));
    await informers.start();
    if (stopped) return;
    for (const c of running) c.run();
  };
  const stopControllers = (): void => {
    for (const c of running) c.stop();
    running = [];
    informers?.stop();
    informers = undefined;
  };

  let elector: LeaderElector | undefined;
  let ready: Promise<void>;
  if (opts.leaderElect) {
    let resolveReady: () => void = () => undefined;
    ready = new Promise((r) => (resolveReady = r));
    elector = new LeaderElector(client, {
      name: 'kube-controller-manager',
      namespace: 'kube-system',
      onStartedLeading: () => void startControllers().then(resolveReady),
      onStoppedLeading: () => {
        stopControllers();
        if (!stopped) opts.onStoppedLeading?.();
      },
    });
    elector.start();
  } else {
    ready = startControllers();
  }
  return {
    ready,
    async stop() {
      stopped = true;
      stopControllers();
      await elector?.stop();
      client.close();
    },
  };
}
