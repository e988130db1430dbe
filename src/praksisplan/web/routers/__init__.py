"""The app's routers: the JSON/GeoJSON API and the Danish HTML pages."""
