import { describe, expect, it } from 'vitest';
import type { ParamSpec } from './params';
import { parseFlags, UsageError } from './params';

const specs: ParamSpec[] = [
  { name: 'n', kind: 'int', default: 100, min: 2, help: 'size' },
  { name: 'alphas', kind: 'number-list', default: [0.1], min: 0, help: 'loads' },
  { name: 'rule', kind: 'enum', values: ['hebb', 'projector'], default: 'hebb', help: 'rule' },
  { name: 'mask-fraction', kind: 'number', min: 0, max: 1, help: 'mask' },
  { name: 'json', kind: 'flag', help: 'json' },
];

describe('parseFlags', () => {
  it('parses --name value and --name=value, fills defaults, and sets flags', () => {
    expect(parseFlags(['--n', '2000', '--alphas=0.05,0.1,0.2', '--json'], specs, 'run x')).toEqual({
      n: 2000,
      alphas: [0.05, 0.1, 0.2],
      rule: 'hebb',
      'mask-fraction': undefined,
      json: true,
    });
    expect(parseFlags(['--mask-fraction', '0.5'], specs, 'run x')['mask-fraction']).toBe(0.5);
    expect(parseFlags([], specs, 'run x').json).toBe(false);
  });

  it.each([
    [['--m', '3'], /unknown flag --m; accepted: --n, --alphas/],
    [['--n', '1.5'], /--n: expected an integer ≥ 2, got '1.5'/],
    [['--n', '1'], /--n: expected an integer ≥ 2, got 1/],
    [['--n', 'abc'], /--n: expected an integer/],
    [['--n'], /--n: missing value/],
    [['--n', '--json'], /--n: missing value/],
    [['--alphas', '0.1,,0.2'], /--alphas: expected comma-separated numbers/],
    [['--alphas', '0.1,-1'], /--alphas: expected comma-separated numbers ≥ 0, got -1/],
    [['--rule', 'storkey'], /--rule: expected one of hebb\|projector, got 'storkey'/],
    [['--mask-fraction', '1.5'], /--mask-fraction: expected a number in \[0, 1\]/],
    [['--json=yes'], /--json: takes no value/],
    [['--n', '3', '--n', '4'], /--n: given more than once/],
    [['extra'], /unexpected argument 'extra'/],
    [['--n', 'NaN'], /--n: expected an integer/],
    [['--mask-fraction', 'Infinity'], /--mask-fraction: expected a number/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseFlags(argv, specs, 'run x')).toThrow(UsageError);
    expect(() => parseFlags(argv, specs, 'run x')).toThrow(message);
  });
});
