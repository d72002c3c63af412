import type { NodeAgentOptions } from '../agent.options.js';
import { rfc3339 } from '../sim/time.util.js';
import type { NodeIdentity } from './node.identity.js';
import { nodeResources } from './node.resources.js';

const KUBELET_VERSION = 'v1.32.0';
/** Where the apiserver reaches this agent's kubelet API (logs); only loopback URLs are honoured. */
const ANNOTATION_KUBELET_URL = 'kop.dev/kubelet-url';

export function nodeAnnotations(o: NodeAgentOptions): Record<string, string> {
  return {
    'node.alpha.kubernetes.io/ttl': '0',
    'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    [ANNOTATION_KUBELET_URL]: `http://127.0.0.1:${o.kubeletPort}`,
  };
}

export interface NodeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastHeartbeatTime: string;
  lastTransitionTime: string;
}

export function nodeLabels(id: NodeIdentity, o: NodeAgentOptions): Record<string, string> {
  return {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': id.name,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': 'kop-sim',
    ...(o.zone ? { 'topology.kubernetes.io/zone': o.zone } : {}),
    ...(o.region ? { 'topology.kubernetes.io/region': o.region } : {}),
  };
}

/** What the kubelet registers: metadata and spec (status goes through the status subresource). */
export function nodeObject(id: NodeIdentity, o: NodeAgentOptions): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: id.name,
      labels: nodeLabels(id, o),
      annotations: nodeAnnotations(o),
    },
    spec: {
      podCIDR: id.podCIDR,
      podCIDRs: [id.podCIDR],
      ...(o.taints.length ? { taints: o.taints.map((t) => ({ ...t })) } : {}),
    },
  };
}

/** The kubelet's upstream wording for each condition; `ready=false` is the shutdown state. */
export function nodeConditions(ready: boolean, previous: readonly NodeCondition[] | undefined, now = Date.now()): NodeCondition[] {
  const hb = rfc3339(now);
  const want: Array<Omit<NodeCondition, 'lastHeartbeatTime' | 'lastTransitionTime'>> = [
    { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
    { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
    { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
    ready
      ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
      : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'node is shutting down' },
  ];
  return want.map((c) => {
    const prev = previous?.find((p) => p.type === c.type);
    const lastTransitionTime = prev && prev.status === c.status ? prev.lastTransitionTime : hb;
    return { ...c, lastHeartbeatTime: hb, lastTransitionTime };
  });
}

export function nodeStatus(id: NodeIdentity, o: NodeAgentOptions, conditions: NodeCondition[]): Record<string, unknown> {
  const { capacity, allocatable } = nodeResources(o);
  return {
    capacity,
    allocatable,
    conditions,
    addresses: [
      { type: 'InternalIP', address: id.internalIP },
      { type: 'Hostname', address: id.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: o.kubeletPort } },
    nodeInfo: {
      machineID: id.machineID,
      systemUUID: `${id.machineID.slice(0, 8)}-${id.machineID.slice(8, 12)}-${id.machineID.slice(12, 16)}-${id.machineID.slice(16, 20)}-${id.machineID.slice(20, 32)}`,
      bootID: id.machineID.split('').reverse().join(''),
      kernelVersion: '6.8.0-kop-sim',
      osImage: 'kop-sim Linux',
      containerRuntimeVersion: 'kop-sim://1.0',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}
