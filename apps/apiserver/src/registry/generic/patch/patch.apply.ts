import { modelPatchSchema } from '../../../../../../libs/api/src/schema/model-patch.schema.js';
import { getSchemaRegistry } from '../../../../../../libs/api/src/schema/schema.registry.js';
import { jsonDepth } from '../../../../../../libs/apimachinery/src/json/json-value.util.js';
import { applyStrategicMergePatch } from '../../../../../../libs/apimachinery/src/patch/strategic/strategic-merge.patch.js';
import { ApiError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject } from '../strategy.interface.js';
import { applyJsonPatch } from './json.patch.js';
import { applyMergePatch } from './merge.patch.js';

/** Deepest nesting a decoded body or a patched object may have (as the JSON decoder's limit). */
export const MAX_PATCHED_DEPTH = 500;

/** `model`: the client-node model of the patched object, whose schema drives strategic merge patch. */
export function applyPatch(format: string, current: KubeObject, patch: unknown, model: string): KubeObject {
  let out: unknown;
  switch (format) {
    case 'merge-patch':
      out = applyMergePatch(current, patch);
      break;
    case 'json-patch':
      out = applyJsonPatch(current, patch);
      break;
    case 'strategic-merge-patch': {
      // Upstream has no strategic merge patch for kinds without Go types (custom resources).
      const schemas = getSchemaRegistry();
      if (!schemas.has(model))
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
        );
      out = applyStrategicMergePatch(current, patch, modelPatchSchema(schemas, model));
      break;
    }
    case 'apply-patch':
      // Server-side apply is handled by apply(); on other subresources (scale) it is not served.
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        'the server does not support server-side apply on this subresource; use application/merge-patch+json or application/json-patch+json',
      );
    default:
      throw ApiError.unsupportedMediaType(format);
  }
  if (!out || typeof out !== 'object' || Array.isArray(out)) {
    throw new ApiError(422, 'Invalid', `couldn't get version/kind; json parse error: the patch did not produce an object`, {
      causes: [{ reason: 'FieldValueInvalid', message: 'the patch must be a JSON object', field: 'patch' }],
    });
  }
  // A JSON patch can nest values deeper than its own body (a deep value added inside another).
  if (jsonDepth(out, MAX_PATCHED_DEPTH) > MAX_PATCHED_DEPTH) throw ApiError.badRequest("json: invalid character '{' exceeded max depth");
  const obj = out as KubeObject;
  if (
    obj.metadata?.resourceVersion !== current.metadata?.resourceVersion &&
    obj.metadata?.resourceVersion &&
    obj.metadata.resourceVersion !== '0'
  ) {
    // A patch carrying a resourceVersion is a precondition, as upstream.
    throw ApiError.modified({ group: '', resource: '' }, obj.metadata.name ?? '');
  }
  return obj;
}
