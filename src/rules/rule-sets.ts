import { kapitel2RuleSet } from './ch02/index.ts';
import { kapitel3RuleSet } from './ch03/index.ts';
import { kapitel4RuleSet } from './ch04/index.ts';
import { kapitel5RuleSet } from './ch05/index.ts';
import { kapitel6RuleSet } from './ch06/index.ts';
import { kapitel7RuleSet } from './ch07/index.ts';
import { kapitel8RuleSet } from './ch08/index.ts';
import { kapitel9RuleSet } from './ch09/index.ts';
import { kapitel10RuleSet } from './ch10/index.ts';
import { kapitel11RuleSet } from './ch11/index.ts';
import type { RuleSet } from './rule-set.ts';

/**
 * Every rule set the hub knows. A successor order is new files under `src/rules/` and one more
 * entry here, with its `validFrom`; the engine then uses it for events from that day on and the
 * old sets keep deciding earlier events. Old entries are never edited.
 */
export const RULE_SETS: readonly RuleSet<never>[] = [
  // BEK nr. 1380 af 10/12/2010
  kapitel2RuleSet,
  kapitel3RuleSet,
  kapitel4RuleSet,
  kapitel5RuleSet,
  kapitel6RuleSet,
  kapitel7RuleSet,
  kapitel8RuleSet,
  kapitel9RuleSet,
  kapitel10RuleSet,
  kapitel11RuleSet,
];
