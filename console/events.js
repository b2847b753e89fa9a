// Key rotations (why the resolver moved calls between keys) and key alerts live from the apiKeyAlerts subscription.
import { request, subscribe } from './api.js';
import { el, when } from './format.js';

const ROTATIONS = 'query ConsoleApiKeyRotations { apiKeyRotations(first: 30) { at provider fromKeyId toKeyId reason } }';
const ALERTS = 'subscription ConsoleApiKeyAlerts { apiKeyAlerts { keyId provider kind used dailyQuota reason at } }';

const ALERT_TEXT = {
  QUOTA_80: (alert) => `passed 80% of its daily quota (${alert.used} / ${alert.dailyQuota})`,
  QUOTA_100: (alert) => `used all of its daily quota (${alert.used} / ${alert.dailyQuota})`,
  DISABLED: (alert) => `was disabled: ${alert.reason ?? 'no reason given'}`,
};

const shortId = (id) => (id ? id.slice(0, 8) : '—');

export function eventsPage(root, { onAlert, onError }) {
  const tbody = root.querySelector('#rotations-table tbody');
  const alerts = root.querySelector('#alerts');

  async function show() {
    const { apiKeyRotations } = await request(ROTATIONS);
    tbody.replaceChildren(...apiKeyRotations.map((rotation) => el('tr', {},
      el('td', {}, when(rotation.at)),
      el('td', {}, rotation.provider),
      el('td', { class: 'mono', title: rotation.fromKeyId ?? '' }, shortId(rotation.fromKeyId)),
      el('td', { class: 'mono', title: rotation.toKeyId ?? '' }, shortId(rotation.toKeyId)),
      el('td', {}, rotation.reason),
    )));
    if (apiKeyRotations.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 5 }, 'No rotations: every call went to its first key.')));
  }

  /** Started at sign-in, so alerts arrive whichever page is open. */
  function listen() {
    return subscribe(ALERTS, {}, {
      next: ({ apiKeyAlerts: alert }) => {
        alerts.querySelector('.empty')?.remove();
        alerts.prepend(el('li', { class: `fresh alert-${alert.kind}`, 'data-key-id': alert.keyId },
          el('div', {}, el('strong', {}, alert.provider), ` key ${shortId(alert.keyId)} `, ALERT_TEXT[alert.kind](alert)),
          el('div', { class: 'meta' }, `${alert.kind} · ${when(alert.at)}`)));
        onAlert(alert);
      },
      error: onError,
    });
  }

  return { show, listen };
}
