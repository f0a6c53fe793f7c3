"""The documents: Word templates rendered from the computed figures, with text twins."""
