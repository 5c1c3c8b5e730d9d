"""Lambda entry points, one module per function (`compute.handlers.<module>.handler`); each
module is its function's composition root and stays thin."""
