import { Ajv, type ErrorObject } from 'ajv';
import { CimsimError, closest } from '../errors.js';
import { NONIDEALITY_NAMES } from '../circuit/nonidealities.js';
import type { SourceLoc } from '../netlist/params.js';
import type { Scenario } from './types.js';

const num = { type: 'number' };
const positiveInt = { type: 'integer', minimum: 1 };
/** A count with a ceiling: sizes are checked here, before anything is allocated. */
const count = (maximum: number) => ({ type: 'integer', minimum: 1, maximum, $comment: 'count' });
// Ceilings (a run that needs more is split into a sweep or several runs):
const MAX_INFERENCES = 100_000; // each holds every column's conversion record in memory
const MAX_POINTS = 1_000_000; // ramp, sine and baseline inputs
const MAX_SAMPLES = 1_000_000; // Monte Carlo samples (each a few hundred bytes on disk)
const MAX_BLOCK = 65_536; // BWHT block size and channels
const MAX_CHECKS = 10_000; // checks of one scenario (each reads one metric)
const strict = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', additionalProperties: false, properties, required });
const analysis = (type: string, properties: Record<string, unknown>, required: string[] = []) =>
  strict({ type: { const: type }, ...properties }, ['type', ...required]);

/** JSON schema of scenario files; docs/scenarios.md describes every key. */
export const SCENARIO_SCHEMA = strict(
  {
    $schema: { type: 'string' },
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    netlist: { type: 'string', minLength: 1 },
    seed: { type: 'integer', minimum: 0 },
    overrides: { type: 'object', additionalProperties: { type: ['number', 'string'] } },
    nonidealities: strict(Object.fromEntries([['all', { type: 'boolean' }], ...NONIDEALITY_NAMES.map((n) => [n, { type: 'boolean' }])])),
    stimulus: strict(
      {
        encoding: { enum: ['binary', 'pwm', 'bitserial'] },
        inputBits: { type: 'integer', minimum: 1, maximum: 12 },
        inferences: count(MAX_INFERENCES),
        density: { type: 'number', minimum: 0, maximum: 1 },
        vectors: { type: 'array', minItems: 1, items: { type: 'array', items: { type: 'integer', minimum: 0 } } },
      },
      ['encoding'],
    ),
    analyses: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['type'],
        properties: { type: { enum: ['inference', 'budget', 'ramp', 'sine', 'discharge', 'baselines', 'montecarlo', 'sweep', 'bwht', 'network', 'sharing'] } },
        allOf: [
          ifType('inference', analysis('inference', {})),
          ifType('budget', analysis('budget', {})),
          ifType('ramp', analysis('ramp', { network: { type: 'string' }, points: count(MAX_POINTS), margin_LSB: num })),
          ifType('sine', analysis('sine', { network: { type: 'string' }, points: count(MAX_POINTS), cycles: positiveInt, amplitude_LSB: num })),
          ifType('discharge', analysis('discharge', { array: { type: 'string' }, widths_s: { type: 'array', minItems: 1, items: { type: 'number', exclusiveMinimum: 0, maximum: 1e-6 } }, activeCells: { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } }, vwl_V: { type: 'array', items: num } }, ['widths_s', 'activeCells'])),
          ifType('baselines', analysis('baselines', { node: { enum: ['65n', '40n'] }, points: count(MAX_POINTS) })),
          ifType('montecarlo', analysis('montecarlo', { samples: count(MAX_SAMPLES), metrics: { type: 'array', items: { type: 'string' } } }, ['samples'])),
          ifType('sweep', analysis('sweep', { parameter: { type: 'string' }, values: { type: 'array', minItems: 1, items: { type: ['number', 'string'] } } }, ['parameter', 'values'])),
          ifType('sharing', analysis('sharing', { lane: strict({ network: { type: 'string', minLength: 1 }, threshold: { type: 'integer', minimum: 1, maximum: 65535 } }, ['threshold']) })),
          ifType('network', analysis('network', { network: { type: 'string', minLength: 1 }, images: count(10000), rowsPerTile: count(4096), placement: { type: 'object', additionalProperties: { type: 'string', minLength: 1 }, maxProperties: 1000 }, inputs: strict({ images: { type: 'string', minLength: 1 }, labels: { type: 'string', minLength: 1 } }, ['images', 'labels']) }, ['network'])),
          ifType('bwht', analysis('bwht', { blockSize: count(MAX_BLOCK), channels: count(MAX_BLOCK), inputBits: { type: 'integer', minimum: 1, maximum: 12 }, inputs: { type: 'string' }, blocking: { enum: ['zero-pad', 'overlap'] } }, ['blockSize'])),
        ],
      },
    },
    checks: {
      type: 'array',
      maxItems: MAX_CHECKS,
      items: strict({ metric: { type: 'string' }, min: num, max: num, equals: num, description: { type: 'string' } }, ['metric']),
    },
    outputs: strict({ csv: { type: 'boolean' }, svg: { type: 'boolean' }, html: { type: 'boolean' }, vcd: { type: 'boolean' }, conversions: { type: 'boolean' } }),
  },
  ['name', 'netlist', 'analyses'],
);

