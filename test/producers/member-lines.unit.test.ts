import { describe, expect, it } from 'vitest';
import { memberFormatOf, memberLineParser, type MemberLine } from '../../src/producers/member-lines.ts';

const FUNDS = new Set(['aak', '3f', 'hk']);
const CPR = '0101901234';
const parseAll = (format: 'csv' | 'ndjson', lines: string[]): MemberLine[] => {
  const parse = memberLineParser(format, FUNDS);
  return lines.map(parse);
};
const messagesOf = (l: MemberLine) => (l.kind === 'bad' ? l.reasons.map((r) => r.message).join('; ') : '');

describe('membership list lines, NDJSON', () => {
  it('reads a member, a flexi-job member and a leaver (akasse null)', () => {
    expect(parseAll('ndjson', [
      `{"cpr":"${CPR}","akasse":"aak"}`,
      `{"cpr":"${CPR}","akasse":"hk","fleksjob":true}`,
      `{"cpr":"${CPR}","akasse":null}`,
      '   ',
    ])).toEqual([
      { kind: 'change', change: { cpr: CPR, akasse: 'aak', fleksjob: false } },
      { kind: 'change', change: { cpr: CPR, akasse: 'hk', fleksjob: true } },
      { kind: 'change', change: { cpr: CPR, leaver: true } },
      { kind: 'skip' },
    ]);
  });

  it('refuses what is not a membership, naming the field and never the CPR number', () => {
    const lines = parseAll('ndjson', [
      'not json',
      '[1,2]',
      `{"cpr":"${CPR}"}`,
      `{"cpr":"${CPR}","akase":"aak"}`,
      `{"cpr":"${CPR}","akasse":"nope"}`,
      `{"cpr":"${CPR}","akasse":"aak","fleksjob":"ja"}`,
      '{"cpr":"3213901234","akasse":"aak"}',
      '{"cpr":"010190-1234","akasse":"aak"}',
      '{"cpr":101901234,"akasse":"aak"}',
      `{"cpr":"${CPR}","akasse":""}`,
    ]);
    expect(lines.map((l) => (l.kind === 'bad' ? l.reasons.map((r) => r.code) : l.kind))).toEqual([
      ['invalid-json'], ['invalid-json'], ['missing-field'], ['missing-field'], ['unknown-fund'], ['wrong-type'],
      ['cpr-date'], ['cpr-format'], ['cpr-format'], ['wrong-type'],
    ]);
    for (const l of lines) {
      expect(messagesOf(l)).not.toMatch(/0101901234|3213901234|010190-1234/);
    }
  });
});

describe('membership list lines, CSV', () => {
  it('skips the header, reads members, flexi-job flags and leavers (akasse empty)', () => {
    expect(parseAll('csv', [
      'cpr,akasse,fleksjob',
      `${CPR},aak,false`,
      `${CPR},3f,ja`,
      `${CPR},hk`,
      `"${CPR}","aak","1"`,
      `${CPR},,`,
      `${CPR},`,
      '',
    ])).toEqual([
      { kind: 'skip' },
      { kind: 'change', change: { cpr: CPR, akasse: 'aak', fleksjob: false } },
      { kind: 'change', change: { cpr: CPR, akasse: '3f', fleksjob: true } },
      { kind: 'change', change: { cpr: CPR, akasse: 'hk', fleksjob: false } },
      { kind: 'change', change: { cpr: CPR, akasse: 'aak', fleksjob: true } },
      { kind: 'change', change: { cpr: CPR, leaver: true } },
      { kind: 'change', change: { cpr: CPR, leaver: true } },
      { kind: 'skip' },
    ]);
  });

  it('takes the semicolon of a Danish spreadsheet from the first line, with a byte-order mark and CRLF', () => {
    expect(parseAll('csv', ['\uFEFFcpr;akasse;fleksjob\r', `${CPR};hk;nej\r`])).toEqual([
      { kind: 'skip' },
      { kind: 'change', change: { cpr: CPR, akasse: 'hk', fleksjob: false } },
    ]);
  });

  it('reads a first line without header as data', () => {
    expect(parseAll('csv', [`${CPR},aak,false`])).toEqual([{ kind: 'change', change: { cpr: CPR, akasse: 'aak', fleksjob: false } }]);
  });

  it('refuses malformed lines without repeating the CPR number', () => {
    const lines = parseAll('csv', [
      'cpr,akasse,fleksjob',
      CPR,
      `${CPR},aak,false,extra`,
      `${CPR},aak,maybe`,
      `"${CPR},aak,false`,
      '0101901,aak,false',
      `${CPR},unknown,false`,
    ]);
    expect(lines.slice(1).map((l) => (l.kind === 'bad' ? l.reasons.map((r) => r.code) : l.kind))).toEqual([
      ['csv-fields'], ['csv-fields'], ['wrong-type'], ['csv-quote'], ['cpr-format'], ['unknown-fund'],
    ]);
    for (const l of lines) expect(messagesOf(l)).not.toContain(CPR);
  });
});

describe('format from the file name', () => {
  it('is CSV for .csv and NDJSON otherwise', () => {
    expect(['members.csv', 'M.CSV', 'members.ndjson', 'members.jsonl', '-'].map(memberFormatOf)).toEqual(['csv', 'csv', 'ndjson', 'ndjson', 'ndjson']);
  });
});
