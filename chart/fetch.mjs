#!/usr/bin/env node
// The milvus chart archive the tests render and serve (`mvn -B verify`, e2e/run, e2e/try-local), obtained as a user's
// machine would and checked against the SHA-256 pinned in chart/milvus.sha256 before anything uses it.
//
//   node chart/fetch.mjs [--link PATH]     prints the path of a verified copy; --link also points PATH at it
//
// The chart is Pulumi.yaml's defaults: `milvus` at chartVersion, from chartRepository. Where it comes from, first hit:
//   1. $MILVUS_CHART_TGZ (that file and nothing else),
//   2. ../shared/charts/milvus-<version>.tgz beside the repository,
//   3. the cache, ${MILVUS_CHART_CACHE:-${XDG_CACHE_HOME:-~/.cache}/milvus-gke-l7/charts}/milvus-<version>.tgz,
//   4. a download into that cache from $MILVUS_CHART_REPOSITORY (a mirror), else chartRepository's default: its
//      index.yaml names the archive's URL, as for `helm repo add` + `helm pull`.
// Every copy is checked against the pinned digest: a mismatch stops (exit 1) naming both digests, and a downloaded
// copy that does not match is not kept. Node built-ins only: it runs before `npm ci`.
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CHART = "milvus";
const PIN_FILE = path.join(ROOT, "chart", "milvus.sha256");
const DOWNLOAD_TIMEOUT_MS = 120_000;

class ChartError extends Error {}

