// Load an HTML file in the system Chromium at a given window width; print how wide the page lays out.
// Usage: node width.mjs PAGE [CHROMIUM] [WIDTH]
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const [pagePath, executable = "/usr/bin/chromium", width = "1280"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executable,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"],
});
try {
  const page = await browser.newPage({ viewport: { width: Number(width), height: 900 } });
  await page.goto(pathToFileURL(pagePath).href);
  const found = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
  console.log(JSON.stringify(found));
} finally {
  await browser.close();
}
