"""Geohash encoding (Niemeyer's base-32 interleaving of longitude and latitude bits): small,
pure and exact enough for cells down to a few centimetres."""

from __future__ import annotations

from compute.domain.errors import Problem, ValidationError

BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"
_DECODE = {ch: i for i, ch in enumerate(BASE32)}
MAX_PRECISION = 12

DIRECTIONS: tuple[str, ...] = ("n", "ne", "e", "se", "s", "sw", "w", "nw")
_OFFSETS: dict[str, tuple[int, int]] = {
    "n": (1, 0),
    "ne": (1, 1),
    "e": (0, 1),
    "se": (-1, 1),
    "s": (-1, 0),
    "sw": (-1, -1),
    "w": (0, -1),
    "nw": (1, -1),
}


def _check_point(lat: float, lon: float) -> None:
    problems: list[Problem] = []
    if not -90.0 <= lat <= 90.0:  # also false for NaN
        problems.append(Problem("latitude", "must be between -90 and 90"))
    if not -180.0 <= lon <= 180.0:
        problems.append(Problem("longitude", "must be between -180 and 180"))
    if problems:
        raise ValidationError(problems)


def encode(lat: float, lon: float, precision: int = 7) -> str:
    """The geohash of the cell of `precision` characters (1-12) that contains the point."""
    _check_point(lat, lon)
    if not 1 <= precision <= MAX_PRECISION:
        raise ValidationError.single("precision", f"must be between 1 and {MAX_PRECISION}")
    lat_lo, lat_hi = -90.0, 90.0
    lon_lo, lon_hi = -180.0, 180.0
    chars: list[str] = []
    bits = 0
    value = 0
    even = True  # even bits refine longitude, odd bits latitude
    while len(chars) < precision:
        if even:
            mid = (lon_lo + lon_hi) / 2
            if lon >= mid:
                value = value * 2 + 1
                lon_lo = mid
            else:
                value *= 2
                lon_hi = mid
        else:
            mid = (lat_lo + lat_hi) / 2
            if lat >= mid:
                value = value * 2 + 1
                lat_lo = mid
            else:
                value *= 2
                lat_hi = mid
        even = not even
        bits += 1
        if bits == 5:
            chars.append(BASE32[value])
            bits = 0
            value = 0
    return "".join(chars)


def _bounds(gh: str) -> tuple[float, float, float, float]:
    if not 1 <= len(gh) <= MAX_PRECISION:
        raise ValidationError.single("geohash", f"must be 1-{MAX_PRECISION} characters")
    lat_lo, lat_hi = -90.0, 90.0
    lon_lo, lon_hi = -180.0, 180.0
    even = True
    for ch in gh:
        index = _DECODE.get(ch)
        if index is None:
            raise ValidationError.single(
                "geohash", f"'{ch}' is not a geohash character (0-9, b-z without a, i, l, o)"
            )
        for shift in range(4, -1, -1):
            bit = (index >> shift) & 1
            if even:
                mid = (lon_lo + lon_hi) / 2
                if bit:
                    lon_lo = mid
                else:
                    lon_hi = mid
            else:
                mid = (lat_lo + lat_hi) / 2
                if bit:
                    lat_lo = mid
                else:
                    lat_hi = mid
            even = not even
    return lat_lo, lat_hi, lon_lo, lon_hi


def decode_exactly(gh: str) -> tuple[float, float, float, float]:
    """(lat, lon, lat_err, lon_err): the cell centre and its half-height and half-width."""
    lat_lo, lat_hi, lon_lo, lon_hi = _bounds(gh)
    return (
        (lat_lo + lat_hi) / 2,
        (lon_lo + lon_hi) / 2,
        (lat_hi - lat_lo) / 2,
        (lon_hi - lon_lo) / 2,
    )


def decode(gh: str) -> tuple[float, float]:
    """The centre (lat, lon) of the cell."""
    lat, lon, _, _ = decode_exactly(gh)
    return lat, lon


def bounds(gh: str) -> tuple[float, float, float, float]:
    """(min_lat, min_lon, max_lat, max_lon) of the cell."""
    lat_lo, lat_hi, lon_lo, lon_hi = _bounds(gh)
    return lat_lo, lon_lo, lat_hi, lon_hi


def neighbours(gh: str) -> dict[str, str]:
    """The cells of the same precision around `gh`, keyed by compass direction
    (n, ne, e, se, s, sw, w, nw). Longitude wraps at the antimeridian; there is nothing north
    of the northernmost row or south of the southernmost, so those directions are absent."""
    lat, lon, lat_err, lon_err = decode_exactly(gh)
    found: dict[str, str] = {}
    for direction in DIRECTIONS:
        dlat, dlon = _OFFSETS[direction]
        n_lat = lat + dlat * 2 * lat_err
        if not -90.0 < n_lat < 90.0:
            continue
        n_lon = lon + dlon * 2 * lon_err
        if n_lon >= 180.0:
            n_lon -= 360.0
        elif n_lon < -180.0:
            n_lon += 360.0
        found[direction] = encode(n_lat, n_lon, len(gh))
    return found


def precision_for_radius(radius_km: float) -> int:
    """The longest precision whose cell (at the equator) is still at least `radius_km` wide,
    so a point's cell and its neighbours cover a circle of that radius around it."""
    # Cell widths in km at the equator for precisions 1..12.
    widths = (5009.4, 1252.3, 156.5, 39.1, 4.89, 1.22, 0.153, 0.0382, 0.00477, 0.00119)
    precision = 1
    for index, width in enumerate(widths, start=1):
        if width >= radius_km:
            precision = index
    return precision
