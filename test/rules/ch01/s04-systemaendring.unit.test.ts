import { describe, expect, it } from 'vitest';
import { decideSystemaendring } from '../../../src/rules/ch01/index.ts';
import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../../src/rules/calendar/index.ts';

const notice = (idriftsaettelse: string) => ({ kommunekode: '101', idriftsaettelse, system: 'KMD Momentum', beskrivelse: 'Ny version af sagssystemet' });

describe('§ 4: notice at least 40 working days before go-live', () => {
  it('is on time on the last day and late the working day after', () => {
    const due = addWorkingDays('2024-09-02', -40);
    expect(decideSystemaendring(notice('2024-09-02'), due)).toMatchObject({ kind: 'on-time', dueDate: due, workingDaysBefore: 40 });
    const next = addWorkingDays(due, 1);
    const late = decideSystemaendring(notice('2024-09-02'), next);
    expect(late).toMatchObject({ kind: 'late', dueDate: due, workingDaysBefore: 39 });
    expect(late.kind === 'late' && late.reasons[0]!.message).toContain('40 working days');
  });

  it('skips Easter: go-live 2024-05-06 needs notice by 2024-03-06 (Maundy Thursday, Good Friday and Easter Monday are no working days)', () => {
    // 40 plain weekdays back from Monday 6 May 2024 is 11 March; Easter 2024 (28 Mar, 29 Mar, 1 Apr) pushes it 3 working days earlier.
    expect(isWorkingDay('2024-03-28')).toBe(false);
    expect(isWorkingDay('2024-04-01')).toBe(false);
    expect(decideSystemaendring(notice('2024-05-06'), '2024-03-06')).toMatchObject({ kind: 'on-time', dueDate: '2024-03-06' });
    expect(decideSystemaendring(notice('2024-05-06'), '2024-03-07').kind).toBe('late');
  });

  it('counts Store Bededag as a holiday in 2023 but a working day from 2024', () => {
    expect(isWorkingDay('2023-05-05')).toBe(false); // Store Bededag 2023, the last one
    expect(isWorkingDay('2024-04-26')).toBe(true); // would have been Store Bededag 2024
    // Go-live Monday 15 May 2023: 40 working days back crosses Store Bededag (5 May) and Easter (6, 7, 10 April).
    const due2023 = addWorkingDays('2023-05-15', -40);
    expect(due2023).toBe('2023-03-14');
    expect(decideSystemaendring(notice('2023-05-15'), due2023).kind).toBe('on-time');
    expect(decideSystemaendring(notice('2023-05-15'), '2023-03-15').kind).toBe('late');
    // The same two weeks around the fourth Friday after Easter: 8 working days in 2023, 9 in 2024.
    expect(workingDaysBetween('2023-05-01', '2023-05-12')).toBe(8);
    expect(workingDaysBetween('2024-04-22', '2024-05-03')).toBe(9);
    // A notice on 2024-03-06 for go-live 2024-05-06 leaves exactly 40 working days: 26 April 2024 counts.
    expect(decideSystemaendring(notice('2024-05-06'), '2024-03-06')).toMatchObject({ workingDaysBefore: 40 });
  });

  it('treats a notice after go-live as late with no working days left', () => {
    expect(decideSystemaendring(notice('2024-01-10'), '2024-02-01')).toMatchObject({ kind: 'late', workingDaysBefore: 0 });
  });

  it('rejects a notice with malformed fields, naming them', () => {
    const v = decideSystemaendring({ kommunekode: '1', idriftsaettelse: '2024-13-01', system: ' ', beskrivelse: '' }, '2024-01-01');
    expect(v.kind).toBe('rejected');
    expect(v.kind === 'rejected' && v.reasons.map((r) => r.field)).toEqual(['kommunekode', 'idriftsaettelse', 'system', 'beskrivelse']);
  });
});
