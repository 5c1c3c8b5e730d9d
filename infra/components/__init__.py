"""Building blocks of the compute stack."""
