// Preloaded with NODE_OPTIONS=--require: reports each worker thread the CLI starts on stderr, so a
// test can tell that pages really went through the parse workers.
const threads = require('node:worker_threads');
const Original = threads.Worker;
threads.Worker = class extends Original {
  constructor(script, ...rest) {
    process.stderr.write(`worker-spy: started ${script}\n`);
    super(script, ...rest);
  }
};
require('node:module').syncBuiltinESMExports();
