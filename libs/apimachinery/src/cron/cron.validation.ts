import { CronSyntaxError, parseSchedule } from './cron.schedule.js';

/**
 * CronJob schedule validation: the schedule parsed by the controller's parser (robfig/cron's
 * standard parser). Returns the parser's upstream error text, or '' when valid. The time zone of a
 * `TZ=`/`CRON_TZ=` prefix is not checked here.
 */
export function cronScheduleError(schedule: string): string {
  try {
    parseSchedule(schedule);
    return '';
  } catch (e) {
    if (e instanceof CronSyntaxError) return e.upstream;
    throw e;
  }
}
