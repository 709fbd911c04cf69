// `worker-logs`: the core for terminals, CI and scripts.
//   worker-logs summary <dir>        per-rank table and the first failure
//   worker-logs index <file> --json  the file's index as JSON
//   worker-logs merge <dir> [...]    every rank's records by time, filtered (the Job Log)
//   worker-logs diagnose <dir>       why the job failed or hangs (JSON contract with --json)
// The job commands (jobCommands.ts) are loaded when one runs: `index`, which a script may run
// once per file, starts without their code (~20 ms of a run on a 512 MiB log).
import * as path from 'node:path';
import { indexFileParallel } from '../core/parallelIndex';
import { checkPath, USAGE, UsageError, usageOf } from './usage';

async function index(args: string[]): Promise<number> {
  const positional = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--json');
  if (unknown.length) throw new UsageError(`unknown option ${unknown[0]}`);
  if (!args.includes('--json')) throw new UsageError('index prints JSON: add --json');
  if (positional.length !== 1) throw new UsageError('index takes one file');
  const file = positional[0];
  await checkPath(file, 'file');
  const snapshot = await indexFileParallel(file, { workerScript: path.join(__dirname, 'indexWorker.js') });
  process.stdout.write(JSON.stringify(snapshot, null, 2) + '\n');
  return snapshot.state === 'ok' ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    // (`worker-logs merge --help`: the usage, as `worker-logs --help`, not an unknown option.)
    const commands = ['index', 'summary', 'merge', 'diagnose'];
    if (command === '--help' || command === '-h' || command === 'help' || (commands.includes(command) && rest.some((a) => a === '--help' || a === '-h'))) {
      process.stdout.write(USAGE + '\n');
      return 0;
    }
    if (command === 'index') return await index(rest);
    if (command === 'summary' || command === 'merge' || command === 'diagnose') return await (await import('./jobCommands.js')).onRankFolder(command, rest);
    throw new UsageError(command ? `unknown command '${command}'` : 'no command given');
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`worker-logs: ${e.message}\n${e.showUsage ? `\n${usageOf(command)}\n` : ''}`);
      return 2;
    }
    process.stderr.write(`worker-logs: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
