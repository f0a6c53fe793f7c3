"""The checks: what a clerk must fix or should know, from the model and its figures."""
