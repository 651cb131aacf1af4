// The privacy scan of the browser suite (issue #9): every JSON answer a spec's pages (and its API set-up calls)
// receive, and every line of the e2e server's log, is scanned for unmasked mobile numbers and 18-character ID
// numbers. Plaintext is allowed only in the answer of a reveal route whose permission the signed-in user's roles
// hold; anywhere else it is a finding, and the e2e run fails. Results: test-results/privacy/<time>.json and
// privacy-latest.json. The patterns are the access runner's (reliability/access/checks.ts).
import fs from 'node:fs';
import path from 'node:path';

/** Mainland mobile numbers (11 digits, 13–19) and resident ID numbers, not inside longer runs of digits or Latin letters (hashes, tokens). */
export const MOBILE = /(?<![0-9A-Za-z])1[3-9][0-9]{9}(?![0-9A-Za-z])/g;
export const ID_NUMBER =
  /(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx](?![0-9A-Za-z])/g;

/** The routes whose answer carries plaintext on purpose, and the permission the viewer must hold. */
const REVEAL_ROUTES = [
  { pattern: /^\/api\/org\/people\/\d+\/reveal$/, permission: 'people:reveal' },
  { pattern: /^\/api\/misconduct\/\d+\/reveal$/, permission: 'misconduct:reveal' },
  { pattern: /^\/api\/requests\/\d+\/reveal-contact$/, permission: 'requests:reveal' },
];

/** Plaintext personal data in a text: the distinct matches. */
export function plaintextIn(text) {
  return [...new Set([...(text.match(MOBILE) ?? []), ...(text.match(ID_NUMBER) ?? [])])];
}

const state = {
  answers: 0,
  bytes: 0,
  logLines: 0,
  findings: [],
  users: new Map(),
  pending: new Set(),
  permissions: null,
};

/** Mask a finding for the report itself (the report must not become the leak). */
const masked = (value) => `${value.slice(0, 3)}****${value.slice(-4)}`;

/** The roles of each demo login, so that an answer is judged by the rights of the user who received it. */
export function knowLogins(logins) {
  for (const l of logins) state.users.set(l.username, l.roles ?? []);
}

async function permissionsOf(roles) {
  // Loaded when first needed: run.mjs has registered tsx by then, so the contracts' TypeScript imports.
  state.permissions ??= (await import('../contracts/roles.ts')).ROLE_PERMISSIONS;
  return new Set(roles.flatMap((r) => state.permissions[r] ?? []));
}

/** Scan one answer as the user who received it (null: not signed in). */
export async function scanAnswer({ test, user, method, url, status, text }) {
  state.answers += 1;
  state.bytes += text.length;
  const found = plaintextIn(text);
  if (!found.length) return;
  const pathname = new URL(url, 'http://x').pathname;
  const route = REVEAL_ROUTES.find((r) => r.pattern.test(pathname));
  if (route && status < 300 && user) {
    const held = await permissionsOf(state.users.get(user) ?? []);
    if (held.has(route.permission)) return;
  }
  for (const value of found) {
    state.findings.push({ test, user: user ?? 'anonymous', method, path: pathname, status, value: masked(value) });
  }
}

/** Watch a page's JSON answers; `userOf()` names the user signed in on that page at the time of the answer. */
export function watchPage(page, test, userOf) {
  page.on('response', (res) => {
    const type = res.headers()['content-type'] ?? '';
    if (!type.includes('json')) return;
    const user = userOf();
    const job = res
      .text()
      .then((text) =>
        scanAnswer({ test, user, method: res.request().method(), url: res.url(), status: res.status(), text }),
      )
      .catch(() => {}); // a body the browser no longer holds (redirect, closed page)
    state.pending.add(job);
    job.finally(() => state.pending.delete(job));
  });
}

/** Wait for the answers still being read (before a test's contexts close). */
export async function flushPrivacy() {
  await Promise.all([...state.pending]);
}

/** Scan one log line: no user may find plaintext there. */
function scanLogLine(line) {
  state.logLines += 1;
  for (const value of plaintextIn(line)) {
    state.findings.push({
      test: 'server log',
      user: null,
      method: '',
      path: `line ${state.logLines}`,
      status: 0,
      value: masked(value),
    });
  }
}

/** Scan a server's output as it is written (stdout and stderr), line by line. */
export function watchLog(stream) {
  let rest = '';
  stream.on('data', (chunk) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) scanLogLine(line);
  });
  stream.on('end', () => {
    if (rest) scanLogLine(rest);
    rest = '';
  });
}

/** Write the results; returns the number of findings. */
export function writePrivacyReport(root) {
  const dir = path.join(root, 'test-results', 'privacy');
  fs.mkdirSync(dir, { recursive: true });
  const result = {
    at: new Date().toISOString(),
    answers: state.answers,
    bytes: state.bytes,
    logLines: state.logLines,
    findings: state.findings,
  };
  const body = `${JSON.stringify(result, null, 2)}\n`;
  fs.writeFileSync(path.join(dir, `privacy-${result.at.replace(/[:.]/g, '-')}.json`), body);
  fs.writeFileSync(path.join(dir, 'privacy-latest.json'), body);
  return result;
}
