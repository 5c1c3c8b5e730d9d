"""The order a stack's resources are deployed in (pure, no servers): every resource after the
ones it references or DependsOn, ties by name, and a cycle named."""

from __future__ import annotations

import pytest

from emulation.deploy import DeployError, deploy_order


def test_a_resource_comes_after_what_it_references_and_depends_on() -> None:
    resources = {
        "Function": {"Properties": {"Role": {"Fn::GetAtt": ["Role", "Arn"]}}},
        "Role": {"Properties": {}},
        "Mapping": {
            "Properties": {"FunctionName": {"Ref": "Function"}},
            "DependsOn": ["Queue"],
        },
        "Queue": {"Properties": {}},
        "Url": {"Properties": {"Value": {"Fn::Sub": "${Queue}/${Function.Arn}"}}},
    }
    order = deploy_order("stack", resources)
    assert order.index("Role") < order.index("Function") < order.index("Mapping")
    assert order.index("Queue") < order.index("Mapping")
    assert order.index("Function") < order.index("Url")


def test_resources_ready_together_come_in_name_order() -> None:
    resources = {name: {"Properties": {}} for name in ("Zeta", "Alpha", "Mid")}
    assert deploy_order("stack", resources) == ["Alpha", "Mid", "Zeta"]


def test_references_outside_the_stack_and_to_itself_do_not_hold_it_back() -> None:
    resources = {
        "Topic": {"Properties": {"Name": {"Fn::Sub": "${AWS::StackName}-${Topic}"}}},
        "Sub": {"Properties": {"Topic": {"Ref": "Topic"}, "Region": {"Ref": "AWS::Region"}}},
    }
    assert deploy_order("stack", resources) == ["Topic", "Sub"]


def test_a_dependency_cycle_is_named() -> None:
    resources = {
        "A": {"Properties": {"X": {"Ref": "B"}}},
        "B": {"DependsOn": "A", "Properties": {}},
        "C": {"Properties": {}},
    }
    with pytest.raises(DeployError, match=r"stack: dependency cycle among \['A', 'B'\]"):
        deploy_order("stack", resources)
