import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { unauthenticated } from '../graphql/errors';
import { InvalidTokenError, JwtVerifier } from './jwt-verifier.service';

export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  userId?: string;
}

/** Every resolver it guards sees only the caller's own data: the user id comes from the token, never the payload. */
@Injectable()
export class GqlAuthGuard implements CanActivate {
  constructor(private readonly verifier: JwtVerifier) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = GqlExecutionContext.create(context).getContext<{ req: AuthenticatedRequest }>().req;
    try {
      const header = req.headers.authorization;
      req.userId = await this.verifier.userIdFrom(Array.isArray(header) ? header[0] : header);
      return true;
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthenticated(err.message);
      throw err;
    }
  }
}
