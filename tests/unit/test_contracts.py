"""contracts/ is the single source of truth for shapes; these tests keep it honest.

Every schema is a valid draft 2020-12 schema that fastjsonschema reads the same way; every schema
has examples; valid examples pass and each invalid example fails exactly where and how its
expected-errors.json says, under both jsonschema (the reference) and compute.contracts
(fastjsonschema, what the Lambdas use). The OpenAPI document is valid OpenAPI 3.1, its examples
match their schemas, and it agrees with the JSON Schemas where both describe the same thing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from compute import contracts

CONTRACTS = contracts.contracts_dir()
SCHEMAS = CONTRACTS / "schemas"
EXAMPLES = CONTRACTS / "examples"
SCHEMA_NAMES = contracts.schema_names()
# common.schema.json only holds $defs (no root constraints): every other schema exercises them.
SCHEMAS_WITHOUT_EXAMPLES = {"common"}
# Keywords fastjsonschema (draft-07 semantics) does not implement: a schema using one would be
# checked by jsonschema but silently not by the Lambdas.
UNSUPPORTED_BY_FASTJSONSCHEMA = {
    "prefixItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "$dynamicRef",
    "$dynamicAnchor",
    "$anchor",
    "$recursiveRef",
    "minContains",
    "maxContains",
}
ANNOTATIONS = {"description", "title", "$comment", "examples"}
STYLES = [
    "traditional",
    "neo-traditional",
    "realism",
    "blackwork",
    "watercolor",
    "geometric",
    "tribal",
    "japanese",
    "minimalist",
    "dotwork",
    "linework",
]


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _registry() -> Registry:
    resources = []
    for name in SCHEMA_NAMES:
        doc = _load(SCHEMAS / f"{name}.schema.json")
        resources.append((doc["$id"], Resource.from_contents(doc)))
    return Registry().with_resources(resources)


REGISTRY = _registry()


def _reference_validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(_load(SCHEMAS / f"{name}.schema.json"), registry=REGISTRY)


def _pointer(error: ValidationError) -> str:
    return "".join(
        "/" + str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path
    )


def _example_files(prefix: str) -> list[Any]:
    params = []
    for directory in sorted(p for p in EXAMPLES.iterdir() if p.is_dir()):
        for file in sorted(directory.glob(f"{prefix}-*.json")):
            params.append(pytest.param(directory.name, file, id=f"{directory.name}/{file.stem}"))
    return params


def _walk(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            escaped = str(key).replace("~", "~0").replace("/", "~1")
            yield from _walk(value, f"{where}/{escaped}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{where}/{index}")


# --- the schemas themselves -------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_is_valid_draft_2020_12(name: str) -> None:
    doc = _load(SCHEMAS / f"{name}.schema.json")
    Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["$id"] == f"https://schemas.tattoo-directory.example/{name}.schema.json"
    assert doc.get("title") and doc.get("description"), "say what the shape is for"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_ref_resolves_inside_contracts(name: str) -> None:
    doc = _load(SCHEMAS / f"{name}.schema.json")
    resolver = REGISTRY.resolver(base_uri=doc["$id"])
    refs = [
        (where, node["$ref"]) for where, node in _walk(doc) if isinstance(node.get("$ref"), str)
    ]
    for where, ref in refs:
        resolver.lookup(ref)  # raises Unresolvable if the target is missing
        assert not ref.startswith(("http:", "https:")), f"{where}: use a relative ref, not {ref}"


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_schema_only_uses_what_fastjsonschema_implements(name: str) -> None:
    doc = _load(SCHEMAS / f"{name}.schema.json")
    for where, node in _walk(doc):
        if where.endswith("/properties") or where.endswith("/$defs"):
            continue  # keys here are property or definition names, not keywords
        used = UNSUPPORTED_BY_FASTJSONSCHEMA & node.keys()
        assert not used, f"{where}: {sorted(used)} would be ignored by fastjsonschema"
        if "$ref" in node:
            # fastjsonschema follows draft-07 here: keywords beside $ref are ignored.
            siblings = node.keys() - {"$ref"} - ANNOTATIONS
            assert not siblings, f"{where}: {sorted(siblings)} beside $ref; wrap in allOf"


def test_styles_vocabulary_is_the_reference_one() -> None:
    common = _load(SCHEMAS / "common.schema.json")
    assert common["$defs"]["style"]["enum"] == STYLES


@pytest.mark.parametrize("name", sorted(set(SCHEMA_NAMES) - SCHEMAS_WITHOUT_EXAMPLES))
def test_every_schema_has_examples(name: str) -> None:
    directory = EXAMPLES / name
    assert directory.is_dir(), f"contracts/examples/{name}/ is missing"
    assert len(list(directory.glob("valid-*.json"))) >= 1, f"{name}: no valid example"
    assert len(list(directory.glob("invalid-*.json"))) >= 2, f"{name}: fewer than 2 invalid"


def test_every_example_directory_names_a_schema() -> None:
    orphans = {p.name for p in EXAMPLES.iterdir() if p.is_dir()} - set(SCHEMA_NAMES)
    assert not orphans, f"examples without a schema: {sorted(orphans)}"


@pytest.mark.parametrize("name", sorted(set(SCHEMA_NAMES) - SCHEMAS_WITHOUT_EXAMPLES))
def test_expected_errors_cover_exactly_the_invalid_examples(name: str) -> None:
    declared = _load(EXAMPLES / name / "expected-errors.json")
    files = {p.name for p in (EXAMPLES / name).glob("invalid-*.json")}
    assert set(declared) == files
    for expectation in declared.values():
        assert set(expectation) == {"path", "keyword"}


# --- the examples -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "file"), _example_files("valid"))
def test_valid_example_passes(name: str, file: Path) -> None:
    instance = _load(file)
    errors = list(_reference_validator(name).iter_errors(instance))
    assert not errors, [f"{_pointer(e)}: {e.message}" for e in errors]
    contracts.validate(name, instance)  # fastjsonschema agrees
    assert contracts.is_valid(name, instance)


@pytest.mark.parametrize(("name", "file"), _example_files("invalid"))
def test_invalid_example_fails_as_declared(name: str, file: Path) -> None:
    instance = _load(file)
    expected = _load(file.parent / "expected-errors.json")[file.name]
    errors = list(_reference_validator(name).iter_errors(instance))
    found = [(_pointer(e), e.validator) for e in errors]
    # Exactly one error: an example that breaks two rules does not prove either is enforced.
    assert found == [(expected["path"], expected["keyword"])]

    with pytest.raises(contracts.ContractError) as raised:
        contracts.validate(name, instance)  # fastjsonschema agrees, at the same place
    assert raised.value.name == name
    assert raised.value.path == expected["path"]
    assert not contracts.is_valid(name, instance)


# --- compute.contracts ------------------------------------------------------------------------


def test_validator_is_compiled_once() -> None:
    assert contracts.validator("scrape-job") is contracts.validator("scrape-job")


def test_contract_error_says_which_schema_what_and_where() -> None:
    job = _load(EXAMPLES / "scrape-job" / "valid-job.json")
    job["priority"] = 0
    with pytest.raises(contracts.ContractError) as raised:
        contracts.validate("scrape-job", job)
    error = raised.value
    assert (error.name, error.path) == ("scrape-job", "/priority")
    assert "priority" in error.message and "0" not in error.message.replace("data.priority", "")
    assert str(error).startswith("scrape-job: ")


def test_schema_returns_a_copy() -> None:
    contracts.schema("scrape-job")["properties"].clear()
    assert contracts.schema("scrape-job")["properties"]


@pytest.mark.parametrize("bad", ["../openapi", "Artist-Item", "artist_item", ""])
def test_schema_names_are_checked(bad: str) -> None:
    with pytest.raises(ValueError, match="kebab case"):
        contracts.schema(bad)


def test_unknown_schema_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="artist-item"):
        contracts.validator("no-such-shape")


def _copy_contracts(tmp_path: Path) -> Path:
    target = tmp_path / "contracts"
    shutil.copytree(CONTRACTS / "schemas", target / "schemas")
    return target


def test_env_var_chooses_the_contracts_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = _copy_contracts(tmp_path)
    # A stricter copy proves the validator really came from the configured directory.
    job_schema = _load(target / "schemas" / "scrape-job.schema.json")
    job_schema["properties"]["priority"]["maximum"] = 5
    (target / "schemas" / "scrape-job.schema.json").write_text(json.dumps(job_schema))
    monkeypatch.setenv(contracts.CONTRACTS_DIR_ENV, str(target))

    assert contracts.contracts_dir() == target
    job = _load(EXAMPLES / "scrape-job" / "valid-job.json")  # priority 8
    with pytest.raises(contracts.ContractError) as raised:
        contracts.validate("scrape-job", job)
    assert raised.value.path == "/priority"


def test_env_var_pointing_nowhere_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(contracts.CONTRACTS_DIR_ENV, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=contracts.CONTRACTS_DIR_ENV):
        contracts.contracts_dir()


def test_refs_outside_the_contracts_are_never_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = _copy_contracts(tmp_path)
    remote = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://schemas.tattoo-directory.example/remote-ref.schema.json",
        "$ref": "https://example.com/evil.schema.json",
    }
    (target / "schemas" / "remote-ref.schema.json").write_text(json.dumps(remote))
    monkeypatch.setenv(contracts.CONTRACTS_DIR_ENV, str(target))
    with pytest.raises(ValueError, match="not fetched"):
        contracts.validator("remote-ref")


def test_the_lambda_asset_layout_is_found(tmp_path: Path) -> None:
    # /var/task/compute/... next to /var/task/contracts/... (no env var, no repository).
    asset = tmp_path / "asset"
    shutil.copytree(Path(contracts.__file__).parent, asset / "compute")
    shutil.copytree(CONTRACTS / "schemas", asset / "contracts" / "schemas")
    code = (
        "import json, compute.contracts as c; "
        "ok = c.is_valid('summarize-input', {'runId': 'r1'}); "
        "print(json.dumps([str(c.contracts_dir()), ok]))"
    )
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(asset)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, check=True
    )
    found, valid = json.loads(out.stdout)
    assert Path(found) == asset / "contracts"
    assert valid is True


def test_import_is_light() -> None:
    # Lambda cold start: no jsonschema, no YAML, no compiler until first validation (the sync
    # reads the item types at import).
    code = (
        "import sys, compute.contracts; compute.contracts.item_types(); "
        "print(sorted(m for m in ('jsonschema', 'yaml', 'referencing', 'fastjsonschema') "
        "if m in sys.modules))"
    )
    src = Path(contracts.__file__).resolve().parents[1]
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(src)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, check=True, text=True
    )
    assert out.stdout.strip() == "[]"


# --- the OpenAPI document ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    return contracts.openapi()


def test_openapi_is_valid_openapi_3_1(openapi: dict[str, Any]) -> None:
    from openapi_spec_validator import validate

    assert openapi["openapi"].startswith("3.1.")
    validate(openapi)


def test_openapi_loads_as_the_raw_yaml() -> None:
    raw = yaml.safe_load(contracts.openapi_path().read_text(encoding="utf-8"))
    assert raw == contracts.openapi()


def test_openapi_has_the_reference_routes(openapi: dict[str, Any]) -> None:
    operations = {
        (method.upper(), path)
        for path, item in openapi["paths"].items()
        for method in item
        if method in {"get", "post", "put", "patch", "delete"}
    }
    assert operations == {
        ("GET", "/health"),
        ("GET", "/v1/artists"),
        ("GET", "/v1/artists/{artistId}"),
        ("GET", "/v1/styles"),
        ("GET", "/v1/studios/{studioId}"),
        ("POST", "/v1/removal-requests"),
        ("GET", "/v1/removal-requests/{requestId}/confirmation"),
        ("POST", "/v1/removal-requests/{requestId}/decision"),
    }


def test_only_the_moderators_decision_needs_aws_iam(openapi: dict[str, Any]) -> None:
    scheme = openapi["components"]["securitySchemes"]["awsSigv4"]
    assert scheme["x-amazon-apigateway-authtype"] == "awsSigv4"
    secured = {
        (method, path)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
        if operation.get("security")
    }
    assert secured == {("post", "/v1/removal-requests/{requestId}/decision")}


def test_every_body_is_json_only_and_may_be_refused_with_415(openapi: dict[str, Any]) -> None:
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if "requestBody" in operation:
                assert list(operation["requestBody"]["content"]) == ["application/json"]
                assert "415" in operation["responses"], (method, path)


def _parameters(openapi: dict[str, Any], path: str, method: str) -> dict[str, dict[str, Any]]:
    params = {}
    for param in openapi["paths"][path][method]["parameters"]:
        if "$ref" in param:
            param = openapi["components"]["parameters"][param["$ref"].rsplit("/", 1)[1]]
        params[param["name"]] = param
    return params


def test_search_parameters_keep_the_reference_names(openapi: dict[str, Any]) -> None:
    params = _parameters(openapi, "/v1/artists", "get")
    assert {"query", "style", "location", "limit", "page"} <= params.keys()
    assert {"near", "radius_km", "sort", "cursor"} <= params.keys()
    limit = params["limit"]["schema"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 50, 20)
    assert params["page"]["schema"]["minimum"] == 1
    assert params["sort"]["schema"]["enum"] == ["relevance", "rating", "distance"]
    radius = params["radius_km"]["schema"]
    assert (radius["exclusiveMinimum"], radius["maximum"], radius["default"]) == (0, 500, 25)


def test_artist_fields_the_frontend_reads(openapi: dict[str, Any]) -> None:
    frontend = {
        "artistId", "name", "instagramHandle", "location", "styles", "specialties", "rating",
        "reviewCount", "portfolioImages", "contactInfo", "studioInfo", "studioName", "pricing",
        "availability", "experience", "geohash", "latitude", "longitude", "createdAt",
        "updatedAt",
    }  # fmt: skip
    schemas = openapi["components"]["schemas"]
    assert frontend <= schemas["ArtistSummary"]["properties"].keys()
    assert frontend <= schemas["Artist"]["properties"].keys()
    assert "distanceKm" in schemas["ArtistSummary"]["properties"]


def test_openapi_styles_match_the_vocabulary(openapi: dict[str, Any]) -> None:
    assert openapi["components"]["schemas"]["Style"]["enum"] == STYLES


def test_every_error_response_is_a_problem(openapi: dict[str, Any]) -> None:
    responses = openapi["components"]["responses"]
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if not status.startswith(("4", "5")) or path == "/health":
                    continue
                response = responses[response["$ref"].rsplit("/", 1)[1]]
                gateway = {"$ref": "#/components/schemas/GatewayMessage"}
                if status == "429":
                    # Stage throttling: API Gateway's own body; the removal limits are problems.
                    schema = response["content"]["application/json"]["schema"]
                    assert schema == gateway, (method, path)
                    if "application/problem+json" in response["content"]:
                        assert "Retry-After" in response["headers"], (method, path)
                    continue
                if status == "403" and operation.get("security"):
                    # IAM authorization: API Gateway refuses before the API is called.
                    assert response["content"]["application/json"]["schema"] == gateway
                    continue
                schema = response["content"]["application/problem+json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Problem"}, (method, path, status)
                if status == "503":
                    assert "Retry-After" in response["headers"], (method, path, status)


def _openapi_validator(openapi: dict[str, Any], pointer: str) -> Draft202012Validator:
    """Validator for the schema at ``pointer`` in the OpenAPI document (3.1 schemas are 2020-12;
    the document is served under a made-up URI so its local refs resolve)."""
    base = "urn:tattoo-directory:openapi"
    registry = Registry().with_resource(base, Resource(openapi, specification=DRAFT202012))
    return Draft202012Validator({"$ref": f"{base}#{pointer}"}, registry=registry)


def _openapi_examples(openapi: dict[str, Any]) -> list[Any]:
    params = []
    for where, node in _walk(openapi):
        if "schema" in node and isinstance(node.get("examples"), dict) and "in" not in node:
            for label, example in node["examples"].items():
                params.append(
                    pytest.param(f"{where}/schema", example["value"], id=f"{where}/{label}")
                )
    return params


@pytest.mark.parametrize(("pointer", "value"), _openapi_examples(contracts.openapi()))
def test_openapi_examples_match_their_schemas(
    openapi: dict[str, Any], pointer: str, value: Any
) -> None:
    errors = list(_openapi_validator(openapi, pointer).iter_errors(value))
    assert not errors, [f"{_pointer(e)}: {e.message}" for e in errors]


def test_openapi_has_examples_for_every_success_body(openapi: dict[str, Any]) -> None:
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            bodies = [operation.get("requestBody", {})]
            bodies += [r for s, r in operation["responses"].items() if s.startswith("2")]
            for body in bodies:
                for media in body.get("content", {}).values():
                    assert media.get("examples"), f"{method} {path}: body without examples"


@pytest.mark.parametrize(
    "file", sorted((EXAMPLES / "removal-request").glob("*valid-*.json")), ids=lambda p: p.stem
)
def test_removal_request_in_openapi_agrees_with_the_json_schema(
    openapi: dict[str, Any], file: Path
) -> None:
    # The one body described in both places: both must accept and reject the same examples.
    instance = _load(file)
    in_openapi = _openapi_validator(openapi, "/components/schemas/RemovalRequest").is_valid(
        instance
    )
    assert in_openapi == contracts.is_valid("removal-request", instance)
    assert in_openapi == file.name.startswith("valid-")


@pytest.mark.parametrize(
    "file", sorted((EXAMPLES / "removal-decision").glob("*valid-*.json")), ids=lambda p: p.stem
)
def test_removal_decision_in_openapi_agrees_with_the_json_schema(
    openapi: dict[str, Any], file: Path
) -> None:
    instance = _load(file)
    in_openapi = _openapi_validator(openapi, "/components/schemas/RemovalDecision").is_valid(
        instance
    )
    assert in_openapi == contracts.is_valid("removal-decision", instance)
    assert in_openapi == file.name.startswith("valid-")


@pytest.mark.parametrize(
    ("near", "accepted"),
    [
        ("51.5072,-0.1276", True),
        ("90,180", True),
        ("-90.0,-180.00000000", True),
        ("53.4808,-2.2426", True),
        ("91,0", False),  # out of range: the pattern, not the handler, says so
        ("0,181", False),
        ("0,000", False),
        ("51.5072, -0.1276", False),
        ("51.5072", False),
    ],
)
def test_near_pattern_accepts_only_coordinates(
    openapi: dict[str, Any], near: str, accepted: bool
) -> None:
    schema = openapi["components"]["parameters"]["Near"]["schema"]
    assert Draft202012Validator(schema).is_valid(near) is accepted


def test_schemathesis_loads_every_operation() -> None:
    import schemathesis

    loaded = schemathesis.openapi.from_path(str(contracts.openapi_path()))
    operations = {(r.ok().method.upper(), r.ok().path) for r in loaded.get_all_operations()}
    assert len(operations) == 8


def test_item_types_are_every_item_schemas_type_const() -> None:
    types = contracts.item_types()
    assert {"artist", "studio", "robots", "removal_request"} <= types
    item_schemas = [n for n in contracts.schema_names() if n.endswith("-item")]
    assert len(types) == len(item_schemas)  # one distinct type per item schema
    assert all(contracts.schema(n)["properties"]["type"]["const"] in types for n in item_schemas)
