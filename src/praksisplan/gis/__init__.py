"""Map layers for GIS users: feature collections of a snapshot (areas with indicators and
threat class, municipalities, practices, cells), as the GeoPackage export and the OGC API –
Features serve them. Pure: no files, no web."""
