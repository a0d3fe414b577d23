import type { ReporterKind } from './registry';

/** At most this often the line is redrawn. */
const REDRAW_MS = 250;

/** `scenarios 40/96 (3.2/s)` on stderr while the run goes, only when stderr is a terminal; erased at the end. */
export const progressReporter: ReporterKind = {
  name: 'progress',
  wanted: (_options, io) => io.stderrIsTTY,
  create: (_options, io) => {
    let total = 0;
    let done = 0;
    let started = 0;
    let drawn = 0;
    const draw = () => {
      const seconds = Math.max((io.now() - started) / 1000, 0.001);
      io.stderr(`\r\x1b[2Kscenarios ${done}/${total} (${(done / seconds).toFixed(1)}/s)`);
      drawn = io.now();
    };
    return {
      runPlanned: (plan) => {
        total = plan.scenarios;
        started = io.now();
        draw();
      },
      scenarioFollowed: () => {
        done++;
        if (io.now() - drawn >= REDRAW_MS || done === total) draw();
      },
      runDone: () => io.stderr('\r\x1b[2K'),
    };
  },
};
