import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import * as vscode from 'vscode';
import { waitFor } from '../support/waitFor';
import { extensionApi, inWebview } from '../support/vscodeHelpers';

const EXTENSION_ID = 'gpu-worker-logs.gpu-worker-logs';

/** The Workers view's empty state, as shown. */
const welcome = async (): Promise<string> => (await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: '.welcome-view-content' })).texts.join(' ');
/** A notification of the workbench. */
const TOAST = '.notifications-toasts .notification-list-item';
/** The text of the notification that says `part`, once shown. */
const toastWith = (part: string, what: string): Promise<string> =>
  waitFor(async () => (await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: `${TOAST}-message` })).texts.find((t) => t.includes(part)), what, 20_000, 500);

export function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests run with the fixture workspace open');
  return folder.uri.fsPath;
}

describe('activation', () => {
  it('activates when a worker_*.log is opened, with language worker-log', async () => {
    const doc = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), 'jobs', 'resumed', 'worker_0.log'));
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(doc.languageId, 'worker-log');
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, 'the extension is installed');
    await waitFor(() => ext.isActive, 'the extension to activate');
  });

  it('registers every contributed command', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const contributed: { command: string }[] = ext.packageJSON.contributes.commands;
    assert.ok(contributed.length > 0);
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepStrictEqual(missing, []);
  });

  it("says what it looked for, in the Workers view, when the workspace holds no rank logs", async () => {
    const api = await extensionApi();
    await api.ready;
    const section = vscode.workspace.getConfiguration('workerLogs');
    await vscode.commands.executeCommand('workerLogs.workers.focus');
    await section.update('autoDiscover', false, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(() => api.jobs.store.folders().length === 0, 'the store to drop the discovered folders');
      let text = '';
      await waitFor(async () => /No rank logs found in this workspace yet/.test((text = await welcome())), 'the view to say it found no rank logs', 20_000, 500);
      // Not only our module's files: the launchers' logs it reads as they are.
      assert.match(text, /worker_<N>\.log files, torchrun --log-dir folders, Slurm per-task files, or captures/);
      assert.match(text, /Launch Multi-GPU Job/);
      assert.doesNotMatch(text, /Looking for rank logs/);
      // And why it did not look: discovery is off.
      assert.match(text, /Automatic discovery is off \(workerLogs\.autoDiscover\)/);
    } finally {
      await section.update('autoDiscover', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor(() => api.jobs.store.folders().length > 0, 'the discovered folders to come back');
    await waitFor(async () => !/No rank logs found|Automatic discovery is off/.test(await welcome()), 'the welcome to leave once ranks are shown', 20_000, 500);
  });

  it("offers, in the Workers view's empty state, to read files named alike but for a number (gpu0.log, gpu1.log, gpu2.log) as ranks: Read Them as Ranks asks, and Read as Ranks adds gpu{rank}.log to workerLogs.rankFilePatterns; the job is shown", async () => {
    const api = await extensionApi();
    await api.ready;
    const section = vscode.workspace.getConfiguration('workerLogs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-gpu-files-'));
    for (const r of [0, 1, 2]) fs.writeFileSync(path.join(dir, `gpu${r}.log`), `2026-11-30 09:00:0${r},000 INFO train: step 1\n${r === 2 ? 'Traceback (most recent call last):\n  File "train.py", line 9, in <module>\nRuntimeError: NCCL communicator was aborted\n' : ''}`);
    await vscode.commands.executeCommand('workerLogs.workers.focus');
    // Only this folder is read: no job in it by a built-in name.
    await section.update('autoDiscover', false, vscode.ConfigurationTarget.Workspace);
    await section.update('logDirectories', [dir], vscode.ConfigurationTarget.Workspace);
    try {
      let text = '';
      await waitFor(async () => /named alike but for a number/.test((text = await welcome())), 'the view to offer the files as ranks', 30_000, 500);
      assert.match(text, /No rank logs found in this workspace yet/);
      await inWebview({ webview: 'workbench', action: 'click', selector: '.welcome-view-content a:has-text("Read Them as Ranks")' });
      const said = await toastWith('gpu{rank}.log', 'the question on the files');
      assert.match(said, /gpu0\.log, gpu1\.log, gpu2\.log look like one file per rank\. Read files named gpu\{rank\}\.log as ranks\?/);
      await inWebview({ webview: 'workbench', action: 'click', selector: `${TOAST} .monaco-button:has-text("Read as Ranks")` });
      const job = await waitFor(() => api.workers.provider.model.find((j) => j.label.includes('gpu{rank}.log') && j.ranks.length === 3 && j.firstFailure), 'the files as a job of 3 ranks with its first failure', 30_000);
      assert.strictEqual(job.firstFailure!.rank, 2);
      await waitFor(async () => !/named alike but for a number/.test(await welcome()), 'the offer to leave once ranks are shown', 20_000, 500);
    } finally {
      for (const key of ['autoDiscover', 'logDirectories', 'rankFilePatterns']) await section.update(key, undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await waitFor(() => api.jobs.store.folders().length > 1, 'the discovered folders to come back', 30_000);
  });

  it("says, in the Workers view's empty state, that a file looks like a job's console whose lines name no rank (srun without -l, a hung job its time limit ended: no rank failed to name): Why Is It Not Read? names what Slurm and srun said and how to label the lines, and opens the file", async () => {
    const api = await extensionApi();
    await api.ready;
    const section = vscode.workspace.getConfiguration('workerLogs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-unlabelled-'));
    const consoleFile = path.join(dir, 'slurm-1234.out');
    const lines = ['Initializing distributed: GLOBAL_RANK: 0, MEMBER: 1/2', 'Initializing distributed: GLOBAL_RANK: 1, MEMBER: 2/2', 'Epoch 0:  40%|####      | 20/50 [00:20<00:30,  1.00it/s, loss=0.4]'];
    // (srun's word on a task that failed would make it a job of that rank: this one's are stops.)
    lines.push('slurmstepd: error: *** STEP 1234.0 ON gpu-node-1 CANCELLED AT 2026-12-04T00:45:20 DUE TO TIME LIMIT ***', 'srun: Job step aborted: Waiting up to 32 seconds for job step to finish.', 'srun: error: gpu-node-1: tasks 0-1: Terminated');
    fs.writeFileSync(consoleFile, lines.join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'nothing of a job here\n');
    await vscode.commands.executeCommand('workerLogs.workers.focus');
    await section.update('autoDiscover', false, vscode.ConfigurationTarget.Workspace);
    await section.update('logDirectories', [dir], vscode.ConfigurationTarget.Workspace);
    try {
      let text = '';
      await waitFor(async () => /looks like a job's console whose lines name no rank/.test((text = await welcome())), "the view to say a console's lines name no rank", 30_000, 500);
      assert.match(text, /No rank logs found in this workspace yet/);
      await inWebview({ webview: 'workbench', action: 'click', selector: '.welcome-view-content a:has-text("Why Is It Not Read?")' });
      const said = await toastWith('slurm-1234.out', 'why the console is not read');
      assert.match(said, /slurm-1234\.out: its lines name no rank, so it is not read as a job; its launcher's own lines say: Slurm cancelled job step 1234\.0 on gpu-node-1 due to time limit; srun stopped the task on gpu-node-1 with SIGTERM \(Terminated\)\. Its ranks' lines carry no label: the launcher's labels \(srun -l\), or a format of workerLogs\.formats with a rank group/);
      await inWebview({ webview: 'workbench', action: 'click', selector: `${TOAST} .monaco-button:has-text("Open the File")` });
      await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === consoleFile, 'the console in the editor', 20_000);
    } finally {
      for (const key of ['autoDiscover', 'logDirectories']) await section.update(key, undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await waitFor(() => api.jobs.store.folders().length > 1, 'the discovered folders to come back', 30_000);
    await waitFor(async () => !/looks like a job's console/.test(await welcome()), 'the note to leave once ranks are shown', 20_000, 500);
  });

  it("says, in the Workers view's empty state, that a folder's logs are compressed (a job archived after it ran): How to Read Them names the files and the command that decompresses them", async () => {
    const api = await extensionApi();
    await api.ready;
    const section = vscode.workspace.getConfiguration('workerLogs');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-archived-'));
    for (const r of [0, 1]) fs.writeFileSync(path.join(dir, `worker_${r}.log.gz`), zlib.gzipSync(`2026-11-30 09:00:00,000 - Worker ${r} - train - INFO - step 1\n`));
    await vscode.commands.executeCommand('workerLogs.workers.focus');
    await section.update('autoDiscover', false, vscode.ConfigurationTarget.Workspace);
    await section.update('logDirectories', [dir], vscode.ConfigurationTarget.Workspace);
    try {
      let text = '';
      await waitFor(async () => /Some logs here are compressed/.test((text = await welcome())), 'the view to say the logs are compressed', 30_000, 500);
      assert.match(text, /No rank logs found in this workspace yet/);
      await inWebview({ webview: 'workbench', action: 'click', selector: '.welcome-view-content a:has-text("How to Read Them")' });
      const said = await toastWith('worker_0.log.gz', 'how to read the compressed logs');
      assert.ok(said.includes(`worker_0.log.gz, worker_1.log.gz are compressed logs, which are not read: decompress them first (gunzip -k ${path.join(dir, '*.gz')}), then read the folder again.`), said);
    } finally {
      for (const key of ['autoDiscover', 'logDirectories']) await section.update(key, undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await waitFor(() => api.jobs.store.folders().length > 1, 'the discovered folders to come back', 30_000);
    await waitFor(async () => !/Some logs here are compressed/.test(await welcome()), 'the note to leave once ranks are shown', 20_000, 500);
  });
});
