import * as assert from 'node:assert';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as net from 'node:net';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { JobNode } from '../../src/core/workerTreeModel';
import type { WorkerLogsApi } from '../../src/extension';
import { closeAllEditors, extensionApi, inWebview, launcherFixture, workspaceRoot } from '../support/vscodeHelpers';
import { ROTATING_HANDLER_JOB } from '../support/rotatingHandler';
import { DETECTRON2_JOB } from '../support/detectron2Job';
import { processHolding } from '../support/rankProcesses';
import { ageFiles } from '../support/tempFiles';
import { torchrunNodeConsole } from '../support/importHelpers';
import { waitFor, waitForValue } from '../support/waitFor';

/** Runs `argv` in the workspace folder, its output to `outFile` (or dropped), until it exits. */
function run(argv: string[], outFile?: string, env: Record<string, string> = {}): Promise<number | null> {
  const out = outFile ? fs.openSync(outFile, 'w') : 'ignore';
  const child = spawn(argv[0], argv.slice(1), { cwd: workspaceRoot(), stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  return new Promise((resolve) => child.once('close', (code) => resolve(code)));
}

/** A TCP port free on this machine now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A worker that logs a few timed steps; rank 1 fails (`loss is nan`, exit 1) in the run of the
 * job where `failing` holds (the first, or a requeued one); the others log `steps` steps. `rank`
 * and `failing` are Python expressions (the launcher's environment).
 */
function retryWorker(rank: string, failing: string, steps = 4): string {
  return [
    'import datetime, os, sys, time',
    `rank = ${rank}; failing = ${failing}`,
    'def log(level, msg):',
    '    print(f"{datetime.datetime.now().strftime(\'%Y-%m-%d %H:%M:%S,%f\')[:-3]} {level} train: {msg}", flush=True)',
    'log("INFO", f"rank {rank} starts (the failing run: {failing})")',
    `for i in range(4 if failing else ${steps}):`,
    '    time.sleep(0.3)',
    '    log("INFO", f"step {i}")',
    '    if failing and rank == 1 and i == 1:',
    '        log("ERROR", "loss is nan")',
    '        sys.exit(1)',
    '',
  ].join('\n');
}

/** Submits `job` (a batch script) from `dir` with `sbatch --wait`; its job id once it ended (`submitted`: sbatch's output). */
async function sbatchWait(dir: string, job: string, submitted: string): Promise<string> {
  fs.writeFileSync(path.join(dir, 'job.sh'), job);
  await run(['sbatch', '--wait', '-n', '2', '--time', '00:02:00', `--chdir=${dir}`, path.join(dir, 'job.sh')], submitted);
  const id = /Submitted batch job (\d+)/.exec(fs.readFileSync(submitted, 'utf8'))?.[1];
  assert.ok(id, fs.readFileSync(submitted, 'utf8'));
  return id;
}

describe('logs of other launchers, written without our module (real torchrun, srun and mpirun)', function () {
  this.timeout(240_000);
  let api: WorkerLogsApi;
  const logs = (): string => path.join(workspaceRoot(), 'logs', 'plain');
  const jobWith = (label: string): JobNode | undefined => api.workers.provider.model.find((j) => j.label.includes(label));
  /** A launcher fixture's folder copied to `logs()/name` as a job that ended an hour ago (no process writes it; its folders keep the copy's time). */
  const agedCopy = (fixture: string, name: string): string => {
    const dir = path.join(logs(), name);
    fs.cpSync(launcherFixture(fixture), dir, { recursive: true });
    ageFiles(dir, 3600_000);
    return dir;
  };
  /** A launcher fixture's capture copied to `logs()/<relative>` as a job that ended an hour ago; its path. */
  const agedCapture = (fixture: string, relative: string): string => {
    const capture = path.join(logs(), relative);
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.copyFileSync(launcherFixture(fixture), capture);
    ageFiles(path.dirname(capture), 3600_000);
    return capture;
  };
  type CaptureTimeline = { summary: string; lanes: { rank: number; state: string; label: string }[]; marks: { label: string }[] };
  /** The timeline of a console of `ranks` ranks copied from `fixture` into `folder`, once `ready` holds of what the webview shows. */
  const captureTimeline = async (fixture: string, folder: string, ready: (t: CaptureTimeline) => boolean, what: string, ranks = 2): Promise<CaptureTimeline> => {
    const capture = agedCapture(fixture, path.join(folder, 'train.out'));
    await api.workers.refresh();
    const job = await failedCapture(path.join(folder, 'train.out'), ranks, capture, `the console as ${ranks} ranks with its first failure`);
    await vscode.commands.executeCommand('workerLogs.openTimeline', job.dir);
    return waitFor(async () => {
      const r = await inWebview<CaptureTimeline>({ webview: 'timeline', action: 'timeline' }).catch(() => undefined);
      return r && r.lanes.length === ranks && ready(r) ? r : undefined;
    }, what, 30_000);
  };
  /** The job of `capture` once the view shows it as `ranks` ranks with its first failure; else what the view shows and the capture's head. */
  const failedCapture = (label: string, ranks: number, capture: string, what: string): Promise<JobNode> =>
    waitFor(() => {
      const j = jobWith(label);
      return j && j.ranks.length === ranks && j.firstFailure ? j : undefined;
    }, what, 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => r.rank)]))}\n${fs.readFileSync(capture, 'utf8').slice(0, 3000)}`);
    });

  /** A worker of four logged steps whose rank (`rankVariable`, its launcher's) 1 raises `ValueError: bad shard 7` at its second, written in `dir`; its path. */
  const shardWorker = (dir: string, rankVariable: string): string => {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'train.py');
    fs.writeFileSync(
      file,
      `import logging, os, time\nrank = int(os.environ["${rankVariable}"])\nlogging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")\nlog = logging.getLogger("train")\nfor step in range(1, 5):\n    log.info("step %d done", step)\n    time.sleep(0.3)\n    if rank == 1 and step == 2:\n        raise ValueError("bad shard 7")\n`,
    );
    return file;
  };
  /** The line of `capture` the editor shows once rank `rank`'s first error item of `job` is opened. */
  const failureLine = async (job: JobNode, rank: number, capture: string): Promise<string> => {
    const error = job.ranks.find((r) => r.rank === rank)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), `${path.basename(capture)} at the first failure`);
    const text = editor.document.lineAt(editor.selection.active.line).text;
    await closeAllEditors();
    return text;
  };

  /**
   * A capture of `retryWorker` run twice (`said`, its text), once the view shows it as 2 ranks of
   * 2 sessions each: rank 1's failure in the first run is the first failure, and no rank is
   * failed (the second run ran through).
   */
  const retried = async (label: string, said: string): Promise<void> => {
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith(label);
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.sessions.length === 2) && j.firstFailure ? j : undefined;
    }, 'the capture as 2 ranks of 2 sessions each', 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.state, r.sessions.length])]))}\n${said}`);
    });
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.message], [1, 'loss is nan'], said);
    assert.deepStrictEqual(job.ranks.map((r) => r.state === 'failed'), [false, false], said);
  };

  before(async () => {
    api = await extensionApi();
    fs.rmSync(logs(), { recursive: true, force: true });
    fs.mkdirSync(logs(), { recursive: true });
  });

  after(async () => {
    await closeAllEditors();
    fs.rmSync(logs(), { recursive: true, force: true });
    await api.workers.refresh();
  });

  it('torchrun --log_dir: rank 1 fails in the first attempt and the restart succeeds; 2 ranks x 2 sessions, the failure opens at its traceback', async () => {
    const logDir = path.join(logs(), 'torchrun');
    // Debian's torch 1.13 on Python 3.11 needs a single-stream --redirects/--tee.
    const code = await run(['/usr/bin/python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--max_restarts', '1', '--redirects', '2', '--tee', '2', '--log_dir', logDir, 'scripts/plain_worker.py'], path.join(logs(), 'torchrun-console.txt'));
    assert.strictEqual(code, 0, fs.readFileSync(path.join(logs(), 'torchrun-console.txt'), 'utf8'));
    const runDir = fs.readdirSync(logDir)[0];
    // As a user would after a job ran in a terminal (the workspace's file watcher is not relied on here).
    await api.workers.refresh();
    const shown = (): string => JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.sessions.length]), j.firstFailure?.rank]));
    const job = await waitFor(() => {
      const j = jobWith(path.join('torchrun', runDir));
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.sessions.length === 2) && j.firstFailure ? j : undefined;
    }, 'the torchrun job with 2 ranks x 2 sessions and its first failure in the Workers view', 60_000).catch((e: Error) => {
      throw new Error(`${e.message}; shown: ${shown()}`);
    });
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.match(job.firstFailure!.record.exception ?? '', /RuntimeError: boom on rank 1/);
    assert.strictEqual(job.summary.attempts.length, 2);
    // The restart succeeded: no rank is failed now, and rank 1's first session is.
    const rank1 = job.ranks.find((r) => r.rank === 1)!;
    assert.ok(rank1.sessions[0].failed);
    assert.ok(!rank1.sessions[1].failed);

    // The failure opens in the file torchrun wrote, at the traceback.
    const error = rank1.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const source = path.join(logDir, runDir, 'attempt_0', '1', 'stderr.log');
    const editor = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === source ? vscode.window.activeTextEditor : undefined, 'attempt_0/1/stderr.log in the editor');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, 'Traceback (most recent call last):');
    // Go to First Failure opens the same line of that file.
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure', job.dir);
    const first = await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === source ? vscode.window.activeTextEditor : undefined, 'Go to First Failure: attempt_0/1/stderr.log in the editor');
    assert.strictEqual(first.document.lineAt(first.selection.active.line).text, 'Traceback (most recent call last):');

    // The Job Log of the job: every rank's records by time, rank 1's traceback among them, and
    // Enter on it opens the file torchrun wrote (read from the webview's DOM).
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.openJobLog', job.dir);
    const rows = await waitFor(async () => {
      const r = await inWebview<{ rows: { row: number; label: string; cells: string[] }[]; attempts: string[] }>({ webview: 'job-log', action: 'rows' }).catch(() => undefined);
      return r && r.rows.some((row) => /rank 1, ERROR: Uncaught exception/.test(row.label)) && r.rows.some((row) => row.cells[1] === '0') ? r : undefined;
    }, "the Job Log's rows with rank 1's uncaught exception", 30_000);
    // Its attempts to filter by: all, or each of the two.
    assert.deepStrictEqual(rows.attempts, [':all', '1:1', '2:2']);
    const failure = rows.rows.find((row) => /rank 1, ERROR: Uncaught exception/.test(row.label))!;
    assert.match(failure.label, /first failure of the job/);
    await inWebview({ webview: 'job-log', action: 'click', selector: `#spacer .row[data-row="${failure.row}"]` });
    await inWebview({ webview: 'job-log', action: 'press', selector: '#grid', key: 'Enter' });
    await waitFor(() => vscode.window.activeTextEditor?.document.uri.fsPath === source, 'Enter on the row opens attempt_0/1/stderr.log');
    const opened = vscode.window.activeTextEditor!;
    assert.strictEqual(opened.document.lineAt(opened.selection.active.line).text, 'Traceback (most recent call last):');
    await closeAllEditors();

    // The CLI reads the same folder the same way.
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'summary', logDir], { encoding: 'utf8' });
    assert.strictEqual(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /2 ranks, 2 attempts/);
    assert.match(cli.stdout, /First failure: rank 1, session 1 .*RuntimeError: boom on rank 1/);
    const diagnose = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'diagnose', logDir, '--json'], { encoding: 'utf8' });
    assert.strictEqual(diagnose.status, 1, diagnose.stderr);
    assert.strictEqual((JSON.parse(diagnose.stdout) as { firstFailure?: { rank: number } }).firstFailure?.rank, 1);

    // What torchrun tee'd to the console is a capture of the same job. It has no mark of the
    // restart but torchrun's word on rank 1: the ranks' lines after it start their second session.
    const capture = await waitFor(() => {
      const j = jobWith('torchrun-console.txt');
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.sessions.length === 2) && j.firstFailure ? j : undefined;
    }, "the console capture with 2 ranks x 2 sessions and its first failure", 60_000).catch((e: Error) => {
      throw new Error(`${e.message}; shown: ${shown()}`);
    });
    assert.strictEqual(capture.firstFailure!.rank, 1);
    assert.strictEqual(capture.summary.attempts.length, 2);
    const captured1 = capture.ranks.find((r) => r.rank === 1)!;
    assert.ok(captured1.sessions[0].failed && !captured1.sessions[1].failed);
    const cliCapture = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'summary', path.join(logs(), 'torchrun-console.txt')], { encoding: 'utf8' });
    assert.strictEqual(cliCapture.status, 0, cliCapture.stderr);
    assert.match(cliCapture.stdout, /2 ranks, 2 attempts, 0 failed/);
  });

  it("torchrun --log_dir just after rank 1 failed: rank 0, which torchrun stopped, reads stopped with its attempt within seconds, not running for the stall window", async () => {
    const logDir = path.join(logs(), 'torchrun-stopped');
    const started = Date.now();
    // Rank 0 would work a minute: torchrun's agent stops it once rank 1 failed.
    const code = await run(['/usr/bin/python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--max_restarts', '0', '--redirects', '2', '--tee', '2', '--log_dir', logDir, 'scripts/plain_worker.py'], path.join(logs(), 'torchrun-stopped-console.txt'), { FAIL_RANK: '1', WORK_SECONDS: '60' });
    assert.notStrictEqual(code, 0);
    assert.ok(Date.now() - started < 50_000, 'torchrun stopped rank 0 before its minute of work');
    const runDir = fs.readdirSync(logDir)[0];
    await api.workers.refresh();
    const shown = (): string => JSON.stringify(jobWith(path.join('torchrun-stopped', runDir))?.ranks.map((r) => [r.rank, r.state, r.stopped]));
    const job = await waitFor(() => {
      const j = jobWith(path.join('torchrun-stopped', runDir));
      return j && j.ranks.length === 2 && j.ranks[0].stopped && j.ranks[1].state === 'failed' ? j : undefined;
    }, 'rank 0 stopped and rank 1 failed in the Workers view', 40_000).catch((e: Error) => {
      throw new Error(`${e.message}; shown: ${shown()}`);
    });
    // Well within the stall window (120 s), which is how long it read running before.
    const rank1Log = path.join(logDir, runDir, 'attempt_0', '1', 'stderr.log');
    assert.ok(Date.now() - fs.statSync(rank1Log).mtimeMs < 90_000, `shown stopped ${((Date.now() - fs.statSync(rank1Log).mtimeMs) / 1000).toFixed(0)} s after the failure`);
    assert.match(String(api.workers.provider.getTreeItem(job.ranks[0]).description), /stopped with its attempt, after rank 1 failed/);
  });

  it("torchrun on two nodes (two agents here, one --log_dir, node 1's started first): one job of 4 global ranks, numbered by the ranks c10d's lines name, not by which node started first; rank 2 failed first", async () => {
    const logDir = path.join(logs(), 'twonodes');
    const port = await freePort();
    const agents: ChildProcess[] = [];
    try {
      for (const node of [1, 0]) {
        const out = fs.openSync(path.join(logs(), `agent${node}.txt`), 'w');
        // Static rendezvous: node 1's agent waits for node 0's store, its run folder the older.
        const argv = ['-m', 'torch.distributed.run', '--nnodes', '2', '--node_rank', String(node), '--nproc_per_node', '2', '--master_addr', '127.0.0.1', '--master_port', String(port), '--rdzv_id', 'twonodes', '--max_restarts', '0', '--redirects', '2', '--tee', '2', '--log_dir', logDir, 'scripts/plain_worker.py'];
        agents.push(spawn('/usr/bin/python3', argv, { cwd: workspaceRoot(), stdio: ['ignore', out, out], detached: true, env: { ...process.env, INIT_GROUP: '1', FAIL_RANK: '2' } }));
        await new Promise((r) => setTimeout(r, 1000));
      }
      // The agent whose workers all succeeded waits at torchrun's exit barrier for the other (minutes): the logs are what counts.
      const written = (): string[] => (fs.existsSync(logDir) ? fs.readdirSync(logDir).flatMap((run) => ['0', '1'].map((r) => path.join(logDir, run, 'attempt_0', r, 'stderr.log'))) : []);
      await waitFor(() => {
        const files = written().filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8'));
        return files.length === 4 && files.filter((t) => /step 2 rank \d done/.test(t)).length === 3 && files.some((t) => /RuntimeError: boom on rank 2/.test(t));
      }, "both nodes' workers' logs", 90_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${['agent0.txt', 'agent1.txt'].map((f) => fs.readFileSync(path.join(logs(), f), 'utf8').slice(-2000)).join('\n---\n')}`);
      });
    } finally {
      for (const a of agents) if (a.pid) try { process.kill(-a.pid, 'SIGKILL'); } catch { /* gone */ }
    }
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith('twonodes (2 nodes)');
      return j && j.ranks.length === 4 && j.firstFailure ? j : undefined;
    }, 'one job of 2 nodes with 4 ranks and its first failure', 60_000);
    assert.strictEqual(job.firstFailure!.rank, 2);
    // Each global rank's records are that rank's (the worker logs its RANK).
    for (const r of job.ranks) assert.match(fs.readFileSync(r.path, 'utf8'), new RegExp(`step 1 rank ${r.rank} attempt 0`), `rank ${r.rank}`);
    // Each rank says which node's folder and local rank it is.
    assert.match(api.workers.provider.getTreeItem(job.ranks[3]).description as string, /^twonodes_\w{8} local 1 · /);
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'summary', path.join(logDir, 'twonodes')], { encoding: 'utf8' });
    assert.strictEqual(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /4 ranks/);
    assert.match(cli.stdout, /First failure: rank 2, .*RuntimeError: boom on rank 2/);
  });

  it('srun -l: one combined capture splits into its ranks; srun --output=%t.out: per-task files are found', async function () {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const capture = path.join(logs(), 'srun-label', 'run.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    assert.strictEqual(await run(['srun', '-l', '-n', '2', '--time', '00:02:00', '/usr/bin/python3', 'scripts/plain_worker.py'], capture), 0, fs.readFileSync(capture, 'utf8'));
    const tasks = path.join(logs(), 'srun-tasks');
    fs.mkdirSync(tasks, { recursive: true });
    assert.strictEqual(await run(['srun', '-n', '2', '--time', '00:02:00', `--output=${tasks}/%t.out`, '/usr/bin/python3', 'scripts/plain_worker.py']), 0);
    await api.workers.refresh();
    const labelled = await waitFor(() => {
      const j = jobWith(path.join('srun-label', 'run.out'));
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.sessions[0]?.session.counts.WARNING === 1) ? j : undefined;
    }, 'the srun -l capture split into 2 ranks, each with its warning', 60_000);
    assert.deepStrictEqual(labelled.ranks.map((r) => r.rank), [0, 1]);
    const perTask = await waitFor(() => {
      const j = jobWith('srun-tasks');
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.sessions[0]?.session.counts.INFO === 3) ? j : undefined;
    }, 'the per-task files as 2 ranks with their records', 60_000);
    assert.match(perTask.label, /\{rank\}\.\{out,err\}/);
    // Live: a line appended to the capture reaches its rank in the tree.
    const started = Date.now();
    fs.appendFileSync(capture, '1: 2026-11-30 23:59:59,000 ERROR train: appended later\n');
    await waitFor(() => jobWith(path.join('srun-label', 'run.out'))?.ranks.find((r) => r.rank === 1)?.state === 'failed', 'rank 1 failed by the appended line', 20_000);
    console.log(`      capture append -> rank in the tree: ${Date.now() - started} ms`);
    // A capture's rank line opens at its line in the capture.
    const rank1 = labelled.ranks.find((r) => r.rank === 1)!;
    await vscode.commands.executeCommand('workerLogs.openLog', rank1);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture in the editor');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^1: /);

    // Rank 1's own lines, alone and read-only; from one of them back to its line in the capture.
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.openOwnLines', rank1);
    const own = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === rank1.path ? vscode.window.activeTextEditor : undefined), "rank 1's own lines in the editor");
    const ownLines = own.document.getText().split('\n').filter((l) => l !== '');
    assert.ok(ownLines.length >= 4 && ownLines.every((l) => /Worker 1 - |^\s/.test(l)), ownLines.join('\n'));
    // Typed as a user types: a read-only editor takes nothing.
    const before = own.document.getText();
    await vscode.commands.executeCommand('type', { text: 'typed' });
    assert.ok(own.document.getText() === before && !own.document.isDirty, "the rank's own lines are read-only");
    const at = ownLines.findIndex((l) => /appended later/.test(l));
    own.selection = new vscode.Selection(at, 0, at, 0);
    await vscode.commands.executeCommand('workerLogs.goToSourceLine');
    const back = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture, from the own line');
    assert.strictEqual(back.document.lineAt(back.selection.active.line).text, '1: 2026-11-30 23:59:59,000 ERROR train: appended later');

    // The launcher's own line (no rank prefix): an item after the ranks, opening those lines alone.
    fs.appendFileSync(capture, 'srun: Job step aborted: Waiting up to 32 seconds for job step to finish.\n');
    const launcher = await waitFor(() => {
      const j = jobWith(path.join('srun-label', 'run.out'));
      return j ? api.workers.provider.getChildren(j).find((c) => c.kind === 'launcher') : undefined;
    }, 'the Launcher item of the capture', 20_000);
    assert.match(api.workers.provider.getTreeItem(launcher).description as string, /^1 line without a rank prefix$/);
    await vscode.commands.executeCommand('workerLogs.openOwnLines', launcher);
    const launcherDoc = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === (launcher as { path: string }).path ? vscode.window.activeTextEditor : undefined), "the launcher's lines in the editor");
    assert.strictEqual(launcherDoc.document.getText(), 'srun: Job step aborted: Waiting up to 32 seconds for job step to finish.\n');
    await closeAllEditors();
  });

  it("sbatch of srun --output=%j_%t.out: srun's word on a killed task, in the batch output (slurm-<job id>.out), fails its rank and opens at srun's line", async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const dir = path.join(logs(), 'sbatch-tasks');
    fs.mkdirSync(dir, { recursive: true });
    // Rank 1 is killed (as the OOM killer does): its own file just ends, without a word of why.
    fs.writeFileSync(
      path.join(dir, 'task.py'),
      'import os, signal, time\nrank = int(os.environ["SLURM_PROCID"])\nfor step in range(4):\n    print(f"2026-11-30 09:00:0{step},000 INFO train: step {step}", flush=True)\n    time.sleep(0.3)\n    if rank == 1 and step == 1:\n        os.kill(os.getpid(), signal.SIGKILL)\n',
    );
    const id = await sbatchWait(dir, '#!/bin/bash\necho "job $SLURM_JOB_ID starts"\nsrun -n 2 --output=%j_%t.out /usr/bin/python3 -u task.py\n', path.join(logs(), 'sbatch.txt'));
    const batchOut = path.join(dir, `slurm-${id}.out`);
    const said = fs.readFileSync(batchOut, 'utf8');
    const killedAt = said.split('\n').findIndex((l) => /^srun: error: .*task 1: Killed/.test(l));
    assert.ok(killedAt > 0, said);
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith('sbatch-tasks');
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, "the task files as 2 ranks, with srun's word on rank 1", 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.state])]))}`);
    });
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.match(job.firstFailure!.record.message, /^srun: .*Killed$/);
    assert.deepStrictEqual(job.ranks.map((r) => r.state === 'failed'), [false, true]);
    // The failure opens in the batch output, at srun's line.
    const rank1 = job.ranks.find((r) => r.rank === 1)!;
    const error = rank1.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === batchOut ? vscode.window.activeTextEditor : undefined), `slurm-${id}.out in the editor`);
    assert.strictEqual(editor.selection.active.line, killedAt);
    // Its lines are the job's Launcher item.
    const launcher = api.workers.provider.getChildren(job).find((c) => c.kind === 'launcher');
    assert.ok(launcher, 'the Launcher item of the task files');
    assert.match(api.workers.provider.getTreeItem(launcher).description as string, new RegExp(`^\\d+ lines? of slurm-${id}\\.out$`));
    await closeAllEditors();
  });

  it("sbatch --output=train-%j.out --error=train-%j.err of srun -l: one job of both files; rank 1's traceback (stderr) is its failure, opening at its line in the .err file, and its prints (stdout) are in its lines; PBS's .o<id>/.e<id> of a hung job its time limit ended: the Diagnosis says hang", async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const dir = path.join(logs(), 'sbatch-streams');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'train.py'),
      'import logging, os, time\nrank = int(os.environ["SLURM_PROCID"])\nlogging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")\nlog = logging.getLogger("train")\nfor step in range(1, 5):\n    print(f"epoch 0 step {step}", flush=True)\n    log.info("step %d done", step)\n    time.sleep(0.3)\n    if rank == 1 and step == 2:\n        raise ValueError("bad shard 7")\n',
    );
    const id = await sbatchWait(dir, '#!/bin/bash\n#SBATCH --output=train-%j.out\n#SBATCH --error=train-%j.err\nsrun -l /usr/bin/python3 -u train.py\n', path.join(logs(), 'sbatch-streams.txt'));
    const err = path.join(dir, `train-${id}.err`);
    const said = fs.readFileSync(err, 'utf8');
    const raisedAt = said.split('\n').findIndex((l) => /^1: ValueError: bad shard 7/.test(l));
    assert.ok(raisedAt > 0, said);
    await api.workers.refresh();
    const job = await failedCapture(`train-${id}.out + train-${id}.err`, 2, err, 'the two files as one job of 2 ranks with its first failure');
    assert.strictEqual(api.workers.provider.model.filter((j) => j.label.includes(`train-${id}.`)).length, 1, 'one job, not one per file');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.exception], [1, 'ValueError: bad shard 7']);
    // The failure opens in the .err file at its exception's traceback; rank 1's own lines hold its prints too.
    const rank1 = job.ranks.find((r) => r.rank === 1)!;
    const error = rank1.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === err ? vscode.window.activeTextEditor : undefined), `train-${id}.err in the editor`);
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^1: Traceback/);
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.openOwnLines', rank1);
    const own = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === rank1.path ? vscode.window.activeTextEditor : undefined), "rank 1's own lines in the editor");
    // (In the order the view read them as the job wrote: prints and records of one time, either first.)
    assert.match(own.document.getText(), /output - INFO - epoch 0 step 2\n/);
    assert.match(own.document.getText(), /train - INFO - step 2 done\n/);
    await closeAllEditors();

    // PBS's names (found by the workspace search too): a hung job's stdout says nothing of its end, its .e file that Slurm's time limit ended it.
    const pbs = path.join(logs(), 'pbs-streams');
    fs.mkdirSync(pbs, { recursive: true });
    fs.copyFileSync(launcherFixture(path.join('slurm-output-error-time-limit', 'hang-1.out')), path.join(pbs, 'hang.o417'));
    fs.copyFileSync(launcherFixture(path.join('slurm-output-error-time-limit', 'hang-1.err')), path.join(pbs, 'hang.e417'));
    ageFiles(pbs, 3600_000);
    await api.workers.refresh();
    const hung = await waitFor(() => {
      const j = jobWith('hang.o417 + hang.e417');
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.state === 'failed') ? j : undefined;
    }, 'the .o/.e files as one job of 2 failed ranks', 60_000);
    const diagnosis = await waitFor(() => api.workers.provider.diagnosisOf(hung.dir), 'the Diagnosis item of the .o/.e job', 60_000);
    assert.match(diagnosis.label, /^Diagnosis: Hang: no rank logged for 1m 24s before Slurm cancelled job step 1\.0 on gpu-node-1 due to time limit/);
  });

  it("a capture whose last line has no line break (its rank killed as it wrote), quiet for minutes: that line's error is its rank's failure", async () => {
    const capture = path.join(logs(), 'cut-short', 'train.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.writeFileSync(capture, '0: 2026-06-01 09:00:00,000 INFO train: step 1\n1: 2026-06-01 09:00:00,010 INFO train: step 1\n1: 2026-06-01 09:00:01,000 ERROR train: NCCL communicator was aborted on rank 1');
    ageFiles(path.dirname(capture), 10 * 60_000);
    await api.workers.refresh();
    const job = await failedCapture(path.join('cut-short', 'train.out'), 2, capture, 'the capture cut short as 2 ranks with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.message], [1, 'NCCL communicator was aborted on rank 1']);
  });

  it("torchrun's consoles one file per node (srun --output=%j_%t.out, a real run of 2 nodes x 2): one job of 4 global ranks named by task and local rank; rank 3, which raised, is the first failure (torchrun's Root Cause names each node's rank 0), opening in its node's file", async () => {
    const dir = agedCopy('slurm-torchrun-node-files', 'node-files');
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith('node-files');
      return j && j.ranks.length === 4 && j.firstFailure ? j : undefined;
    }, 'the node files as one job of 4 ranks with its first failure', 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => r.rank)]))}`);
    });
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.exception], [3, 'RuntimeError: bad batch on global rank 3']);
    assert.match(api.workers.provider.getTreeItem(job.ranks.find((r) => r.rank === 3)!).description as string, /^task 1 local 1 · /);
    const error = job.ranks.find((r) => r.rank === 3)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const file = path.join(dir, 'train_1_1.out');
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === file ? vscode.window.activeTextEditor : undefined), 'train_1_1.out in the editor');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '[default1]:Traceback (most recent call last):');
    await closeAllEditors();
  });

  it("sbatch of a retry loop (srun -l -K, run again once it failed): the second srun is each rank's second session, the first failure the rank that failed, not the one srun terminated", async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const dir = path.join(logs(), 'sbatch-retry');
    fs.mkdirSync(dir, { recursive: true });
    // Rank 1 fails in the first srun (srun -K then terminates rank 0); the second srun runs through.
    fs.writeFileSync(path.join(dir, 'retry.py'), retryWorker('int(os.environ["SLURM_PROCID"])', 'os.environ["SLURM_STEP_ID"] == "0"'));
    const id = await sbatchWait(dir, '#!/bin/bash\nfor attempt in 1 2; do\n  srun -l -K -n 2 /usr/bin/python3 -u retry.py && break\n  echo "attempt $attempt failed, retrying"\ndone\n', path.join(logs(), 'sbatch-retry.txt'));
    const capture = path.join(dir, `slurm-${id}.out`);
    const said = fs.readFileSync(capture, 'utf8');
    assert.match(said, /^srun: error: .*task 1: Exited with exit code 1$/m, said);
    await retried(`slurm-${id}.out`, said);
  });

  it("sbatch --requeue of srun --output=%j_%t.out, requeued while it runs (the task files appended to): each rank's second session is the requeued run, in which rank 1 failed; the first run's cancellation stays in the first", async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const dir = path.join(logs(), 'sbatch-requeue');
    fs.mkdirSync(dir, { recursive: true });
    // The first run logs until it is requeued; in the requeued run (SLURM_RESTART_COUNT), rank 1 fails.
    fs.writeFileSync(path.join(dir, 'task.py'), retryWorker('int(os.environ["SLURM_PROCID"])', 'int(os.environ.get("SLURM_RESTART_COUNT", "0")) > 0', 400));
    fs.writeFileSync(path.join(dir, 'job.sh'), '#!/bin/bash\necho "job $SLURM_JOB_ID starts, restart ${SLURM_RESTART_COUNT:-0}"\nsrun -n 2 --open-mode=append --output=%j_%t.out /usr/bin/python3 -u task.py\n');
    const slurm = (...args: string[]) => spawnSync(args[0], args.slice(1), { encoding: 'utf8', timeout: 10_000 });
    const submitted = slurm('sbatch', '--parsable', '--requeue', '--open-mode=append', '-n', '2', '--time', '00:05:00', `--chdir=${dir}`, path.join(dir, 'job.sh'));
    const id = submitted.stdout.trim();
    assert.match(id, /^\d+$/, submitted.stderr);
    const task0 = path.join(dir, `${id}_0.out`);
    await waitFor(() => fs.existsSync(task0) && fs.readFileSync(task0, 'utf8').includes('step 2'), 'the first run under way', 60_000);
    assert.strictEqual(slurm('scontrol', 'requeue', id).status, 0);
    // Slurm holds a requeued job a few minutes; it starts once its processes' kill wait (32 s) is past.
    await waitFor(() => slurm('scontrol', 'update', `JobId=${id}`, 'StartTime=now+40').status === 0, 'the requeued job held to start 40 s on', 20_000);
    const state = () => /JobState=(\w+)/.exec(slurm('scontrol', 'show', 'job', id).stdout)?.[1];
    await waitFor(() => ['COMPLETED', 'FAILED'].includes(state() ?? ''), 'the requeued run to end', 150_000);
    const said = ['slurm', 0, 1].map((n) => fs.readFileSync(path.join(dir, n === 'slurm' ? `slurm-${id}.out` : `${id}_${n}.out`), 'utf8')).join('\n---\n');
    assert.match(said, /CANCELLED AT .* DUE TO JOB REQUEUE/, said);
    assert.match(said, /ERROR train: loss is nan/, said);
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith('sbatch-requeue');
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.sessions.length === 2) && j.firstFailure ? j : undefined;
    }, 'the task files as 2 ranks of 2 sessions each', 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.state, r.sessions.length])]))}\n${said}`);
    });
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.message], [1, 'loss is nan'], said);
    assert.deepStrictEqual(job.ranks.map((r) => r.state === 'failed'), [false, true], said);
  });

  it('srun -l of torchrun on two nodes: one capture of 4 global ranks (task * 2 + local rank), named by task and local rank; rank 1 failed first, at its traceback', async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const capture = path.join(logs(), 'srun-torchrun', 'slurm-1.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    const port = await freePort();
    // One torchrun per srun task, as on two nodes; Debian's torch 1.13 needs a single-stream --redirects/--tee.
    const torchrun = `exec /usr/bin/python3 -m torch.distributed.run --nnodes 2 --node_rank $SLURM_PROCID --nproc_per_node 2 --master_addr 127.0.0.1 --master_port ${port} --max_restarts 0 --redirects 2 --tee 2 scripts/plain_worker.py`;
    const code = await run(['srun', '-l', '-n', '2', '--time', '00:02:00', '/bin/bash', '-c', torchrun], capture);
    assert.strictEqual(code, 1, fs.readFileSync(capture, 'utf8'));
    await api.workers.refresh();
    const job = await failedCapture(path.join('srun-torchrun', 'slurm-1.out'), 4, capture, 'the capture as 4 ranks with its first failure');
    assert.deepStrictEqual(job.ranks.map((r) => r.rank), [0, 1, 2, 3]);
    assert.strictEqual(job.firstFailure!.rank, 1);
    // Each global rank's records are that rank's (the worker logs its RANK), and it is named by srun's task and its local rank.
    for (const r of job.ranks) assert.match(fs.readFileSync(r.path, 'utf8'), new RegExp(`step 1 rank ${r.rank} attempt 0`), `rank ${r.rank}`);
    assert.match(api.workers.provider.getTreeItem(job.ranks[3]).description as string, /^task 1 local 1 · /);
    // The failure opens at rank 1's traceback in the capture.
    const error = job.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^0: \[default1\]:(Traceback|RuntimeError: boom on rank 1)/);
    await closeAllEditors();
  });

  it("srun -l of torchrun on two nodes whose rendezvous (c10d) numbers srun's task 1 first: ranks as c10d's lines name them, not task * 2 + local rank; rank 2 (task 0's local 0) failed first", async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const capture = path.join(logs(), 'srun-c10d', 'slurm-2.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    // c10d's rendezvous numbers the agents of one host by their pids: task 0's starts later, as a
    // child. A pid counter that wraps between the two starts (pid_max 32768 here, a busy test run)
    // numbers task 0 first: run again then, up to three times.
    let text = '';
    for (let run1 = 0; run1 < 3; run1++) {
      const port = await freePort();
      const torchrun = `/usr/bin/python3 -m torch.distributed.run --nnodes 2 --nproc_per_node 2 --rdzv_backend c10d --rdzv_endpoint 127.0.0.1:${port} --rdzv_id c10d --max_restarts 0 --redirects 2 --tee 2 scripts/plain_worker.py`;
      const script = `if [ "$SLURM_PROCID" = 0 ]; then sleep 2; ${torchrun}; else exec ${torchrun}; fi`;
      const code = await run(['srun', '-l', '-n', '2', '--time', '00:02:00', '/bin/bash', '-c', script], capture, { INIT_GROUP: '1', FAIL_RANK: '2' });
      text = fs.readFileSync(capture, 'utf8');
      assert.strictEqual(code, 1, text);
      if (/^1: \[default0\]:.*store for rank: 0$/m.test(text)) break;
    }
    assert.match(text, /^1: \[default0\]:.*store for rank: 0$/m, "task 1's first local rank is rank 0 (in three runs)");
    await api.workers.refresh();
    const job = await failedCapture(path.join('srun-c10d', 'slurm-2.out'), 4, capture, 'the capture as 4 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 2);
    for (const r of job.ranks) assert.match(fs.readFileSync(r.path, 'utf8'), new RegExp(`step 1 rank ${r.rank} attempt 0`), `rank ${r.rank}`);
    assert.match(api.workers.provider.getTreeItem(job.ranks[0]).description as string, /^task 1 local 0 · /);
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'summary', capture], { encoding: 'utf8' });
    assert.match(cli.stdout, /First failure: rank 2, .*RuntimeError: boom on rank 2/);
    // The capture in the editor (the Workers view hidden): the palette's Open Job Log opens its job, among many, without asking.
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.view.explorer');
    await vscode.window.showTextDocument(vscode.Uri.file(capture));
    const opened = await Promise.race([vscode.commands.executeCommand<string>('workerLogs.openJobLog'), new Promise<string>((_, reject) => setTimeout(() => reject(new Error('Open Job Log asked which job')), 10_000))]);
    assert.strictEqual(path.resolve(opened), path.resolve(job.dir));
    await closeAllEditors();
  });

  it("srun of torchrun on one node without -l (a real run): srun's word on its task 0 is torchrun's, not rank 0's; rank 1, which raised, is the first failure and rank 0 is not failed", async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const capture = path.join(logs(), 'srun-plain-torchrun', 'slurm-3.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    const port = await freePort();
    const code = await run(['srun', '-n', '1', '--time', '00:02:00', '/usr/bin/python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_addr', '127.0.0.1', '--master_port', String(port), '--max_restarts', '0', '--redirects', '2', '--tee', '2', 'scripts/plain_worker.py'], capture);
    const text = fs.readFileSync(capture, 'utf8');
    assert.strictEqual(code, 1, text);
    assert.match(text, /^srun: error: \S+: task 0: Exited with exit code 1$/m, 'srun names its task 0');
    await api.workers.refresh();
    const job = await failedCapture(path.join('srun-plain-torchrun', 'slurm-3.out'), 2, capture, 'the capture as 2 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.notStrictEqual(job.ranks[0].state, 'failed', 'rank 0 did not fail');
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'summary', capture], { encoding: 'utf8' });
    assert.match(cli.stdout, /^First failure: rank 1, .*RuntimeError: boom on rank 1$/m);
    assert.match(cli.stdout, /^0 +(?!failed)\w+ /m);
  });

  it("plain srun without -l (a real run; each task a rank, no line labelled): srun's word on task 1 makes the console a job; rank 1's traceback, the only one, is its first failure, opening at the traceback; the note on its unlabelled lines says to run srun with -l, and names no second torchrun", async () => {
    assert.ok(process.env.SLURM_CONF, 'the harness started a one-node Slurm');
    const dir = path.join(logs(), 'srun-plain');
    const capture = path.join(dir, 'slurm-8.out');
    const code = await run(['srun', '-n', '2', '--time', '00:02:00', '/usr/bin/python3', '-u', shardWorker(dir, 'SLURM_PROCID')], capture);
    const text = fs.readFileSync(capture, 'utf8');
    assert.strictEqual(code, 1, text);
    assert.match(text, /^srun: error: \S+: task 1: Exited with exit code 1$/m, 'srun names its task 1');
    assert.doesNotMatch(text, /^\d+: /m, 'no line labelled');
    await api.workers.refresh();
    const job = await failedCapture(path.join('srun-plain', 'slurm-8.out'), 1, capture, 'the console as a job of rank 1 with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.exception], [1, 'ValueError: bad shard 7']);
    assert.strictEqual(await failureLine(job, 1, capture), 'Traceback (most recent call last):');
    const cli = spawnSync(process.execPath, [path.join(__dirname, '..', '..', '..', 'dist', 'cli.js'), 'summary', capture], { encoding: 'utf8' });
    assert.match(cli.stdout, /^First failure: rank 1, .*ValueError: bad shard 7$/m);
    assert.match(cli.stderr, /srun without -l labels none of a rank's lines .*\(run srun with -l, --label,/);
    assert.doesNotMatch(cli.stderr, /more than one torchrun/);
  });

  it("srun -l of a job drawing a progress bar (a real run; tqdm's redraws, then rank 1's traceback on the bar's line): rank 1 failed, its exception the first failure, opening in the editor at the bar's last state where the traceback starts, though the editor breaks lines at each redraw", async () => {
    const dir = path.join(logs(), 'srun-bar');
    fs.mkdirSync(dir, { recursive: true });
    const script = path.join(dir, 'train.py');
    fs.writeFileSync(
      script,
      [
        'import logging, os, sys, time',
        'rank = int(os.environ["SLURM_PROCID"])',
        'logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")',
        'logging.getLogger("train").info("starting")',
        'for n in range(1, 4):',
        '    sys.stderr.write(f"\\rEpoch 0: {n * 25:3d}%|{\'#\' * n:<4}| {n}/4 [00:0{n}<00:0{4 - n},  1.00it/s]")',
        '    sys.stderr.flush()',
        '    time.sleep(0.2)',
        'if rank == 1:',
        '    raise RuntimeError("CUDA error: an illegal memory access was encountered")',
        'sys.stderr.write("\\n")',
        'logging.getLogger("train").info("done")',
        '',
      ].join('\n'),
    );
    const capture = path.join(dir, 'slurm-9.out');
    const code = await run(['srun', '-l', '-n', '2', '--time', '00:02:00', '/usr/bin/python3', '-u', script], capture);
    const text = fs.readFileSync(capture, 'utf8');
    assert.strictEqual(code, 1, text);
    assert.match(text, /^1: \rEpoch 0: [^\n]*\]Traceback \(most recent call last\):\n/m, "the traceback on the bar's line");
    await api.workers.refresh();
    const job = await failedCapture(path.join('srun-bar', 'slurm-9.out'), 2, capture, 'the capture as 2 ranks with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.exception], [1, 'RuntimeError: CUDA error: an illegal memory access was encountered']);
    assert.match(await failureLine(job, 1, capture), /^Epoch 0: {2}75%\|### \| 3\/4 \[.*\]Traceback \(most recent call last\):$/);
  });

  it("a console of our own module's ranks under plain srun (their warnings and errors, no label): split into its ranks by our format's Worker N, no setting needed; rank 1's error record the first failure, opening at its line", async () => {
    const capture = agedCapture('srun-plain-worker-logging.out', path.join('ours-console', 'slurm-4242.out'));
    await api.workers.refresh();
    const job = await failedCapture(path.join('ours-console', 'slurm-4242.out'), 2, capture, 'the console as a job of 2 ranks with its first failure');
    assert.match(job.label, / · ranks by format "worker_logging"$/);
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.exception], [1, 'RuntimeError: NCCL error: unhandled system error']);
    assert.match(await failureLine(job, 1, capture), / - Worker 1 - worker_logging\.run - ERROR - Worker 1 failed with an uncaught exception$/);
  });

  it("mpirun without --tag-output (a real run; no line labelled): mpirun's word on the first rank to exit non-zero makes the console a job; rank 1's traceback is its first failure, opening at the traceback", async () => {
    const dir = path.join(logs(), 'mpirun-untagged');
    const capture = path.join(dir, 'mpirun.out');
    const code = await run(['mpirun', '--allow-run-as-root', '--oversubscribe', '-np', '2', '/usr/bin/python3', '-u', shardWorker(dir, 'OMPI_COMM_WORLD_RANK')], capture);
    const text = fs.readFileSync(capture, 'utf8');
    assert.notStrictEqual(code, 0, text);
    assert.match(text, /^ {2}Process name: \[\[\d+,1\],1\]$/m, "mpirun's word names rank 1");
    await api.workers.refresh();
    const job = await failedCapture(path.join('mpirun-untagged', 'mpirun.out'), 1, capture, 'the console as a job of rank 1 with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.exception], [1, 'ValueError: bad shard 7']);
    assert.strictEqual(await failureLine(job, 1, capture), 'Traceback (most recent call last):');
  });

  it("mpiexec without -prepend-rank (Intel MPI's console, written from its documented output): Hydra's banner naming rank 1 makes the console a job; rank 1's traceback is its first failure, opening at the traceback, and the Job Log's note says to run mpiexec with -prepend-rank", async () => {
    const capture = agedCapture('intel-mpi-untagged-raised.out', path.join('hydra-untagged', 'mpiexec.out'));
    await api.workers.refresh();
    const job = await failedCapture(path.join('hydra-untagged', 'mpiexec.out'), 1, capture, 'the console as a job of rank 1 with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.exception], [1, 'ValueError: bad shard 7']);
    assert.strictEqual(await failureLine(job, 1, capture), 'Traceback (most recent call last):');
    assert.match(api.imports.launcherNoteOf(job.dir)?.note.text ?? '', /name no rank, the ranks' records among them: mpiexec .* \(run mpiexec with -prepend-rank/);
  });

  it("torchrun --role trainer: its tee labels name the role ([trainer1]:); the console splits into its ranks, rank 1 failed first, at its traceback; just written, rank 0 is not shown running", async () => {
    const capture = path.join(logs(), 'role', 'train.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    const port = await freePort();
    const code = await run(['/usr/bin/python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_port', String(port), '--role', 'trainer', '--max_restarts', '0', '--redirects', '2', '--tee', '2', 'scripts/plain_worker.py'], capture);
    assert.strictEqual(code, 1, fs.readFileSync(capture, 'utf8'));
    assert.match(fs.readFileSync(capture, 'utf8'), /^\[trainer1\]:/m);
    await api.workers.refresh();
    const job = await failedCapture(path.join('role', 'train.out'), 2, capture, 'the capture as 2 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 1);
    // Written a moment ago, but torchrun's word on rank 1 ended its group: rank 0 is not shown
    // running. Stopped when torchrun stopped it; else it had exited by itself (its 0.3 s of work
    // done before torchrun's next look): finished, not stopped.
    // (The view may show the failure a moment before rank 0's log has the record that ends it.)
    const stoppedByTorchrun = /Sending process \d+ closing signal/.test(fs.readFileSync(capture, 'utf8'));
    const states = (j: JobNode | undefined) => JSON.stringify(j?.ranks.map((r) => [r.rank, r.state, r.stopped ?? false]));
    await waitFor(() => states(jobWith(path.join('role', 'train.out'))) === JSON.stringify([[0, 'finished', stoppedByTorchrun], [1, 'failed', false]]), `rank 0 ${stoppedByTorchrun ? 'stopped' : 'finished'}, rank 1 failed`, 20_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${states(jobWith(path.join('role', 'train.out')))}`);
    });
    for (const r of job.ranks) assert.match(fs.readFileSync(r.path, 'utf8'), new RegExp(`step 1 rank ${r.rank} attempt 0`), `rank ${r.rank}`);
    const error = job.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\[trainer1\]:(Traceback|RuntimeError: boom on rank 1)/);
    await closeAllEditors();
  });

  it("torchrun's labels of the rank alone ([1]:, its prefix template '[${rank}]:'; a real run given an empty role writes the same): the console splits into its ranks, rank 1 failed first, at its traceback", async () => {
    const capture = path.join(logs(), 'rank-alone', 'train.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    const port = await freePort();
    const code = await run(['/usr/bin/python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_port', String(port), '--role=', '--max_restarts', '0', '--redirects', '2', '--tee', '2', 'scripts/plain_worker.py'], capture);
    assert.strictEqual(code, 1, fs.readFileSync(capture, 'utf8'));
    assert.match(fs.readFileSync(capture, 'utf8'), /^\[1\]:/m);
    await api.workers.refresh();
    const job = await failedCapture(path.join('rank-alone', 'train.out'), 2, capture, 'the capture as 2 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 1);
    for (const r of job.ranks) assert.match(fs.readFileSync(r.path, 'utf8'), new RegExp(`step 1 rank ${r.rank} attempt 0`), `rank ${r.rank}`);
    const error = job.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\[1\]:(Traceback|RuntimeError: boom on rank 1)/);
    await closeAllEditors();
  });

  it("a SkyPilot job's log of two nodes (written from SkyPilot's): each node a rank; rank 1's out-of-memory error is the first failure, opening at its line; SkyPilot's word on the job fails rank 1, not the head its cleanup ended", async () => {
    const capture = path.join(logs(), 'skypilot', 'run.log');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.copyFileSync(launcherFixture('skypilot-2-nodes-torchrun.log'), capture);
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith(path.join('skypilot', 'run.log'));
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the SkyPilot log as 2 ranks with its first failure', 30_000);
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.deepStrictEqual(job.ranks.map((r) => r.state), ['finished', 'failed']);
    assert.ok(job.ranks[0].stopped, 'the head reads stopped with its attempt');
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the log at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /\(worker1, rank=1, pid=2769, ip=10\.100\.10\.12\)\S* \[rank3\]: (Traceback|torch\.OutOfMemoryError)/);
    await closeAllEditors();
  });

  it("accelerate launch's console without --tee (written from torch 2.4's): its Job Log says the ranks' records are among the lines that name no rank, and how to have them labelled, and opens those lines; a console with --tee says only that the launcher's own are left out", async () => {
    const capture = agedCapture('accelerate-torch-2.4-no-tee-oom.out', path.join('accelerate', 'train.out'));
    await api.workers.refresh();
    const job = await failedCapture(path.join('accelerate', 'train.out'), 4, capture, 'the console as 4 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 2);
    // The Launcher item after the ranks says so too.
    const launcher = api.workers.provider.getChildren(job).find((c) => c.kind === 'launcher')!;
    assert.strictEqual(api.workers.provider.getTreeItem(launcher).description, "74 lines without a rank prefix, the ranks' records among them");
    assert.match(String(api.workers.provider.getTreeItem(launcher).tooltip), /^74 lines of train\.out name no rank, the ranks' records among them: .*\. Opens them alone, read-only\.$/);
    await vscode.commands.executeCommand('workerLogs.openJobLog', job.dir);
    type Shown = { rows: { label: string }[]; launcher?: { text: string; mostly: boolean } };
    const shown = await waitFor(async () => {
      const r = await inWebview<Shown>({ webview: 'job-log', action: 'rows' }).catch(() => undefined);
      return r && r.rows.length > 0 && r.launcher ? r : undefined;
    }, "the Job Log's rows and its note on the lines that name no rank", 30_000);
    assert.strictEqual(shown.launcher!.mostly, true);
    assert.match(shown.launcher!.text, /^74 lines of train\.out name no rank, the ranks' records among them: without --tee, torchrun and accelerate launch label none of a rank's lines but, from torch 2, a failed rank's traceback and C\+\+ log \(run with --tee 3 to have every line read as its rank's\)\. They are the Launcher's lines \(the Workers view's Launcher item\), not in the Job Log\.$/);
    await inWebview({ webview: 'job-log', action: 'click', selector: '#launcher-open' });
    const opened = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath.endsWith('launcher.log') ? vscode.window.activeTextEditor : undefined), "the launcher's lines in the editor");
    assert.strictEqual(opened.document.lineCount - 1, 74);
    assert.strictEqual(opened.document.lineAt(0).text, fs.readFileSync(capture, 'utf8').split('\n')[0]);
    await closeAllEditors();

    const teed = agedCapture('torchrun-2-device-assert.out', path.join('teed', 'train.out'));
    await api.workers.refresh();
    const teedJob = await failedCapture(path.join('teed', 'train.out'), 2, teed, 'the tee\'d console as 2 ranks with its first failure');
    await vscode.commands.executeCommand('workerLogs.openJobLog', teedJob.dir);
    const teedShown = await waitFor(async () => {
      const r = await inWebview<Shown>({ webview: 'job-log', action: 'rows' }).catch(() => undefined);
      return r && r.rows.length > 0 && r.launcher ? r : undefined;
    }, "the tee'd console's Job Log and its note", 30_000);
    assert.strictEqual(teedShown.launcher!.mostly, false);
    assert.match(teedShown.launcher!.text, /^\d+ lines of train\.out, the launcher's own, name no rank\. They are the Launcher's lines/);
    await closeAllEditors();
  });

  it("torchrun's console of which no line names a rank (a real torch 1.13 run, stderr not tee'd): the Workers view reads its ranks from torchrun's words, rank 1 failed with the one traceback before them, and opens the capture at that traceback", async () => {
    const capture = agedCapture('torchrun-1.13-no-tee-raised.out', path.join('no-tee', 'train.out'));
    await api.workers.refresh();
    const job = await failedCapture(path.join('no-tee', 'train.out'), 3, capture, 'the console as 3 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.deepStrictEqual(job.ranks.map((r) => [r.rank, r.state]), [[0, 'finished'], [1, 'failed'], [2, 'finished']]);
    assert.ok(job.ranks[0].stopped && job.ranks[2].stopped, 'ranks 0 and 2 read stopped by torchrun');
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    const item = api.workers.provider.getTreeItem(error);
    assert.match(`${String(item.label)} ${String(item.description ?? '')} ${String(item.tooltip ?? '')}`, /RuntimeError: loader: shard 7 unreadable/);
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the console at the first failure');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, 'Traceback (most recent call last):');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line + 3).text, 'RuntimeError: loader: shard 7 unreadable');
    await closeAllEditors();
  });

  it("torch 2.5's NCCL watchdog timeout (torchrun's console): the timeline shows rank 1, which the others waited for, silent from when rank 0 began waiting until torchrun stopped it, saying what it never did", async () => {
    // (Its progress comes with the rank's reading, which may follow the diagnosis.)
    const t = await captureTimeline('torchrun-2.5-nccl-watchdog-timeout.out', 'watchdog', (r) => /waited for/.test(r.lanes[1].label) && /, step 1$/.test(r.lanes[1].label), "the timeline's lane of rank 1, waited for, with its step");
    assert.strictEqual(t.lanes[1].label, 'Rank 1: 1 session, stopped at 19:01:22.517, waited for from 18:51:21.879: never entered ALLREDUCE #5; 1 rank timed out waiting for it, step 1');
    assert.doesNotMatch(t.lanes[0].label, /waited for/);
    // Rank 0 waited in the all-reduce from its start until its watchdog's timeout: said, and drawn as a wait.
    assert.match(t.lanes[0].label, /, waited in ALLREDUCE #5 from 18:51:21\.879 until it timed out at 19:01:21\.891/);
    await closeAllEditors();
  });

  it("gloo's timeout in a traceback, which has no time (a real torch 1.13 torchrun --tee console): the timeline draws rank 0 waiting from its last record for the 5 s timeout and its failure there, not as a job of 10 ms; rank 1, which it waited for, silent until then", async () => {
    const t = await captureTimeline('torchrun-1.13-gloo-timeout.log', 'gloo-timeout', (r) => /waited in/.test(r.lanes[0].label), "the timeline's lane of rank 0, waiting in gloo");
    assert.match(t.lanes[0].label, /, waited in gloo recv from ~06:43:53\.867 until it timed out at ~06:43:58\.867/);
    assert.match(t.lanes[1].label, /waited for from 06:43:53\.867: logged no timeout, while rank 0 timed out waiting in gloo \(5000 ms\)/);
    // Its failure drawn where the wait ended (the timeline's marks, as the screen reader reads them).
    assert.ok(t.marks.some((m) => /ERROR ~06:43:58\.867 Uncaught exception \(RuntimeError: .*Timed out waiting 5000ms/.test(m.label)), JSON.stringify(t.marks.map((m) => m.label)));
    assert.doesNotMatch(t.summary, /– 06:43:53/);
    await closeAllEditors();
  });

  it("a gloo hang torchrun restarted past (a real torch 1.13 console whose second attempt ran through): the editor diagnoses the first attempt's hang, the timeline draws ranks 0, 1 waiting until their timeouts, and the second attempt from its first records, not over the waits", async () => {
    const t = await captureTimeline('torchrun-1.13-gloo-timeout-restart.log', 'gloo-restart', (r) => /waited in/.test(r.lanes[0].label), "the timeline's lane of rank 0, waiting in gloo", 3);
    const job = jobWith(path.join('gloo-restart', 'train.out'))!;
    assert.match(api.diagnosis.diagnoses.get(job.dir)?.diagnosis.headline ?? '', /^Hang in attempt 1 of 2 \(the latest ran on\): rank 2 logged no timeout/);
    assert.match(t.lanes[0].label, /waited in gloo recv from ~18:55:07\.683 until it timed out at ~18:55:12\.683/);
    assert.match(t.lanes[2].label, /waited for from 18:55:07\.683/);
    // Its failure drawn where the wait ended; the second attempt (torchrun's word on the first has no time) from its first record, 18:55:17.430, not from before the waits.
    assert.ok(t.marks.some((m) => /^ERROR ~18:55:12\.683 Uncaught exception \(RuntimeError: .*Timed out waiting 5000ms/.test(m.label)), JSON.stringify(t.marks.map((m) => m.label)));
    assert.deepStrictEqual(job.ranks.map((r) => [r.sessions.length, r.sessions[1].session.resumeTime]), [0, 1, 2].map(() => [2, Date.UTC(2026, 11, 3, 18, 55, 17, 430)]));
    await closeAllEditors();
  });

  it("a SkyPilot job of one node (a real torchrun --tee run, its console streamed as SkyPilot does: `(task, pid=...) ` before every line): the ranks behind the prefix, rank 1 failed first, opening at its line; SkyPilot's word on its node fails no other rank", async () => {
    const dir = path.join(logs(), 'skypilot-one-node');
    fs.mkdirSync(dir, { recursive: true });
    // (Written outside the workspace: only SkyPilot's log is the job's.)
    const plain = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-skypilot-')), 'torchrun.out');
    const port = await freePort();
    const code = await run(['/usr/bin/python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_port', String(port), '--max_restarts', '0', '--redirects', '2', '--tee', '2', 'scripts/plain_worker.py'], plain);
    assert.strictEqual(code, 1, fs.readFileSync(plain, 'utf8'));
    const text = fs.readFileSync(plain, 'utf8');
    assert.match(text, /^\[default1\]:/m);
    fs.rmSync(path.dirname(plain), { recursive: true, force: true });
    const prefix = '\x1b[36m(task, pid=4494)\x1b[0m ';
    const lines = ['(setup pid=2210) Requirement already satisfied: torch', ...text.replace(/\n$/, '').split('\n').map((line) => prefix + line), 'ERROR: Job 1 failed with return code list: [1]', '✓ Job finished (status: FAILED).'];
    const capture = path.join(dir, 'run.log');
    fs.writeFileSync(capture, lines.join('\n') + '\n');
    await api.workers.refresh();
    const job = await failedCapture(path.join('skypilot-one-node', 'run.log'), 2, capture, 'the SkyPilot log as 2 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.deepStrictEqual(job.ranks.map((r) => r.state), ['finished', 'failed']);
    for (const r of job.ranks) assert.match(fs.readFileSync(r.path, 'utf8'), new RegExp(`step 1 rank ${r.rank} attempt 0`), `rank ${r.rank}`);
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the log at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\S*\(task, pid=4494\)\S* \[default1\]:(Traceback|RuntimeError: boom on rank 1)/);
    await closeAllEditors();
  });

  it("a Kubeflow PyTorchJob's pods as `kubectl logs -l ... --prefix --timestamps` writes them (real torchrun --tee runs of 2 nodes x 2, each line stamped as the kubelet does, pod after pod): 4 global ranks named by pod and local rank, rank 1 failed first, opening at its line; the master's pod alone (the kubelet's time before each line) its 2 ranks; both pods saved a file each one job of 4", async () => {
    const dir = path.join(logs(), 'kubectl');
    fs.mkdirSync(dir, { recursive: true });
    // (Each pod's console written outside the workspace: only kubectl's output is the job's.)
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-kubectl-'));
    const port = await freePort();
    // The kubelet's part: each line of the container's output, as it comes, after its time (RFC 3339 in UTC).
    const kubelet = [
      'import datetime, subprocess, sys',
      'p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)',
      'for line in p.stdout:',
      '    sys.stdout.write(datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ ") + line.decode())',
      '    sys.stdout.flush()',
      'sys.exit(p.wait())',
    ].join('\n');
    const pod = (node: number): Promise<number | null> =>
      run(
        ['/usr/bin/python3', '-c', kubelet, '/usr/bin/python3', '-m', 'torch.distributed.run', '--nnodes', '2', '--node_rank', String(node), '--nproc_per_node', '2', '--master_addr', '127.0.0.1', '--master_port', String(port), '--max_restarts', '0', '--redirects', '2', '--tee', '2', 'scripts/plain_worker.py'],
        path.join(scratch, `node${node}.out`),
        // (A container's clock is UTC, as the kubelet's times are.)
        { TZ: 'UTC', PYTHONUNBUFFERED: '1' },
      );
    const codes = await Promise.all([pod(0), pod(1)]);
    const texts = [0, 1].map((node) => fs.readFileSync(path.join(scratch, `node${node}.out`), 'utf8'));
    fs.rmSync(scratch, { recursive: true, force: true });
    assert.strictEqual(codes[0], 1, texts[0]);
    assert.match(texts[0], /^\S+Z \[default1\]:/m);
    // kubectl without -f: the pods' logs one after the other, in the order of their names.
    const lines = [0, 1].flatMap((node) => texts[node].replace(/\n$/, '').split('\n').map((line) => `[pod/train-${node === 0 ? 'master' : 'worker'}-0/pytorch] ${line}`));
    const capture = path.join(dir, 'train.log');
    fs.writeFileSync(capture, lines.join('\n') + '\n');
    await api.workers.refresh();
    const job = await failedCapture(path.join('kubectl', 'train.log'), 4, capture, 'the pods as 4 ranks with their first failure');
    assert.deepStrictEqual(job.ranks.map((r) => r.rank), [0, 1, 2, 3]);
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.strictEqual(job.ranks[1].state, 'failed');
    for (const r of job.ranks) assert.match(fs.readFileSync(r.path, 'utf8'), new RegExp(`step 1 rank ${r.rank} attempt 0`), `rank ${r.rank}:\n${fs.readFileSync(r.path, 'utf8')}\nof the capture:\n${lines.join('\n')}`);
    // (The kubelet's times are taken off the lines: no rank's record carries one.)
    for (const r of job.ranks) assert.doesNotMatch(fs.readFileSync(r.path, 'utf8'), /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/, `rank ${r.rank}`);
    assert.match(api.workers.provider.getTreeItem(job.ranks[3]).description as string, /^train-worker-0 local 1 · /);
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\[pod\/train-master-0\/pytorch\] \S+Z \[default1\]:(Traceback|RuntimeError: boom on rank 1)/);
    await closeAllEditors();
    // The master's pod alone (`kubectl logs --timestamps train-master-0`): the kubelet's time before every line.
    const one = path.join(logs(), 'kubectl-one-pod', 'train-master-0.log');
    fs.mkdirSync(path.dirname(one), { recursive: true });
    fs.writeFileSync(one, texts[0]);
    await api.workers.refresh();
    const master = await failedCapture(path.join('kubectl-one-pod', 'train-master-0.log'), 2, one, "the master's pod as 2 ranks with their first failure");
    assert.strictEqual(master.firstFailure!.rank, 1);
    for (const r of master.ranks) assert.doesNotMatch(fs.readFileSync(r.path, 'utf8'), /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z/, `rank ${r.rank}`);
    // Both pods saved a file each (`kubectl logs --timestamps <pod> > <pod>.log`): one job of the 4 global ranks, named by pod.
    const podDir = path.join(logs(), 'kubectl-pods');
    fs.mkdirSync(podDir, { recursive: true });
    fs.writeFileSync(path.join(podDir, 'train-worker-0.log'), texts[1]);
    fs.writeFileSync(path.join(podDir, 'train-master-0.log'), texts[0]);
    await api.workers.refresh();
    const pods = await waitFor(() => {
      const j = jobWith('kubectl-pods');
      return j && j.ranks.length === 4 && j.firstFailure ? j : undefined;
    }, "the pods' files as one job of 4 ranks with its first failure");
    assert.strictEqual(pods.firstFailure!.rank, 1);
    assert.match(api.workers.provider.getTreeItem(pods.ranks[2]).description as string, /^train-worker-0 local 0 · /);
  });

  it("torchrun of a job that logs times without a date (rank 0) and JSON records (rank 1): their levels and times are read; rank 1's logged exception is the first failure, not torchrun's word, opening at its JSON line", async () => {
    const dir = path.join(logs(), 'formats');
    fs.mkdirSync(dir, { recursive: true });
    const script = path.join(dir, 'job.py');
    fs.writeFileSync(script, [
      'import json, logging, os, sys, time',
      'rank = int(os.environ["RANK"])',
      'class Json(logging.Formatter):',
      '    def format(self, r):',
      '        d = {"asctime": self.formatTime(r), "levelname": r.levelname, "name": r.name, "message": r.getMessage()}',
      '        if r.exc_info: d["exc_info"] = self.formatException(r.exc_info)',
      '        return json.dumps(d)',
      'handler = logging.StreamHandler()',
      'handler.setFormatter(Json() if rank == 1 else logging.Formatter("%(asctime)s.%(msecs)03d %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))',
      'logging.basicConfig(level=logging.INFO, handlers=[handler])',
      'log = logging.getLogger("train")',
      'log.info("step 1 rank %d", rank)',
      'if rank == 0:',
      '    log.warning("slow step")',
      'else:',
      '    try:',
      '        {}["shard"]',
      '    except KeyError:',
      '        log.exception("lookup failed")',
      '    sys.exit(1)',
      'time.sleep(0.3)',
      '',
    ].join('\n'));
    const capture = path.join(dir, 'train.out');
    const port = await freePort();
    const code = await run(['/usr/bin/python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--master_port', String(port), '--max_restarts', '0', '--redirects', '2', '--tee', '2', script], capture);
    assert.strictEqual(code, 1, fs.readFileSync(capture, 'utf8'));
    await api.workers.refresh();
    const job = await failedCapture(path.join('formats', 'train.out'), 2, capture, 'the capture as 2 ranks with its first failure');
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.match(fs.readFileSync(job.ranks[0].path, 'utf8'), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} - Worker 0 - train - WARNING - slow step$/m);
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\[default1\]:\{"asctime": .*"levelname": "ERROR", "name": "train", "message": "lookup failed", "exc_info": "Traceback/);
    await closeAllEditors();
  });

  it("mp.spawn: a console whose lines name their rank only in the user's format (workerLogs.formats with a rank group) splits into its ranks; mp.spawn's word fails the rank that raised, the ranks it then terminated are stopped", async () => {
    const config = vscode.workspace.getConfiguration('workerLogs');
    const capture = path.join(logs(), 'spawn', 'console.log');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    const code = await run(['/usr/bin/python3', 'scripts/spawn_job.py', String(await freePort())], capture);
    assert.strictEqual(code, 1, fs.readFileSync(capture, 'utf8'));
    // Without the format, its lines name no rank: a job of the rank mp.spawn's word names; the
    // setting splits it into its ranks, without a Refresh.
    await api.workers.refresh();
    const alone = await failedCapture(path.join('spawn', 'console.log'), 1, capture, 'the console as the one rank mp.spawn names');
    assert.strictEqual(alone.firstFailure!.rank, 2);
    await config.update('formats', [{ name: 'spawn job', pattern: '^(?<time>\\S+ \\S+) \\[rank (?<rank>\\d+)\\] (?<level>[A-Z]+) (?<logger>\\S+): (?<message>.*)$', timeFormat: 'iso', samples: ['2026-12-02 05:26:16,842 [rank 0] INFO train: step 0 loss 1.000'] }], vscode.ConfigurationTarget.Workspace);
    try {
      const job = await failedCapture(path.join('spawn', 'console.log'), 3, capture, 'the console as 3 ranks with its first failure');
      assert.strictEqual(job.firstFailure!.rank, 2);
      // The job says which format split it; the one of mp.spawn's rank alone is gone.
      assert.match(job.label, / · ranks by format "spawn job"$/);
      await waitFor(() => api.workers.provider.model.filter((j) => j.label.includes(path.join('spawn', 'console.log'))).length === 1, 'one job of the console, not two');
      // (Each rank's log is written as the view reads the others: the view may show the failure a
      // moment before a rank's lines are all written. A CI run on a machine busy with other work
      // once took over 10 s.)
      for (const r of job.ranks) {
        await waitFor(() => /train - INFO - step 2 loss 0\.333/.test(fs.readFileSync(r.path, 'utf8')), `rank ${r.rank}'s step 2 in its log`, 30_000).catch((e: Error) => {
          // (What the import wrote, its errors and the console: this wait failed in CI now and then.)
          const files = job.ranks.map((k) => `--- ${k.path}\n${fs.existsSync(k.path) ? fs.readFileSync(k.path, 'utf8').slice(-1500) : '(none)'}`).join('\n');
          throw new Error(`${e.message}\n${files}\n--- errors: ${JSON.stringify(api.imports.recentErrors())}\n--- the console:\n${fs.readFileSync(capture, 'utf8').slice(0, 4000)}`);
        });
      }
      assert.match(job.ranks[1].description, /stopped by mp\.spawn \(SIGTERM\)/);
      // The failure opens at mp.spawn's word in the console: the exception of rank 2's traceback.
      const error = job.ranks[2].sessions[0].children.find((c) => c.kind === 'error')!;
      await vscode.commands.executeCommand('workerLogs.openLog', error);
      const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the console at the first failure');
      assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, 'RuntimeError: boom on rank 2');
      await closeAllEditors();
    } finally {
      await config.update('formats', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it("a user format that backtracks without end on one line of the console (a word ended by '!') does not hold the extension host: the console splits into its ranks, the first failure read", async () => {
    const config = vscode.workspace.getConfiguration('workerLogs');
    const capture = path.join(logs(), 'runaway-format', 'console.log');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    const line = (s: number, rank: number, level: string, message: string) => `2026-12-07 10:00:0${s},000 [rank ${rank}] ${level} ${message}`;
    fs.writeFileSync(capture, [line(0, 0, 'INFO', 'step one'), line(0, 1, 'INFO', 'step one'), line(1, 0, 'INFO', `${'a'.repeat(60)}!`), line(2, 1, 'ERROR', 'boom'), line(3, 0, 'INFO', 'done')].join('\n') + '\n');
    // `(\w+\s?)+$` splits the 60 letters 2^60 ways before it gives up at the `!`.
    await config.update('formats', [{ name: 'words', pattern: '^(?<time>\\S+ \\S+) \\[rank (?<rank>\\d+)\\] (?<level>[A-Z]+) (?<message>(\\w+\\s?)+)$', samples: ['2026-12-07 10:00:00,000 [rank 0] INFO hello world'] }], vscode.ConfigurationTarget.Workspace);
    try {
      await api.workers.refresh();
      const job = await failedCapture(path.join('runaway-format', 'console.log'), 2, capture, 'the console as 2 ranks with its first failure');
      assert.strictEqual(job.firstFailure!.rank, 1);
      assert.match(job.label, / · ranks by format "words"$/);
    } finally {
      await config.update('formats', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it("srun -l of 1,024 ranks (a job of 128 nodes x 8): the capture splits into its 1,024 ranks in the Workers view, rank 777's traceback the first failure, opening at its line; its Job Log and its timeline of 1,024 lanes", async () => {
    const capture = path.join(logs(), 'big-capture', 'slurm-31337.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    // Each rank logs its steps (srun -l's labels, Python's asctime); rank 777 raises at step 40, the others are then cut off by srun.
    const lines: string[] = [];
    for (let step = 1; step <= 40; step++) {
      for (let rank = 0; rank < 1024; rank++) {
        const ms = String((step * 37 + rank) % 1000).padStart(3, '0');
        lines.push(`${rank}: 2026-11-30 09:${String(10 + Math.floor(step / 2)).padStart(2, '0')}:${String((step % 2) * 30 + (rank % 30)).padStart(2, '0')},${ms} INFO train: step ${step} loss ${(2 - step / 40).toFixed(3)}`);
      }
    }
    lines.push('777: Traceback (most recent call last):', '777:   File "/home/u/train.py", line 88, in <module>', '777:     loss = step(batch)', '777: RuntimeError: CUDA error: an illegal memory access was encountered');
    lines.push('srun: error: gpu-node-098: task 777: Exited with exit code 1', 'srun: Terminating StepId=31337.0', 'slurmstepd: error: *** STEP 31337.0 ON gpu-node-001 CANCELLED AT 2026-11-30T09:31:00 ***');
    fs.writeFileSync(capture, lines.join('\n') + '\n');
    ageFiles(path.dirname(capture), 3600_000);
    const started = Date.now();
    await api.workers.refresh();
    const job = await failedCapture(path.join('big-capture', 'slurm-31337.out'), 1024, capture, 'the capture as a job of 1,024 ranks with its first failure');
    console.log(`      1,024-rank capture (${(fs.statSync(capture).size / 2 ** 20).toFixed(1)} MiB) -> job in the tree: ${Date.now() - started} ms`);
    assert.strictEqual(job.firstFailure!.rank, 777);
    assert.strictEqual(job.firstFailure!.record.exception, 'RuntimeError: CUDA error: an illegal memory access was encountered');
    assert.deepStrictEqual(job.ranks.map((r) => r.rank), Array.from({ length: 1024 }, (_, i) => i));
    const error = job.ranks[777].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the failure');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, '777: Traceback (most recent call last):');
    await closeAllEditors();
    // The Job Log of 1,024 ranks shows rank 777's failure among its rows; the timeline a lane a rank, 777's failed.
    await vscode.commands.executeCommand('workerLogs.openJobLog', job.dir);
    const rows = await waitFor(async () => {
      const r = await inWebview<{ rows: { row: number; label: string }[] }>({ webview: 'job-log', action: 'rows' }).catch(() => undefined);
      return r && r.rows.length > 0 ? r : undefined;
    }, "the Job Log's rows of the 1,024-rank job", 30_000);
    // (The same record of many ranks at once is one row naming them.)
    assert.match(rows.rows[0].label, /ranks? [\d,]+, INFO: step 1 loss/);
    await vscode.commands.executeCommand('workerLogs.openTimeline', job.dir);
    const lanes = await waitFor(async () => {
      const t = await inWebview<{ summary: string; lanes: { rank: number; state: string }[] }>({ webview: 'timeline', action: 'timeline' }).catch(() => undefined);
      return t && t.lanes.length === 1024 ? t : undefined;
    }, 'the timeline of 1,024 lanes', 30_000);
    assert.strictEqual(lanes.lanes[777].state, 'failed');
    assert.match(lanes.summary, /^1024 ranks · /);
    await closeAllEditors();
  });

  it("srun -l of 16,384 ranks (2,048 nodes x 8): every rank in the Workers view and the failing one first, its Job Log's rows and its timeline's 16,384 lanes (npm run bench quotes the times)", async function () {
    this.timeout(600_000);
    const ranks = Number(process.env.GWL_HUGE_RANKS ?? 16384);
    const capture = path.join(logs(), 'huge-capture', 'slurm-4242.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    // Three steps of each rank (srun -l's labels, Python's asctime); one rank raises, srun names its task.
    const lines: string[] = [];
    for (let step = 1; step <= 3; step++) for (let rank = 0; rank < ranks; rank++) lines.push(`${rank}: 2026-11-30 09:1${step}:${String(rank % 60).padStart(2, '0')},${String(rank % 1000).padStart(3, '0')} INFO train: step ${step}`);
    const bad = ranks - 39;
    lines.push(`${bad}: Traceback (most recent call last):`, `${bad}:   File "/home/u/train.py", line 88, in <module>`, `${bad}: RuntimeError: CUDA error: an illegal memory access was encountered`);
    lines.push(`srun: error: gpu-node-2043: task ${bad}: Exited with exit code 1`);
    fs.writeFileSync(capture, lines.join('\n') + '\n');
    ageFiles(path.dirname(capture), 3600_000);
    // The extension host's longest stall while each shows (a timer's late ticks; printed, not asserted).
    let longest = 0;
    let tick = Date.now();
    const timer = setInterval(() => {
      longest = Math.max(longest, Date.now() - tick);
      tick = Date.now();
    }, 20);
    const figures: Record<string, number> = {};
    const timed = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
      longest = 0;
      tick = Date.now();
      const started = Date.now();
      const value = await run();
      figures[`${what}Ms`] = Date.now() - started;
      figures[`${what}StallMs`] = longest;
      return value;
    };
    try {
      // (chokidar listed the folder of rank logs the import writes again and again: 90 s for the tree, the timeline over 5 minutes.)
      const job = await timed('tree', async () => {
        await api.workers.refresh();
        return waitFor(() => {
          const j = jobWith(path.join('huge-capture', 'slurm-4242.out'));
          return j && j.ranks.length === ranks && j.firstFailure ? j : undefined;
        }, `the capture as a job of ${ranks} ranks with its first failure`, 240_000);
      });
      assert.strictEqual(job.firstFailure!.rank, bad);
      assert.strictEqual(job.firstFailure!.record.exception, 'RuntimeError: CUDA error: an illegal memory access was encountered');
      const rows = await timed('jobLog', async () => {
        await vscode.commands.executeCommand('workerLogs.openJobLog', job.dir);
        return waitFor(async () => {
          const r = await inWebview<{ rows: { label: string }[] }>({ webview: 'job-log', action: 'rows' }).catch(() => undefined);
          return r && r.rows.length > 0 ? r : undefined;
        }, `the Job Log's rows of the ${ranks}-rank job`, 240_000);
      });
      assert.match(rows.rows[0].label, /ranks? [\d,-]+, INFO: step 1/);
      const lanes = await timed('timeline', async () => {
        await vscode.commands.executeCommand('workerLogs.openTimeline', job.dir);
        return waitFor(async () => {
          const t = await inWebview<{ lanes: { rank: number; state: string }[] }>({ webview: 'timeline', action: 'timeline' }).catch(() => undefined);
          return t && t.lanes.length === ranks ? t : undefined;
        }, `the timeline of ${ranks} lanes`, 240_000);
      });
      assert.strictEqual(lanes.lanes[bad].state, 'failed');
      console.log(`      ${ranks}-rank capture: tree ${figures.treeMs} ms, Job Log ${figures.jobLogMs} ms, timeline ${figures.timelineMs} ms (longest stalls ${figures.treeStallMs}, ${figures.jobLogStallMs}, ${figures.timelineStallMs} ms)`);
      if (process.env.GWL_BENCH_RESULTS) fs.appendFileSync(process.env.GWL_BENCH_RESULTS, JSON.stringify({ hugeCapture: { ranks, ...figures } }) + '\n');
    } finally {
      clearInterval(timer);
      await closeAllEditors();
      fs.rmSync(path.dirname(capture), { recursive: true, force: true });
    }
  });

  it('a capture created empty (as Slurm creates its output file) appears in the Workers view once its lines come, without a Refresh', async () => {
    const capture = path.join(logs(), 'live-capture', 'slurm-9.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.writeFileSync(capture, '');
    // The discovery a new file sets off finds no job in it yet.
    await api.workers.refresh();
    assert.strictEqual(jobWith(path.join('live-capture', 'slurm-9.out')), undefined);
    fs.appendFileSync(capture, ['0: 2026-11-30 09:00:00,000 INFO train: step 1', '1: 2026-11-30 09:00:00,001 INFO train: step 1', '1: Traceback (most recent call last):', '1: RuntimeError: boom', ''].join('\n'));
    const started = Date.now();
    // The job goes on writing (rank 0), as a real one does while the user looks.
    let step = 2;
    const job = await waitFor(() => {
      fs.appendFileSync(capture, `0: 2026-11-30 09:00:0${step % 10},000 INFO train: step ${step++}\n`);
      const j = jobWith(path.join('live-capture', 'slurm-9.out'));
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the capture as a job of 2 ranks, found as it grew', 30_000);
    console.log(`      capture created empty, lines appended -> job in the tree: ${Date.now() - started} ms`);
    assert.strictEqual(job.firstFailure!.rank, 1);
  });

  it("a Slurm job's output whose ranks start after a long preamble (300 KiB of pip install) appears in the Workers view once they write, without a Refresh; rank 1 failed first, opening at its line", async () => {
    const capture = path.join(logs(), 'preamble-capture', 'slurm-11.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    const preamble: string[] = [];
    for (let i = 0; preamble.length < 6000; i++) preamble.push(`Collecting package-${i}==1.0.${i % 9} (from -r requirements.txt (line ${i}))`);
    fs.writeFileSync(capture, preamble.join('\n') + '\n');
    await api.workers.refresh();
    assert.strictEqual(jobWith(path.join('preamble-capture', 'slurm-11.out')), undefined);
    // The ranks' few lines, failing at once.
    fs.appendFileSync(capture, ['0: 2026-11-30 09:00:00,000 INFO train: step 1', '1: 2026-11-30 09:00:00,001 INFO train: step 1', '1: Traceback (most recent call last):', '1:   File "train.py", line 9, in <module>', '1: RuntimeError: boom', ''].join('\n'));
    const job = await waitFor(() => {
      const j = jobWith(path.join('preamble-capture', 'slurm-11.out'));
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the capture after its preamble as a job of 2 ranks', 30_000);
    assert.strictEqual(job.firstFailure!.rank, 1);
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure', job.dir);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'Go to First Failure: the capture in the editor');
    assert.deepStrictEqual([editor.selection.active.line, editor.document.lineAt(editor.selection.active.line).text], [preamble.length + 2, '1: Traceback (most recent call last):']);
  });

  it("a capture without times (Python's default format under srun -l): of two ranks' own errors the one the capture shows first is the first failure, not the lower rank; PyTorch 2.3's `[E ProcessGroupNCCL.cpp:475]` timeout fails its rank as their consequence", async () => {
    const capture = path.join(logs(), 'untimed-capture', 'slurm-12.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.copyFileSync(launcherFixture('srun-l-untimed-c10-timeout.out'), capture);
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith(path.join('untimed-capture', 'slurm-12.out'));
      return j && j.ranks.length === 4 && j.firstFailure?.rank === 3 ? j : undefined;
    }, 'the untimed capture as 4 ranks, rank 3 (first in the capture) its first failure', 30_000);
    assert.deepStrictEqual([0, 1, 3].map((r) => job.ranks.find((n) => n.rank === r)!.state), ['failed', 'failed', 'failed']);
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure', job.dir);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'Go to First Failure: the capture in the editor');
    assert.deepStrictEqual([editor.selection.active.line, editor.document.lineAt(editor.selection.active.line).text], [4, '3: Traceback (most recent call last):']);
    await closeAllEditors();

    // The Job Log (its webview's DOM): with no times, its rows in the capture's order (each
    // rank's lines in turn before: rank 0's three, then rank 1's, ...).
    await vscode.commands.executeCommand('workerLogs.openJobLog', job.dir);
    const rows = await waitFor(async () => {
      const r = await inWebview<{ rows: { row: number; label: string; cells: string[] }[] }>({ webview: 'job-log', action: 'rows' }).catch(() => undefined);
      return r && r.rows.length === 10 ? r : undefined;
    }, "the Job Log's 10 rows of the untimed capture", 30_000);
    assert.deepStrictEqual(
      rows.rows.map((r) => `${r.cells[1]} ${r.label.replace(/^.*?rank \d+, /, '').slice(0, 40)}`),
      [
        '0 INFO: epoch 0 step 10 loss 2.300',
        '1 INFO: epoch 0 step 10 loss 2.301',
        '2 INFO: epoch 0 step 10 loss 2.302',
        '3 INFO: epoch 0 step 10 loss 2.303',
        '3 ERROR: Uncaught exception, first failure',
        '1 ERROR: Uncaught exception, 4 more lines',
        '3 ERROR: srun: node07: Exited with exit co',
        '0 ERROR: [Rank 0] Watchdog caught collecti',
        '0 WARNING: [c10d] The client socket has fa',
        '1 ERROR: srun: node07: Exited with exit co',
      ],
    );
    await closeAllEditors();
  });

  it("a real torchrun job whose rank 0 logged a caught KeyError and went on, then lost rank 1 (which stopped on a NaN): rank 1 is the first failure; the Workers view says rank 0 went on after its error, and the timeline draws that mark in the warning colour and its lane failed when it lost its peer", async () => {
    const capture = agedCapture('torchrun-1.13-logged-error-then-exit-3.log', path.join('went-on-capture', 'train.log'));
    await api.workers.refresh();
    const job = await failedCapture(path.join('went-on-capture', 'train.log'), 2, capture, 'the capture as 2 ranks with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.message], [1, 'validation loss is nan, stopping']);
    const errors = job.ranks[0].sessions[0].children.filter((c) => c.kind === 'error');
    assert.deepStrictEqual(errors.map((e) => e.kind === 'error' && [e.label.slice(0, 40), e.wentOn, /^went on after it · /.test(e.description ?? '')]).slice(0, 2), [
      ["KeyError: 'missing'", true, true],
      ['RuntimeError: [./gloo/transport/tcp/pair', false, false],
    ], JSON.stringify(errors.map((e) => [e.label, e.description])));
    await vscode.commands.executeCommand('workerLogs.openTimeline', job.dir);
    type Mark = { label: string; kind: string; wentOn: boolean; color?: number[] };
    const timeline = () => inWebview<{ lanes: { rank: number; state: string; label: string }[]; marks: Mark[] }>({ webview: 'timeline', action: 'timeline' }).catch(() => undefined);
    await waitFor(async () => ((await timeline())?.lanes.length === 2 ? true : undefined), 'the timeline of 2 lanes', 30_000);
    // Rank 0's lane, its marks listed (and placed) in the lanes' tree.
    await inWebview({ webview: 'timeline', action: 'press', selector: '#timeline-lanes', key: 'Home' });
    const t = await waitFor(async () => {
      const r = await timeline();
      return r && r.marks.length >= 2 && r.marks.every((m) => m.color) ? r : undefined;
    }, "rank 0's marks placed", 30_000);
    assert.match(t.lanes[0].label, /^Rank 0: 1 session, failed at about 06:59:57\.4\d\d/, 'its lane failed when it lost its peer, not at the error it went on from');
    const [handled, lost] = t.marks;
    assert.deepStrictEqual([handled.kind, handled.wentOn, /\(its process went on\)$/.test(handled.label), lost.wentOn], ['error', true, true, false], JSON.stringify(t.marks));
    // Drawn as seen: the went-on mark yellow (the theme's charts-yellow: red and green, little blue), the failure red.
    const [r, g, b] = handled.color!;
    const [r2, g2] = lost.color!;
    assert.ok(r > 120 && g > 100 && b < 90 && r2 > 150 && g2 < 110, `colours: went on ${handled.color}, failure ${lost.color}`);
    await closeAllEditors();
  });

  it("a job of prints under srun -l: the rank whose untimed traceback the capture shows before PyTorch's timed watchdog timeout is the first failure in the Workers view and its Diagnosis (torchrun's and the times' rank 0 only waited for it)", async () => {
    const capture = agedCapture('srun-l-lightning-prints-c10-timeout.out', path.join('prints-capture', 'slurm-13.out'));
    await api.workers.refresh();
    // (Its first failure is rank 0's, the only timed one, until the capture is read for the others' places.)
    const job = await waitFor(() => jobWith(path.join('prints-capture', 'slurm-13.out'))?.firstFailure?.rank === 2 && jobWith(path.join('prints-capture', 'slurm-13.out')), 'the capture of prints, rank 2 (first in the capture) its first failure', 30_000);
    assert.strictEqual(job.ranks.length, 4);
    const diagnosis = await waitFor(() => api.workers.provider.diagnosisOf(job.dir), 'the Diagnosis item of the capture of prints', 60_000);
    assert.match(diagnosis.label, /^Diagnosis: Rank 2 failed before ALLREDUCE #5 \(Uncaught exception \(RuntimeError: CUDA error: an illegal memory access was encountered\)\); 1 rank timed out waiting for it/);
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure', job.dir);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'Go to First Failure: the capture of prints in the editor');
    assert.deepStrictEqual([editor.selection.active.line, editor.document.lineAt(editor.selection.active.line).text], [22, '2: Traceback (most recent call last):']);
    await closeAllEditors();
  });

  it("a Ray Train driver's output (written from Ray 2.9's, Ray is not installable here): its workers are ranks by world rank, named by their process; the worker that raised is the first failure, opening at Ray's word on it", async () => {
    const capture = path.join(logs(), 'ray', 'driver.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.copyFileSync(launcherFixture('ray-train-2.9.out'), capture);
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith(path.join('ray', 'driver.out'));
      return j && j.ranks.length === 4 && j.firstFailure ? j : undefined;
    }, 'the Ray capture as 4 ranks with its first failure', 30_000);
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.match(api.workers.provider.getTreeItem(job.ranks[3]).description as string, /^pid 7410 on 10\.0\.12\.174 · /);
    const error = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the first failure');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^RuntimeError: CUDA error: an illegal memory access was encountered/);
    await closeAllEditors();
  });

  it("a hung job faulthandler's watchdog ended under torchrun --role rank (a real run's capture): the Diagnosis heads the job, naming rank 2 in wait_for_shard, not rank 0 that torchrun blames", async () => {
    const capture = path.join(logs(), 'hang', 'train.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.copyFileSync(launcherFixture('torchrun-1.13-role-rank-faulthandler.log'), capture);
    await api.workers.refresh();
    const job = await failedCapture(path.join('hang', 'train.out'), 3, capture, 'the capture as 3 ranks with its first failure');
    const diagnosis = await waitFor(() => api.workers.provider.diagnosisOf(job.dir), 'the Diagnosis item of the capture', 60_000);
    assert.match(diagnosis.label, /^Diagnosis: Hang: rank 2 is in wait_for_shard \(stuck\.py:11\) while ranks 0, 1 wait in all_reduce \(stuck\.py:17\); faulthandler's timeout then ended the hang/);
    assert.strictEqual(api.workers.provider.getChildren(job)[0].id, diagnosis.id, 'the Diagnosis heads the job folder');
  });

  it("a rank SIGKILL ended 9 s after its last line, torchrun naming it (a real run's capture): rank 0's error in between is the job's first failure, the killed rank failed at or after when torchrun noticed less 5 s", async () => {
    const capture = path.join(logs(), 'killed-silent', 'train.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.copyFileSync(launcherFixture('torchrun-1.13-sigkill-silent.log'), capture);
    await api.workers.refresh();
    const job = await failedCapture(path.join('killed-silent', 'train.out'), 2, capture, 'the capture as 2 ranks with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.message], [0, 'eval loader: shard 7 unreadable, skipped']);
    const killed = job.ranks.find((r) => r.rank === 1)!;
    const error = killed.sessions[0].session.firstError!;
    // (Times are naive: the log's wall clock read as UTC.) torchrun noticed at 11:41:22, its rank's last line 11:41:11.
    assert.deepStrictEqual([killed.state, error.message, error.time, error.timeApproximate], ['failed', 'torchrun: local rank 1 (pid 20620) was killed by signal 9 (SIGKILL)', Date.UTC(2026, 11, 4, 11, 41, 17), true]);
    // It opens at torchrun's word in the capture.
    await vscode.commands.executeCommand('workerLogs.openLog', killed.sessions[0].children.find((c) => c.kind === 'error')!);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture in the editor');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^ERROR:torch\.distributed\.elastic\.multiprocessing\.api:failed \(exitcode: -9\) local_rank: 1 \(pid: 20620\)/);
  });

  it("torchrun --log_dir folders of a hang faulthandler's watchdog ended, copied here (their folders' times the copy's): its ranks read failed, not passed, and the Diagnosis names rank 2; restarted and run through, 2 sessions each and the hang named as the first attempt's", async () => {
    agedCopy('torchrun-1.13-log-dir-faulthandler', 'watchdog-log-dir');
    agedCopy('torchrun-1.13-log-dir-faulthandler-restart', 'watchdog-log-dir-restarted');
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = api.workers.provider.model.find((x) => x.label.includes('watchdog-log-dir') && !x.label.includes('restarted'));
      return j && j.ranks.length === 3 && j.ranks.every((r) => r.state === 'failed') ? j : undefined;
    }, 'the --log_dir job of 3 ranks, failed', 60_000);
    for (const rank of job.ranks) assert.notStrictEqual((api.workers.provider.getTreeItem(rank).iconPath as vscode.ThemeIcon).id, 'pass', `rank ${rank.rank} is not shown passed`);
    const diagnosis = await waitFor(() => api.workers.provider.diagnosisOf(job.dir), 'the Diagnosis item of the --log_dir job', 60_000);
    assert.match(diagnosis.label, /^Diagnosis: Hang: rank 2 is in wait_for_shard \(stuck\.py:10\) while ranks 0, 1 wait in all_reduce \(stuck\.py:16\); faulthandler's timeout then ended the hang/);
    const again = await waitFor(() => {
      const j = api.workers.provider.model.find((x) => x.label.includes('watchdog-log-dir-restarted'));
      return j && j.ranks.length === 3 && j.ranks.every((r) => r.sessions.length === 2) ? j : undefined;
    }, 'the restarted --log_dir job of 3 ranks x 2 sessions', 60_000);
    assert.deepStrictEqual(again.ranks.map((r) => r.state), ['finished', 'finished', 'finished']);
    const told = await waitFor(() => api.workers.provider.diagnosisOf(again.dir), 'the Diagnosis item of the restarted job', 60_000);
    assert.match(told.label, /^Diagnosis: Hang in attempt 1 of 2 \(the latest ran on\): rank 2 is in wait_for_shard \(stuck2\.py:11\)/);
  });

  it("Slurm task files of srun -l whose job its time limit ended, faulthandler dumping each rank's stack on SIGTERM (a real sbatch run): both ranks failed by the cancellation, and the Diagnosis names rank 1 in its loop while rank 0 waits in all_reduce", async () => {
    agedCopy('slurm-time-limit-faulthandler-task-files', 'time-limit-task-files');
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = api.workers.provider.model.find((x) => x.label.includes('time-limit-task-files'));
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.state === 'failed') ? j : undefined;
    }, 'the task files of 2 ranks, failed', 60_000);
    const diagnosis = await waitFor(() => api.workers.provider.diagnosisOf(job.dir), 'the Diagnosis item of the task files', 60_000);
    assert.match(diagnosis.label, /^Diagnosis: Hang: rank 1 is in <module> \(tl\.py:13\) while rank 0 waits in all_reduce \(tl\.py:14\); then Slurm cancelled job step 1\.0 on vm due to time limit/);
  });

  it("a capture of glog lines without their year, of a job that ran across New Year (last written on January 1st): rank 1's failure on December 31st is the first, dated in the year before, not rank 0's on January 1st", async () => {
    const capture = path.join(logs(), 'new-year', 'train.out');
    fs.mkdirSync(path.dirname(capture), { recursive: true });
    fs.writeFileSync(capture, [
      '[rank0]:I1231 23:59:50.100000 4101 train.cpp:10] step 1',
      '[rank1]:I1231 23:59:50.200000 4102 train.cpp:10] step 1',
      '[rank1]:E1231 23:59:59.500000 4102 ProcessGroupNCCL.cpp:1234] [Rank 1] NCCL watchdog thread terminated with exception: CUDA error: an illegal memory access was encountered',
      '[rank0]:I0101 00:00:01.000000 4101 train.cpp:10] step 2',
      '[rank0]:E0101 00:00:02.000000 4101 ProcessGroupNCCL.cpp:1234] [Rank 0] Watchdog caught collective operation timeout',
      '',
    ].join('\n'));
    const written = new Date(2026, 0, 1, 0, 5, 0);
    fs.utimesSync(capture, written, written);
    await api.workers.refresh();
    const job = await failedCapture(path.join('new-year', 'train.out'), 2, capture, 'the New Year capture as 2 ranks with its first failure');
    assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.record.time], [1, Date.UTC(2025, 11, 31, 23, 59, 59, 500)]);
  });

  it("a PBS job's output (-j oe) of torchrun its walltime ended, faulthandler dumping each rank's stack on SIGTERM: both ranks failed by PBS's kill, and the Diagnosis names rank 1 in its loop while rank 0 waits in all_reduce; under LSF, its run limit after a silence of 1m 14s", async () => {
    /** A capture fixture copied to `logs()/<name>/job.out` as a job that ended an hour ago: its job once both ranks read failed, and its Diagnosis item. */
    const endedCapture = async (fixture: string, name: string) => {
      agedCapture(fixture, path.join(name, 'job.out'));
      await api.workers.refresh();
      const job = await waitFor(() => {
        const j = jobWith(path.join(name, 'job.out'));
        return j && j.ranks.length === 2 && j.ranks.every((r) => r.state === 'failed') ? j : undefined;
      }, `the capture ${name} of 2 ranks, failed`, 60_000);
      return { job, diagnosis: await waitFor(() => api.workers.provider.diagnosisOf(job.dir), `the Diagnosis item of ${name}`, 60_000) };
    };
    const pbs = await endedCapture('pbs-walltime-torchrun-faulthandler.out', 'pbs-walltime');
    assert.strictEqual(pbs.job.firstFailure?.record.message, 'PBS killed the job: walltime 78 exceeded limit 75');
    assert.match(pbs.diagnosis.label, /^Diagnosis: Hang: rank 1 is in <module> \(hang\.py:15\) while rank 0 waits in all_reduce \(hang\.py:16\); then PBS killed the job: walltime 78 exceeded limit 75/);
    // The same job under LSF: its job report after the output ends it at its Terminated at time.
    const lsf = await endedCapture('lsf-run-limit-torchrun.out', 'lsf-run-limit');
    assert.match(lsf.diagnosis.label, /^Diagnosis: Hang: no rank logged for 1m 14s before LSF: job killed after reaching LSF run time limit \(TERM_RUNLIMIT\)/);
  });

  it("our module's logs of a hang whose every rank got SIGTERM at once (a time limit's kill): no rank failed, and the Diagnosis says no rank logged for 1m 09s before it; with the runner's stacks dumped at the SIGTERM, where each rank was", async () => {
    const dir = agedCopy('torchrun-1.13-module-sigterm-hang', 'module-sigterm-hang');
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith('module-sigterm-hang');
      return j && j.ranks.length === 2 ? j : undefined;
    }, 'the module job of 2 ranks', 60_000);
    assert.strictEqual(job.firstFailure, undefined, dir);
    const diagnosis = await waitFor(() => api.workers.provider.diagnosisOf(job.dir), 'the Diagnosis item of the module job', 60_000);
    assert.match(diagnosis.label, /^Diagnosis: Hang: no rank logged for 1m 09s before every rank was stopped by SIGTERM at 2026-12-03 22:15:36/);
    // The runner's stacks dumped at the SIGTERM: where each rank was.
    agedCopy('torchrun-1.13-module-sigterm-hang-stacks', 'module-sigterm-stacks');
    await api.workers.refresh();
    const stacks = await waitFor(() => {
      const j = jobWith('module-sigterm-stacks');
      return j && j.ranks.length === 2 ? j : undefined;
    }, 'the module job with stacks', 60_000);
    const where = await waitFor(() => api.workers.provider.diagnosisOf(stacks.dir), 'the Diagnosis item of the job with stacks', 60_000);
    assert.match(where.label, /^Diagnosis: Hang: rank 1 is in <module> \(hang\.py:14\) while rank 0 waits in all_reduce \(hang\.py:15\); then every rank was stopped by SIGTERM/);
  });

  it("horovodrun's Gloo tags, and a CUDA kernel's failed assertion: the capture's order names the rank that failed first; the job's tooltip gives the device's assertion, whose record opens at its line", async () => {
    const hvd = path.join(logs(), 'hvd', 'train.out');
    const device = path.join(logs(), 'device-assert', 'console.log');
    for (const [from, to] of [['horovod-gloo.out', hvd], ['torchrun-2-device-assert.out', device]]) {
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(launcherFixture(from), to);
    }
    await api.workers.refresh();
    const horovod = await waitFor(() => {
      const j = jobWith(path.join('hvd', 'train.out'));
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the Horovod capture as 2 ranks with its first failure', 30_000);
    // Neither traceback has a time: rank 1's comes first in the capture.
    assert.strictEqual(horovod.firstFailure!.rank, 1);
    const job = await waitFor(() => {
      const j = jobWith(path.join('device-assert', 'console.log'));
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the device-side assert capture as 2 ranks with its first failure', 30_000);
    assert.strictEqual(job.firstFailure!.rank, 1);
    const tooltip = api.workers.provider.getTreeItem(job).tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /On the device:\n\n```\n\.\.\/aten\/src\/ATen\/native\/cuda\/Loss\.cu:250: nll_loss_forward_reduce_cuda_kernel_2d: .* Assertion `t >= 0 && t < n_classes` failed\./);
    const assertion = job.ranks[1].sessions[0].children.find((c) => c.kind === 'error' && c.label.includes('Assertion'))!;
    await vscode.commands.executeCommand('workerLogs.openLog', assertion);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === device ? vscode.window.activeTextEditor : undefined), 'the capture at the assertion');
    assert.strictEqual(editor.selection.active.line, 18);
    assert.match(editor.document.lineAt(18).text, /^\[default1\]:\.\.\/aten\/.* thread: \[0,0,0\] Assertion/);
    await closeAllEditors();
  });

  it("rich (real runs): srun -l of a script logging through rich's RichHandler reads its records' times and levels, rank 1's logged KeyError (rich's panel under the record) the first failure, opening at its record; a torchrun --log_dir of rich's tracebacks fails both ranks, rank 1's ValueError first, not torchrun's Root Cause", async () => {
    const capture = agedCapture('srun-l-rich-logging.out', path.join('rich-handler', 'slurm-7.out'));
    const dir = agedCopy('torchrun-1.13-log-dir-rich-traceback', 'rich-log-dir');
    await api.workers.refresh();
    const handler = await failedCapture(path.join('rich-handler', 'slurm-7.out'), 2, capture, "RichHandler's capture as 2 ranks with its first failure");
    const first = handler.firstFailure!;
    assert.deepStrictEqual([first.rank, first.record.message, first.record.exception, first.approximate], [1, 'could not load the batch of step 3', "KeyError: 'shard-3'", false]);
    // Its warnings are records of their level (they were prints of no level before).
    assert.deepStrictEqual(handler.summary.ranks.map((r) => r.warnings), [1, 1]);
    const error = handler.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === capture ? vscode.window.activeTextEditor : undefined), 'the capture at the logged error');
    assert.strictEqual(editor.selection.active.line, 22);
    await closeAllEditors();
    const logDir = await waitFor(() => {
      const j = jobWith('rich-log-dir');
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the --log_dir of rich tracebacks as 2 ranks with its first failure', 60_000);
    assert.deepStrictEqual(logDir.ranks.map((r) => r.state), ['failed', 'failed']);
    assert.deepStrictEqual([logDir.firstFailure!.rank, logDir.firstFailure!.record.exception], [1, 'ValueError: bad batch at step 3 on rank 1']);
    const panel = logDir.ranks[1].sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', panel);
    const stderr = path.join(dir, 'none_spnihb76', 'attempt_0', '1', 'stderr.log');
    const opened = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === stderr ? vscode.window.activeTextEditor : undefined), "rank 1's stderr.log at rich's panel");
    assert.match(opened.document.lineAt(opened.selection.active.line).text, /^╭─+ Traceback \(most recent call last\) ─+╮$/);
    await closeAllEditors();
  });

  it("a capture named with its job id as its extension (LSF's bsub -o output.%J) is found by the workspace search: its job in the Workers view, LSF's run limit its ranks' failure", async () => {
    agedCapture('lsf-run-limit-torchrun.out', path.join('lsf-job-id', 'output.4411'));
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith(path.join('lsf-job-id', 'output.4411'));
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.state === 'failed') ? j : undefined;
    }, 'output.4411 as a job of 2 failed ranks', 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => j.label))}`);
    });
    assert.match(job.firstFailure!.record.message, /TERM_RUNLIMIT/);
  });

  it("srun -l of a hung job stopped with SIGINT (a real scancel --signal=INT): no rank failed, though rank 0 exited with code 1 once rank 1 left; rank 1 reads stopped by srun, rank 0 its lost peer, and the Diagnosis says the job was interrupted with rank 1 in wait_for_shard", async () => {
    agedCapture('srun-l-sigint-hung-rank.out', path.join('sigint-hung', 'slurm-9.out'));
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith(path.join('sigint-hung', 'slurm-9.out'));
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.state === 'finished') ? j : undefined;
    }, 'the SIGINT capture as 2 ranks, ended', 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.state])]))}`);
    });
    assert.deepStrictEqual([job.firstFailure, job.failedRanks, job.ranks.map((r) => r.sessions[0].failed)], [undefined, 0, [false, false]]);
    assert.deepStrictEqual(job.summary.ranks.map((r) => r.stoppedBy), ['lost its peer as the job was stopped (Ctrl+C, a stop signal)', 'stopped by srun (SIGINT)']);
    const diagnosis = await waitFor(() => api.workers.provider.diagnosisOf(job.dir), 'the Diagnosis item of the SIGINT capture', 60_000);
    assert.match(diagnosis.label, /^Diagnosis: Interrupted \(KeyboardInterrupt: Ctrl\+C, or SIGINT from a launcher\): rank 1 first .*in wait_for_shard \(hang\.py:11\)/);
  });

  it("a torchrun --log_dir of a rank killed by SIGSEGV (nothing of it in the folder): no rank reads finished, each 'exit not recorded', and the job says why; Dump Stacks still asks its ranks", async () => {
    const dir = agedCopy('torchrun-1.13-log-dir-sigsegv', 'segv-log-dir');
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = api.workers.provider.model.find((x) => x.label.includes('segv-log-dir'));
      return j && j.ranks.length === 4 && j.ranks.every((r) => r.state === 'finished') ? j : undefined;
    }, 'the --log_dir job of 4 ranks, ended', 60_000);
    for (const rank of job.ranks) {
      const item = api.workers.provider.getTreeItem(rank);
      assert.match(String(item.description), /exit not recorded/);
      assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'circle-large-outline', `rank ${rank.rank} is not shown passed`);
    }
    assert.match((api.workers.provider.getTreeItem(job).tooltip as vscode.MarkdownString).value, /Ranks whose logs just end read "exit not recorded", not finished: torchrun's \\-\\-log\\_dir keeps no exit codes/);
    // Such a rank may be hung, quiet, in a collective: Dump Stacks asks for it (through py-spy, here not installed).
    const settings = vscode.workspace.getConfiguration('workerLogs');
    await settings.update('pySpyPath', path.join(dir, 'no-py-spy-here'), vscode.ConfigurationTarget.Global);
    try {
      const dumped = await vscode.commands.executeCommand<{ outcome: { answered: number[]; unanswered: { rank: number; reason: string }[] } } | undefined>('workerLogs.dumpStacks', job.dir);
      assert.ok(dumped, 'Dump Stacks asked the ranks (it said every rank had finished)');
      assert.deepStrictEqual(dumped.outcome.answered, []);
      assert.deepStrictEqual(dumped.outcome.unanswered.map((u) => u.rank), [0, 1, 2, 3]);
      for (const u of dumped.outcome.unanswered) assert.match(u.reason, /install py-spy \(or set workerLogs\.pySpyPath\)/);
    } finally {
      await settings.update('pySpyPath', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("a torchrun --log_dir of a rank killed by SIGKILL, the others then losing their peer (a real run; nothing of the kill in the folder): rank 1 is the first failure, failed, not stopped; Go to First Failure opens its stderr.log at its last line", async () => {
    const dir = agedCopy('torchrun-1.13-log-dir-gloo-sigkill', 'sigkill-log-dir');
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = api.workers.provider.model.find((x) => x.label.includes('sigkill-log-dir'));
      return j && j.ranks.length === 4 && j.firstFailure ? j : undefined;
    }, 'the --log_dir job of 4 ranks with its first failure', 60_000);
    assert.strictEqual(job.firstFailure?.rank, 1);
    assert.deepStrictEqual(job.ranks.map((r) => r.state), ['failed', 'failed', 'failed', 'failed']);
    const item = api.workers.provider.getTreeItem(job.ranks[1]);
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'error', 'rank 1 is shown failed');
    await closeAllEditors();
    await vscode.commands.executeCommand('workerLogs.goToFirstFailure', job.dir);
    const source = path.join(dir, 'none_uobswa7d', 'attempt_0', '1', 'stderr.log');
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === source ? vscode.window.activeTextEditor : undefined), 'Go to First Failure: attempt_0/1/stderr.log in the editor');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, 'INFO:train:step 1 loss=0.500');
  });

  it("a torchrun --log_dir whose rank 2 is hung (its process still holds its stderr.log, quiet for an hour) shows rank 2 running, the others ended; once the process is gone, rank 2 ended too", async () => {
    const dir = agedCopy('torchrun-1.13-log-dir-sigsegv', 'hung-log-dir');
    // The hung rank: a process holding its stderr.log open for writing, as torchrun's worker does.
    const held = path.join(dir, 'none_6r01_i36', 'attempt_0', '2', 'stderr.log');
    const hung = await processHolding(held, 'a', 120);
    try {
      await api.workers.refresh();
      const states = (): string | undefined => {
        const j = api.workers.provider.model.find((x) => x.label.includes('hung-log-dir'));
        return j?.ranks.map((r) => (r.endingUnknown ? 'ended' : r.state)).join(' ');
      };
      await waitForValue(states, 'ended ended running ended', 'rank 2 running, the others ended', 30_000);
      hung.kill('SIGKILL');
      await waitForValue(states, 'ended ended ended ended', 'rank 2 ended once its process is gone (its process watched every second)', 10_000);
    } finally {
      hung.kill('SIGKILL');
    }
  });

  it("a script that runs mpirun --tag-output again once it failed: the second run is each rank's second session, no rank failed in it; rank 1's failure is the first", async () => {
    const dir = path.join(logs(), 'mpirun-retry');
    fs.mkdirSync(dir, { recursive: true });
    // Rank 1 fails in the first run; the second runs through.
    fs.writeFileSync(path.join(dir, 'retry.py'), retryWorker('int(os.environ["OMPI_COMM_WORLD_RANK"])', 'os.environ["ATTEMPT"] == "1"'));
    const capture = path.join(dir, 'run.out');
    const script = `for attempt in 1 2; do ATTEMPT=$attempt mpirun --allow-run-as-root --oversubscribe -x ATTEMPT --tag-output -np 2 /usr/bin/python3 -u ${path.join(dir, 'retry.py')} && break; echo "attempt $attempt failed, retrying"; done`;
    assert.strictEqual(await run(['/bin/bash', '-c', script], capture), 0, fs.readFileSync(capture, 'utf8'));
    await retried(path.join('mpirun-retry', 'run.out'), fs.readFileSync(capture, 'utf8'));
  });

  it("mpirun --output-filename: each rank's folder of stdout and stderr is a rank, merged by time; the failure opens in its stderr", async () => {
    const out = path.join(logs(), 'mpi-out');
    const console = path.join(logs(), 'mpirun-console.txt');
    // Root runs the tests here; rank 1 raises.
    const code = await run(['mpirun', '--allow-run-as-root', '--oversubscribe', '-n', '2', '-x', 'FAIL_RANK=1', '--output-filename', out, '/usr/bin/python3', 'scripts/plain_worker.py'], console);
    assert.notStrictEqual(code, 0, fs.readFileSync(console, 'utf8'));
    const source = path.join(out, '1', 'rank.1', 'stderr');
    assert.ok(fs.existsSync(source), fs.readFileSync(console, 'utf8'));
    await api.workers.refresh();
    const job = await waitFor(() => {
      const j = jobWith(path.join('mpi-out', '1'));
      return j && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the mpirun job with 2 ranks and its first failure', 60_000);
    assert.match(job.label, /rank\.\{rank\}\/std\{out,err\}/);
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.match(job.firstFailure!.record.exception ?? '', /RuntimeError: boom on rank 1/);
    // Each rank's print (stdout) and records (stderr) are one log: the print and step 1 at least
    // (mpirun may stop rank 0 before its step 2, once rank 1 has failed).
    const rank0 = job.ranks.find((r) => r.rank === 0)!;
    const counts = rank0.sessions[0].session.counts;
    assert.deepStrictEqual([rank0.state === 'failed', counts.INFO >= 2, counts.WARNING], [false, true, 1], JSON.stringify(counts));
    assert.match(fs.readFileSync(rank0.path, 'utf8'), /stdout - INFO - hello from rank 0\n/);
    const error = job.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === source ? vscode.window.activeTextEditor : undefined), 'rank.1/stderr in the editor');
    assert.strictEqual(editor.document.lineAt(editor.selection.active.line).text, 'Traceback (most recent call last):');
    await closeAllEditors();

    // With --tag-output --timestamp-output each line of the files carries a time and a tag: they
    // come off, and the traceback fails rank 1 as before (it hid it: "0 failed").
    const tagged = path.join(logs(), 'mpi-tagged');
    await run(['mpirun', '--allow-run-as-root', '--oversubscribe', '-n', '2', '-x', 'FAIL_RANK=1', '--tag-output', '--timestamp-output', '--output-filename', tagged, '/usr/bin/python3', 'scripts/plain_worker.py'], path.join(logs(), 'mpirun-tagged.txt'));
    const taggedSource = path.join(tagged, '1', 'rank.1', 'stderr');
    assert.match(fs.readFileSync(taggedSource, 'utf8'), /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\[\d+,1\]<stderr>:/);
    await api.workers.refresh();
    const taggedJob = await waitFor(() => {
      const j = jobWith(path.join('mpi-tagged', '1'));
      return j && j.ranks.length === 2 && /RuntimeError: boom on rank 1/.test(j.firstFailure?.record.exception ?? '') ? j : undefined;
    }, 'the tagged mpirun job with its first failure', 60_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.state])]))}`);
    });
    assert.strictEqual(taggedJob.firstFailure!.rank, 1);
    // Open MPI tagged the print's newline apart from its text: the line is whole, without the second tag.
    assert.match(fs.readFileSync(taggedJob.ranks.find((r) => r.rank === 0)!.path, 'utf8'), / - stdout - INFO - hello from rank 0\n/);
    assert.doesNotMatch(fs.readFileSync(taggedJob.ranks.find((r) => r.rank === 0)!.path, 'utf8'), /<std(out|err)>:/);
    const taggedError = taggedJob.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', taggedError);
    const taggedEditor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === taggedSource ? vscode.window.activeTextEditor : undefined), 'the tagged rank.1/stderr in the editor');
    assert.match(taggedEditor.document.lineAt(taggedEditor.selection.active.line).text, /<stderr>:Traceback \(most recent call last\):$/);
    await closeAllEditors();
  });
  it("worker_<N>.log files a job's own logging wrote (logging.basicConfig, not our module): created empty, they become a job of per-rank files once their lines come; rank 1's logged exception is the first failure, opening at it in worker_1.log", async () => {
    const dir = path.join(logs(), 'own-logging');
    fs.mkdirSync(dir, { recursive: true });
    // Python's FileHandler creates the file at once; the first record comes later (once the test
    // has looked at the empty files: a file `go` it writes, not a time a loaded machine may miss).
    const script = [
      'import logging, os, sys, time',
      'rank = int(os.environ["RANK"])',
      'logging.basicConfig(filename=os.path.join(sys.argv[1], f"worker_{rank}.log"), format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=logging.INFO)',
      'log = logging.getLogger("train")',
      'deadline = time.time() + 120',
      'while not os.path.exists(os.path.join(sys.argv[1], "go")) and time.time() < deadline:',
      '    time.sleep(0.05)',
      'for step in range(3):',
      '    log.info("step %d", step)',
      'try:',
      '    if rank == 1:',
      '        raise RuntimeError("CUDA error: an illegal memory access was encountered")',
      'except Exception:',
      '    log.exception("training failed")',
      '    sys.exit(1)',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'own_logging.py'), script + '\n');
    const ranks = [0, 1].map((rank) => run(['/usr/bin/python3', path.join(dir, 'own_logging.py'), dir], undefined, { RANK: String(rank) }));
    await waitFor(() => [0, 1].every((r) => fs.existsSync(path.join(dir, `worker_${r}.log`))), 'both files created');
    // Empty yet: the folder reads as ours, nothing tells otherwise.
    await api.workers.refresh();
    assert.deepStrictEqual([0, 1].map((r) => fs.statSync(path.join(dir, `worker_${r}.log`)).size), [0, 0], 'the files were still empty at the refresh');
    assert.ok(jobWith('own-logging'), 'the folder shown before its first line');
    fs.writeFileSync(path.join(dir, 'go'), '');
    assert.deepStrictEqual(await Promise.all(ranks), [0, 1]);
    // Its lines came: without a Refresh, the folder is one job of per-rank files, read in their format.
    const job = await waitFor(() => {
      const j = jobWith('own-logging');
      return j && /worker_\{rank\}\.log/.test(j.label) && j.ranks.length === 2 && j.firstFailure ? j : undefined;
    }, 'the folder as a job of per-rank files with its first failure', 30_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.state])]))}`);
    });
    assert.strictEqual(api.workers.provider.model.filter((j) => j.label.includes('own-logging')).length, 1, 'one job for the folder, not ours beside it');
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.match(job.firstFailure!.record.exception ?? '', /RuntimeError: CUDA error: an illegal memory access/);
    const rank0 = job.ranks.find((r) => r.rank === 0)!;
    assert.deepStrictEqual([rank0.state === 'failed', rank0.sessions[0].session.counts.INFO], [false, 3]);
    const error = job.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const source = path.join(dir, 'worker_1.log');
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === source ? vscode.window.activeTextEditor : undefined), 'worker_1.log in the editor');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, / ERROR train: training failed$/);
    await closeAllEditors();
    // A rank whose file comes later joins the job, its lines read in their format.
    fs.writeFileSync(path.join(dir, 'worker_2.log'), '2026-11-30 09:00:05,000 WARNING train: late joiner\n');
    await waitFor(() => jobWith('own-logging')?.ranks.find((r) => r.rank === 2)?.sessions[0]?.session.counts.WARNING === 1, 'rank 2, written later, with its warning', 30_000);
  });

  it("detectron2's output folder (a real run logging as its setup_logger does: log.txt for rank 0, log.txt.rank1), run again with --resume: one job of both ranks x 2 sessions in the Workers view; rank 1's NaN loss is the first failure, not rank 0's lost peer logged the same second, opening at its record in log.txt.rank1", async () => {
    const dir = path.join(logs(), 'detectron2-output');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'train_net.py'), DETECTRON2_JOB);
    assert.strictEqual(await run(['/usr/bin/python3', path.join(dir, 'train_net.py'), dir, '1', '45', String(await freePort())]), 1);
    // Resumed from iteration 40, appending to the same files, and run through.
    assert.strictEqual(await run(['/usr/bin/python3', path.join(dir, 'train_net.py'), dir, '-1', '0', String(await freePort()), '40']), 0);
    const job = await waitFor(() => {
      const j = jobWith('detectron2-output');
      return j && j.ranks.length === 2 && j.ranks.every((r) => r.sessions.length === 2) && j.firstFailure ? j : undefined;
    }, 'the folder as one job of both ranks x 2 sessions with its first failure', 30_000).catch((e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => [r.rank, r.state])]))}`);
    });
    assert.match(job.label, /log\.txt\[\.rank\{rank\}\]/);
    assert.strictEqual(api.workers.provider.model.filter((j) => j.label.includes('detectron2-output')).length, 1, 'one job, log.txt no capture beside it');
    assert.strictEqual(job.firstFailure!.rank, 1);
    assert.match(job.firstFailure!.record.exception ?? '', /^FloatingPointError: Loss became infinite or NaN at iteration=45!/);
    assert.deepStrictEqual([job.summary.attempts.length, job.firstFailure!.attempt], [2, 0]);
    assert.deepStrictEqual(job.ranks.map((r) => [r.rank, r.sessions[0].session.counts.WARNING, r.sessions[1].session.counts.ERROR]), [[0, 1, 0], [1, 1, 0]]);
    const error = job.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
    await vscode.commands.executeCommand('workerLogs.openLog', error);
    const source = path.join(dir, 'log.txt.rank1');
    const editor = await waitFor(() => (vscode.window.activeTextEditor?.document.uri.fsPath === source ? vscode.window.activeTextEditor : undefined), 'log.txt.rank1 in the editor');
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^\[\d\d\/\d\d \d\d:\d\d:\d\d\] detectron2\.engine\.train_loop ERROR: Exception during training:$/);
    await closeAllEditors();
  });

  it("rank logs of our records cut in parts by Python's RotatingFileHandler: shown as ours until the handler's first rotation, then as one job whose ranks read their parts and logs as one; rank 1's crash, rotated into an older part by the restart's steps, stays the first failure, opening at it there", async () => {
    // A folder outside the workspace (workerLogs.logDirectories): only the view's own watch of it sees the handler's parts come.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-rotated-logs-'));
    const name = path.basename(dir);
    const section = vscode.workspace.getConfiguration('workerLogs');
    // A first run of three steps, rank 1 failing; restarts on the same files whose steps the handler cuts each log for.
    fs.writeFileSync(path.join(dir, 'rotating.py'), ROTATING_HANDLER_JOB);
    const runJob = (phase: string) => Promise.all([0, 1].map((rank) => run(['/usr/bin/python3', path.join(dir, 'rotating.py'), dir, String(rank), phase, '0', 'fail'])));
    assert.deepStrictEqual(await runJob('first'), [0, 1]);
    await section.update('logDirectories', [dir], vscode.ConfigurationTarget.Workspace);
    try {
      await api.workers.refresh();
      const ours = await waitFor(() => {
        const j = jobWith(name);
        return j?.firstFailure ? j : undefined;
      }, 'the folder, rank 1 failed, before any rotation');
      assert.doesNotMatch(ours.label, /worker_\{rank\}\.log/, 'read as ours before any rotation');
      assert.deepStrictEqual(await runJob('restart'), [0, 0]);
      assert.ok(fs.existsSync(path.join(dir, 'worker_1.log.2')), "the handler cut rank 1's log twice");
      // Without a Refresh: the handler's parts made the folder one job of per-rank files.
      const job = await waitFor(() => {
        const j = jobWith(name);
        return j && /worker_\{rank\}\.log/.test(j.label) && j.firstFailure && j.ranks.length === 2 && j.ranks.every((r) => r.sessions.length === 2 && r.sessions[0].session.counts.INFO === 3 && r.sessions[1].session.counts.INFO === 61) ? j : undefined;
      }, 'the folder as one job of its parts, both runs of each rank read', 30_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.filter((j) => j.label.includes(name)).map((j) => [j.label, j.firstFailure?.rank, j.ranks.map((r) => [r.rank, r.state, r.sessions.map((s) => s.session.counts)])]))}`);
      });
      assert.strictEqual(api.workers.provider.model.filter((j) => j.label.includes(name)).length, 1, 'one job for the folder, not ours beside it');
      assert.deepStrictEqual([job.firstFailure!.rank, job.firstFailure!.session], [1, 0]);
      assert.match(job.firstFailure!.record.exception ?? '', /RuntimeError: CUDA error: an illegal memory access/);
      const error = job.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
      await vscode.commands.executeCommand('workerLogs.openLog', error);
      const editor = await waitFor(() => {
        const e = vscode.window.activeTextEditor;
        return e && /^worker_1\.log\.\d$/.test(path.basename(e.document.uri.fsPath)) ? e : undefined;
      }, 'the part of worker_1.log holding the error in the editor');
      assert.match(editor.document.lineAt(editor.selection.active.line).text, / - Worker 1 - train - ERROR - Worker 1 failed$/);
      assert.strictEqual(editor.document.languageId, 'worker-log', 'a part is highlighted as a rank log');
      await closeAllEditors();
      // Another restart, its steps rotated through the parts again: read on (each file followed to its new name).
      assert.deepStrictEqual(await runJob('restart'), [0, 0]);
      const again = await waitFor(() => {
        const j = jobWith(name);
        return j?.firstFailure && j.ranks.length === 2 && j.ranks.every((r) => r.sessions.length === 3 && r.sessions[2].session.counts.INFO === 61) ? j : undefined;
      }, 'the third run of each rank read', 30_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.filter((j) => j.label.includes(name)).map((j) => [j.label, j.firstFailure?.rank, j.ranks.map((r) => [r.rank, r.state, r.sessions.map((s) => s.session.counts)])]))}`);
      });
      assert.deepStrictEqual(again.ranks.map((r) => r.sessions.map((s) => s.session.counts.INFO)), [[3, 61, 61], [3, 61, 61]]);
      assert.deepStrictEqual([again.firstFailure!.rank, again.firstFailure!.session], [1, 0]);
      const moved = again.ranks.find((r) => r.rank === 1)!.sessions[0].children.find((c) => c.kind === 'error')!;
      await vscode.commands.executeCommand('workerLogs.openLog', moved);
      const later = await waitFor(() => {
        const e = vscode.window.activeTextEditor;
        return e && /^worker_1\.log\.\d+$/.test(path.basename(e.document.uri.fsPath)) ? e : undefined;
      }, 'the part holding the error now in the editor');
      assert.match(later.document.lineAt(later.selection.active.line).text, / - Worker 1 - train - ERROR - Worker 1 failed$/);
      await closeAllEditors();
    } finally {
      await section.update('logDirectories', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("torchrun's consoles one a node under names of their own (node0.out, node1.out), each shown as a job of its node's local ranks: a notification offers them as one job; its button adds node{rank}.out to workerLogs.rankFilePatterns, and one job of 4 global ranks replaces them, rank 3 its first failure", async () => {
    const config = vscode.workspace.getConfiguration('workerLogs');
    const dir = path.join(logs(), 'node-consoles');
    fs.mkdirSync(dir, { recursive: true });
    for (const n of [0, 1]) fs.writeFileSync(path.join(dir, `node${n}.out`), torchrunNodeConsole(n));
    ageFiles(dir, 3600_000);
    const toast = '.notifications-toasts .notification-list-item';
    try {
      await api.workers.refresh();
      // (A console's job is shown as soon as it is found, its ranks once its first reading is done.)
      await waitFor(() => jobWith('node0.out')?.ranks.length && jobWith('node1.out')?.ranks.length, 'each console as a job, read', 30_000);
      assert.deepStrictEqual(jobWith('node1.out')!.ranks.map((r) => r.rank), [0, 1], "node 1's console alone: its local ranks");
      const said = await waitFor(async () => (await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: `${toast}-message` })).texts.find((t) => t.includes('node0.out, node1.out')), 'the notification on the consoles', 30_000, 500);
      assert.match(said, /node0\.out, node1\.out in \S*node-consoles look like one torchrun job's consoles, one a node: each is shown as a job of its node's local ranks \(from 0\)\. Read files named node\{rank\}\.out as one job, its ranks global\?/);
      await inWebview({ webview: 'workbench', action: 'click', selector: `${toast} .monaco-button:has-text("Read as One Job")` });
      await waitFor(() => (vscode.workspace.getConfiguration('workerLogs').get<string[]>('rankFilePatterns') ?? []).includes('node{rank}.out'), 'node{rank}.out in the setting', 30_000);
      const job = await waitFor(() => {
        const j = jobWith('node{rank}');
        return j && j.ranks.length === 4 && j.firstFailure && !jobWith('node1.out') ? j : undefined;
      }, 'one job of 4 ranks in place of the two', 60_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => r.rank)]))}`);
      });
      assert.strictEqual(job.firstFailure!.rank, 3);
      assert.match(job.firstFailure!.record.exception ?? '', /RuntimeError: rank 3 broke/);
    } finally {
      await config.update('rankFilePatterns', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a folder of one file per rank under a name of its own (gpu0.log, gpu1.log, gpu2.log), shown from the Explorer's menu: a notification offers to read them as ranks; its button adds gpu{rank}.log to workerLogs.rankFilePatterns, and the job appears, rank 1 its first failure", async () => {
    const config = vscode.workspace.getConfiguration('workerLogs');
    const dir = path.join(logs(), 'gpu-files');
    fs.mkdirSync(dir, { recursive: true });
    for (const r of [0, 1, 2]) {
      const failure = r === 1 ? 'Traceback (most recent call last):\n  File "train.py", line 9, in <module>\nRuntimeError: CUDA error: an illegal memory access was encountered\n' : '';
      fs.writeFileSync(path.join(dir, `gpu${r}.log`), `2026-11-30 09:00:0${r},000 INFO train: step 1\n${failure}`);
    }
    ageFiles(dir, 3600_000);
    await api.workers.refresh();
    assert.strictEqual(jobWith('gpu-files'), undefined, 'no built-in name reads gpu<N>.log');
    const toast = '.notifications-toasts .notification-list-item';
    const shown = vscode.commands.executeCommand('workerLogs.showFolderLogs', vscode.Uri.file(dir));
    try {
      const said = await waitFor(async () => (await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: `${toast}-message` })).texts.find((t) => t.includes('gpu-files')), 'the notification on the folder', 30_000);
      assert.match(said, /gpu0\.log, gpu1\.log, gpu2\.log look like one file per rank\. Read files named gpu\{rank\}\.log as ranks\?/);
      await inWebview({ webview: 'workbench', action: 'click', selector: `${toast} .monaco-button:has-text("Read as Ranks")` });
      await shown;
      assert.deepStrictEqual(vscode.workspace.getConfiguration('workerLogs').get('rankFilePatterns'), ['gpu{rank}.log']);
      const job = await waitFor(() => {
        const j = jobWith('gpu{rank}.log');
        return j && j.ranks.length === 3 && j.firstFailure ? j : undefined;
      }, 'the folder as a job of 3 ranks with its first failure', 30_000).catch((e: Error) => {
        throw new Error(`${e.message}: ${JSON.stringify(api.workers.provider.model.map((j) => [j.label, j.ranks.map((r) => r.rank)]))}`);
      });
      assert.strictEqual(job.firstFailure!.rank, 1);
      assert.match(job.firstFailure!.record.exception ?? '', /RuntimeError: CUDA error: an illegal memory access/);
      // A name of a rank's file that is none (a folder in it) is said, and the others still read.
      await config.update('rankFilePatterns', ['logs/rank{rank}.txt', 'gpu{rank}.log'], vscode.ConfigurationTarget.Workspace);
      await api.workers.refresh();
      await waitFor(async () => (await inWebview<{ texts: string[] }>({ webview: 'workbench', action: 'text', selector: `${toast}-message` })).texts.some((t) => t.includes('workerLogs.rankFilePatterns: "logs/rank{rank}.txt" is no name of a rank\'s file')), 'the warning on the bad name', 30_000, 500);
      assert.strictEqual(jobWith('gpu{rank}.log')?.ranks.length, 3);
    } finally {
      await config.update('rankFilePatterns', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it("a workspace of more files than discovery looks at (5,000 .log files of data above a capture): the job found before stays through the discoveries that follow, read once", async function () {
    this.timeout(180_000);
    const capture = agedCapture('srun-l-rich-logging.out', path.join('flooded', 'job', 'slurm-8.out'));
    await api.workers.refresh();
    const label = path.join('flooded', 'job', 'slurm-8.out');
    const job = await failedCapture(label, 2, capture, 'the capture as 2 ranks with its first failure');
    // (A job dropped has its folder removed, and a new one made when it comes back.)
    const marker = path.join(path.dirname(job.ranks[0].path), 'kept.marker');
    fs.writeFileSync(marker, '');
    // (A search of them, cut at 2,000 files, gives the capture among the first 2,000 in some walks, not in others: ripgrep's walk is parallel.)
    const flood = path.join(logs(), 'flooded');
    for (let i = 0; i < 5000; i++) fs.writeFileSync(path.join(flood, `sample_${i}.log`), `value ${i}\n`);
    try {
      // Each discovery's search is cut at its limit: the capture's folder is looked at again, not dropped and read anew.
      for (let k = 0; k < 6; k++) {
        await api.workers.refresh();
        const now = jobWith(label);
        assert.ok(now && now.ranks.length === 2 && now.firstFailure, `discovery ${k + 1}: ${JSON.stringify(api.workers.provider.model.map((j) => j.label))}`);
        assert.ok(fs.existsSync(marker), `discovery ${k + 1} dropped the job and read it anew`);
      }
    } finally {
      fs.rmSync(path.join(logs(), 'flooded'), { recursive: true, force: true });
      await api.workers.refresh();
    }
  });
});
