// The registration page for case workers: sign in as a user of the connection agreement (a session
// cookie), pick what to report, fill a form in plain Danish, see each error beside its field with
// the paragraph it comes from (the hub's own checks, through /api/v1/valider) and follow the receipt.
// The forms are built from the data areas' schemas (the same the hub validates with), with Danish
// labels below. Every text from the user or the server is set with textContent, never as HTML.
const $ = (id) => document.getElementById(id);

/** Fields the page fills itself: the report id and sender (server), the moment of registration (now). */
const HIDDEN = new Set(['indberetningId', 'kildesystem', 'registreretTidspunkt']);

/** Plain-word labels, by field name (a dotted path where one name means two things). */
const LABELS = {
  kommunekode: 'Kommune', cpr: 'Borgerens CPR-nummer', haendelsestype: 'Hvad er sket?', haendelsesdato: 'Dato for hændelsen',
  kendskabsdato: 'Dato jobcentret fik kendskab til ændringen', rettelseAf: 'Retter en tidligere indberetning (dens id)',
  aarsag: 'Årsag', kommentar: 'Kommentar', tilbud: 'Tilbuddet', loentilskud: 'Løntilskudsjob', virksomhed: 'Virksomheden',
  cvr: 'CVR-nummer', pNummer: 'P-nummer', aktuelStatus: 'Tilbuddets status nu', startdato: 'Startdato', slutdato: 'Slutdato',
  gennemsnitligUgentligTimetal: 'Timer om ugen i gennemsnit', gennemsnitligtUgentligtTimetal: 'Timer om ugen i gennemsnit',
  afgivelsesdato: 'Dato tilbuddet blev givet', tilbudId: 'Tilbuddets id i sagssystemet', job: 'Jobbet (stillingsbetegnelse)',
  kontaktgruppe: 'Kontaktgruppe', 'kontaktgruppe.kontaktgruppe': 'Kontaktgruppe (nummer)', tilmelding: 'Tilmelding som arbejdssøgende',
  afmelding: 'Afmelding som arbejdssøgende', afmeldingsdato: 'Afmeldingsdato', tilmeldekategori: 'Tilmeldingskategori',
  matchgruppe: 'Matchgruppe', matchgruppeGaelderFra: 'Matchgruppen gælder fra', samtaledato: 'Samtalens dato',
  samtaleklokkeslaet: 'Samtalens klokkeslæt', samtaleform: 'Samtaleform', samtalested: 'Samtalested', samtaletype: 'Samtaletype',
  kategori: 'Kategori', underkategori: 'Underkategori', seniorjob: 'Seniorjob', brevhaendelse: 'Hvad skete der med brevet?',
  indkaldelseRef: 'Indkaldelsens id', foranstaltning: 'Foranstaltningen', foranstaltningId: 'Foranstaltningens id',
  foranstaltningstype: 'Type foranstaltning', personkreds: 'Personkreds', jobplan: 'Jobplanen', jobplanId: 'Jobplanens id',
  beskaeftigelsesmaal: 'Beskæftigelsesmål', revisionsdato: 'Revideret den', oprettelsesdato: 'Oprettet den',
  godkendelsesdato: 'Godkendt den', hjaelpemiddel: 'Hjælpemiddel', tilskudsmodtager: 'Tilskuddet gives til',
  aktiveringstype: 'Aktiveringstype', aktivitetsudbyder: 'Udbyder af aktiviteten', udbyder: 'Udbyder', kursus: 'Kurset',
  kursustype: 'Kursustype', holdId: 'Holdets id', hovedydelse: 'Hovedydelse', ledighedsgrad: 'Ledighedsgrad',
  virksomhedsrettet: 'Virksomhedsrettet tilbud', aabentTilbud: 'Åbent tilbud', stillingsbetegnelse: 'Stillingsbetegnelse',
  stillingsbetegnelser: 'Stillingsbetegnelser (adskil med komma)', arbejdsstedAdresse: 'Arbejdsstedets adresse',
  jobordreId: 'Jobordrens id', jobordretype: 'Jobordretype', stedkode: 'Stedkode', statsligInstitution: 'Statslig institution',
  ministeromraade: 'Ministerområde', ansvarligtJobcenter: 'Ansvarligt jobcenter', registrerendeJobcenter: 'Registrerende jobcenter',
  kontaktmuligheder: 'Kontaktmuligheder', aftale: 'Aftalen',
};

