// A job definition -> what to run: one argv + env per terminal. Pure: no process is started
// here, and no value is ever joined into a shell string (terminals run argv directly).
import * as path from 'node:path';
import { JobDefinitionError, parseJob } from './jobSettings';

export { JobDefinitionError };

export type LaunchMode = 'terminals' | 'torchrun' | 'slurm';

/** One entry of `workerLogs.jobs`. */
export interface JobDefinition {
  name: string;
  /** A script (`train.py`) or a module (`-m pkg.train`). */
  program: string;
  args?: string[];
  python?: string;
  cwd?: string;
  workers?: number;
  /** GPU ids, one per rank (or per local rank); overrides `workers` when given. */
  gpus?: (number | string)[];
  logDir?: string;
  logLevel?: string;
  env?: Record<string, string>;
  mode?: LaunchMode;
  masterAddr?: string;
  masterPort?: number;
  torchrun?: { nnodes?: number | string; nodeRank?: number; rdzvEndpoint?: string; rdzvBackend?: string; extraArgs?: string[] };
  slurm?: { partition?: string; gpusPerTask?: number; nodes?: number; timeLimit?: string; extraArgs?: string[] };
}

export interface PlanContext {
  /** Folder relative paths are resolved against (the workspace folder). */
  baseDir: string;
  /** The shipped module's folder, prepended to PYTHONPATH. */
  moduleDir: string;
  /** Interpreter when the job names none. */
  defaultPython: string;
  /** GPUs detected (indexes), used when the job names neither `gpus` nor `workers`. */
  detectedGpus: number[];
  /** MASTER_PORT when the job names none. */
  freePort: number;
  /** The environment terminals inherit (for PYTHONPATH). */
  baseEnv: Record<string, string | undefined>;
}

export interface TerminalSpec {
  name: string;
  /** Set when the terminal runs one rank. */
  rank?: number;
  /** The GPU shown in the name, if any. */
  gpu?: string;
  argv: string[];
  cwd: string;
  /** Variables set on top of the inherited environment. */
  env: Record<string, string>;
  /** The rank logs this terminal writes (known up front for terminals and torchrun modes). */
  logPaths: string[];
  /** The process runs on a pseudo-terminal: keystrokes go to it as typed, it echoes them. */
  tty?: boolean;
}

export interface LaunchPlan {
  name: string;
  mode: LaunchMode;
  worldSize: number;
  logDir: string;
  cwd: string;
  terminals: TerminalSpec[];
}


/** `-m pkg.mod` -> ['-m', 'pkg.mod']; a script stays one argument (spaces and all). */
export function programArgv(program: string): string[] {
  const m = /^-m\s+(\S+)\s*$/.exec(program.trim());
  if (m) return ['-m', m[1]];
  if (!program.trim()) throw new JobDefinitionError('The job has no program: set "program" to a script (train.py) or a module (-m pkg.train).');
  return [program];
}

function resolveIn(base: string, p: string): string {
  return path.isAbsolute(p) ? path.normalize(p) : path.join(base, p);
}

export function scriptStem(program: string): string {
  const argv = programArgv(program);
  const target = argv[0] === '-m' ? argv[1].split('.').pop()! : path.basename(argv[0]).replace(/\.py$/, '');
  return target.replace(/[^\w.-]+/g, '_') || 'job';
}

/** PYTHONPATH with the module's folder first, keeping what the user had. */
export function pythonPath(moduleDir: string, existing: string | undefined): string {
  const rest = (existing ?? '').split(path.delimiter).filter((p) => p && path.resolve(p) !== path.resolve(moduleDir));
  return [moduleDir, ...rest].join(path.delimiter);
}

