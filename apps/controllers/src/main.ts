import { loadKubeConfig } from '../../../libs/client/src/index.js';
import { startControllerManager } from './manager.js';

function flag(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}

const leaderElect = (flag('leader-elect') ?? 'true') !== 'false';
const controllers = (flag('controllers') ?? '*').split(',').map((s) => s.trim()).filter(Boolean);
const workers = Number(flag('concurrent-syncs') ?? 2);

const manager = startControllerManager({
  kubeConfig: loadKubeConfig(process.argv),
  leaderElect,
  controllers,
  workers,
  // As upstream: losing the lease ends the process; the supervisor restarts it as a candidate.
  onStoppedLeading: () => {
    console.error('controllers: leader election lost');
    process.exit(1);
  },
});
void manager.ready.then(() => console.log(`controllers: running ${controllers.join(',')}`));

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    manager.stop();
    process.exit(0);
  });
}
