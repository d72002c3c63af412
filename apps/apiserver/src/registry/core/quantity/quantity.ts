/** Moved to libs/apimachinery/src/quantity; this shim goes once its importers point there. */
export * from '../../../../../../libs/apimachinery/src/quantity/quantity.js';