/** Plain words for the schemas' codes; a code not listed is shown with its underscores as spaces. */
const CHOICES = {
  KONTAKTGRUPPE_START: 'Borgeren kommer i en kontaktgruppe', KONTAKTGRUPPE_SLUT: 'Borgeren forlader en kontaktgruppe',
  TILMELDING: 'Tilmelding som arbejdssøgende', AFMELDING: 'Afmelding som arbejdssøgende',
  JOBSAMTALE: 'Jobsamtale', FOERSTE_HENVENDELSE: 'Første henvendelse', MATCHGRUPPE_AENDRING: 'Ny matchgruppe',
  FRAVAER: 'Fravær', FRITAGELSE: 'Fritagelse', PERIODISK_FORHOLD: 'Periodisk forhold', SENIORJOB: 'Seniorjob',
  INDKALDELSE: 'Indkaldelse', AFLYSNING: 'Aflysning', FLYTNING: 'Flytning', AENDRING: 'Ændring',
  UDSKREVET: 'Udskrevet', UDLEVERET: 'Udleveret', SENDT: 'Sendt',
  OPFOELGNINGSSAMTALE: 'Opfølgningssamtale', CV_SAMTALE: 'Cv-samtale', ANDEN_INDIVIDUEL_SAMTALE: 'Anden individuel samtale', MOEDE_MED_MOEDEPLIGT: 'Møde med mødepligt',
  FORANSTALTNING: 'Foranstaltning', JOBPLAN: 'Jobplan', FORSIKRET_LEDIG: 'Forsikret ledig', VOKSENELEV: 'Voksenelev', BESKAEFTIGET: 'Beskæftiget',
  VIRKSOMHEDSRETTET: 'Virksomhedsrettet', KURSUS: 'Kursus', ANDET: 'Andet', TILSKUD_BEVILGET: 'Tilskud bevilget',
  UNDERVISNINGSMATERIALE: 'Undervisningsmateriale', ARBEJDSREDSKABER_OG_MINDRE_ARBEJDSPLADSINDRETNINGER: 'Arbejdsredskaber og mindre arbejdspladsindretninger',
  PLANLAGT: 'Planlagt', AKTIV: 'I gang', AFSLUTTET: 'Afsluttet', AFBRUDT: 'Afbrudt', ANNULLERET: 'Annulleret', UKENDT: 'Ukendt',
  'udeblivelse-samtale': 'Udeblev fra samtale i jobcentret', 'udeblivelse-tilbud': 'Udeblev fra tilbud', 'afvisning-tilbud': 'Afviste et tilbud',
  'afvisning-jobplan': 'Ville ikke medvirke til jobplan', 'afvisning-henvist-arbejde': 'Afviste henvist arbejde', 'ophoer-tilbud': 'Selvforskyldt ophør i tilbud',
  'loentilskud-ansaettelse': 'Ansat i løntilskud', 'tilbud-start': 'Tilbud begynder', 'tilbud-slut': 'Tilbud slutter', 'tilbud-aendring': 'Tilbud ændres (datoer eller timer)',
};
const choice = (v) => CHOICES[v] ?? String(v).replaceAll('_', ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase());

