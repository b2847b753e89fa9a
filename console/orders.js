// Recent orders, and the live feed of orderStatusChanged: each event carries fields from several subgraphs
// (shipments from logistics, payment from finance), resolved by the gateway per event.
import { request, subscribe } from './api.js';
import { el, when, money } from './format.js';

const RECENT = `query ConsoleOrders { orders(first: 15) { totalCount edges { node {
  id externalId marketplace status buyerName updatedAt total { amount currency } } } } }`;
const CHANGES = `subscription ConsoleOrderStatusChanged { orderStatusChanged { previousStatus cause at order {
  id externalId marketplace status buyerName updatedAt total { amount currency }
  shipments { carrier trackingNumber status } payment { status } } } }`;

function orderRow(order) {
  return el('tr', { 'data-order-id': order.id },
    el('td', {}, order.marketplace),
    el('td', { class: 'mono' }, order.externalId),
    el('td', {}, order.buyerName),
    el('td', {}, order.status),
    el('td', { class: 'num' }, money(order.total)),
    el('td', {}, when(order.updatedAt)));
}

export function ordersPage(root, { onError }) {
  const tbody = root.querySelector('#orders-table tbody');
  const feed = root.querySelector('#order-feed');

  async function show() {
    const { orders } = await request(RECENT);
    tbody.replaceChildren(...orders.edges.map((edge) => orderRow(edge.node)));
  }

  function event({ orderStatusChanged: change }) {
    const { order } = change;
    const shipment = order.shipments?.[order.shipments.length - 1];
    feed.querySelector('.empty')?.remove();
    feed.prepend(el('li', { class: 'fresh', 'data-order-id': order.id },
      el('div', {}, el('strong', {}, `${order.marketplace} ${order.externalId}`), ' ',
        change.previousStatus ? `${change.previousStatus} → ${order.status}` : `new order, ${order.status}`),
      el('div', { class: 'meta' }, [
        change.cause,
        when(change.at),
        shipment ? `${shipment.carrier} ${shipment.trackingNumber} (${shipment.status})` : null,
        order.payment ? `payment ${order.payment.status}` : null,
      ].filter(Boolean).join(' · '))));
    while (feed.children.length > 100) feed.lastElementChild.remove();
    const known = tbody.querySelector(`tr[data-order-id="${CSS.escape(order.id)}"]`);
    if (known) known.replaceWith(orderRow(order));
  }

  /** Started at sign-in, so the feed fills whichever page is open. */
  function listen() {
    return subscribe(CHANGES, {}, { next: event, error: onError });
  }

  return { show, listen };
}
