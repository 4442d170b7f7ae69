// Drives the playground of a running local stack in headless Chromium, as a user would: types a prompt,
// watches the answer stream in, reads the decision, stops the chosen cluster with its button, sends
// again and checks that another target answered. Prints one JSON line of what it saw; exits 0 when every
// check held, 1 (with the failed check on stderr) otherwise.
//
//   node playground.mjs --base http://127.0.0.1:8080 [--screenshot out.png] [--chromium /usr/bin/chromium]
import { chromium } from "playwright-core";

function option(name, fallback) {
  const at = process.argv.indexOf("--" + name);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const base = option("base", "http://127.0.0.1:8080");
const screenshot = option("screenshot", null);
const executablePath = option("chromium", "/usr/bin/chromium");
const TIMEOUT = 60_000;
const seen = {};

function check(condition, message) {
  if (!condition) throw new Error(message);
}

// Records the answer's text length each time the page changes it, and whether the stream had ended then.
function watchAnswer(page) {
  return page.evaluate(() => {
    const answer = document.getElementById("answer");
    window.answerGrowth = [];
    new MutationObserver(() => window.answerGrowth.push({
      length: answer.textContent.length, state: answer.dataset.state, at: performance.now()})
    ).observe(answer, {childList: true, characterData: true, subtree: true, attributes: true});
  });
}

async function ask(page, prompt) {
  await watchAnswer(page);
  await page.getByRole("textbox", {name: "Prompt", exact: true}).fill(prompt);
  // Greedy decoding: the demo's random-weight model then never stops early, so the answer has tokens to stream.
  await page.getByRole("spinbutton", {name: /^Temperature/}).fill("0");
  await page.getByRole("spinbutton", {name: "Max tokens"}).fill("300");
  await page.getByRole("button", {name: "Send"}).click();
  await page.waitForFunction(() => ["done", "error"].includes(document.getElementById("answer").dataset.state)
    && !document.getElementById("send").disabled, null, {timeout: TIMEOUT});
  const state = await page.getAttribute("#answer", "data-state");
  check(state === "done", "the answer did not finish: " + await page.textContent("#stream-status"));
  return {
    target: (await page.textContent("#target")).trim(),
    attempts: (await page.textContent("#attempts")).trim(),
    reason: (await page.textContent("#reason")).trim(),
    cost: (await page.textContent("#cost-actual")).trim(),
    savings: (await page.textContent("#cost-savings")).trim(),
    candidates: await page.$$eval("#candidates tr", rows => rows.map(r => r.dataset.target).filter(Boolean)),
    bars: await page.$$eval("#cost-chart rect.bar", bars => bars.map(b => b.dataset.target)),
    growth: await page.evaluate(() => window.answerGrowth),
  };
}

// Distinct non-empty lengths the answer had while it was still streaming: each is a moment tokens arrived.
function growthMoments(growth) {
  const lengths = growth.filter(g => g.state === "streaming" && g.length > 0).map(g => g.length);
  return [...new Set(lengths)].length;
}

const browser = await chromium.launch({executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"]});
let status = 0;
try {
  const page = await browser.newPage({viewport: {width: 1280, height: 800}});
  await page.goto(base + "/playground");
  await page.waitForFunction(() => document.body.dataset.ready === "true", null, {timeout: TIMEOUT});
  await page.waitForSelector("#fleet-rows button[data-action=stop]", {timeout: TIMEOUT});
  seen.models = await page.$$eval("#model option", options => options.map(o => o.value));
  check(seen.models[0] === "auto", "the model list starts with auto: " + seen.models);

  const prompt = "Tell me a long story about three clusters and a router that picks the cheapest.";
  const first = await ask(page, prompt);
  seen.first = {target: first.target, attempts: first.attempts, cost: first.cost, savings: first.savings,
    candidates: first.candidates, bars: first.bars, growthMoments: growthMoments(first.growth)};
  check(first.candidates.includes(first.target), `the decision panel names the target ${first.target}: ${first.candidates}`);
  check(seen.first.growthMoments >= 2, "tokens arrived in fewer than two moments before the end: "
    + JSON.stringify(first.growth));
  check(/^\$\d/.test(first.cost), "the actual cost is shown: " + first.cost);
  check(first.bars.length >= 2, "a bar per eligible target: " + first.bars);

  // Break the cluster that answered; wait until the page says its server is down (its button turns to Start).
  await page.click(`#fleet-rows button[data-cluster="${first.target}"][data-action=stop]`);
  await page.waitForSelector(`#fleet-rows button[data-cluster="${first.target}"][data-action=start]`, {timeout: TIMEOUT});

  const second = await ask(page, prompt);
  seen.second = {target: second.target, attempts: second.attempts, reason: second.reason, cost: second.cost,
    growthMoments: growthMoments(second.growth)};
  check(second.target !== first.target && second.target !== "none" && second.target !== "",
    `another target answered after ${first.target} stopped: ${second.target}`);

  if (screenshot) {
    await page.screenshot({path: screenshot});
    seen.screenshot = screenshot;
  }
  // The phone-width layout: one column, nothing wider than the window.
  await page.setViewportSize({width: 390, height: 800});
  seen.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(seen.phoneOverflow <= 0, "the page is wider than a phone: " + seen.phoneOverflow + " px too wide");
} catch (e) {
  status = 1;
  console.error("playground check failed: " + e.message);
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
process.exit(status);
