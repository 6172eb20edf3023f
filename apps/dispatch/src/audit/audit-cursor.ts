/** Where a page of the audit ends: the (eventSeq, seq, index within seq) of its last line. */
export interface AuditCursor {
  eventSeq: number;
  seq: number;
  idx: number;
}

export function cursorText(cursor: AuditCursor): string {
  return `${cursor.eventSeq}.${cursor.seq}.${cursor.idx}`;
}

/** The cursor an `after` query names, or null when it is not three dot-separated non-negative integers. */
export function parseCursor(text: string): AuditCursor | null {
  const match = /^(\d{1,15})\.(\d{1,15})\.(\d{1,4})$/.exec(text);
  if (match === null) return null;
  return { eventSeq: Number(match[1]), seq: Number(match[2]), idx: Number(match[3]) };
}

/** Whether `a` comes after `b` in report order. */
export function isAfter(a: AuditCursor, b: AuditCursor): boolean {
  if (a.eventSeq !== b.eventSeq) return a.eventSeq > b.eventSeq;
  if (a.seq !== b.seq) return a.seq > b.seq;
  return a.idx > b.idx;
}
