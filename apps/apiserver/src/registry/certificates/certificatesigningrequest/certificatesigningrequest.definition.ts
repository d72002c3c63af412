import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';

export const certificateSigningRequestDefinition: ResourceDefinition = defineResource(builtinNames('certificates.k8s.io', 'v1', 'certificatesigningrequests'));
