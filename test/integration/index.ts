// Loaded by VS Code's extension host (extensionTestsPath): the tests of the source tree.
import { runMochaSuite } from '../support/runMochaSuite';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'integration tests');
}
