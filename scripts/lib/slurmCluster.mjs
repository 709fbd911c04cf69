// A real single-node Slurm on 127.0.0.1 for the slurm-mode tests: munge, slurmctld and slurmd
// with a private config and two fake GPUs (GRES backed by symlinks to /dev/null). Starts in a
// temp folder and stops by the PIDs it recorded. Needs root and Debian's slurm packages.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './codeServer.mjs';

// slurmctld only runs where SlurmctldHost names this host.
const NODE = os.hostname().split('.')[0];

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

function readPid(file) {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim()) || undefined;
  } catch {
    return undefined;
  }
}

async function waitFor(probe, what, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Slurm: timed out waiting for ${what}`);
    await sleep(100);
  }
}

export async function startSlurm({ gpus = 2 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gwl-slurm-'));
  fs.chmodSync(dir, 0o755); // munge clients need every folder above the socket searchable
  for (const d of ['state', 'spool', 'fakedev', 'munge']) fs.mkdirSync(path.join(dir, d), { mode: 0o755 });
  const cpus = os.availableParallelism?.() ?? os.cpus().length;
  const sock = path.join(dir, 'munge', 'munge.socket');
  const key = path.join(dir, 'munge', 'munge.key');
  execFileSync('mungekey', ['-c', '-k', key], { stdio: 'ignore' });
  fs.chmodSync(key, 0o600);
  const mungePid = path.join(dir, 'munge', 'munged.pid');
  execFileSync('munged', ['--force', '-S', sock, `--key-file=${key}`, `--log-file=${path.join(dir, 'munge', 'munged.log')}`, `--pid-file=${mungePid}`, `--seed-file=${path.join(dir, 'munge', 'munged.seed')}`], { stdio: 'ignore' });
  const gresLines = ['AutoDetect=off'];
  for (let i = 0; i < gpus; i++) {
    const dev = path.join(dir, 'fakedev', `nvidia${i}`);
    fs.symlinkSync('/dev/null', dev);
    gresLines.push(`NodeName=${NODE} Name=gpu File=${dev}`);
  }
  fs.writeFileSync(path.join(dir, 'gres.conf'), gresLines.join('\n') + '\n');
  const [ctlPort, dPort] = [await freePort(), await freePort()];
  const conf = path.join(dir, 'slurm.conf');
  fs.writeFileSync(
    conf,
    [
      'ClusterName=gwltest',
      `SlurmctldHost=${NODE}(127.0.0.1)`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${sock}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'SchedulerParameters=batch_sched_delay=0',
      'EnforcePartLimits=ALL',
      'MailProg=/bin/true',
      'ReturnToService=2',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      `StateSaveLocation=${path.join(dir, 'state')}`,
      `SlurmdSpoolDir=${path.join(dir, 'spool')}`,
      `SlurmctldPidFile=${path.join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${path.join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${path.join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${path.join(dir, 'slurmd.log')}`,
      `SlurmctldPort=${ctlPort}`,
      `SlurmdPort=${dPort}`,
      'GresTypes=gpu',
      `NodeName=${NODE} NodeAddr=127.0.0.1 CPUs=${cpus} Boards=1 SocketsPerBoard=1 CoresPerSocket=${cpus} ThreadsPerCore=1 RealMemory=1024 Gres=gpu:${gpus} State=UNKNOWN`,
      `PartitionName=debug Nodes=${NODE} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  execFileSync('slurmctld', ['-f', conf], { env, stdio: 'ignore' });
  const ctlPid = await waitFor(() => readPid(path.join(dir, 'slurmctld.pid')), 'slurmctld');
  execFileSync('slurmd', ['-f', conf, '-N', NODE], { env, stdio: 'ignore' });
  const dPid = await waitFor(() => readPid(path.join(dir, 'slurmd.pid')), 'slurmd');
  const pids = { munged: readPid(mungePid), slurmctld: ctlPid, slurmd: dPid };
  const stop = () => {
    for (const pid of [pids.slurmd, pids.slurmctld, pids.munged]) {
      try {
        if (pid) process.kill(pid, 'SIGTERM');
      } catch {
        /* gone already */
      }
    }
    spawnSync('pkill', ['-f', `slurmstepd.*${NODE}`]);
    spawnSync('pkill', ['-KILL', '-f', 'slurmstepd: \\[']);
    setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 500).unref();
  };
  try {
    await waitFor(() => {
      const r = spawnSync('sinfo', ['-h', '-N', '-o', '%T'], { env, encoding: 'utf8', timeout: 5000 });
      return r.status === 0 && r.stdout.trim() === 'idle';
    }, 'the node to be idle');
  } catch (e) {
    const logs = ['slurmctld.log', 'slurmd.log'].map((f) => `--- ${f}\n${fs.existsSync(path.join(dir, f)) ? fs.readFileSync(path.join(dir, f), 'utf8').slice(-2000) : '(none)'}`).join('\n');
    stop();
    throw new Error(`${e.message}\n${logs}`);
  }
  return { conf, dir, env, stop };
}
