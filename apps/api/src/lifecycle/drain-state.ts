import { Injectable } from '@nestjs/common';

/** Set once SIGTERM arrives: readiness answers 503 and responses ask clients to reconnect elsewhere. */
@Injectable()
export class DrainState {
  draining = false;
}
