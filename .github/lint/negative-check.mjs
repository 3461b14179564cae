#!/usr/bin/env node
// Proves the workflow lint catches errors: runs `node lint.mjs` on fixtures/broken.yml exactly as the
// `lint` script runs it on the real workflows, and asserts that it exits 1 and reports every planted error
// (and nothing else).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join('fixtures', 'broken.yml');

// Each planted error: the kind of finding and a part of its message.
const expected = [
  { kind: 'permissions', text: 'unknown permission scope "id-tokens"' },
  { kind: 'pin', text: 'action "actions/checkout@v4" is not pinned to a full commit SHA' },
  { kind: 'pin', text: 'has no exact version comment' },
  { kind: 'expression', text: '"github.event.pull_request.title" is potentially untrusted' },
  { kind: 'expression', text: 'property "stak" is not defined' },
  { kind: 'job-needs', text: 'needs job "buidl" which does not exist' },
];

const checks = [];
const check = (name, ok, detail = '') => {
  checks.push(ok);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${!ok && detail ? `\n     ${detail}` : ''}`);
};

// The plain run: its exit status is what makes `npm test` fail.
const plain = spawnSync(process.execPath, ['lint.mjs', fixture], { cwd: here, encoding: 'utf8' });
check(`lint.mjs exits 1 on ${fixture}`, plain.status === 1, `exit status ${plain.status}; stderr: ${plain.stderr.trim()}`);

// The same run with --json, to match each finding.
const run = spawnSync(process.execPath, ['lint.mjs', '--json', fixture], { cwd: here, encoding: 'utf8' });
let findings = [];
try {
  findings = JSON.parse(run.stdout);
} catch {
  check('lint.mjs --json prints the findings', false, `stdout: ${run.stdout.slice(0, 500)} stderr: ${run.stderr.trim()}`);
}
const unmatched = [...findings];
for (const e of expected) {
  const i = unmatched.findIndex((f) => f.kind === e.kind && f.message.includes(e.text));
  const found = i >= 0 ? unmatched.splice(i, 1)[0] : null;
  check(`reports [${e.kind}] ${e.text}${found ? ` (line ${found.line})` : ''}`, !!found,
    `not among: ${JSON.stringify(findings.map((f) => `${f.line}: [${f.kind}] ${f.message}`), null, 1)}`);
}
check('reports nothing else (the correctly pinned action passes)', unmatched.length === 0,
  unmatched.map((f) => `${f.line}:${f.column}: [${f.kind}] ${f.message}`).join('\n     '));

const failed = checks.filter((ok) => !ok).length;
console.log(`negative check: ${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
