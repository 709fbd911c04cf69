// Tests of the packaged .vsix, installed the way a user installs it; hosted by vsixProbe.
import { runMochaSuite } from '../../support/runMochaSuite';

export function run(): Promise<void> {
  return runMochaSuite(__dirname, 'vsix tests');
}
