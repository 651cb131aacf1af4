import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../main.js';
import { parseCsvRecords, toCsv } from '../platform/text/index.js';

const BIN = path.join(ROOT_DIR, 'bin', 'lianxin.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lianxin-classify-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PLACES = ['幸福路', '建设路', '人民路', '解放路', '新华街', '文化路', '东风路', '中山路', '滨河路', '光明路'];
const rows = PLACES.flatMap((p, i) => [
  [`${p}路灯不亮`, `${p}${i}号的路灯坏了很久，晚上出行不安全`, '城乡建设', 'x'],
  [`${p}学校收费`, `${p}小学要求家长交补课费，学校乱收费`, '教育文体', 'y'],
  [`${p}工厂排污`, `${p}附近的工厂排放污水，河水发臭`, '环境保护', 'z'],
]);
const input = path.join(dir, 'all.csv');
fs.writeFileSync(input, toCsv([['title', 'body', 'category', 'extra'], ...rows]));

function lianxin(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT_DIR, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('lianxin classify', () => {
  it('split writes a reproducible stratified split; eval prints the figures and ends with one JSON line', () => {
    const [train, test, again] = ['train.csv', 'test.csv', 'again.csv'].map((f) => path.join(dir, f)) as [
      string,
      string,
      string,
    ];
    const split = lianxin(['classify', 'split', '--in', input, '--train', train, '--test', test, '--seed', '3']);
    expect(split.code, split.stderr).toBe(0);
    const trainRows = parseCsvRecords(fs.readFileSync(train, 'utf8'));
    const testRows = parseCsvRecords(fs.readFileSync(test, 'utf8'));
    expect(trainRows).toHaveLength(24);
    expect(testRows).toHaveLength(6);
    expect(testRows.filter((r) => r.category === '教育文体')).toHaveLength(2);
    expect(Object.keys(testRows[0]!)).toEqual(['title', 'body', 'category', 'extra']);
    lianxin([
      'classify',
      'split',
      '--in',
      input,
      '--train',
      again,
      '--test',
      path.join(dir, 'again-test.csv'),
      '--seed',
      '3',
    ]);
    expect(fs.readFileSync(again, 'utf8')).toBe(fs.readFileSync(train, 'utf8'));

    const evaluated = lianxin(['classify', 'eval', '--train', train, '--test', test]);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const lines = evaluated.stdout.trim().split('\n');
    expect(lines.some((l) => l.startsWith('Macro-F1'))).toBe(true);
    const summary = JSON.parse(lines.at(-1)!);
    expect(Object.keys(summary).sort()).toEqual(
      ['accuracy', 'macroF1', 'msPerMessage', 'perClassF1', 'top3Accuracy', 'trainSeconds'].sort(),
    );
    expect(Object.keys(summary.perClassF1).sort()).toEqual(['城乡建设', '教育文体', '环境保护']);
    // Three classes with their own words: every test message is ranked right.
    expect(summary.accuracy).toBe(1);
    expect(summary.top3Accuracy).toBe(1);
  }, 240_000);

  it('eval explains a missing file instead of failing with a stack trace', () => {
    const r = lianxin(['classify', 'eval', '--train', path.join(dir, 'nope.csv'), '--test', input]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/No such file/);
  }, 120_000);
});
