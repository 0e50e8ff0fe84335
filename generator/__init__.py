"""statuspress: a static status page and post-incident report generator."""

__version__ = "0.1.0"
