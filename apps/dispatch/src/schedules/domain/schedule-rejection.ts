/** A cron or scheduled-run command the rules refuse; `status` is the HTTP status it maps to. */
export class ScheduleRejection extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'ScheduleRejection';
  }
}
