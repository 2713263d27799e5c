import { ChildProcess, spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { freePort, waitReady } from './app-helpers';

export { freePort };

const ROOT = join(__dirname, '..', '..');
export const ENTRY = {
  api: join(ROOT, 'dist/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/src/main.js'),
  migrate: join(ROOT, 'dist/apps/api/src/migrate.js'),
  /** The operator's rollup command (`npm run rollup -- …`). */
  rollup: join(ROOT, 'dist/apps/api/src/rollup.js'),
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A built app running as a real child process, as it runs in its container. */
export class AppProcess {
  readonly output: string[] = [];
  readonly exited: Promise<Exit>;
  private readonly child: ChildProcess;

  constructor(
    entry: string,
    env: Record<string, string>,
    readonly baseUrl: string,
  ) {
    this.child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    // E2E_LOG_DIR=/tmp/x keeps each process's output in a file, for debugging a failing run.
    const logFile = process.env.E2E_LOG_DIR ? join(process.env.E2E_LOG_DIR, `${basename(entry, '.js')}-${Date.now()}.log`) : null;
    const collect = (d: Buffer) => {
      this.output.push(d.toString());
      if (logFile) appendFileSync(logFile, d);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  text(): string {
    return this.output.join('');
  }

  async waitReady(timeoutMs = 30_000): Promise<void> {
    await waitReady(this.baseUrl, { timeoutMs, alive: () => this.running, describe: () => this.text() });
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }

  async stop(): Promise<Exit> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), 15_000);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export async function startApi(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  return new AppProcess(ENTRY.api, { ...env, PORT: String(port) }, `http://127.0.0.1:${port}`);
}

export async function startWorker(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  return new AppProcess(ENTRY.worker, { ...env, WORKER_HEALTH_PORT: String(port) }, `http://127.0.0.1:${port}`);
}

/** Runs a built entry point to completion (for config failures, the migrate task, operator commands). */
export function runToExit(entry: string, env: Record<string, string>, timeoutMs = 15_000, args: string[] = []) {
  return new Promise<Exit & { output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`did not exit within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}
