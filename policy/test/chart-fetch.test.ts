// chart/fetch.mjs as a clone with no ../shared runs it: against a local Helm repository (`helm repo index`, served on
// 127.0.0.1) standing in for the chart repository, with the real archive, a tampered one, a tampered cache, a
// repository that does not answer. Read as a user reads it: the exit code, the message, the files in the cache.
import { strict as assert } from "assert";
import { execFile } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as http from "http";
import { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { test } from "node:test";
import { chartSkipReason, chartTgz, helm, REPO_ROOT } from "./helm";

const PINS = fs.readFileSync(path.join(REPO_ROOT, "chart", "milvus.sha256"), "utf8");
const VERSION = (fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8").match(/^  chartVersion:\n(?:    .*\n)*?    default:\s*"?([^"\n]+)"?/m) ?? [])[1];
const FILE = `milvus-${VERSION}.tgz`;
const PINNED = (PINS.match(new RegExp(`^([0-9a-f]{64})\\s+${FILE.replace(/\./g, "\\.")}$`, "m")) ?? [])[1];
const skip = chartSkipReason();

/** A clone with no shared/ beside it: the fetcher, its pin file and Pulumi.yaml, in a directory of their own. */
function clone(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-fetch-"));
    const repo = path.join(dir, "repo");
    fs.mkdirSync(path.join(repo, "chart"), { recursive: true });
    for (const f of ["chart/fetch.mjs", "chart/milvus.sha256", "Pulumi.yaml"]) {
        fs.copyFileSync(path.join(REPO_ROOT, f), path.join(repo, f));
    }
    return repo;
}

/** A Helm chart repository on 127.0.0.1 serving `archive` as milvus-<version>.tgz, indexed by `helm repo index`. */
async function chartRepository(archive: Buffer): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-repo-"));
    fs.writeFileSync(path.join(dir, FILE), archive);
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
        requests.push(req.url ?? "");
        const file = path.join(dir, path.basename(req.url ?? ""));
        if (!fs.existsSync(file)) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts/`;
    helm(["repo", "index", dir, "--url", url]);
    return { url, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function fetchChart(repo: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("MILVUS_CHART_")));
    return new Promise((resolve) => {
        execFile(process.execPath, [path.join(repo, "chart", "fetch.mjs")], { env: { ...clean, ...env } }, (error, stdout, stderr) => {
            resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
        });
    });
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

test("the pinned chart version is Pulumi.yaml's chartVersion default, with a digest", () => {
    assert.ok(VERSION, "Pulumi.yaml declares a chartVersion default");
    assert.ok(PINNED, `chart/milvus.sha256 pins ${FILE}`);
});

test("no ../shared: downloaded once from the repository into the cache, checked, then reused", { skip }, async () => {
    const real = fs.readFileSync(chartTgz({ chart: "milvus", version: VERSION! }));
    assert.equal(sha256(real), PINNED, "the chart the tests use is the pinned one");
    const repo = clone();
    const cache = path.join(path.dirname(repo), "cache");
    const served = await chartRepository(real);
    const first = await fetchChart(repo, { MILVUS_CHART_REPOSITORY: served.url, MILVUS_CHART_CACHE: cache });
    await served.close();
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.stdout.trim(), path.join(cache, FILE));
    assert.equal(sha256(fs.readFileSync(path.join(cache, FILE))), PINNED);
    assert.deepEqual(served.requests, ["/charts/index.yaml", `/charts/${FILE}`]);
    // The repository is gone: the cached copy is used, without a request.
    const again = await fetchChart(repo, { MILVUS_CHART_REPOSITORY: served.url, MILVUS_CHART_CACHE: cache });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout.trim(), path.join(cache, FILE));
    assert.equal(served.requests.length, 2);
});

test("a tampered archive in the repository stops with both digests, and nothing is cached", { skip }, async () => {
    const tampered = Buffer.concat([fs.readFileSync(chartTgz({ chart: "milvus", version: VERSION! })), Buffer.from("x")]);
    const repo = clone();
    const cache = path.join(path.dirname(repo), "cache");
    const served = await chartRepository(tampered);
    const result = await fetchChart(repo, { MILVUS_CHART_REPOSITORY: served.url, MILVUS_CHART_CACHE: cache });
    await served.close();
    assert.equal(result.code, 1);
    assert.equal(result.stdout, "");
    assert.match(result.stderr, new RegExp(`\nmilvus chart: ${served.url}${FILE.replace(/\./g, "\\.")} is not the pinned chart: ` +
        `its SHA-256 is ${sha256(tampered)}, chart/milvus.sha256 pins ${PINNED}\\. Nothing was kept\\.`));
    assert.ok(!fs.existsSync(path.join(cache, FILE)), "no tampered copy in the cache");
});

test("a tampered copy in the cache or in MILVUS_CHART_TGZ stops with both digests", async () => {
    const repo = clone();
    const cache = path.join(path.dirname(repo), "cache");
    fs.mkdirSync(cache);
    fs.writeFileSync(path.join(cache, FILE), "not the chart");
    await Promise.all([
        fetchChart(repo, { MILVUS_CHART_CACHE: cache }).then((r) => {
            assert.equal(r.code, 1);
            assert.match(r.stderr, new RegExp(`the cached copy .*${FILE.replace(/\./g, "\\.")} is not the pinned chart: its SHA-256 is ` +
                `${sha256(Buffer.from("not the chart"))}, chart/milvus.sha256 pins ${PINNED}\\. Delete it`));
        }),
        fetchChart(repo, { MILVUS_CHART_TGZ: path.join(cache, FILE) }).then((r) => {
            assert.equal(r.code, 1);
            assert.match(r.stderr, /^milvus chart: MILVUS_CHART_TGZ .* is not the pinned chart: its SHA-256 is [0-9a-f]{64}, chart\/milvus.sha256 pins/);
        }),
    ]);
});

test("no chart anywhere and no repository: one message saying how to get it", async () => {
    const repo = clone();
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await fetchChart(repo, { MILVUS_CHART_REPOSITORY: `http://127.0.0.1:${port}/`, MILVUS_CHART_CACHE: path.join(path.dirname(repo), "cache") });
    assert.equal(result.code, 1);
    assert.equal(result.stderr.match(/^milvus chart:/gm)?.length, 1, result.stderr);
    assert.match(result.stderr, new RegExp(`^milvus chart: cannot read the chart repository's http://127\\.0\\.0\\.1:${port}/index\\.yaml: .*` +
        `Get ${FILE.replace(/\./g, "\\.")} \\(SHA-256 ${PINNED}\\) one of these ways: set MILVUS_CHART_TGZ .*MILVUS_CHART_REPOSITORY=`, "m"));
});