function ifType(type: string, then: unknown) {
  return { if: { properties: { type: { const: type } }, required: ['type'] }, then };
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true });
const validate = ajv.compile(SCENARIO_SCHEMA);

/** `/analyses/2/bits` -> `analyses[2].bits`. */
function jsonPath(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');
}

function describe(e: ErrorObject): { path: string; message: string; hint?: string } {
  const at = jsonPath(e.instancePath);
  if (e.keyword === 'additionalProperties') {
    const key = String(e.params.additionalProperty);
    const schema = e.parentSchema as { properties?: Record<string, unknown> };
    const known = Object.keys(schema.properties ?? {});
    const guess = closest(key, known);
    return { path: at ? `${at}.${key}` : key, message: `unknown key "${key}"`, hint: guess ? `did you mean \`${guess}\`?` : `allowed keys: ${known.join(', ')}` };
  }
  if (e.keyword === 'enum') return { path: at, message: `must be one of ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}` };
  if (e.keyword === 'maxItems') {
    return { path: at, message: `${(e.data as unknown[]).length} entries, more than the ${String(e.params.limit)} a scenario may hold`, hint: 'split the checks over several scenarios' };
  }
  if (e.keyword === 'maximum' && (e.parentSchema as { $comment?: string }).$comment === 'count') {
    return { path: at, message: `${String(e.data)} is more than the ${String(e.params.limit)} one run may hold`, hint: 'the ceiling keeps a run within memory: split it into several runs, or into a sweep (cimsim sweep)' };
  }
  return { path: at || '(top level)', message: e.message ?? 'is invalid' };
}

/** Validate parsed JSON as a scenario; throws CimsimError naming the path of the first problem. */
export function validateScenario(data: unknown, file: string, locate?: (pointer: (string | number)[], atKey: boolean) => SourceLoc, text?: string): Scenario {
  if (validate(data)) {
    const scenario = data as unknown as Scenario;
    // each analysis writes its section and files under its type's name: a second one would overwrite the first
    const seen = new Map<string, number>();
    scenario.analyses.forEach((a, i) => {
      const first = seen.get(a.type);
      if (first !== undefined) {
        throw new CimsimError(`${file}: analyses[${i}]: a second "${a.type}" analysis (the first is analyses[${first}])`, undefined, 'a scenario runs each analysis type once (its report section and files are named after it): put the other one in a scenario of its own');
      }
      seen.set(a.type, i);
    });
    return scenario;
  }
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const first = errors.find((e) => e.keyword === 'additionalProperties') ?? errors[0];
  const d = describe(first);
  const others = errors.length > 1 ? ` (${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  const hint = d.hint ?? 'see docs/scenarios.md for every scenario key';
  if (locate === undefined) throw new CimsimError(`${file}: ${d.path}: ${d.message}${others}`, undefined, hint);
  // at the offending value, or for an unknown key at that key
  const pointer = first.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (first.keyword === 'additionalProperties') pointer.push(String(first.params.additionalProperty));
  const loc = locate(pointer, first.keyword === 'additionalProperties');
  throw new CimsimError(`${d.path}: ${d.message}${others}`, loc, hint, text?.split('\n')[loc.line - 1]);
}
