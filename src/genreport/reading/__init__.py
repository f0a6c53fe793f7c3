"""Reading a data file: YAML text to located values to the typed model, every mistake located."""
