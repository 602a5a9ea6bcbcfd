/**
 * Bitline precharge through a PMOS of finite strength, modelled as its on-resistance `rpre`:
 * V(t) = vpre - (vpre - V0) exp(-t / (rpre C)). The charge comes from the VDD supply, so the
 * energy drawn is E = VDD * C * dV for a rise dV (nothing is drawn when the bitline is above vpre).
 */
export function prechargeVoltage(v0: number, vpre: number, rpre: number, c: number, duration: number): number {
  return vpre - (vpre - v0) * Math.exp(-duration / (rpre * c));
}

export function prechargeEnergy(vdd: number, c: number, v0: number, v1: number): number {
  return v1 > v0 ? vdd * c * (v1 - v0) : 0;
}
