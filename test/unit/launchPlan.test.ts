import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeGpus, parseNvidiaSmi } from '../../src/core/gpuList';
import { JobDefinitionError, planLaunch, PlanContext, programArgv, pythonPath } from '../../src/core/launchPlan';
import { findFreePort, isValidPort } from '../../src/core/ports';
import { tempDir } from '../support/tempFiles';

const MODULE_DIR = path.resolve(__dirname, '..', '..', '..', 'python');

function ctx(over: Partial<PlanContext> = {}): PlanContext {
  return { baseDir: '/ws', moduleDir: '/ext/python', defaultPython: 'python3', detectedGpus: [0, 1, 2, 3], freePort: 29555, baseEnv: { PYTHONPATH: '/user/lib' }, ...over };
}

const ODD = ['with space', 'quote"s and \'single\'', '$(touch /tmp/pwned)', '`uname`', 'back\\slash', 'nön-ascii ✓ 日本', '--flag=a b', '', ';', '&&', '*'];

describe('launch plan: terminals mode', () => {
  it('gives each rank its argv and env', () => {
    const plan = planLaunch({ name: 'train', program: 'train.py', args: ['--epochs', '3'], logLevel: 'debug' }, ctx());
    assert.strictEqual(plan.mode, 'terminals');
    assert.strictEqual(plan.worldSize, 4);
    assert.strictEqual(plan.logDir, '/ws/logs/train');
    assert.deepStrictEqual(plan.terminals.map((t) => t.name), ['Rank 0 · GPU 0', 'Rank 1 · GPU 1', 'Rank 2 · GPU 2', 'Rank 3 · GPU 3']);
    const t3 = plan.terminals[3];
    assert.deepStrictEqual(t3.argv, ['python3', '-m', 'worker_logging', 'run', '--tty', '--rank', '3', '--log-dir', '/ws/logs/train', '--', 'train.py', '--epochs', '3']);
    assert.deepStrictEqual(
      { ...t3.env },
      {
        WORKER_LOG_DIR: '/ws/logs/train',
        WORKER_LOG_LEVEL: 'DEBUG',
        PYTHONUNBUFFERED: '1',
        PYTHONPATH: ['/ext/python', '/user/lib'].join(path.delimiter),
        RANK: '3',
        LOCAL_RANK: '3',
        WORLD_SIZE: '4',
        LOCAL_WORLD_SIZE: '4',
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: '29555',
        CUDA_VISIBLE_DEVICES: '3',
        CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
      },
    );
    assert.deepStrictEqual(t3.logPaths, ['/ws/logs/train/worker_3.log']);
    assert.strictEqual(t3.cwd, '/ws');
  });

  it('uses named GPUs, a module program, an interpreter, a cwd and a port', () => {
    const plan = planLaunch({ name: 'm', program: '-m pkg.train', gpus: [6, 7], python: '/venv/bin/python', cwd: 'src', masterPort: 4242, logDir: '/scratch/logs', env: { PYTHONPATH: '/mine', FOO: 'bar' } }, ctx());
    assert.deepStrictEqual(plan.terminals.map((t) => t.name), ['Rank 0 · GPU 6', 'Rank 1 · GPU 7']);
    const t = plan.terminals[1];
    assert.deepStrictEqual(t.argv.slice(0, 1), ['/venv/bin/python']);
    assert.deepStrictEqual(t.argv.slice(-3), ['--', '-m', 'pkg.train']);
    assert.strictEqual(t.cwd, '/ws/src');
    assert.strictEqual(t.env.MASTER_PORT, '4242');
    assert.strictEqual(t.env.CUDA_VISIBLE_DEVICES, '7');
    assert.strictEqual(t.env.FOO, 'bar');
    assert.strictEqual(t.env.PYTHONPATH, ['/ext/python', '/mine'].join(path.delimiter));
    assert.strictEqual(plan.logDir, '/scratch/logs');
  });

  it('runs CPU workers when no GPU is detected', () => {
    const plan = planLaunch({ name: 'cpu', program: 'train.py', workers: 2 }, ctx({ detectedGpus: [] }));
    assert.deepStrictEqual(plan.terminals.map((t) => [t.name, t.env.CUDA_VISIBLE_DEVICES]), [['Rank 0 · CPU', ''], ['Rank 1 · CPU', '']]);
  });

  it('keeps odd values as single argv entries, and they reach the script unchanged', () => {
    const dir = tempDir();
    const script = path.join(dir, 'dump args.py');
    fs.writeFileSync(script, 'import json, os, sys\njson.dump({"argv": sys.argv[1:], "odd": os.environ["ODD"], "rank": os.environ["RANK"]}, open(os.environ["OUT"], "w"))\n');
    const out = path.join(dir, 'out.json');
    const plan = planLaunch(
      { name: 'odd', program: script, args: ODD, workers: 1, logDir: path.join(dir, 'logs $(x)'), env: { ODD: ODD.join('|'), OUT: out } },
      ctx({ baseDir: dir, moduleDir: MODULE_DIR, baseEnv: {} }),
    );
    const t = plan.terminals[0];
    assert.deepStrictEqual(t.argv.slice(-ODD.length), ODD);
    const r = spawnSync(t.argv[0], t.argv.slice(1), { cwd: t.cwd, env: { ...process.env, ...t.env }, encoding: 'utf8' });
    assert.strictEqual(r.status, 0, r.stderr);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(out, 'utf8')), { argv: ODD, odd: ODD.join('|'), rank: '0' });
    assert.ok(fs.existsSync(path.join(dir, 'logs $(x)', 'worker_0.log')));
    assert.ok(!fs.existsSync('/tmp/pwned'));
  });

  it('rejects bad definitions with messages that say what to fix', () => {
    assert.throws(() => planLaunch({ name: '', program: 'x.py' }, ctx()), /"name" must not be empty/);
    assert.throws(() => planLaunch({ name: 'j', program: 'x.py', workers: 0 }, ctx()), /"workers" must be a whole number/);
    assert.throws(() => planLaunch({ name: 'j', program: 'x.py', mode: 'mpi' as never }, ctx()), JobDefinitionError);
    assert.throws(() => planLaunch({ name: 'j', program: '  ' }, ctx()), /"program" must not be empty/);
    assert.throws(() => planLaunch({ name: 'j', program: 'x.py', logLevel: 'LOUD' }, ctx()), /"logLevel" must be one of/);
    assert.deepStrictEqual(programArgv('-m  a.b '), ['-m', 'a.b']);
    assert.deepStrictEqual(programArgv('my script.py'), ['my script.py']);
    assert.strictEqual(pythonPath('/m', ['/a', '/m', '', '/b'].join(path.delimiter)), ['/m', '/a', '/b'].join(path.delimiter));
  });
});

