"""OGC API – Features (Part 1: Core, GeoJSON) under ``/ogc``: a snapshot's map layers as
collections, read-only, so QGIS or ArcGIS add praksisplan's layers directly.

Landing page, the API definition (``/ogc/api``, OpenAPI of these endpoints), conformance,
collections, one collection, its items (``bbox``, ``datetime``, ``limit``, ``offset``) and one
item, all JSON (items GeoJSON) in WGS84 (CRS84). Every endpoint takes ``snapshot=<id>``
(default: the newest snapshot by reference date) and its links keep it; the layers are
:mod:`praksisplan.gis`'s. Unknown query parameters and invalid values are refused with 400,
unknown snapshots, collections and features with 404, all in the OGC exception format
(:mod:`praksisplan.web.ogc_exceptions`). GIS clients log in with an API token
(``Authorization: Bearer …``).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from praksisplan.core.errors import PraksisplanError
from praksisplan.gis.features import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    WgsLayer,
    check_datetime,
    feature,
    page,
    parse_bbox,
)
from praksisplan.web.gis_cache import SnapshotLayers
from praksisplan.web.routers.pages import State


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameters an endpoint and its dependencies declare."""
    names = {param.alias for param in dependant.query_params}
    return names.union(*(_query_names(d) for d in dependant.dependencies))


def _known_parameters(request: Request) -> None:
    """Refuse query parameters the API definition does not name (/req/core/query-param-unknown)."""
    route = request.scope.get("route")
    names = _query_names(route.dependant) if isinstance(route, APIRoute) else set()
    unknown = sorted(set(request.query_params) - names)
    if unknown:
        allowed = ", ".join(sorted(names)) or "ingen"
        raise HTTPException(
            400, f"Ukendt forespørgselsparameter '{unknown[0][:40]}' (tilladt her: {allowed})."
        )


#: In the app's own schema the OGC endpoints are left out (app.py); ``/ogc/api`` is theirs.
router = APIRouter(prefix="/ogc", dependencies=[Depends(_known_parameters)])

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
)
JSON, GEOJSON = "application/json", "application/geo+json"
OPENAPI = "application/vnd.oai.openapi+json;version=3.1"
SnapshotQuery = Annotated[
    int | None,
    Query(ge=1, le=2**31 - 1, description="Snapshot id (default: the newest snapshot)."),
]
CollectionId = Annotated[str, Path(max_length=64)]
FeatureId = Annotated[str, Path(max_length=64)]


def _link(href: str, rel: str, kind: str, title: str) -> dict[str, str]:
    return {"href": href, "rel": rel, "type": kind, "title": title}


def _base(request: Request) -> str:
    return f"{str(request.base_url).rstrip('/')}/ogc"


def _pinned(href: str, snapshot: int | None) -> str:
    """``href`` with the request's ``snapshot`` kept, so a client following it stays on it."""
    if snapshot is None:
        return href
    return f"{href}{'&' if '?' in href else '?'}snapshot={snapshot}"


async def _layers(state: State, snapshot: int | None) -> tuple[SnapshotLayers, int]:
    snapshots = state.snapshots()
    if not snapshots:
        raise HTTPException(404, "Der er ingen øjebliksbilleder endnu.")
    analysis = await state.analysis_nonblocking(snapshot or snapshots[0].id)
    return await run_in_threadpool(state.gis.layers, analysis), analysis.info.id


def _collection_of(layers: SnapshotLayers, collection_id: str) -> WgsLayer:
    wgs = layers.wgs84.get(collection_id)
    if wgs is None:
        raise HTTPException(404, f"Samlingen '{collection_id[:64]}' findes ikke.")
    return wgs


def _collection(base: str, wgs: WgsLayer, snapshot: int | None) -> dict[str, Any]:
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
            _link(_pinned(href, snapshot), "self", JSON, layer.title),
            _link(_pinned(f"{href}/items", snapshot), "items", GEOJSON, f"{layer.title} (GeoJSON)"),
        ],
    }


@router.get("")
async def landing(request: Request, state: State, snapshot: SnapshotQuery = None) -> JSONResponse:
    base = _base(request)
    _, snapshot_id = await _layers(state, snapshot)
    return JSONResponse(
        {
            "title": "praksisplan – kortlag",
            "description": f"Kortlag fra øjebliksbillede {snapshot_id} (OGC API – Features).",
            "links": [
                _link(_pinned(base, snapshot), "self", JSON, "Denne side"),
                _link(_pinned(f"{base}/api", snapshot), "service-desc", OPENAPI, "API-definition"),
                _link(_pinned(f"{base}/conformance", snapshot), "conformance", JSON,
                      "Overensstemmelse"),
                _link(_pinned(f"{base}/collections", snapshot), "data", JSON, "Samlinger"),
            ],
        }
    )  # fmt: skip


