// Tests in Restricted Mode (Workspace Trust on, folder not trusted).
import { runMochaSuite } from '../../support/runMochaSuite';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'restricted-mode tests');
}
