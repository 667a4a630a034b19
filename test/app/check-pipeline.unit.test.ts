// `hub check`'s pipeline carries each person's state from report to report as the rules consumer
// does: given memberships and earlier reports, when a report is judged, then this verdict and outcome.
import { describe, expect, it } from 'vitest';
import { createCheckPipeline } from '../../src/app/check-pipeline.ts';
import { kontaktgruppeStart, samplePersons, udeblivelse, type SamplePerson } from '../../src/producers/samples.ts';
import { withNullDefaults } from '../../src/producers/validate.ts';

const NOW = Date.parse('2026-03-04T10:00:00Z');
const TODAY = '2026-03-04';
const [anna, bo] = samplePersons(2, ['aak', 'hk'], 5) as [SamplePerson, SamplePerson];
const routing = { unroutableAlarmAfterMs: 86_400_000, retryDelayMs: 30_000, maxRetryDelayMs: 3_600_000 };
const pipeline = (defaultKontaktgruppe?: number) =>
  createCheckPipeline({ knownFunds: new Set(['aak', 'hk']), routing, ...(defaultKontaktgruppe === undefined ? {} : { defaultKontaktgruppe }) });

const input = (s: { kapitel: number; report: Record<string, unknown> }, now = NOW) => ({ kapitel: s.kapitel, report: withNullDefaults(s.kapitel, s.report), now });
const kgStart = (p: SamplePerson, id: string, kontaktgruppe = 1) => input(kontaktgruppeStart(p, id, TODAY, NOW, kontaktgruppe));
const kgEnd = (p: SamplePerson, id: string) => input({
  kapitel: 2,
  report: { ...kontaktgruppeStart(p, id, TODAY, NOW).report, haendelsestype: 'KONTAKTGRUPPE_SLUT', kontaktgruppe: { kontaktgruppe: 1, startdato: '2026-03-01', slutdato: TODAY } },
});
const missed = (p: SamplePerson, id: string) => input(udeblivelse(p, id, TODAY, NOW));
const judged = (o: { verdict: { kind: string; paragraph: string }; udfald: string }) => [o.verdict.kind, o.udfald];

describe('hub check carries person state from line to line', () => {
  it('a chapter 2 kontaktgruppe 1 start brings the person\'s next chapter 11 event within § 60', () => {
    const check = pipeline();
    check.member({ cpr: anna.cpr, akasse: 'aak' });
    expect(judged(check.judge(missed(anna, 'before')))).toEqual(['out-of-scope', 'UDEN_FOR_PERSONKREDS']);
    expect(judged(check.judge(kgStart(anna, 'kg')))).toEqual(['on-time', 'LEVERET']);
    const after = check.judge(missed(anna, 'after'));
    expect(judged(after)).toEqual(['on-time', 'LEVERET']);
    expect(after.person).toEqual({ kontaktgruppe: 1, akasse: 'aak', fleksjob: false });
  });

  it('keeps persons apart, and a group\'s end takes the person out again', () => {
    const check = pipeline();
    check.member({ cpr: anna.cpr, akasse: 'aak' });
    check.member({ cpr: bo.cpr, akasse: 'hk' });
    check.judge(kgStart(anna, 'kg-a'));
    expect(check.judge(missed(bo, 'bo')).verdict.kind).toBe('out-of-scope');
    check.judge(kgEnd(anna, 'end-a'));
    expect(check.judge(missed(anna, 'a')).verdict.kind).toBe('out-of-scope');
  });

  it('another kontaktgruppe than 1 is not § 60\'s, and a rejected chapter 2 report changes nothing', () => {
    const check = pipeline();
    check.member({ cpr: anna.cpr, akasse: 'aak' });
    check.judge(kgStart(anna, 'kg2', 2));
    expect(check.judge(missed(anna, 'a')).person.kontaktgruppe).toBe(2);
    const wrongDay = kgStart(anna, 'kg1-bad');
    (wrongDay.report as Record<string, unknown>).haendelsesdato = '2026-03-03'; // not the group's start date
    expect(check.judge(wrongDay).verdict.kind).toBe('rejected');
    expect(check.judge(missed(anna, 'b')).verdict.kind).toBe('out-of-scope');
  });

  it('routes by membership: unknown fund waits, a leaver waits again, an unconfigured fund is dead-lettered', () => {
    const check = pipeline(1);
    expect(judged(check.judge(missed(anna, 'x1')))).toEqual(['on-time', 'AFVENTER_AKASSE']);
    check.member({ cpr: anna.cpr, akasse: 'aak' });
    expect(judged(check.judge(missed(anna, 'x2')))).toEqual(['on-time', 'LEVERET']);
    check.member({ cpr: anna.cpr, leaver: true });
    expect(judged(check.judge(missed(anna, 'x3')))).toEqual(['on-time', 'AFVENTER_AKASSE']);
    check.member({ cpr: anna.cpr, akasse: 'ase' });
    expect(judged(check.judge(missed(anna, 'x4')))).toEqual(['on-time', 'DOEDT_BREV']);
  });

  it('a report id delivered once is a DUBLET the second time, and changes no state then', () => {
    const check = pipeline();
    check.member({ cpr: anna.cpr, akasse: 'aak' });
    expect(check.judge(kgStart(anna, 'same')).udfald).toBe('LEVERET');
    check.judge(kgEnd(anna, 'end'));
    expect(check.judge(kgStart(anna, 'same')).udfald).toBe('DUBLET');
    expect(check.judge(missed(anna, 'a')).verdict.kind).toBe('out-of-scope');
  });

  it('a line\'s declared person state holds from that line on; --kontaktgruppe only fills a gap', () => {
    const check = pipeline(3);
    expect(check.judge({ ...missed(anna, 'a'), person: { kontaktgruppe: 1, akasse: 'aak' } }).udfald).toBe('LEVERET');
    expect(check.judge(missed(anna, 'b')).person).toEqual({ kontaktgruppe: 1, akasse: 'aak', fleksjob: false });
    expect(check.judge(missed(bo, 'c')).person).toEqual({ kontaktgruppe: 3 });
  });
});
