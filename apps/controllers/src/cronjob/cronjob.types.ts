export type { CronJob, JobReference } from '../../../../libs/api/src/model/batch.types.js';
