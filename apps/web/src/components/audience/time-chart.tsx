'use client';
// One time chart drawn by uPlot. uPlot is loaded on first use (a dynamic import), so only the
// Audience page downloads it. It draws on a canvas: the theme's colours are resolved from the CSS
// variables and the chart is drawn anew when the theme changes; it follows its box's width.
import { useEffect, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import styles from './audience.module.css';

interface Props {
  title: string;
  /** x in seconds since the epoch, y the values */
  data: [number[], number[]];
  unit: string;
  testId: string;
  height?: number;
}

/** A CSS colour variable as the canvas can use it (light-dark() resolved for the current theme). */
function cssColor(el: HTMLElement, variable: string): string {
  const probe = document.createElement('span');
  probe.style.color = `var(${variable})`;
  probe.style.display = 'none';
  el.appendChild(probe);
  const color = getComputedStyle(probe).color;
  probe.remove();
  return color;
}

/** rgb(a, b, c) -> rgba(a, b, c, alpha) */
const fade = (rgb: string, alpha: number): string =>
  rgb.replace(/^rgba?\(([^,]+),([^,]+),([^,)]+).*$/, `rgba($1,$2,$3,${alpha})`);

/** bumps when the theme changes (the toggle's data-theme, or the OS's preference) */
function useThemeVersion(): number {
  const [version, setVersion] = useState(0);
  useEffect(() => {
    const bump = () => setVersion((v) => v + 1);
    const observer = new MutationObserver(bump);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', bump);
    return () => {
      observer.disconnect();
      media.removeEventListener('change', bump);
    };
  }, []);
  return version;
}

export function TimeChart(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const theme = useThemeVersion();
  const [failed, setFailed] = useState<string>();
  const { title, unit, height = 200 } = props;
  // the data of the last render, for a chart made after it (uPlot loads asynchronously)
  const latest = useRef(props.data);

  // (re)made when the theme changes; the data goes in by setData below
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let cancelled = false;
    let resize: ResizeObserver | undefined;
    import('uplot')
      .then(({ default: UPlot }) => {
        if (cancelled) return;
        const text = cssColor(el, '--muted');
        const grid = cssColor(el, '--border');
        const accent = cssColor(el, '--accent');
        const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
        plot.current = new UPlot(
          {
            width: Math.max(200, el.clientWidth),
            height,
            scales: { x: { time: true } },
            legend: { show: true },
            axes: [axis, { ...axis, label: unit, labelGap: 4 }],
            series: [
              {},
              {
                label: title,
                stroke: accent,
                width: 2,
                fill: fade(accent, 0.15),
                points: { show: false },
              },
            ],
          },
          [[], []],
          el,
        );
        plot.current.root.dataset.testid = `${props.testId}-canvas`;
        plot.current.setData(latest.current);
        resize = new ResizeObserver(() =>
          plot.current?.setSize({ width: Math.max(200, el.clientWidth), height }),
        );
        resize.observe(el);
        setFailed(undefined);
      })
      .catch((err: unknown) => setFailed(err instanceof Error ? err.message : String(err)));
    return () => {
      cancelled = true;
      resize?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
    // the test id is fixed for a chart; the title and unit too
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme, height]);

  const [xs, ys] = props.data;
  useEffect(() => {
    latest.current = [xs, ys];
    plot.current?.setData([xs, ys]);
  });

  return (
    <figure className={styles.chart} data-testid={props.testId} data-points={xs.length}>
      <figcaption className={styles.chartTitle}>{title}</figcaption>
      {failed ? <p className="muted">The chart could not be drawn: {failed}</p> : null}
      <div ref={box} className={styles.chartBox} />
    </figure>
  );
}
