"""`compute-local seed`, `outbox` and `decide`: the directory's data on the running cloud
(synthetic artists in, the e-mails SES sent, a moderator's signed decision on a removal)."""

from __future__ import annotations

import argparse
import json
import urllib.error
import urllib.request
from pathlib import Path

from emulation.cli.common import CliError
from emulation.cli.running import require_running, running_state
from emulation.credentials import use_fake_aws


def cmd_seed(args: argparse.Namespace) -> int:
    state = require_running(Path(args.state_dir))
    try:
        from emulation.seed import seed_artists
    except ImportError as exc:
        raise CliError(
            f"seeding needs emulation.seed.seed_artists, which is missing: {exc}"
        ) from exc
    table = args.table or state["outputs"].get("TableName")
    if not table:
        raise CliError("the deployment has no TableName output: pass --table")
    use_fake_aws()
    ids = seed_artists(table, args.artists, seed=args.seed, endpoint_url=state["endpoint_url"])
    print(f"Wrote {len(ids)} artists to {table}; the stream feeds them to the index.")
    return 0


def cmd_outbox(args: argparse.Namespace) -> int:
    from emulation import outbox

    state = running_state(Path(args.state_dir))
    directory = Path(state["outbox_dir"]) if state else Path(args.state_dir) / "outbox"
    mails = [vars(mail) for mail in outbox.read(directory)]
    print(json.dumps(mails[-args.last :] if args.last else mails, indent=2))
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    from emulation import sigv4
    from emulation.apigw import LOCAL_CREDENTIALS
    from emulation.aws import REGION

    state = require_running(Path(args.state_dir))
    url = f"{state['api_url']}/v1/removal-requests/{args.request_id}/decision"
    body = json.dumps({"decision": args.decision}).encode()
    headers = sigv4.sign(
        "POST",
        url,
        body,
        {"Content-Type": "application/json"},
        credentials=LOCAL_CREDENTIALS,
        region=REGION,
    )
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=35) as reply:  # noqa: S310 (local URL)
            print(reply.read().decode())
            return 0
    except urllib.error.HTTPError as error:
        print(error.read().decode())
        return 1
