import { FieldError } from '../../../../../../libs/apimachinery/src/status.errors.js';
import type { KubeObject, ResourceStrategy } from '../../generic/strategy.interface.js';
import { isRecord } from '../../../../../../libs/apimachinery/src/json/json.access.js';
import { immutableErrors, payloadSizeErrors, validateKeys } from './config-key.validation.js';

export const configMapStrategy = {
  validate(obj: KubeObject): FieldError[] {
    const errs = [...validateKeys(obj['data'], 'data'), ...validateKeys(obj['binaryData'], 'binaryData')];
    const data = isRecord(obj['data']) ? obj['data'] : {};
    const binary = isRecord(obj['binaryData']) ? obj['binaryData'] : {};
    for (const k of Object.keys(binary)) {
      if (k in data) errs.push(FieldError.invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
    }
    errs.push(
      ...payloadSizeErrors([
        { map: obj['data'], base64: false },
        { map: obj['binaryData'], base64: true },
      ]),
    );
    return errs;
  },
  validateUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
    return immutableErrors(obj, old, ['data', 'binaryData']);
  },
} satisfies ResourceStrategy;
