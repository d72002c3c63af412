import type { ObjectMeta, Pod } from '../shared/types.js';

/** The Service, Pod and EndpointSlice fields the endpoint controllers read and write. */

export interface ServicePort {
  name?: string;
  protocol?: string;
  appProtocol?: string;
  port: number;
  targetPort?: number | string;
}

export interface Service {
  metadata: ObjectMeta;
  spec?: {
    type?: string;
    selector?: Record<string, string>;
    clusterIP?: string;
    ports?: ServicePort[];
    publishNotReadyAddresses?: boolean;
    ipFamilies?: string[];
  };
  [k: string]: unknown;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

export interface EndpointPod extends Pod {
  spec?: Pod['spec'] & { hostname?: string; subdomain?: string; containers?: Array<{ ports?: ContainerPort[] }> };
  status?: Pod['status'] & { podIP?: string; podIPs?: Array<{ ip: string }> };
}

export interface TargetRef {
  kind: 'Pod';
  namespace: string;
  name: string;
  uid: string;
}

export interface SliceEndpoint {
  addresses: string[];
  conditions: { ready: boolean; serving: boolean; terminating: boolean };
  hostname?: string;
  targetRef: TargetRef;
  nodeName?: string;
  zone?: string;
}

export interface SlicePort {
  name: string;
  protocol: string;
  port: number;
  appProtocol?: string;
}

export interface EndpointSlice {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  addressType: string;
  endpoints: SliceEndpoint[];
  ports?: SlicePort[];
  [k: string]: unknown;
}

export interface NodeLite {
  metadata: ObjectMeta;
  [k: string]: unknown;
}

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const MANAGED_BY = 'endpointslice-controller.k8s.io';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Only services with a non-empty selector get endpoints from the controllers; others are user-managed. */
export function hasSelector(svc: Service): svc is Service & { spec: { selector: Record<string, string> } } {
  return Object.keys(svc.spec?.selector ?? {}).length > 0;
}

export function isHeadless(svc: Service): boolean {
  return svc.spec?.clusterIP === 'None';
}
