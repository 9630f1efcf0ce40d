import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { createServer } from "node:net";
import { expect, test } from "@playwright/test";

// `npm start` a second time on the same data directory: no migration, no re-seed, same data.
// A port the system picks, so parallel checkouts on one machine cannot collide.
const port = await new Promise<number>((resolve) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const address = probe.address();
    probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
  });
});
const dataDir = `.data/e2e-restart-${port}`;

function start(): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", DEMO_ADMIN_PASSWORD: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += String(d)));
  child.stderr!.on("data", (d) => (output += String(d)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 240_000);
    child.stdout!.on("data", () => {
      if (output.includes("Recovery Portal is running at")) {
        clearTimeout(timer);
        resolve({ child, output: () => output });
      }
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners("exit");
    child.on("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

test("a second start reuses the data: no migrations, no seed, the same figures", async ({ page }) => {
  test.setTimeout(480_000);
  rmSync(dataDir, { recursive: true, force: true });
  const first = await start();
  const figures = async () => {
    await page.goto(`http://127.0.0.1:${port}/`);
    return page.locator("[data-category]").allTextContents();
  };
  const before = await figures();
  await stop(first.child);
  expect(first.output()).toContain("Seeded 2000 accounts.");
  expect(first.output()).toContain("Applied migrations:");
  // The demo admin's password is random per data directory, printed at each start.
  const password = /Demo sign-in: admin@example\.com \/ (\S+)/.exec(first.output())?.[1];
  expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);

  const second = await start();
  const after = await figures();
  await stop(second.child);
  expect(second.output()).not.toContain("Seeded");
  expect(second.output()).not.toContain("Applied migrations");
  expect(second.output()).not.toContain("next build");
  expect(second.output()).toContain(`Demo sign-in: admin@example.com / ${password}`);
  expect(before.length).toBeGreaterThanOrEqual(6);
  expect(after).toEqual(before);
  rmSync(dataDir, { recursive: true, force: true });
});
