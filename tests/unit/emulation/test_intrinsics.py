"""CloudFormation intrinsic functions and the references a template value makes (pure, no
servers): what the local deploy resolves before it creates anything."""

from __future__ import annotations

from typing import Any

import pytest

from emulation.intrinsics import Resolver, TemplateError, references


def resolver(**kwargs: Any) -> Resolver:
    deployed = {"Res": "res-id"}
    return Resolver(
        ref=lambda name: deployed[name],
        get_att=lambda name, attr: f"{deployed[name]}:{attr}",
        pseudo={"AWS::Region": "eu-west-2", "AWS::AccountId": "123456789012"},
        **kwargs,
    )


def test_resolver_functions() -> None:
    r = resolver(parameters={"P": "v"}, mappings={"M": {"a": {"b": "mapped"}}})
    assert r.resolve({"Fn::Sub": "${Res}/${Res.Arn}/${P}/${AWS::Region}"}) == (
        "res-id/res-id:Arn/v/eu-west-2"
    )
    assert r.resolve({"Fn::Sub": ["${x}-${P}", {"x": {"Ref": "Res"}}]}) == "res-id-v"
    assert r.resolve({"Fn::Join": ["", ["a", 1, True]]}) == "a1true"
    assert r.resolve({"Fn::GetAtt": "Res.Arn"}) == "res-id:Arn"
    assert r.resolve({"Fn::FindInMap": ["M", "a", "b"]}) == "mapped"
    assert r.resolve({"Fn::GetAZs": ""}) == ["eu-west-2a", "eu-west-2b", "eu-west-2c"]
    assert r.resolve({"Fn::Base64": "hi"}) == "aGk="
    assert r.resolve({"Fn::Cidr": ["10.0.0.0/16", 2, 8]}) == ["10.0.0.0/24", "10.0.1.0/24"]
    assert r.resolve([{"Ref": "AWS::NoValue"}, "kept"]) == ["kept"]
    assert r.resolve({"k": {"Ref": "AWS::NoValue"}, "j": 1}) == {"j": 1}
    with pytest.raises(TemplateError, match="Fn::Nope"):
        r.resolve({"Fn::Nope": 1})
    with pytest.raises(TemplateError, match="Base-X"):
        r.resolve({"Fn::ImportValue": "Base-X"})


def test_references_find_dependencies_in_sub_and_getatt() -> None:
    value = {
        "a": {"Ref": "A"},
        "b": {"Fn::GetAtt": ["B", "Arn"]},
        "c": {"Fn::Sub": "${C.Arn}-${AWS::Region}-${!Lit}-${local}"},
        "d": {"Fn::Sub": ["${local}", {"local": {"Ref": "D"}}]},
    }
    # In "c", ${local} is a Ref (no variable map); in "d" it is the map's variable.
    assert set(references(value)) == {"A", "B", "C", "D", "AWS::Region", "local"}
