import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, Registry } from './registry.js';

describe('Prometheus registry', () => {
  it('renders counters, histograms and gauges in the text format', async () => {
    const registry = new Registry();
    const counter = registry.add(new Counter('x_total', 'Xs.'));
    counter.inc({ status: 'completed' });
    counter.inc({ status: 'completed' });
    counter.inc({ status: 'fa"il' });
    const histogram = registry.add(new Histogram('d_seconds', 'Ds.', [0.1, 1]));
    histogram.observe(0.05);
    histogram.observe(0.5);
    registry.add(new Gauge('q', 'Q.', () => Promise.resolve(7)));
    expect(await registry.render()).toBe(
      [
        '# HELP x_total Xs.',
        '# TYPE x_total counter',
        'x_total{status="completed"} 2',
        'x_total{status="fa\\"il"} 1',
        '# HELP d_seconds Ds.',
        '# TYPE d_seconds histogram',
        'd_seconds_bucket{le="0.1"} 1',
        'd_seconds_bucket{le="1"} 2',
        'd_seconds_bucket{le="+Inf"} 2',
        'd_seconds_sum 0.55',
        'd_seconds_count 2',
        '# HELP q Q.',
        '# TYPE q gauge',
        'q 7',
        '',
      ].join('\n'),
    );
  });
});
