from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compute.domain import geohash
from compute.domain.errors import ValidationError

from .strategies import PROPERTY, latitudes, longitudes


@pytest.mark.parametrize(
    ("lat", "lon", "precision", "expected"),
    [
        (57.64911, 10.40744, 11, "u4pruydqqvj"),  # the worked example from Niemeyer / Wikipedia
        (42.6, -5.6, 5, "ezs42"),  # Wikipedia's other example
        (0.0, 0.0, 1, "s"),
        (-90.0, -180.0, 5, "00000"),
        (90.0, 180.0, 5, "zzzzz"),
    ],
)
def test_encode_known_points(lat: float, lon: float, precision: int, expected: str) -> None:
    assert geohash.encode(lat, lon, precision) == expected


def test_default_precision_is_seven() -> None:
    assert len(geohash.encode(51.5, -0.12)) == 7


def test_decode_exactly_gives_centre_and_half_sizes() -> None:
    lat, lon, lat_err, lon_err = geohash.decode_exactly("u4pruydqqvj")
    assert abs(lat - 57.64911) <= lat_err and abs(lon - 10.40744) <= lon_err
    assert lat_err == pytest.approx(180 / 2**27 / 2)
    assert lon_err == pytest.approx(360 / 2**28 / 2)
    assert geohash.decode("s") == (22.5, 22.5)
    assert geohash.decode("ezs42") == (42.60498046875, -5.60302734375)
    assert geohash.bounds("s") == (0.0, 0.0, 45.0, 45.0)


@pytest.mark.parametrize(
    ("lat", "lon"), [(91, 0), (-90.5, 0), (0, 181), (0, -180.1), (float("nan"), 0)]
)
def test_encode_rejects_points_off_the_globe(lat: float, lon: float) -> None:
    with pytest.raises(ValidationError):
        geohash.encode(lat, lon)


@pytest.mark.parametrize("precision", [0, 13, -1])
def test_encode_rejects_precision_out_of_range(precision: int) -> None:
    with pytest.raises(ValidationError) as caught:
        geohash.encode(0, 0, precision)
    assert caught.value.problems[0].field == "precision"


@pytest.mark.parametrize("bad", ["", "a", "gcpvi", "GCPV", "0123456789bcd"])
def test_decode_rejects_non_geohashes(bad: str) -> None:
    with pytest.raises(ValidationError) as caught:
        geohash.decode(bad)
    assert caught.value.problems[0].field == "geohash"


def test_neighbours_of_an_inner_cell() -> None:
    found = geohash.neighbours("gcpvj0d")
    assert found == {
        "n": "gcpvj0f",
        "ne": "gcpvj0g",
        "e": "gcpvj0e",
        "se": "gcpvj07",
        "s": "gcpvj06",
        "sw": "gcpvj03",
        "w": "gcpvj09",
        "nw": "gcpvj0c",
    }


def test_neighbours_wrap_the_antimeridian_and_stop_at_the_poles() -> None:
    north_east_corner = geohash.neighbours("z")
    assert set(north_east_corner) == {"e", "se", "s", "sw", "w"}
    assert north_east_corner["e"] == "b"  # across 180 degrees
    south_west_corner = geohash.neighbours("0")
    assert set(south_west_corner) == {"n", "ne", "e", "w", "nw"}
    assert south_west_corner["w"] == "p"


def test_precision_for_radius() -> None:
    assert geohash.precision_for_radius(25) == 4
    assert geohash.precision_for_radius(1) == 6
    assert geohash.precision_for_radius(10_000) == 1


@PROPERTY
@given(latitudes, longitudes, st.integers(1, 12))
def test_decoded_centre_lies_within_the_cell_of_the_point(
    lat: float, lon: float, precision: int
) -> None:
    code = geohash.encode(lat, lon, precision)
    assert len(code) == precision
    c_lat, c_lon, lat_err, lon_err = geohash.decode_exactly(code)
    assert abs(c_lat - lat) <= lat_err
    assert abs(c_lon - lon) <= lon_err
    # The centre encodes back to the same cell, and every prefix is the coarser cell.
    assert geohash.encode(c_lat, c_lon, precision) == code
    assert geohash.encode(lat, lon, max(1, precision - 1)) == code[: max(1, precision - 1)]


@PROPERTY
@given(latitudes, longitudes, st.integers(1, 9))
def test_neighbours_touch_the_cell_and_are_distinct(lat: float, lon: float, precision: int) -> None:
    code = geohash.encode(lat, lon, precision)
    found = geohash.neighbours(code)
    assert code not in found.values()
    assert all(len(n) == precision for n in found.values())
    _, _, lat_err, _ = geohash.decode_exactly(code)
    for direction, neighbour in found.items():
        assert geohash.neighbours(neighbour).get(_opposite(direction)) == code
    assert lat_err > 0


def _opposite(direction: str) -> str:
    return direction.translate(str.maketrans("nsew", "snwe"))
