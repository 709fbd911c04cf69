// PBS's word that it killed a job over one of its limits (`=>> PBS: job killed: walltime 3630
// exceeded limit 3600`, which PBS Pro's and Torque's MoM write to the job's stderr, its output
// file with `-j oe`, before it sends the job SIGTERM and, after its kill delay, SIGKILL), for the
// launcher's words (launcherLines.ts) and the diagnosis of a job its launcher ended (jobWideEnd.ts).
// Pure.

/** A limit's amount: seconds or `H:MM:SS`, a size (`4219124kb`), a count (`4.12` cpus). */
const AMOUNT = String.raw`\d{1,12}(?::\d\d){0,2}(?:\.\d{1,6})?(?:[kmgtp]?b|[kmgtp]?w)?`;
const KILLED = new RegExp(String.raw`^=>> PBS: job killed: ([a-z_]{1,32}) (${AMOUNT}) exceeded limit (${AMOUNT})\s*$`);

/** Seconds of `[[H:]M:]S`. */
function seconds(text: string): number {
  return text.split(':').reduce((s, part) => s * 60 + Number(part), 0);
}

/**
 * PBS's kill of the job on `line`: the message a failure of every rank shows, and, for its
 * walltime, how long the job had run (ms: PBS gives no time of day).
 */
export function pbsKill(line: string): { message: string; ranFor?: number } | undefined {
  const m = line.length < 200 && line.startsWith('=>> PBS: ') ? KILLED.exec(line) : null;
  if (!m) return undefined;
  return { message: `PBS killed the job: ${m[1]} ${m[2]} exceeded limit ${m[3]}`, ...(m[1] === 'walltime' ? { ranFor: seconds(m[2]) * 1000 } : {}) };
}

const KILL_MESSAGE = /^PBS killed the job: ([a-z_]{1,32}) \S{1,40} exceeded limit \S{1,40}$/;

/** A kill's message (`pbsKill`'s), read back; undefined for any other message. */
export function pbsKillReason(message: string): string | undefined {
  const m = message.length > 200 ? null : KILL_MESSAGE.exec(message);
  return m ? message : undefined;
}
