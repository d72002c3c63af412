import type { Service } from '../../../../libs/api/src/model/core.types.js';

export type { Node, Pod, Service, ServicePort } from '../../../../libs/api/src/model/core.types.js';
export type { Endpoint, EndpointPort, EndpointSlice, ObjectReference } from '../../../../libs/api/src/model/discovery.types.js';

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
