// Phones for the room's end-to-end test: one system Chromium, one context (its own cookie jar)
// per phone, each page at a phone's size. Driven line by line: each line on stdin is a JSON
// command with an "id"; each answer is one JSON line on stdout with the same "id". Commands
// run concurrently, so the test can have all the phones act at once.
//
//   {"id": 1, "cmd": "open", "count": 12, "url": "http://127.0.0.1:8765/"}
//   {"id": 2, "cmd": "join", "page": 0, "code": "ABC123", "team": "Red"}  -> {"device": "..."}
//   {"id": 3, "cmd": "vote", "page": 0, "letter": "B", "reason": "..."}  -> {"saved": true, "status", "mine"}
//   {"id": 4, "cmd": "read", "page": 0}  -> what the page shows (phase, title, mine, paused...)
//   {"id": 5, "cmd": "shot", "page": 0, "path": "room-phone.png", "top": true}  (top: scrolled to the top first)
//   {"id": 6, "cmd": "quit"}
//
// Usage: node phones.mjs [CHROMIUM]
import readline from "node:readline";
import { chromium } from "playwright-core";

const [executable = "/usr/bin/chromium"] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: executable,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-extensions",
         "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
         "--disable-backgrounding-occluded-windows"],
});
const pages = [];
const problems = [];

function answer(reply) {
  process.stdout.write(JSON.stringify(reply) + "\n");
}

async function open({ count, url }) {
  for (let n = 0; n < count; n++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 1,
                                               isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.on("pageerror", (error) => problems.push(`page ${n}: ${error.message}`));
    pages.push({ context, page });
  }
  await Promise.all(pages.map(({ page }) => page.goto(url, { waitUntil: "load" })));
  return { pages: pages.length };
}

async function device(n) {
  const cookies = await pages[n].context.cookies();
  const found = cookies.find((cookie) => cookie.name === "tabletop_device");
  return found ? found.value.split(".")[0] : null;
}

async function join({ page: n, code, team }) {
  const { page } = pages[n];
  await page.locator("#code").fill(code);
  await page.locator("label.team", { hasText: team }).locator("input").check();
  await page.locator("form.join button").click();
  await page.locator("#who").filter({ hasText: team }).waitFor({ timeout: 20000 });
  return { device: await device(n) };
}

async function vote({ page: n, letter, reason, timeout = 20000 }) {
  const { page } = pages[n];
  await page.evaluate(() => { document.getElementById("status").textContent = ""; });
  await page.locator(`input[name=option][value='${letter}']`).check({ timeout });
  await page.locator("#reason").fill(reason, { timeout });
  await page.locator("form.vote button[type=submit]").click({ timeout });
  // The page's own acknowledgement: the laptop's answer in the status line, then the vote as the laptop has it.
  await page.waitForFunction(() => document.getElementById("status").textContent !== "", null, { timeout });
  const status = await page.locator("#status").textContent();
  const saved = status === "Vote saved";
  if (saved) {
    await page.locator("p.mine").filter({ hasText: `Your vote: ${letter}` }).waitFor({ timeout });
  }
  return { saved, status, mine: await text(page, "p.mine") };
}

async function text(page, selector) {
  const found = page.locator(selector);
  return (await found.count()) ? (await found.first().textContent()).trim() : null;
}

async function read({ page: n }) {
  const { page } = pages[n];
  return page.evaluate(() => {
    const main = document.getElementById("room");
    const pick = (selector) => { const node = main.querySelector(selector); return node ? node.textContent.trim() : null; };
    const fieldset = main.querySelector("form.vote fieldset");
    const checked = main.querySelector("input[name=option]:checked");
    return {
      phase: main.dataset.phase, title: pick("h1"), who: pick("#who"), mine: pick("p.mine"),
      paused: main.querySelector("p.paused") !== null, legend: pick("legend"), counts: pick("p.counts"),
      result: pick("section.result"), checked: checked ? checked.value : null,
      disabled: fieldset ? fieldset.disabled : null, status: document.getElementById("status").textContent,
    };
  });
}

async function shot({ page: n, path, top = false }) {
  if (top) await pages[n].page.evaluate(() => window.scrollTo(0, 0));
  await pages[n].page.screenshot({ path, fullPage: false });
  return { path };
}

const commands = { open, join, vote, read, shot };
const lines = readline.createInterface({ input: process.stdin });
let pending = 0;
let quitting = false;

async function finish() {
  await browser.close();
  answer({ id: "bye", problems });
  process.exit(0);
}

lines.on("line", async (line) => {
  const command = JSON.parse(line);
  if (command.cmd === "quit") { quitting = true; if (!pending) await finish(); return; }
  pending++;
  try {
    answer({ id: command.id, ok: true, ...(await commands[command.cmd](command)) });
  } catch (error) {
    answer({ id: command.id, ok: false, error: String(error && error.message ? error.message : error) });
  } finally {
    pending--;
    if (quitting && !pending) await finish();
  }
});
lines.on("close", () => { if (!quitting) { quitting = true; if (!pending) finish(); } });
answer({ id: "ready" });
