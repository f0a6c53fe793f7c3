"""The federation's summary workbook: one row a union."""
