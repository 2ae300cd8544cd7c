"""hydra-router: route each editor chat request to the cheapest model that can do it."""

__version__ = "0.1.0"
