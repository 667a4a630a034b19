import { describe, expect, it } from 'vitest';
import type { Kapitel9Foranstaltning } from '../../../src/rules/ch09/index.ts';
import { deliveriesFor, payloadFor, recipientsFor } from '../../../src/rules/sharing/index.ts';
import type { Verdict } from '../../../src/rules/verdict.ts';
import { CPR_BORN_2000_03_15, kapitel10, kapitel2Start, kapitel3, kapitel4, kapitel5, kapitel6, kapitel7, kapitel8, kapitel9 } from '../fixtures.ts';

const onTime: Verdict = { kind: 'on-time', paragraph: '§ 50', dueDate: '2011-03-01', warnings: [] };

/** A chapter 9 measure for a person born 2000-03-15, starting on `startdato`. */
const minor = (startdato: string, personkreds = 1) => {
  const m = kapitel9().foranstaltning as Kapitel9Foranstaltning;
  return kapitel9({ cpr: CPR_BORN_2000_03_15, personkreds, haendelsesdato: startdato, foranstaltning: { ...m, startdato, slutdato: '2018-06-30' } });
};

describe('recipientsFor: who may see a report', () => {
  it.each([
    [2, kapitel2Start()],
    [3, kapitel3()],
    [4, kapitel4()],
    [5, kapitel5()],
    [8, kapitel8()],
    [9, kapitel9()],
  ] as const)('kapitel %i goes to the warehouse and Danmarks Statistik', (kapitel, report) => {
    expect(recipientsFor(kapitel, report as never)).toEqual(['datavarehus', 'danmarks-statistik']);
  });

  it.each([
    [6, kapitel6()],
    [7, kapitel7()],
    [10, kapitel10()],
  ] as const)('kapitel %i has no sharing clause: warehouse only', (kapitel, report) => {
    expect(recipientsFor(kapitel, report as never)).toEqual(['datavarehus']);
    expect(payloadFor('danmarks-statistik', kapitel, report as never)).toBeUndefined();
  });
});

describe('§ 52 stk. 3: personal assistance (§ 49 nr. 5) goes no further than the warehouse', () => {
  it('sends it to nobody else, not even UVM for a minor', () => {
    const r = minor('2017-09-01', 5);
    expect(recipientsFor(9, r)).toEqual(['datavarehus']);
    expect(payloadFor('danmarks-statistik', 9, r)).toBeUndefined();
    expect(payloadFor('uvm', 9, r)).toBeUndefined();
    expect(deliveriesFor(9, r, onTime).map((d) => d.modtager)).toEqual(['datavarehus']);
  });

  it('still shares § 49 nr. 6 (mentor) with Danmarks Statistik', () => {
    expect(recipientsFor(9, kapitel9({ personkreds: 6 }))).toContain('danmarks-statistik');
  });
});

describe('§ 52 stk. 4: persons under 18 at the start of a measure → UVM, four fields only', () => {
  it('sends a measure starting the day before the 18th birthday, not one starting on it', () => {
    expect(recipientsFor(9, minor('2018-03-14'))).toContain('uvm');
    expect(recipientsFor(9, minor('2018-03-15'))).not.toContain('uvm');
  });

  it('gives UVM exactly cpr, foranstaltning, startdato and slutdato', () => {
    const payload = payloadFor('uvm', 9, minor('2017-09-01'));
    expect(payload).toEqual({ cpr: CPR_BORN_2000_03_15, foranstaltning: 'VIRKSOMHEDSPRAKTIK', startdato: '2017-09-01', slutdato: '2018-06-30' });
    for (const hidden of ['kommunekode', 'personkreds', 'hovedydelse', 'virksomhedsrettet', 'gennemsnitligtUgentligtTimetal', 'indberetningId', 'haendelsesdato']) {
      expect(payload).not.toHaveProperty(hidden);
    }
  });

  it('gives UVM nothing about an adult, nor about a job plan', () => {
    expect(payloadFor('uvm', 9, kapitel9())).toBeUndefined();
    const plan = { ...minor('2017-09-01'), haendelsestype: 'JOBPLAN' as const, foranstaltning: null, jobplan: { jobplanId: 'J', oprettelsesdato: '2017-09-01', revisionsdato: null, beskaeftigelsesmaal: 'Uddannelse' } };
    expect(recipientsFor(9, plan)).not.toContain('uvm');
  });

  it('gives a minor\'s measure to Danmarks Statistik and the warehouse as well', () => {
    expect(recipientsFor(9, minor('2017-09-01'))).toEqual(['datavarehus', 'danmarks-statistik', 'uvm']);
  });
});

describe('payloads: what each recipient can and cannot see', () => {
  it('gives the warehouse the whole report', () => {
    const r = kapitel5();
    expect(payloadFor('datavarehus', 5, r)).toEqual(r);
  });

  it('keeps operational fields from Danmarks Statistik but keeps the statistical content', () => {
    const p = payloadFor('danmarks-statistik', 2, kapitel2Start());
    expect(p).not.toHaveProperty('kildesystem');
    expect(p).not.toHaveProperty('registreretTidspunkt');
    expect(p).toMatchObject({ cpr: kapitel2Start().cpr, kommunekode: '751', haendelsestype: 'KONTAKTGRUPPE_START', kontaktgruppe: { kontaktgruppe: 1 } });
  });

  it("keeps a summons' contact details and an interview's free-text agreement from Danmarks Statistik", () => {
    const summons = payloadFor('danmarks-statistik', 5, kapitel5());
    expect(summons).not.toHaveProperty('kontaktmuligheder');
    expect(summons).toHaveProperty('samtaleklokkeslaet', '09:30');
    const interview = payloadFor('danmarks-statistik', 3, kapitel3());
    expect(interview).not.toHaveProperty('aftale');
    expect(interview).toHaveProperty('matchgruppe', 1);
  });

  it('delivers nothing for a verdict that is not deliverable', () => {
    const rejected: Verdict = { kind: 'rejected', paragraph: '§ 50', reasons: [], warnings: [] };
    const outOfScope: Verdict = { kind: 'out-of-scope', paragraph: '§ 37', reasons: [], warnings: [] };
    expect(deliveriesFor(9, kapitel9(), rejected)).toEqual([]);
    expect(deliveriesFor(7, kapitel7(), outOfScope)).toEqual([]);
    const late: Verdict = { kind: 'late', paragraph: '§ 7 stk. 1', dueDate: '2011-03-01', daysLate: 1, reasons: [], warnings: [] };
    expect(deliveriesFor(2, kapitel2Start(), late).map((d) => d.modtager)).toEqual(['datavarehus', 'danmarks-statistik']);
  });
});
