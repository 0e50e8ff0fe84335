"""Site → output. Pages go through mkdocs templates; files (feeds, API, calendar, badges) come from
the renderers listed in outputs.py. Rendering holds no business logic: everything is derived first."""
