// Drives a real VS Code (code-server) in Debian's Chromium through
// playwright-core: opens a Markdown file with a misspelt name and unhedged
// claims, waits for copydesk's squiggles, reads the Problems panel, applies
// quick fixes through the light-bulb menu, checks the text, and saves a
// screenshot. Started by run.sh, which sets these variables:
//   CODE_SERVER_URL  the code-server address (workspace already open)
//   WORKSPACE        the workspace folder (story.md inside)
//   SCREENSHOT       where to save the screenshot
//   PROFILE_DIR      a fresh Chromium --user-data-dir
//   CHROMIUM         the browser (default /usr/bin/chromium)
import { chromium } from "playwright-core";
import fs from "node:fs";
import path from "node:path";

const url = process.env.CODE_SERVER_URL;
const workspace = process.env.WORKSPACE;
const screenshot = process.env.SCREENSHOT;
const profile = process.env.PROFILE_DIR;
const story = path.join(workspace, "story.md");
const mode = process.env.MODE || "editor";

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok   - [${mode}] ${name}`);
  } else {
    failed++;
    console.log(`FAIL - [${mode}] ${name}${detail === undefined ? "" : `: ${detail}`}`);
  }
  return ok;
}

const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1440, height: 900 },
});
const page = context.pages()[0] ?? (await context.newPage());
page.setDefaultTimeout(30_000);

async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-widget .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ state: "visible" });
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden" }).catch(() => {});
}

async function goTo(line, column) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await page.locator(".quick-input-widget").waitFor({ state: "hidden" }).catch(() => {});
}

// Clicks the light bulb at the cursor (Ctrl+. if it does not show) and picks
// the action whose title contains `title`; returns the menu's action titles.
async function quickFix(title, shot) {
  const menu = page.locator(".action-widget:not(.action-list-submenu-panel):visible");
  const bulb = page.locator(".monaco-editor .lightBulbWidget:visible").first();
  if (await bulb.waitFor({ state: "visible", timeout: 10_000 }).then(() => true, () => false)) {
    await bulb.click();
  }
  if (!(await menu.waitFor({ state: "visible", timeout: 5_000 }).then(() => true, () => false))) {
    await page.keyboard.press("Control+.");
    await menu.waitFor({ state: "visible" });
  }
  const item = menu.locator(".monaco-list-row.action", { hasText: title }).first();
  await item.waitFor({ state: "visible" });
  const titles = await menu.locator(".monaco-list-row.action").allInnerTexts();
  if (shot) {
    await page.mouse.move(0, 0);
    await page.screenshot({ path: shot });
  }
  await item.click();
  await menu.waitFor({ state: "hidden" });
  return titles.map((t) => t.trim());
}

async function fileText() {
  await page.keyboard.press("Control+S");
  const before = fs.readFileSync(story, "utf8");
  for (let i = 0; i < 50; i++) {
    await page.waitForTimeout(100);
    const now = fs.readFileSync(story, "utf8");
    if (now !== before) return now;
  }
  return fs.readFileSync(story, "utf8");
}

try {
  await page.goto(url);
  await page.locator(".monaco-workbench").waitFor({ state: "visible", timeout: 120_000 });
  check("VS Code (code-server) opens the workspace", true);

  // Open story.md through Quick Open.
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill("story.md");
  await page.locator(".quick-input-widget .monaco-list-row", { hasText: "story.md" }).first().waitFor();
  await page.keyboard.press("Enter");
  await page.locator(".monaco-editor .view-lines", { hasText: "Trade talks stall" }).waitFor();
  check("story.md opens in an editor", true);

  if (mode === "missing") {
    const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "copydesk binary was not found" }).first();
    await toast.waitFor({ state: "visible", timeout: 30_000 });
    const message = (await toast.innerText()).replace(/\s+/g, " ");
    console.log("Missing-binary message: " + message);
    check("a missing binary gives a clear error naming where it looked",
      message.includes("/nonexistent/copydesk") && message.includes("copydesk.path"), message);
    check("the error offers the install instructions",
      (await toast.locator(".monaco-button", { hasText: "Install instructions" }).count()) === 1, message);
    check("the error offers to set copydesk.path",
      (await toast.locator(".monaco-button", { hasText: "Set copydesk.path" }).count()) === 1, message);
    throw "done";
  }

  if (mode === "glossary") {
    // copydesk.glossaryPath names house/names.toml, which switches
    // claim.booster off: the name is flagged, "Clearly" is not.
    await page.locator(".monaco-editor .squiggly-warning").first().waitFor({ timeout: 60_000 });
    await runCommand("View: Focus Problems");
    const panel = page.locator(".markers-panel");
    await panel.locator(".monaco-list-row", { hasText: "Okonjo-Iwaela" }).first().waitFor();
    await page.waitForTimeout(2000);
    const problems = (await panel.locator(".monaco-list-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
    console.log("Problems panel with glossaryPath:\n  " + problems.join("\n  "));
    check("with glossaryPath the misspelt name is still flagged",
      problems.some((p) => p.includes("entity.variant")), JSON.stringify(problems));
    check("with glossaryPath the house file's rules apply (no claim.booster)",
      !problems.some((p) => p.includes("claim.booster")), JSON.stringify(problems));
    throw "done";
  }

  // Squiggles: entity.variant is a warning, claim.booster information.
  await page.locator(".monaco-editor .squiggly-warning").first().waitFor({ timeout: 60_000 });
  await page.locator(".monaco-editor .squiggly-info").first().waitFor({ timeout: 30_000 });
  const warnings = await page.locator(".monaco-editor .squiggly-warning").count();
  const infos = await page.locator(".monaco-editor .squiggly-info").count();
  check(`squiggles appear (${warnings} warning, ${infos} information)`, warnings >= 1 && infos >= 1);

  // The Problems panel.
  await runCommand("View: Focus Problems");
  const panel = page.locator(".markers-panel");
  await panel.locator(".monaco-list-row", { hasText: "Okonjo-Iwaela" }).first().waitFor();
  await panel.locator(".monaco-list-row", { hasText: "Clearly" }).first().waitFor();
  const problems = (await panel.locator(".monaco-list-row").allInnerTexts()).map((t) => t.replace(/\s+/g, " ").trim());
  console.log("Problems panel:\n  " + problems.join("\n  "));
  check("Problems panel lists the misspelt name (entity.variant)",
    problems.some((p) => p.includes('"Okonjo-Iwaela" looks like a misspelling of "Okonjo-Iweala"') && p.includes("entity.variant")),
    JSON.stringify(problems));
  check("Problems panel lists the booster (claim.booster)",
    problems.some((p) => p.includes('"Clearly"') && p.includes("claim.booster")), JSON.stringify(problems));
  check("every copydesk problem names its source",
    problems.filter((p) => p.includes("copydesk")).length >= 2, JSON.stringify(problems));
  const link = panel.locator("a", { hasText: "entity.variant" }).first();
  const href = (await link.count()) > 0
    ? (await link.getAttribute("href")) || (await link.getAttribute("title")) || ""
    : "";
  check("the rule id links to its documentation", href.includes("docs/rules/entity.variant.md"), href);

  // Quick fix through the light bulb at "Clearly" (line 4).
  await page.locator(".monaco-editor .view-lines").first().click();
  await goTo(4, 3);
  const titles = await quickFix('Remove "Clearly"', screenshot);
  console.log(`screenshot: ${screenshot}`);
  console.log("Quick fixes at \"Clearly\": " + JSON.stringify(titles));
  check("the light bulb offers Remove \"Clearly\" first (preferred)",
    titles.length > 0 && titles[0].includes('Remove "Clearly"'), JSON.stringify(titles));
  let text = await fileText();
  check("Remove \"Clearly\" gives \"The talks have failed.\"",
    text.split("\n")[3] === "The talks have failed.", JSON.stringify(text.split("\n")[3]));

  // Quick fix on the misspelt name (line 12).
  const line12 = text.split("\n")[11];
  await goTo(12, line12.indexOf("Okonjo-Iwaela") + 3);
  const nameFixes = await quickFix("Okonjo-Iweala");
  console.log("Quick fixes at \"Okonjo-Iwaela\": " + JSON.stringify(nameFixes));
  text = await fileText();
  check("the name quick fix gives Okonjo-Iweala",
    text.split("\n")[11] === "Later in the week, Okonjo-Iweala is expected to meet ministers from Nigeria and Niger.",
    JSON.stringify(text.split("\n")[11]));
  await panel.locator(".monaco-list-row", { hasText: "Okonjo-Iwaela" }).first().waitFor({ state: "detached" });
  check("the fixed findings leave the Problems panel", true);

  // Palette commands.
  const line9 = text.split("\n")[8];
  await goTo(9, line9.indexOf("Diallo-Whitfield") + 3);
  await runCommand("copydesk: Add to glossary");
  const box = page.locator(".quick-input-widget input");
  await box.waitFor({ state: "visible" });
  const proposed = await box.inputValue();
  check("Add to glossary proposes the name under the cursor", proposed === "Diallo-Whitfield", proposed);
  await page.keyboard.press("Enter");
  const toml = path.join(workspace, "copydesk.toml");
  let written = "";
  for (let i = 0; i < 50 && !written.includes("Diallo-Whitfield"); i++) {
    await page.waitForTimeout(100);
    written = fs.existsSync(toml) ? fs.readFileSync(toml, "utf8") : "";
  }
  check("Add to glossary writes copydesk.toml", written.includes("Diallo-Whitfield"), written);

  await runCommand("copydesk: Check workspace");
  const toast = page.locator(".notifications-toasts .notification-toast", { hasText: "copydesk" }).first();
  const shown = await toast.waitFor({ state: "visible", timeout: 10_000 }).then(() => true, () => false);
  const message = shown ? (await toast.innerText()).replace(/\s+/g, " ") : "";
  console.log("Check workspace: " + (message || "(no message)"));
  check("Check workspace runs or says clearly why not", shown && message.includes("copydesk"), message);

  const logs = () => {
    const found = [];
    const walk = (dir) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith("copydesk.log")) found.push(fs.readFileSync(full, "utf8"));
      }
    };
    walk(path.join(process.env.USER_DATA_DIR, "logs"));
    return found.join("\n");
  };
  const starts = () => (logs().match(/^starting /gm) || []).length;
  const before = starts();
  await runCommand("copydesk: Restart server");
  let after = before;
  for (let i = 0; i < 100 && after <= before; i++) {
    await page.waitForTimeout(100);
    after = starts();
  }
  await page.waitForTimeout(1000);
  await page.locator(".monaco-editor .squiggly-info").first().waitFor({ timeout: 30_000 });
  check("Restart server starts a new server, and the diagnostics are back", after > before, `${before} -> ${after}`);
} catch (error) {
  if (error === "done") {
    // the missing-binary and glossary runs end early
  } else {
  check("no step failed or timed out", false, error && error.stack ? error.stack : String(error));
  await page.screenshot({ path: screenshot.replace(/\.png$/, `-${mode}-failure.png`) }).catch(() => {});
  }
} finally {
  await context.close();
}
console.log(`vscode-${mode}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
