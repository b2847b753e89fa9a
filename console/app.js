// The console's shell: sign-in with a pasted token (kept in sessionStorage), one page per hash (#keys, #usage,
// #events, #orders, #chat), and the live subscriptions started once per sign-in.
import { session, request, onLiveStatus, closeLive } from './api.js';
import { keysPage } from './keys.js';
import { usagePage } from './usage.js';
import { eventsPage } from './events.js';
import { ordersPage } from './orders.js';
import { chatPage } from './chat.js';

const $ = (selector) => document.querySelector(selector);
const loginView = $('#login');
const appView = $('#app');
const pageError = $('#page-error');
const alertCount = $('#alert-count');

function showError(error) {
  pageError.textContent = error?.message ?? String(error);
  pageError.hidden = false;
}

const hooks = { onError: showError };
let unseenAlerts = 0;
const pages = {
  keys: keysPage(document, hooks),
  usage: usagePage(document),
  events: eventsPage(document, {
    ...hooks,
    onAlert: () => {
      if (location.hash === '#events') return;
      unseenAlerts += 1;
      alertCount.textContent = String(unseenAlerts);
      alertCount.hidden = false;
    },
  }),
  orders: ordersPage(document, hooks),
  chat: chatPage(document, hooks),
};
let stopLive = [];

async function showPage() {
  const roles = session.claims().roles ?? [];
  // Keys, usage and alerts are the admin API; a viewer or operator starts on the orders.
  const home = roles.includes('admin') || roles.includes('platform') ? 'keys' : 'orders';
  const name = location.hash.slice(1) in pages ? location.hash.slice(1) : home;
  for (const section of document.querySelectorAll('.page')) section.hidden = section.id !== `page-${name}`;
  for (const link of document.querySelectorAll('nav a[data-page]')) link.classList.toggle('active', link.dataset.page === name);
  if (name === 'events') {
    unseenAlerts = 0;
    alertCount.hidden = true;
  }
  pageError.hidden = true;
  const page = $(`#page-${name}`);
  page.setAttribute('aria-busy', 'true');
  try {
    await pages[name].show();
  } catch (error) {
    showError(error);
  } finally {
    page.setAttribute('aria-busy', 'false');
  }
}

function signedIn() {
  const claims = session.claims();
  const roles = claims.roles ?? [];
  $('#who').textContent = `${claims.sub ?? '?'} · tenant ${claims.tenant ?? '?'} · ${roles.join(', ')}`;
  loginView.hidden = true;
  appView.hidden = false;
  stopLive = [pages.orders.listen()];
  // Key alerts are for admins (and the platform role); a viewer would only get FORBIDDEN.
  if (roles.includes('admin') || roles.includes('platform')) stopLive.push(pages.events.listen());
  void showPage();
}

function signOut(reason) {
  for (const stop of stopLive) stop();
  stopLive = [];
  pages.chat.stop();
  closeLive();
  session.clear();
  appView.hidden = true;
  loginView.hidden = false;
  const error = $('#login-error');
  error.textContent = reason ?? '';
  error.hidden = !reason;
}

$('#login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = $('#token').value.trim().replace(/^Bearer\s+/i, '');
  const error = $('#login-error');
  error.hidden = true;
  try {
    // Any cheap query proves the token: the gateway answers UNAUTHENTICATED otherwise.
    await request('query ConsoleSignIn { orders(first: 1) { totalCount } }', {}, token);
  } catch (failure) {
    error.textContent = `Sign-in refused: ${failure.message}`;
    error.hidden = false;
    return;
  }
  session.save(token);
  $('#token').value = '';
  signedIn();
});

$('#logout').addEventListener('click', () => signOut());
window.addEventListener('opsgraph:unauthenticated', (event) => signOut(`Signed out: ${event.detail}`));
window.addEventListener('hashchange', () => void showPage());
onLiveStatus((state) => {
  const status = $('#live-status');
  status.dataset.state = state;
  status.textContent = { connecting: 'connecting', connected: 'live', closed: 'reconnecting', unauthorized: 'token refused' }[state] ?? state;
});

if (session.token) signedIn();
else signOut();