/** The hub's reason codes in plain Danish; the paragraph comes from the hub's own message. */
const REASONS = {
  'missing-field': 'skal udfyldes', 'wrong-type': 'har ikke den rigtige form', 'invalid-date': 'skal være en gyldig dato',
  'cpr-format': 'skal være 10 cifre (med eller uden bindestreg)', 'cpr-date': 'skal begynde med en gyldig fødselsdato',
  'unknown-haendelsestype': 'vælg en hændelse fra listen', 'unknown-status': 'vælg tilbuddets status nu', 'end-before-start': 'må ikke ligge før startdatoen',
  'invalid-hours': 'skal være et antal timer over 0 og højst 168', 'kommunekode-format': 'vælg en kommune', 'kommunekode-unknown': 'vælg en kommune',
  'cvr-format': 'skal være 8 cifre', 'cvr-modulus11': 'er ikke et gyldigt CVR-nummer', 'cvr-leading-zero': 'et CVR-nummer begynder ikke med 0',
  'pnummer-format': 'skal være 10 cifre', 'cpr-modulus11': 'består ikke modulus 11-kontrollen (gyldigt for numre udstedt efter 2007)',
  'date-format': 'skal være en gyldig dato', 'invalid-instant': 'skal være et gyldigt tidspunkt', 'out-of-range': 'ligger uden for det tilladte interval',
  'unknown-value': 'vælg en værdi fra listen', 'unknown-field': 'kendes ikke i dette dataområde', 'inconsistent-date': 'passer ikke med de andre datoer',
  'event-in-future': 'ligger efter i dag; en hændelse indberettes, når den er sket', 'knowledge-before-event': 'kan ikke ligge før hændelsesdatoen',
  'knowledge-in-future': 'kan ikke ligge efter i dag', 'kendskabsdato-in-future': 'kan ikke ligge efter i dag', 'approved-in-future': 'kan ikke ligge efter i dag',
  'revised-before-created': 'kan ikke ligge før oprettelsesdatoen', 'kommune-outside-agreement': 'er ikke omfattet af jeres tilslutningsaftale',
  'data-area-outside-agreement': 'dataområdet er ikke omfattet af jeres tilslutningsaftale', 'web-service-only': 'kan kun indberettes via webservice',
  'aarsag-unknown': 'vælg en årsag fra listen', 'aarsag-wrong-kind': 'årsagen passer ikke til hændelsen',
  'aarsag-not-allowed-for-group': 'årsagen er ikke tilladt for borgerens kontaktgruppe (bilag 1)',
  'aarsag-not-allowed-for-matchgruppe': 'årsagen er ikke tilladt for borgerens matchgruppe (bilag 1)',
  'afmelding-too-far-ahead': 'ligger for langt ude i fremtiden', 'afmelding-backdated': 'kan ikke tilbagedateres',
  'interview-before-letter': 'samtalen kan ikke ligge før indkaldelsen', 'not-an-offer-event': 'hændelsen handler ikke om et tilbud',
  'reported-late': 'indberettet efter fristen', 'reported-early': 'indberettet før den tidligste dag', 'before-offer-given': 'indberettet før tilbuddet blev givet',
  'before-offer-end': 'holdes tilbage til tilbuddets slutdato', 'outside-personkreds': 'borgeren er ikke omfattet af personkredsen',
  'not-in-personkreds': 'borgeren er ikke omfattet af personkredsen', 'fleksjob-only-s62': 'for medlemmer i fleksjob indberettes kun tilbud (§ 62)',
};
const paragraphOf = (message) => /^(§[^:]*):/.exec(message ?? '')?.[1];
const reasonText = (r) => {
  const words = REASONS[r.code];
  const paragraph = paragraphOf(r.message);
  return words ? `${paragraph ? `${paragraph}: ` : ''}${words}` : r.message;
};

const UDFALD = {
  LEVERET: 'Modtaget og videresendt', AFVIST: 'Afvist', UDEN_FOR_PERSONKREDS: 'Uden for personkredsen',
  TILBAGEHOLDT: 'Modtaget; holdes tilbage til', AFVENTER_AKASSE: 'Modtaget; venter på borgerens a-kasse',
  DOEDT_BREV: 'Kunne ikke behandles', DUBLET: 'Allerede modtaget tidligere',
};
const VURDERING = { 'on-time': 'rettidig', late: 'for sent', premature: 'for tidligt', rejected: 'afvist', 'out-of-scope': 'uden for personkredsen' };

