import { loadKubeConfig } from '../../../libs/client/src/index.js';
import { startScheduler } from './scheduler.js';

function flag(name: string, fallback: string): string {
  const argv = process.argv;
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback;
}

const scheduler = await startScheduler({
  kubeConfig: loadKubeConfig(process.argv),
  leaderElect: flag('leader-elect', 'true') !== 'false',
  schedulerName: flag('scheduler-name', 'default-scheduler'),
  bindConcurrency: Number(flag('bind-concurrency', '16')),
  // kube-scheduler's secure port is 10259; here /healthz and /metrics are plain HTTP on 127.0.0.1.
  port: Number(flag('port', '10259')),
  log: (line) => process.stderr.write(`scheduler: ${line}\n`),
});
process.stderr.write(
  `scheduler: informers synced (identity ${scheduler.identity}), /healthz and /metrics on http://127.0.0.1:${scheduler.port ?? ''}\n`,
);

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void scheduler.stop().then(() => process.exit(0));
  });
}
