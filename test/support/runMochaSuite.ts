// Runs every *.test.js of a folder with mocha inside the extension host (the `run()` that
// VS Code calls for extensionTestsPath), reporting with the summary line CI reads.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function runMochaSuite(dir: string, what: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: path.join(__dirname, 'summaryReporter.js') });
  const only = process.env.GWL_TEST_GREP;
  if (only) mocha.grep(only);
  for (const file of fs.readdirSync(dir).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(dir, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      // Let the summary line out before the workbench is told to exit.
      setTimeout(() => (failures > 0 ? reject(new Error(`${failures} ${what} failed`)) : resolve()), 100);
    });
  });
}
