"""The contract: every YAML key declared once, and the typed model of a union's year."""
