import { describe, expect, it } from 'vitest';
import { parseYdelseLine } from '../../src/producers/ydelse-lines.ts';

const payment = { art: 'udbetaling', udbetalingId: 'u1', kildesystem: 'ydelsessystem', kommunekode: '101', cpr: '0707614285', ydelse: 'DAGPENGE', fradato: '2026-03-01', tildato: '2026-03-31', beloebOere: 100, udbetalingsdato: '2026-04-06', registreretTidspunkt: '2026-04-06T10:00:00+02:00' };
const line = (o: object) => JSON.stringify(o);
const codes = (o: object) => { const r = parseYdelseLine(line(o)); return r.kind === 'bad' ? r.reasons.map((x) => x.code) : []; };

describe('a line of a grants-and-payments file', () => {
  it('takes a payment, filling the optional fields with their defaults', () => {
    const r = parseYdelseLine(line(payment));
    expect(r.kind === 'ydelse' && r.ydelse).toEqual({ art: 'udbetaling', record: expect.objectContaining({ udbetalingId: 'u1', bevillingId: null, annulleret: false }) });
    expect(parseYdelseLine('  ').kind).toBe('skip');
  });

  it('refuses what a report would be refused for, in words that never repeat the CPR number', () => {
    expect(codes({ ...payment, art: 'anden' })).toEqual(['missing-field']);
    expect(codes({ ...payment, cpr: '3213991234' })).toEqual(['cpr-format']);
    expect(codes({ ...payment, kommunekode: '999' })).toEqual(['kommunekode-unknown']);
    expect(codes({ ...payment, tildato: '2026-02-01' })).toEqual(['period-reversed']);
    expect(codes({ ...payment, udbetalingId: '0707614285' })).toEqual(['cpr-in-identifier']);
    expect(codes({ ...payment, fradato: '1. marts' })).toEqual(['invalid-date']);
    expect(codes({ ...payment, ydelse: 'HJAELPEMIDDEL' })).toEqual(['missing-field']);
    expect(parseYdelseLine('{"art"').kind).toBe('bad');
    const bad = parseYdelseLine(line({ ...payment, cpr: '0707619999', udbetalingId: '0707614285' }));
    expect(JSON.stringify(bad)).not.toContain('0707614285');
  });
});
