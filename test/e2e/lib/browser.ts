// Debian Chromium driven by playwright-core (no browser download), closed and killed by PID.
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumPath } from './env.js';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserSession {
  browser: Browser;
  page: Page;
  pid: number | undefined;
  close(): Promise<void>;
}

export async function openBrowser(url: string): Promise<BrowserSession> {
  // A browser server exposes the Chromium process, so it can be killed by PID whatever happens.
  const server = await chromium.launchServer({ executablePath: chromiumPath, headless: true, args: ARGS, timeout: 60_000 });
  const pid = server.process().pid;
  const browser = await chromium.connect(server.wsEndpoint(), { timeout: 60_000 });
  const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
  page.setDefaultTimeout(60_000);
  await page.goto(url, { timeout: 60_000 });
  return {
    browser,
    page,
    pid,
    async close() {
      try {
        await Promise.race([browser.close().then(() => server.close()), new Promise((r) => setTimeout(r, 10_000))]);
      } finally {
        if (pid !== undefined) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // closed normally
          }
        }
      }
    },
  };
}
