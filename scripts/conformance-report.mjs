// Maps the conformance suite's results onto Kubernetes' list of conformance behaviours
// (conformance/upstream/conformance.yaml) and prints a table per SIG. Our tests are named with the
// upstream codename they cover; a behaviour counts as covered only when a test carries its
// codename, and as passing only when every test carrying it passed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** Why whole areas are not covered yet: reported next to the uncovered codenames. */
const REASONS = [
  [/CustomResource|CRD|\bCR\b|custom resource/i, 'CustomResourceDefinitions are served in a later issue'],
  [/[Ww]ebhook/, 'admission webhooks need pods serving HTTPS (not available yet)'],
  [/Aggregator|sample-apiserver/i, 'API aggregation is not implemented'],
  [/^\[sig-storage\]/, 'volumes (ConfigMap/Secret/projected/emptyDir/PV) are not mounted into simulated pods yet'],
  [/^\[sig-network\]/, 'Services, DNS and kube-proxy are not implemented yet'],
  [/^\[sig-scheduling\]/, 'the scheduler issue is not finished'],
  [/^\[sig-apps\]/, 'the controller-manager issue is not finished'],
  [/^\[sig-node\]/, 'pods do not run yet (node agent issue)'],
  [/^\[sig-cli\]/, 'needs running pods and patch/apply (later issues)'],
  [/^\[sig-auth\]/, 'authentication and RBAC are a later issue'],
];

function reason(codename) {
  for (const [re, why] of REASONS) if (re.test(codename)) return why;
  return 'not yet covered by a test';
}

function results(tapFile) {
  const out = new Map();
  for (const line of readFileSync(tapFile, 'utf8').split('\n')) {
    const m = /^\s*(not ok|ok) \d+ - (.*?)(?: # .*)?$/.exec(line);
    if (!m) continue;
    const name = m[2].replace(/\\#/g, '#').replace(/\\\\/g, '\\');
    if (!name.endsWith('[Conformance]')) continue;
    const pass = m[1] === 'ok';
    out.set(name, (out.get(name) ?? true) && pass);
  }
  return out;
}

export function writeReport(tapFile, conformanceDir) {
  const upstream = parse(readFileSync(path.join(conformanceDir, 'upstream', 'conformance.yaml'), 'utf8'));
  const got = results(tapFile);
  const bySig = new Map();
  const failing = [];
  const uncovered = [];
  for (const t of upstream) {
    const sig = /^\[(sig-[a-z-]+)\]/.exec(t.codename)?.[1] ?? 'other';
    const row = bySig.get(sig) ?? { sig, upstream: 0, covered: 0, passing: 0 };
    row.upstream++;
    if (got.has(t.codename)) {
      row.covered++;
      if (got.get(t.codename)) row.passing++;
      else failing.push(t.codename);
    } else {
      uncovered.push({ codename: t.codename, reason: reason(t.codename) });
    }
    bySig.set(sig, row);
  }
  const rows = [...bySig.values()].sort((a, b) => a.sig.localeCompare(b.sig));
  const total = rows.reduce(
    (a, r) => ({ upstream: a.upstream + r.upstream, covered: a.covered + r.covered, passing: a.passing + r.passing }),
    { upstream: 0, covered: 0, passing: 0 },
  );
  const unknown = [...got.keys()].filter((n) => !upstream.some((t) => t.codename === n));
  const lines = [
    '',
    "Conformance (our own suite mapped onto upstream's list; not the upstream e2e binary)",
    `${'SIG'.padEnd(22)}${'upstream'.padStart(9)}${'covered'.padStart(9)}${'passing'.padStart(9)}`,
    ...rows.map(
      (r) => `${r.sig.padEnd(22)}${String(r.upstream).padStart(9)}${String(r.covered).padStart(9)}${String(r.passing).padStart(9)}`,
    ),
    `${'total'.padEnd(22)}${String(total.upstream).padStart(9)}${String(total.covered).padStart(9)}${String(total.passing).padStart(9)}`,
  ];
  if (failing.length) lines.push('', 'failing:', ...failing.map((f) => `  ${f}`));
  if (unknown.length) lines.push('', 'labels matching no upstream codename (fix the test name):', ...unknown.map((f) => `  ${f}`));
  lines.push('', `uncovered: ${uncovered.length} (listed with reasons in conformance/report/report.json)`);
  console.log(lines.join('\n'));
  writeFileSync(
    path.join(conformanceDir, 'report', 'report.json'),
    JSON.stringify({ generatedAt: new Date().toISOString(), bySig: rows, total, failing, uncovered, unknownLabels: unknown }, null, 2),
  );
}
