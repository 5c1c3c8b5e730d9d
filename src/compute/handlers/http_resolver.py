"""Powertools' HTTP API resolver, imported without the rest of Powertools' event handlers and
event classes (see `compute.handlers.lazy_package`): the API uses one resolver and one event
class of the dozens those two packages' `__init__` modules import."""

from __future__ import annotations

from compute.handlers.lazy_package import lazy_reexports

lazy_reexports("aws_lambda_powertools.event_handler")
lazy_reexports("aws_lambda_powertools.utilities.data_classes")

from aws_lambda_powertools.event_handler.api_gateway import (  # noqa: E402
    APIGatewayHttpResolver,
    Response,
)
from aws_lambda_powertools.event_handler.exceptions import NotFoundError  # noqa: E402

__all__ = ["APIGatewayHttpResolver", "NotFoundError", "Response"]
