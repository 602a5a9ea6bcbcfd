import { checkDevices } from '../circuit/build.js';
import { DEVICE_SPECS } from '../devices/registry.js';
import { elaborateFile, formatValue } from '../netlist/index.js';
import type { Design, InstanceDecl, ResolvedParam } from '../netlist/params.js';
import { formatTable } from '../report/table.js';
import { TECH_PARAMS } from '../tech/params.js';

function where(p: ResolvedParam): string {
  const at = p.from.loc ? ` ${p.from.loc.file}:${p.from.loc.line}` : '';
  return `${p.from.kind}${p.from.detail ? ` (${p.from.detail})` : ''}${at}`;
}

function shown(p: ResolvedParam): string {
  if (typeof p.value === 'number') return formatValue(p.value, p.unit);
  if (Array.isArray(p.value)) return p.value.join(',');
  return String(p.value);
}

function paramTable(params: Readonly<Record<string, ResolvedParam>>): string {
  return formatTable([{ header: 'parameter' }, { header: 'value', align: 'right' }, { header: 'unit' }, { header: 'from' }], Object.entries(params).map(([name, p]) => [name, shown(p), p.unit || '-', where(p)]));
}

/** `cimsim check`: the inventory of an elaborated netlist, every value with its unit and origin. */
export function checkNetlist(file: string): string {
  const design: Design = elaborateFile(file, { devices: DEVICE_SPECS, tech: TECH_PARAMS });
  checkDevices(design); // what the device builders refuse (weights patterns, network shapes) fails here
  const lines = [`netlist ${file}${design.title ? `: ${design.title}` : ''}`, `files read: ${design.files.join(', ')}`, ''];
  const roles: [string, string][] = [['array', 'arrays'], ['network', 'networks'], ['digitizer', 'digitizers'], ['periphery', 'periphery'], ['baseline', 'baselines']];
  const roleOf = (i: InstanceDecl) => DEVICE_SPECS.find((d) => d.type === i.type)?.role ?? 'periphery';
  lines.push(formatTable([{ header: 'role' }, { header: 'count', align: 'right' }, { header: 'instances' }], roles.map(([role, label]) => {
    const members = design.instances.filter((i) => roleOf(i) === role);
    return [label, String(members.length), members.map((m) => `${m.name} (${m.type})`).join(', ')];
  })));
  lines.push('', '[technology]', paramTable(design.tech));
  if (Object.keys(design.globals).length > 0) lines.push('', '[.param]', paramTable(design.globals));
  for (const inst of design.instances) lines.push('', `[${inst.name}: ${inst.type} at ${inst.loc.file}:${inst.loc.line}]`, paramTable(inst.params));
  return lines.join('\n');
}

/**
 * `cimsim check` on a JSON file: a network file (it has "layers") is read with every tensor it
 * names; a scenario is validated, its netlist elaborated and built, and every network file its
 * analyses name is read. Nothing is simulated.
 */
export async function checkJson(file: string): Promise<string> {
  const { readJsonFile } = await import('../scenario/json.js');
  const { loadNetwork } = await import('../scenario/network-file.js');
  const json = readJsonFile(file, { what: 'file', unreadableHint: 'check the path', syntaxHint: 'scenarios and network files are JSON: check commas, quotes and brackets' });
  const isNetwork = typeof json.data === 'object' && json.data !== null && 'layers' in json.data;
  if (isNetwork) return networkInventory(file, loadNetwork(file));
  const path = await import('node:path');
  const { elaborateScenario, loadScenario, netlistPath } = await import('../scenario/load.js');
  const scenario = loadScenario(file);
  const design = elaborateScenario(file, scenario);
  checkDevices(design);
  const lines = [`scenario ${file}: ${scenario.name}`, `netlist ${netlistPath(file, scenario)}: ${design.instances.length} instances, files read: ${design.files.join(', ')}`];
  for (const a of scenario.analyses) {
    if (a.type === 'network') lines.push('', networkInventory(a.network, loadNetwork(path.resolve(path.dirname(file), a.network))));
  }
  lines.push('', `analyses: ${scenario.analyses.map((a) => a.type).join(', ')}; checks: ${scenario.checks?.length ?? 0}`);
  return lines.join('\n');
}

function networkInventory(file: string, net: import('../workload/network.js').Network): string {
  const rows = net.layers.map((l) => [l.name, l.type, String(l.inputs), String(l.outputs), l.type === 'dense' ? String(l.weightBits) : `block ${l.blockSize}`, l.activation, l.float ? 'yes' : 'no']);
  return [
    `network ${file}: ${net.name}, ${net.input.side} x ${net.input.side} images pooled by ${net.input.pool}, ${net.input.bits}-bit inputs, ${net.activationBits}-bit activations`,
    formatTable([{ header: 'layer' }, { header: 'type' }, { header: 'inputs', align: 'right' }, { header: 'outputs', align: 'right' }, { header: 'weight bits' }, { header: 'activation' }, { header: 'float' }], rows),
  ].join('\n');
}
