import { Injectable } from '@nestjs/common';
import { issueToken } from '@wharf/auth';
import { EventStore } from '@wharf/event-store';
import { ProjectionRunner } from '@wharf/projections';
import { conflict, forbidden } from '@wharf/service-kit';
import { decideAndAppend } from '../../../shared/decide-and-append';
import { OPERATOR_TOKEN_LOCATION } from '../../../tokens/token.stream';
import { RotatedOperatorTokenView } from '../../dtos/rotated-operator-token.view';
import { NotCurrentOperatorTokenError, operatorTokenDecider } from '../../operator-token.decider';
import { RotateOperatorTokenCommand } from './rotate-operator-token.command';

@Injectable()
export class RotateOperatorTokenUseCase {
  constructor(
    private readonly store: EventStore,
    private readonly runner: ProjectionRunner,
  ) {}

  /**
   * Replaces the operator token with a new one and records only its hash. 409 when the asking
   * token is not the current operator token (a rotation won the race). Answers once this service's
   * read model has applied the rotation, so from the answer on the previous token is refused here
   * (other services follow as they project it). The new token string leaves this method in the
   * answer and nowhere else: it is never logged.
   */
  async execute(command: RotateOperatorTokenCommand): Promise<RotatedOperatorTokenView> {
    const { scope } = command;
    if (!scope.operator) throw forbidden('only the operator token can rotate the operator token');
    const issued = issueToken();
    try {
      const { events, lastSeq } = await decideAndAppend(this.store, {
        location: OPERATOR_TOKEN_LOCATION,
        decider: operatorTokenDecider,
        command: { kind: 'rotate-operator-token', actor: scope.actor, tokenId: issued.tokenId, hash: issued.hash },
        actor: scope.actor,
      });
      await this.runner.waitFor(lastSeq);
      return Object.assign(new RotatedOperatorTokenView(), {
        tokenId: issued.tokenId,
        token: issued.token,
        createdAt: events[0].occurredAt,
      });
    } catch (err) {
      if (err instanceof NotCurrentOperatorTokenError) throw conflict(err.message);
      throw err;
    }
  }
}
