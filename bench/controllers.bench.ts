import * as k8s from '@kubernetes/client-node';
import { Informer, KubeClient, type KObject } from '../libs/client/src/index.js';
import { startTestServer } from '../testing/test-server.js';
import { startControllerManager } from '../apps/controllers/src/manager.js';

/**
 * The controller manager's create throughput: one Deployment of BENCH_REPLICAS (10,000) replicas;
 * the figure is the time from the Deployment's create to the last pod seen through a watch, with
 * the deployment and replicaset controllers in-process against a test apiserver.
 */
const REPLICAS = Number(process.env['BENCH_REPLICAS'] ?? 10_000);
const WORKERS = Number(process.env['BENCH_WORKERS'] ?? 5);

async function main(): Promise<void> {
  const t = await startTestServer();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(t.kubeconfig);
  const client = new KubeClient(kc);
  const manager = startControllerManager({
    kubeConfig: kc,
    controllers: ['deployment', 'replicaset'],
    leaderElect: false,
    workers: WORKERS,
  });
  await manager.ready;
  await client.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } } });
  const pods = new Informer<KObject>(client, '/api/v1/namespaces/bench/pods');
  await pods.start();

  let done: () => void = () => undefined;
  const all = new Promise<void>((r) => (done = r));
  const check = (): void => {
    if (pods.list().length >= REPLICAS) done();
  };
  pods.on('add', check);
  const t0 = performance.now();
  await client.request('POST', '/apis/apps/v1/namespaces/bench/deployments', {
    body: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'big' },
      spec: {
        replicas: REPLICAS,
        selector: { matchLabels: { app: 'big' } },
        template: { metadata: { labels: { app: 'big' } }, spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10' }] } },
      },
    },
  });
  const progress = setInterval(
    () => console.error(`  ${pods.list().length}/${REPLICAS} pods after ${((performance.now() - t0) / 1000).toFixed(1)} s`),
    5000,
  );
  await all;
  clearInterval(progress);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `controllers: deployment of ${REPLICAS} replicas → all pods created in ${seconds.toFixed(1)} s (${(REPLICAS / seconds).toFixed(0)} pods/s), ${WORKERS} workers, in-process apiserver + manager`,
  );
  pods.stop();
  await manager.stop();
  client.close();
  await t.stop();
}

await main();
