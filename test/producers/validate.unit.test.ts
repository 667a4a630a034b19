import { describe, expect, it } from 'vitest';
import { schemaReasons, withNullDefaults } from '../../src/producers/validate.ts';
import { aReport, aTilbud } from '../rules/ch11/given.ts';

describe('schemaReasons: the shape check before the rules', () => {
  it('given a required field left out or sent as null, it says the field is missing', () => {
    for (const haendelsesdato of [undefined, null]) {
      const report = withNullDefaults(11, { ...aReport(), haendelsesdato } as Record<string, unknown>);
      expect(schemaReasons(11, report)).toEqual([
        { code: 'missing-field', field: 'haendelsesdato', message: 'haendelsesdato is missing (required, a date, YYYY-MM-DD)' },
      ]);
    }
  });

  it('given a field of the wrong type, it names the type wanted and the type found', () => {
    const reasons = schemaReasons(11, withNullDefaults(11, { ...aReport(), kommunekode: 101 } as Record<string, unknown>));
    expect(reasons).toEqual([{ code: 'wrong-type', field: 'kommunekode', message: 'kommunekode: expected text, found number' }]);
  });

  it('given an offer end without afgivelsesdato, the shape is fine (the rules decide where it is needed)', () => {
    const { afgivelsesdato: _left, ...tilbud } = aTilbud();
    const report = withNullDefaults(11, { ...aReport({ haendelsestype: 'tilbud-slut' }), tilbud: { ...tilbud, tilbudId: null } } as Record<string, unknown>);
    expect(schemaReasons(11, report)).toEqual([]);
  });
});
