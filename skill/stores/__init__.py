"""Shared stores for several server processes: Redis, PostgreSQL, and DynamoDB for Lambda.

Each backend lives in its own module and is imported only when configured, so a SQLite-only install needs
none of their client libraries. Every one keeps the ``skill.store.Store`` contract, versions included.
"""
