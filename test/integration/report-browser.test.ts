// The snapshot's index.html as an auditor sees it: rendered by a real (Debian) Chromium with the network cut off.
// A missing browser fails this file (launchChromium throws DependencyError naming the package); it never skips.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { buildSnapshotToFile } from '../../shared/snapshot/builder.js';
import { buildScenario, type Scenario } from '../../shared/snapshot/testing/scenario.js';
import { readAll } from '../../shared/snapshot/testing/zip-tools.js';
import { launchChromium, openReportOffline, screenshotReport } from '../../scripts/report-browser.js';

const FAIL_FILL = '#c62828';
const MISSING_FILL = '#9e9e9e';

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
  html = join(dir, 'index.html');
  writeFileSync(html, (await readAll(zip)).get('index.html')!);
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
      expect(await page.locator('svg').count()).toBe(controls.length);
      for (const c of controls) {
        await expect(page.locator(`#c-${c.controlId} h3`).innerText()).resolves.toBe(
          `${c.controlId}: ${c.verdict.replace(/_/g, ' ')}`,
        );
        const svg = page.locator(`svg[aria-label="${c.controlId} timeline"]`);
        expect(await svg.isVisible()).toBe(true);
        expect((await svg.boundingBox())!.width).toBeGreaterThan(600);
        expect(await svg.locator('rect').count()).toBe(c.periods.length);
      }
      const log01 = await page
        .locator('svg[aria-label="LOG-01 timeline"] rect')
        .evaluateAll((rs) => rs.map((r) => r.getAttribute('fill')));
      expect(log01.filter((f) => f === FAIL_FILL)).toHaveLength(1); // day 3 FAIL
      expect(log01.filter((f) => f === MISSING_FILL)).toHaveLength(1); // day 5 MISSING
      expect(await page.locator('table tr td:first-child').allInnerTexts()).toEqual(
        expect.arrayContaining(['CC6.1', 'CC7.2']),
      );
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
