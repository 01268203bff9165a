// The workbench in a real browser (issue 15): Debian's Chromium, driven by puppeteer-core (pinned
// in package-lock.json, installed by `npm ci` here: tools/install-deps.sh), through the page that
// `edict workbench` and `edict serve` print the address of. Flows: a Fujian case and a retirement
// case filled in the form and evaluated, the decision and a quoted sentence of the notice read from
// the page (the values checked against /eval's own answer), the cited sentence highlighted in the
// notice, a bad date refused with the API's message at its field, text from the case shown as text,
// a case saved and loaded again, the policy's tests run, the language switched, and two policies
// compared on one case. Screenshots go to --out. Prints `ok`/`FAIL` lines and `N passed, M failed`.
//
//   node workbench_browser.mjs --edict build/release/edict --out DIR [--chromium /usr/bin/chromium]
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..", "..");
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) =>
  (a.startsWith("--") ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const EDICT = path.resolve(args.edict || "build/release/edict");
const OUT = path.resolve(args.out || path.join(os.tmpdir(), "edict-workbench-screenshots"));
const CHROMIUM = args.chromium || "/usr/bin/chromium";
const WAIT = 20000;

let puppeteer;
try {
  puppeteer = (await import("puppeteer-core")).default;
} catch {
  console.log(`FAIL puppeteer-core is not installed: run \`npm ci\` in ${HERE} (tools/install-deps.sh does it)`);
  process.exit(1);
}
if (!fs.existsSync(CHROMIUM)) {
  console.log(`FAIL no Chromium at ${CHROMIUM} (Debian's package chromium; tools/install-deps.sh installs it)`);
  process.exit(1);
}
fs.mkdirSync(OUT, { recursive: true });

const results = [];
function check(name, cond, detail = "") {
  results.push(Boolean(cond));
  console.log((cond ? "ok   " : "FAIL ") + name + (cond ? "" : `: ${String(detail).slice(0, 800)}`));
}

// Starts `edict ARGS...` and resolves with {proc, url} once it prints the workbench's address.
function startServer(...edictArgs) {
  return new Promise((resolve, reject) => {
    const proc = spawn(EDICT, edictArgs, { cwd: REPO, stdio: ["ignore", "ignore", "pipe"] });
    let seen = "";
    const timer = setTimeout(() => reject(new Error("no address printed: " + seen)), WAIT);
    proc.stderr.setEncoding("utf8");
    proc.stderr.on("data", (chunk) => {
      seen += chunk;
      const m = /workbench: open (http:\/\/\S+) in a browser/.exec(seen);
      if (m && !proc.url) {
        proc.url = m[1];
        clearTimeout(timer);
        resolve({ proc, url: m[1], log: () => seen });
      }
    });
    proc.on("exit", (code) => { clearTimeout(timer); if (!proc.url) reject(new Error(`edict exited ${code}: ${seen}`)); });
  });
}

function stop(server) {
  return new Promise((resolve) => { server.proc.on("exit", (code) => resolve(code)); server.proc.kill("SIGTERM"); });
}

async function api(url, route, body) {
  const r = await fetch(new URL(route, url), body ? { method: "POST", body: JSON.stringify(body) } : {});
  return { status: r.status, body: await r.json() };
}

const text = (page, sel) => page.$eval(sel, (e) => e.textContent.trim());
const shot = (page, name) => page.screenshot({ path: path.join(OUT, name + ".png"), fullPage: false });

async function fill(page, values) {
  for (const [name, value] of Object.entries(values)) {
    const sel = `#in-${name}`;
    await page.waitForSelector(sel, { timeout: WAIT });
    const tag = await page.$eval(sel, (e) => e.tagName);
    if (tag === "SELECT") await page.select(sel, value);
    else {
      await page.$eval(sel, (e) => { e.value = ""; });
      await page.type(sel, value);
    }
  }
}

async function evaluate(page) {
  await page.$eval("#decision", (e) => e.replaceChildren());
  await page.click("#evaluate");
  await page.waitForSelector("#decision-values, #decision-error", { timeout: WAIT });
}

const valueOf = (page, output) => text(page, `#decision-values tr[data-output="${output}"] td`);

const browser = await puppeteer.launch({
  executablePath: CHROMIUM,
  headless: true,
  // As root (CI, containers) Chromium's sandbox cannot start; the page is our own, on 127.0.0.1.
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US", "--window-size=1600,1000"],
  defaultViewport: { width: 1600, height: 1000 },
});
const servers = [];
try {
  // 1. One policy, as a person would start it: `edict workbench policies/fujian/2020-14`.
  const one = await startServer("workbench", "policies/fujian/2020-14");
  servers.push(one);
  check("edict workbench prints a 127.0.0.1 address", /^http:\/\/127\.0\.0\.1:\d+\/$/.test(one.url), one.url);
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(one.url + "?lang=en", { waitUntil: "networkidle0" });
  await page.waitForSelector("#in-payment_month", { timeout: WAIT });
  check("the policy is listed and chosen", (await page.$eval("#policy", (e) => e.value)) === "2020-14");
  // Only the inputs benefit_suspended (the first output) needs are shown.
  const shown = await page.$$eval("[data-input]", (es) => es.map((e) => e.dataset.input));
  check("the form shows only the inputs the chosen output needs",
    shown.includes("missed_due_to_epidemic") && !shown.includes("monthly_pension"), shown);
  check("an input's doc string is shown as its help",
    (await text(page, '[data-field="missed_due_to_epidemic"] .help')).includes("because of the epidemic"));
  check("an enum is a choice of its cases", (await page.$eval("#in-missed_due_to_epidemic", (e) => e.tagName)) === "SELECT");
  // A second output: its inputs appear.
  await page.click('#outputs input[value="back_pay"]');
  await page.waitForSelector("#in-monthly_pension", { timeout: WAIT });
  check("choosing back_pay adds its inputs (money as text)",
    (await page.$eval("#in-monthly_pension", (e) => e.type + " " + e.inputMode)) === "text decimal");
  const fujian = { payment_month: "2020-03", certification_due: "2020-01-31", missed_due_to_epidemic: "true",
    epidemic_end: "2020-04-30", birth_date: "1960-01-10", sex: "male", scheme: "enterprise_employee",
    monthly_pension: "1765.43", first_payment_month: "2020-05" };
  await fill(page, fujian);
  await evaluate(page);
  const oracle = await api(one.url, "v1/eval", { outputs: ["benefit_suspended", "back_pay"],
    input: { ...fujian, missed_due_to_epidemic: true, certified_on: null } });
  check("/eval's own answer for the case", oracle.status === 200, JSON.stringify(oracle.body));
  check("the page shows the decision: benefit_suspended = false",
    (await valueOf(page, "benefit_suspended")) === String(oracle.body.output.benefit_suspended));
  check("money stays exact: back_pay = 5296.29 (3 × 1765.43)",
    (await valueOf(page, "back_pay")) === "5296.29" && oracle.body.output.back_pay === "5296.29",
    await valueOf(page, "back_pay"));
  const quote = "对于已领取待遇人员，因疫情影响未能在疫情期间按期办理资格认证的，在疫情结束前不暂停待遇的发放。";
  const quotes = await page.$$eval('#decision blockquote.quote[data-clause="一.1"] .quote-text', (es) => es.map((e) => e.textContent));
  check("the exception that applied is shown with §一.1 and the notice's sentence",
    quotes.some((q) => q.includes(quote)), quotes);
  check("the applied exception is marked applied",
    (await page.$$eval('#decision .definition[data-status="applied"] .status', (es) => es.map((e) => e.textContent))).includes("applied"));
  const marks = await page.$$eval("#notice mark.hit", (es) => es.map((e) => e.textContent));
  check("the notice beside it highlights the cited sentence", marks.join("").includes(quote.slice(0, 20)), marks);
  check("the tree holds no stray text (a missing citation list is nothing, not \"null\")",
    await page.$$eval("#decision details.rule", (ds) => ds.every((d) => [...d.childNodes].every((n) => n.nodeType !== 3))));
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, "fujian-decision");

  const notApplied = await page.$$eval('#decision .definition[data-status="not_evaluated"], #decision .definition[data-status="not_applicable"]', (es) => es.length);
  check("definitions that did not apply or were not evaluated are shown", notApplied > 0, notApplied);

  // Save the case, load it into a fresh page, evaluate again: the same decision.
  const downloads = fs.mkdtempSync(path.join(os.tmpdir(), "edict-wb-"));
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
  await page.click("#save");
  const saved = path.join(downloads, "case.json");
  for (let i = 0; i < 100 && !fs.existsSync(saved); ++i) await new Promise((r) => setTimeout(r, 100));
  let savedCase = null;
  try { savedCase = JSON.parse(fs.readFileSync(saved, "utf8")); } catch (e) { savedCase = null; }
  check("the case saves as JSON with money as exact text",
    savedCase && savedCase.input.monthly_pension === "1765.43" && savedCase.input.missed_due_to_epidemic === true
      && savedCase.outputs.includes("back_pay"), JSON.stringify(savedCase));
  await page.reload({ waitUntil: "networkidle0" });
  await page.waitForSelector("#in-payment_month", { timeout: WAIT });
  await (await page.$("#load")).uploadFile(saved);
  await page.waitForSelector("#in-monthly_pension", { timeout: WAIT });
  check("loading it fills the form", (await page.$eval("#in-monthly_pension", (e) => e.value)) === "1765.43");
  await evaluate(page);
  check("and evaluates to the same decision", (await valueOf(page, "back_pay")) === "5296.29");

  // A bad date: refused with the API's own message, at the field.
  await fill(page, { birth_date: "1960-02-30" });
  await evaluate(page);
  const bad = await api(one.url, "v1/eval", { outputs: ["benefit_suspended", "back_pay"],
    input: { ...fujian, birth_date: "1960-02-30", missed_due_to_epidemic: true, certified_on: null } });
  const shownError = await text(page, "#error-birth_date");
  check("a bad date gets the API's message at its field",
    bad.status === 422 && bad.body.error.field === "input.birth_date" && shownError === bad.body.error.message,
    `${shownError} | ${JSON.stringify(bad.body)}`);
  check("the field is marked invalid", await page.$eval('[data-field="birth_date"]', (e) => e.classList.contains("invalid")));
  await shot(page, "fujian-bad-date");

  // What a case carries is shown as text, never as markup.
  await fill(page, { birth_date: '<img src=x id=injected onerror="window.injected=1">' });
  await evaluate(page);
  check("text from the case is not made markup",
    (await page.$$("#injected")).length === 0 && (await text(page, "#error-birth_date")).includes("<img src=x"));
  await fill(page, { birth_date: "1960-01-10" });

  // The policy's tests.
  await page.click("#run-tests");
  await page.waitForSelector("#tests-summary", { timeout: 60000 });
  const tests = await api(one.url, "v1/policies/2020-14/tests");
  const summary = await text(page, "#tests-summary");
  check("the tests run and pass", summary === `${tests.body.passed} passed, 0 failed` && tests.body.passed > 10, summary);
  check("one row per test", (await page.$$("#tests-table tbody tr")).length === tests.body.tests.length);
  await page.$eval("#test-results", (e) => e.scrollIntoView());
  await shot(page, "fujian-tests");
  // A case line of the tests, tried in the form: the page's decision is what the line expects.
  const first = tests.body.tests.find((x) => x.where.endsWith(".jsonl:1"));
  await page.$eval("#decision", (e) => e.replaceChildren());
  await page.click("#test-results details > summary");  // the passing tests are folded away
  await page.click(`#tests-table tr[data-test="${first.name}"] button.try`);
  await page.waitForSelector("#decision-values, #decision-error", { timeout: WAIT });
  const tried = await Promise.all(first.expect.map((x) => valueOf(page, x.name)));
  check(`trying ${first.name} from the tests gives what it expects`,
    first.expect.every((x, i) => JSON.stringify(tried[i]) === JSON.stringify(String(JSON.parse(x.value)))), [tried, first.expect]);

  // 中文.
  await page.click("#lang");
  check("the interface switches to Chinese", (await text(page, "h1")) === "Edict 政策试算台"
    && (await text(page, "#evaluate")) === "判定" && (await text(page, "#tests-summary")).includes("个通过"),
    await text(page, "h1"));
  await evaluate(page);
  check("the decision in Chinese: 适用", (await page.$$eval('#decision .definition[data-status="applied"] .status', (es) => es.map((e) => e.textContent))).includes("适用"));
  await page.$eval("#decision-pane", (e) => e.scrollIntoView());
  await shot(page, "fujian-zh");
  await page.click("#lang");
  check("and back to English", (await text(page, "#evaluate")) === "Evaluate");
  check("no script errors on the page", pageErrors.length === 0, pageErrors);
  await page.close();

  // 2. All the policies: a retirement case, and two versions of the Fujian notice compared.
  const all = await startServer("serve", "policies", "--port", "0");
  servers.push(all);
  const p2 = await browser.newPage();
  p2.on("pageerror", (e) => pageErrors.push(e.message));
  await p2.goto(all.url + "?lang=en&policy=cn/retirement-2025&outputs=statutory_retirement_date,delay_months",
    { waitUntil: "networkidle0" });
  await p2.waitForSelector("#in-birth_date", { timeout: WAIT });
  const woman = { birth_date: "1975-03-15", sex: "female", scheme: "enterprise_employee", female_position: "worker" };
  await fill(p2, woman);
  await evaluate(p2);
  const r = await api(all.url, "v1/policies/cn/retirement-2025/eval", { outputs: ["statutory_retirement_date", "delay_months"], input: woman });
  check("a woman worker born March 1975: the page's retirement date is /eval's",
    (await valueOf(p2, "statutory_retirement_date")) === r.body.output.statutory_retirement_date
      && r.body.output.statutory_retirement_date === "2025-05-15", JSON.stringify(r.body));
  const rq = await p2.$$eval("#decision blockquote.quote .quote-text", (es) => es.map((e) => e.textContent));
  check("its explanation quotes the decision's sentences", rq.some((q) => q.includes("女职工")), rq.slice(0, 3));
  check("and the notice highlights them", (await p2.$$("#notice mark.hit")).length > 0);
  // A condition that was false says why not: delay_months' case for births before 1965 did not apply.
  const whyNot = await p2.$$eval('#decision .definition[data-status="not_applicable"] .why-not',
    (es) => es.map((e) => e.textContent));
  check("a definition that did not apply shows the condition that failed, with its values",
    whyNot.some((w) => w.startsWith("the condition that failed") && w.includes("month_of(birth_date) < first_birth_month = false")),
    whyNot.slice(0, 2));
  await p2.evaluate(() => window.scrollTo(0, 0));
  await shot(p2, "retirement-decision");

  await p2.select("#policy", "fujian/2020-14");
  await p2.waitForSelector("#in-payment_month", { timeout: WAIT });
  await fill(p2, { payment_month: "2020-07", certification_due: "2020-01-31", missed_due_to_epidemic: "true", epidemic_end: "2020-05-31" });
  check("the amended version is offered for comparison", (await p2.$eval("#compare-with", (e) => e.value)) === "fujian/2020-14-press-release");
  await p2.click("#compare");
  await p2.waitForSelector("#compare-table", { timeout: WAIT });
  const row = await p2.$$eval('#compare-table tr[data-output="benefit_suspended"] td', (es) => es.map((e) => e.textContent));
  check("compared: suspended under the notice, not under the press-release reading",
    row[0] === "true" && row[1] === "false" && (await p2.$('#compare-table tr[data-output="benefit_suspended"].differs')) !== null, row);
  await p2.$eval("#comparison", (e) => e.scrollIntoView());
  await shot(p2, "fujian-compare");
  check("no script errors on the page", pageErrors.length === 0, pageErrors);
} catch (e) {
  check("the flows ran to the end", false, e.stack);
} finally {
  await browser.close();
  for (const s of servers) check(`${s.proc.spawnargs[1]} stops with status 0`, (await stop(s)) === 0);
}
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed (screenshots in ${OUT})`);
process.exit(results.length && passed === results.length ? 0 : 1);
