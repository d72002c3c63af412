import { builtinNames, defineResource, type ResourceDefinition } from '../../generic/resource.definition.js';
import { horizontalPodAutoscalerConversion } from './horizontalpodautoscaler.conversion.js';
import { horizontalPodAutoscalerPrinter } from './horizontalpodautoscaler.printer.js';
import { horizontalPodAutoscalerStrategy } from './horizontalpodautoscaler.strategy.js';

export const hpaV2Definition: ResourceDefinition = defineResource(builtinNames('autoscaling', 'v2', 'horizontalpodautoscalers'), {
  strategy: horizontalPodAutoscalerStrategy,
  conversion: horizontalPodAutoscalerConversion,
  printer: horizontalPodAutoscalerPrinter,
  tracksGeneration: true,
});

export const hpaV1Definition: ResourceDefinition = defineResource(builtinNames('autoscaling', 'v1', 'horizontalpodautoscalers'), {
  strategy: horizontalPodAutoscalerStrategy,
  conversion: horizontalPodAutoscalerConversion,
  printer: horizontalPodAutoscalerPrinter,
  tracksGeneration: true,
});
