// One launched process: argv spawned directly (no shell), output decoded as UTF-8 across
// chunks, and how it ended in words. No `vscode` here; terminals and tasks wrap it.
import { ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { TerminalSpec } from '../core/launchPlan';

export interface Ending {
  /** The exit code, or 128 + the signal's number when a signal ended it (the shell's way). */
  code: number;
  signal?: NodeJS.Signals;
  /** "exited with code 1", "killed by SIGSEGV", "could not start: ..." */
  text: string;
}

export interface RankProcessHooks {
  onOutput(text: string): void;
  onExit(ending: Ending): void;
}

export function describeEnding(code: number | null, signal: NodeJS.Signals | null): Ending {
  if (signal) return { code: 128 + (constants.signals[signal] ?? 0), signal, text: `killed by ${signal}` };
  return { code: code ?? 0, text: `exited with code ${code ?? 0}` };
}

export class RankProcess {
  private child: ChildProcess | undefined;
  private ended = false;

  constructor(
    readonly spec: TerminalSpec,
    private readonly hooks: RankProcessHooks,
  ) {}

  get alive(): boolean {
    return this.child !== undefined && !this.ended;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.ended = false;
    const [command, ...args] = this.spec.argv;
    const child = spawn(command, args, { cwd: this.spec.cwd, env: { ...process.env, ...this.spec.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child = child;
    for (const stream of [child.stdout, child.stderr]) {
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => this.hooks.onOutput(decoder.write(chunk)));
      stream.on('end', () => {
        const rest = decoder.end();
        if (rest) this.hooks.onOutput(rest);
      });
    }
    child.stdin.on('error', () => undefined);
    child.once('error', (e: NodeJS.ErrnoException) => {
      if (this.ended || this.child !== child) return;
      this.ended = true;
      const hint = e.code === 'ENOENT' ? ` (${command} was not found: set "python" in the job definition, or put it on PATH)` : '';
      this.hooks.onExit({ code: 127, text: `could not start: ${e.message}${hint}` });
    });
    child.once('close', (code, signal) => {
      if (this.ended || this.child !== child) return;
      this.ended = true;
      this.hooks.onExit(describeEnding(code, signal));
    });
  }

  write(data: string): void {
    if (this.alive) this.child!.stdin!.write(data);
  }

  signal(sig: NodeJS.Signals): void {
    if (this.alive) this.child!.kill(sig);
  }

  /** Resolves when the process has ended (at once if it is not running). */
  whenEnded(): Promise<void> {
    const child = this.child;
    if (!child || this.ended) return Promise.resolve();
    return new Promise((resolve) => child.once('close', () => resolve()));
  }
}
