/**
 * `npm run test:faults [-- --quick] [--db pglite|pg|both] [--kills N] [--seed S]`: faults survived (issue #9).
 * Real server processes (`lianxin serve`) under a write load whose client keeps a ledger (reliability/ledger.ts):
 *   - kill -9 at a random instant, N times per database (quick 5, full 20), restart, check the ledger;
 *   - a second process opening the same embedded data folder is refused;
 *   - SIGTERM under load: answers are 2xx or 503, no connection reset, the exit is clean, the ledger holds;
 *   - backup → restore into a fresh data folder (key file copied): identical content;
 *   - full tier only: PostgreSQL restarted (`-m immediate`) under load (503 within a second, back within 10 s) and
 *     I/O errors injected with fiu-run (libfiu) into the embedded server's writes (the process stays up).
 * PostgreSQL: the database `lianxin_faults` on 127.0.0.1:5432 (FAULTS_DATABASE_URL), dropped and recreated.
 * Writes test-results/reliability/faults-*.json and a summary; exits 1 when any check fails.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { checkLedger, Ledger, type LedgerCheck, ledgerHolds, openTarget, runLoad, sendIntake } from './ledger.js';
import {
  argValue,
  CLI,
  cli,
  demoPassword,
  envFor,
  freePort,
  hasArg,
  killHard,
  login,
  ROOT,
  rng,
  type ServerProc,
  type Session,
  sleep,
  startServer,
  stopServer,
  type Target,
  writeResults,
} from './lib.js';

const quick = hasArg('--quick');
const dbArg = argValue('--db') ?? 'both';
const kills = Number(argValue('--kills') ?? (quick ? 5 : 20));
const seed = Number(argValue('--seed') ?? process.env.FAULTS_SEED ?? Date.now() % 1_000_000);
const pgUrl = process.env.FAULTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lianxin_faults';
const random = rng(seed);
const log = (line: string) => console.log(`[faults] ${line}`);

interface Scenario {
  name: string;
  db: 'pglite' | 'pg';
  ok: boolean;
  ms: number;
  detail: Record<string, unknown>;
}
const scenarios: Scenario[] = [];

const only = argValue('--only');

async function scenario(
  name: string,
  db: 'pglite' | 'pg',
  fn: () => Promise<{ ok: boolean } & Record<string, unknown>>,
) {
  if (only && !name.includes(only)) return;
  const started = performance.now();
  log(`${db}: ${name} …`);
  try {
    const { ok, ...detail } = await fn();
    scenarios.push({ name, db, ok, ms: Math.round(performance.now() - started), detail });
    log(`${db}: ${name} ${ok ? 'OK' : 'FAILED'} ${JSON.stringify(detail).slice(0, 600)}`);
  } catch (err) {
    scenarios.push({
      name,
      db,
      ok: false,
      ms: Math.round(performance.now() - started),
      detail: { error: String(err) },
    });
    log(`${db}: ${name} FAILED with ${String(err).slice(0, 2000)}`);
  }
}

/** A fresh target: a temporary data folder (PGlite), or lianxin_faults recreated (PostgreSQL); demo county, 0 requests. */
async function prepare(kind: 'pglite' | 'pg'): Promise<{ target: Target; divisions: string[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `lianxin-faults-${kind}-`));
  let target: Target = { kind, dataDir };
  if (kind === 'pg') {
    const admin = new pg.Client({ connectionString: new URL('/postgres', pgUrl).toString() });
    await admin.connect();
    const name = new URL(pgUrl).pathname.slice(1);
    if (!/^[a-z_][a-z0-9_]*$/.test(name) || name === 'test') throw new Error(`refusing database name ${name}`);
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
    await admin.end();
    target = { kind, dataDir, databaseUrl: pgUrl };
  }
  const seeded = cli(target, ['seed-demo', '--requests', '0']);
  if (seeded.status !== 0) throw new Error(`seed-demo failed: ${seeded.stderr}${seeded.stdout}`);
  const handle = await openTarget(target);
  try {
    const rows = await handle.db
      .selectFrom('division')
      .select('code')
      .where('level', '=', 'village')
      .orderBy('code')
      .limit(8)
      .execute();
    if (!rows.length) throw new Error('no village in the demo county');
    return { target, divisions: rows.map((r) => r.code) };
  } finally {
    await handle.close();
  }
}