describe('launch plan: torchrun and slurm modes', () => {
  it('torchrun: one terminal per node; torchrun sets the ranks', () => {
    const plan = planLaunch(
      { name: 't', program: 'ddp.py', args: ['--x', 'a b'], mode: 'torchrun', gpus: [0, 1], torchrun: { nnodes: 2, nodeRank: 1, rdzvEndpoint: 'head:29400', extraArgs: ['--redirects', '2', '--tee', '2'] } },
      ctx(),
    );
    assert.strictEqual(plan.terminals.length, 1);
    const t = plan.terminals[0];
    assert.deepStrictEqual(t.argv, [
      'python3', '-m', 'torch.distributed.run', '--nproc_per_node', '2', '--nnodes', '2', '--node_rank', '1', '--rdzv_endpoint', 'head:29400', '--rdzv_backend', 'c10d',
      '--redirects', '2', '--tee', '2', '-m', 'worker_logging', 'run', '--log-dir', '/ws/logs/ddp', '--', 'ddp.py', '--x', 'a b',
    ]);
    assert.strictEqual(t.env.CUDA_VISIBLE_DEVICES, '0,1');
    assert.strictEqual(t.env.RANK, undefined);
    assert.deepStrictEqual(t.logPaths, ['/ws/logs/ddp/worker_2.log', '/ws/logs/ddp/worker_3.log']);
    assert.strictEqual(plan.worldSize, 4);
    const single = planLaunch({ name: 's', program: 'ddp.py', mode: 'torchrun', workers: 2 }, ctx({ detectedGpus: [] }));
    assert.deepStrictEqual(single.terminals[0].argv.slice(3, 13), ['--nproc_per_node', '2', '--nnodes', '1', '--node_rank', '0', '--master_addr', '127.0.0.1', '--master_port', '29555']);
  });

  it('slurm: one srun with tasks, GPUs per task and the module', () => {
    const plan = planLaunch({ name: 'big run', program: 'train.py', mode: 'slurm', workers: 16, slurm: { partition: 'gpu', gpusPerTask: 1, nodes: 2, timeLimit: '01:00:00', extraArgs: ['--exclusive'] } }, ctx());
    const t = plan.terminals[0];
    assert.deepStrictEqual(t.argv, [
      'srun', '--ntasks', '16', '--job-name', 'big run', '--kill-on-bad-exit=0', '--disable-status', '--nodes', '2', '--partition', 'gpu', '--gpus-per-task=1', '--time', '01:00:00', '--exclusive',
      'python3', '-m', 'worker_logging', 'run', '--log-dir', '/ws/logs/train', '--', 'train.py',
    ]);
    assert.strictEqual(t.env.RANK, undefined);
    assert.strictEqual(t.env.MASTER_ADDR, undefined);
    assert.strictEqual(t.logPaths.length, 16);
  });
});

describe('nvidia-smi parsing and ports', () => {
  it('reads several GPUs, none, and garbage', () => {
    const out = '0, NVIDIA A100-SXM4-80GB, 81920 MiB, GPU-aaaa\n1, NVIDIA A100-SXM4-80GB, 81920 MiB, GPU-bbbb\n\n';
    assert.deepStrictEqual(parseNvidiaSmi(out).gpus, [
      { index: 0, name: 'NVIDIA A100-SXM4-80GB', memoryMiB: 81920, uuid: 'GPU-aaaa' },
      { index: 1, name: 'NVIDIA A100-SXM4-80GB', memoryMiB: 81920, uuid: 'GPU-bbbb' },
    ]);
    assert.deepStrictEqual(parseNvidiaSmi(''), { gpus: [], skipped: [] });
    const junk = parseNvidiaSmi('NVIDIA-SMI has failed because it could not communicate with the NVIDIA driver.\n3, H100, [N/A], GPU-c\n');
    assert.deepStrictEqual(junk.gpus, [{ index: 3, name: 'H100', memoryMiB: undefined, uuid: 'GPU-c' }]);
    assert.strictEqual(junk.skipped.length, 1);
    assert.strictEqual(describeGpus(parseNvidiaSmi(out).gpus), '2 GPUs (NVIDIA A100-SXM4-80GB)');
  });

  it('finds a free port', async () => {
    const port = await findFreePort();
    assert.ok(isValidPort(port));
    assert.ok(!isValidPort(0) && !isValidPort(70000) && !isValidPort(1.5));
  });
});