def _api_definition(server: str) -> dict[str, Any]:
    """OpenAPI 3.1 of the OGC endpoints (this router's), errors as OGC exceptions (400
    instead of FastAPI's 422)."""
    document = get_openapi(
        title="praksisplan – OGC API – Features",
        version="1.0.0",
        description="A snapshot's map layers (OGC API – Features Part 1: Core, GeoJSON).",
        routes=router.routes,
        servers=[{"url": server}],
    )
    exception = {
        "type": "object",
        "required": ["code"],
        "properties": {"code": {"type": "string"}, "description": {"type": "string"}},
    }
    document["components"]["schemas"] = {"exception": exception}
    content = {JSON: {"schema": {"$ref": "#/components/schemas/exception"}}}
    for operations in document["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            responses.pop("422", None)
            responses["400"] = {"description": "Ugyldig forespørgsel", "content": content}
            responses["404"] = {"description": "Findes ikke", "content": content}
    return document


@router.get("/api")
async def api_definition(request: Request, snapshot: SnapshotQuery = None) -> JSONResponse:
    """The API definition; as ``application/json`` to a client that does not accept the
    OpenAPI media type (GDAL asks for OpenAPI 3.0 or JSON)."""
    accept = request.headers.get("accept", "")
    kind = OPENAPI if "openapi" in accept and "version=3.0" not in accept else JSON
    server = str(request.base_url).rstrip("/")
    return JSONResponse(_api_definition(server), media_type=kind)


@router.get("/conformance")
async def conformance(snapshot: SnapshotQuery = None) -> JSONResponse:
    return JSONResponse({"conformsTo": list(CONFORMANCE)})


@router.get("/collections")
async def collections(
    request: Request, state: State, snapshot: SnapshotQuery = None
) -> JSONResponse:
    base = _base(request)
    layers, _ = await _layers(state, snapshot)
    return JSONResponse(
        {
            "links": [_link(_pinned(f"{base}/collections", snapshot), "self", JSON, "Samlinger")],
            "collections": [_collection(base, wgs, snapshot) for wgs in layers.wgs84.values()],
        }
    )


@router.get("/collections/{collection_id}")
async def collection(
    request: Request, state: State, collection_id: CollectionId, snapshot: SnapshotQuery = None
) -> JSONResponse:
    layers, _ = await _layers(state, snapshot)
    wgs = _collection_of(layers, collection_id)
    return JSONResponse(_collection(_base(request), wgs, snapshot))


@router.get("/collections/{collection_id}/items")
async def items(
    request: Request,
    state: State,
    collection_id: CollectionId,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    bbox: Annotated[str | None, Query(max_length=200)] = None,
    datetime: Annotated[
        str | None,
        Query(max_length=100, description="RFC 3339 instant or interval; every feature matches."),
    ] = None,
    snapshot: SnapshotQuery = None,
) -> JSONResponse:
    layers, _ = await _layers(state, snapshot)
    wgs = _collection_of(layers, collection_id)
    try:
        box = None if bbox is None else parse_bbox(bbox)
        if datetime is not None:
            check_datetime(datetime)
        found = page(wgs, box, limit, offset)
    except PraksisplanError as error:
        raise HTTPException(400, str(error)) from error
    href = f"{_base(request)}/collections/{collection_id}/items"
    query = f"limit={limit}" + ("" if bbox is None else f"&bbox={','.join(map(str, box or ()))}")
    query += "" if datetime is None else f"&datetime={quote(datetime, safe='')}"

    def at(start: int) -> str:
        return _pinned(f"{href}?{query}&offset={start}", snapshot)

    links = [_link(at(offset), "self", GEOJSON, "Denne side")]
    if found.has_next:
        links.append(_link(at(offset + limit), "next", GEOJSON, "Næste"))
    if offset > 0:
        links.append(_link(at(max(offset - limit, 0)), "prev", GEOJSON, "Forrige"))
    collection_href = _pinned(f"{_base(request)}/collections/{collection_id}", snapshot)
    links.append(_link(collection_href, "collection", JSON, "Samling"))
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
    request: Request,
    state: State,
    collection_id: CollectionId,
    feature_id: FeatureId,
    snapshot: SnapshotQuery = None,
) -> JSONResponse:
    layers, _ = await _layers(state, snapshot)
    wgs = _collection_of(layers, collection_id)
    found = feature(wgs, feature_id)
    if found is None:
        raise HTTPException(404, f"Objektet '{feature_id[:64]}' findes ikke i '{collection_id}'.")
    href = f"{_base(request)}/collections/{collection_id}"
    found["links"] = [
        _link(
            _pinned(f"{href}/items/{quote(feature_id, safe='')}", snapshot),
            "self",
            GEOJSON,
            feature_id,
        ),
        _link(_pinned(href, snapshot), "collection", JSON, wgs.layer.title),
    ]
    return JSONResponse(found, media_type=GEOJSON)