export function planLaunch(job: JobDefinition, ctx: PlanContext): LaunchPlan {
  job = parseJob(job, 0);
  const mode = job.mode ?? 'terminals';
  const cwd = job.cwd ? resolveIn(ctx.baseDir, job.cwd) : ctx.baseDir;
  const logDir = resolveIn(ctx.baseDir, job.logDir ?? path.join('logs', scriptStem(job.program)));
  const python = job.python || ctx.defaultPython;
  const gpus = (job.gpus ?? (job.workers === undefined ? ctx.detectedGpus : ctx.detectedGpus.slice(0, job.workers))).map(String);
  const worldSize = job.workers ?? (job.gpus?.length || ctx.detectedGpus.length || 1);
  const port = String(job.masterPort ?? ctx.freePort);
  const masterAddr = job.masterAddr ?? '127.0.0.1';
  const target = [...programArgv(job.program), ...(job.args ?? [])];
  const userEnv = job.env ?? {};
  const common: Record<string, string> = {
    ...userEnv,
    WORKER_LOG_DIR: logDir,
    PYTHONUNBUFFERED: '1',
    PYTHONPATH: pythonPath(ctx.moduleDir, userEnv.PYTHONPATH ?? ctx.baseEnv.PYTHONPATH),
  };
  if (job.logLevel) common.WORKER_LOG_LEVEL = job.logLevel.toUpperCase();
  const runModule = ['-m', 'worker_logging', 'run', '--log-dir', logDir, '--'];
  const logPath = (rank: number): string => path.join(logDir, `worker_${rank}.log`);

  if (mode === 'terminals') {
    const terminals = Array.from({ length: worldSize }, (_, rank): TerminalSpec => {
      const gpu = gpus.length ? gpus[rank % gpus.length] : undefined;
      return {
        name: `Rank ${rank} · ${gpu !== undefined ? `GPU ${gpu}` : 'CPU'}`,
        rank,
        gpu,
        // --tty: the rank gets a pseudo-terminal behind the extension's pipes (line editing, pdb).
        argv: [python, '-m', 'worker_logging', 'run', '--tty', '--rank', String(rank), '--log-dir', logDir, '--', ...target],
        tty: true,
        cwd,
        env: {
          ...common,
          RANK: String(rank),
          LOCAL_RANK: String(rank),
          WORLD_SIZE: String(worldSize),
          LOCAL_WORLD_SIZE: String(worldSize),
          MASTER_ADDR: masterAddr,
          MASTER_PORT: port,
          CUDA_VISIBLE_DEVICES: gpu ?? '',
          CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
        },
        logPaths: [logPath(rank)],
      };
    });
    return { name: job.name, mode, worldSize, logDir, cwd, terminals };
  }

  if (mode === 'torchrun') {
    const t = job.torchrun ?? {};
    const nproc = job.workers ?? (gpus.length || 1);
    const nnodes = t.nnodes ?? 1;
    const nodeRank = t.nodeRank ?? 0;
    const argv = [python, '-m', 'torch.distributed.run', '--nproc_per_node', String(nproc), '--nnodes', String(nnodes), '--node_rank', String(nodeRank)];
    if (t.rdzvEndpoint) argv.push('--rdzv_endpoint', t.rdzvEndpoint, '--rdzv_backend', t.rdzvBackend ?? 'c10d');
    else argv.push('--master_addr', masterAddr, '--master_port', port);
    argv.push(...(t.extraArgs ?? []), ...runModule, ...target);
    const env: Record<string, string> = { ...common, CUDA_DEVICE_ORDER: 'PCI_BUS_ID' };
    if (gpus.length) env.CUDA_VISIBLE_DEVICES = gpus.join(',');
    const staticNodes = typeof nnodes === 'number' ? nnodes : Number(String(nnodes).split(':').pop());
    const first = nodeRank * nproc;
    return {
      name: job.name,
      mode,
      worldSize: nproc * (Number.isFinite(staticNodes) ? staticNodes : 1),
      logDir,
      cwd,
      terminals: [{ name: `torchrun · node ${nodeRank} · ${nproc} ranks`, argv, cwd, env, logPaths: Array.from({ length: nproc }, (_, i) => logPath(first + i)) }],
    };
  }

  const s = job.slurm ?? {};
  // --disable-status: a Ctrl+C (Stop Job's SIGINT) goes on to the tasks; without it srun only
  // reports them, and a second one within a second interrupts and kills them at once.
  const argv = ['srun', '--ntasks', String(worldSize), '--job-name', job.name, '--kill-on-bad-exit=0', '--disable-status'];
  if (s.nodes !== undefined) argv.push('--nodes', String(s.nodes));
  if (s.partition) argv.push('--partition', s.partition);
  if (s.gpusPerTask !== undefined) argv.push(`--gpus-per-task=${s.gpusPerTask}`);
  if (s.timeLimit) argv.push('--time', s.timeLimit);
  argv.push(...(s.extraArgs ?? []), python, ...runModule, ...target);
  return {
    name: job.name,
    mode: 'slurm',
    worldSize,
    logDir,
    cwd,
    // Slurm places the tasks: the master address is the script's to derive unless given.
    terminals: [
      {
        name: `srun · ${worldSize} tasks`,
        argv,
        cwd,
        env: { ...common, MASTER_PORT: port, ...(job.masterAddr ? { MASTER_ADDR: job.masterAddr } : {}) },
        logPaths: Array.from({ length: worldSize }, (_, r) => logPath(r)),
      },
    ],
  };
}
