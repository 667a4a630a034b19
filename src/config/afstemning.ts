import fs from 'node:fs';
import { DEFAULT_AFSTEMNINGSREGLER, YDELSER, type Afstemningsregler } from '../rules/afstemning/index.ts';
import { HubError } from '../shared/errors.ts';

const days = (file: string, name: string, value: unknown, fallback: number): number => {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 366) {
    throw new HubError('CONFIG_INVALID', `HUB_AFSTEMNING_FILE: ${file}: ${name} must be a whole number of days from 0 to 366`);
  }
  return value;
};

/**
 * The reconciliation tolerances (docs/reconciliation.md): the defaults of `DEFAULT_AFSTEMNINGSREGLER`,
 * each overridden by the same field of the JSON file `HUB_AFSTEMNING_FILE` names, when it names one.
 */
export const loadAfstemningsregler = (file: string | undefined): Afstemningsregler => {
  if (!file) return DEFAULT_AFSTEMNINGSREGLER;
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new HubError('CONFIG_INVALID', `HUB_AFSTEMNING_FILE: cannot read ${file}: ${(error as Error).message}`);
  }
  const d = DEFAULT_AFSTEMNINGSREGLER;
  const groups = parsed.kontaktgrupperForYdelse ?? d.kontaktgrupperForYdelse;
  if (typeof groups !== 'object' || groups === null) throw new HubError('CONFIG_INVALID', `HUB_AFSTEMNING_FILE: ${file}: kontaktgrupperForYdelse must map a ydelse to a list of kontaktgrupper`);
  for (const [ydelse, list] of Object.entries(groups)) {
    if (!(YDELSER as readonly string[]).includes(ydelse) || !Array.isArray(list) || !list.every((g) => Number.isInteger(g) && g >= 1 && g <= 9)) {
      throw new HubError('CONFIG_INVALID', `HUB_AFSTEMNING_FILE: ${file}: kontaktgrupperForYdelse.${ydelse} must be a ydelse (${YDELSER.join(', ')}) with a list of kontaktgrupper 1-9`);
    }
  }
  return {
    registreringDage: days(file, 'registreringDage', parsed.registreringDage, d.registreringDage),
    efterslutDage: days(file, 'efterslutDage', parsed.efterslutDage, d.efterslutDage),
    godkendelseDage: days(file, 'godkendelseDage', parsed.godkendelseDage, d.godkendelseDage),
    kontaktgrupperForYdelse: groups as Afstemningsregler['kontaktgrupperForYdelse'],
  };
};
