import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");

/**
 * What a child process with the operator's NODE_ENV loads when it imports what `npm start`
 * imports first: React's server build, the env module's view of NODE_ENV, and process.env's.
 */
function probe(nodeEnv: string | undefined): { reactBuild: string[]; appNodeEnv: string; processNodeEnv: string } {
  const script = `
    await import(${JSON.stringify(path.join(root, "scripts/production-runtime.ts"))});
    await import(${JSON.stringify(path.join(root, "app/account/[token]/fast-path.tsx"))});
    const { env } = await import(${JSON.stringify(path.join(root, "lib/env.ts"))});
    const { createRequire } = await import("node:module");
    const cache = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify({
      reactBuild: cache.filter((k) => k.includes("react-dom-server.node.")).map((k) => path.basename(k)),
      appNodeEnv: env().NODE_ENV,
      processNodeEnv: process.env.NODE_ENV,
    }));`;
  const { NODE_ENV: _ours, ...rest } = process.env;
  const childEnv = (nodeEnv ? { ...rest, NODE_ENV: nodeEnv } : rest) as NodeJS.ProcessEnv;
  const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", `import path from "node:path";${script}`], {
    cwd: root,
    env: childEnv,
    encoding: "utf8",
  });
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

describe("scripts/production-runtime.ts (npm start, npm run worker)", () => {
  it("loads React's production server build when the operator set no NODE_ENV, and the app still sees the demo's default", () => {
    expect(probe(undefined)).toEqual({ reactBuild: ["react-dom-server.node.production.js"], appNodeEnv: "development", processNodeEnv: "production" });
  });

  it("keeps an operator's NODE_ENV", () => {
    expect(probe("production")).toMatchObject({ reactBuild: ["react-dom-server.node.production.js"], appNodeEnv: "production" });
    expect(probe("development")).toMatchObject({ reactBuild: ["react-dom-server.node.development.js"], appNodeEnv: "development" });
  });

  it("is the first import of both server scripts", () => {
    for (const script of ["scripts/start.ts", "scripts/worker.ts"]) {
      const firstImport = readFileSync(path.join(root, script), "utf8").match(/^import .*$/m)?.[0];
      expect(firstImport, script).toBe('import "./production-runtime";');
    }
  });
});
