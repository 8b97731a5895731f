// A child process for the export-lock stress test (test/unit/export/lock.test.ts):
//   stress <lock> <marker> <rounds> <t0>  from t0, `rounds` times: take the lock; while holding
//       it, create <marker> exclusively (EEXIST = someone else holds the lock too: a violation),
//       keep it ~1 ms, remove it, release. Prints { held, busy, violations }.
//   hold <lock>   takes the lock, prints "held", then waits to be killed.
import { openSync, closeSync, unlinkSync } from 'node:fs';
import { acquireLock, LockedError } from '../../src/export/lock.js';

const [mode, lock, marker, roundsArg, t0Arg] = process.argv.slice(2);

if (mode === 'hold') {
  acquireLock(lock, 'stress');
  process.stdout.write('held\n');
  setInterval(() => undefined, 60_000);
} else {
  while (Date.now() < Number(t0Arg));
  let held = 0;
  let busy = 0;
  let violations = 0;
  for (let i = 0; i < Number(roundsArg); i++) {
    let release: (() => void) | undefined;
    try {
      release = acquireLock(lock, 'stress');
    } catch (err) {
      if (err instanceof LockedError) {
        busy++;
        continue;
      }
      throw err;
    }
    held++;
    let mine = false;
    try {
      closeSync(openSync(marker, 'wx'));
      mine = true;
    } catch {
      violations++;
    }
    const until = Date.now() + 1;
    while (Date.now() < until);
    if (mine) unlinkSync(marker);
    release();
  }
  process.stdout.write(JSON.stringify({ held, busy, violations }) + '\n');
}
