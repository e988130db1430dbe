"""OGC API – Features (Part 1: Core, GeoJSON) under ``/ogc``: the newest snapshot's map
layers as collections, read-only, so QGIS or ArcGIS add praksisplan's layers directly.

Landing page, conformance, collections, one collection, its items (``bbox``, ``limit``,
``offset``) and one item, all JSON (items GeoJSON) in WGS84 (CRS84). The newest snapshot
(by reference date) is served; its layers are :mod:`praksisplan.gis`'s. GIS clients log in
with an API token (``Authorization: Bearer …``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.gis.features import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    WgsLayer,
    feature,
    page,
    parse_bbox,
)
from praksisplan.web.gis_cache import SnapshotLayers
from praksisplan.web.routers.pages import State

router = APIRouter(prefix="/ogc", include_in_schema=False)

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
)
JSON, GEOJSON = "application/json", "application/geo+json"
CollectionId = Annotated[str, Path(max_length=64)]
FeatureId = Annotated[str, Path(max_length=64)]


def _link(href: str, rel: str, kind: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": kind, "title": title}


def _base(request: Request) -> str:
    return f"{str(request.base_url).rstrip('/')}/ogc"


async def _layers(state: State) -> tuple[SnapshotLayers, int]:
    snapshots = state.snapshots()
    if not snapshots:
        raise HTTPException(404, "Der er ingen øjebliksbilleder endnu.")
    analysis = await state.analysis_nonblocking(snapshots[0].id)
    return await run_in_threadpool(state.gis.layers, analysis), analysis.info.id


def _collection_of(layers: SnapshotLayers, collection_id: str) -> WgsLayer:
    wgs = layers.wgs84.get(collection_id)
    if wgs is None:
        raise HTTPException(404, f"Samlingen '{collection_id[:64]}' findes ikke.")
    return wgs


def _collection(base: str, wgs: WgsLayer) -> dict[str, Any]:
    layer = wgs.layer
    href = f"{base}/collections/{layer.id}"
    return {
        "id": layer.id,
        "title": layer.title,
        "description": layer.description,
        "itemType": "feature",
        "crs": [CRS84],
        "extent": {"spatial": {"bbox": [wgs.extent()], "crs": CRS84}},
        "links": [
            _link(href, "self", JSON, layer.title),
            _link(f"{href}/items", "items", GEOJSON, f"{layer.title} (GeoJSON)"),
        ],
    }


@router.get("")
async def landing(request: Request, state: State) -> JSONResponse:
    base = _base(request)
    _, snapshot_id = await _layers(state)
    return JSONResponse(
        {
            "title": "praksisplan – kortlag",
            "description": f"Kortlag fra øjebliksbillede {snapshot_id} (OGC API – Features).",
            "links": [
                _link(base, "self", JSON, "Denne side"),
                _link(f"{base}/conformance", "conformance", JSON, "Overensstemmelse"),
                _link(f"{base}/collections", "data", JSON, "Samlinger"),
            ],
        }
    )


@router.get("/conformance")
async def conformance() -> JSONResponse:
    return JSONResponse({"conformsTo": list(CONFORMANCE)})


@router.get("/collections")
async def collections(request: Request, state: State) -> JSONResponse:
    base = _base(request)
    layers, _ = await _layers(state)
    return JSONResponse(
        {
            "links": [_link(f"{base}/collections", "self", JSON, "Samlinger")],
            "collections": [_collection(base, wgs) for wgs in layers.wgs84.values()],
        }
    )


@router.get("/collections/{collection_id}")
async def collection(request: Request, state: State, collection_id: CollectionId) -> JSONResponse:
    layers, _ = await _layers(state)
    return JSONResponse(_collection(_base(request), _collection_of(layers, collection_id)))


@router.get("/collections/{collection_id}/items")
async def items(
    request: Request,
    state: State,
    collection_id: CollectionId,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    bbox: Annotated[str | None, Query(max_length=200)] = None,
) -> JSONResponse:
    layers, _ = await _layers(state)
    wgs = _collection_of(layers, collection_id)
    try:
        box = None if bbox is None else parse_bbox(bbox)
        found = page(wgs, box, limit, offset)
    except PraksisplanError as error:
        raise HTTPException(400, str(error)) from error
    href = f"{_base(request)}/collections/{collection_id}/items"
    query = f"limit={limit}" + ("" if bbox is None else f"&bbox={','.join(map(str, box or ()))}")
    links = [_link(f"{href}?{query}&offset={offset}", "self", GEOJSON, "Denne side")]
    if found.has_next:
        links.append(_link(f"{href}?{query}&offset={offset + limit}", "next", GEOJSON, "Næste"))
    if offset > 0:
        previous = max(offset - limit, 0)
        links.append(_link(f"{href}?{query}&offset={previous}", "prev", GEOJSON, "Forrige"))
    links.append(
        _link(f"{_base(request)}/collections/{collection_id}", "collection", JSON, "Samling")
    )
    body = {
        "type": "FeatureCollection",
        "timeStamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "numberMatched": found.number_matched,
        "numberReturned": found.number_returned,
        "features": found.features,
        "links": links,
    }
    return JSONResponse(body, media_type=GEOJSON)


@router.get("/collections/{collection_id}/items/{feature_id}")
async def item(
    request: Request, state: State, collection_id: CollectionId, feature_id: FeatureId
) -> JSONResponse:
    layers, _ = await _layers(state)
    wgs = _collection_of(layers, collection_id)
    found = feature(wgs, feature_id)
    if found is None:
        raise HTTPException(404, f"Objektet '{feature_id[:64]}' findes ikke i '{collection_id}'.")
    href = f"{_base(request)}/collections/{collection_id}"
    found["links"] = [
        _link(f"{href}/items/{quote(feature_id, safe='')}", "self", GEOJSON, feature_id),
        _link(href, "collection", JSON, wgs.layer.title),
    ]
    return JSONResponse(found, media_type=GEOJSON)
