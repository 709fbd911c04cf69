import { findForeignJobs } from '../src/core/importLayouts';
import { JobImport } from '../src/core/importJob';
import { BUILT_IN_FORMATS } from '../src/core/lineFormats';
import * as fs from 'node:fs';
(async () => {
  const jobs = await findForeignJobs(process.argv[2]);
  for (const j of jobs) {
    console.log(j.kind, j.source, j.name, [...j.ranks.keys()], j.style);
    const out = '/tmp/imp/' + j.name;
    fs.rmSync(out, { recursive: true, force: true });
    const im = new JobImport(j, out, { formats: BUILT_IN_FORMATS, year: 2026 });
    console.log(await im.update());
    for (const f of fs.readdirSync(out)) { console.log('--', f); console.log(fs.readFileSync(out + '/' + f, 'utf8')); }
    for (const r of im.rankFiles()) console.log(r.path, await im.sourceOf(r.path, 3));
  }
})();
