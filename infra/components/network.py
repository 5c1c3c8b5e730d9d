"""Small helpers for the network the compute module is given."""

from __future__ import annotations

from typing import Any

from aws_cdk import aws_ec2 as ec2


def selection_kwargs(selection: ec2.SubnetSelection) -> dict[str, Any]:
    """SubnetSelection is a struct; `select_subnets` takes its fields as keyword arguments."""
    return {
        key: value
        for key, value in {
            "subnet_type": selection.subnet_type,
            "subnets": selection.subnets,
            "subnet_group_name": selection.subnet_group_name,
            "availability_zones": selection.availability_zones,
            "one_per_az": selection.one_per_az,
        }.items()
        if value is not None
    }


def selected_subnets(vpc: ec2.IVpc, selection: ec2.SubnetSelection) -> list[ec2.ISubnet]:
    return list(vpc.select_subnets(**selection_kwargs(selection)).subnets)
