import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from './csv.js';

describe('CSV as spreadsheets save it', () => {
  it.each([
    [
      'plain rows',
      'a,b\n1,2\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a BOM and CRLF line ends',
      '\uFEFFa,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no final line end',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['quoted commas and doubled quotes', 'a,"b,""c"""\n', [['a', 'b,"c"']]],
    ['empty cells', ',x,\n', [['', 'x', '']]],
    ['an empty quoted cell at the end', 'a,""\n', [['a', '']]],
  ])('%s', (_name, text, expected) => {
    expect(parseCsv(text).map((r) => r.cells)).toEqual(expected);
  });

  it('numbers each record by the line it starts on, even after a quoted line break', () => {
    const records = parseCsv('h1,h2\n"multi\nline",x\n\nlast,y\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 5]);
    expect(records[1]!.cells).toEqual(['multi\nline', 'x']);
    expect(records[2]!.cells).toEqual(['']);
  });

  it('round-trips through formatCsv', () => {
    const rows = [
      ['名称', 'note'],
      ['a,b', 'say "hi"'],
      ['line\nbreak', ''],
    ];
    expect(parseCsv(formatCsv(rows)).map((r) => r.cells)).toEqual(rows);
  });
});
