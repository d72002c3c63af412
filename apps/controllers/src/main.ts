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
const controllers = (flag('controllers') ?? '*')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const workers = Number(flag('concurrent-syncs') ?? 2);

/** A Go duration flag (`40s`, `5m0s`, `500ms`) in milliseconds; undefined when not given. */
function durationFlag(name: string): number | undefined {
  const v = flag(name);
  if (v === undefined) return undefined;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  const parts = [...v.matchAll(/([0-9.]+)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== v) throw new Error(`invalid duration for --${name}: ${v}`);
  for (const p of parts) ms += Number(p[1]) * (units[p[2] ?? 's'] ?? 1000);
  return ms;
}
const maxEndpointsPerSlice = flag('max-endpoints-per-slice');
const config = {
  nodeMonitorGracePeriodMs: durationFlag('node-monitor-grace-period'),
  nodeMonitorPeriodMs: durationFlag('node-monitor-period'),
  nodeStartupGracePeriodMs: durationFlag('node-startup-grace-period'),
  podEvictionTimeoutMs: durationFlag('pod-eviction-timeout'),
  maxEndpointsPerSlice: maxEndpointsPerSlice === undefined ? undefined : Number(maxEndpointsPerSlice),
};

const manager = startControllerManager({
  kubeConfig: loadKubeConfig(process.argv),
  leaderElect,
  controllers,
  workers,
  config,
  // As upstream: losing the lease ends the process; the supervisor restarts it as a candidate.
  onStoppedLeading: () => {
    console.error('controllers: leader election lost');
    process.exit(1);
  },
});
void manager.ready.then(() => console.log(`controllers: running ${controllers.join(',')}`));

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    void manager.stop().then(() => process.exit(0));
  });
}
