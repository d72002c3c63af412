import { isPodReady } from '../shared/pod.util.js';
import { selectorMatches } from '../shared/label.selector.js';
import type { Pod, Service, ServicePort, ObjectReference } from './service.types.js';

/** The pod's IPv4 address (status.podIPs, else status.podIP), or undefined while it has none. */
export function podIPv4(pod: Pod): string | undefined {
  const all = [...(pod.status?.podIPs ?? []).map((p) => p.ip), pod.status?.podIP ?? ''];
  return all.find((ip) => ip !== '' && !ip.includes(':'));
}

const isTerminal = (p: Pod): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/**
 * Upstream's ShouldPodBeInEndpoints: finished pods and pods without an IP are never endpoints;
 * terminating ones only when the caller includes them (EndpointSlices always do, Endpoints only for
 * publishNotReadyAddresses).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (isTerminal(pod)) return false;
  if (!podIPv4(pod)) return false;
  return includeTerminating || !pod.metadata.deletionTimestamp;
}

export function serviceSelects(svc: Service, pod: Pod): boolean {
  return (
    pod.metadata.namespace === svc.metadata.namespace && selectorMatches({ matchLabels: svc.spec?.selector ?? {} }, pod.metadata.labels)
  );
}

/**
 * Upstream's podutil.FindPort: a numeric targetPort is used as is; a named one is looked up among
 * the pod's container ports of the same protocol; undefined when the pod does not expose it.
 */
export function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const protocol = sp.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) if (p.name === target && (p.protocol ?? 'TCP') === protocol) return p.containerPort;
  }
  return undefined;
}

/** Hostname is published only for a pod that names this (headless) service as its subdomain. */
export function endpointHostname(pod: Pod, svc: Service): string | undefined {
  const h = pod.spec?.hostname;
  return h && pod.spec?.subdomain === svc.metadata.name && pod.metadata.namespace === svc.metadata.namespace ? h : undefined;
}

export function podTargetRef(pod: Pod): ObjectReference {
  return { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
}

export { isPodReady };
