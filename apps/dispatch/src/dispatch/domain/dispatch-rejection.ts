/** A command the dispatch rules refuse; `status` is the HTTP status it maps to. */
export class DispatchRejection extends Error {
  constructor(
    readonly status: 404 | 409,
    message: string,
  ) {
    super(message);
    this.name = 'DispatchRejection';
  }
}
