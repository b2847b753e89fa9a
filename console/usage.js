// Usage per provider over time. The API reports usage for one range at a time (apiUsage(from, to)), so one request
// asks for every bucket of the chart as an aliased field: b0…bN plus the whole range for the table.
import { request } from './api.js';
import { el, number, providerColor } from './format.js';

const RANGES = {
  hour: { buckets: 12, stepMs: 5 * 60_000, label: { hour: '2-digit', minute: '2-digit' } },
  day: { buckets: 24, stepMs: 3_600_000, label: { hour: '2-digit', minute: '2-digit' } },
  week: { buckets: 7, stepMs: 86_400_000, label: { month: 'short', day: 'numeric' } },
};

/** Bucket edges ending at the next whole step, oldest first. */
export function buckets(range, now = Date.now()) {
  const { buckets: count, stepMs } = RANGES[range];
  const end = Math.ceil(now / stepMs) * stepMs;
  return Array.from({ length: count }, (_, i) => ({ from: new Date(end - (count - i) * stepMs), to: new Date(end - (count - i - 1) * stepMs) }));
}

function usageQuery(edges) {
  const variables = {};
  const definitions = [];
  const fields = edges.map((edge, i) => {
    definitions.push(`$f${i}: DateTime!, $t${i}: DateTime!`);
    variables[`f${i}`] = edge.from.toISOString();
    variables[`t${i}`] = edge.to.toISOString();
    return `b${i}: apiUsage(from: $f${i}, to: $t${i}) { provider calls }`;
  });
  definitions.push('$from: DateTime!, $to: DateTime!');
  variables.from = edges[0].from.toISOString();
  variables.to = edges[edges.length - 1].to.toISOString();
  fields.push('total: apiUsage(from: $from, to: $to) { provider calls errors rateLimited p95LatencyMs inputTokens outputTokens costUsd }');
  return { query: `query ConsoleApiUsage(${definitions.join(', ')}) { ${fields.join(' ')} }`, variables };
}

export function usagePage(root) {
  const rangeSelect = root.querySelector('#usage-range');
  const tbody = root.querySelector('#usage-table tbody');
  const canvas = root.querySelector('#usage-chart');
  let chart = null;

  function draw(edges, data, range) {
    const providers = [...new Set(data.total.map((report) => report.provider))].sort();
    const labelFormat = new Intl.DateTimeFormat(undefined, RANGES[range].label);
    const datasets = providers.map((provider) => ({
      label: provider,
      backgroundColor: providerColor(provider),
      data: edges.map((_, i) => data[`b${i}`].find((report) => report.provider === provider)?.calls ?? 0),
    }));
    const config = {
      type: 'bar',
      data: { labels: edges.map((edge) => labelFormat.format(edge.from)), datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, title: { display: true, text: 'calls' }, ticks: { precision: 0 } } },
        plugins: { legend: { position: 'right' }, title: { display: true, text: 'Provider calls per interval' } },
      },
    };
    chart?.destroy();
    chart = new window.Chart(canvas, config);
  }

  function table(total) {
    const rows = [...total].sort((a, b) => b.calls - a.calls).map((report) => el('tr', { 'data-provider': report.provider },
      el('td', {}, report.provider),
      el('td', { class: 'num' }, number(report.calls)),
      el('td', { class: 'num' }, number(report.errors)),
      el('td', { class: 'num' }, number(report.rateLimited)),
      el('td', { class: 'num' }, `${number(report.p95LatencyMs)} ms`),
      el('td', { class: 'num' }, report.inputTokens || report.outputTokens ? `${number(report.inputTokens)} / ${number(report.outputTokens)}` : '—'),
      el('td', { class: 'num' }, report.costUsd ? `$${report.costUsd.toFixed(4)}` : '—'),
    ));
    tbody.replaceChildren(...rows);
    if (rows.length === 0) tbody.append(el('tr', {}, el('td', { colspan: 7 }, 'No provider calls in this range.')));
  }

  async function show() {
    const range = rangeSelect.value;
    const edges = buckets(range);
    const { query, variables } = usageQuery(edges);
    const data = await request(query, variables);
    draw(edges, data, range);
    table(data.total);
  }

  rangeSelect.addEventListener('change', () => void show().catch(() => undefined));
  return { show };
}
