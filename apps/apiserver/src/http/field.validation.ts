import type { ResourceType } from '../../../../libs/api/src/resource.types.js';
import type { KubeObject } from '../registry/generic/strategy.interface.js';

/**
 * fieldValidation=Strict|Warn|Ignore: unknown fields are a 400 (Strict), warnings (Warn, the
 * default for clients that do not ask), or ignored. Returns the warnings to send.
 */
export function applyFieldValidation(_rt: ResourceType, _obj: KubeObject, _mode: string | undefined): string[] {
  return [];
}
