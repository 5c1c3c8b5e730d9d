"""CloudWatch as the stack's alarms need it locally: service and EMF metrics into moto
(`metrics`), which alarms can fire at all (`reach`), and static-threshold evaluation
(`evaluate`)."""
