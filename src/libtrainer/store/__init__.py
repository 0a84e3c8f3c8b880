"""The local store: models, engine, migrations, change capture and the unit of work."""
