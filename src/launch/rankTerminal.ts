// An extension-owned pseudoterminal running one rank (or one torchrun/srun process). The
// process's exit is known at once; the terminal stays open with all its output and a closing
// line saying how it ended, until the user closes it.
import * as vscode from 'vscode';
import { TerminalSpec } from '../core/launchPlan';
import { Ending, RankProcess } from './rankProcess';

const DIM = '\x1b[2m';
const RED = '\x1b[31m';
const RESET = '\x1b[0m';

export class RankTerminal implements vscode.Pseudoterminal {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<void>();
  readonly onDidWrite = this.writeEmitter.event;
  readonly onDidClose = this.closeEmitter.event;
  private opened = false;
  private buffered: string[] = [];
  readonly process: RankProcess;
  terminal: vscode.Terminal | undefined;
  lastEnding: Ending | undefined;
  /** The last 64 KiB the terminal showed (for tests and for a closing look at a rank). */
  private shown = '';

  constructor(
    readonly spec: TerminalSpec,
    private readonly onExit: (ending: Ending) => void,
    /** Before a process that did not end on SIGTERM is killed: its ranks (torchrun's workers) are dealt with. */
    private readonly beforeKill: () => Promise<void> = async () => undefined,
  ) {
    this.process = new RankProcess(spec, {
      onOutput: (text) => this.write(text),
      onExit: (ending) => {
        this.lastEnding = ending;
        const color = ending.code === 0 ? DIM : RED;
        this.write(`\n${color}── ${spec.name}: ${ending.text} ──${RESET}\n`);
        this.onExit(ending);
      },
    });
  }

  /** Starts at once (ranks must start together), before VS Code opens the terminal. */
  start(): void {
    this.lastEnding = undefined;
    this.process.start();
  }

  restart(): void {
    this.write(`\n${DIM}── restarting ${this.spec.name} ──${RESET}\n`);
    this.start();
  }

  get transcript(): string {
    return this.shown;
  }

  private write(text: string): void {
    const data = text.replace(/\r?\n/g, '\r\n');
    this.shown = (this.shown + data).slice(-64 * 1024);
    if (this.opened) this.writeEmitter.fire(data);
    else this.buffered.push(data);
  }

  open(): void {
    this.opened = true;
    for (const b of this.buffered) this.writeEmitter.fire(b);
    this.buffered = [];
  }

  /** The user closed the terminal: end its process too. */
  close(): void {
    if (this.process.alive) {
      this.process.signal('SIGTERM');
      const timer = setTimeout(() => void this.beforeKill().finally(() => this.process.signal('SIGKILL')), 5000);
      void this.process.whenEnded().then(() => clearTimeout(timer));
    }
  }

  handleInput(data: string): void {
    // On a pseudo-terminal the kernel echoes, edits lines and turns Ctrl+C into SIGINT.
    if (this.spec.tty) {
      this.process.write(data);
      return;
    }
    if (data === '\x03') {
      this.process.signal('SIGINT');
      this.write('^C');
      return;
    }
    if (!this.process.alive) return;
    // There is no tty behind the process: echo what is typed, send lines on Enter.
    this.write(data === '\r' ? '\n' : data);
    this.process.write(data === '\r' ? '\n' : data);
  }

  setDimensions(size: vscode.TerminalDimensions): void {
    if (this.spec.tty) this.process.write(`\x1b]gwl;resize;${size.columns};${size.rows}\x07`);
  }

  dispose(): void {
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}
