import { describe, expect, expectTypeOf, it } from 'vitest';
import { defaultValues, defineParams, formatParams, parseFlags, UsageError } from './params';

const specs = defineParams([
  { name: 'n', kind: 'int', default: 100, min: 2, help: 'size' },
  { name: 'alphas', kind: 'number-list', default: [0.1], min: 0, help: 'loads' },
  { name: 'rule', kind: 'enum', values: ['hebb', 'projector'], default: 'hebb', help: 'rule' },
  { name: 'mask-fraction', kind: 'number', min: 0, max: 1, help: 'mask' },
  { name: 'model', kind: 'path', help: 'a file' },
  { name: 'json', kind: 'flag', help: 'json' },
  { name: 'students', kind: 'enum-list', values: ['hebb', 'gibbs', 'bayes'], default: ['hebb'], help: 'students' },
]);

describe('parseFlags', () => {
  it('parses a comma list of words (enum-list), typed as the words', () => {
    const v = parseFlags(['--students', 'gibbs, bayes'], specs, 'run x');
    expect(v.students).toEqual(['gibbs', 'bayes']);
    expectTypeOf(v.students).toEqualTypeOf<('hebb' | 'gibbs' | 'bayes')[]>();
    expect(defaultValues(specs).students).toEqual(['hebb']);
  });

  it('parses --name value and --name=value, fills defaults, and sets flags', () => {
    expect(parseFlags(['--n', '2000', '--alphas=0.05,0.1,0.2', '--json'], specs, 'run x')).toEqual({
      n: 2000,
      alphas: [0.05, 0.1, 0.2],
      rule: 'hebb',
      json: true,
      students: ['hebb'],
    });
    expect(parseFlags(['--mask-fraction', '0.5'], specs, 'run x')['mask-fraction']).toBe(0.5);
    expect(parseFlags([], specs, 'run x').json).toBe(false);
  });

  it('types the values from the specs: defaults make them defined, enums are their words', () => {
    const v = parseFlags([], specs, 'run x');
    expectTypeOf(v.n).toEqualTypeOf<number>();
    expectTypeOf(v.alphas).toEqualTypeOf<number[]>();
    expectTypeOf(v.rule).toEqualTypeOf<'hebb' | 'projector'>();
    expectTypeOf(v['mask-fraction']).toEqualTypeOf<number | undefined>();
    expectTypeOf(v.model).toEqualTypeOf<string | undefined>();
    expectTypeOf(v.json).toEqualTypeOf<boolean>();
  });

  it('copies list defaults, so a run that changes its values leaves the spec alone', () => {
    const v = defaultValues(specs);
    v.alphas.push(7);
    expect(defaultValues(specs).alphas).toEqual([0.1]);
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
    [['--mask-fraction', '-0.1'], /--mask-fraction: expected a number in \[0, 1\], got -0.1/],
    [['--model', ''], /--model: expected a file path, got an empty value/],
    [['--json=yes'], /--json: takes no value/],
    [['--n', '3', '--n', '4'], /--n: given more than once/],
    [['extra'], /unexpected argument 'extra'/],
    [['--'], /unexpected argument '--'/],
    [['--n', 'NaN'], /--n: expected an integer/],
    [['--n', ''], /--n: expected an integer/],
    [['--n', '1e400'], /--n: expected an integer/],
    [['--mask-fraction', 'Infinity'], /--mask-fraction: expected a number/],
    [['--mask-fraction', '-Infinity'], /--mask-fraction: expected a number/],
    // an empty item is refused in every list, never dropped
    [['--students', 'hebb,'], /--students: expected a comma list of hebb\|gibbs\|bayes, got 'hebb,' \(an empty item\)/],
    [['--students', ',gibbs'], /an empty item/],
    [['--students', 'hebb,storkey'], /--students: expected a comma list of hebb\|gibbs\|bayes, got 'storkey'/],
    [['--students', 'hebb,hebb'], /--students: 'hebb' is given more than once/],
    [['--students', ''], /an empty item/],
    [['--alphas', '0.1,'], /--alphas: expected comma-separated numbers/],
  ])('rejects %j', (argv, message) => {
    expect(() => parseFlags(argv, specs, 'run x')).toThrow(UsageError);
    expect(() => parseFlags(argv, specs, 'run x')).toThrow(message);
  });

  it('names where an unknown flag belongs when the caller knows', () => {
    expect(() =>
      parseFlags(['--rbm-hidden', '5'], specs, 'bench --suite kernels', {
        unknown: (name) => (name === 'rbm-hidden' ? 'a flag of the rbm suite' : undefined),
      }),
    ).toThrow('bench --suite kernels: --rbm-hidden is a flag of the rbm suite');
  });
});

describe('formatParams', () => {
  it('prints each flag with what it accepts and its default', () => {
    const text = formatParams(specs);
    expect(text).toMatch(/--n {16}size; an integer ≥ 2 \(default 100\)/);
    expect(text).toMatch(/--alphas .*comma-separated numbers ≥ 0 \(default 0\.1\)/);
    expect(text).toMatch(/--rule .*hebb\|projector \(default hebb\)/);
    expect(text.split('\n')).toHaveLength(specs.length);
  });
});
