// The registration page: forms generated from the data areas' JSON Schemas, which the server
// converts from the same Avro schemas the SDK validates with. No build step, no framework.
// Every text from the user or the server is set with textContent, never as HTML.
const $ = (id) => document.getElementById(id);
const SERVER_FILLED = new Set(['indberetningId', 'kildesystem']);
let areas = [];
let timer;

const keyInput = $('apiKey');
keyInput.value = sessionStorage.getItem('hub-api-key') ?? '';
keyInput.addEventListener('change', () => sessionStorage.setItem('hub-api-key', keyInput.value.trim()));

const api = (path, body) => fetch(path, {
  method: body === undefined ? 'GET' : 'POST',
  headers: { 'x-api-key': keyInput.value.trim(), 'x-hub-kanal': 'registreringsside', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

const el = (tag, attrs = {}, text) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
};

const typeOf = (s) => (s.enum ? 'enum' : s.type);

/** Builds inputs for one object schema; names are dotted paths (tilbud.startdato). */
const buildFields = (schema, parent, prefix) => {
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    if (!prefix && SERVER_FILLED.has(name)) continue;
    const path = prefix ? `${prefix}.${name}` : name;
    if (prop.type === 'object') {
      const set = el('fieldset', { 'data-record': path });
      set.append(el('legend', {}, name));
      if (prop.nullable) {
        const box = el('input', { type: 'checkbox', 'data-include': path, id: `inc-${path}` });
        const lab = el('label', { for: `inc-${path}` }, `udfyld ${name}`);
        lab.prepend(box);
        set.append(lab);
      }
      if (prop.description) set.append(el('small', {}, prop.description));
      buildFields(prop, set, path);
      parent.append(set);
      continue;
    }
    const id = `f-${path}`;
    const label = el('label', { for: id }, `${name}${prop.nullable || prop.default !== undefined ? '' : ' *'}`);
    if (prop.description) label.append(el('small', {}, prop.description));
    let input;
    if (typeOf(prop) === 'enum') {
      input = el('select', { id, name: path });
      if (prop.nullable) input.append(el('option', { value: '' }, ''));
      for (const v of prop.enum.filter((x) => x !== null)) input.append(el('option', { value: v }, v));
    } else if (prop.type === 'boolean') {
      input = el('input', { id, name: path, type: 'checkbox' });
    } else if (prop.type === 'array') {
      input = el('input', { id, name: path, type: 'text', placeholder: 'kommasepareret' });
    } else {
      input = el('input', { id, name: path, type: prop.type === 'integer' || prop.type === 'number' ? 'number' : 'text', ...(prop.type === 'number' ? { step: 'any' } : {}) });
      if (name === 'registreretTidspunkt') input.value = new Date().toISOString();
    }
    input.dataset.kind = typeOf(prop) === 'enum' ? 'enum' : prop.type;
    input.dataset.items = prop.items?.type ?? '';
    if (prop.nullable) input.dataset.nullable = '1';
    const error = el('span', { class: 'fejl', 'data-field': path });
    parent.append(label, input, error);
  }
};

const valueOf = (input) => {
  const raw = input.value.trim();
  switch (input.dataset.kind) {
    case 'boolean': return input.checked;
    case 'integer': return raw === '' ? (input.dataset.nullable ? null : undefined) : Number.isInteger(Number(raw)) ? Number(raw) : raw;
    case 'number': return raw === '' ? (input.dataset.nullable ? null : undefined) : Number(raw);
    case 'array': return raw === '' ? [] : raw.split(',').map((s) => s.trim()).filter(Boolean).map((s) => (input.dataset.items === 'integer' ? Number(s) : s));
    default: return raw === '' ? (input.dataset.nullable ? null : undefined) : raw;
  }
};

/** The report as the form holds it; an unticked optional record is null. */
const collect = () => {
  const report = {};
  const skipped = [...document.querySelectorAll('[data-include]')].filter((b) => !b.checked).map((b) => b.dataset.include);
  for (const path of skipped) setPath(report, path, null);
  for (const input of $('form').querySelectorAll('input[name], select[name]')) {
    if (skipped.some((p) => input.name.startsWith(`${p}.`))) continue;
    const value = valueOf(input);
    if (value !== undefined) setPath(report, input.name, value);
  }
  return { kapitel: Number($('kapitel').value), report };
};

const setPath = (target, path, value) => {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) node = node[part] ??= {};
  node[parts.at(-1)] = value;
};

