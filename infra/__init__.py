"""The CDK app (Python) that deploys the compute module: stacks, state machine, layer build."""