async function check(target: Target, ledger: Ledger): Promise<LedgerCheck> {
  const handle = await openTarget(target);
  try {
    return await checkLedger(handle.db, ledger);
  } finally {
    await handle.close();
  }
}

/** After a restart: send every unacknowledged intake again with its key (the client's retry). */
async function retryPending(base: string, session: Session, ledger: Ledger, divisions: string[]) {
  let retried = 0;
  for (const e of ledger.entries.values()) {
    if (e.status !== 'pending') continue;
    retried++;
    await sendIntake(base, session, ledger, e, divisions[0]!);
  }
  return retried;
}

async function killSeries(kind: 'pglite' | 'pg', target: Target, divisions: string[]) {
  const ledger = new Ledger(`kill-${kind}-${seed}`);
  let server = await startServer(target);
  let session = await login(server.base, 'operator', demoPassword(target.dataDir, 'operator'));
  const iterations: Record<string, unknown>[] = [];
  let allOk = true;
  let worstRestartMs = 0;
  for (let i = 0; i < kills; i++) {
    const killAfter = Math.round(200 + random() * 1500);
    const load = runLoad(server.base, session, ledger, divisions, 8);
    await sleep(killAfter);
    await killHard(server);
    await load.stop();
    const c = await check(target, ledger);
    const restartStarted = performance.now();
    server = await startServer(target);
    const restartMs = Math.round(performance.now() - restartStarted);
    worstRestartMs = Math.max(worstRestartMs, restartMs);
    // The session survives a restart (it lives in the database); sign in again only if it did not.
    const probe = await fetch(`${server.base}/api/auth/me`, { headers: { cookie: session.cookie } });
    if (probe.status === 401) session = await login(server.base, 'operator', demoPassword(target.dataDir, 'operator'));
    const pendingBefore = c.pending;
    await retryPending(server.base, session, ledger, divisions);
    const ok = ledgerHolds(c) && ledger.count('pending') === 0;
    allOk &&= ok;
    iterations.push({
      i,
      killAfterMs: killAfter,
      restartMs,
      acknowledged: c.acknowledged,
      unacknowledged: pendingBefore,
      unacknowledgedPresent: c.pendingPresent,
      ok,
      ...(c.problems.length ? { problems: c.problems } : {}),
    });
    log(
      `${kind} kill ${i + 1}/${kills} after ${killAfter} ms: ${c.acknowledged} acknowledged, ${c.acknowledgedMissing} lost, ` +
        `${pendingBefore} in flight (${c.pendingPresent} present whole, ${c.pendingAbsent} absent), partial ${c.partial}, ` +
        `dup ${c.duplicateKeys}, chain ${c.auditChainOk ? 'ok' : 'BROKEN'}; restart ${restartMs} ms`,
    );
  }
  // A second process on the same embedded data folder, while this server holds it (the lock under the harness).
  if (kind === 'pglite')
    await scenario('second process on the same data folder', kind, () => secondProcess(target, server));
  await stopServer(server);
  const final = await check(target, ledger);
  // The CLI's own walk of the chain too (migrate first: a migration added to the tree during a long run is applied).
  cli(target, ['migrate']);
  const verify = cli(target, ['audit', 'verify']);
  const ok = allOk && ledgerHolds(final) && verify.status === 0;
  return {
    ok,
    kills,
    survived: iterations.filter((it) => it.ok).length,
    acknowledged: final.acknowledged,
    lost: final.acknowledgedMissing,
    different: final.acknowledgedDifferent,
    duplicates: final.duplicateKeys,
    partial: final.partial,
    auditEntries: final.auditEntries,
    auditVerifyCli: verify.status === 0 ? 'ok' : `exit ${verify.status}: ${verify.stdout}${verify.stderr}`,
    worstRestartMs,
    statuses: ledger.statuses,
    iterations,
  };
}

