import { semanticEqual } from '../shared/semantic.equal.js';
import { findPort, endpointHostname, isPodReady, podIPv4, podTargetRef, shouldPodBeInEndpoints } from './pod.endpoint.js';
import {
  HEADLESS_LABEL,
  MANAGED_BY,
  MANAGED_BY_LABEL,
  SERVICE_NAME_LABEL,
  ZONE_LABEL,
  isHeadless,
  type Pod,
  type EndpointSlice,
  type Node,
  type Service,
  type Endpoint,
  type EndpointPort,
} from './service.types.js';

/** What one sync must write: slices to create (generateName), to replace (by name), to delete. */
interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

interface Group {
  ports: EndpointPort[];
  endpoints: Map<string, Endpoint>;
}

const portsKey = (ports: EndpointPort[] | undefined): string =>
  JSON.stringify([...(ports ?? [])].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || (a.port ?? 0) - (b.port ?? 0)));
const endpointKey = (e: Endpoint): string => `${e.targetRef?.namespace}/${e.targetRef?.name}`;

/** Upstream's podToEndpoint: serving = Ready, ready = serving and not terminating (publishNotReadyAddresses forces both). */
function podToEndpoint(pod: Pod, svc: Service, node: Node | undefined): Endpoint {
  const publish = svc.spec?.publishNotReadyAddresses === true;
  const terminating = !!pod.metadata.deletionTimestamp;
  const serving = publish || isPodReady(pod);
  const ep: Endpoint = {
    addresses: [podIPv4(pod) ?? ''],
    conditions: { ready: publish || (serving && !terminating), serving, terminating },
    targetRef: podTargetRef(pod),
  };
  const hostname = endpointHostname(pod, svc);
  if (hostname) ep.hostname = hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata.labels?.[ZONE_LABEL];
  if (zone) ep.zone = zone;
  return ep;
}

/** Service ports resolved against one pod; a port the pod does not expose is left out, as upstream. */
function podPorts(pod: Pod, svc: Service): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    out.push({ name: sp.name ?? '', protocol: sp.protocol ?? 'TCP', port, ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
  }
  return out;
}

/** Service labels (minus the reserved ones) plus the service-name, managed-by and headless labels. */
function sliceLabels(svc: Service): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
  }
  labels[SERVICE_NAME_LABEL] = svc.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = MANAGED_BY;
  if (isHeadless(svc)) labels[HEADLESS_LABEL] = '';
  return labels;
}

/** Upstream's getEndpointSlicePrefix: `<service>-`, random suffix by the apiserver. */
function newSlice(svc: Service, ports: EndpointPort[] | undefined, endpoints: Endpoint[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${svc.metadata.name ?? ''}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name: svc.metadata.name ?? '',
          uid: svc.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints,
    ...(ports ? { ports } : {}),
  };
}

const same = semanticEqual;

/**
 * Desired endpoints grouped by their resolved port set, then fitted into the existing slices with
 * as little churn as upstream's reconciler: endpoints stay in the slice they are in, changed ones
 * are updated in place, new ones fill slices with room before new slices are made, emptied slices
 * go. A service with no endpoints keeps one empty placeholder slice.
 */
export function planSlices(
  svc: Service,
  pods: Pod[],
  nodes: (name: string) => Node | undefined,
  existing: EndpointSlice[],
  maxPerSlice: number,
): SlicePlan {
  const groups = new Map<string, Group>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = podPorts(pod, svc);
    if (ports.length === 0 && (svc.spec?.ports ?? []).length > 0) continue;
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: new Map() }));
    const ep = podToEndpoint(pod, svc, pod.spec?.nodeName ? nodes(pod.spec.nodeName) : undefined);
    g.endpoints.set(endpointKey(ep), ep);
  }

  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const labels = sliceLabels(svc);
  const byPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) {
    const k = portsKey(s.ports);
    byPorts.set(k, [...(byPorts.get(k) ?? []), s]);
  }

  if (groups.size === 0) {
    const [keep, ...rest] = [...existing].sort((a, b) => a.endpoints.length - b.endpoints.length);
    if (!keep) plan.create.push(newSlice(svc, undefined, []));
    else if (keep.endpoints.length > 0 || keep.ports !== undefined || !same(keep.metadata.labels, labels)) {
      const { ports: _dropped, ...placeholder } = keep;
      plan.update.push({ ...placeholder, metadata: { ...keep.metadata, labels }, endpoints: [] });
    }
    plan.delete.push(...rest);
    return plan;
  }

  for (const [k, slices] of byPorts) if (!groups.has(k)) plan.delete.push(...slices);
  for (const [k, g] of groups) {
    const slices = byPorts.get(k) ?? [];
    const placed = new Set<string>();
    const kept: Array<{ slice: EndpointSlice; endpoints: Endpoint[]; changed: boolean }> = [];
    for (const s of slices) {
      let changed = !same(s.metadata.labels, labels);
      const endpoints: Endpoint[] = [];
      for (const e of s.endpoints) {
        const key = endpointKey(e);
        const want = g.endpoints.get(key);
        if (!want || placed.has(key)) {
          changed = true;
          continue;
        }
        placed.add(key);
        if (!same(e, want)) changed = true;
        endpoints.push(want);
      }
      kept.push({ slice: s, endpoints, changed });
    }
    const pending = [...g.endpoints.entries()].filter(([key]) => !placed.has(key)).map(([, e]) => e);
    for (const kslice of kept) {
      while (pending.length > 0 && kslice.endpoints.length < maxPerSlice) {
        kslice.endpoints.push(pending.shift()!);
        kslice.changed = true;
      }
    }
    for (const { slice, endpoints, changed } of kept) {
      if (endpoints.length === 0) plan.delete.push(slice);
      else if (changed || !same(slice.ports, g.ports))
        plan.update.push({ ...slice, metadata: { ...slice.metadata, labels }, endpoints, ports: g.ports });
    }
    while (pending.length > 0) plan.create.push(newSlice(svc, g.ports, pending.splice(0, maxPerSlice)));
  }
  return plan;
}