/** A key's `default:` in Pulumi.yaml's config section (the project file is the one definition of the defaults). */
export function pulumiDefault(pulumiYaml, key) {
    const block = pulumiYaml.match(new RegExp(`^  ${key}:\\n((?:    .*\\n)+)`, "m"));
    const value = block && block[1].match(/^    default:\s*(.+?)\s*$/m);
    if (!value) {
        throw new ChartError(`Pulumi.yaml declares no default for ${key}`);
    }
    return value[1].replace(/^["']|["']$/g, "");
}

/** The pinned digest of an archive file name, from a sha256sum-format file. */
export function pinnedDigest(pins, file) {
    for (const line of pins.split("\n")) {
        const m = line.match(/^([0-9a-f]{64})\s+\*?(\S+)\s*$/);
        if (m && m[2] === file) {
            return m[1];
        }
    }
    return undefined;
}

/**
 * The URL of <chart> <version> in a Helm repository's index.yaml (the layout `helm repo index` writes and chart
 * repositories serve), resolved against the repository URL when relative.
 */
export function archiveUrl(indexYaml, chart, version, repository) {
    const lines = indexYaml.split("\n");
    let inEntries = false;
    let inChart = false;
    let entry = null;
    const entries = [];
    let inUrls = false;
    for (const line of lines) {
        if (/^\S/.test(line)) {
            inEntries = line.startsWith("entries:");
            inChart = false;
            continue;
        }
        if (!inEntries) {
            continue;
        }
        const chartName = line.match(/^  (\S[^:]*):\s*$/);
        if (chartName) {
            inChart = unquote(chartName[1]) === chart;
            entry = null;
            continue;
        }
        if (!inChart) {
            continue;
        }
        const item = line.match(/^  - (.*)$/);
        if (item) {
            entry = { urls: [], version: undefined };
            entries.push(entry);
            inUrls = false;
        }
        // An entry's fields are at indent 4 (the first one on the `  - ` line); its urls list items at 4 or 6.
        const listItem = line.match(/^ {4}(?:  )?- (.+)$/);
        if (entry && inUrls && listItem) {
            entry.urls.push(unquote(listItem[1].trim()));
            continue;
        }
        const field = item ? item[1] : (line.match(/^    ([A-Za-z]\S*:.*)$/) || [])[1];
        if (!entry || field === undefined) {
            continue;
        }
        const kv = field.match(/^([A-Za-z]+):\s*(.*)$/);
        if (!kv) {
            continue;
        }
        inUrls = kv[1] === "urls";
        if (kv[1] === "version") {
            entry.version = unquote(kv[2].trim());
        }
        if (inUrls && kv[2].trim().startsWith("[")) {
            entry.urls.push(...kv[2].trim().slice(1, -1).split(",").map((u) => unquote(u.trim())).filter(Boolean));
        }
    }
    const match = entries.find((e) => e.version === version && e.urls.length > 0);
    if (!match) {
        return undefined;
    }
    const base = repository.endsWith("/") ? repository : `${repository}/`;
    return new URL(match.urls[0], base).toString();
}

function unquote(s) {
    return s.replace(/^(["'])(.*)\1$/, "$2");
}

function sha256(buffer) {
    return createHash("sha256").update(buffer).digest("hex");
}

function checked(file, expected, source, remedy) {
    const actual = sha256(fs.readFileSync(file));
    if (actual !== expected) {
        throw new ChartError(`${source} ${file} is not the pinned chart: its SHA-256 is ${actual}, chart/milvus.sha256 pins ` +
            `${expected}. ${remedy}`);
    }
    return file;
}

async function download(url) {
    const response = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) {
        throw new Error(`HTTP ${response.status} ${response.statusText}`);
    }
    return Buffer.from(await response.arrayBuffer());
}

function cacheDir(env) {
    if (env.MILVUS_CHART_CACHE) {
        return path.resolve(env.MILVUS_CHART_CACHE);
    }
    const base = env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache");
    return path.join(base, "milvus-gke-l7", "charts");
}

/** The path of a verified copy of the pinned chart; throws ChartError with what to do when there is none. */
export async function obtainChart(env = process.env, log = (m) => process.stderr.write(`${m}\n`)) {
    const pulumiYaml = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
    const version = pulumiDefault(pulumiYaml, "chartVersion");
    const defaultRepository = pulumiDefault(pulumiYaml, "chartRepository");
    const file = `${CHART}-${version}.tgz`;
    const expected = pinnedDigest(fs.readFileSync(PIN_FILE, "utf8"), file);
    if (!expected) {
        throw new ChartError(`chart/milvus.sha256 pins no digest for ${file} (Pulumi.yaml's chartVersion default is ${version}): ` +
            `add its line (sha256sum ${file}) after checking the archive`);
    }
    const repository = env.MILVUS_CHART_REPOSITORY || defaultRepository;
    const howToGet = `Get ${file} (SHA-256 ${expected}) one of these ways: set MILVUS_CHART_TGZ to a copy of it; put it in ` +
        `${path.resolve(ROOT, "..", "shared", "charts")}; or let the tests download it from a Helm repository that serves it ` +
        `(MILVUS_CHART_REPOSITORY=<url of a mirror>, default ${defaultRepository}).`;
    if (env.MILVUS_CHART_TGZ) {
        const given = path.resolve(env.MILVUS_CHART_TGZ);
        if (!fs.existsSync(given)) {
            throw new ChartError(`MILVUS_CHART_TGZ is ${env.MILVUS_CHART_TGZ}, which does not exist. ${howToGet}`);
        }
        return checked(given, expected, "MILVUS_CHART_TGZ", `Point MILVUS_CHART_TGZ at the pinned ${file}, or unset it.`);
    }
    const shared = path.resolve(ROOT, "..", "shared", "charts", file);
    if (fs.existsSync(shared)) {
        return checked(shared, expected, "the shared copy", `Replace it with the pinned ${file}.`);
    }
    const cache = cacheDir(env);
    const cached = path.join(cache, file);
    if (fs.existsSync(cached)) {
        return checked(cached, expected, "the cached copy", `Delete it (the next run downloads it again from ${repository}).`);
    }
    log(`chart: downloading ${file} from ${repository} into ${cache}`);
    const indexUrl = new URL("index.yaml", repository.endsWith("/") ? repository : `${repository}/`).toString();
    let url;
    try {
        url = archiveUrl((await download(indexUrl)).toString("utf8"), CHART, version, repository);
    } catch (e) {
        throw new ChartError(`cannot read the chart repository's ${indexUrl}: ${e.cause?.message ?? e.message}. ${howToGet}`);
    }
    if (!url) {
        throw new ChartError(`the chart repository ${repository} has no ${CHART} ${version}. ${howToGet}`);
    }
    let archive;
    try {
        archive = await download(url);
    } catch (e) {
        throw new ChartError(`cannot download ${url}: ${e.cause?.message ?? e.message}. ${howToGet}`);
    }
    const actual = sha256(archive);
    if (actual !== expected) {
        throw new ChartError(`${url} is not the pinned chart: its SHA-256 is ${actual}, chart/milvus.sha256 pins ${expected}. ` +
            `Nothing was kept. Use a repository that serves the pinned archive (MILVUS_CHART_REPOSITORY), or MILVUS_CHART_TGZ.`);
    }
    fs.mkdirSync(cache, { recursive: true });
    const partial = `${cached}.${process.pid}.part`;
    fs.writeFileSync(partial, archive);
    fs.renameSync(partial, cached);
    log(`chart: ${cached} (SHA-256 ${actual}, as pinned)`);
    return cached;
}

async function main(argv) {
    let link;
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--link" && i + 1 < argv.length) {
            link = path.resolve(argv[++i]);
        } else {
            process.stderr.write("usage: node chart/fetch.mjs [--link PATH]\n");
            return 2;
        }
    }
    try {
        const chart = await obtainChart();
        if (link) {
            fs.mkdirSync(path.dirname(link), { recursive: true });
            fs.rmSync(link, { force: true });
            fs.symlinkSync(chart, link);
        }
        process.stdout.write(`${chart}\n`);
        return 0;
    } catch (e) {
        if (e instanceof ChartError) {
            process.stderr.write(`milvus chart: ${e.message}\n`);
            return 1;
        }
        throw e;
    }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
    process.exitCode = await main(process.argv.slice(2));
}