async function secondProcess(target: Target, server: ServerProc) {
  {
    const second = spawnSync(process.execPath, [CLI, 'serve', '--no-demo'], {
      cwd: ROOT,
      env: envFor(target, { PORT: String(await freePort()) }),
      encoding: 'utf8',
      timeout: 60_000,
    });
    const verify = cli(target, ['audit', 'verify']);
    const stillReady = (await fetch(`${server.base}/readyz`)).status;
    const refused = (r: { status: number | null; stderr: string; stdout: string }) =>
      r.status !== 0 && /in use by process|正被进程/.test(r.stderr + r.stdout);
    return {
      ok:
        refused({ status: second.status, stderr: second.stderr, stdout: second.stdout }) &&
        refused(verify) &&
        stillReady === 200,
      secondServeExit: second.status,
      secondServeMessage:
        (second.stderr + second.stdout).split('\n').find((l) => /in use/.test(l)) ?? second.stderr.slice(0, 300),
      cliExit: verify.status,
      firstServerReadyz: stillReady,
    };
  }
}

async function sigtermUnderLoad(kind: 'pglite' | 'pg', target: Target, divisions: string[]) {
  const ledger = new Ledger(`term-${kind}-${seed}`);
  const server = await startServer(target);
  const session = await login(server.base, 'operator', demoPassword(target.dataDir, 'operator'));
  const errors: Record<string, number> = {};
  let termAt = 0;
  let afterTerm = 0;
  const load = runLoad(server.base, session, ledger, divisions, 16, (r) => {
    if (r.error) errors[r.error] = (errors[r.error] ?? 0) + 1;
    if (termAt && r.at > termAt) afterTerm++;
  });
  await sleep(800 + Math.round(random() * 700));
  termAt = performance.now();
  const exit = await stopServer(server, 30_000);
  const closeMs = Math.round(performance.now() - termAt);
  await load.stop();
  const bad = Object.entries(ledger.statuses).filter(([s]) => s !== 'network' && Number(s) >= 500 && s !== '503');
  const c = await check(target, ledger);
  const restarted = await startServer(target);
  await stopServer(restarted);
  const resets = (errors.ECONNRESET ?? 0) + (errors.UND_ERR_SOCKET ?? 0);
  return {
    // Every request the clients sent is answered (2xx or 503) or refused at connect (ECONNREFUSED): none reset.
    ok:
      exit.code === 0 &&
      bad.length === 0 &&
      resets === 0 &&
      ledgerHolds(c) &&
      c.pendingPresent + c.pendingAbsent === c.pending,
    exitCode: exit.code,
    closeMs,
    statuses: ledger.statuses,
    clientErrors: errors,
    connectionResets: resets,
    answersAfterTerm: afterTerm,
    acknowledged: c.acknowledged,
    lost: c.acknowledgedMissing,
    unacknowledged: c.pending,
    restartClean: true,
    ...(c.problems.length ? { problems: c.problems } : {}),
  };
}

/** Rows, events and the audit chain of a database, hashed for a comparison. */
async function snapshot(target: Target) {
  const handle = await openTarget(target);
  try {
    const requests = await handle.db.selectFrom('request').selectAll().orderBy('id').execute();
    const events = await handle.db.selectFrom('requestEvent').selectAll().orderBy('id').execute();
    const audit = await handle.db.selectFrom('auditEntry').select(['id', 'hash']).orderBy('id').execute();
    const { sha256 } = await import('./ledger.js');
    return {
      requests: requests.length,
      requestsHash: sha256(JSON.stringify(requests)),
      events: events.length,
      eventsHash: sha256(JSON.stringify(events)),
      auditEntries: audit.length,
      auditLastHash: audit.at(-1)?.hash ?? '',
    };
  } finally {
    await handle.close();
  }
}

