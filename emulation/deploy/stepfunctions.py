"""Step Functions state machines: moto runs them; what it does not honour is reported."""

from __future__ import annotations

import json
import re
from typing import Any

from emulation.deploy.engine import (
    CREATED,
    Deployed,
    DeployError,
    Result,
    Stack,
    attribute_text,
    creates,
)


@creates("AWS::StepFunctions::StateMachine")
def _state_machine(s: Stack, logical_id: str, p: dict[str, Any]) -> Result:
    d = s.deployer
    name = p.get("StateMachineName") or d.physical_name(s.name, logical_id, 80)
    if "DefinitionString" in p:
        definition = str(p["DefinitionString"])
    elif "Definition" in p:
        definition = json.dumps(p["Definition"])
    elif "DefinitionS3Location" in p:
        location = p["DefinitionS3Location"]
        definition = d.assembly.asset(str(location["Key"])).read_text(encoding="utf-8")
    else:
        raise DeployError(f"state machine {name} has no definition")
    for key, value in (p.get("DefinitionSubstitutions") or {}).items():
        definition = definition.replace("${" + key + "}", attribute_text(value))
    parsed = json.loads(definition)  # fail here, naming the machine, not at StartExecution
    for where, why in _asl_not_emulated(parsed):
        d.report_property(s.name, logical_id, f"AWS::StepFunctions::StateMachine.{where}", why)
    definition = _moto_asl_compatible(definition)
    kwargs: dict[str, Any] = {
        "name": name,
        "definition": definition,
        "roleArn": p.get("RoleArn") or d.arn("iam", "role/local"),
    }
    if p.get("StateMachineType"):
        kwargs["type"] = p["StateMachineType"]
    arn = d.boto("stepfunctions").create_state_machine(**kwargs)["stateMachineArn"]
    d.result.state_machines[name] = arn
    attrs = {"Arn": arn, "Name": name, "StateMachineRevisionId": "1"}
    return Deployed("AWS::StepFunctions::StateMachine", arn, attrs), CREATED, "created in moto"


_INTEGER_PERCENTAGE = re.compile(r'("ToleratedFailurePercentage"\s*:\s*)(\d+)(?=\s*[,}])')


_TOLERANCE_FIELDS = (
    "ToleratedFailurePercentage",
    "ToleratedFailurePercentagePath",
    "ToleratedFailureCount",
    "ToleratedFailureCountPath",
)


def _asl_not_emulated(definition: Any, path: str = "States") -> list[tuple[str, str]]:
    """(state path, why) for ASL fields the local Step Functions does not honour.

    A Distributed Map's failure tolerance is honoured (`emulation.sfn_map`); on an inline Map,
    where AWS does not take it, moto fails the Map at the first failed item.
    """
    found: list[tuple[str, str]] = []
    states = definition.get("States", {}) if isinstance(definition, dict) else {}
    for name, state in states.items():
        if not isinstance(state, dict):
            continue
        where = f"{path}.{name}"
        if state.get("Type") == "Map":
            processor = state.get("ItemProcessor") or state.get("Iterator") or {}
            mode = (processor.get("ProcessorConfig") or {}).get("Mode", "INLINE")
            for key in _TOLERANCE_FIELDS:
                if key in state and mode != "DISTRIBUTED":
                    found.append(
                        (
                            f"{where}.{key}",
                            "failure tolerance applies to Distributed Maps only; this inline "
                            "Map fails at its first failed item",
                        )
                    )
            found += _asl_not_emulated(processor, f"{where}.ItemProcessor.States")
        for index, branch in enumerate(state.get("Branches") or []):
            found += _asl_not_emulated(branch, f"{where}.Branches[{index}].States")
    return found


def _moto_asl_compatible(definition: str) -> str:
    """moto 5.2.5's ASL grammar takes ToleratedFailurePercentage only as a decimal (10.0), while
    CDK serialises 10.0 as 10 and AWS accepts both: write it as a decimal."""
    return _INTEGER_PERCENTAGE.sub(r"\1\2.0", definition)
