import { ApiError, type Status } from '../../status.errors.js';

/**
 * Upstream's strategic merge patch reports most failures as plain Go errors, which kube-apiserver
 * answers with a Status without a reason ("Error from server: map: … does not contain …") and
 * code 500. A malformed patch is the client's error and must never be a 5xx here (issue
 * "Hardening"), so the code is 400; the empty reason and the message stay upstream's, so kubectl
 * prints exactly what it prints against a real cluster.
 */
export class UntypedPatchError extends ApiError {
  constructor(message: string) {
    super(400, 'BadRequest', message);
  }

  override toStatus(): Status {
    return { ...super.toStatus(), reason: '' };
  }
}

/** A value as Go's `%v` prints decoded JSON: `map[a:1 b:[x y]]`. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goValue(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

export const patchErrors = {
  notAnObject(patch: unknown): ApiError {
    const kind = Array.isArray(patch) ? 'array' : patch === null ? 'null' : typeof patch;
    return ApiError.badRequest(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  },
  noMergeKey(item: unknown, mergeKey: string): ApiError {
    return new UntypedPatchError(`map: ${goValue(item)} does not contain declared merge key: ${mergeKey}`);
  },
  noMergeKeyDeclared(): ApiError {
    return new UntypedPatchError('cannot merge lists without merge key');
  },
  unknownPatchType(directive: unknown, item: unknown): ApiError {
    return new UntypedPatchError(`unknown patch type: ${goValue(directive)} in map: ${goValue(item)}`);
  },
  mergeDirectiveInList(): ApiError {
    return new UntypedPatchError('merging lists cannot yet be specified in the patch');
  },
  mixedElementTypes(list: unknown): ApiError {
    return new UntypedPatchError(`list element types are not identical: ${goValue(list)}`);
  },
  orderMismatch(patchList: unknown, orderList: unknown): ApiError {
    return new UntypedPatchError(
      `The order in patch list:\n${goValue(patchList)}\n doesn't match $setElementOrder list:\n${goValue(orderList)}\n`,
    );
  },
  badRetainKeys(): ApiError {
    return ApiError.badRequest('invalid patch format of retainKeys');
  },
  badPrimitiveList(): ApiError {
    return ApiError.badRequest('invalid patch format of primitive list');
  },
  badSetElementOrder(): ApiError {
    return ApiError.badRequest('invalid patch format of setElementOrder list');
  },
  /** Reported as a generic 422 from the server (apimachinery's NewGenericServerResponse). */
  listOfLists(): ApiError {
    return new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {
      causes: [{ reason: 'UnexpectedServerResponse', message: 'lists of lists are not supported' }],
    });
  },
};
