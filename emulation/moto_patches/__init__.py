"""moto patched where the local cloud needs it faster or closer to AWS (moto 5.2.x internals).

Each patch says what moto does, what AWS does and what changes; `install_all()` applies them
once, before moto's server starts (`emulation.aws.MotoServer`). They replace moto internals that
change between minor releases, so another release is refused at start-up (MOTO_TESTED).

One module per service (`dynamodb`, `dynamodb_streams`, `sqs`, `cloudwatch`) and one for moto's
server itself (`server`); ECS and Step Functions' ecs:runTask are routed in
`emulation/ecs/moto_patches.py`.
"""

from __future__ import annotations

from emulation.moto_patches.cloudwatch import (
    install_fast_moto_list_metrics as install_fast_moto_list_metrics,
)
from emulation.moto_patches.dynamodb import (
    DIRECT_DYNAMODB_SWITCH as DIRECT_DYNAMODB_SWITCH,
)
from emulation.moto_patches.dynamodb import (
    DYNAMODB_TARGET_PREFIX as DYNAMODB_TARGET_PREFIX,
)
from emulation.moto_patches.dynamodb import (
    FAST_JSON_ACTIONS as FAST_JSON_ACTIONS,
)
from emulation.moto_patches.dynamodb import (
    FAST_JSON_SWITCH as FAST_JSON_SWITCH,
)
from emulation.moto_patches.dynamodb import (
    fast_json_body as fast_json_body,
)
from emulation.moto_patches.dynamodb import (
    install_direct_dynamodb_dispatch as install_direct_dynamodb_dispatch,
)
from emulation.moto_patches.dynamodb import (
    install_fast_moto_json as install_fast_moto_json,
)
from emulation.moto_patches.dynamodb import (
    install_fast_moto_query as install_fast_moto_query,
)
from emulation.moto_patches.dynamodb import (
    install_fast_moto_transactions as install_fast_moto_transactions,
)
from emulation.moto_patches.dynamodb_streams import (
    SERVICE_IDENTITY as SERVICE_IDENTITY,
)
from emulation.moto_patches.dynamodb_streams import (
    STREAM_ACTIVITY as STREAM_ACTIVITY,
)
from emulation.moto_patches.dynamodb_streams import (
    StreamActivity as StreamActivity,
)
from emulation.moto_patches.dynamodb_streams import (
    install_service_deletions as install_service_deletions,
)
from emulation.moto_patches.dynamodb_streams import (
    install_stream_activity as install_stream_activity,
)
from emulation.moto_patches.dynamodb_streams import (
    service_deletion as service_deletion,
)
from emulation.moto_patches.server import (
    KEEP_ALIVE_IDLE_S as KEEP_ALIVE_IDLE_S,
)
from emulation.moto_patches.server import (
    install_fast_moto_backend_lookup as install_fast_moto_backend_lookup,
)
from emulation.moto_patches.server import (
    install_fast_moto_dispatch as install_fast_moto_dispatch,
)
from emulation.moto_patches.server import (
    install_moto_keep_alive as install_moto_keep_alive,
)
from emulation.moto_patches.server import (
    keep_alive_handler as keep_alive_handler,
)
from emulation.moto_patches.sqs import (
    install_atomic_moto_sqs_receive as install_atomic_moto_sqs_receive,
)
from emulation.moto_patches.sqs import (
    install_fast_moto_sqs_in_flight as install_fast_moto_sqs_in_flight,
)
from emulation.moto_patches.sqs import (
    install_fast_moto_sqs_retention as install_fast_moto_sqs_retention,
)
from emulation.moto_patches.sqs import (
    install_fast_moto_sqs_send as install_fast_moto_sqs_send,
)

# The moto releases the patches below are tested on (pyproject.toml pins the
# same range): they replace moto internals (models, responses, dispatch) that change between
# minor releases, so another release is refused at start-up instead of misbehaving later.
MOTO_TESTED = ">=5.2.5,<5.3"


class MotoVersionUnsupported(RuntimeError):
    """The installed moto is outside the range the local cloud's patches are tested on."""


def check_moto_version(installed: str | None = None) -> None:
    """Raise MotoVersionUnsupported, saying what to install, unless moto is in MOTO_TESTED."""
    from importlib.metadata import version

    from packaging.specifiers import SpecifierSet

    installed = installed or version("moto")
    if installed not in SpecifierSet(MOTO_TESTED):
        raise MotoVersionUnsupported(
            f"the local cloud patches moto's internals and is tested on moto{MOTO_TESTED}, "
            f"but moto {installed} is installed: install the locked one "
            "(uv pip install -r requirements/dev.lock, or run through nox), or test the "
            "patches in emulation/moto_patches/ on the new release and widen MOTO_TESTED and "
            "pyproject.toml together"
        )


def install_all() -> None:
    """Every patch, in the order the server relies on (each is applied once per process)."""
    install_fast_moto_transactions()
    install_fast_moto_query()
    install_fast_moto_sqs_retention()
    install_fast_moto_sqs_send()
    install_fast_moto_sqs_in_flight()
    install_atomic_moto_sqs_receive()  # after: it wraps the fast delete
    install_fast_moto_list_metrics()
    install_fast_moto_backend_lookup()
    install_fast_moto_dispatch()
    install_fast_moto_json()
    install_moto_keep_alive()
    install_service_deletions()
    install_stream_activity()  # after: a record is announced once its identity is set
    install_direct_dynamodb_dispatch()
