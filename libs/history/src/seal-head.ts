/** Where a tenant's chain of seals ends: what the next seal links to. */
export interface SealHead {
  index: number;
  hash: string;
  /** The last event sequence the seal covers. */
  toSeq: number;
  /** Stream sequence of the seal message itself (the expected last subject sequence of the next). */
  seq: number;
}
