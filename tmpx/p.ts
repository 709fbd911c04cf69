import { readCapture } from '../src/core/importLayouts';
import { JobImport } from '../src/core/importJob';
import { BUILT_IN_FORMATS } from '../src/core/lineFormats';
import * as fs from 'node:fs';
(async () => {
  const job = (await readCapture('/tmp/capbench/run.out'))!;
  fs.rmSync('/tmp/capout', { recursive: true, force: true });
  const t = Date.now();
  const imp = new JobImport(job, '/tmp/capout', { formats: BUILT_IN_FORMATS, year: 2026 });
  await imp.update();
  console.log('import ms', Date.now() - t);
})();
