// Opens the offline report (index.html) in headless Debian Chromium with the network cut off, for the report's browser
// test and scripts/screenshot-report.ts. Playwright's own browser download cannot work here (docs/CONTRIBUTING.md).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DependencyError } from '../shared/errors.js';

/** Where Debian's `chromium` package installs its launcher. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  // Belt and braces next to the request router: no host name resolves, so nothing can leave the machine.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/**
 * Launches headless Chromium from `executablePath`. Playwright gives each launch a fresh temporary profile
 * (the `--user-data-dir` of a non-persistent context), so no state carries between runs.
 * @throws DependencyError when the binary is missing, naming the Debian package to install.
 */
export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<Browser> {
  if (!existsSync(executablePath)) {
    throw new DependencyError(
      'chromium',
      `${executablePath} not found; install Debian's chromium: apt-get update && apt-get install -y chromium`,
    );
  }
  return chromium.launch({ executablePath, headless: true, args: ARGS });
}

/** A report page opened offline, with everything it tried that an offline report must not do. */
export interface OfflinePage {
  readonly page: Page;
  /** URLs of requests other than the report file itself; each was aborted. */
  readonly blocked: string[];
  /** Text of `console.error` messages. */
  readonly consoleErrors: string[];
  /** Uncaught page errors. */
  readonly pageErrors: string[];
}

/**
 * Opens `htmlPath` as a file:// page in a new context whose only allowed request is the file itself; every other
 * request is aborted and recorded in `blocked`. The caller closes `page.context()`.
 */
export async function openReportOffline(
  browser: Browser,
  htmlPath: string,
  viewport = { width: 1280, height: 900 },
): Promise<OfflinePage> {
  const url = pathToFileURL(resolve(htmlPath)).href;
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, offline: true });
  const blocked: string[] = [];
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const allowed = (u: string) => u === url || u.startsWith('data:') || u === 'about:blank';
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (allowed(u)) return route.continue();
    blocked.push(u);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  // The router does not see every scheme (file:// subresources); the request event does.
  page.on('request', (r) => {
    if (!allowed(r.url()) && !blocked.includes(r.url())) blocked.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, blocked, consoleErrors, pageErrors };
}

/** Options for {@link screenshotReport}. */
export interface ScreenshotOptions {
  readonly width?: number;
  readonly height?: number;
  /** The whole page rather than the top viewport. */
  readonly fullPage?: boolean;
  readonly executablePath?: string;
}

/** Writes a PNG screenshot of the offline report at `htmlPath` to `outPng`; returns the PNG bytes. */
export async function screenshotReport(htmlPath: string, outPng: string, opts: ScreenshotOptions = {}) {
  const browser = await launchChromium(opts.executablePath);
  try {
    const { page } = await openReportOffline(browser, htmlPath, {
      width: opts.width ?? 1280,
      height: opts.height ?? 900,
    });
    return await page.screenshot({ path: outPng, type: 'png', fullPage: opts.fullPage ?? false });
  } finally {
    await browser.close();
  }
}
