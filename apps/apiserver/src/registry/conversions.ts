import { horizontalPodAutoscalerConversion } from './autoscaling/horizontalpodautoscaler/horizontalpodautoscaler.conversion.js';
import type { VersionConverter } from './generic/version.converter.js';

/** Resources served in more than one version over one stored object, by storage key (storageKeyOf()). */
const CONVERSIONS: ReadonlyMap<string, VersionConverter> = new Map<string, VersionConverter>([
  ['horizontalpodautoscalers.autoscaling', horizontalPodAutoscalerConversion],
]);

export function conversionFor(storageKey: string): VersionConverter | undefined {
  return CONVERSIONS.get(storageKey);
}
