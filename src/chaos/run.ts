import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstLine } from '../util/load-module';
import { differenceLine, diffWorlds } from './diff';
import type { ChaosFault } from './faults/fault';
import { CHAOS_FAULTS, chaosFault } from './faults/registry';
import { ChaosInjector } from './inject';
import { LiveClose, LiveOptions, LiveRun, LiveSession, RunHistory, withLiveSession } from './live';
import { ChaosScenario, ChaosStep, chaosScenarios, chaosSteps, historyFileName } from './plan';
import { ChaosProbe, loadProbe, ProbeContext, takeSnapshot } from './probe';
import { CHAOS_OUTCOMES, ChaosOutcome, isChaosFinding, judgeRun } from './verdict';

export interface ChaosOptions extends LiveOptions {
  workflowType: string;
  args: unknown[];
  /** The probe module's path, or the probe itself. */
  probe: string | ChaosProbe;
  /** Fault names (default: all of CHAOS_FAULTS). */
  faults?: string[];
  /** Only these steps of the happy run: 1-based indexes or activity types. */
  steps?: string[];
  /** World paths allowed to differ from the world before the run after a rollback. */
  allow?: string[];
  /** Keep every run's history here (happy.json, step-N-type.fault.json). */
  recordDir?: string;
  /** How long a run may take to close before it is stuck (default 30 s). */
  runTimeoutMs?: number;
}

export interface ChaosScenarioResult {
  step: number;
  activityType: string;
  fault: string;
  outcome: ChaosOutcome;
  detail?: string;
  differences: string[];
  close?: LiveClose;
  history?: string;
}

export interface ChaosResult {
  workflowType: string;
  allow: string[];
  faults: string[];
  happy?: { close?: LiveClose; steps: ChaosStep[]; world?: unknown; history?: string };
  scenarios: ChaosScenarioResult[];
  counts: Record<ChaosOutcome, number>;
  problems: string[];
  /** 0 every run clean, 1 a finding (orphan, not idempotent, …), 2 the chaos run could not fully happen. */
  exitCode: 0 | 1 | 2;
}

const DEFAULT_RUN_TIMEOUT_MS = 30_000;

/** A happy run, then one live run per (step of the happy run, fault), each judged by the probe. */
export async function runChaos(options: ChaosOptions): Promise<ChaosResult> {
  const faults = options.faults?.length ? options.faults.map(chaosFault) : [...CHAOS_FAULTS];
  const probe = typeof options.probe === 'string' ? loadProbe(options.probe) : options.probe;
  const context: ProbeContext = { workflowType: options.workflowType, args: options.args };
  const injector = new ChaosInjector();
  const problems: string[] = [];
  const scenarios: ChaosScenarioResult[] = [];
  let happy: ChaosResult['happy'];
  try {
    await withLiveSession(options, injector, async (session) => {
      const runner = new Runner(options, session, injector, probe, context);
      const happyRun = await runner.happy();
      happy = happyRun.summary;
      if (!happyRun.ok) return problems.push(happyRun.problem);
      const steps = happy.steps;
      if (steps.length === 0)
        return problems.push(
          options.steps?.length
            ? `--steps ${options.steps.join(',')}: no such step in the happy run`
            : 'the happy run scheduled no activity',
        );
      for (const scenario of chaosScenarios(steps, faults))
        scenarios.push(await runner.scenario(scenario, happyRun.world, happyRun.close));
      await probe.reset(context);
    });
  } finally {
    await probe.close?.();
  }
  return summarize(options, faults, happy, scenarios, problems);
}

type HappyRun =
  | { ok: true; summary: NonNullable<ChaosResult['happy']>; world: unknown; close: LiveClose }
  | { ok: false; summary: NonNullable<ChaosResult['happy']>; problem: string };

class Runner {
  private readonly nonce = `${Date.now().toString(36)}-${process.pid}`;

  constructor(
    private readonly options: ChaosOptions,
    private readonly session: LiveSession,
    private readonly injector: ChaosInjector,
    private readonly probe: ChaosProbe,
    private readonly context: ProbeContext,
  ) {}

