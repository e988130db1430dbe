"""Where patients really go: land masses, ferries and fixed links, travel costs over a sparse
graph, the patient-assignment model and home-visit reach (docs/travel.md)."""