const showReasons = (reasons) => {
  for (const span of document.querySelectorAll('span.fejl[data-field]')) span.textContent = '';
  $('aarsager').replaceChildren(...reasons.map((r) => el('li', {}, `${r.field ? `${r.field}: ` : ''}${r.message}`)));
  for (const r of reasons) {
    const span = r.field && document.querySelector(`span.fejl[data-field="${CSS.escape(r.field)}"]`);
    if (span) span.textContent = r.message;
  }
};

const errorText = async (response) => {
  try { const body = await response.json(); return body.error ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`; } catch { return `HTTP ${response.status}`; }
};

const validate = async () => {
  const response = await api('/api/v1/valider', collect());
  if (!response.ok) { $('status').textContent = await errorText(response); $('status').className = 'fejl'; return false; }
  const result = await response.json();
  showReasons(result.aarsager);
  $('status').textContent = result.gyldig ? 'Indberetningen er gyldig.' : 'Ret felterne markeret med rødt.';
  $('status').className = result.gyldig ? 'ok' : 'fejl';
  return result.gyldig;
};

const pollReceipt = async (url, id) => {
  for (let i = 0; i < 120; i++) {
    const response = await api(url);
    if (response.ok) {
      const k = await response.json();
      $('kvittering').textContent = `Indberetning ${id}\nUdfald: ${k.udfald} (${k.vurdering}${k.paragraf ? `, ${k.paragraf}` : ''})\n${k.aarsager.map((a) => `- ${a.tekst}`).join('\n')}`;
      $('kvittering').dataset.udfald = k.udfald;
      return;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  $('kvittering').textContent = `Indberetning ${id}: ingen kvittering endnu; prøv igen senere.`;
};

const submit = async () => {
  if (!(await validate())) return;
  const response = await api('/api/v1/indberetninger', collect());
  if (response.status !== 202) {
    const text = await errorText(response);
    $('status').textContent = text; $('status').className = 'fejl';
    return;
  }
  const { indberetningId, kvittering } = await response.json();
  $('status').textContent = `Modtaget som ${indberetningId}; venter på kvittering …`;
  $('kvittering').textContent = 'Venter på kvittering …';
  delete $('kvittering').dataset.udfald;
  await pollReceipt(kvittering, indberetningId);
};

const render = () => {
  const area = areas.find((a) => a.kapitel === Number($('kapitel').value));
  const form = $('form');
  form.replaceChildren();
  showReasons([]);
  if (area) buildFields(area.schema, form, '');
};

$('form').addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(() => { validate().catch(() => undefined); }, 600); });
$('kapitel').addEventListener('change', render);
$('valider').addEventListener('click', () => { validate().catch((e) => { $('status').textContent = String(e); }); });
$('indsend').addEventListener('click', () => { submit().catch((e) => { $('status').textContent = String(e); }); });

const response = await fetch('/api/v1/dataomraader');
// §§ 35 stk. 2 and 41 stk. 2: chapters 6 and 7 are not offered here (and the server refuses them).
areas = (await response.json()).filter((a) => !a.webserviceOnly);
$('kapitel').replaceChildren(...areas.map((a) => el('option', { value: String(a.kapitel) }, `Kapitel ${a.kapitel}: ${a.titel}`)));
render();
document.body.dataset.klar = '1';
