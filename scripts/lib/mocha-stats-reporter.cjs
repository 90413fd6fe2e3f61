// Mocha's spec reporter, plus the run's counts written as JSON to $PICTOR_TEST_STATS so that
// scripts/test.mjs can total every layer without parsing human output.
const fs = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.PICTOR_TEST_STATS;
      if (!file) return;
      const { tests = 0, passes = 0, failures = 0, pending = 0 } = this.stats;
      fs.writeFileSync(file, JSON.stringify({ tests, passes, failures, pending }));
    });
  }
}

module.exports = StatsReporter;
