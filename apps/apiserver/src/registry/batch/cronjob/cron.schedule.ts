/** Moved to libs/apimachinery/src/cron; this shim goes once its importers point there. */
export * from '../../../../../../libs/apimachinery/src/cron/cron.validation.js';
