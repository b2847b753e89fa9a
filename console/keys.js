// Provider keys: status and today's quota per key, add / test / disable / enable, through the keys API.
import { request } from './api.js';
import { el, when, number } from './format.js';

const KEY_FIELDS = 'id provider label scope last4 dailyQuota usedToday status consecutiveErrors disabledReason lastUsedAt';
const API_KEYS = `query ConsoleApiKeys { apiKeys { ${KEY_FIELDS} } }`;
const ADD_KEY = `mutation ConsoleAddApiKey($input: AddApiKeyInput!) { addApiKey(input: $input) { ${KEY_FIELDS} } }`;
const TEST_KEY = 'mutation ConsoleTestApiKey($id: ID!) { testApiKey(id: $id) { ok latencyMs error } }';
const DISABLE_KEY = `mutation ConsoleDisableApiKey($id: ID!) { disableApiKey(id: $id, reason: "disabled from the console") { ${KEY_FIELDS} } }`;
const ENABLE_KEY = `mutation ConsoleEnableApiKey($id: ID!) { enableApiKey(id: $id) { ${KEY_FIELDS} } }`;

// Every provider and the credential fields a key for it holds, from the registry (the keys API's `providers`).
const PROVIDERS = 'query ConsoleProviders { providers { provider served credentialFields } }';

function quotaCell(key) {
  const bar = el('div', { class: 'bar' }, el('span'));
  let text;
  if (key.dailyQuota) {
    const share = key.usedToday / key.dailyQuota;
    bar.firstChild.style.width = `${Math.min(100, share * 100).toFixed(1)}%`;
    if (share >= 1) bar.classList.add('full');
    else if (share >= 0.8) bar.classList.add('warn');
    text = `${number(key.usedToday)} / ${number(key.dailyQuota)} (${Math.round(share * 100)}%)`;
  } else {
    // No quota to fill: an empty track, so a busy key never looks exhausted.
    bar.classList.add('unlimited');
    text = `${number(key.usedToday)} ${key.usedToday === 1 ? 'call' : 'calls'} today · no daily quota`;
  }
  return el('td', { class: 'quota' }, bar, el('small', {}, text));
}

export function keysPage(root, { onError }) {
  const tbody = root.querySelector('#keys-table tbody');
  const form = root.querySelector('#add-key');
  const providerSelect = form.querySelector('#add-provider');
  const formError = form.querySelector('#add-key-error');
  const testResults = new Map();

  const credentialFields = new Map();
  const suggestShape = () => {
    const fields = credentialFields.get(providerSelect.value) ?? [];
    form.credentials.value = JSON.stringify(Object.fromEntries(fields.map((field) => [field, ''])), null, 0);
  };
  providerSelect.addEventListener('change', suggestShape);
  // The providers opsgraph calls first; those it only stores keys for after them, marked. Loaded once, when the page
  // is first shown (signed in).
  async function loadProviders() {
    if (credentialFields.size > 0) return;
    const { providers } = await request(PROVIDERS);
    const ordered = [...providers.filter((p) => p.served), ...providers.filter((p) => !p.served)];
    for (const { provider, served, credentialFields: fields } of ordered) {
      credentialFields.set(provider, fields);
      providerSelect.append(el('option', { value: provider }, served ? provider : `${provider} (not called yet)`));
    }
    suggestShape();
  }

  async function act(button, run) {
    button.disabled = true;
    try {
      await run();
    } catch (error) {
      onError(error);
    } finally {
      button.disabled = false;
    }
  }

  function row(key) {
    const result = testResults.get(key.id);
    const test = el('button', { class: 'small', type: 'button' }, 'Test');
    test.addEventListener('click', () => act(test, async () => {
      const { testApiKey } = await request(TEST_KEY, { id: key.id });
      testResults.set(key.id, testApiKey);
      await refresh();
    }));
    const toggle = key.status === 'DISABLED'
      ? el('button', { class: 'small ghost', type: 'button' }, 'Enable')
      : el('button', { class: 'small ghost', type: 'button' }, 'Disable');
    toggle.addEventListener('click', () => act(toggle, async () => {
      await request(key.status === 'DISABLED' ? ENABLE_KEY : DISABLE_KEY, { id: key.id });
      await refresh();
    }));
    return el('tr', { 'data-key-id': key.id },
      el('td', {}, key.provider, key.scope === 'SHARED' ? el('small', {}, ' shared') : null),
      el('td', {}, key.label),
      el('td', { class: 'mono' }, `••••${key.last4}`),
      el('td', { title: key.disabledReason ?? '' }, el('span', { class: `status ${key.status}` }, key.status.replace('_', ' '))),
      quotaCell(key),
      el('td', { class: 'num' }, key.consecutiveErrors),
      el('td', {}, when(key.lastUsedAt)),
      el('td', { class: 'actions' }, test, toggle, result
        ? el('span', { class: `test-result ${result.ok ? 'ok' : 'failed'}` },
          result.ok ? `test ok · ${result.latencyMs} ms` : `test failed: ${result.error ?? 'no reason given'}`)
        : null),
    );
  }

  async function refresh() {
    const [{ apiKeys }] = await Promise.all([request(API_KEYS), loadProviders()]);
    const sorted = [...apiKeys].sort((a, b) => a.provider.localeCompare(b.provider) || a.label.localeCompare(b.label));
    tbody.replaceChildren(...sorted.map(row));
    if (sorted.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 8 }, 'No keys yet: add one below.')));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    formError.hidden = true;
    let credentials;
    try {
      credentials = JSON.parse(form.credentials.value);
    } catch (error) {
      formError.textContent = `Credentials must be a JSON object: ${error.message}`;
      formError.hidden = false;
      return;
    }
    const input = { provider: providerSelect.value, label: form.label.value.trim(), scope: 'TENANT', credentials };
    if (form.dailyQuota.value) input.dailyQuota = Number(form.dailyQuota.value);
    const submit = form.querySelector('button[type=submit]');
    submit.disabled = true;
    try {
      await request(ADD_KEY, { input });
      form.label.value = '';
      form.dailyQuota.value = '';
      suggestShape();
      await refresh();
    } catch (error) {
      formError.textContent = error.message;
      formError.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });

  return { show: refresh };
}
