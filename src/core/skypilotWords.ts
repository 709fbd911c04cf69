// SkyPilot's word that a job of several nodes failed (`ERROR: Job 2 failed with return code list:
// [1, 137] (A Worker failed with return code 1, SkyPilot cleaned up the processes on other nodes
// with return code 137)`, its driver's last line in the job's log, the list in node rank order),
// for the launcher's words (launcherLines.ts). Pure.
import { signalName } from './signals';

// eslint-disable-next-line no-control-regex -- SkyPilot colours its sentence red in its log
const FAILED = /^ERROR: (?:\x1b\[[\d;]{0,12}m)?Job (\d{1,12}) failed with return code list:(?:\x1b\[[\d;]{0,12}m)? \[(-?\d{1,4}(?:, ?-?\d{1,4}){0,9999})\]/;
/** The code SkyPilot's cleanup leaves on the nodes it ended once another failed (128 + SIGKILL). */
const CLEANED_UP = 137;

/**
 * The nodes SkyPilot's word on `line` says failed: those whose code is neither 0 nor its
 * cleanup's 137 (the others it ended: stopped with their attempt); every node with a non-zero code
 * when all are 137 (killed, by the OOM killer say, with no other failure). Undefined for any other
 * line, or a list without a non-zero code.
 */
export function skypilotFailure(line: string): { nodes: number[]; message: string } | undefined {
  const m = line.length < 60_000 && line.startsWith('ERROR: ') ? FAILED.exec(line) : null;
  if (!m) return undefined;
  const codes = m[2].split(',').map(Number);
  let nodes = codes.flatMap((code, node) => (code !== 0 && code !== CLEANED_UP ? [node] : []));
  if (nodes.length === 0) nodes = codes.flatMap((code, node) => (code !== 0 ? [node] : []));
  if (nodes.length === 0) return undefined;
  const how = nodes.map((node) => `node ${node} ${exitOf(codes[node])}`).join(', ');
  return { nodes, message: `SkyPilot: job ${m[1]} failed: ${how} (return codes by node: [${codes.join(', ')}])` };
}

/** `exited with code 1`, `was killed by signal 9 (SIGKILL)` for a shell's 128 + signal. */
function exitOf(code: number): string {
  const sig = code > 128 && code < 160 ? code - 128 : undefined;
  return sig === undefined ? `exited with code ${code}` : `was killed by signal ${sig}${signalName(sig) ? ` (${signalName(sig)})` : ''}`;
}
