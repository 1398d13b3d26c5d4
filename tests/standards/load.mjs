// Load an HTML file in the system Chromium and report everything it tried to do:
// every request beyond the file itself, any dialog a script opened, console errors.
// Usage: node load.mjs PAGE [CHROMIUM]
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [pagePath, executable = "/usr/bin/chromium"] = process.argv.slice(2);
const url = pathToFileURL(pagePath).href;
const browser = await chromium.launch({
  executablePath: executable,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"],
});
const seen = { requests: [], dialogs: [], title: "" };
try {
  const page = await (await browser.newContext()).newPage();
  page.on("request", (request) => { if (request.url() !== url) seen.requests.push(request.url()); });
  page.on("dialog", async (dialog) => { seen.dialogs.push(dialog.message()); await dialog.dismiss(); });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(1500);  // give timers, refreshes and lazy loads their chance
  await page.mouse.move(200, 300);  // and hover handlers
  await page.mouse.click(200, 300);
  seen.title = await page.title();
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
