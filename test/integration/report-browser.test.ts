// The snapshot's index.html as an auditor sees it: rendered by a real (Debian) Chromium with the network cut off.
// A missing browser fails this file (launchChromium throws DependencyError naming the package); it never skips.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { buildSnapshotToFile } from '../../shared/snapshot/builder.js';
import { buildScenario, type Scenario } from '../../shared/snapshot/testing/scenario.js';
import { readAll } from '../../shared/snapshot/testing/zip-tools.js';
import { launchChromium, openReportOffline, screenshotReport } from '../../scripts/report-browser.js';

/** Screenshots kept after the run (CI uploads this directory as an artifact). */
const ARTIFACTS = resolve(process.env.REPORT_ARTIFACTS_DIR ?? 'test-artifacts');

let dir: string;
let s: Scenario;
let html: string;
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
  dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  s = await buildScenario(7, 1);
  const zip = join(dir, 'snap.zip');
  await buildSnapshotToFile(s.request, s.deps, zip);
  // The report as the demo leaves it: the whole archive extracted, index.html beside what it links to.
  for (const [path, bytes] of await readAll(zip)) {
    mkdirSync(dirname(join(dir, 'x', path)), { recursive: true });
    writeFileSync(join(dir, 'x', path), bytes);
  }
  html = join(dir, 'x', 'index.html');
  mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the offline snapshot report in Chromium', () => {
  it('shows every control verdict and its SVG timeline with no network, console or page error', async () => {
    const { page, blocked, consoleErrors, pageErrors } = await openReportOffline(browser, html);
    try {
      const controls = s.request.evaluation!.controls;
      expect(controls.map((c) => c.controlId)).toEqual(['IAM-01', 'LOG-01']);
      expect(await page.locator('svg[aria-label$=" timeline"]').count()).toBe(controls.length);
      for (const c of controls) {
        const h3 = await page.locator(`#c-${c.controlId} h3`).innerText();
        expect(h3.startsWith(`${c.controlId} `)).toBe(true);
        expect(h3).toContain(c.verdict.replace(/_/g, ' '));
        const svg = page.locator(`svg[aria-label="${c.controlId} timeline"]`);
        expect(await svg.isVisible()).toBe(true);
        expect((await svg.boundingBox())!.width).toBeGreaterThan(600);
        expect(await svg.locator('rect').count()).toBe(c.periods.length);
        // The date axis names the window's first and last day.
        const ticks = await svg.locator('text.tick').allTextContents();
        expect(ticks[0]).toBe(c.periods[0]!.start.slice(0, 10));
        expect(ticks.at(-1)).toBe(c.periods.at(-1)!.start.slice(0, 10));
      }
      const log01 = await page
        .locator('svg[aria-label="LOG-01 timeline"] rect')
        .evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-label'), r.getAttribute('fill')]));
      expect(log01.filter(([l]) => l === 'FAIL')).toEqual([['FAIL', 'url(#hatch)']]); // day 3, hatched
      expect(log01.filter(([l]) => l === 'MISSING')).toEqual([['MISSING', 'url(#empty)']]); // day 5, outlined
      expect(await page.locator('svg[aria-label="LOG-01 timeline"] text.mark.drift').count()).toBe(1);
      expect(await page.locator('table tr td:first-child').allInnerTexts()).toEqual(
        expect.arrayContaining(['CC6.1', 'CC7.2']),
      );
      // Summary at the top, control titles, failing resources with reasons.
      await expect(page.locator('#s-effective').innerText()).resolves.toMatch(
        /\d+ \/ \d+\s+requirements effective/,
      );
      for (const id of ['#s-exceptions', '#s-gaps', '#s-manual'])
        expect(await page.locator(id).isVisible()).toBe(true);
      expect(await page.locator('#c-LOG-01 table.failing td').count()).toBeGreaterThan(0);
      // Every relative link resolves to a file of the extracted archive.
      const hrefs = await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      const files = hrefs.filter((h) => !h.startsWith('#'));
      expect(files.length).toBeGreaterThan(5);
      for (const h of files) expect(`${h}: ${existsSync(join(dir, 'x', decodeURI(h)))}`).toBe(`${h}: true`);
      for (const h of hrefs.filter((x) => x.startsWith('#')))
        expect(await page.locator(h.replace(/\./g, '\\.')).count()).toBe(1);
      await page.screenshot({ path: join(ARTIFACTS, 'report-screen.png'), fullPage: true });
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('details > ul').first().isVisible()).toBe(false);
      await page.screenshot({ path: join(ARTIFACTS, 'report-print.png'), fullPage: true });
      expect(blocked).toEqual([]);
      expect(consoleErrors).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('screenshots the report as a non-empty 1280-pixel-wide PNG', async () => {
    const out = join(dir, 'report.png');
    const png = await screenshotReport(html, out);
    const onDisk = readFileSync(out);
    expect(onDisk.equals(png)).toBe(true);
    expect(onDisk.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(onDisk.readUInt32BE(16)).toBe(1280); // IHDR width
    expect(onDisk.readUInt32BE(20)).toBe(900); // IHDR height
    expect(onDisk.length).toBeGreaterThan(10_000); // real content, not a blank frame
  });

  it('records (and aborts) outside requests, console errors and page errors, so their absence means something', async () => {
    const bad = join(dir, 'bad.html');
    writeFileSync(
      bad,
      `<!DOCTYPE html><html><head><link rel="stylesheet" href="https://cdn.example.com/x.css"></head>
<body><img src="http://example.com/x.png"><script>console.error('boom');throw new Error('bang')</script></body></html>`,
    );
    const { page, blocked, consoleErrors, pageErrors } = await openReportOffline(browser, bad);
    try {
      expect(blocked).toEqual(
        expect.arrayContaining(['https://cdn.example.com/x.css', 'http://example.com/x.png']),
      );
      expect(consoleErrors).toContain('boom');
      expect(pageErrors).toEqual([expect.stringContaining('bang')]);
    } finally {
      await page.context().close();
    }
  });

  it('fails, naming the Debian package, when the browser is not installed', async () => {
    await expect(launchChromium('/nonexistent/chromium')).rejects.toThrow(
      "chromium: /nonexistent/chromium not found; install Debian's chromium: apt-get update && apt-get install -y chromium",
    );
  });
});
