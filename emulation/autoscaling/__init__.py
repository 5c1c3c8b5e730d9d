"""Application Auto Scaling: step policies as AWS applies them (`semantics`, pure) and the
local registry of the template's scalable targets and policies that alarm actions invoke
(`service`)."""
