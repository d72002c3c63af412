import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { statusSubresource } from '../../generic/subresources/status.subresource.js';

export const certificateSigningRequestDefinition: ResourceDefinition = defineResource(
  builtinNames('certificates.k8s.io', 'v1', 'certificatesigningrequests'),
  {
    // Approval is written like status: everything but status comes from the stored object.
    subresourceHandlers: { approval: statusSubresource },
  },
);
