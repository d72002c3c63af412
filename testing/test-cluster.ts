import * as k8s from '@kubernetes/client-node';
import { startControllerManager, type ControllerManager } from '../apps/controllers/src/manager.js';
import { startNodeAgent } from '../apps/node-agent/src/node-agent.js';
import { startScheduler } from '../apps/scheduler/src/scheduler.js';
import { startTestServer, type TestServer } from './test-server.js';

export interface TestCluster extends TestServer {
  readonly kc: k8s.KubeConfig;
}

/**
 * A whole control plane for one test file: apiserver on its own database, controller manager,
 * scheduler and a node agent with `nodes` simulated nodes (all in-process, fast timings).
 */
export async function startTestCluster(opts: { nodes?: number } = {}): Promise<TestCluster> {
  const t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  const agent = await startNodeAgent({
    kubeConfig: kc,
    nodes: opts.nodes ?? 2,
    podStartupMs: 100,
    runMs: 300,
    leaseIntervalMs: 2000,
    kubeletPort: 0,
  });
  const scheduler = await startScheduler({ kubeConfig: kc, leaderElect: false });
  const manager: ControllerManager = startControllerManager({ kubeConfig: kc, leaderElect: false });
  await manager.ready;
  return {
    ...t,
    kc,
    async stop() {
      await manager.stop();
      await scheduler.stop();
      await agent.stop();
      await t.stop();
    },
  };
}