async function backupRestore(source: Target) {
  const before = await snapshot(source);
  const file = path.join(source.dataDir, '..', `${path.basename(source.dataDir)}-backup.tar.gz`);
  const backup = cli(source, ['backup', file]);
  if (backup.status !== 0) return { ok: false, step: 'backup', output: backup.stderr + backup.stdout };
  const fresh: Target = { kind: 'pglite', dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-faults-restored-')) };
  fs.copyFileSync(path.join(source.dataDir, 'lianxin.key'), path.join(fresh.dataDir, 'lianxin.key'));
  fs.copyFileSync(path.join(source.dataDir, 'demo-logins.json'), path.join(fresh.dataDir, 'demo-logins.json'));
  const restore = cli(fresh, ['restore', file]);
  if (restore.status !== 0) return { ok: false, step: 'restore', output: restore.stderr + restore.stdout };
  const after = await snapshot(fresh);
  const verify = cli(fresh, ['audit', 'verify']);
  // The restored instance serves, and decrypts what the original sealed (same key): a detail read works.
  const server = await startServer(fresh);
  let detailStatus = 0;
  try {
    const session = await login(server.base, 'operator', demoPassword(fresh.dataDir, 'operator'));
    const list = await fetch(`${server.base}/api/requests?pageSize=1`, { headers: { cookie: session.cookie } });
    const first = ((await list.json()) as { items?: { id: number }[] }).items?.[0];
    detailStatus = first
      ? (await fetch(`${server.base}/api/requests/${first.id}`, { headers: { cookie: session.cookie } })).status
      : 0;
  } finally {
    await stopServer(server);
  }
  const identical = JSON.stringify(before) === JSON.stringify(after);
  fs.rmSync(fresh.dataDir, { recursive: true, force: true });
  fs.rmSync(file, { force: true });
  return {
    ok: identical && verify.status === 0 && detailStatus === 200,
    identical,
    before,
    after,
    auditVerify: verify.status,
    restoredDetailStatus: detailStatus,
  };
}

/** Full tier: `pg_ctlcluster … restart -m immediate` under load; 503 within a second, recovered within 10 s. */
async function pgRestart(target: Target, divisions: string[]) {
  const version = fs.readdirSync('/etc/postgresql')[0];
  if (!version) return { ok: false, skipped: 'no /etc/postgresql cluster' };
  const ledger = new Ledger(`pgrestart-${seed}`);
  const server = await startServer(target);
  const session = await login(server.base, 'operator', demoPassword(target.dataDir, 'operator'));
  const results: { status: number | null; ms: number; at: number; error?: string }[] = [];
  const load = runLoad(server.base, session, ledger, divisions, 4, (r) => results.push(r));
  await sleep(1000);
  const restartAt = performance.now();
  // Asynchronously: the load client keeps measuring while PostgreSQL goes down and comes back.
  await new Promise<void>((resolve, reject) => {
    const p = spawn('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'restart', '-m', 'immediate'], {
      stdio: 'ignore',
    });
    p.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctlcluster exited with ${code}`))));
  });
  const restartedAt = performance.now();
  // Recovery: the first acknowledged intake sent after the restart began and answered after PostgreSQL was back.
  const deadline = performance.now() + 30_000;
  let recoveredAt = 0;
  while (performance.now() < deadline && !recoveredAt) {
    await sleep(100);
    const ok = results.find((r) => r.at > restartedAt && (r.status === 201 || r.status === 200));
    if (ok) recoveredAt = ok.at;
  }
  await load.stop();
  const serverAlive = server.proc.exitCode === null && server.proc.signalCode === null;
  const during = results.filter((r) => r.at >= restartAt && (recoveredAt === 0 || r.at <= recoveredAt));
  const failures = during.filter((r) => r.status !== 201 && r.status !== 200);
  const slowestFailureMs = Math.round(Math.max(0, ...failures.map((r) => r.ms)));
  const non503 = failures.filter((r) => r.status !== 503);
  await retryPending(server.base, session, ledger, divisions);
  await stopServer(server);
  const c = await check(target, ledger);
  const recoveryMs = recoveredAt ? Math.round(recoveredAt - restartedAt) : null;
  return {
    ok:
      slowestFailureMs <= 1000 && non503.length === 0 && recoveryMs !== null && recoveryMs <= 10_000 && ledgerHolds(c),
    pgRestartCommandMs: Math.round(restartedAt - restartAt),
    failuresDuringOutage: failures.length,
    slowestFailureMs,
    non503: non503.slice(0, 5),
    recoveryAfterPgBackMs: recoveryMs,
    serverAlive,
    serverErrors: server
      .output()
      .split('\n')
      .filter((l) => /unhandled error/.test(l))
      .slice(-3)
      .map((l) => l.replace(/"stack":"[^"]*"/, '').slice(0, 400)),
    ...(serverAlive ? {} : { serverOutputTail: server.output().slice(-1500) }),
    acknowledged: c.acknowledged,
    lost: c.acknowledgedMissing,
    ...(c.problems.length ? { problems: c.problems } : {}),
  };
}

/**
 * Full tier: I/O errors injected with fiu-run (libfiu) into the embedded server's writes, under 4 writing clients,
 * for 2 s, then off. Two faults, each on a fresh process:
 *   - `write`/`writev` failing with EIO (its log on stdout, its sockets): the process stays up, answers only 2xx,
 *     503 or 500 with the envelope, and takes intake again (201) once the fault is off;
 *   - `pwrite`/`pwritev` failing with EIO (PGlite's data files and write-ahead log): the process stays up (/healthz
 *     200) and answers intake cleanly — 201 if no write of the database failed, else 503 (the embedded database
 *     refuses further queries: PGlite was seen to spin for good after such a failure); restarted on the same data
 *     it takes intake again (201).
 * Both: no acknowledged intake lost, no partial record, the audit chain intact.
 */
async function ioErrors(target: Target, divisions: string[], fault: { name: string; points: string; errno: number }) {
  const fiuRun = spawnSync('which', ['fiu-run']).status === 0 && spawnSync('which', ['fiu-ctrl']).status === 0;
  if (!fiuRun) return { ok: true, skipped: 'fiu-run/fiu-ctrl not installed (apt-get install fiu-utils)' };
  const ledger = new Ledger(`fiu-${fault.name}-${seed}`);
  const port = await freePort();
  const proc = spawn('fiu-run', ['-x', process.execPath, CLI, 'serve', '--no-demo'], {
    cwd: ROOT,
    env: envFor(target, { PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout?.on('data', (b: Buffer) => {
    out = (out + b.toString()).slice(-10_000);
  });
  proc.stderr?.on('data', (b: Buffer) => {
    out = (out + b.toString()).slice(-10_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    proc.once('exit', (code, signal) => r({ code, signal })),
  );
  const base = `http://127.0.0.1:${port}`;
  const readyBy = Date.now() + 90_000;
  while (Date.now() < readyBy) {
    try {
      if ((await fetch(`${base}/readyz`)).status === 200) break;
    } catch {}
    await sleep(200);
  }
  const server: ServerProc = { proc, base, port, exited, output: () => out };
  const session = await login(base, 'operator', demoPassword(target.dataDir, 'operator'));
  const statuses: Record<string, number> = {};
  const load = runLoad(base, session, ledger, divisions, 4, (r) => {
    const k = String(r.status ?? r.error);
    statuses[k] = (statuses[k] ?? 0) + 1;
  });
  await sleep(2500); // some acknowledged writes before the faults
  const fiuCtl = (cmd: string) => spawnSync('fiu-ctrl', ['-c', cmd, String(proc.pid)], { encoding: 'utf8' });
  const on = fiuCtl(`enable_random name=${fault.points},probability=0.5,failinfo=${fault.errno}`);
  await sleep(2000);
  fiuCtl(`disable name=${fault.points}`);
  await sleep(1500);
  await load.stop();
  const alive = () => proc.exitCode === null && proc.signalCode === null;
  const aliveAfter = alive();
  const exitAfterFaults = aliveAfter ? null : { code: proc.exitCode, signal: proc.signalCode };
  let healthAfter = 0;
  let intakeAfter: number | null = null;
  let intakeAfterCode: string | undefined;
  if (aliveAfter) {
    healthAfter = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
      (r) => r.status,
      () => 0,
    );
    const entry = ledger.next((n) => `故障注入之后的诉求，第${n}件，应当正常受理或明确拒绝`);
    const res = await fetch(`${base}/api/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
      body: JSON.stringify({
        channel: 'hotline',
        type: 'complaint',
        body: entry.body,
        divisionCode: divisions[0],
        idempotencyKey: entry.key,
      }),
      signal: AbortSignal.timeout(10_000),
    }).catch(() => null);
    intakeAfter = res?.status ?? null;
    if (res) {
      const json = (await res.json().catch(() => ({}))) as { id?: number; number?: string; error?: { code: string } };
      intakeAfterCode = json.error?.code;
      if (res.status === 201 && json.id !== undefined) {
        entry.status = 'ack';
        entry.id = json.id;
        if (json.number) entry.number = json.number;
      }
    }
  }
  const stopped = aliveAfter ? await stopServer(server) : await Promise.race([exited, sleep(5000).then(() => null)]);
  // Restarted on the same data (after a crash, or after the embedded database refused further writes).
  const again = await startServer(target);
  const r = await sendIntake(
    again.base,
    session,
    ledger,
    ledger.next((n) => `故障之后重启再受理，第${n}件`),
    divisions[0]!,
  );
  await retryPending(again.base, session, ledger, divisions);
  await stopServer(again);
  const c = await check(target, ledger);
  const clean = Object.keys(statuses).every((k) => ['200', '201', '500', '503'].includes(k) || Number.isNaN(+k));
  const intakeOk = fault.points.includes('pwrite') ? intakeAfter === 201 || intakeAfter === 503 : intakeAfter === 201;
  return {
    ok: aliveAfter && healthAfter === 200 && intakeOk && clean && r.status === 201 && ledgerHolds(c),
    faultPoints: fault.points,
    errno: fault.errno,
    fiuEnable: on.status,
    statuses,
    processSurvived: aliveAfter,
    ...(exitAfterFaults ? { exitAfterFaults } : {}),
    healthzAfterFaultsOff: healthAfter,
    intakeAfterFaultsOff: intakeAfter,
    ...(intakeAfterCode ? { intakeAfterFaultsOffCode: intakeAfterCode } : {}),
    stopExit: stopped,
    intakeAfterRestart: r.status,
    acknowledged: c.acknowledged,
    lost: c.acknowledgedMissing,
    partial: c.partial,
    auditChainOk: c.auditChainOk,
    storageStopped: /embedded database stopped/.test(out),
    droppedLogLinesReported: /droppedLogLines/.test(out),
    ...(aliveAfter ? {} : { serverOutputTail: out.slice(-600) }),
    ...(c.problems.length ? { problems: c.problems } : {}),
  };
}

async function main() {
  const started = Date.now();
  log(`tier ${quick ? 'quick' : 'full'}, seed ${seed} (repeat with --seed ${seed}), ${kills} kills per database`);
  const dbs: ('pglite' | 'pg')[] = dbArg === 'both' ? ['pglite', 'pg'] : [dbArg as 'pglite' | 'pg'];
  for (const kind of dbs) {
    const { target, divisions } = await prepare(kind);
    await scenario(`kill -9 under write load ×${kills}`, kind, () => killSeries(kind, target, divisions));
    await scenario('SIGTERM under load', kind, () => sigtermUnderLoad(kind, target, divisions));
    if (kind === 'pglite') await scenario('backup → restore into a fresh instance', kind, () => backupRestore(target));
    if (!quick && kind === 'pg')
      await scenario('PostgreSQL restarted (immediate) under load', kind, () => pgRestart(target, divisions));
    if (!quick && kind === 'pglite') {
      await scenario('I/O errors injected (fiu-run): write/writev EIO (log, sockets)', kind, () =>
        ioErrors(target, divisions, { name: 'write', points: 'posix/io/rw/write*', errno: 5 }),
      );
      await scenario('I/O errors injected (fiu-run): pwrite/pwritev EIO (database files)', kind, () =>
        ioErrors(target, divisions, { name: 'pwrite', points: 'posix/io/rw/pwrite*', errno: 5 }),
      );
    }
    fs.rmSync(target.dataDir, { recursive: true, force: true });
  }
  const failed = scenarios.filter((s) => !s.ok);
  const result = {
    tier: quick ? 'quick' : 'full',
    seed,
    kills,
    seconds: Math.round((Date.now() - started) / 1000),
    scenarios,
  };
  const summary = [
    `Faults (${result.tier}, seed ${seed}, ${result.seconds} s): ${scenarios.length - failed.length}/${scenarios.length} scenarios passed`,
    ...scenarios.map((s) => {
      const d = s.detail as Record<string, unknown>;
      const figures =
        d.kills !== undefined
          ? `${d.survived}/${d.kills} kills survived, ${d.lost} lost of ${d.acknowledged} acknowledged, ${d.duplicates} duplicates, ${d.partial} partial, audit chain ${d.auditVerifyCli}`
          : JSON.stringify(d).slice(0, 300);
      return `  ${s.ok ? 'ok  ' : 'FAIL'} ${s.db.padEnd(6)} ${s.name} (${(s.ms / 1000).toFixed(1)} s): ${figures}`;
    }),
  ];
  const file = writeResults(`faults-${result.tier}`, result, summary);
  console.log(summary.join('\n'));
  console.log(`results: ${path.relative(ROOT, file)}`);
  process.exit(failed.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