  async happy(): Promise<HappyRun> {
    await this.probe.reset(this.context);
    const before = await takeSnapshot(this.probe, this.context);
    const { run } = await this.live(undefined);
    const children = await this.session.childHistories(run.events);
    const history = this.keep(run, undefined, children);
    const steps = chaosSteps(
      [{ events: run.events }, ...children.map((c) => ({ events: c.events, childType: c.workflowType }))],
      this.options.steps,
    );
    if (!run.close || run.close.status !== 'completed') {
      const why = run.taskFailure
        ? `a workflow task failed: ${run.taskFailure}`
        : (run.stuck ?? `it closed ${run.close?.status}: ${run.close?.failure}`);
      return {
        ok: false,
        summary: { close: run.close, steps, history },
        problem: `the happy run did not complete (${why}): nothing to inject into`,
      };
    }
    const world = await takeSnapshot(this.probe, this.context);
    const unsure = probeProblem(before, world, await takeSnapshot(this.probe, this.context));
    if (unsure) return { ok: false, summary: { close: run.close, steps, world, history }, problem: unsure };
    return { ok: true, summary: { close: run.close, steps, world, history }, world, close: run.close };
  }

  async scenario(scenario: ChaosScenario, happyWorld: unknown, happyClose: LiveClose): Promise<ChaosScenarioResult> {
    const base = { step: scenario.step.index, activityType: scenario.step.activityType, fault: scenario.fault.name };
    try {
      await this.probe.reset(this.context);
      const before = await takeSnapshot(this.probe, this.context);
      const { run, injected } = await this.live(scenario);
      const after = await takeSnapshot(this.probe, this.context);
      const verdict = judgeRun({
        fault: scenario.fault,
        run,
        injected,
        before,
        after,
        happy: { world: happyWorld, close: happyClose },
        allow: this.options.allow ?? [],
      });
      const history = this.keep(
        run,
        scenario,
        this.options.recordDir ? await this.session.childHistories(run.events) : [],
      );
      return { ...base, ...verdict, ...(run.close ? { close: run.close } : {}), ...(history ? { history } : {}) };
    } catch (err) {
      return { ...base, outcome: 'could-not-run', detail: firstLine(err), differences: [] };
    }
  }

  private async live(scenario: ChaosScenario | undefined): Promise<{ run: LiveRun; injected: boolean }> {
    const label = scenario ? `${scenario.step.index}-${scenario.fault.name}` : 'happy';
    const workflowId = `chaos-${this.options.workflowType}-${this.nonce}-${label}`;
    this.injector.assign(workflowId, scenario && { fault: scenario.fault, target: scenario.step });
    try {
      const run = await this.session.runWorkflow(
        this.options.workflowType,
        workflowId,
        this.options.args,
        this.options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
      );
      return { run, injected: this.injector.injected(workflowId) };
    } finally {
      this.injector.release(workflowId);
    }
  }

  /** Writes the run's history (and its child workflows' beside it, `….child-1-type.json`); returns the run's file name. */
  private keep(run: LiveRun, scenario: ChaosScenario | undefined, children: RunHistory[]): string | undefined {
    const dir = this.options.recordDir;
    if (!dir) return undefined;
    const name = historyFileName(scenario);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, name), run.historyJson + '\n');
    children.forEach((child, i) =>
      writeFileSync(
        join(dir, name.replace(/\.json$/, `.child-${i + 1}-${child.workflowType}.json`)),
        child.historyJson + '\n',
      ),
    );
    return name;
  }
}

/**
 * A probe that sees nothing the happy run did, or whose snapshot of one world changes, would make
 * every verdict meaningless (a clean matrix that proves nothing): the chaos run stops there.
 */
function probeProblem(before: unknown, world: unknown, again: unknown): string | undefined {
  const unstable = diffWorlds(world, again);
  if (unstable.length)
    return `the probe's snapshot is not stable (two snapshots of the same world differ: ${differenceLine(unstable[0])}): verdicts would be noise`;
  if (diffWorlds(before, world).length === 0)
    return "the probe's snapshot did not change during the happy run: it sees nothing the workflow does, so no verdict could fail";
  return undefined;
}

function summarize(
  options: ChaosOptions,
  faults: ChaosFault[],
  happy: ChaosResult['happy'],
  scenarios: ChaosScenarioResult[],
  problems: string[],
): ChaosResult {
  const counts = Object.fromEntries(CHAOS_OUTCOMES.map((o) => [o, 0])) as Record<ChaosOutcome, number>;
  for (const scenario of scenarios) counts[scenario.outcome]++;
  const couldNotRun = problems.length > 0 || counts['could-not-run'] > 0;
  const exitCode = couldNotRun ? 2 : scenarios.some((s) => isChaosFinding(s.outcome)) ? 1 : 0;
  return {
    workflowType: options.workflowType,
    allow: options.allow ?? [],
    faults: faults.map((f) => f.name),
    happy,
    scenarios,
    counts,
    problems,
    exitCode,
  };
}
