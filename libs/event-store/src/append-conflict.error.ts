/** The aggregate's subject moved on since its state was read: reload and decide again. */
export class AppendConflictError extends Error {
  constructor(
    readonly subject: string,
    readonly expectedLastSubjectSeq: number,
  ) {
    super(`append to ${subject} expected last subject sequence ${expectedLastSubjectSeq}, but the subject moved on`);
    this.name = 'AppendConflictError';
  }
}
