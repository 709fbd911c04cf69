// Loaded by VS Code's extension host (extensionTestsPath): runs every *.test.js beside it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    timeout: 60_000,
    reporter: path.join(__dirname, '..', 'support', 'summaryReporter.js'),
  });
  const only = process.env.GWL_TEST_GREP;
  if (only) mocha.grep(only);
  for (const file of fs.readdirSync(__dirname).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  }
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      // Let the summary line out before the workbench is told to exit.
      setTimeout(() => (failures > 0 ? reject(new Error(`${failures} integration tests failed`)) : resolve()), 100);
    });
  });
}
