/** discovery.k8s.io/v1 EndpointSlice (see meta.types.ts for the conventions). */
import type { TypedObject } from './meta.types.js';

export interface ObjectReference {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

export interface Endpoint {
  addresses: string[];
  conditions: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: ObjectReference;
  nodeName?: string;
  zone?: string;
}

export interface EndpointPort {
  name?: string;
  protocol?: string;
  port?: number;
  appProtocol?: string;
}

export interface EndpointSlice extends TypedObject {
  addressType: string;
  endpoints: Endpoint[];
  ports?: EndpointPort[];
}
