// Run axe-core on an HTML file in the system Chromium; print the violations as JSON.
// The debrief forbids scripts through its Content-Security-Policy, so the checker's
// browser context bypasses CSP to inject axe (the page's own content is unchanged).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const [page_path, executable = "/usr/bin/chromium"] = process.argv.slice(2);

const browser = await chromium.launch({
  executablePath: executable,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"],
});
try {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(pathToFileURL(page_path).href);
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    const report = await window.axe.run(document, { resultTypes: ["violations"] });
    return report.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
      sample: v.nodes.slice(0, 3).map((n) => n.html.slice(0, 200)),
    }));
  });
  console.log(JSON.stringify(result, null, 1));
} finally {
  await browser.close();
}
