// Per-rank files under a name of their own (`gpu0.log`, `gpu1.log`): no built-in layout reads
// them, and `workerLogs.rankFilePatterns` is hard to find. When a folder the user opened, or the
// whole workspace, shows no job, the folders looked at are read for files named alike but for a
// number that runs from 0 (core/rankFileGuess.ts), and the user is offered to read them as ranks:
// from a notification (Open Log Folder), or from the Workers view's empty state (context key
// `workerLogs.rankFileGuess`, command Read Them as Ranks). torchrun's consoles one a node under
// such names, each found as a job of its node's local ranks, are offered as one job. Never read
// as ranks on a guess. A job's console whose lines name no rank (srun without -l, mpirun without
// --tag-output: its launcher's words on ranks at its end, core/consoleEnd.ts) is no job either:
// the empty state says a file looks like one (context key `workerLogs.unlabelledConsole`), and
// Why Is It Not Read? says what its launcher said and how to have its lines labelled.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { inBackground } from '../background';
import { config } from '../config';
import { compressedLogsHint, guessedFiles, guessRankFilePattern, nodeConsolesGuess, RankFileGuess } from '../core/rankFileGuess';
import { ConsoleEnd, findUnlabelledConsole, unlabelledWords } from '../core/consoleEnd';
import { compileGuardedUserFormats } from '../regexpGuard';
import type { ImportedFolder } from '../imports/importedJobs';
import { fileNames } from '../core/layoutDirs';
import { mapLimit } from '../core/mapLimit';
import { skippedFoldersGlob } from '../core/pathRules';
import { registerCommand } from '../registerCommand';
import { folderLabel } from './logFolders';

/** Folders read for a guess when nothing was found, at most (a workspace of many folders of text). */
const MAX_FOLDERS_LOOKED_AT = 64;

export class RankFileOffer {
  /** The best guess of the last discovery that found nothing, and its folder. */
  private guessed: { dir: string; guess: RankFileGuess } | undefined;

  /** A console whose lines name no rank, found by the last discovery that found nothing. */
  private unlabelled: { file: string; end: ConsoleEnd } | undefined;
  /** Compressed logs (`worker_0.log.gz`) found by the last discovery that found nothing: what to say of them. */
  private compressed: string | undefined;

  /** What each context key of the view's empty state (`workerLogs.rankFileGuess`, ...) was set to last. */
  private readonly keys = new Map<string, boolean>();

  constructor(context: vscode.ExtensionContext) {
    registerCommand(context, 'workerLogs.readGuessedRankFiles', async () => {
      if (this.guessed) await this.offer(this.guessed.dir, this.guessed.guess);
    });
    registerCommand(context, 'workerLogs.explainUnlabelledConsole', async () => {
      if (this.unlabelled) await this.explain(this.unlabelled.file, this.unlabelled.end);
      else void vscode.window.showInformationMessage('No console whose lines name no rank was found when the workspace was last read.');
    });
    registerCommand(context, 'workerLogs.explainCompressedLogs', async () => {
      await vscode.window.showWarningMessage(this.compressed ?? 'No compressed logs were found when the workspace was last read.');
    });
  }

  /**
   * A discovery ended: when it found no job (`found` false), `folders` (those it looked at) are
   * read for the best guess, which the Workers view's empty state then offers; else nothing is.
   */
  async discovered(found: boolean, folders: readonly string[]): Promise<void> {
    let best: { dir: string; guess: RankFileGuess } | undefined;
    const looked = folders.slice(0, MAX_FOLDERS_LOOKED_AT);
    const names = new Map<string, string[]>();
    if (!found) {
      await mapLimit(looked, 8, async (dir) => {
        names.set(dir, await fileNames(dir));
        // (Not text files: a workspace's data shards, `shard0.txt`, are no ranks; a folder opened by hand may offer them.)
        const guess = guessRankFilePattern(names.get(dir)!.filter((name) => !/\.txt$/i.test(name)));
        if (guess && (!best || guess.ranks > best.guess.ranks)) best = { dir, guess };
      });
    }
    this.guessed = best;
    // Nor files one a rank: a console whose lines name no rank may be why.
    this.unlabelled = !found && !best ? await findUnlabelledConsole(looked) : undefined;
    // Or the job's logs were archived after it ran (`worker_0.log.gz`).
    this.compressed = !found ? await compressedIn(looked, names) : undefined;
    this.setKey('workerLogs.rankFileGuess', best !== undefined);
    this.setKey('workerLogs.unlabelledConsole', this.unlabelled !== undefined);
    this.setKey('workerLogs.compressedLogs', this.compressed !== undefined);
  }

  /** Sets a context key of the view's empty state when it changes (each discovery that finds a job would set it again). */
  private setKey(key: string, value: boolean): void {
    if (this.keys.get(key) === value) return;
    this.keys.set(key, value);
    inBackground(vscode.commands.executeCommand('setContext', key, value), `Setting ${key}`);
  }

