// Mocha's spec output plus the closing line CI reads: "N passed, N failed".
import Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const stats = runner.stats;
      const passes = stats?.passes ?? 0;
      const failures = stats?.failures ?? 0;
      const pending = stats?.pending ?? 0;
      // Printed after the spec reporter's epilogue, so it is the tier's last line.
      setImmediate(() => console.log(`${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`));
    });
  }
}

export = SummaryReporter;
