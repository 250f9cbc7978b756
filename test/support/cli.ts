import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { join } from 'node:path';
import { runCli } from '../../apps/cli/src/program';

export const BIN = join(__dirname, '..', '..', 'bin', 'tessera');

/** What a CLI run printed and how it ended. */
/** An in-memory server on loopback ports the system picks, with an https issuer. */
export const HTTPS_SERVER_ENV = {
  DSN: 'memory',
  SECRETS_SYSTEM: 'a-system-secret-for-tests',
  URLS_SELF_ISSUER: 'https://127.0.0.1:4444/',
  SERVE_PUBLIC_PORT: '0',
  SERVE_ADMIN_PORT: '0',
  SERVE_PUBLIC_HOST: '127.0.0.1',
  SERVE_ADMIN_HOST: '127.0.0.1',
  LOG_LEVEL: 'info',
};

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in this process with captured output (fast; no server commands). */
export async function cli(
  args: string[],
  options: { env?: Record<string, string>; stdin?: string } = {},
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]);
  const code = await runCli(args, { stdout, stderr, stdin, env: options.env ?? {} });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

/** A `bin/tessera` process, with its output collected as it comes. */
export class TesseraProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  private readonly exited: Promise<number | null>;

  constructor(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  /** The URL printed for `Public API` or `Admin API` once the server listens. */
  async listening(api: 'Public' | 'Admin', timeoutMs = 20_000): Promise<string> {
    const pattern = new RegExp(`${api} API listening on (https?://[^\\s"(]+)`);
    const started = Date.now();
    while (Date.now() - started < timeoutMs) {
      const match = pattern.exec(this.stdout);
      if (match) return match[1].replace('localhost', '127.0.0.1');
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${api} API did not start:\n${this.stdout}\n${this.stderr}`);
  }

  exit(): Promise<number | null> {
    return this.exited;
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
