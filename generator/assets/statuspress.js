// statuspress: optional progressive enhancement; the pages work without it.
