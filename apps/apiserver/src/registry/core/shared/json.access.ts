/** Moved to libs/apimachinery/src/json; this shim goes once its importers point there. */
export * from '../../../../../../libs/apimachinery/src/json/json.access.js';
