import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SpawnSyncReturns } from 'node:child_process';
import { expect } from 'chai';
import { chromium, BrowserContext, Page } from 'playwright-core';
import { faultReplay, ROOT } from '../support/check-cli';
import { scratchDir } from '../support/scratch';

/** Debian's Chromium (scripts/install-chromium.sh; CI runs it before the tests). */
const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium reaches for Google's hosts at every start. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The screenshot is kept here (gitignored) as the test's artifact. */
const ARTIFACTS = join(ROOT, '.scratch', 'artifacts');

/**
 * The HTML report in a real headless browser: the real bin checks a saga that undoes in forward
 * order (law findings), the page is opened from disk with every request but its own file refused
 * and counted, a finding's cell is clicked and its panel (timelines, law, diff) must show.
 * Waits are for states (visible, loaded), never for a time.
 */
describe("the HTML report in headless Chromium: offline, a finding's cell opens its scenario (real bin)", function () {
  this.timeout(300_000);
  let dir: string;
  let run: SpawnSyncReturns<string>;
  let page: Page;
  let context: BrowserContext;
  let fileUrl: string;
  const requests: string[] = [];
  const refused: string[] = [];
  const consoleErrors: string[] = [];

  before(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is not installed: run scripts/install-chromium.sh (CI runs it before npm test)`);
    dir = scratchDir('html-browser-');
    const html = join(dir, 'report.html');
    run = faultReplay([
      'check',
      '--workflows',
      'test/fixtures/saga-variants/forward-order.ts',
      '--histories',
      'histories/tenant-provisioning/happy.json',
      '--workers',
      '1',
      '--html',
      html,
    ]);
    expect(run.status, run.stderr).to.equal(1);
    fileUrl = pathToFileURL(html).href;
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      offline: true,
      viewport: { width: 1400, height: 900 },
    });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url === fileUrl) return route.continue();
      refused.push(url);
      return route.abort('blockedbyclient');
    });
    context.on('request', (request) => void requests.push(request.url()));
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(120_000);
    page.on('console', (message) => void (message.type() === 'error' && consoleErrors.push(message.text())));
    await page.goto(fileUrl, { waitUntil: 'load' });
  });

  after(async () => {
    await context?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads from the file alone: no request to anything else, no console error (the CSP refused nothing)', async () => {
    expect(await page.title()).to.equal('fault-replay: regressions found');
    expect(requests).to.deep.equal([fileUrl]);
    expect(refused).to.deep.equal([]);
    expect(consoleErrors).to.deep.equal([]);
  });

  it('shows the matrix as a grid of coloured cells, and no scenario panel before a click', async () => {
    const cells = page.locator('table.grid a.cell');
    expect(await cells.count()).to.equal(60);
    const lawBroken = page.locator('table.grid a.cell.o-law-broken');
    expect(await lawBroken.count()).to.be.greaterThan(0);
    // Runs in the page; the project compiles without the DOM's types.
    const background = (el: unknown) =>
      (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(el)
        .backgroundColor;
    const colour = await lawBroken.first().evaluate(background);
    const compensated = await page.locator('table.grid a.cell.o-compensated').first().evaluate(background);
    expect(colour).not.to.equal(compensated);
    expect(await page.locator('section.scenario:visible').count()).to.equal(0);
  });

  it("a finding's cell opens its scenario: golden and observed timelines, the broken law, the diff; a screenshot is kept", async () => {
    const cell = page.locator('table.grid a.cell.o-law-broken').first();
    const target = (await cell.getAttribute('href'))!;
    const panel = page.locator(`section.scenario${target}`);
    expect(await panel.isVisible()).to.equal(false);
    await cell.click();
    await panel.waitFor({ state: 'visible' });
    expect(await page.locator('section.scenario:visible').count()).to.equal(1);
    const golden = panel.locator('.timeline.expected').first();
    const observed = panel.locator('.timeline.observed').first();
    expect(await golden.isVisible()).to.equal(true);
    expect(await observed.isVisible()).to.equal(true);
    expect(await golden.innerText()).to.match(/golden \(\d+ workflow tasks?\)[\s\S]*workflow task 1[\s\S]*close: /);
    expect(await observed.innerText()).to.match(/observed \(\d+ workflow tasks?\)[\s\S]*workflow task 1/);
    const text = await panel.innerText();
    expect(text).to.include('Laws broken');
    expect(text).to.match(/\(law: [^)]+\)/);
    expect(text).to.include('Diff (- golden, + observed)');
    expect(await panel.locator('pre.diff span.del, pre.diff span.add').count()).to.be.greaterThan(0);
    // The commands the two paths do not share are marked on the side that has them.
    expect(await panel.locator('.timeline li.only').count()).to.be.greaterThan(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'html-report-finding.png');
    await page.screenshot({ path: shot, fullPage: false });
    expect(statSync(shot).size).to.be.greaterThan(10_000);
    expect(readFileSync(shot).subarray(1, 4).toString()).to.equal('PNG');
  });

  it("the panel's close link goes back to the matrix and hides it; still no request but the file", async () => {
    await page.locator('section.scenario:visible a.close').click();
    await page.waitForFunction("!document.querySelector('section.scenario:target')");
    expect(await page.locator('section.scenario:visible').count()).to.equal(0);
    expect(requests).to.deep.equal([fileUrl]);
    expect(refused).to.deep.equal([]);
  });
});
