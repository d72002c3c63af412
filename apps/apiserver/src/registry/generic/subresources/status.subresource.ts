import type { SubresourceHandler } from '../resource.definition.js';

/**
 * The status subresource (and certificatesigningrequests/approval, written the same way). GET
 * answers the object; PUT and PATCH are ordinary writes with subresource 'status', which the HTTP
 * write path runs (body decoding, field validation, server-side apply) and the store narrows to
 * status through def.statusStrategy.
 */
export const statusSubresource: SubresourceHandler = {
  methods: ['GET', 'PUT', 'PATCH'],
  discoveryVerbs: ['get', 'patch', 'update'],
  async handle(req, store) {
    return { type: 'object', code: 200, object: await store.get(req.def, req.namespace, req.name), asServedKind: true };
  },
};

/** Whether a handler's writes go through the write path as status writes. */
export function writesAsStatus(handler: SubresourceHandler): boolean {
  return handler === statusSubresource;
}
