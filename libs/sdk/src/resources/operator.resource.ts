import { HttpClient } from '../http-client';

/** The new operator token: `token` is the secret, shown only in this one answer. */
export interface RotatedOperatorToken {
  tokenId: string;
  token: string;
  createdAt: string;
}

/** `/api/v1/operator`: acts of the operator token on itself. */
export class OperatorResource {
  constructor(private readonly http: HttpClient) {}

  /**
   * Replaces the operator token (call it with the current one): the answer carries the new token,
   * and the old one is refused by every service from then on.
   */
  rotateToken(): Promise<RotatedOperatorToken> {
    return this.http.request<RotatedOperatorToken>('POST', '/api/v1/operator/token/rotate');
  }
}
