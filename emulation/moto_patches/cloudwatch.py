"""moto's CloudWatch ListMetrics without comparing every datapoint with every metric listed."""

from __future__ import annotations

from typing import Any


def install_fast_moto_list_metrics() -> None:
    """moto 5.2.5's ListMetrics compares every datapoint ever put with every metric listed so
    far: O(datapoints x metrics). After a chaos run's 20,000 datapoints one call took seconds,
    and on a busy machine past botocore's 60 s read timeout. Distinct metrics are kept in a
    set by (namespace, name, dimensions); the filter on namespace, name and dimensions is
    moto's own. A metric without dimensions is listed once, as in AWS (moto listed it once per
    datapoint)."""
    from moto.cloudwatch.models import CloudWatchBackend

    if getattr(CloudWatchBackend, "_local_cloud_fast_list_metrics", False):
        return

    def get_filtered_metrics(
        self: Any, metric_name: str, namespace: str, dimensions: list[dict[str, str]]
    ) -> list[Any]:
        seen: set[tuple[str, str, frozenset[tuple[str, str]]]] = set()
        listed: list[Any] = []
        for datum in self.get_all_metrics():
            if not datum.filter(namespace=namespace, name=metric_name, dimensions=dimensions):
                continue
            key = (
                datum.namespace,
                datum.name,
                frozenset((d.name, d.value) for d in datum.dimensions),
            )
            if key not in seen:
                seen.add(key)
                listed.append(datum)
        return listed

    CloudWatchBackend.get_filtered_metrics = get_filtered_metrics  # type: ignore[method-assign]
    setattr(CloudWatchBackend, "_local_cloud_fast_list_metrics", True)  # noqa: B010 - a marker on moto's class
