"""Alembic environment and migration scripts of the store (run by ``store.migrate``)."""
