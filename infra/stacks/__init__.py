"""Stacks: `ComputeStack` (this module), `DevFoundationStack` (stand-ins for other modules)."""
