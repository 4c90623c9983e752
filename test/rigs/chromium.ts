// Headless Debian Chromium through playwright-core, confined to loopback: DNS maps every name to NOTFOUND
// except localhost and the listed loopback IPs, and a route handler aborts any request to another host.
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export interface ChromiumRig {
  readonly browser: Browser;
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

export async function startChromium(loopbackIps: readonly string[] = ['127.0.0.1']): Promise<ChromiumRig> {
  const excludes = ['localhost', ...loopbackIps].map((host) => `EXCLUDE ${host}`).join(' , ');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP * ~NOTFOUND , ${excludes}`,
    ],
  });
  return {
    browser,
    async newContext() {
      const context = await browser.newContext();
      await context.route('**/*', (route) => {
        const { hostname } = new URL(route.request().url());
        return hostname === 'localhost' || hostname.startsWith('127.') ? route.continue() : route.abort();
      });
      return context;
    },
    close: () => browser.close(),
  };
}
