// A CPR number never reaches a log line unredacted — not in fields at any depth,
// not in messages or format arguments, not in error messages, stacks or causes, not in child bindings.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { HubError } from '../../src/shared/errors.ts';
import { createLogger, redactCpr } from '../../src/shared/logger.ts';
import { kafkajsLogCreator } from '../../src/kafka/log.ts';
import { logLevel } from 'kafkajs';

const CPR = '0101901234';
const DASHED = '010190-1234';

const capture = () => {
  const lines: string[] = [];
  const destination = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  return { lines, logger: createLogger({ level: 'trace', destination }) };
};

describe('CPR redaction in logs', () => {
  it('redacts every line, whatever shape the CPR comes in', () => {
    const { lines, logger } = capture();
    logger.info({ cpr: CPR }, 'field');
    logger.info({ report: { cpr: CPR, tilbud: { note: `person ${DASHED}` } } }, 'nested');
    logger.info({ a: { b: { c: { d: { person: CPR } } } } }, 'deep');
    logger.info({ list: [CPR, { x: DASHED }] }, 'array');
    logger.warn(`message with ${CPR}`);
    logger.warn('format %s and %o', DASHED, { cpr: CPR });
    logger.error({ err: new HubError('REPORT_INVALID', `cpr ${CPR} is wrong`, { cause: new Error(`cause ${DASHED}`) }) }, 'error');
    logger.error(new Error(`bare error ${CPR}`));
    logger.child({ person: CPR }).info('child binding');
    logger.info({ text: `two ${CPR} and ${DASHED}` }, 'several');
    kafkajsLogCreator(logger)(logLevel.ERROR)({ namespace: 'x', level: logLevel.ERROR, label: 'ERROR', log: { message: `kafkajs ${CPR}`, extra: DASHED, timestamp: '' } });
    expect(lines.length).toBe(11);
    for (const line of lines) {
      expect(line).not.toContain(CPR);
      expect(line).not.toContain(DASHED);
      expect(line).not.toMatch(/(?<!\d)\d{6}-?\d{4}(?!\d)/);
    }
    expect(lines.join('\n')).toContain('[CPR]');
  });

  it('redacts error messages the CLI prints and the web service returns', () => {
    expect(redactCpr(new HubError('INPUT_UNREADABLE', `line 3: ${DASHED} is not JSON`).message)).toBe('line 3: [CPR] is not JSON');
  });
});
