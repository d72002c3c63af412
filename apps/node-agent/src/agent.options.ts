/** Everything one node-agent process needs to know; flags map 1:1 onto these fields. */
export interface NodeAgentOptions {
  /** How many simulated nodes this process hosts. */
  nodes: number;
  nodeNamePrefix: string;
  cpu: string;
  memory: string;
  pods: string;
  ephemeralStorage: string;
  zone?: string;
  region?: string;
  /** `key=value:Effect` or `key:Effect`, comma separated. */
  taints: Array<{ key: string; value?: string; effect: string }>;
  /** Lease renewal period (kubelet: 10 s, a quarter of the 40 s lease). */
  leaseIntervalMs: number;
  /** Node status heartbeat when nothing changed (kubelet: nodeStatusReportFrequency 5 min; we use 1 min). */
  nodeStatusIntervalMs: number;
  /** Time from admission to the sandbox being ready (image pull, CNI), so users see Pending first. */
  podStartupMs: number;
  /** How long a (non-sidecar) init container runs before exiting 0. */
  initContainerMs: number;
  /** Default run time of containers in restartPolicy Never/OnFailure pods. */
  runMs: number;
  /** CrashLoopBackOff base delay (kubelet: 10 s, doubling to 5 min). */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a container takes to stop after SIGTERM (bounded by the grace period). */
  stopMs: number;
  /** Concurrent status writes. */
  statusWorkers: number;
  /** First node index, so that several agent processes get disjoint names, CIDRs and IPs. */
  indexOffset: number;
  /** Port of the one kubelet HTTP server (container logs) on 127.0.0.1 for all nodes; 0 = ephemeral. */
  kubeletPort: number;
  /** How often a running simulated container prints a line. */
  logIntervalMs: number;
  /** `simulated` (timers only) or `process` (runs each container's command on this host). */
  runtime: 'simulated' | 'process';
}

export const defaultNodeAgentOptions: NodeAgentOptions = {
  nodes: 3,
  nodeNamePrefix: 'node-',
  cpu: '4',
  memory: '16Gi',
  pods: '110',
  ephemeralStorage: '100Gi',
  taints: [],
  leaseIntervalMs: 10_000,
  nodeStatusIntervalMs: 60_000,
  podStartupMs: 500,
  initContainerMs: 500,
  runMs: 1000,
  backoffBaseMs: 10_000,
  backoffMaxMs: 300_000,
  stopMs: 0,
  statusWorkers: 16,
  indexOffset: 0,
  kubeletPort: 0,
  logIntervalMs: 5000,
  runtime: 'simulated',
};

function parseTaints(spec: string): NodeAgentOptions['taints'] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((t) => {
      const m = /^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/.exec(t);
      if (!m) throw new Error(`invalid taint ${JSON.stringify(t)}: want key[=value]:NoSchedule|PreferNoSchedule|NoExecute`);
      return m[2] === undefined ? { key: m[1]!, effect: m[3]! } : { key: m[1]!, value: m[2], effect: m[3]! };
    });
}

const numeric: Record<string, keyof NodeAgentOptions> = {
  '--nodes': 'nodes',
  '--lease-interval-ms': 'leaseIntervalMs',
  '--node-status-interval-ms': 'nodeStatusIntervalMs',
  '--pod-startup-ms': 'podStartupMs',
  '--init-container-ms': 'initContainerMs',
  '--run-ms': 'runMs',
  '--backoff-base-ms': 'backoffBaseMs',
  '--backoff-max-ms': 'backoffMaxMs',
  '--stop-ms': 'stopMs',
  '--status-workers': 'statusWorkers',
  '--index-offset': 'indexOffset',
  '--kubelet-port': 'kubeletPort',
  '--log-interval-ms': 'logIntervalMs',
};
const textual: Record<string, 'nodeNamePrefix' | 'cpu' | 'memory' | 'pods' | 'ephemeralStorage' | 'zone' | 'region'> = {
  '--node-name-prefix': 'nodeNamePrefix',
  '--cpu': 'cpu',
  '--memory': 'memory',
  '--pods': 'pods',
  '--ephemeral-storage': 'ephemeralStorage',
  '--zone': 'zone',
  '--region': 'region',
};

/** `--flag=value` or `--flag value`; unknown flags are an error so typos do not pass silently. */
export function parseNodeAgentFlags(argv: readonly string[]): NodeAgentOptions {
  const o: NodeAgentOptions = { ...defaultNodeAgentOptions, taints: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    const flag = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (flag === '--kubeconfig') continue;
    if (value === undefined) throw new Error(`flag ${flag} needs a value`);
    const num = numeric[flag];
    const txt = textual[flag];
    if (num) {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0) throw new Error(`flag ${flag}: not a non-negative number: ${value}`);
      (o as unknown as Record<string, number>)[num] = n;
    } else if (txt) o[txt] = value;
    else if (flag === '--taints') o.taints = parseTaints(value);
    else if (flag === '--runtime') {
      if (value !== 'simulated' && value !== 'process') throw new Error(`flag --runtime: want simulated or process, got ${value}`);
      o.runtime = value;
    } else throw new Error(`unknown flag ${flag}`);
  }
  return o;
}
