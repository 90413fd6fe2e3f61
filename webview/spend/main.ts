// The spend view's browser side: a bar chart of dollars by day (Chart.js, only the parts a bar chart
// needs) and a table by model. Every text is set with textContent; messages are validated both ways.
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { formatUsd } from '../../src/core/usd';
import { part, el } from '../shared/dom';
import { sayReady, vscode } from '../shared/host';
import { fromSpendWebviewSchema, toSpendWebviewSchema, type FromSpendWebview, type ToSpendWebview } from '../../src/views/spend/protocol';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

function send(message: FromSpendWebview): void {
  vscode.postMessage(fromSpendWebviewSchema.parse(message));
}


/** A text element with a class (the table's number cells, the budget link). */
function classed<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const node = part(tag, className);
  node.textContent = text;
  return node;
}

/** A theme colour from the workbench's CSS variables, so the chart follows light, dark and high contrast. */
function themeColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

const app = document.getElementById('app') as HTMLElement;
const heading = el('h1', 'Pictor spend');
const month = part('p', 'month');
const budgetLink = classed('button', 'link', 'Set a monthly budget…');
budgetLink.type = 'button';
budgetLink.addEventListener('click', () => send({ type: 'openBudgetSetting' }));

const since = el('input');
since.type = 'date';
since.setAttribute('aria-label', 'Since');
const until = el('input');
until.type = 'date';
until.setAttribute('aria-label', 'Until');
const rangeBar = part('div', 'range');
rangeBar.append(el('label', 'From'), since, el('label', 'to'), until);
for (const input of [since, until]) {
  input.addEventListener('change', () => send({ type: 'range', ...(since.value ? { since: since.value } : {}), ...(until.value ? { until: until.value } : {}) }));
}

const totals = part('p', 'totals');
const chartBox = part('div', 'chart');
const canvas = el('canvas');
canvas.setAttribute('role', 'img');
canvas.setAttribute('aria-label', 'Dollars spent by day');
chartBox.append(canvas);
const table = part('table', 'models');
const status = part('p', 'status');
status.setAttribute('role', 'status');
app.append(heading, month, budgetLink, rangeBar, totals, chartBox, el('h2', 'By model'), table, status);

let chart: Chart<'bar'> | undefined;

function render(message: Extract<ToSpendWebview, { type: 'report' }>): void {
  const { summary } = message;
  const budget = message.month.budgetUsd;
  month.textContent = budget === null ? `This month: ${formatUsd(message.month.usd)} (no budget set).` : `This month: ${formatUsd(message.month.usd)} of a ${formatUsd(budget)} budget (${formatUsd(Math.max(0, budget - message.month.usd))} left).`;
  budgetLink.textContent = budget === null ? 'Set a monthly budget…' : 'Change the budget…';
  totals.textContent = `${formatUsd(summary.totalUsd)} for ${summary.images} image${summary.images === 1 ? '' : 's'} in ${summary.requests} request${summary.requests === 1 ? '' : 's'}${summary.unknown ? `; ${summary.unknown} image${summary.unknown === 1 ? '' : 's'} of unknown cost` : ''}.`;
  drawChart(summary.byDay);
  drawTable(summary.byModel);
  status.textContent = summary.images ? '' : 'No images made with Pictor in this workspace for this range.';
}

function drawChart(days: Array<{ date: string; usd: number; images: number }>): void {
  const foreground = themeColor('--vscode-foreground', '#888');
  const bar = themeColor('--vscode-charts-blue', '#3794ff');
  const grid = themeColor('--vscode-panel-border', 'rgba(128,128,128,0.3)');
  const data = { labels: days.map((d) => d.date), datasets: [{ label: 'USD', data: days.map((d) => d.usd), backgroundColor: bar }] };
  if (chart) {
    chart.data = data;
    chart.update();
    return;
  }
  chart = new Chart(canvas, {
    type: 'bar',
    data,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { ticks: { color: foreground }, grid: { color: grid } },
        y: { beginAtZero: true, ticks: { color: foreground, callback: (value) => formatUsd(Number(value)) }, grid: { color: grid } },
      },
      plugins: {
        tooltip: {
          callbacks: {
            label: (item) => `${formatUsd(Number(item.raw))}, ${days[item.dataIndex]?.images ?? 0} image(s)`,
          },
        },
      },
    },
  });
}

function drawTable(byModel: Record<string, { usd: number; images: number }>): void {
  const head = el('tr');
  head.append(el('th', 'Model'), el('th', 'Images'), el('th', 'Cost'));
  const rows = Object.entries(byModel)
    .sort(([, a], [, b]) => b.usd - a.usd)
    .map(([model, m]) => {
      const row = el('tr');
      row.append(el('td', model), classed('td', 'num', String(m.images)), classed('td', 'num', formatUsd(m.usd)));
      return row;
    });
  table.replaceChildren(head, ...rows);
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = toSpendWebviewSchema.safeParse(event.data);
  if (!parsed.success) return;
  if (parsed.data.type === 'error') status.textContent = parsed.data.message;
  else render(parsed.data);
});

sayReady({});
