// `workerLogs.jobs` as written by hand, checked once for every user of a job (the quick pick,
// tasks, launching). One table of fields drives the checks; a unit test holds the manifest's
// JSON schema to the same table, so the settings editor flags what the parser refuses.
import type { JobDefinition, LaunchMode } from './launchPlan';
import { LEVEL_NAMES } from './logLine';

export type FieldKind = 'string' | 'integer' | 'stringList' | 'gpuList' | 'stringMap' | 'integerOrString' | 'object';

export interface FieldSpec {
  kind: FieldKind;
  /** What the user is told is expected. */
  expected: string;
  enum?: readonly string[];
  /** The enum is matched whatever the case (the schema lists the canonical spelling). */
  anyCase?: boolean;
  minimum?: number;
  maximum?: number;
  required?: boolean;
  fields?: Readonly<Record<string, FieldSpec>>;
}

/** A job definition that cannot be used: the message names the job, the field and what is expected. */
export class JobDefinitionError extends Error {}

const MODES: readonly LaunchMode[] = ['terminals', 'torchrun', 'slurm'];
const LIST = 'a list of strings, one argument each, such as ["--epochs", "3"]';

export const JOB_FIELDS: Readonly<Record<string, FieldSpec>> = {
  name: { kind: 'string', required: true, expected: 'a name, such as "train"' },
  program: { kind: 'string', required: true, expected: 'a script such as "train.py", or "-m pkg.train"' },
  args: { kind: 'stringList', expected: LIST },
  python: { kind: 'string', expected: 'the interpreter, such as "python3" or a path' },
  cwd: { kind: 'string', expected: 'a folder, relative to the workspace' },
  workers: { kind: 'integer', minimum: 1, maximum: 4096, expected: 'a whole number from 1 to 4096' },
  gpus: { kind: 'gpuList', expected: 'a list of GPU ids, such as [0, 1]' },
  logDir: { kind: 'string', expected: 'a folder, relative to the workspace, such as "logs/train"' },
  logLevel: { kind: 'string', enum: LEVEL_NAMES, anyCase: true, expected: `one of ${LEVEL_NAMES.join(', ')}` },
  env: { kind: 'stringMap', expected: 'an object of strings, such as {"NCCL_DEBUG": "INFO"}' },
  mode: { kind: 'string', enum: MODES, expected: '"terminals", "torchrun" or "slurm"' },
  masterAddr: { kind: 'string', expected: 'a host name or address' },
  masterPort: { kind: 'integer', minimum: 1, maximum: 65535, expected: 'a port number from 1 to 65535' },
  torchrun: {
    kind: 'object',
    expected: 'an object of torchrun options',
    fields: {
      nnodes: { kind: 'integerOrString', minimum: 1, expected: 'a number from 1, or "MIN:MAX"' },
      nodeRank: { kind: 'integer', minimum: 0, expected: 'a whole number from 0' },
      rdzvEndpoint: { kind: 'string', expected: '"host:port"' },
      rdzvBackend: { kind: 'string', expected: 'a rendezvous backend, such as "c10d"' },
      extraArgs: { kind: 'stringList', expected: LIST },
    },
  },
  slurm: {
    kind: 'object',
    expected: 'an object of srun options',
    fields: {
      partition: { kind: 'string', expected: 'a partition name' },
      gpusPerTask: { kind: 'integer', minimum: 0, expected: 'a whole number from 0' },
      nodes: { kind: 'integer', minimum: 1, expected: 'a whole number from 1' },
      timeLimit: { kind: 'string', expected: 'a time such as "01:00:00"' },
      extraArgs: { kind: 'stringList', expected: LIST },
    },
  },
};

function shown(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function fits(spec: FieldSpec, v: unknown): boolean {
  switch (spec.kind) {
    case 'string':
      return typeof v === 'string' && (!spec.enum || spec.enum.includes(spec.anyCase ? v.toUpperCase() : v));
    case 'integer':
      return Number.isInteger(v) && (spec.minimum === undefined || (v as number) >= spec.minimum) && (spec.maximum === undefined || (v as number) <= spec.maximum);
    case 'integerOrString':
      return (Number.isInteger(v) && (v as number) >= (spec.minimum ?? 0)) || (typeof v === 'string' && /^\d+(:\d+)?$/.test(v));
    case 'stringList':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'gpuList':
      return Array.isArray(v) && v.length > 0 && v.every((x) => (Number.isInteger(x) && x >= 0) || (typeof x === 'string' && x.trim() !== ''));
    case 'stringMap':
      return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
  }
}

/** Checks the fields of `value` against `fields`; `where` names them in messages. */
function checkFields(value: Record<string, unknown>, fields: Readonly<Record<string, FieldSpec>>, job: string, where: string): void {
  for (const key of Object.keys(value)) {
    if (!(key in fields)) throw new JobDefinitionError(`Job ${job}: "${where}${key}" is not a job setting; the settings are ${Object.keys(fields).join(', ')}.`);
  }
  for (const [key, spec] of Object.entries(fields)) {
    const v = value[key];
    if (v === undefined) {
      if (spec.required) throw new JobDefinitionError(`Job ${job}: "${where}${key}" is missing; it must be ${spec.expected}.`);
      continue;
    }
    if (!fits(spec, v)) throw new JobDefinitionError(`Job ${job}: "${where}${key}" must be ${spec.expected}, not ${shown(v)}.`);
    if (spec.kind === 'object' && spec.fields) checkFields(v as Record<string, unknown>, spec.fields, job, `${where}${key}.`);
  }
}

/** One entry of `workerLogs.jobs`, checked; `position` names an entry that has no name. */
export function parseJob(raw: unknown, position: number): JobDefinition {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new JobDefinitionError(`Job ${position + 1} of workerLogs.jobs must be an object such as {"name": "train", "program": "train.py"}, not ${shown(raw)}.`);
  const value = raw as Record<string, unknown>;
  const job = typeof value.name === 'string' && value.name.trim() ? `"${value.name}"` : `${position + 1} of workerLogs.jobs`;
  checkFields(value, JOB_FIELDS, job, '');
  const def = value as unknown as JobDefinition;
  if (!def.name.trim()) throw new JobDefinitionError(`Job ${job}: "name" must not be empty.`);
  if (!def.program.trim()) throw new JobDefinitionError(`Job ${job}: "program" must not be empty; it must be ${JOB_FIELDS.program.expected}.`);
  if (def.gpus && def.workers !== undefined && def.workers !== def.gpus.length) {
    throw new JobDefinitionError(`Job ${job}: "workers" is ${def.workers} but "gpus" names ${def.gpus.length} GPUs; give one of them, or as many GPUs as workers.`);
  }
  return def;
}

export interface ParsedJobs {
  jobs: JobDefinition[];
  /** One message per entry that could not be used (it names the job and the field). */
  problems: string[];
}

/** Every usable job of the setting, and what is wrong with the others. */
export function parseJobs(raw: unknown): ParsedJobs {
  if (raw === undefined || raw === null) return { jobs: [], problems: [] };
  if (!Array.isArray(raw)) return { jobs: [], problems: [`workerLogs.jobs must be a list of jobs, not ${shown(raw)}.`] };
  const jobs: JobDefinition[] = [];
  const problems: string[] = [];
  const names = new Set<string>();
  raw.forEach((entry, i) => {
    try {
      const job = parseJob(entry, i);
      if (names.has(job.name)) throw new JobDefinitionError(`Job "${job.name}" is defined twice in workerLogs.jobs; the first one is used.`);
      names.add(job.name);
      jobs.push(job);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  });
  return { jobs, problems };
}
