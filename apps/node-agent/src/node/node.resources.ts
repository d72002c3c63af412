import type { NodeAgentOptions } from '../agent.options.js';

const SUFFIX: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

/** A byte quantity ("16Gi", "100G", "1048576"); enough of resource.Quantity for node sizes. */
function parseBytes(q: string): number {
  const m = /^(\d+(?:\.\d+)?)([kMGTP]i?|)$/.exec(q.trim());
  const mult = m ? SUFFIX[m[2]!] : undefined;
  if (!m || mult === undefined) throw new Error(`not a byte quantity: ${JSON.stringify(q)}`);
  return Math.floor(Number(m[1]) * mult);
}

/** Kubelet defaults for --eviction-hard: memory.available<100Mi, nodefs.available<10%. */
const EVICTION_MEMORY = 100 * 2 ** 20;
const EVICTION_NODEFS_FRACTION = 0.1;

/**
 * Capacity is what the machine has (the flags); allocatable is capacity minus the kubelet's hard
 * eviction thresholds (no kube/system reservation configured), as a default kubelet reports it:
 * memory in Ki, ephemeral storage in bytes.
 */
export function nodeResources(o: NodeAgentOptions): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  const capacity = {
    cpu: o.cpu,
    'ephemeral-storage': o.ephemeralStorage,
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: o.memory,
    pods: o.pods,
  };
  const memory = Math.max(0, parseBytes(o.memory) - EVICTION_MEMORY);
  const storage = Math.max(0, Math.floor(parseBytes(o.ephemeralStorage) * (1 - EVICTION_NODEFS_FRACTION)));
  return { capacity, allocatable: { ...capacity, memory: `${Math.floor(memory / 1024)}Ki`, 'ephemeral-storage': String(storage) } };
}
