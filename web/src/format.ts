// Danish number formatting for the few values the browser formats itself (the same rules
// as praksisplan.tables.format_number_da and praksisplan.web.catalogue.format_amount_da).

const integer = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 0 });
const amount = new Intl.NumberFormat("da-DK", {
  minimumFractionDigits: 0,
  maximumFractionDigits: 2,
});

export function formatInteger(value: number | null): string {
  return value === null ? "–" : integer.format(value);
}

/** At most two decimals, no trailing zeros: 6 → "6", 5.5 → "5,5", 1789.456 → "1.789,46". */
export function formatAmount(value: number | null): string {
  return value === null ? "–" : amount.format(value);
}

/** "1 kapacitet", "1,5 kapaciteter", "4 kapaciteter". */
export function formatCapacities(value: number): string {
  return `${formatAmount(value)} ${value === 1 ? "kapacitet" : "kapaciteter"}`;
}
