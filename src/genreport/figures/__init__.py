"""The figures: everything computed from a union's year (totals, rates, changes, scores)."""
