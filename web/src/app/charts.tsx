// Charts (Chart.js, only the pieces we use are registered). Bar heights and
// slice sizes are numbers; every label and tooltip shows the API's own money
// string through formatMoney.

import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useMemo, useRef } from 'react';
import { formatDay } from '../lib/format';
import { compareMoney, formatCompactInr, formatMoney, sumMoney, toChartNumber } from '../lib/money';
import type { Account, CashFlowPoint } from './queries';
import { accountName } from './ui';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, DoughnutController, ArcElement);
Chart.defaults.font.family = "'Inter Variable', system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
Chart.defaults.color = '#64748b';

export const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ec4899', '#8b5cf6', '#14b8a6', '#f97316'];

function useChart(config: ChartConfiguration) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);
  useEffect(() => {
    if (!canvas.current) return;
    chart.current?.destroy();
    chart.current = new Chart(canvas.current, config);
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, [config]);
  return canvas;
}

export function CashFlowChart({ points, currency = 'INR' }: { points: CashFlowPoint[]; currency?: string }) {
  const totalIn = sumMoney(points.map((p) => p.incoming));
  const totalOut = sumMoney(points.map((p) => p.outgoing));
  const config = useChartConfig(() => ({
    type: 'bar',
    data: {
      labels: points.map((p) => formatDay(p.day)),
      datasets: [
        { label: 'Money in', data: points.map((p) => toChartNumber(p.incoming)), backgroundColor: '#10b981', borderRadius: 4, maxBarThickness: 18 },
        { label: 'Money out', data: points.map((p) => -toChartNumber(p.outgoing)), backgroundColor: '#f43f5e', borderRadius: 4, maxBarThickness: 18 },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        x: { stacked: true, grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 12 } },
        y: {
          stacked: true,
          grid: { color: '#eef2f7' },
          border: { display: false },
          suggestedMin: -1000,
          suggestedMax: 1000,
          ticks: { callback: (v) => (currency === 'INR' ? formatCompactInr(Number(v)) : String(v)) },
        },
      },
      plugins: {
        legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'circle', boxWidth: 8, padding: 16 } },
        tooltip: {
          callbacks: {
            label: (ctx) => {
              const p = points[ctx.dataIndex];
              const v = ctx.datasetIndex === 0 ? p.incoming : p.outgoing;
              return ` ${ctx.dataset.label}: ${formatMoney(v, currency)}`;
            },
          },
        },
      },
    },
  }), [points, currency]);
  const ref = useChart(config);
  const label = `Daily cash flow over ${points.length} days: ${formatMoney(totalIn, currency)} in, ${formatMoney(totalOut, currency)} out.`;
  return (
    <div className="chart chart-bar">
      <canvas ref={ref} role="img" aria-label={label} />
      {totalIn === '0.00' && totalOut === '0.00' && <p className="chart-note">No money moved in this period.</p>}
    </div>
  );
}

export function AllocationChart({ accounts }: { accounts: Account[] }) {
  const positive = accounts.filter((a) => compareMoney(a.balance, '0.00') > 0);
  const total = sumMoney(positive.map((a) => a.balance));
  const config = useChartConfig(() => ({
    type: 'doughnut',
    data: {
      labels: positive.map((a) => `${accountName(a)} · ${a.maskedNumber.slice(-4)}`),
      datasets: [
        {
          data: positive.map((a) => toChartNumber(a.balance)),
          backgroundColor: positive.map((_, i) => PALETTE[i % PALETTE.length]),
          borderWidth: 2,
          borderColor: '#ffffff',
          hoverOffset: 6,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      cutout: '68%',
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (ctx) => ` ${formatMoney(positive[ctx.dataIndex].balance, positive[ctx.dataIndex].currency)}` } },
      },
    },
  }), [positive.map((a) => `${a.id}:${a.balance}`).join(',')]);
  const ref = useChart(config);
  if (positive.length === 0) {
    return <p className="muted chart-empty">No funds yet. Balances appear here once money arrives.</p>;
  }
  return (
    <div className="allocation">
      <div className="chart chart-doughnut">
        <canvas ref={ref} role="img" aria-label={`Balance split across ${positive.length} accounts, ${formatMoney(total)} in total.`} />
        <div className="doughnut-center" aria-hidden="true">
          <span className="muted">Total</span>
          <strong>{formatMoney(total)}</strong>
        </div>
      </div>
      <ul className="legend">
        {positive.map((a, i) => (
          <li key={a.id}>
            <span className={`swatch swatch-${i % PALETTE.length}`} aria-hidden="true" />
            <span className="legend-name">{accountName(a)}</span>
            <span className="legend-value">{formatMoney(a.balance, a.currency)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

// Rebuild the chart config only when the data it depends on changes.
function useChartConfig(make: () => ChartConfiguration, deps: unknown[]): ChartConfiguration {
  return useMemo(make, deps);
}
