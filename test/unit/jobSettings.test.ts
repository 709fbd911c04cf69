import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FieldSpec, JOB_FIELDS, JobDefinitionError, parseJob, parseJobs } from '../../src/core/jobSettings';
import { planLaunch } from '../../src/core/launchPlan';

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const jobSchema = manifest.contributes.configuration.properties['workerLogs.jobs'].items;

function bad(job: unknown): string {
  try {
    parseJob(job, 0);
  } catch (e) {
    assert.ok(e instanceof JobDefinitionError, String(e));
    return e.message;
  }
  assert.fail(`accepted ${JSON.stringify(job)}`);
}

describe('workerLogs.jobs: one checked parse', () => {
  it('names the job, the field and what is expected for each wrong type seen by users', () => {
    assert.strictEqual(bad({ name: 'a', program: 'x.py', logLevel: 10 }), 'Job "a": "logLevel" must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 10.');
    assert.strictEqual(bad({ name: 'b', program: 'x.py', torchrun: { extraArgs: '--tee 3' } }), 'Job "b": "torchrun.extraArgs" must be a list of strings, one argument each, such as ["--epochs", "3"], not "--tee 3".');
    assert.strictEqual(bad({ name: 'c', program: 'x.py', workers: 4, gpus: [6, 7] }), 'Job "c": "workers" is 4 but "gpus" names 2 GPUs; give one of them, or as many GPUs as workers.');
    assert.strictEqual(bad({ name: 'd', program: 'x.py', gpus: '0,1' }), 'Job "d": "gpus" must be a list of GPU ids, such as [0, 1], not "0,1".');
    assert.match(bad({ name: 'e', program: 'x.py', workers: '4' }), /^Job "e": "workers" must be a whole number from 1 to 4096, not "4"\.$/);
    assert.match(bad({ name: 'f', program: 'x.py', env: { A: 1 } }), /^Job "f": "env" must be an object of strings/);
    assert.match(bad({ name: 'g', program: 'x.py', args: '--epochs 3' }), /^Job "g": "args" must be a list of strings/);
    assert.match(bad({ name: 'h', program: 'x.py', mode: 'mpi' }), /^Job "h": "mode" must be "terminals", "torchrun" or "slurm", not "mpi"\.$/);
    assert.match(bad({ name: 'i', program: 'x.py', masterPort: 70000 }), /^Job "i": "masterPort" must be a port number/);
    assert.match(bad({ name: 'j', program: 'x.py', slurm: { nodes: 0 } }), /^Job "j": "slurm\.nodes" must be a whole number from 1, not 0\.$/);
    assert.match(bad({ name: 'k', program: 'x.py', gpu: [0] }), /^Job "k": "gpu" is not a job setting; the settings are name, program, /);
    assert.match(bad({ program: 'x.py' }), /^Job 1 of workerLogs\.jobs: "name" is missing/);
    assert.match(bad({ name: 'l' }), /^Job "l": "program" is missing; it must be a script such as "train\.py"/);
    assert.match(bad('train.py'), /^Job 1 of workerLogs\.jobs must be an object/);
  });

  it('keeps the usable jobs and reports the others, so one bad entry hides no other', () => {
    const { jobs, problems } = parseJobs([{ name: 'ok', program: 'a.py' }, { name: 'broken', program: 'b.py', gpus: '0,1' }, { name: 'ok', program: 'c.py' }, 7]);
    assert.deepStrictEqual(jobs.map((j) => j.program), ['a.py']);
    assert.deepStrictEqual(problems.map((p) => p.slice(0, 22)), ['Job "broken": "gpus" m', 'Job "ok" is defined tw', 'Job 4 of workerLogs.jo']);
    assert.deepStrictEqual(parseJobs({ name: 'x' }).problems, ['workerLogs.jobs must be a list of jobs, not {"name":"x"}.']);
  });

  it('planning a launch goes through the same parse', () => {
    assert.throws(() => planLaunch({ name: 'p', program: 'x.py', torchrun: { extraArgs: '--tee 3' as never } }, { baseDir: '/w', moduleDir: '/m', defaultPython: 'python3', detectedGpus: [], freePort: 29500, baseEnv: {} }), /"torchrun\.extraArgs" must be a list of strings/);
  });

  it("the manifest's JSON schema matches the parser (types, enums, bounds, required fields, no extra fields)", () => {
    const check = (schema: Record<string, unknown> & { properties: Record<string, Record<string, unknown>> }, fields: Readonly<Record<string, FieldSpec>>, where: string): void => {
      assert.deepStrictEqual(Object.keys(schema.properties).sort(), Object.keys(fields).sort(), `${where} fields`);
      assert.strictEqual(schema.additionalProperties, false, `${where} takes no other fields`);
      assert.deepStrictEqual([...((schema.required as string[]) ?? [])].sort(), Object.keys(fields).filter((k) => fields[k].required).sort(), `${where} required`);
      for (const [key, spec] of Object.entries(fields)) {
        const p = schema.properties[key];
        const at = `${where}${key}`;
        const types: Record<string, unknown> = {
          string: 'string',
          integer: 'integer',
          stringList: 'array',
          gpuList: 'array',
          stringMap: 'object',
          integerOrString: ['integer', 'string'],
          object: 'object',
        };
        assert.deepStrictEqual(p.type, types[spec.kind], `${at} type`);
        assert.deepStrictEqual(p.enum, spec.enum ? [...spec.enum] : undefined, `${at} enum`);
        assert.strictEqual(p.minimum, spec.minimum, `${at} minimum`);
        assert.strictEqual(p.maximum, spec.maximum, `${at} maximum`);
        if (spec.kind === 'stringList') assert.deepStrictEqual(p.items, { type: 'string' }, `${at} items`);
        if (spec.kind === 'gpuList') assert.deepStrictEqual([p.minItems, (p.items as { type: unknown }).type], [1, ['integer', 'string']], `${at} items`);
        if (spec.kind === 'stringMap') assert.deepStrictEqual(p.additionalProperties, { type: 'string' }, `${at} values`);
        if (spec.kind === 'object') check(p as never, spec.fields!, `${at}.`);
      }
    };
    check(jobSchema, JOB_FIELDS, '');
  });
});
