import type { Reason } from '../verdict.ts';

/**
 * A connection agreement (tilslutningsaftale) as the rules see it: which municipalities and data
 * areas a connected system may report for, and whether its access is open.
 */
export interface Tilslutningsaftale {
  readonly id: string;
  /** Three-digit kommunekoder the system may report for; `*` means every municipality. */
  readonly kommunekoder: readonly string[];
  /** Chapters (data areas) the system may report for. */
  readonly kapitler: readonly number[];
  readonly status: 'aktiv' | 'suspenderet';
  /** Why it was suspended, when it is (§ 3). */
  readonly suspensionAarsag?: string;
}

/** A refusal: the paragraph and a reason a case worker can read; undefined means admitted. */
export type Adgangsafgoerelse = { readonly paragraph: string; readonly reason: Reason } | undefined;

/*
 * § 1. For de områder, hvor indberetningen sker via webservice, skal der indgås en
 * tilslutningsaftale mellem Arbejdsmarkedsstyrelsen og den dataansvarlige aftager.
 *
 * § 3. Arbejdsmarkedsstyrelsen kan lukke for den dataansvarlige aftagers adgang til at registrere
 * via webservicer, jf. § 1, hvis den dataansvarlige ikke overholder betingelserne for tilslutning
 * og de nærmere specifikationer vedrørende webservicer.
 */
export const admit = (aftale: Tilslutningsaftale | undefined, kildesystem: string, kapitel: number, kommunekode: string): Adgangsafgoerelse => {
  if (!aftale) {
    return { paragraph: '§ 1', reason: { code: 'no-connection-agreement', field: 'kildesystem', message: `kildesystem ${kildesystem} has no connection agreement (tilslutningsaftale, § 1).` } };
  }
  if (aftale.status === 'suspenderet') {
    const why = aftale.suspensionAarsag ? `: ${aftale.suspensionAarsag}` : '';
    return { paragraph: '§ 3', reason: { code: 'access-suspended', field: 'kildesystem', message: `the web-service access of ${kildesystem} is closed (§ 3)${why}.` } };
  }
  if (!aftale.kapitler.includes(kapitel)) {
    return { paragraph: '§ 1', reason: { code: 'data-area-outside-agreement', field: 'kapitel', message: `the connection agreement of ${kildesystem} does not cover data area kapitel ${kapitel}.` } };
  }
  if (!aftale.kommunekoder.includes('*') && !aftale.kommunekoder.includes(kommunekode)) {
    return { paragraph: '§ 1', reason: { code: 'kommune-outside-agreement', field: 'kommunekode', message: `the connection agreement of ${kildesystem} does not cover kommunekode ${kommunekode}.` } };
  }
  return undefined;
};

/*
 * § 35 stk. 2 and § 41 stk. 2: chapters 6 and 7 are reported through web services only, so the
 * browser-based registration page (§ 11 stk. 2 nr. 1) must refuse them.
 */
export const admitFromRegistrationPage = (kapitel: number, webserviceOnly: boolean): Adgangsafgoerelse =>
  webserviceOnly
    ? { paragraph: kapitel === 6 ? '§ 35 stk. 2' : '§ 41 stk. 2', reason: { code: 'web-service-only', field: 'kapitel', message: `kapitel ${kapitel} may be reported through web services only, not from the registration page.` } }
    : undefined;
