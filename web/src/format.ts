// Danish number formatting for the few values the browser formats itself.

const integer = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat("da-DK", {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

export function formatInteger(value: number | null): string {
  return value === null ? "–" : integer.format(value);
}

export function formatOneDecimal(value: number | null): string {
  return value === null ? "–" : oneDecimal.format(value);
}
