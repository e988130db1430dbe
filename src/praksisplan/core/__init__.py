"""The pure, I/O-free core: domain types and the dataset format."""
