// Tests in Restricted Mode (Workspace Trust on, folder not trusted).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: path.join(__dirname, '..', '..', 'support', 'summaryReporter.js') });
  for (const file of fs.readdirSync(__dirname).sort()) if (file.endsWith('.test.js')) mocha.addFile(path.join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => setTimeout(() => (failures ? reject(new Error(`${failures} restricted-mode tests failed`)) : resolve()), 100));
  });
}
