import { type ChildProcess, spawn } from 'node:child_process';
import { type Exit, freePort } from '../../support/processes';

export { type Exit, freePort };

/** A container's command run as a plain child process, with its output kept for failure messages. */
export class Proc {
  private readonly chunks: string[] = [];
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;

  constructor(argv: string[], options: { cwd: string; env: Record<string, string> }) {
    // argv[0] "node" means the image's node: here, the node running the tests.
    const program = argv[0] === 'node' ? process.execPath : argv[0];
    this.child = spawn(program, argv.slice(1), { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (d: Buffer) => this.chunks.push(d.toString());
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.chunks.join('').slice(-4000);
  }

  /** Resolves with the exit, or with null if still running after timeoutMs. */
  async exitWithin(timeoutMs: number): Promise<Exit | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals): void {
    if (this.running) this.child.kill(signal);
  }
}

/** Polls url until it answers 200; fails early if the process dies. */
export async function waitFor200(url: string, proc: Proc, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (!proc.running) throw new Error(`process exited before ${url} was ready:\n${proc.output()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (${last}):\n${proc.output()}`);
}

/** Runs argv to completion. */
export async function run(
  argv: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<Exit & { output: string }> {
  const proc = new Proc(argv, options);
  const exit = await proc.exitWithin(options.timeoutMs);
  if (!exit) {
    proc.kill('SIGKILL');
    throw new Error(`${argv.join(' ')} did not exit within ${options.timeoutMs} ms:\n${proc.output()}`);
  }
  return { ...exit, output: proc.output() };
}