const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

const api = (path, body) => fetch(path, {
  method: body === undefined ? 'GET' : 'POST',
  credentials: 'same-origin',
  headers: { 'x-hub-kanal': 'registreringsside', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

let areas = [];
let session;
let timer;

const labelOf = (path, name) => LABELS[path] ?? LABELS[name] ?? name;
const fieldId = (path) => `f-${path.replaceAll('.', '-')}`;

/** Builds the inputs of one object schema; input names are dotted paths (tilbud.startdato). */
const buildFields = (schema, parent, prefix) => {
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (!prefix && HIDDEN.has(name)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    if (prop.type === 'object') {
      const set = el('fieldset', { 'data-record': path });
      set.append(el('legend', {}, labelOf(path, name)));
      parent.append(set);
      const inner = el('div', { 'data-inner': path });
      if (prop.nullable) {
        const box = el('input', { type: 'checkbox', 'data-include': path, id: `med-${fieldId(path)}` });
        const lab = el('label', { for: box.id, class: 'valg' }, `Udfyld ${labelOf(path, name).toLowerCase()}`);
        lab.prepend(box);
        set.append(lab);
        inner.hidden = true;
        box.addEventListener('change', () => { inner.hidden = !box.checked; });
      }
      set.append(inner);
      buildFields(prop, inner, path);
      continue;
    }
    const id = fieldId(path);
    const optional = prop.nullable || !required.has(name);
    const label = el('label', { for: id }, `${labelOf(path, name)}${optional ? ' (kan udelades)' : ''}`);
    let input;
    if (name === 'kommunekode' && !prefix) {
      input = el('select', { id, name: path });
      input.append(el('option', { value: '' }, 'Vælg kommune'));
      for (const k of session.kommuner) input.append(el('option', { value: k.kode }, `${k.navn} (${k.kode})`));
    } else if (prop.enum) {
      input = el('select', { id, name: path });
      input.append(el('option', { value: '' }, optional ? 'Ingen' : 'Vælg'));
      for (const v of prop.enum.filter((x) => x !== null)) input.append(el('option', { value: v }, choice(v)));
    } else if (prop.type === 'boolean') {
      input = el('input', { id, name: path, type: 'checkbox' });
    } else if (prop.type === 'array') {
      input = el('input', { id, name: path, type: 'text' });
    } else if (/dato$|GaelderFra$/i.test(name)) {
      input = el('input', { id, name: path, type: 'date' });
    } else if (/klokkeslaet$/i.test(name)) {
      // HH:MM, Copenhagen local time: what the case worker's clock shows.
      input = el('input', { id, name: path, type: 'time' });
    } else if (name === 'cpr') {
      input = el('input', { id, name: path, type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false' });
      label.append(el('span', { class: 'hjaelp' }, '10 cifre, med eller uden bindestreg: ddmmåå-xxxx'));
    } else {
      const numeric = prop.type === 'integer' || prop.type === 'number';
      input = el('input', { id, name: path, type: numeric ? 'number' : 'text', ...(prop.type === 'number' ? { step: 'any' } : {}) });
    }
    input.dataset.kind = prop.enum ? 'enum' : prop.type;
    input.dataset.items = prop.items?.type ?? '';
    if (optional) input.dataset.nullable = '1';
    if (!optional) input.setAttribute('aria-required', 'true');
    const error = el('span', { class: 'fejl', id: `fejl-${id}`, 'data-field': path });
    input.setAttribute('aria-describedby', error.id);
    parent.append(label, input, error);
  }
};

const valueOf = (input) => {
  const raw = input.value.trim();
  const empty = input.dataset.nullable ? null : undefined;
  switch (input.dataset.kind) {
    case 'boolean': return input.checked;
    case 'integer': return raw === '' ? empty : Number.isInteger(Number(raw)) ? Number(raw) : raw;
    case 'number': return raw === '' ? empty : Number(raw.replace(',', '.'));
    case 'array': return raw === '' ? [] : raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (input.dataset.items === 'integer' ? Number(s) : s));
    default: return raw === '' ? empty : input.name === 'cpr' ? raw.replace(/[\s-]/g, '') : raw;
  }
};

/** An ISO-8601 instant with the Copenhagen offset of this browser (the hub reads the day from it). */
const nowWithOffset = () => {
  const d = new Date();
  const offset = -d.getTimezoneOffset();
  const pad = (n) => String(Math.abs(n)).padStart(2, '0');
  const local = new Date(d.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${offset >= 0 ? '+' : '-'}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
};

const setPath = (target, path, value) => {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[parts.at(-1)] = value;
};

/** The report as the form holds it; an unticked optional part is null. */
const collect = () => {
  const report = { registreretTidspunkt: nowWithOffset() };
  const skipped = [...document.querySelectorAll('[data-include]')].filter((b) => !b.checked).map((b) => b.dataset.include);
  for (const path of skipped) setPath(report, path, null);
  for (const input of $('form').querySelectorAll('input[name], select[name]')) {
    if (skipped.some((p) => input.name.startsWith(`${p}.`))) continue;
    const value = valueOf(input);
    if (value !== undefined) setPath(report, input.name, value);
  }
  return { kapitel: Number($('kapitel').value), report };
};

/** Shows each reason beside its field (or its part); returns how many were shown. */
const showReasons = (reasons) => {
  for (const span of document.querySelectorAll('span.fejl[data-field]')) span.textContent = '';
  for (const input of $('form').querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  for (const r of reasons) {
    let field = r.field ?? '';
    let span = document.querySelector(`span.fejl[data-field="${CSS.escape(field)}"]`);
    while (!span && field.includes('.')) {
      field = field.slice(0, field.lastIndexOf('.'));
      span = document.querySelector(`span.fejl[data-field="${CSS.escape(field)}"]`);
    }
    const target = span ?? $('status');
    target.textContent = target.textContent ? `${target.textContent} ${reasonText(r)}` : reasonText(r);
    if (span) document.getElementById(span.id.replace(/^fejl-/, ''))?.setAttribute('aria-invalid', 'true');
  }
};

const errorText = async (response) => {
  try {
    const body = await response.json();
    return body.error ? `${body.error.message} (${body.error.code})` : `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
};

const status = (text, kind) => { $('status').textContent = text; $('status').className = kind; };

const validate = async () => {
  const response = await api('/api/v1/valider', collect());
  if (response.status === 401) return signedOut();
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    showReasons([]);
    status(`Indberetningen kan ikke sendes: ${body.error?.message ?? `HTTP ${response.status}`}`, 'fejl');
    if (body.error?.reasons) showReasons(body.error.reasons);
    return false;
  }
  const result = await response.json();
  status(result.gyldig ? 'Alle felter er i orden.' : 'Ret felterne markeret med rødt.', result.gyldig ? 'ok' : 'fejl');
  showReasons(result.aarsager);
  return result.gyldig;
};

const showReceipt = (id, k) => {
  const held = k.udfald === 'TILBAGEHOLDT' && k.frigivesDato ? ` ${k.frigivesDato}` : '';
  const lines = [
    `Indberetning ${id}`,
    `${UDFALD[k.udfald] ?? k.udfald}${held}: ${VURDERING[k.vurdering] ?? k.vurdering}${k.paragraf ? ` (${k.paragraf})` : ''}`,
    ...(k.fristdato ? [`Frist: ${k.fristdato}`] : []),
    ...k.aarsager.map((a) => `– ${reasonText({ code: a.kode, message: a.tekst })}`),
  ];
  $('kvittering').textContent = lines.join('\n');
  $('kvittering').dataset.udfald = k.udfald;
};

/** Follows the receipt until the hub has decided: a held or waiting report is followed on. */
const followReceipt = async (url, id) => {
  for (let i = 0; i < 240; i++) {
    const response = await api(url);
    if (response.ok) {
      const k = await response.json();
      showReceipt(id, k);
      if (!['TILBAGEHOLDT', 'AFVENTER_AKASSE'].includes(k.udfald)) return;
    }
    await new Promise((r) => setTimeout(r, i < 20 ? 500 : 5000));
  }
};

const submit = async (event) => {
  event.preventDefault();
  if (!(await validate())) {
    $('form').querySelector('[aria-invalid="true"]')?.focus();
    return;
  }
  const response = await api('/api/v1/indberetninger', collect());
  if (response.status !== 202) { status(`Ikke sendt: ${await errorText(response)}`, 'fejl'); return; }
  const { indberetningId, kvittering } = await response.json();
  status(`Sendt. Indberetningens id er ${indberetningId}; kvitteringen følger herunder.`, 'ok');
  $('kvittering').textContent = 'Venter på kvittering …';
  delete $('kvittering').dataset.udfald;
  $('kvittering').focus();
  await followReceipt(kvittering, indberetningId);
};

const render = () => {
  const area = areas.find((a) => a.kapitel === Number($('kapitel').value));
  const form = $('form');
  form.replaceChildren();
  status('', '');
  if (!area) return;
  buildFields(area.schema, form, '');
  const buttons = el('div');
  const check = el('button', { type: 'button', id: 'tjek', class: 'sekundaer' }, 'Tjek felterne');
  check.addEventListener('click', () => { validate().catch((e) => status(String(e), 'fejl')); });
  buttons.append(check, el('button', { type: 'submit', id: 'send' }, 'Send indberetning'));
  form.append(buttons);
};

const signedIn = async (view) => {
  session = view;
  $('log-ind-sektion').hidden = true;
  $('registrering').hidden = false;
  $('bruger-info').textContent = `Logget ind som ${view.bruger} for ${view.navn} (${view.aftale}).`;
  const all = await (await fetch('/api/v1/dataomraader')).json();
  // §§ 35 stk. 2 and 41 stk. 2: chapters 6 and 7 are not offered here (the server refuses them too).
  areas = all.filter((a) => !a.webserviceOnly && view.kapitler.includes(a.kapitel));
  $('kapitel').replaceChildren(...areas.map((a) => el('option', { value: String(a.kapitel) }, `${a.titel} (kapitel ${a.kapitel})`)));
  render();
};

const signedOut = () => {
  session = undefined;
  $('registrering').hidden = true;
  $('log-ind-sektion').hidden = false;
  $('log-ind-fejl').textContent = 'Du er ikke logget ind (eller sessionen er udløbet). Log ind igen.';
  $('aftale').focus();
  return false;
};

$('log-ind').addEventListener('submit', async (event) => {
  event.preventDefault();
  const response = await fetch('/registrering/log-ind', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ aftale: $('aftale').value.trim(), bruger: $('bruger').value.trim(), adgangskode: $('adgangskode').value }),
  });
  $('adgangskode').value = '';
  if (!response.ok) { $('log-ind-fejl').textContent = response.status === 401 ? 'Forkert aftale, brugernavn eller adgangskode.' : await errorText(response); return; }
  $('log-ind-fejl').textContent = '';
  await signedIn(await response.json());
  $('kapitel').focus();
});
$('log-ud').addEventListener('click', async () => {
  await fetch('/registrering/log-ud', { method: 'POST' });
  signedOut();
  $('log-ind-fejl').textContent = 'Du er logget ud.';
});
$('form').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { validate().catch(() => undefined); }, 700); });
$('form').addEventListener('submit', (e) => { submit(e).catch((err) => status(String(err), 'fejl')); });
$('kapitel').addEventListener('change', render);
$('kvittering').setAttribute('tabindex', '-1');

const current = await fetch('/registrering/session');
if (current.ok) {
  await signedIn(await current.json());
  $('kapitel').focus();
}
document.body.dataset.klar = '1';
