import * as fs from 'node:fs';
import { findForeignJobs } from '../src/core/importLayouts';
import { JobImport } from '../src/core/importJob';
import { BUILT_IN_FORMATS } from '../src/core/lineFormats';
(async () => {
  const [job] = await findForeignJobs('/tmp/trun/logs');
  fs.rmSync('/tmp/rout', { recursive: true, force: true });
  const imp = new JobImport(job, '/tmp/rout', { formats: BUILT_IN_FORMATS, year: 2026 });
  await imp.update(); await imp.update();
  for (const f of fs.readdirSync('/tmp/rout')) console.log(f + '\n' + fs.readFileSync('/tmp/rout/' + f, 'utf8'));
})();
