import { mkdirSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { isRegression } from '../model/outcome';
import type { RunResult, ScenarioResult } from '../model/results';
import { historyJson } from '../record/history-json';
import { shellComment, shellQuote as quote } from './escape';
import { safeFileName } from '../util/file-name';
import { writeFileInFolder } from '../util/atomic-write';

/**
 * `--repro DIR`: for each finding, the rewritten history as the tool replayed it in the scenario's
 * last round (a plain history JSON, as `temporal workflow show --output json` writes one), and in
 * `DIR/repro.sh` the commands that replay it alone: with the SDK's plain `Worker.runReplayHistory`
 * (a failing workflow task shows as its `Failing workflow task` warning: the plain replayer does
 * not throw for it) and with `fault-replay replay`, which gives the tool's verdict on that history.
 * History content is data here: file names are made safe and stay in DIR, every string in the
 * script is one quoted shell word, and each comment one line.
 */
export function writeRepro(result: RunResult, dir: string, workflowsPath: string): Map<ScenarioResult, string> {
  const written = new Map<ScenarioResult, string>();
  const used = new Set<string>();
  const script = [
    '#!/bin/sh',
    '# Each finding replayed alone: with the plain SDK replayer, then with fault-replay.',
    goToCheckFolder(dir),
    'set -x',
    '',
  ];
  for (const history of result.histories) {
    for (const scenario of history.scenarios) {
      const path = scenario.observed?.path;
      if (!isRegression(scenario.outcome) || !path) continue;
      mkdirSync(dir, { recursive: true });
      const file = join(dir, reproName(history.file, scenario, used));
      writeFileInFolder(file, historyJson({ events: path }) + '\n');
      written.set(scenario, file);
      script.push(
        shellComment(
          `${history.file} step ${scenario.step} ${scenario.activityType} × ${scenario.fault}: ${scenario.outcome}`,
        ),
      );
      script.push(sdkCommand(workflowsPath, file, history.workflowId));
      script.push(
        `npx fault-replay replay --workflows ${quote(workflowsPath)} --history ${quote(file)} --workflow-id ${quote(history.workflowId)}`,
        '',
      );
    }
  }
  if (written.size) writeFileInFolder(join(dir, 'repro.sh'), script.join('\n'), 0o755);
  return written;
}

/** `happy.step-3-applyTenantMigrations.activity-failed.json`, safe whatever the names hold, and never one name twice (two histories may share a base name). */
function reproName(historyFile: string, scenario: ScenarioResult, used: Set<string>): string {
  const stem = safeFileName(
    `${basename(historyFile).replace(/(\.[a-z]+)+$/i, '')}.step-${scenario.step}-${scenario.activityType}.${scenario.fault}`,
  );
  let name = `${stem}.json`;
  for (let n = 2; used.has(name) || name === 'repro.sh'; n++) name = `${stem}-${n}.json`;
  used.add(name);
  return name;
}

/**
 * The paths in the script are as check was given them, so it first goes to the folder check ran
 * in: found from the script's own place when it is inside that folder (the script then still
 * runs after the project is moved or checked out elsewhere), else by its absolute path.
 */
function goToCheckFolder(dir: string): string {
  const fromCheckFolder = relative(process.cwd(), resolve(dir));
  const inside = !fromCheckFolder.startsWith('..') && !isAbsolute(fromCheckFolder);
  return inside
    ? `cd "$(dirname "$0")"/${quote(relative(resolve(dir), process.cwd()) || '.')} || exit 2`
    : `cd ${quote(process.cwd())} || exit 2`;
}

function sdkCommand(workflowsPath: string, file: string, workflowId: string): string {
  const code = [
    'const { Worker } = require("@temporalio/worker");',
    'const { historyFromJSON } = require("@temporalio/common/lib/proto-utils");',
    `const history = historyFromJSON(JSON.parse(require("fs").readFileSync(${JSON.stringify(relative(process.cwd(), file))}, "utf8")));`,
    `Worker.runReplayHistory({ workflowsPath: require("path").resolve(${JSON.stringify(workflowsPath)}) }, history, ${JSON.stringify(workflowId)})`,
    '.then(() => console.log("replayed: no replay error (see any Failing workflow task warning above)"), (e) => { console.error(e); process.exit(1); });',
  ].join(' ');
  return `node -e ${quote(code)}`;
}
