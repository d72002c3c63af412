import { endpointHostname, findPort, isPodReady, podIPv4, podTargetRef, shouldPodBeInEndpoints } from '../endpointslice/pod.endpoint.js';
import type { Pod, Service, ObjectReference } from '../endpointslice/service.types.js';

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef: ObjectReference;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** Upstream's maxCapacity: an Endpoints object holds at most this many addresses. */
const MAX_ENDPOINT_ADDRESSES = 1000;

const byIpThenUid = (a: EndpointAddress, b: EndpointAddress): number =>
  a.ip.localeCompare(b.ip) || (a.targetRef.uid ?? '').localeCompare(b.targetRef.uid ?? '');
const portsKey = (ports: EndpointPort[]): string =>
  JSON.stringify([...ports].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port));

/**
 * The subsets upstream's endpoints controller computes: one (address, ports) per selected pod, ready
 * pods (or all with publishNotReadyAddresses) under addresses, the rest under notReadyAddresses, then
 * repacked so pods sharing the same resolved ports share a subset, addresses sorted by IP.
 */
export function computeSubsets(svc: Service, pods: Pod[]): { subsets: EndpointSubset[]; truncated: boolean } {
  const tolerateUnready = svc.spec?.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const addr: EndpointAddress = { ip: podIPv4(pod) ?? '', targetRef: podTargetRef(pod) };
    const hostname = endpointHostname(pod, svc);
    if (hostname) addr.hostname = hostname;
    if (pod.spec?.nodeName) addr.nodeName = pod.spec.nodeName;
    const svcPorts = svc.spec?.ports ?? [];
    const sets: EndpointPort[][] = [];
    if (svcPorts.length === 0) {
      // Only a headless service may have no ports; its addresses are published without any.
      if (svc.spec?.clusterIP === 'None') sets.push([]);
    } else {
      for (const sp of svcPorts) {
        const port = findPort(pod, sp);
        if (port === undefined) continue;
        sets.push([
          {
            ...(sp.name ? { name: sp.name } : {}),
            port,
            protocol: sp.protocol ?? 'TCP',
            ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}),
          },
        ]);
      }
    }
    const ready = tolerateUnready || isPodReady(pod);
    for (const ports of sets) {
      const k = portsKey(ports);
      let g = groups.get(k);
      if (!g) groups.set(k, (g = { ports, ready: new Map(), notReady: new Map() }));
      (ready ? g.ready : g.notReady).set(`${addr.ip}/${addr.targetRef.uid}`, addr);
    }
  }
  // Repack: an address is in one subset per port set; merge port sets that share exactly the same addresses.
  const merged = new Map<string, EndpointSubset>();
  for (const g of [...groups.values()].sort((a, b) => portsKey(a.ports).localeCompare(portsKey(b.ports)))) {
    for (const k of g.ready.keys()) g.notReady.delete(k);
    const addresses = [...g.ready.values()].sort(byIpThenUid);
    const notReadyAddresses = [...g.notReady.values()].sort(byIpThenUid);
    const addrKey = JSON.stringify([addresses, notReadyAddresses]);
    const prev = merged.get(addrKey);
    if (prev) prev.ports = [...(prev.ports ?? []), ...g.ports];
    else
      merged.set(addrKey, {
        ...(addresses.length ? { addresses } : {}),
        ...(notReadyAddresses.length ? { notReadyAddresses } : {}),
        ports: [...g.ports],
      });
  }
  const subsets = [...merged.values()].map((s) =>
    s.ports?.length
      ? s
      : { ...(s.addresses ? { addresses: s.addresses } : {}), ...(s.notReadyAddresses ? { notReadyAddresses: s.notReadyAddresses } : {}) },
  );
  return truncate(subsets);
}

/** Upstream keeps ready addresses first when an Endpoints object would exceed its capacity. */
function truncate(subsets: EndpointSubset[]): { subsets: EndpointSubset[]; truncated: boolean } {
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  if (total <= MAX_ENDPOINT_ADDRESSES) return { subsets, truncated: false };
  let room = MAX_ENDPOINT_ADDRESSES;
  const out = subsets.map((s) => ({ ...s }));
  for (const s of out) {
    s.addresses = (s.addresses ?? []).slice(0, Math.max(0, room));
    room -= s.addresses.length;
  }
  for (const s of out) {
    s.notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, Math.max(0, room));
    room -= s.notReadyAddresses.length;
  }
  const clean = out
    .map((s) => ({
      ...(s.addresses?.length ? { addresses: s.addresses } : {}),
      ...(s.notReadyAddresses?.length ? { notReadyAddresses: s.notReadyAddresses } : {}),
      ...(s.ports ? { ports: s.ports } : {}),
    }))
    .filter((s) => s.addresses || s.notReadyAddresses);
  return { subsets: clean, truncated: true };
}
