// A pgmock JavaScript generator (the js plugin): SKUs such as "BK-0004211-Q".
//
// Called once per batch with the batch size, a seeded random source, earlier columns
// of the batch (rows), the column's "options" and the batch context; returns n values.
// The category follows the book's format column; the number is the row number, so the
// SKUs are unique (the column is declared unique in books.json).
function generate(n, random, rows, options, ctx) {
  const letters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  const out = new Array(n);
  for (let i = 0; i < n; i++) {
    const category = options.categories[rows.format[i]] ?? "XX";
    const row = String(ctx.offset + i).padStart(7, "0");
    out[i] = `${category}-${row}-${letters[random.int(0, letters.length - 1)]}`;
  }
  return out;
}
