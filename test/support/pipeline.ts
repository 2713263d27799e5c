import { tokenFor } from './graphql-client';
import { AppProcess, Exit, startApi, startWorker } from './processes';
import { appEnv, clearQueue } from './test-env';

/** The built API and worker of one suite, ready, on free ports, under the suite's own queue prefix. */
export interface Pipeline {
  readonly api: AppProcess;
  readonly worker: AppProcess;
  /** The environment both started with (appEnv(queuePrefix, env)), for starting more of them. */
  readonly env: Record<string, string>;
  /** A token of the apps' secret for `sub`. */
  token(sub: string): Promise<string>;
  /** SIGTERM to both, then the suite's queue is emptied; resolves with the exits [api, worker]. */
  stop(): Promise<Exit[]>;
}

export interface PipelineOptions {
  /** Variables for both processes, over appEnv's. */
  env?: Record<string, string>;
  /** Variables for one process only, over `env` (e.g. its DATABASE_URL through a proxy). */
  api?: Record<string, string>;
  worker?: Record<string, string>;
}

/**
 * Starts API and worker together (on an empty schema the migration lock lets exactly one migrate) and
 * waits until both answer /health/ready. If either fails to get ready, both are stopped before it throws.
 */
export async function startPipeline(queuePrefix: string, options: PipelineOptions = {}): Promise<Pipeline> {
  const env = appEnv(queuePrefix, options.env);
  const [api, worker] = await Promise.all([startApi({ ...env, ...options.api }), startWorker({ ...env, ...options.worker })]);
  try {
    await Promise.all([api.waitReady(), worker.waitReady()]);
  } catch (err) {
    await Promise.all([api.stop(), worker.stop()]);
    throw err;
  }
  return {
    api,
    worker,
    env,
    token: (sub) => tokenFor(sub),
    async stop() {
      const exits = await Promise.all([api.stop(), worker.stop()]);
      await clearQueue(queuePrefix);
      return exits;
    },
  };
}
