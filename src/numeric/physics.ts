/** Boltzmann constant, J/K (SI 2019, exact). */
export const BOLTZMANN = 1.380649e-23;
/** Elementary charge, C (SI 2019, exact). */
export const ELECTRON_CHARGE = 1.602176634e-19;

/** Thermal voltage kT/q at `tempC`, V. */
export function thermalVoltage(tempC: number): number {
  return (BOLTZMANN * (tempC + 273.15)) / ELECTRON_CHARGE;
}