  /** Says why the console `file` is not read as a job: what its launcher said, and how to have its lines labelled. */
  private async explain(file: string, end: ConsoleEnd): Promise<void> {
    const words = unlabelledWords(end, 'workerLogs.formats') ?? '';
    const open = await vscode.window.showWarningMessage(`${folderLabel(file)}: its lines name no rank, so it is not read as a job${words}.`, 'Open the File', 'Open Settings');
    if (open === 'Open the File') await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: false });
    else if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'workerLogs.formats');
  }

  /** Folders whose torchrun consoles were offered as one job's nodes (`nodeConsoles`): once each. */
  private readonly nodeOffers = new Set<string>();

  /**
   * The jobs a discovery imported: torchrun's consoles named alike in one folder (`node0.out`,
   * `node1.out`), each read as a job of its node's local ranks, are offered as one job's nodes
   * (`nodeConsolesGuess`), once a folder; run beside the discovery, not on its path.
   */
  async nodeConsoles(imported: readonly ImportedFolder[]): Promise<void> {
    const byDir = new Map<string, number>();
    for (const f of imported) {
      if (f.job.kind !== 'capture' || f.job.style !== 'torchrun' || f.job.nodeFiles) continue;
      const dir = path.dirname(f.source);
      byDir.set(dir, (byDir.get(dir) ?? 0) + 1);
    }
    for (const [dir, captures] of byDir) {
      if (captures < 2 || this.nodeOffers.has(dir)) continue;
      this.nodeOffers.add(dir);
      const guess = await nodeConsolesGuess(dir, compileGuardedUserFormats(config.formats).formats);
      if (!guess || config.rankFilePatterns.includes(guess.pattern)) continue;
      const message = `${guessedFiles(guess, '…')} in ${folderLabel(dir)} look like one torchrun job's consoles, one a node: each is shown as a job of its node's local ranks (from 0). Read files named ${guess.pattern} as one job, its ranks global?`;
      inBackground(this.ask(message, guess.pattern, 'Read as One Job'), 'Offering torchrun consoles as one job');
    }
  }

  /**
   * A folder the user opened where no job was found: offers to read its files as ranks when they
   * suggest a name; otherwise says what was looked for.
   */
  async folderWithoutJobs(dir: string): Promise<void> {
    const names = await fileNames(dir);
    const guess = guessRankFilePattern(names);
    if (guess) return this.offer(dir, guess);
    // A job's logs archived after it ran (`worker_0.log.gz`): how to read them.
    const compressed = compressedLogsHint(dir, names);
    if (compressed) {
      void vscode.window.showWarningMessage(`No rank logs in ${folderLabel(dir)}: ${compressed}.`);
      return;
    }
    const unlabelled = await findUnlabelledConsole([dir]);
    if (unlabelled) return this.explain(unlabelled.file, unlabelled.end);
    const open = await vscode.window.showWarningMessage(
      `No rank logs found in ${folderLabel(dir)}: no worker_<N>.log files, torchrun --log-dir run folders, per-task files (Slurm's %j_%t.out, ...) or captures whose lines carry the rank. If its ranks write files of other names, add those names to workerLogs.rankFilePatterns.`,
      'Open Settings',
    );
    if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'workerLogs.rankFilePatterns');
  }

  /** Asks whether files named `guess.pattern` are ranks; yes adds the name to the workspace's `workerLogs.rankFilePatterns`. */
  private offer(dir: string, guess: RankFileGuess): Promise<void> {
    return this.ask(`No rank logs of a name read by default in ${folderLabel(dir)}, but ${guessedFiles(guess, '…')} look like one file per rank. Read files named ${guess.pattern} as ranks?`, guess.pattern, 'Read as Ranks');
  }

  /** Asks `message`; `yes` adds `pattern` to the workspace's `workerLogs.rankFilePatterns`. */
  private async ask(message: string, pattern: string, yes: string): Promise<void> {
    const read = await vscode.window.showInformationMessage(message, yes, 'Open Settings');
    if (read === yes) {
      const current = config.rankFilePatterns;
      // (The setting's change discovers again: registerJobDiscovery's configuration listener.)
      if (!current.includes(pattern)) await config.updateNearest('rankFilePatterns', [...current, pattern]);
    } else if (read) await vscode.commands.executeCommand('workbench.action.openSettings', 'workerLogs.rankFilePatterns');
  }
}

/** Compressed files of the workspace looked at, at most, for logs archived after their job ran. */
const MAX_COMPRESSED_FILES = 200;

/**
 * What to say of the first folder that holds compressed logs (`worker_0.log.gz`): of `folders`
 * (those discovery looked at, their names in `names` when read already), then of the workspace's
 * (discovery does not look for such files); undefined when there is none.
 */
async function compressedIn(folders: readonly string[], names: ReadonlyMap<string, string[]>): Promise<string | undefined> {
  const archived = config.autoDiscover && vscode.workspace.workspaceFolders?.length ? await vscode.workspace.findFiles('**/*.{gz,bz2,xz,zst,lz4,zip}', skippedFoldersGlob(), MAX_COMPRESSED_FILES) : [];
  for (const dir of new Set([...folders, ...archived.map((f) => path.dirname(f.fsPath))])) {
    const hint = compressedLogsHint(dir, names.get(dir) ?? (await fileNames(dir)));
    if (hint) return `No rank logs in ${folderLabel(dir)}: ${hint}.`;
  }
  return undefined;
}
