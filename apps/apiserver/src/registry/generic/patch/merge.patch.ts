import { cloneJson, isJsonMap, ownValue, setOwn, type JsonMap } from '../../../../../../libs/apimachinery/src/json/json-value.util.js';

/**
 * RFC 7386 JSON merge patch: objects merge recursively, null deletes, everything else replaces.
 * Every key is an ordinary key (`__proto__` included) and the walk uses no recursion.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonMap(patch)) return cloneJson(patch);
  const root: JsonMap = isJsonMap(target) ? (cloneJson(target) as JsonMap) : {};
  const stack: Array<[JsonMap, JsonMap]> = [[root, patch]];
  while (stack.length > 0) {
    const [out, p] = stack.pop()!;
    for (const [k, v] of Object.entries(p)) {
      if (v === null) {
        delete out[k];
      } else if (isJsonMap(v)) {
        const cur = ownValue(out, k);
        const next: JsonMap = isJsonMap(cur) ? cur : {};
        setOwn(out, k, next);
        stack.push([next, v]);
      } else {
        setOwn(out, k, cloneJson(v));
      }
    }
  }
  return root;
}
