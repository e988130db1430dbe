"""The web app: FastAPI over the store, a JSON/GeoJSON API and the bundled MapLibre map."""
